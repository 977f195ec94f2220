"""The project list at province scale [issue 7]: the filter form's dropdowns come from one query and
keep what the user chose; the figures come with the page's rows; the API's list rows are the same
as DRF's own serializer output."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework import serializers

from budgets.api import ProjectSerializer
from budgets.models import Category, Project
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("budgets:project_list")


def options(body: str, name: str) -> dict[str, bool]:
    """{value: selected} of the <select name=…>."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', body, re.S).group(1)
    return {v: bool(s) for v, s in re.findall(r'<option value="([^"]*)"( selected)?>', select)}


def test_the_unit_dropdown_offers_the_chosen_departments_units_and_keeps_the_choices(personas, login):
    p = personas
    body = (
        login(p.finance_admin)
        .get(LIST, {"department": p.dept_d.pk, "unit": p.unit_b.pk, "status": ["admitted", "submitted"]})
        .content.decode()
    )
    departments = options(body, "department")
    assert departments[str(p.dept_d.pk)] and not departments[""]
    assert str(p.dept_e.pk) in departments
    units = options(body, "unit")
    assert set(units) == {"", str(p.unit_a.pk), str(p.unit_b.pk)}
    assert units[str(p.unit_b.pk)] and not units[str(p.unit_a.pk)]
    checked = re.findall(r'<input[^>]*name="status"[^>]*value="(\w+)" checked>', body)
    assert sorted(checked) == ["admitted", "submitted"]
    # Names are escaped like any other text.
    assert f">{p.unit_a.name}</option>" in body


def test_a_unit_of_another_department_is_ignored_with_a_notice(personas, login):
    p = personas
    ProjectFactory(unit=p.unit_a)
    response = login(p.finance_admin).get(LIST, {"department": p.dept_d.pk, "unit": p.unit_c.pk})
    assert "部分筛选条件无效" in response.content.decode()
    assert {row["project"].unit_id for row in response.context["rows"]} == {p.unit_a.pk}


def test_the_dropdowns_and_the_years_figures_cost_no_query_per_row_or_per_dropdown(personas, login):
    p = personas
    for i in range(25):
        project = ProjectFactory(unit=[p.unit_a, p.unit_b, p.unit_c][i % 3], category=Category.LIVELIHOOD)
        AllocationFactory(project=project, year=2026, initial_amount=Decimal("100"), adjustment=Decimal("0"))
        ExpenditureFactory(project=project, year=2026, amount=Decimal("25"))
    client = login(p.finance_admin)
    client.get(LIST, {"year": 2026})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"year": 2026, "department": p.dept_d.pk})
    organization_reads = [q for q in ctx.captured_queries if 'FROM "accounts_organization"' in q["sql"]]
    money_reads = [
        q
        for q in ctx.captured_queries
        if q["sql"].startswith(('SELECT "budgets_allocation"', 'SELECT "budgets_expenditure"'))
    ]
    # One read for both dropdowns (the user's own organization may be read by the page frame).
    assert len([q for q in organization_reads if '"kind"' in q["sql"].split("WHERE")[-1]]) == 1
    assert money_reads == []  # the figures are subqueries of the page's row query
    assert all(
        row["budget"] == Decimal("100") and row["rate"] == Decimal("25.00")
        for row in response.context["rows"]
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_api_rows_equal_drfs_own_representation(personas, language, settings):
    from django.utils import translation

    p = personas
    made = [
        ProjectFactory(unit=p.unit_a, status=Project.Status.SUBMITTED, fund_sources=["local", "transfer"]),
        ProjectFactory(unit=p.unit_c, created_by=p.officer_c, total_amount=Decimal("1234.5")),
    ]
    with translation.override(language):
        serializer = ProjectSerializer()
        for project in Project.objects.for_list().filter(pk__in=[m.pk for m in made]):
            fast = serializer.to_representation(project)
            drf = serializers.ModelSerializer.to_representation(serializer, project)
            assert fast == drf and list(fast) == list(drf)
