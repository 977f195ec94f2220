"""Warning rules at and around their boundaries, idempotent generation and automatic closing."""

import datetime
from decimal import Decimal

import pytest

from budgets import imports
from budgets.models import ImportBatch
from monitoring import warnings
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound, Possibility, Warning
from targets.models import Target
from tests.factories import AllocationFactory, ExpenditureFactory
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 30)  # 序时进度 181/365 = 49.59 %
DUE = datetime.date(2026, 7, 15)
TODAY = datetime.date(2026, 7, 20)
BUDGET = Decimal("1000000.00")


def make_round(personas, name="第一轮（1—6月）", as_of=AS_OF, due=DUE):
    return MonitoringRound.objects.create(
        fiscal_year=personas.year, name=name, data_as_of=as_of, due=due, status=MonitoringRound.Status.OPEN
    )


def make_report(
    personas, round=None, unit=None, spent=Decimal("0"), status=MonitoringReport.Status.SUBMITTED, **fields
):
    """A report of a fresh approved project target with BUDGET allocated and `spent` paid in March."""
    round = round or make_round(personas)
    unit = unit or personas.unit_a
    target = make_target(personas, unit=unit, status=Target.Status.APPROVED, amount=BUDGET)
    AllocationFactory(project=target.project, initial_amount=BUDGET)
    if spent:
        ExpenditureFactory(project=target.project, amount=spent, date=datetime.date(2026, 3, 15))
    fields.setdefault("expected_full_year", BUDGET)
    fields.setdefault("expected_carryover", Decimal("0"))
    return MonitoringReport.objects.create(
        round=round,
        target=target,
        project=target.project,
        year=2026,
        unit=unit,
        department_id=target.department_id,
        region_id=target.region_id,
        status=status,
        annual_budget=BUDGET,
        **fields,
    )


def rules_of(report):
    return {w.rule: w for w in Warning.objects.filter(report=report)}


# --- execution lag ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("39.59", None),  # lag exactly 10 points: within tolerance
        ("39.58", Warning.Level.YELLOW),
        ("29.59", Warning.Level.YELLOW),  # lag exactly 20 points: not yet serious
        ("29.58", Warning.Level.RED),
        (None, None),  # no budget, no rate
    ],
)
def test_execution_lag_warns_only_beyond_the_policy_tolerance(personas, rate, expected):
    policy = personas.year.policy.monitoring
    level = warnings.execution_lag(
        None if rate is None else Decimal(rate),
        Decimal("49.59"),
        tolerance=policy.execution_lag_tolerance,
        serious=policy.execution_lag_serious,
    )
    assert level == expected


def test_a_report_exactly_at_the_tolerance_raises_no_lag_warning(personas):
    report = make_report(personas, spent=Decimal("395900.00"))  # 39.59 %
    warnings.generate(today=TODAY)
    assert Warning.Rule.EXECUTION_LAG not in rules_of(report)


def test_a_report_just_beyond_the_tolerance_raises_a_yellow_lag_warning_with_its_numbers(personas):
    report = make_report(personas, spent=Decimal("395800.00"))  # 39.58 %
    warnings.generate(today=TODAY)
    w = rules_of(report)[Warning.Rule.EXECUTION_LAG]
    assert w.level == Warning.Level.YELLOW
    assert w.numbers["execution_rate"] == "39.58"
    assert w.numbers["time_progress"] == "49.59"
    assert w.numbers["tolerance"] == "10"
    assert (w.unit_id, w.project_id) == (personas.unit_a.pk, report.project_id)


def test_a_lag_beyond_the_serious_threshold_is_red(personas):
    report = make_report(personas, spent=Decimal("295800.00"))
    warnings.generate(today=TODAY)
    assert rules_of(report)[Warning.Rule.EXECUTION_LAG].level == Warning.Level.RED


def test_the_tolerance_is_read_from_the_years_policy(personas):
    from budgets.policy import PolicyData

    data = personas.year.policy.to_dict()
    data["monitoring"]["execution_lag_tolerance"] = "15"
    row = personas.year.policy_row
    row.data = PolicyData.from_dict(data).to_dict()
    row.save()
    report = make_report(personas, spent=Decimal("395800.00"))  # lag 10.01 < 15
    warnings.generate(today=TODAY)
    assert Warning.Rule.EXECUTION_LAG not in rules_of(report)


def test_nothing_is_raised_before_the_rounds_date(personas):
    make_report(personas, spent=Decimal("0"), status=MonitoringReport.Status.DRAFT)
    result = warnings.generate(today=datetime.date(2026, 6, 29))
    assert result.created == 0
    assert not Warning.objects.exists()


# --- no spending ----------------------------------------------------------------------------------


def test_no_spending_by_the_first_round_is_red_and_any_spending_clears_it(personas):
    silent = make_report(personas)
    spending = make_report(personas, round=silent.round, spent=Decimal("0.01"))
    warnings.generate(today=TODAY)
    assert rules_of(silent)[Warning.Rule.NO_SPENDING].level == Warning.Level.RED
    assert Warning.Rule.NO_SPENDING not in rules_of(spending)


def test_no_spending_is_checked_only_in_the_first_round(personas):
    make_round(personas)
    second = make_round(
        personas, name="第二轮（1—8月）", as_of=datetime.date(2026, 8, 31), due=datetime.date(2026, 9, 15)
    )
    report = make_report(personas, round=second)
    warnings.generate(today=datetime.date(2026, 9, 1))
    assert Warning.Rule.NO_SPENDING not in rules_of(report)


# --- report overdue -----------------------------------------------------------------------------


def test_a_report_is_overdue_only_after_the_due_date(personas):
    report = make_report(personas, spent=BUDGET, status=MonitoringReport.Status.DRAFT)
    warnings.generate(today=DUE)
    assert Warning.Rule.REPORT_OVERDUE not in rules_of(report)
    warnings.generate(today=DUE + datetime.timedelta(days=1))
    w = rules_of(report)[Warning.Rule.REPORT_OVERDUE]
    assert w.numbers["days_overdue"] == 1


def test_a_returned_report_not_resubmitted_is_overdue_but_a_submitted_one_is_not(personas):
    returned = make_report(personas, spent=BUDGET, status=MonitoringReport.Status.RETURNED)
    submitted = make_report(personas, round=returned.round, spent=BUDGET)
    warnings.generate(today=TODAY)
    assert Warning.Rule.REPORT_OVERDUE in rules_of(returned)
    assert Warning.Rule.REPORT_OVERDUE not in rules_of(submitted)


# --- idle funds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("carryover", "raised"),
    [("100000.00", False), ("100000.01", True), (None, False)],
)
def test_idle_funds_warns_when_the_expected_carryover_exceeds_the_policy_share(personas, carryover, raised):
    report = make_report(
        personas, spent=BUDGET, expected_carryover=None if carryover is None else Decimal(carryover)
    )
    warnings.generate(today=TODAY)
    assert (Warning.Rule.IDLE_FUNDS in rules_of(report)) is raised


def test_idle_funds_of_a_draft_report_are_not_judged(personas):
    report = make_report(
        personas, spent=BUDGET, status=MonitoringReport.Status.DRAFT, expected_carryover=BUDGET
    )
    warnings.generate(today=TODAY)
    assert Warning.Rule.IDLE_FUNDS not in rules_of(report)


# --- indicator miss -----------------------------------------------------------------------------


def _progress(report, name, expected=None, possibility=Possibility.POSSIBLE):
    indicator = report.target.indicators.get(name=name)
    return IndicatorProgress.objects.create(
        report=report, indicator=indicator, expected_value=expected, possibility=possibility
    )


def test_an_indicator_expected_to_miss_its_target_raises_a_warning_and_one_meeting_it_does_not(personas):
    report = make_report(personas, spent=BUDGET)
    _progress(report, "培训人次", Decimal("499"))  # ≥ 500
    _progress(report, "培训合格率", Decimal("95"), Possibility.CERTAIN)  # ≥ 95, met exactly
    _progress(report, "人均培训成本", Decimal("2000.0001"))  # ≤ 2000
    _progress(report, "参训教师满意度", Decimal("95"), Possibility.IMPOSSIBLE)
    warnings.generate(today=TODAY)
    raised = {
        w.indicator.name: w.level
        for w in Warning.objects.filter(report=report, rule=Warning.Rule.INDICATOR_MISS)
    }
    assert raised == {
        "培训人次": Warning.Level.ORANGE,
        "人均培训成本": Warning.Level.ORANGE,
        "参训教师满意度": Warning.Level.RED,
    }


# --- idempotence and automatic closing ----------------------------------------------------------


def test_generating_twice_creates_nothing_new(personas):
    report = make_report(personas, status=MonitoringReport.Status.DRAFT)
    first = warnings.generate(today=TODAY)
    count = Warning.objects.count()
    second = warnings.generate(today=TODAY)
    assert first.created == count >= 3
    assert second.created == 0
    assert Warning.objects.count() == count
    assert Warning.objects.filter(report=report).values("key").distinct().count() == count


def test_a_concurrent_run_inserting_the_same_warnings_creates_no_duplicates(personas):
    report = make_report(personas)
    round = MonitoringRound.objects.select_related("fiscal_year").get(pk=report.round_id)
    reports = list(MonitoringReport.objects.select_related("target").filter(pk=report.pk))
    firing, evaluated = warnings.evaluate_round(round, reports, TODAY)
    warnings.generate(today=TODAY)  # the other worker got there first
    result = warnings._apply(firing, evaluated)
    assert result.created == 0
    assert Warning.objects.count() == len(firing)


def test_a_warning_whose_cause_has_gone_is_closed_with_the_reason(personas):
    report = make_report(personas, spent=Decimal("100000.00"))
    warnings.generate(today=TODAY)
    lag = rules_of(report)[Warning.Rule.EXECUTION_LAG]
    ExpenditureFactory(project=report.project, amount=Decimal("400000.00"), date=datetime.date(2026, 5, 1))
    result = warnings.generate_for_projects([report.project_id], today=TODAY)
    lag.refresh_from_db()
    assert result.closed == 1
    assert lag.status == Warning.Status.CLOSED
    assert lag.closed_reason == "执行进度已恢复到容忍范围内"
    assert lag.closed_at is not None


def test_an_overdue_warning_closes_when_the_report_is_submitted(personas):
    report = make_report(personas, spent=BUDGET, status=MonitoringReport.Status.DRAFT)
    warnings.generate(today=TODAY)
    MonitoringReport.objects.filter(pk=report.pk).update(status=MonitoringReport.Status.SUBMITTED)
    warnings.generate_for_reports([report.pk], today=TODAY)
    w = Warning.objects.get(report=report, rule=Warning.Rule.REPORT_OVERDUE)
    assert w.status == Warning.Status.CLOSED
    assert w.closed_reason == "监控报告已报送"


def test_a_resolved_warning_is_not_closed_or_reopened_by_generation(personas):
    report = make_report(personas, spent=Decimal("100000.00"))
    warnings.generate(today=TODAY)
    Warning.objects.filter(report=report).update(status=Warning.Status.RESOLVED)
    ExpenditureFactory(project=report.project, amount=Decimal("400000.00"), date=datetime.date(2026, 5, 1))
    warnings.generate(today=TODAY)
    assert set(Warning.objects.filter(report=report).values_list("status", flat=True)) == {
        Warning.Status.RESOLVED
    }


def test_an_auto_closed_warning_reopens_when_its_cause_returns(personas):
    report = make_report(personas, status=MonitoringReport.Status.DRAFT)
    warnings.generate(today=TODAY)
    MonitoringReport.objects.filter(pk=report.pk).update(status=MonitoringReport.Status.SUBMITTED)
    warnings.generate(today=TODAY)
    MonitoringReport.objects.filter(pk=report.pk).update(status=MonitoringReport.Status.RETURNED)
    result = warnings.generate(today=TODAY)
    w = Warning.objects.get(report=report, rule=Warning.Rule.REPORT_OVERDUE)
    assert result.reopened == 1 and result.created == 0
    assert w.status == Warning.Status.OPEN and w.closed_reason == ""


# --- triggers -----------------------------------------------------------------------------------


def test_a_finished_expenditure_import_generates_warnings_for_its_projects(personas):
    import monitoring.warning_urls  # noqa: F401  (loaded with the URLconf)

    assert warnings.after_expenditure_import in imports.AFTER_IMPORT
    report = make_report(personas, spent=Decimal("0"))
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.EXPENDITURES,
        file_name="x.xlsx",
        sha256="0" * 64,
        status=ImportBatch.Status.DONE,
    )
    ExpenditureFactory(project=report.project, amount=Decimal("1000.00"), batch=batch)
    imports._run_after_import(batch)
    assert {Warning.Rule.EXECUTION_LAG} <= set(rules_of(report))


def test_the_management_command_and_the_task_run_the_same_generation(personas):
    from django.core.management import call_command

    from monitoring.tasks import generate_warnings

    make_report(personas)
    call_command("generate_warnings", "--date", TODAY.isoformat())
    count = Warning.objects.count()
    assert count > 0
    assert generate_warnings.delay().get()["created"] == 0
    assert Warning.objects.count() == count
