"""Building self-evaluations for the self-evaluation tests: approved targets with money, the season
opened through evaluation.selfeval.open_season, and rows filled in."""

from __future__ import annotations

import datetime
from decimal import Decimal

from evaluation import selfeval as se
from evaluation.models import Evaluation
from perfapp.workflow import perform
from tests.factories import AllocationFactory, ExpenditureFactory
from tests.monitoring.conftest import approved_target, quick_approved_target

D = Decimal
BUDGET = D("1000000.00")
SPENT = D("950000.00")
#: 培训人次 500, 培训合格率 95 %, 人均培训成本 ≤ 2000, 教学能力提升率 80 %, 满意度 90 % (tests.targets.helpers)
FULL = {
    "培训人次": D("500"),
    "培训合格率": D("96"),
    "人均培训成本": D("1800"),
    "参训教师教学能力提升率": D("85"),
    "参训教师满意度": D("93"),
}

__all__ = ["approved_target", "quick_approved_target"]


def funded_target(personas, *, unit=None, spent=SPENT, quick=False, **fields):
    """An approved target with 100万 budgeted in 2026 and `spent` paid."""
    make = quick_approved_target if quick else approved_target
    target = make(personas, unit=unit, **fields) if unit else make(personas, **fields)
    AllocationFactory(project=target.project, initial_amount=BUDGET)
    if spent:
        ExpenditureFactory(project=target.project, date=datetime.date(2026, 11, 20), amount=spent)
    return target


def open_and_get(personas, target) -> Evaluation:
    se.open_season(personas.year, personas.finance_admin)
    return Evaluation.objects.get(target=target, kind=Evaluation.Kind.SELF)


def self_evaluation_a(personas, **kwargs) -> Evaluation:
    """Unit A's self-evaluation of a target with 100万 budget, 95万 spent (execution 95 %)."""
    return open_and_get(personas, funded_target(personas, **kwargs))


def fill(evaluation: Evaluation, user, actuals: dict | None = None, reasons: dict | None = None, **fields):
    """Fill every row (FULL unless given) and the goal's actual through the rule the pages use."""
    actuals = {**FULL, **(actuals or {})}
    reasons = reasons or {}
    rows = {}
    for row in evaluation.rows.all():
        values = {"actual_value": actuals.get(row.name)}
        if row.name in reasons:
            values["deviation_reason"] = reasons[row.name]
        rows[row.pk] = values
    evaluation.refresh_from_db()
    evaluation, _problem = se.save_inputs(
        evaluation,
        user,
        fields={"goal_actual": fields.pop("goal_actual", "完成全省500人次教师培训。"), **fields},
        rows=rows,
        seen_version=evaluation.version,
    )
    evaluation.refresh_from_db()
    return evaluation


def submitted(personas, evaluation, user=None):
    user = user or personas.officer_a
    evaluation = fill(evaluation, user)
    return perform(evaluation, "submit", user, seen_version=evaluation.version)


def walk(personas, evaluation, to: str) -> Evaluation:
    """Take a filled self-evaluation of unit A along the review chain to status `to`."""
    S = Evaluation.Status
    evaluation = submitted(personas, evaluation)
    steps = [
        (S.DEPT_APPROVED, "dept_approve", personas.dept_d_officer),
        (S.BUSINESS_APPROVED, "business_approve", personas.finance_reviewer),
        (S.ACCEPTED, "accept", personas.finance_admin),
    ]
    for status, name, user in steps:
        if evaluation.status == to:
            break
        evaluation = perform(evaluation, name, user, seen_version=evaluation.version)
        assert evaluation.status == status
    return evaluation
