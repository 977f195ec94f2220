"""Spot-check API: draw (seed optional, reproducible), list/retrieve with the items the user may
see, re-score, the flagged list; the same scoping and refusals as the pages."""

from decimal import Decimal

import pytest

from evaluation.models import SpotCheck, SpotCheckItem
from evaluation.spotchecks import draw_sample
from tests.evaluation.spot_helpers import drawn, make_department, self_evaluation, set_share

pytestmark = pytest.mark.django_db
D = Decimal
CHECKS = "/api/v1/spot-checks/"
ITEMS = "/api/v1/spot-check-items/"


def test_the_finance_admin_draws_with_a_seed_and_gets_the_items(personas, api):
    year = set_share(personas, "0.10")
    for i in range(12):
        self_evaluation(personas, department=make_department(personas, f"A{i}"))
    response = api(personas.finance_admin).post(CHECKS, {"fiscal_year": year.pk, "seed": 99}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["seed"] == 99 and body["status"] == "drawn"
    assert len({i["department"] for i in body["items"]}) == 2  # ceil(10 % × 12)
    assert {i["department"] for i in body["items"]} == {c.department_id for c in draw_sample(year, 99).drawn}


def test_a_draw_without_a_seed_records_one(personas, api):
    self_evaluation(personas)
    response = api(personas.finance_admin).post(CHECKS, {"fiscal_year": personas.year.pk}, format="json")
    assert response.status_code == 201
    assert SpotCheck.objects.get().seed == response.json()["seed"]


@pytest.mark.parametrize(
    ("who", "status"), [("finance_reviewer", 403), ("leader", 403), ("dept_d_officer", 403)]
)
def test_others_cannot_draw(personas, api, who, status):
    self_evaluation(personas)
    response = api(getattr(personas, who)).post(
        CHECKS, {"fiscal_year": personas.year.pk, "seed": 1}, format="json"
    )
    assert response.status_code == status
    assert not SpotCheck.objects.exists()


def test_another_regions_year_is_a_404_for_the_draw(personas, api):
    self_evaluation(personas)
    response = api(personas.other_finance_admin).post(
        CHECKS, {"fiscal_year": personas.year.pk, "seed": 1}, format="json"
    )
    assert response.status_code == 404


def test_a_department_retrieves_the_spot_check_with_its_own_items_only(personas, api):
    spot = drawn(personas)
    body = api(personas.dept_e_officer).get(f"{CHECKS}{spot.spot_check.pk}/").json()
    assert [i["id"] for i in body["items"]] == [spot.self_e.pk]
    assert api(personas.officer_a).get(f"{CHECKS}{spot.spot_check.pk}/").status_code == 404
    assert api(personas.dept_e_officer).get(f"{ITEMS}{spot.dept_d.pk}/").status_code == 404
    listed = api(personas.dept_d_officer).get(ITEMS).json()
    assert sorted(i["id"] for i in listed["results"]) == sorted([spot.self_d.pk, spot.dept_d.pk])


def test_finance_rescores_a_department_item_through_the_api(personas, api):
    spot = drawn(personas)
    client = api(personas.finance_reviewer)
    url = f"{ITEMS}{spot.dept_d.pk}/rescore/"
    response = client.post(url, {"version": 0, "total": "71.99", "note": "复核扣分"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["recheck_score"], body["gap"], body["flagged"], body["recheck_grade"]) == (
        "71.99",
        "10.01",
        True,
        "中",
    )
    stale = client.post(url, {"version": 0, "total": "80", "note": "过期"}, format="json")
    assert stale.status_code == 409
    again = client.post(url, {"version": body["version"], "total": "80", "note": "再次复核"}, format="json")
    assert again.status_code == 200 and again.json()["flagged"] is False  # 2 points, still 良


def test_a_department_item_needs_a_total(personas, api):
    spot = drawn(personas)
    response = api(personas.finance_admin).post(
        f"{ITEMS}{spot.dept_d.pk}/rescore/", {"version": 0, "note": "x"}, format="json"
    )
    assert response.status_code == 400 and "total" in response.json()


@pytest.mark.parametrize(
    ("who", "status"), [("leader", 403), ("dept_d_officer", 403), ("dept_e_officer", 404)]
)
def test_who_cannot_rescore_through_the_api(personas, api, who, status):
    spot = drawn(personas)
    response = api(getattr(personas, who)).post(
        f"{ITEMS}{spot.dept_d.pk}/rescore/", {"version": 0, "total": "50", "note": "x"}, format="json"
    )
    assert response.status_code == status
    assert SpotCheckItem.objects.get(pk=spot.dept_d.pk).checked_at is None


def test_the_flagged_list(personas, api):
    spot = drawn(personas)
    client = api(personas.finance_admin)
    client.post(
        f"{ITEMS}{spot.dept_d.pk}/rescore/", {"version": 0, "total": "60", "note": "扣分"}, format="json"
    )
    body = client.get(f"{ITEMS}flagged/", {"year": 2026}).json()
    assert [i["id"] for i in body["results"]] == [spot.dept_d.pk]
    assert body["results"][0]["evaluation_name"] == "教育厅部门评价"
    assert api(personas.dept_e_officer).get(f"{ITEMS}flagged/").json()["results"] == []
