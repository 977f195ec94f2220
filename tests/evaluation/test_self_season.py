"""Opening the self-evaluation season [003 三(一)]: one self-evaluation per approved target (project
targets and departments' overall targets), idempotent, with the Policy's deadline of the next year."""

import datetime
from decimal import Decimal

import pytest

from budgets.models import Deadline, Policy
from evaluation import selfeval as se
from evaluation.models import Evaluation, Season, SelfEvaluationRow
from perfapp.models import Notification
from perfapp.workflow import WorkflowError
from targets.models import Comparator, Indicator, Level1, Target
from tests.evaluation.self_helpers import funded_target
from tests.monitoring.conftest import quick_approved_target
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db


def department_target(personas):
    target = Target.objects.create(
        kind=Target.Kind.DEPARTMENT,
        fiscal_year=personas.year,
        year=2026,
        name="吉林省教育厅2026年度部门整体支出绩效目标",
        unit=personas.dept_d,
        overall_goal="保障机构运转，完成年度重点工作。",
        status=Target.Status.APPROVED,
    )
    Indicator.objects.create(
        target=target,
        level1=Level1.OUTPUT,
        level2="数量指标",
        name="重点工作完成数",
        comparator=Comparator.GTE,
        target_value=Decimal("12"),
        unit="项",
    )
    return target


def test_opening_creates_one_self_evaluation_per_approved_target_with_its_indicators(personas):
    a = funded_target(personas, quick=True)
    b = quick_approved_target(personas, unit=personas.unit_b, status=Target.Status.PUBLISHED)
    dept = department_target(personas)
    make_target(personas)  # a draft target: no self-evaluation
    blocked = make_target(personas)
    Target.objects.filter(pk=blocked.pk).update(status=Target.Status.BLOCKED)

    season = se.open_season(personas.year, personas.finance_admin)

    evaluations = Evaluation.objects.filter(kind=Evaluation.Kind.SELF)
    assert {e.target_id for e in evaluations} == {a.pk, b.pk, dept.pk}
    e = evaluations.get(target=a)
    assert (e.unit, e.department, e.region, e.project, e.year) == (
        personas.unit_a,
        personas.dept_d,
        personas.province,
        a.project,
        2026,
    )
    assert e.name == a.name and e.goal_expected == a.overall_goal and e.status == Evaluation.Status.DRAFT
    assert not e.is_department_overall and evaluations.get(target=dept).is_department_overall
    rows = list(e.rows.order_by("order"))
    indicators = list(a.indicators.order_by("order"))
    assert [
        (r.indicator_id, r.level1, r.level2, r.name, r.comparator, r.target_value, r.unit) for r in rows
    ] == [(i.pk, i.level1, i.level2, i.name, i.comparator, i.target_value, i.unit) for i in indicators]
    assert all(r.score is None and r.actual_value is None for r in rows)
    # The money is there from the start: computed, not typed.
    assert (e.annual_budget, e.spent, e.execution_rate) == (
        Decimal("1000000.00"),
        Decimal("950000.00"),
        Decimal("95.00"),
    )
    assert season.opened_by == personas.finance_admin


def test_opening_again_keeps_what_exists_and_adds_targets_approved_since(personas):
    first = quick_approved_target(personas)
    season = se.open_season(personas.year, personas.finance_admin)
    e = Evaluation.objects.get(target=first)
    Evaluation.objects.filter(pk=e.pk).update(goal_actual="已填写")

    again = se.open_season(personas.year, personas.finance_admin)
    assert again.pk == season.pk and again.deadline_id == season.deadline_id
    assert Evaluation.objects.filter(kind=Evaluation.Kind.SELF).count() == 1
    assert Evaluation.objects.get(pk=e.pk).goal_actual == "已填写"
    assert e.rows.count() == 5

    later = quick_approved_target(personas, unit=personas.unit_b)
    se.open_season(personas.year, personas.finance_admin)
    assert set(Evaluation.objects.values_list("target_id", flat=True)) == {first.pk, later.pk}
    assert Season.objects.count() == 1
    assert Deadline.objects.filter(stage=Deadline.Stage.SELF_EVALUATION).count() == 1


def test_the_deadline_is_the_policy_date_of_the_next_year(personas):
    season = se.open_season(personas.year, personas.finance_admin)
    assert season.deadline.due == datetime.date(2027, 5, 31)
    assert season.deadline.stage == Deadline.Stage.SELF_EVALUATION
    assert season.deadline.fiscal_year == personas.year


def test_a_bureau_that_sets_another_date_gets_it(personas):
    Policy.objects.create(
        fiscal_year=personas.year, version=2, data={"deadlines": {"self_evaluation": "04-30"}}
    )
    personas.year.__dict__.pop("policy_row", None)
    season = se.open_season(personas.year, personas.finance_admin)
    assert season.deadline.due == datetime.date(2027, 4, 30)


def test_an_approved_target_replaced_by_an_approved_adjustment_is_evaluated_once(personas):
    old = quick_approved_target(personas)
    new = make_target(personas, project=old.project, previous=old)
    Target.objects.filter(pk=new.pk).update(status=Target.Status.APPROVED)
    se.open_season(personas.year, personas.finance_admin)
    assert list(Evaluation.objects.values_list("target_id", flat=True)) == [new.pk]


@pytest.mark.parametrize(
    "who", ["finance_reviewer", "dept_d_officer", "officer_a", "leader", "auditor", "other_finance_admin"]
)
def test_only_the_regions_finance_admin_opens_the_season(personas, who):
    quick_approved_target(personas)
    with pytest.raises(WorkflowError) as refused:
        se.open_season(personas.year, getattr(personas, who))
    assert refused.value.code == "permission"
    assert not Season.objects.exists() and not Evaluation.objects.exists()


def test_every_declaring_unit_is_told(personas):
    quick_approved_target(personas)
    department_target(personas)
    se.open_season(personas.year, personas.finance_admin)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"unit_a", "dept_d"}
    assert Notification.objects.filter(title__contains="2027-05-31").count() == 2


def test_opening_takes_the_same_number_of_queries_for_2_and_8_targets(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    se.open_season(personas.year, personas.finance_admin)  # the season and its deadline

    def count(n):
        for _ in range(n):
            funded_target(personas, quick=True)
        department_target(personas) if n == 2 else None
        with CaptureQueriesContext(connection) as ctx:
            se.open_season(personas.year, personas.finance_admin)
        return len(ctx.captured_queries)

    small = count(2)
    large = count(8)
    assert Evaluation.objects.count() == 11
    assert SelfEvaluationRow.objects.count() == 10 * 5 + 1
    assert large <= small
