"""API of monitoring reports: scoping, editing with nested progress rows, transitions; list query
counts do not grow with the number of reports."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import MonitoringReport
from monitoring.reports import open_round
from tests.monitoring.conftest import approved_target, make_round, quick_approved_target

pytestmark = pytest.mark.django_db
URL = "/api/v1/monitoring-reports/"


def progress_payload(report, **changes):
    rows = []
    for ind in report.target.indicators.order_by("order"):
        row = {"indicator": ind.pk, "possibility": "certain", "expected_value": str(ind.target_value)}
        row.update(changes.get(ind.name, {}))
        rows.append(row)
    return rows


def test_unit_fills_and_submits_through_the_api(personas, api, report_a):
    client = api(personas.officer_a)
    detail = client.get(f"{URL}{report_a.pk}/").json()
    assert detail["execution"]["budget"] == Decimal("1000000.00")
    payload = {
        "version": detail["version"],
        "expected_full_year": "900000.00",
        "expected_carryover": "100000.00",
        "carryover_reason": "政府采购节约",
        "progress": progress_payload(report_a, 培训人次={"expected_value": "450", "possibility": "possible"}),
    }
    r = client.patch(f"{URL}{report_a.pk}/", payload, format="json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["version"] == detail["version"] + 1
    assert len(body["progress"]) == 5
    r = client.post(f"{URL}{report_a.pk}/transitions/", {"name": "submit", "version": body["version"]})
    assert r.status_code == 400 and "请说明偏差原因" in r.json()["detail"]
    payload["version"] = body["version"]
    payload["progress"] = progress_payload(
        report_a,
        培训人次={
            "expected_value": "450",
            "possibility": "possible",
            "deviation": "staff",
            "deviation_reason": "师资不足",
            "measure": "增聘讲师",
        },
    )
    body = client.patch(f"{URL}{report_a.pk}/", payload, format="json").json()
    r = client.post(f"{URL}{report_a.pk}/transitions/", {"name": "submit", "version": body["version"]})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = client.patch(
        f"{URL}{report_a.pk}/", {"version": r.json()["version"], "overall_progress": "改"}, format="json"
    )
    assert r.status_code == 403


def test_a_stale_api_edit_is_a_conflict(personas, api, report_a):
    r = api(personas.officer_a).patch(
        f"{URL}{report_a.pk}/", {"version": report_a.version + 5, "overall_progress": "x"}, format="json"
    )
    assert r.status_code == 409


def test_review_chain_through_the_api(personas, api, report_a):
    from tests.monitoring.conftest import fill_progress

    fill_progress(report_a)
    MonitoringReport.objects.filter(pk=report_a.pk).update(is_key=True)
    url = f"{URL}{report_a.pk}/transitions/"
    v = report_a.version
    assert api(personas.officer_a).post(url, {"name": "submit", "version": v}).status_code == 200
    assert (
        api(personas.dept_e_officer).post(url, {"name": "dept_approve", "version": v + 1}).status_code == 404
    )
    assert (
        api(personas.dept_d_officer).post(url, {"name": "dept_approve", "version": v + 1}).status_code == 200
    )
    r = api(personas.finance_reviewer).post(url, {"name": "accept", "version": v + 2})
    assert r.status_code == 400 and "财政重点监控结论" in r.json()["detail"]
    r = api(personas.finance_reviewer).post(url, {"name": "accept", "version": v + 2, "conclusion": "良好"})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["finance_conclusion"]) == ("accepted", "良好")


def test_api_scoping_per_role(personas, api, report_a):
    c = approved_target(
        personas, unit=personas.unit_c, officer=personas.officer_c, dept_officer=personas.dept_e_officer
    )
    open_round(report_a.round, personas.finance_admin)
    report_c = MonitoringReport.objects.get(target=c)
    ids = lambda user: {r["id"] for r in api(user).get(URL).json()["results"]}  # noqa: E731
    assert ids(personas.officer_a) == {report_a.pk}
    assert ids(personas.dept_d_officer) == {report_a.pk}
    assert ids(personas.finance_reviewer) == {report_a.pk}
    assert ids(personas.leader) == {report_a.pk, report_c.pk}
    assert ids(personas.other_finance_admin) == set()
    assert api(personas.officer_a).get(f"{URL}{report_c.pk}/").status_code == 404
    for who in ("leader", "auditor"):
        user = getattr(personas, who)
        r = api(user).post(f"{URL}{report_a.pk}/transitions/", {"name": "submit", "version": 1})
        assert r.status_code == 403
        assert api(user).patch(f"{URL}{report_a.pk}/", {"version": 1}, format="json").status_code == 403


# --- query counts ------------------------------------------------------------------------------


def _reports(personas, n):
    rnd = make_round(personas)
    for i in range(n):
        quick_approved_target(personas, unit=personas.unit_a if i % 2 else personas.unit_b)
    open_round(rnd, personas.finance_admin)
    assert MonitoringReport.objects.count() == n


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("surface", ["page", "api"])
def test_list_query_count_is_the_same_for_5_and_50_reports(
    personas, login, api, surface, django_assert_max_num_queries
):
    user = personas.finance_admin
    if surface == "page":
        client = login(user)
        fetch = lambda: client.get("/monitoring/?page=1")  # noqa: E731
    else:
        client = api(user)
        fetch = lambda: client.get(f"{URL}?page_size=50")  # noqa: E731
    _reports(personas, 5)
    fetch()  # warm up (session, content types)
    small = _count(fetch)
    for _i in range(45):
        quick_approved_target(personas, unit=personas.unit_a)
    open_round(MonitoringReport.objects.first().round, personas.finance_admin)
    assert MonitoringReport.objects.count() == 50
    large = _count(fetch)
    assert small == large
    with django_assert_max_num_queries(small):
        fetch()
