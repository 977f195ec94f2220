"""Projects spread over the personas' scopes, for the API tests.

a: unit A (department D), b: unit B (department D, assigned to the expert), c: unit C
(department E), x: a unit in another province. Each has one allocation and one expenditure.
"""

from types import SimpleNamespace

import pytest

from accounts.models import ExpertAssignment, Organization
from tests.factories import (
    AllocationFactory,
    ExpenditureFactory,
    FiscalYearFactory,
    OrganizationFactory,
    ProjectFactory,
)

API = "/api/v1"


@pytest.fixture
def library(personas):
    p = personas
    other_dept = OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT,
        code="LN-D",
        name="辽宁省教育厅",
        region=p.other_province,
        parent=p.other_bureau,
    )
    other_unit = OrganizationFactory(
        kind=Organization.Kind.UNIT,
        code="LN-A",
        name="辽宁省实验中学",
        region=p.other_province,
        parent=other_dept,
    )
    other_year = FiscalYearFactory(region=p.other_province, year=2026)
    ns = SimpleNamespace(
        a=ProjectFactory(unit=p.unit_a, name="校舍维修改造"),
        b=ProjectFactory(unit=p.unit_b, name="考试考务管理"),
        c=ProjectFactory(unit=p.unit_c, name="医疗设备购置"),
        x=ProjectFactory(unit=other_unit, name="辽宁项目"),
        other_unit=other_unit,
        other_year=other_year,
    )
    ExpertAssignment.objects.create(expert=p.expert, project=ns.b, purpose="事前绩效评估")
    for key in ("a", "b", "c", "x"):
        project = getattr(ns, key)
        setattr(ns, f"alloc_{key}", AllocationFactory(project=project))
        setattr(ns, f"spend_{key}", ExpenditureFactory(project=project))
    return ns


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}
