import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import Category, Project
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("budgets:project_list")


def listed_ids(response) -> set[int]:
    return {row["project"].pk for row in response.context["rows"]}


PERSONAS = [
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
]


@pytest.mark.parametrize("who", PERSONAS)
def test_each_persona_lists_exactly_the_projects_in_its_scope(personas, visible_sets, login, who):
    response = login(getattr(personas, who)).get(LIST)
    assert response.status_code == 200
    assert listed_ids(response) == visible_sets[who]


def test_unit_officer_list_never_shows_another_units_project_names(personas, library, login):
    response = login(personas.officer_a).get(LIST)
    body = response.content.decode()
    assert library.a.name in body
    assert library.b.name not in body and library.c.name not in body


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_cannot_open_the_project_library(personas, library, login, who):
    assert login(getattr(personas, who)).get(LIST).status_code == 403


def test_list_filters_by_status_department_category_amount_and_text(personas, login):
    p = personas
    big = ProjectFactory(
        unit=p.unit_a, name="校舍抗震加固", total_amount=Decimal("50000000"), category=Category.MAJOR_PROJECT
    )
    small = ProjectFactory(unit=p.unit_b, name="教师培训", total_amount=Decimal("200000"))
    other = ProjectFactory(unit=p.unit_c, name="医疗设备购置", status=Project.Status.SUBMITTED)
    client = login(p.finance_admin)

    assert listed_ids(client.get(LIST, {"q": "抗震"})) == {big.pk}
    assert listed_ids(client.get(LIST, {"q": small.code})) == {small.pk}
    assert listed_ids(client.get(LIST, {"department": p.dept_e.pk})) == {other.pk}
    assert listed_ids(client.get(LIST, {"unit": p.unit_b.pk})) == {small.pk}
    assert listed_ids(client.get(LIST, {"category": Category.MAJOR_PROJECT})) == {big.pk}
    assert listed_ids(client.get(LIST, {"status": "submitted"})) == {other.pk}
    # Amounts are typed in 万元.
    assert listed_ids(client.get(LIST, {"amount_min": "1000"})) == {big.pk}
    assert listed_ids(client.get(LIST, {"amount_max": "50"})) == {small.pk}
    assert listed_ids(client.get(LIST, {"budget_type": "state_capital"})) == set()


def test_year_filter_uses_the_period_or_an_allocation_in_that_year(personas, login):
    p = personas
    running = ProjectFactory(unit=p.unit_a, start_year=2025, end_year=2027)
    ended = ProjectFactory(unit=p.unit_a, start_year=2024, end_year=2025)
    late_money = ProjectFactory(unit=p.unit_a, start_year=2024, end_year=2025)
    AllocationFactory(project=late_money, year=2026)
    ids = listed_ids(login(p.officer_a).get(LIST, {"year": 2026}))
    assert running.pk in ids and late_money.pk in ids
    assert ended.pk not in ids


def test_a_department_filter_outside_the_users_scope_does_not_widen_the_list(personas, library, login):
    response = login(personas.officer_a).get(LIST, {"department": personas.dept_e.pk})
    assert listed_ids(response) == {library.a.pk}


def test_list_shows_annual_budget_and_execution_rate_computed_from_allocations_and_spending(personas, login):
    project = ProjectFactory(unit=personas.unit_a)
    AllocationFactory(project=project, year=2026, initial_amount=Decimal("3000000"), adjustment=Decimal("0"))
    ExpenditureFactory(project=project, year=2026, amount=Decimal("1000000"))
    ExpenditureFactory(project=project, year=2025, amount=Decimal("999999"))
    response = login(personas.officer_a).get(LIST, {"year": 2026})
    row = next(r for r in response.context["rows"] if r["project"].pk == project.pk)
    assert row["budget"] == Decimal("3000000")
    # 1,000,000 / 3,000,000 = 33.333…% → 33.33 (half-up), the other year's spending is not counted.
    assert row["rate"] == Decimal("33.33")
    body = response.content.decode()
    assert "300.00" in body  # 全年预算数 in 万元
    assert "33.33%" in body
    assert "2026年全年预算数（万元）" in body


def test_list_is_paginated_by_20_and_page_links_keep_the_filters(personas, login):
    ProjectFactory.create_batch(45, unit=personas.unit_a, category=Category.EMERGENCY)
    client = login(personas.officer_a)
    first = client.get(LIST, {"category": Category.EMERGENCY})
    assert len(first.context["rows"]) == 20
    assert first.context["page"].paginator.num_pages == 3
    links = re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', first.content.decode())
    assert links and all("category=emergency" in link for link in links)
    third = client.get(LIST, {"category": Category.EMERGENCY, "page": 3})
    assert len(third.context["rows"]) == 5


def _queries_for_list(client, year=2026) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"year": year})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _make_projects(personas, n):
    units = [personas.unit_a, personas.unit_b, personas.unit_c]
    for i in range(n):
        project = ProjectFactory(unit=units[i % 3])
        AllocationFactory(project=project)
        ExpenditureFactory(project=project)


@pytest.mark.parametrize("who", ["finance_admin", "dept_d_officer", "officer_a"])
def test_list_runs_the_same_number_of_queries_with_5_and_with_50_projects(personas, login, who):
    client = login(getattr(personas, who))
    _make_projects(personas, 5)
    with_5 = _queries_for_list(client)
    _make_projects(personas, 45)
    with_50 = _queries_for_list(client)
    assert with_5 == with_50


def test_list_query_count_stays_small(personas, login, django_assert_max_num_queries):
    _make_projects(personas, 30)
    client = login(personas.finance_admin)
    with django_assert_max_num_queries(20):
        client.get(LIST, {"year": 2026})


def test_department_queue_lists_submitted_projects_awaiting_review(personas, login):
    waiting = ProjectFactory(unit=personas.unit_a, status=Project.Status.SUBMITTED)
    ProjectFactory(unit=personas.unit_a, status=Project.Status.DRAFT)
    response = login(personas.dept_d_officer).get(reverse("budgets:review_queue"))
    assert listed_ids(response) == {waiting.pk}
    assert "待初审项目" in response.content.decode()


def test_finance_queue_lists_projects_approved_by_the_department(personas, login):
    waiting = ProjectFactory(unit=personas.unit_c, status=Project.Status.DEPT_APPROVED)
    ProjectFactory(unit=personas.unit_c, status=Project.Status.SUBMITTED)
    response = login(personas.finance_admin).get(reverse("budgets:admission_queue"))
    assert listed_ids(response) == {waiting.pk}
