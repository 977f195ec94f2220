"""Budget-linkage API: list/retrieve scoped, generate, bulk confirm, override with a reason,
summary; finance only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.models import Allocation
from results import linkage
from results.models import LinkageProposal
from tests.results.linkage_data import linked_project

URL = "/api/v1/linkage-proposals/"


@pytest.fixture
def proposals(personas):
    a = linked_project(personas, "中")
    c = linked_project(personas, "差", unit=personas.unit_c)
    linkage.propose(personas.year, personas.finance_admin)
    return LinkageProposal.objects.get(project=a), LinkageProposal.objects.get(project=c)


def test_list_and_retrieve_scoped(personas, api, proposals):
    a, c = proposals
    data = api(personas.finance_admin).get(URL, {"year": 2026}).json()
    assert data["count"] == 2
    row = next(r for r in data["results"] if r["id"] == a.pk)
    assert (row["grade_label"], row["proposed_action"], row["proposed_change"]) == ("中", "cut", "-100000.00")
    assert api(personas.finance_admin).get(URL, {"grade": "差"}).json()["count"] == 1
    assert [r["id"] for r in api(personas.officer_a).get(URL).json()["results"]] == [a.pk]
    assert api(personas.officer_a).get(f"{URL}{c.pk}/").status_code == 404
    assert api(personas.system_admin).get(URL).status_code == 403


def test_generate(personas, api):
    linked_project(personas, "低")
    assert api(personas.finance_reviewer).post(URL + "generate/", {"year": 2026}).status_code == 403
    response = api(personas.finance_admin).post(URL + "generate/", {"year": 2026}, format="json")
    assert response.status_code == 200
    assert [r["proposed_change"] for r in response.json()] == ["-200000.00"]


def test_bulk_confirm_and_refusals(personas, api, proposals):
    a, c = proposals
    assert api(personas.officer_a).post(URL + "confirm/", {"ids": [a.pk]}, format="json").status_code == 403
    assert api(personas.leader).post(URL + "confirm/", {"ids": [a.pk]}, format="json").status_code == 403
    # reviewer X does not see department E's proposal
    assert (
        api(personas.finance_reviewer)
        .post(URL + "confirm/", {"ids": [a.pk, c.pk]}, format="json")
        .status_code
        == 404
    )
    assert not LinkageProposal.objects.exclude(status="proposed").exists()
    response = api(personas.finance_admin).post(URL + "confirm/", {"ids": [a.pk, c.pk]}, format="json")
    assert response.status_code == 200
    assert {r["status"] for r in response.json()} == {"confirmed"}
    assert Allocation.objects.get(project=a.project, year=2026).total_amount == Decimal("900000.00")
    again = api(personas.finance_admin).post(URL + "confirm/", {"ids": [a.pk]}, format="json")
    assert again.status_code == 400 and "不能重复确认" in again.json()["detail"]


def test_override_needs_a_reason(personas, api, proposals):
    a, _c = proposals
    url = f"{URL}{a.pk}/override/"
    response = api(personas.finance_reviewer).post(
        url, {"action": "normal", "change": "0", "reason": ""}, format="json"
    )
    assert response.status_code == 400 and "必须填写调整理由" in str(response.json())
    response = api(personas.finance_reviewer).post(
        url, {"action": "normal", "change": "0", "reason": "重点民生项目"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["action"]) == ("overridden", "normal")
    assert Allocation.objects.get(project=a.project, year=2026).total_amount == Decimal("1000000.00")
    assert (
        api(personas.officer_a)
        .post(url, {"action": "normal", "change": "0", "reason": "x"}, format="json")
        .status_code
        == 403
    )


def test_summary(personas, api, proposals):
    data = api(personas.finance_admin).get(URL + "summary/", {"year": 2026}).json()
    assert data["total"]["change"] == "-1100000.00"
    assert [g["label"] for g in data["by_grade"]] == ["中", "差"]
    assert api(personas.officer_a).get(URL + "summary/").json()["total"]["count"] == 1
