"""Measures on warnings: suspend and lift, recall (allocation reduced, listed for reallocation),
adjusting the target, and who may see the recalled funds."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Allocation
from monitoring import measures, warnings
from monitoring.models import FundAction, MonitoringReport, Warning
from perfapp.workflow import WorkflowError
from targets.models import Target
from tests.monitoring.test_warnings import TODAY, make_report

pytestmark = pytest.mark.django_db

RECALLED = reverse("monitoring:recalled_funds")


@pytest.fixture
def lag(personas):
    """An open execution-lag warning of unit A's project: budget 1,000,000, 100,000 spent."""
    report = make_report(personas, spent=Decimal("100000.00"), status=MonitoringReport.Status.SUBMITTED)
    warnings.generate(today=TODAY)
    return Warning.objects.get(report=report, rule=Warning.Rule.EXECUTION_LAG)


def budget_of(warning):
    return sum(a.total_amount for a in Allocation.objects.filter(project_id=warning.project_id, year=2026))


def test_suspending_payment_holds_the_allocation_until_lifted(personas, login, lag):
    client = login(personas.finance_reviewer)
    response = client.post(
        reverse("monitoring:warning_resolve", args=[lag.pk]), {"measure": "suspend", "note": "暂缓"}
    )
    assert response.status_code == 302
    action = measures.active_suspension(lag.project_id, 2026)
    assert action is not None and action.kind == FundAction.Kind.SUSPEND
    assert budget_of(lag) == Decimal("1000000.00")
    response = client.post(reverse("monitoring:fund_action_lift", args=[action.pk]))
    assert response.status_code == 302
    assert measures.active_suspension(lag.project_id, 2026) is None
    action.refresh_from_db()
    assert action.lifted_by == personas.finance_reviewer


def test_a_project_already_suspended_is_not_suspended_twice(personas, lag):
    measures.resolve(lag, personas.finance_admin, "suspend")
    second = Warning.objects.create(
        key="idle_funds:test",
        rule=Warning.Rule.IDLE_FUNDS,
        year=2026,
        project_id=lag.project_id,
        report_id=lag.report_id,
        unit_id=lag.unit_id,
        department_id=lag.department_id,
        region_id=lag.region_id,
        message="资金沉淀",
    )
    with pytest.raises(WorkflowError):
        measures.resolve(second, personas.finance_admin, "suspend")
    assert FundAction.objects.filter(kind=FundAction.Kind.SUSPEND).count() == 1


def test_the_unit_may_not_lift_a_suspension(personas, login, lag):
    measures.resolve(lag, personas.finance_admin, "suspend")
    action = measures.active_suspension(lag.project_id, 2026)
    assert (
        login(personas.officer_a).post(reverse("monitoring:fund_action_lift", args=[action.pk])).status_code
        == 403
    )
    assert (
        login(personas.officer_c).post(reverse("monitoring:fund_action_lift", args=[action.pk])).status_code
        == 404
    )
    assert measures.active_suspension(lag.project_id, 2026) is not None


def test_a_recall_reduces_the_allocation_and_appears_in_the_recalled_list(personas, login, api, lag):
    client = login(personas.finance_reviewer)
    response = client.post(
        reverse("monitoring:warning_resolve", args=[lag.pk]),
        {"measure": "recall", "amount": "300000.00", "note": "收回统筹"},
    )
    assert response.status_code == 302
    assert budget_of(lag) == Decimal("700000.00")
    allocation = Allocation.objects.get(project_id=lag.project_id)
    assert allocation.adjustment == Decimal("-300000.00")
    assert allocation.history.count() == 2
    assert allocation.history.first().history_change_reason.startswith("收回资金")
    rows = client.get(RECALLED).context["rows"]
    assert [(r.project_id, r.amount) for r in rows] == [(lag.project_id, Decimal("300000.00"))]
    data = (
        api(personas.finance_admin)
        .get("/api/v1/monitoring/fund-actions/", {"kind": "recall"})
        .json()["results"]
    )
    assert [d["amount"] for d in data] == ["300000.00"]


def test_a_recall_spreads_over_the_years_allocation_rows(personas, lag):
    from tests.factories import AllocationFactory

    AllocationFactory(project=lag.project, fund_source="central", initial_amount=Decimal("200000.00"))
    measures.resolve(lag, personas.finance_admin, "recall", amount=Decimal("1050000.00"))
    assert budget_of(lag) == Decimal("150000.00")


def test_more_than_the_unspent_budget_cannot_be_recalled(personas, lag):
    with pytest.raises(WorkflowError, match="尚未支出"):
        measures.resolve(lag, personas.finance_admin, "recall", amount=Decimal("900000.01"))
    lag.refresh_from_db()
    assert lag.status == Warning.Status.OPEN
    assert budget_of(lag) == Decimal("1000000.00")
    assert not FundAction.objects.exists()


def test_adjusting_the_target_opens_a_draft_adjustment(personas, lag):
    measures.resolve(lag, personas.finance_admin, "adjust_target", "预算调整后重新设定目标")
    new = Target.objects.get(previous=lag.target)
    assert new.status == Target.Status.DRAFT
    assert new.adjustment_reason == "预算调整后重新设定目标"
    lag.refresh_from_db()
    assert lag.measure == Warning.Measure.ADJUST_TARGET


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("finance_admin", 200),
        ("finance_reviewer", 200),
        ("leader", 200),
        ("officer_a", 403),
        ("dept_d_officer", 403),
    ],
)
def test_the_recalled_funds_list_is_for_finance(personas, login, lag, who, code):
    assert login(getattr(personas, who)).get(RECALLED).status_code == code


def test_the_recalled_list_is_scoped_to_the_finance_users_region(personas, login, lag):
    measures.resolve(lag, personas.finance_admin, "recall", amount=Decimal("1000.00"))
    assert list(login(personas.other_finance_admin).get(RECALLED).context["rows"]) == []


def test_the_api_lifts_a_suspension_for_finance_only(personas, api, lag):
    measures.resolve(lag, personas.finance_admin, "suspend")
    action = measures.active_suspension(lag.project_id, 2026)
    url = f"/api/v1/monitoring/fund-actions/{action.pk}/lift/"
    assert api(personas.officer_a).post(url).status_code == 403
    r = api(personas.finance_reviewer).post(url)
    assert r.status_code == 200 and r.json()["lifted_at"]


def test_a_suspension_shows_with_the_projects_allocation_until_lifted(personas, login, lag):
    """[002 三(三)] 暂缓拨款: the allocation shows it until it is lifted."""
    url = reverse("budgets:project_detail", args=[lag.project_id]) + "?year=2026"
    client = login(personas.officer_a)
    assert "暂缓拨款中" not in client.get(url).content.decode()
    measures.resolve(lag, personas.finance_admin, "suspend", note="执行滞后")
    assert "2026 年度资金暂缓拨款中" in client.get(url).content.decode()
    measures.lift_suspension(measures.active_suspension(lag.project_id, 2026), personas.finance_admin)
    assert "暂缓拨款中" not in client.get(url).content.decode()
