import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import Project
from perfapp.workflow import perform
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def detail(project):
    return reverse("budgets:project_detail", args=[project.pk])


@pytest.mark.parametrize(
    "who",
    [
        "officer_a",
        "officer_b",
        "officer_c",
        "dept_d_officer",
        "dept_e_officer",
        "finance_reviewer",
        "finance_admin",
        "leader",
        "auditor",
        "expert",
        "other_finance_admin",
    ],
)
def test_detail_opens_for_visible_projects_and_is_404_for_all_others(
    personas, library, visible_sets, login, who
):
    client = login(getattr(personas, who))
    for project in (library.a, library.b, library.c):
        expected = 200 if project.pk in visible_sets[who] else 404
        assert client.get(detail(project)).status_code == expected, project.code


def test_detail_shows_fields_allocations_spending_and_history(personas, library, login):
    ExpenditureFactory(
        project=library.a,
        year=2026,
        amount=Decimal("1.00"),
        voucher="VX-LATEST",
        date=datetime.date(2026, 5, 1),
    )
    response = login(personas.officer_a).get(detail(library.a), {"year": 2026})
    body = response.content.decode()
    assert library.a.name in body and library.a.code in body
    assert "吉林省实验中学" in body and "吉林省教育厅" in body
    assert "年初预算数（元）" in body and "1,000,000.00" in body
    assert "VX-LATEST" in body
    assert "共 2 笔，合计 250,001.00 元" in body
    assert "修改记录" in body and "流转记录" in body


@time_machine.travel(
    datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
)
def test_detail_computes_execution_time_progress_and_common_indicators(personas, login):
    project = ProjectFactory(unit=personas.unit_a)
    AllocationFactory(
        project=project,
        year=2026,
        fund_source="local",
        initial_amount=Decimal("800000"),
        adjustment=Decimal("200000"),
    )
    AllocationFactory(
        project=project, year=2026, fund_source="transfer", initial_amount=Decimal("200000"), detailed=False
    )
    ExpenditureFactory(project=project, year=2026, date=datetime.date(2026, 6, 1), amount=Decimal("400000"))
    ExpenditureFactory(project=project, year=2026, date=datetime.date(2026, 6, 30), amount=Decimal("200000"))
    # A payment dated after today is not yet spent.
    ExpenditureFactory(project=project, year=2026, date=datetime.date(2026, 7, 1), amount=Decimal("999"))
    response = login(personas.officer_a).get(detail(project), {"year": 2026})
    e = response.context["execution"]
    assert e.budget == Decimal("1200000") and e.spent == Decimal("600000")
    assert e.execution_rate == Decimal("50.00")
    assert e.time_progress == Decimal("49.59")  # 181 of 365 days
    assert e.progress_gap == Decimal("0.41")
    assert e.allocation_rate == Decimal("80.00")  # 800,000 of 1,000,000 年初 detailed to the project
    body = response.content.decode()
    assert "49.59%" in body and "50.00%" in body and "80.00%" in body


def _detail_queries(client, project) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(detail(project), {"year": 2026})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(project, n):
    """n more allocations (one per earlier year), payments, and saved edits (history rows)."""
    start = project.allocations.count()
    for i in range(start, start + n):
        AllocationFactory(project=project, year=1990 + i, fund_source="local")
        ExpenditureFactory(project=project, year=2026)
        project.refresh_from_db()
        project.name = f"实验室改造第{i}期"
        project.save()


def test_detail_runs_the_same_number_of_queries_with_5_and_with_50_records(personas, login):
    project = ProjectFactory(unit=personas.unit_a, start_year=2026, end_year=2026)
    client = login(personas.finance_admin)
    _grow(project, 5)
    with_5 = _detail_queries(client, project)
    _grow(project, 45)
    with_50 = _detail_queries(client, project)
    assert with_5 == with_50


def test_detail_query_count_stays_small(personas, library, login, django_assert_max_num_queries):
    client = login(personas.dept_d_officer)
    with django_assert_max_num_queries(25):
        client.get(detail(library.a))


def test_detail_offers_only_the_transitions_the_user_may_run(personas, library, login):
    def actions(user, project):
        return {a["name"] for a in login(user).get(detail(project)).context["actions"]}

    assert actions(personas.officer_a, library.a) == {"submit"}
    assert actions(personas.dept_d_officer, library.a) == set()
    assert actions(personas.leader, library.a) == set()
    perform(library.a, "submit", personas.officer_a, seen_version=library.a.version)
    assert actions(personas.dept_d_officer, library.a) == {"dept_approve", "dept_return"}
    assert actions(personas.officer_a, library.a) == set()
    assert Project.objects.get(pk=library.a.pk).status == Project.Status.SUBMITTED
