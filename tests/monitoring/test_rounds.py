"""Monitoring rounds: from the Policy or by hand, key projects, opening creates the reports."""

import datetime

import pytest

from budgets.models import Deadline
from monitoring.models import MonitoringReport, MonitoringRound
from monitoring.reports import open_round, rounds_from_policy
from perfapp.models import Notification
from targets.models import Target
from tests.monitoring.conftest import approved_target, make_round
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db


def test_rounds_from_policy_take_the_month_days_of_the_year_and_are_not_duplicated(personas):
    created = rounds_from_policy(personas.year, personas.finance_admin)
    specs = personas.year.policy.monitoring.rounds
    assert [(r.name, r.data_as_of, r.due) for r in created] == [
        (
            s.name,
            datetime.date(2026, *map(int, s.data_as_of.split("-"))),
            datetime.date(2026, *map(int, s.due.split("-"))),
        )
        for s in specs
    ]
    assert created[0].data_as_of == datetime.date(2026, 6, 30)
    assert rounds_from_policy(personas.year, personas.finance_admin) == []
    assert MonitoringRound.objects.count() == len(specs)


def test_opening_a_round_creates_one_report_per_approved_target_and_is_idempotent(personas):
    a = approved_target(personas)
    c = approved_target(
        personas, unit=personas.unit_c, officer=personas.officer_c, dept_officer=personas.dept_e_officer
    )
    make_target(personas)  # a draft: no report
    rnd = make_round(personas)
    rnd.key_projects.add(c.project)
    assert open_round(rnd, personas.finance_admin) == 2
    assert open_round(rnd, personas.finance_admin) == 0
    reports = MonitoringReport.objects.filter(round=rnd)
    assert {(r.target_id, r.unit_id, r.is_key) for r in reports} == {
        (a.pk, personas.unit_a.pk, False),
        (c.pk, personas.unit_c.pk, True),
    }
    rnd.refresh_from_db()
    assert rnd.status == MonitoringRound.Status.OPEN
    assert rnd.deadline.stage == Deadline.Stage.MONITORING and rnd.deadline.due == rnd.due
    assert Deadline.objects.filter(stage=Deadline.Stage.MONITORING).count() == 1
    assert Notification.objects.filter(recipient=personas.officer_a).exists()


def test_a_target_approved_after_opening_gets_its_report_when_opened_again(personas):
    rnd = make_round(personas)
    approved_target(personas)
    open_round(rnd, personas.finance_admin)
    late = approved_target(personas)
    assert open_round(rnd, personas.finance_admin) == 1
    assert MonitoringReport.objects.filter(round=rnd, target=late).exists()
    assert Target.objects.count() == 2


def test_finance_admin_creates_rounds_from_policy_on_the_page(personas, login):
    client = login(personas.finance_admin)
    r = client.post("/monitoring/rounds/", {"year": personas.year.pk, "action": "policy"})
    assert r.status_code == 302
    assert MonitoringRound.objects.filter(fiscal_year=personas.year).count() == 2
    page = client.get("/monitoring/rounds/")
    assert "第一轮（1—6月）" in page.content.decode()


def test_a_round_by_hand_is_checked_and_keeps_the_input(personas, login):
    client = login(personas.finance_admin)
    bad = {"year": personas.year.pk, "name": "第三轮", "data_as_of": "2026-10-31", "due": "2026-10-01"}
    r = client.post("/monitoring/rounds/", bad)
    assert r.status_code == 400
    body = r.content.decode()
    assert "报送截止日期不能早于数据截止日期" in body and 'value="第三轮"' in body
    r = client.post("/monitoring/rounds/", {**bad, "due": "2026-11-15"})
    assert r.status_code == 302
    assert MonitoringRound.objects.get(name="第三轮").due == datetime.date(2026, 11, 15)


def test_finance_admin_opens_a_round_and_sets_key_projects_on_the_page(personas, login):
    target = approved_target(personas)
    rnd = make_round(personas)
    client = login(personas.finance_admin)
    assert client.post(f"/monitoring/rounds/{rnd.pk}/", {"projects": [target.project_id]}).status_code == 302
    assert client.post(f"/monitoring/rounds/{rnd.pk}/open/").status_code == 302
    assert MonitoringReport.objects.get(round=rnd).is_key


@pytest.mark.parametrize("who", ["officer_a", "finance_reviewer", "leader", "auditor"])
def test_only_the_finance_admin_may_create_or_open_rounds(personas, login, who):
    rnd = make_round(personas)
    client = login(getattr(personas, who))
    assert client.get("/monitoring/rounds/").status_code == 200
    assert client.get(f"/monitoring/rounds/{rnd.pk}/").status_code == 200
    assert client.post(f"/monitoring/rounds/{rnd.pk}/open/").status_code == 403
    assert (
        client.post("/monitoring/rounds/", {"year": personas.year.pk, "action": "policy"}).status_code == 403
    )
    assert MonitoringReport.objects.count() == 0 and MonitoringRound.objects.count() == 1


def test_rounds_of_another_province_are_not_found(personas, login):
    rnd = make_round(personas)
    client = login(personas.other_finance_admin)
    assert client.get(f"/monitoring/rounds/{rnd.pk}/").status_code == 404
    assert client.post(f"/monitoring/rounds/{rnd.pk}/open/").status_code == 404


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_do_not_see_monitoring(personas, login, who):
    rnd = make_round(personas)
    client = login(getattr(personas, who))
    assert client.get("/monitoring/rounds/").status_code == 403
    assert client.get(f"/monitoring/rounds/{rnd.pk}/").status_code == 403
    assert client.get("/monitoring/").status_code == 403


def test_api_rounds_created_and_opened_by_the_finance_admin_only(personas, api):
    approved_target(personas)
    data = {
        "fiscal_year": personas.year.pk,
        "name": "第一轮",
        "data_as_of": "2026-06-30",
        "due": "2026-07-15",
    }
    assert api(personas.officer_a).post("/api/v1/monitoring-rounds/", data, format="json").status_code == 403
    assert api(personas.leader).post("/api/v1/monitoring-rounds/", data, format="json").status_code == 403
    r = api(personas.finance_admin).post("/api/v1/monitoring-rounds/", data, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert api(personas.officer_a).post(f"/api/v1/monitoring-rounds/{pk}/open/").status_code == 403
    r = api(personas.finance_admin).post(f"/api/v1/monitoring-rounds/{pk}/open/")
    assert r.status_code == 200 and r.json()["reports_created"] == 1
    assert [x["id"] for x in api(personas.officer_a).get("/api/v1/monitoring-rounds/").json()["results"]] == [
        pk
    ]
    assert api(personas.other_finance_admin).get(f"/api/v1/monitoring-rounds/{pk}/").status_code == 404
    assert api(personas.system_admin).get("/api/v1/monitoring-rounds/").status_code == 403
