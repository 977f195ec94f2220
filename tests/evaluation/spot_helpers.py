"""Building evaluations for spot-check tests: accepted self-evaluations with scored rows and final
department evaluations, created directly (the self-evaluation and external chains are tested in
their own files)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import Organization
from evaluation.models import Attachment, Evaluation, SelfEvaluationRow
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound
from targets.models import Comparator, Level1
from tests.factories import OrganizationFactory

D = Decimal
TOTAL_GOOD = D("85.00")
TOTAL_DEPT = D("82.00")
BUDGET = D("1000000.00")
RATE = D("95.00")


def make_department(personas, code: str, name: str | None = None, division=None) -> Organization:
    return OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT,
        code=code,
        name=name or f"测试部门{code}",
        region=personas.province,
        parent=personas.bureau,
        division=division or personas.division_x,
    )


def make_unit(personas, department, code: str) -> Organization:
    return OrganizationFactory(
        kind=Organization.Kind.UNIT,
        code=code,
        name=f"测试单位{code}",
        region=personas.province,
        parent=department,
    )


#: A plain row set: not every row at full marks. (level1, name, comparator, target, actual, points, score)
PLAIN_ROWS = (
    (Level1.OUTPUT, "培训人次", Comparator.GTE, D("500"), D("450"), D("25"), D("22.50")),
    (Level1.OUTPUT, "培训合格率", Comparator.GTE, D("95"), D("95"), D("25"), D("25")),
    (Level1.OUTCOME, "教学能力提升率", Comparator.GTE, D("80"), D("80"), D("30"), D("30")),
    (Level1.SATISFACTION, "参训教师满意度", Comparator.GTE, D("90"), D("92"), D("10"), D("10")),
)
FULL_ROWS = tuple((*r[:4], r[3], r[5], r[5]) for r in PLAIN_ROWS)


def self_evaluation(
    personas,
    *,
    department=None,
    unit=None,
    rows=PLAIN_ROWS,
    total=TOTAL_GOOD,
    grade=("good", "良"),
    annual_budget=BUDGET,
    execution_rate=RATE,
    status=Evaluation.Status.ACCEPTED,
    target=None,
    evidence=True,
    name=None,
    indicators=None,
    **fields,
) -> Evaluation:
    """An accepted project self-evaluation with its rows scored as given. `evidence`: every row at
    full marks gets an evidence file (so missing evidence is not a risk unless asked)."""
    department = department or personas.dept_d
    if unit is None:
        unit = personas.unit_a if department == personas.dept_d else department
    spent = (annual_budget * execution_rate / 100).quantize(D("0.01"))
    evaluation = Evaluation.objects.create(
        kind=Evaluation.Kind.SELF,
        fiscal_year=personas.year,
        year=personas.year.year,
        target=target,
        project=target.project if target else None,
        name=name or f"{department.name}项目自评",
        unit=unit,
        department=department,
        region=personas.province,
        initial_budget=annual_budget,
        annual_budget=annual_budget,
        spent=spent,
        execution_rate=execution_rate,
        execution_score=D("10")
        if execution_rate >= 100
        else (D("10") * execution_rate / 100).quantize(D("0.01")),
        total_score=total,
        grade=grade[0],
        grade_label=grade[1],
        status=status,
        **fields,
    )
    for n, (level1, row_name, comparator, target_value, actual, points, score) in enumerate(rows):
        row = SelfEvaluationRow.objects.create(
            evaluation=evaluation,
            indicator=(indicators or {}).get(row_name),
            order=n,
            level1=level1,
            name=row_name,
            comparator=comparator,
            target_value=target_value,
            actual_value=actual,
            points=points,
            score=score,
        )
        if evidence and score >= points:
            Attachment.objects.create(
                evaluation=evaluation, row=row, file=f"evaluation/x/{n}.pdf", name="佐证.pdf"
            )
    return evaluation


def department_evaluation(personas, *, department=None, total=TOTAL_DEPT, grade=("good", "良"), **fields):
    department = department or personas.dept_d
    return Evaluation.objects.create(
        kind=Evaluation.Kind.DEPARTMENT,
        fiscal_year=personas.year,
        year=personas.year.year,
        name=fields.pop("name", f"{department.name}部门评价"),
        unit=fields.pop("unit", department),
        department=department,
        region=personas.province,
        total_score=total,
        grade=grade[0],
        grade_label=grade[1],
        status=Evaluation.Status.FINAL,
        **fields,
    )


def impossible_mid_year(personas, target, indicator_name: str) -> IndicatorProgress:
    """A monitoring report of `target` that calls `indicator_name` 完全不可能 mid-year."""
    rnd, _created = MonitoringRound.objects.get_or_create(
        fiscal_year=personas.year,
        name="第一轮（1—6月）",
        defaults={"data_as_of": datetime.date(2026, 6, 30), "due": datetime.date(2026, 7, 15)},
    )
    report = MonitoringReport.objects.create(
        round=rnd,
        target=target,
        project=target.project,
        year=target.year,
        unit_id=target.unit_id,
        department_id=target.department_id,
        region_id=target.region_id,
        status=MonitoringReport.Status.ACCEPTED,
    )
    return IndicatorProgress.objects.create(
        report=report, indicator=target.indicators.get(name=indicator_name), possibility="impossible"
    )


def set_share(personas, share="1", **more):
    """Set the year's spot-check share (and any other evaluation policy) and return a fresh year."""
    from budgets.models import FiscalYear, Policy

    Policy.objects.filter(fiscal_year=personas.year).update(
        data={"evaluation": {"spot_check_share": share, **more}}
    )
    return FiscalYear.objects.get(pk=personas.year.pk)


def drawn(personas, seed=11):
    """A spot check drawing every department (share 100 %): department D with a self-evaluation
    (良 85) and a department evaluation (良 82), department E with a self-evaluation (良 85)."""
    from types import SimpleNamespace

    from evaluation.spotchecks import draw

    year = set_share(personas)
    own = self_evaluation(personas, name="教育厅培训项目自评")
    dept_eval = department_evaluation(personas, name="教育厅部门评价")
    other = self_evaluation(personas, department=personas.dept_e, unit=personas.unit_c, name="卫健委项目自评")
    spot_check = draw(year, personas.finance_admin, seed=seed)
    items = {i.evaluation_id: i for i in spot_check.items.select_related("evaluation", "spot_check")}
    return SimpleNamespace(
        year=year,
        spot_check=spot_check,
        self_d=items[own.pk],
        dept_d=items[dept_eval.pk],
        self_e=items[other.pk],
    )
