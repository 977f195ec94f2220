"""The summary stays current after real transitions (marked stale in the changing transaction and
refreshed by the Celery task once it commits), and cached figures follow the data version."""

from decimal import Decimal

import pytest

from dashboards import figures, summary
from dashboards.models import DataVersion, DirtyProject, ProjectYearSummary
from monitoring.measures import resolve
from monitoring.models import Warning
from perfapp.workflow import perform
from results.linkage import confirm, propose
from targets.models import Target
from targets.review import review_by_department, review_by_finance
from tests.dashboards.data import YEAR, build
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory
from tests.monitoring.conftest import OPINIONS
from tests.results.linkage_data import EVALUATED, linked_project
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db


def _row(project, year=YEAR):
    return ProjectYearSummary.objects.filter(project=project, year=year).first()


def test_target_submit_and_approval_reach_the_summary(personas, django_capture_on_commit_callbacks):
    p = personas
    target = make_target(p)
    with django_capture_on_commit_callbacks(execute=True):
        target = perform(target, "submit", p.officer_a, seen_version=target.version)
    row = _row(target.project)
    assert row is not None and row.target_approved is False
    with django_capture_on_commit_callbacks(execute=True):
        target = review_by_department(target, p.dept_d_officer, approved=True, opinions=OPINIONS)
        target = review_by_finance(target, p.finance_reviewer, grade="优", opinions=OPINIONS)
    assert target.status == Target.Status.APPROVED
    assert _row(target.project).target_approved is True
    assert not DirtyProject.objects.exists()


def test_a_recall_reaches_the_summary(personas, django_capture_on_commit_callbacks):
    p = personas
    project = ProjectFactory(unit=p.unit_a)
    AllocationFactory(project=project, initial_amount=Decimal("1000000.00"))
    ExpenditureFactory(project=project, amount=Decimal("100000.00"), voucher="V1")
    warning = Warning.objects.create(
        key="lag-1",
        rule=Warning.Rule.EXECUTION_LAG,
        level=Warning.Level.RED,
        year=YEAR,
        project=project,
        unit=project.unit,
        department=project.department,
        region=project.region,
        message="执行进度滞后",
    )
    summary.refresh(YEAR)
    assert (_row(project).warn_red, _row(project).budget) == (1, Decimal("1000000.00"))
    with django_capture_on_commit_callbacks(execute=True):
        resolve(warning, p.finance_admin, "recall", "资金沉淀", amount=Decimal("300000.00"))
    row = _row(project)
    assert (row.moved_recall, row.budget, row.warn_red) == (Decimal("300000.00"), Decimal("700000.00"), 0)


def test_a_linkage_confirmation_reaches_the_summary(personas, django_capture_on_commit_callbacks):
    p = personas
    project = linked_project(p, "中")  # evaluated 2025 (1,000,000), budgeted 2026
    summary.refresh(EVALUATED)
    assert _row(project, EVALUATED).grade == "中"
    proposals = propose(p.year, p.finance_admin)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(proposals, p.finance_admin)
    assert _row(project, EVALUATED).moved_cut == Decimal("100000.00")
    assert _row(project, YEAR).budget == Decimal("900000.00")


def test_cached_figures_follow_the_data_version_and_never_cross_scopes(personas):
    p = personas
    build(p)
    summary.refresh(YEAR)
    before = figures.dashboard(p.leader, YEAR)
    assert before["totals"]["projects"] == 3
    version = DataVersion.objects.get(region=p.province, year=YEAR).version
    # A new project: marked stale in this transaction, the summary and the cache not yet refreshed.
    AllocationFactory(project=ProjectFactory(unit=p.unit_c), initial_amount=Decimal("10.00"))
    assert DirtyProject.objects.filter(year=YEAR).count() == 1
    assert figures.dashboard(p.leader, YEAR)["totals"]["projects"] == 3
    summary.refresh_dirty()
    assert DataVersion.objects.get(region=p.province, year=YEAR).version == version + 1
    assert figures.dashboard(p.leader, YEAR)["totals"]["projects"] == 4
    # Same year, same data, another scope: its own key and its own figures.
    assert figures.cache_key(p.dept_e_officer, YEAR, figures.Filters(), before["as_of"]) != figures.cache_key(
        p.leader, YEAR, figures.Filters(), before["as_of"]
    )
    assert figures.dashboard(p.dept_e_officer, YEAR)["totals"]["projects"] == 2


def test_a_cache_hit_costs_the_scope_and_version_lookups_only(personas, django_assert_max_num_queries):
    from accounts.models import User

    build(personas)
    summary.refresh(YEAR)
    figures.dashboard(personas.leader, YEAR)
    leader = User.objects.get(pk=personas.leader.pk)
    with django_assert_max_num_queries(6):
        assert figures.dashboard(leader, YEAR)["totals"]["projects"] == 3


def test_refresh_removes_rows_of_project_years_that_no_longer_exist(personas):
    project = build(personas).p3
    summary.refresh(YEAR)
    assert _row(project) is not None
    project.allocations.all().delete()
    project.targets.all().delete()
    summary.refresh(YEAR, [project.pk])
    assert _row(project) is None
