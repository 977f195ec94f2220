"""Accountability API (/api/v1/accountability-cases/): scoping per role (404 for another unit's
case), create/update by finance only with the same rules as the page (400 in Chinese, 403, stale
409), suggestions and dismissal for finance, query counts that do not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.models import AccountabilityCase, AccountabilityDismissal
from tests.results.accountability_data import evaluation, frozen, funded, make_case, rectification  # noqa: F401

URL = "/api/v1/accountability-cases/"
Case = AccountabilityCase.Case


pytestmark = pytest.mark.usefixtures("frozen")


def ids(response):
    data = response.data["results"] if isinstance(response.data, dict) else response.data
    return sorted(row["id"] for row in data)


def body(**kw):
    base = {
        "year": 2026,
        "case": Case.OTHER,
        "facts": "未按规定报送绩效监控资料。",
        "measure": "interview",
        "decided_on": "2026-08-30",
    }
    base.update(kw)
    return base


def test_scoped_reads_per_role(personas, api):
    a = make_case(personas)
    c = make_case(personas, personas.unit_c)
    assert ids(api(personas.officer_a).get(URL)) == [a.pk]
    assert api(personas.officer_a).get(f"{URL}{c.pk}/").status_code == 404
    assert ids(api(personas.dept_e_officer).get(URL)) == [c.pk]
    assert ids(api(personas.finance_reviewer).get(URL)) == [a.pk]
    assert ids(api(personas.auditor).get(URL)) == sorted([a.pk, c.pk])
    assert api(personas.expert).get(URL).status_code == 403
    assert api(personas.other_finance_admin).get(f"{URL}{a.pk}/").status_code == 404
    assert api().get(URL).status_code in (401, 403)


def test_finance_creates_a_case_with_derived_keys(personas, api):
    project = funded(personas, personas.unit_b)
    r = api(personas.finance_admin).post(URL, body(project=project.pk), format="json")
    assert r.status_code == 201, r.data
    assert (r.data["unit"], r.data["department"], r.data["version"]) == (
        personas.unit_b.pk,
        personas.dept_d.pk,
        1,
    )


def test_create_refused_for_others(personas, api):
    assert api(personas.officer_a).post(URL, body(unit=personas.unit_a.pk), format="json").status_code == 403
    assert api(personas.leader).post(URL, body(unit=personas.unit_a.pk), format="json").status_code == 403
    r = api(personas.finance_reviewer).post(URL, body(unit=personas.unit_c.pk), format="json")
    assert r.status_code == 403 and "财政" in r.data["detail"]
    # another region's project is not even visible: a 400 on the field
    foreign = make_case(personas)  # noqa: F841 - something in the province to not see
    r = api(personas.other_finance_admin).post(URL, body(project=funded(personas).pk), format="json")
    assert r.status_code == 400 and "project" in r.data
    assert AccountabilityCase.objects.count() == 1


def test_bad_input_is_400_in_chinese(personas, api):
    client = api(personas.finance_admin)
    r = client.post(URL, body(), format="json")
    assert r.status_code == 400 and "请选择责任单位" in r.data["detail"]
    r = client.post(URL, body(unit=personas.unit_a.pk, decided_on="2026-12-31"), format="json")
    assert r.status_code == 400 and "决定日期" in r.data["detail"]
    graded = evaluation(personas, funded(personas))
    r = client.post(URL, body(evaluation=graded.pk, project=funded(personas).pk), format="json")
    assert r.status_code == 400 and "不一致" in r.data["detail"]


def test_update_needs_the_version_and_a_stale_one_is_409(personas, api):
    case = make_case(personas)
    client = api(personas.finance_admin)
    url = f"{URL}{case.pk}/"
    r = client.patch(url, {"measure": "circulate"}, format="json")
    assert r.status_code == 400 and "版本号" in str(r.data)
    r = client.patch(url, {"measure": "circulate", "version": 1}, format="json")
    assert r.status_code == 200 and (r.data["measure"], r.data["version"]) == ("circulate", 2)
    assert r.data["unit"] == personas.unit_a.pk
    r = client.patch(url, {"facts": "过时", "version": 1}, format="json")
    assert r.status_code == 409 and "已被他人修改" in r.data["detail"]
    assert api(personas.officer_a).patch(url, {"facts": "x", "version": 2}, format="json").status_code == 403
    assert api(personas.other_finance_admin).patch(url, {"version": 2}, format="json").status_code == 404


def test_suggestions_and_case_from_one(personas, api):
    graded = evaluation(personas, funded(personas))
    evaluation(personas, funded(personas, personas.unit_c))
    client = api(personas.finance_reviewer)
    r = client.get(f"{URL}suggestions/", {"kind": Case.POOR_GRADE})
    assert r.status_code == 200
    rows = r.data["results"]
    assert [(s["ref"], s["evaluation"], s["kind"]) for s in rows] == [(graded.pk, graded.pk, "poor_grade")]
    made = client.post(
        URL,
        body(evaluation=graded.pk, case=Case.POOR_GRADE, source="poor_grade", source_ref=graded.pk),
        format="json",
    )
    assert made.status_code == 201 and made.data["source"] == "poor_grade"
    assert client.get(f"{URL}suggestions/", {"kind": Case.POOR_GRADE}).data["results"] == []
    again = client.post(
        URL,
        body(evaluation=graded.pk, case=Case.POOR_GRADE, source="poor_grade", source_ref=graded.pk),
        format="json",
    )
    assert again.status_code == 400 and "已立案" in again.data["detail"]
    assert api(personas.officer_a).get(f"{URL}suggestions/").status_code == 403
    assert client.get(f"{URL}suggestions/", {"kind": "nope"}).status_code == 400


def test_dismiss_through_the_api(personas, api):
    item = rectification(funded(personas))
    client = api(personas.finance_admin)
    url = f"{URL}dismiss/"
    req = {"kind": "rectification_overdue", "ref": item.pk, "year": 2025}
    r = client.post(url, {**req, "reason": ""}, format="json")
    assert r.status_code == 400 and "理由" in str(r.data)
    assert client.post(url, {**req, "reason": "已核实"}, format="json").status_code == 201
    assert AccountabilityDismissal.objects.count() == 1
    r = client.post(url, {**req, "reason": "再次"}, format="json")
    assert r.status_code == 400
    assert api(personas.officer_a).post(url, {**req, "reason": "x"}, format="json").status_code == 403


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_suggestions_query_counts_do_not_grow(personas, api, django_assert_max_num_queries):
    make_case(personas)
    rectification(funded(personas))
    client = api(personas.finance_admin)
    list_one = _count(client, URL)
    sugg_one = _count(client, f"{URL}suggestions/", {"kind": "rectification_overdue"})
    for unit in [personas.unit_b, personas.unit_c] * 5:
        make_case(personas, unit)
        rectification(funded(personas, unit))
    assert len(client.get(URL).data["results"]) == 11
    with django_assert_max_num_queries(list_one):
        client.get(URL)
    with django_assert_max_num_queries(sugg_one):
        client.get(f"{URL}suggestions/", {"kind": "rectification_overdue"})
