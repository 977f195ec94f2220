"""Builders shared by the department/fiscal evaluation tests (test_external_*.py).

Budgeted projects with their 全年预算数, the expert pool, a department plan, and an evaluation
taken to 评价中 with experts assigned — each through the real rules.
"""

from __future__ import annotations

from decimal import Decimal

from accounts.models import Role
from budgets.models import Category, Project
from evaluation import experts as ex
from evaluation import plans as pl
from evaluation.external import run_transition
from evaluation.models import EvaluationPlan, ExpertProfile
from evaluation.schemes import level3
from tests.factories import AllocationFactory, ProjectFactory, make_user


def budgeted(
    unit, amount="1000000", *, total=None, category=Category.LIVELIHOOD, status=None, year=2026, **kw
):
    """A project in the year's budget (执行中) with 全年预算数 `amount` yuan."""
    project = ProjectFactory(
        unit=unit,
        status=status or Project.Status.IN_PROGRESS,
        category=category,
        total_amount=Decimal(total or amount),
        start_year=year,
        end_year=year,
        **kw,
    )
    AllocationFactory(project=project, year=year, initial_amount=Decimal(amount))
    return project


def pool_entry(personas, user, *, employer=None, conflicts=(), agency=None) -> ExpertProfile:
    profile = ExpertProfile.objects.create(
        user=user,
        region=personas.province,
        employer=employer,
        agency=agency,
        expertise="财务管理",
        title="高级会计师",
    )
    profile.declared_conflicts.set(conflicts)
    return profile


def experts(personas, n=2) -> list:
    """`n` pool experts working at the third-party agency (no conflict with units A/B/C)."""
    users = [personas.expert] + [
        make_user(f"expert{i}", Role.EXPERT, personas.agency) for i in range(2, n + 1)
    ]
    for user in users:
        pool_entry(personas, user, agency=personas.agency)
    return users


def dept_plan(personas, department=None, officer=None) -> EvaluationPlan:
    return pl.create_plan(
        personas.year,
        EvaluationPlan.Kind.DEPARTMENT,
        officer or personas.dept_d_officer,
        department=department or personas.dept_d,
    )


def fiscal_plan(personas) -> EvaluationPlan:
    return pl.create_plan(personas.year, EvaluationPlan.Kind.FISCAL, personas.finance_admin)


def running_evaluation(personas, n_experts=2, amount="1000000"):
    """A department evaluation of unit A's project, 评价中, with `n_experts` experts assigned."""
    project = budgeted(personas.unit_a, amount)
    plan = dept_plan(personas)
    evaluation = pl.add_project(plan, project, personas.dept_d_officer)
    users = experts(personas, n_experts)
    for user in users:
        ex.assign(evaluation, user, personas.dept_d_officer)
    pl.confirm_plan(plan, personas.dept_d_officer)
    evaluation = run_transition(evaluation, "start", personas.dept_d_officer, seen_version=evaluation.version)
    return evaluation, users


def assignment_of(evaluation, user):
    return evaluation.assignments.get(expert=user)


def score_all(evaluation, user, share="1", submit=True, comment=""):
    """The expert scores every level-3 criterion at `share` of its points (a callable may choose)."""
    assignment = assignment_of(evaluation, user)
    entries = {}
    for c in level3(evaluation.scheme):
        value = share(c) if callable(share) else (c.points * Decimal(share)).quantize(Decimal("0.01"))
        entries[c.pk] = (value, comment)
    ex.save_scores(assignment, entries, user)
    if submit:
        ex.submit_scores(assignment_of(evaluation, user), user)
    return entries
