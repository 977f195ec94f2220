"""seed_demo fills department and fiscal evaluations; 我的待办 shows plans to make, scores to
submit and agreed scores to fix; the list page's query count does not grow with its rows."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from accounts.models import ExpertAssignment, User
from evaluation import experts as ex
from evaluation.models import Assignment, CriterionResult, Evaluation, EvaluationPlan, ExpertProfile
from evaluation.schemes import level3
from evaluation.todo_external import awaiting_agreed_scores, external_evaluation_todo
from tests.evaluation.test_external_support import budgeted, dept_plan, running_evaluation, score_all

pytestmark = pytest.mark.django_db

CURRENT = 2026
#: Department and fiscal evaluations look at the finished year that was self-evaluated.
YEAR = CURRENT - 1


def seed_demo(*args):
    call_command("seed_demo", "--scale", "small", "--year", str(CURRENT), *args, stdout=io.StringIO())


@pytest.fixture
def seeded(db):
    seed_demo("--seed", "7")


# --- demo -------------------------------------------------------------------------------------------


def test_the_demo_has_final_department_and_fiscal_evaluations_with_agreed_scores(seeded):
    finals = Evaluation.objects.filter(year=YEAR, status=Evaluation.Status.FINAL)
    department = finals.filter(kind=Evaluation.Kind.DEPARTMENT)
    assert department.count() >= 3
    assert finals.filter(kind=Evaluation.Kind.FISCAL).count() == 1
    for evaluation in finals:
        criteria = level3(evaluation.scheme)
        agreed = dict(
            CriterionResult.objects.filter(evaluation=evaluation).values_list("criterion_id", "score")
        )
        assert set(agreed) == {c.pk for c in criteria}
        assert evaluation.total_score == sum(agreed.values())
        assert (
            Assignment.objects.filter(evaluation=evaluation, active=True, submitted_at__isnull=False).count()
            == 3
        )
        assert evaluation.grade_label
    assert len(set(department.values_list("grade_label", flat=True))) >= 3
    assert finals.filter(downgraded=True).exists()
    assert finals.filter(kind=Evaluation.Kind.FISCAL, flagged_by_audit=True, is_onsite=True).exists()


def test_the_demo_expert_has_an_evaluation_in_progress_to_score(seeded):
    expert = User.objects.get(username="expert")
    running = Evaluation.objects.get(kind=Evaluation.Kind.DEPARTMENT, status=Evaluation.Status.IN_PROGRESS)
    mine = Assignment.objects.get(evaluation=running, expert=expert)
    assert mine.submitted_at is None
    assert not ex.can_see_panel(expert, running)
    assert running in Evaluation.objects.visible_to(expert)
    titles = [i.title for i in external_evaluation_todo(expert)]
    assert "待提交的专家评分" in titles


def test_the_demo_plans_are_confirmed_and_cover_the_share_by_money(seeded):
    from evaluation.plans import coverage

    plans = EvaluationPlan.objects.filter(year=YEAR, kind=EvaluationPlan.Kind.DEPARTMENT)
    assert plans.exists()
    for plan in plans:
        assert plan.status == EvaluationPlan.Status.CONFIRMED
        assert coverage(plan).met
    assert ExpertProfile.objects.count() == 3


def test_reset_removes_the_external_evaluations_and_a_reload_gives_the_same(seeded):
    before = sorted(
        Evaluation.objects.filter(kind__in=["department", "fiscal"]).values_list(
            "project__code", "total_score"
        )
    )
    seed_demo("--reset", "--seed", "7")
    after = sorted(
        Evaluation.objects.filter(kind__in=["department", "fiscal"]).values_list(
            "project__code", "total_score"
        )
    )
    assert before == after
    assert not ExpertAssignment.objects.filter(purpose__startswith="evaluation:", active=False).exists()


# --- 我的待办 ----------------------------------------------------------------------------------------


def test_department_and_finance_admin_are_asked_for_their_plans(personas):
    from budgets.models import Deadline

    personas.year.create_default_deadlines()
    titles = {i.title: i for i in external_evaluation_todo(personas.dept_d_officer)}
    assert titles["编制2026年度部门评价计划"].due == Deadline.objects.get(stage="department_evaluation").due
    assert "编制2026年度财政重点评价计划" in {
        i.title for i in external_evaluation_todo(personas.finance_admin)
    }

    plan = dept_plan(personas)
    from evaluation import plans as pl

    pl.add_project(plan, budgeted(personas.unit_a), personas.dept_d_officer)
    pl.confirm_plan(plan, personas.dept_d_officer)
    assert "编制2026年度部门评价计划" not in {
        i.title for i in external_evaluation_todo(personas.dept_d_officer)
    }
    assert external_evaluation_todo(personas.officer_a) == []


def test_experts_and_the_evaluator_get_their_scoring_work(personas):
    evaluation, (first, second) = running_evaluation(personas)
    assert [i.title for i in external_evaluation_todo(first)] == ["待提交的专家评分"]
    assert not awaiting_agreed_scores(personas.dept_d_officer).exists()

    score_all(evaluation, first, "0.9")
    score_all(evaluation, second, "0.8")

    assert external_evaluation_todo(first) == []
    assert list(awaiting_agreed_scores(personas.dept_d_officer)) == [evaluation]
    assert not awaiting_agreed_scores(personas.dept_e_officer).exists()
    assert not awaiting_agreed_scores(personas.finance_admin).exists()
    entries = {c.pk: (c.points, "") for c in level3(evaluation.scheme)}
    ex.fix_agreed_scores(evaluation, entries, personas.dept_d_officer)
    assert not awaiting_agreed_scores(personas.dept_d_officer).exists()


# --- query counts -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_plan_page_query_count_is_the_same_at_5_and_50_items(personas, login):
    from evaluation import plans as pl

    counts = []
    for n, unit, officer, department in (
        (5, personas.unit_a, personas.dept_d_officer, personas.dept_d),
        (50, personas.unit_c, personas.dept_e_officer, personas.dept_e),
    ):
        plan = dept_plan(personas, department=department, officer=officer)
        for _ in range(n):
            pl.add_project(plan, budgeted(unit, "100000"), officer)
        counts.append(_queries(login(officer), f"/evaluation/plans/{plan.pk}/"))
    assert counts[0] == counts[1], counts


def test_expert_pool_query_count_is_the_same_at_5_and_50_experts(personas, login):
    from accounts.models import Role
    from tests.evaluation.test_external_support import pool_entry
    from tests.factories import make_user

    client = login(personas.finance_admin)
    counts = []
    made = 0
    for n in (5, 50):
        while made < n:
            made += 1
            user = make_user(f"pool{made}", Role.EXPERT, personas.agency)
            pool_entry(personas, user, conflicts=[personas.unit_a, personas.dept_e])
        counts.append(_queries(client, "/evaluation/experts/"))
    assert counts[0] == counts[1], counts
