"""A small data set whose every dashboard figure is computed by hand (year 2026, as of 30 June).

P1 (unit A, dept D, 民生类, 一般公共预算): budget 1,000,000, spent 600,000; target approved,
   monitored, fiscal evaluation final 优; an open rectification (not overdue); a resolved warning.
P2 (unit B, dept D, 高质量发展, 政府性基金): budget 2,000,000, spent 200,000; target approved;
   open red warning (raised 20 June) and closed rectification + one overdue; linkage cut 200,000.
P3 (unit C, dept E, 其他, 一般公共预算): budget 500,000, nothing spent; target draft; department
   evaluation final 中; yellow warning raised 1 March; 100,000 recalled; payments suspended.
Q (another province): budget 9,000,000 — never in the 吉林 figures.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Organization
from budgets.models import BudgetType, Category
from evaluation.models import Evaluation
from monitoring.models import FundAction, MonitoringReport, MonitoringRound, Warning
from results.models import LinkageProposal, Rectification
from targets.models import Target
from tests.factories import AllocationFactory, ExpenditureFactory, FiscalYearFactory, ProjectFactory
from tests.results.linkage_data import grade_of
from tests.targets.helpers import make_target

YEAR = 2026
AS_OF = datetime.date(2026, 6, 30)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _project(unit, budget, spent, **fields):
    project = ProjectFactory(unit=unit, **fields)
    AllocationFactory(project=project, initial_amount=Decimal(budget))
    if spent:
        ExpenditureFactory(project=project, amount=Decimal(spent), voucher=f"V{project.pk}")
    return project


def _target(p, project, status):
    target = make_target(p, unit=project.unit, project=project)
    Target.objects.filter(pk=target.pk).update(status=status)
    return target


def _evaluation(p, project, kind, grade):
    """A finished evaluation with `grade` (linkage_data's helper, moved to this year)."""
    evaluation = grade_of(p, project, grade, kind=kind)
    Evaluation.objects.filter(pk=evaluation.pk).update(year=YEAR)


def _warning(project, key, level, raised, status=Warning.Status.OPEN):
    w = Warning.objects.create(
        key=key,
        rule=Warning.Rule.EXECUTION_LAG,
        level=level,
        year=YEAR,
        project=project,
        unit=project.unit,
        department=project.department,
        region=project.region,
        message="执行进度滞后",
        status=status,
    )
    Warning.objects.filter(pk=w.pk).update(raised_at=_aware(raised))
    return w


def _rectification(project, deadline, status=Rectification.Status.PENDING):
    return Rectification.objects.create(
        project=project,
        year=YEAR,
        unit=project.unit,
        department=project.department,
        region=project.region,
        problem="资金支付滞后",
        requirement="加快支付",
        deadline=deadline,
        status=status,
    )


def build(p) -> SimpleNamespace:
    """The three projects (and the other province's one); the summary is NOT refreshed here."""
    p1 = _project(p.unit_a, "1000000.00", "600000.00", category=Category.LIVELIHOOD)
    p2 = _project(
        p.unit_b,
        "2000000.00",
        "200000.00",
        category=Category.HIGH_QUALITY,
        budget_type=BudgetType.GOVERNMENT_FUND,
    )
    p3 = _project(p.unit_c, "500000.00", None, category=Category.OTHER)
    other_dept = Organization.objects.create(
        kind=Organization.Kind.DEPARTMENT, code="LN-D", name="辽宁省教育厅", region=p.other_province
    )
    other_unit = Organization.objects.create(
        kind=Organization.Kind.UNIT,
        code="LN-A",
        name="辽宁省实验中学",
        region=p.other_province,
        parent=other_dept,
    )
    FiscalYearFactory(region=p.other_province, year=YEAR)
    q = _project(other_unit, "9000000.00", "100.00")

    t1 = _target(p, p1, Target.Status.APPROVED)
    _target(p, p2, Target.Status.PUBLISHED)
    _target(p, p3, Target.Status.DRAFT)
    _target(p, q, Target.Status.APPROVED)
    round_ = MonitoringRound.objects.create(
        fiscal_year=p.year,
        name="第一轮",
        data_as_of=datetime.date(2026, 6, 30),
        due=datetime.date(2026, 7, 15),
    )
    MonitoringReport.objects.create(
        round=round_,
        target=t1,
        project=p1,
        year=YEAR,
        unit=p1.unit,
        department=p1.department,
        region=p1.region,
        status=MonitoringReport.Status.SUBMITTED,
    )
    _evaluation(p, p1, Evaluation.Kind.FISCAL, "优")
    _evaluation(p, p3, Evaluation.Kind.DEPARTMENT, "中")

    _warning(p1, "w-p1", Warning.Level.RED, datetime.date(2026, 6, 1), status=Warning.Status.RESOLVED)
    _warning(p2, "w-p2", Warning.Level.RED, datetime.date(2026, 6, 20))
    _warning(p3, "w-p3", Warning.Level.YELLOW, datetime.date(2026, 3, 1))

    _rectification(p1, datetime.date(2099, 1, 1))
    _rectification(p2, datetime.date(2020, 1, 1))
    _rectification(p2, datetime.date(2020, 1, 1), status=Rectification.Status.CLOSED)

    LinkageProposal.objects.create(
        fiscal_year=p.year,
        year=YEAR + 1,
        evaluated_year=YEAR,
        project=p2,
        unit=p2.unit,
        department=p2.department,
        region=p2.region,
        grade_label="中",
        base_amount=Decimal("2000000.00"),
        proposed_action=LinkageProposal.Action.CUT,
        proposed_change=Decimal("-200000.00"),
        action=LinkageProposal.Action.CUT,
        change=Decimal("-200000.00"),
        status=LinkageProposal.Status.CONFIRMED,
    )
    FundAction.objects.create(kind=FundAction.Kind.RECALL, project=p3, year=YEAR, amount=Decimal("100000.00"))
    FundAction.objects.create(kind=FundAction.Kind.SUSPEND, project=p3, year=YEAR)
    return SimpleNamespace(p1=p1, p2=p2, p3=p3, q=q)
