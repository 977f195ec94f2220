"""The demo's self-evaluation season: the previous year's, opened through the rule, with totals in
every grade band, most accepted, some at each review step, one downgraded for a violation; the
current year when the previous one has no approved targets; reset removes it."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from evaluation import demo_self
from evaluation.models import Evaluation, Season
from perfapp.models import TransitionLog
from targets.models import Indicator, Target
from tests.factories import AllocationFactory, ExpenditureFactory, FiscalYearFactory, ProjectFactory
from tests.targets.helpers import clean_indicators

pytestmark = pytest.mark.django_db
S = Evaluation.Status


def approved_targets(personas, fiscal_year, n):
    for i in range(n):
        project = ProjectFactory(
            unit=personas.unit_a if i % 2 else personas.unit_b,
            start_year=fiscal_year.year,
            end_year=fiscal_year.year,
        )
        AllocationFactory(project=project, year=fiscal_year.year, initial_amount=Decimal("1000000"))
        ExpenditureFactory(
            project=project,
            year=fiscal_year.year,
            date=datetime.date(fiscal_year.year, 10, 1),
            amount=Decimal(900000 + 10000 * (i % 10)),
        )
        target = Target.objects.create(
            fiscal_year=fiscal_year,
            year=fiscal_year.year,
            project=project,
            name=f"{project.name}绩效目标",
            unit=project.unit,
            overall_goal="完成全省教师培训。",
            status=Target.Status.APPROVED,
        )
        for n_, data in enumerate(clean_indicators()):
            Indicator.objects.create(target=target, order=n_, **data)


def test_the_demo_evaluates_the_previous_year_across_every_grade(personas):
    last_year = FiscalYearFactory(region=personas.province, year=2025, is_current=False)
    approved_targets(personas, last_year, 20)
    logged = []
    counts = demo_self.seed(
        [personas.province.pk], 2026, seed=7, today=datetime.date(2026, 9, 1), log=logged.append
    )

    season = Season.objects.get()
    assert season.fiscal_year == last_year and season.deadline.due == datetime.date(2026, 5, 31)
    evaluations = Evaluation.objects.filter(kind=Evaluation.Kind.SELF)
    assert evaluations.count() == 20 == counts["self_evaluation"]
    statuses = Counter(evaluations.values_list("status", flat=True))
    assert statuses[S.ACCEPTED] >= 12
    assert {S.SUBMITTED, S.DEPT_APPROVED, S.RETURNED, S.DRAFT} <= set(statuses)
    grades = set(evaluations.filter(status=S.ACCEPTED).values_list("grade_label", flat=True))
    assert {"优", "良", "中", "差"} <= set(
        evaluations.exclude(status=S.DRAFT).values_list("grade_label", flat=True)
    )
    assert len(grades) >= 3
    downgraded = evaluations.get(downgraded=True)
    assert downgraded.violation and downgraded.status == S.ACCEPTED and "挤占" in downgraded.violation_note
    accepted = evaluations.filter(status=S.ACCEPTED).first()
    assert accepted.scheme_data and accepted.submitted_at.date() <= datetime.date(2026, 5, 31)
    assert list(
        TransitionLog.objects.filter(object_id=accepted.pk)
        .order_by("at", "pk")
        .values_list("transition", flat=True)
    ) == ["submit", "dept_approve", "business_approve", "accept"]
    # The scores are the scorer's: every scored row carries its formula.
    assert not accepted.rows.filter(formula="").exists()
    assert "2025年度" in logged[0]

    removed = demo_self.reset([personas.province.pk])
    assert removed["self_evaluation"] == 20 and removed["self_evaluation_season"] == 1
    assert (
        not Evaluation.objects.exists() and not TransitionLog.objects.filter(object_id=accepted.pk).exists()
    )


def test_without_approved_targets_last_year_the_current_year_is_used(personas):
    FiscalYearFactory(region=personas.province, year=2025, is_current=False)
    approved_targets(personas, personas.year, 3)
    logged = []
    demo_self.seed([personas.province.pk], 2026, seed=7, today=datetime.date(2026, 9, 1), log=logged.append)
    assert Season.objects.get().fiscal_year == personas.year
    assert "改为开启2026年度自评" in logged[0]
