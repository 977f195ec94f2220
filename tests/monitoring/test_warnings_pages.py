"""The warning pages and API: scoping per role, filters, query counts, acknowledging and resolving."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import warnings
from monitoring.models import MonitoringReport, Warning
from tests.monitoring.test_warnings import TODAY, make_report, make_round

pytestmark = pytest.mark.django_db

LIST = reverse("monitoring:warning_list")


@pytest.fixture
def raised(personas):
    """Draft reports of units A, B (dept D) and C (dept E), nothing spent: lag, no-spending and overdue warnings."""
    round = make_round(personas)
    reports = {
        u.code: make_report(personas, round=round, unit=u, status=MonitoringReport.Status.DRAFT)
        for u in (personas.unit_a, personas.unit_b, personas.unit_c)
    }
    warnings.generate(today=TODAY)
    return reports


def one(report, rule=Warning.Rule.EXECUTION_LAG):
    return Warning.objects.get(report=report, rule=rule)


def units_listed(client):
    response = client.get(LIST, {"status": "all"})
    assert response.status_code == 200
    return {w.unit.code for w in response.context["rows"]}


@pytest.mark.parametrize(
    ("who", "units"),
    [
        ("officer_a", {"A"}),
        ("officer_c", {"C"}),
        ("dept_d_officer", {"A", "B"}),
        ("finance_reviewer", {"A", "B"}),
        ("finance_admin", {"A", "B", "C"}),
        ("leader", {"A", "B", "C"}),
        ("other_finance_admin", set()),
    ],
)
def test_the_warning_list_shows_each_role_only_its_scope(personas, login, raised, who, units):
    assert units_listed(login(getattr(personas, who))) == units


def test_system_admins_may_not_see_warnings(personas, login, raised):
    assert login(personas.system_admin).get(LIST).status_code == 403


def test_another_units_warning_is_a_404(personas, login, raised):
    url = reverse("monitoring:warning_detail", args=[one(raised["C"]).pk])
    assert login(personas.officer_a).get(url).status_code == 404


def test_the_detail_shows_the_numbers_that_raised_the_warning(personas, login, raised):
    w = one(raised["A"])
    response = login(personas.officer_a).get(reverse("monitoring:warning_detail", args=[w.pk]))
    assert response.status_code == 200
    assert "49.59" in response.content.decode()
    assert response.context["can_acknowledge"] and not response.context["can_resolve"]


def test_the_list_filters_by_rule_level_department_and_status(personas, login, raised):
    client = login(personas.finance_admin)
    rows = client.get(LIST, {"rule": Warning.Rule.NO_SPENDING}).context["rows"]
    assert {w.rule for w in rows} == {Warning.Rule.NO_SPENDING} and len(rows) == 3
    rows = client.get(LIST, {"department": personas.dept_e.pk}).context["rows"]
    assert {w.unit.code for w in rows} == {"C"}
    rows = client.get(LIST, {"level": Warning.Level.YELLOW}).context["rows"]
    assert {w.rule for w in rows} == {Warning.Rule.REPORT_OVERDUE}
    Warning.objects.filter(report=raised["A"]).update(status=Warning.Status.CLOSED)
    rows = client.get(LIST).context["rows"]
    assert "A" not in {w.unit.code for w in rows}
    rows = client.get(LIST, {"status": Warning.Status.CLOSED}).context["rows"]
    assert {w.unit.code for w in rows} == {"A"}


def test_the_age_filter_keeps_only_older_warnings(personas, login, raised):
    old = one(raised["A"])
    Warning.objects.filter(pk=old.pk).update(raised_at=old.raised_at - datetime.timedelta(days=31))
    rows = login(personas.finance_admin).get(LIST, {"age": "30"}).context["rows"]
    assert [w.pk for w in rows] == [old.pk]


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST, {"status": "all"}).status_code == 200
    return len(ctx.captured_queries)


def _copies(base, n, prefix):
    Warning.objects.bulk_create(
        [
            Warning(
                key=f"{prefix}:{i}",
                rule=base.rule,
                level=base.level,
                year=base.year,
                round_id=base.round_id,
                project_id=base.project_id,
                target_id=base.target_id,
                report_id=base.report_id,
                unit_id=base.unit_id,
                department_id=base.department_id,
                region_id=base.region_id,
                message=base.message,
                numbers=base.numbers,
            )
            for i in range(n)
        ]
    )


def test_the_warning_list_costs_the_same_queries_for_5_and_50_warnings(
    personas, login, raised, django_assert_max_num_queries
):
    base = one(raised["A"])
    Warning.objects.exclude(pk=base.pk).delete()
    _copies(base, 4, "few")
    client = login(personas.finance_admin)
    few = _list_queries(client)
    _copies(base, 45, "more")
    assert Warning.objects.count() == 50
    assert _list_queries(client) == few
    with django_assert_max_num_queries(15):
        client.get(LIST)


def test_the_detail_page_needs_few_queries(personas, login, raised, django_assert_max_num_queries):
    client = login(personas.finance_reviewer)
    url = reverse("monitoring:warning_detail", args=[one(raised["A"]).pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


# --- acknowledge and resolve on the pages --------------------------------------------------------


def test_the_unit_acknowledges_its_warning(personas, login, raised):
    w = one(raised["A"])
    url = reverse("monitoring:warning_acknowledge", args=[w.pk])
    response = login(personas.officer_a).post(url, {"note": "已督促加快支付"})
    assert response.status_code == 302
    w.refresh_from_db()
    assert (w.status, w.acknowledged_by, w.acknowledgement) == (
        Warning.Status.ACKNOWLEDGED,
        personas.officer_a,
        "已督促加快支付",
    )


@pytest.mark.parametrize(("who", "code"), [("leader", 403), ("finance_reviewer", 403), ("officer_b", 404)])
def test_only_the_unit_may_acknowledge(personas, login, raised, who, code):
    w = one(raised["A"])
    response = login(getattr(personas, who)).post(reverse("monitoring:warning_acknowledge", args=[w.pk]))
    assert response.status_code == code
    w.refresh_from_db()
    assert w.status == Warning.Status.OPEN


def test_finance_resolves_a_warning_with_continue(personas, login, raised):
    w = one(raised["A"])
    response = login(personas.finance_reviewer).post(
        reverse("monitoring:warning_resolve", args=[w.pk]), {"measure": "continue", "note": "原因合理"}
    )
    assert response.status_code == 302
    w.refresh_from_db()
    assert (w.status, w.measure, w.resolved_by) == (
        Warning.Status.RESOLVED,
        "continue",
        personas.finance_reviewer,
    )


@pytest.mark.parametrize(
    ("who", "unit", "code"),
    [
        ("officer_a", "A", 403),  # the unit sees its warning but may not resolve it
        ("leader", "A", 403),  # read-only
        ("finance_reviewer", "C", 404),  # dept E is not the reviewer's division
    ],
)
def test_only_finance_of_the_department_may_resolve(personas, login, raised, who, unit, code):
    w = one(raised[unit])
    response = login(getattr(personas, who)).post(
        reverse("monitoring:warning_resolve", args=[w.pk]), {"measure": "continue"}
    )
    assert response.status_code == code
    w.refresh_from_db()
    assert w.status == Warning.Status.OPEN


def test_a_recall_without_an_amount_is_refused_and_keeps_the_input(personas, login, raised):
    w = one(raised["A"])
    response = login(personas.finance_reviewer).post(
        reverse("monitoring:warning_resolve", args=[w.pk]), {"measure": "recall", "note": "资金沉淀"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写收回金额" in page and "资金沉淀" in page
    w.refresh_from_db()
    assert w.status == Warning.Status.OPEN


# --- API ----------------------------------------------------------------------------------------


def test_the_api_lists_warnings_in_scope(personas, api, raised):
    rows = api(personas.officer_a).get("/api/v1/monitoring/warnings/").json()["results"]
    assert rows and {r["unit"] for r in rows} == {personas.unit_a.pk}
    other = one(raised["C"])
    assert api(personas.officer_a).get(f"/api/v1/monitoring/warnings/{other.pk}/").status_code == 404


def test_the_api_acknowledges_and_resolves(personas, api, raised):
    w = one(raised["A"])
    url = f"/api/v1/monitoring/warnings/{w.pk}/"
    assert api(personas.leader).post(url + "acknowledge/", {}).status_code == 403
    r = api(personas.officer_a).post(url + "acknowledge/", {"note": "已知悉"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert api(personas.officer_a).post(url + "resolve/", {"measure": "continue"}).status_code == 403
    r = api(personas.finance_admin).post(
        url + "resolve/", {"measure": "continue", "note": "继续"}, format="json"
    )
    assert r.status_code == 200 and r.json()["measure"] == "continue"
    r = api(personas.finance_admin).post(url + "resolve/", {"measure": "continue"}, format="json")
    assert r.status_code == 400
