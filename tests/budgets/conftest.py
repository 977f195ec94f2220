"""A small project library over the shared personas: one project per unit A, B, C with money."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory


@pytest.fixture
def library(personas):
    p = personas
    a = ProjectFactory(unit=p.unit_a, code="PA-001", name="实验中学实验室改造")
    b = ProjectFactory(unit=p.unit_b, code="PB-001", name="教育考试院标准化考场建设")
    c = ProjectFactory(unit=p.unit_c, code="PC-001", name="人民医院急救能力提升")
    for project in (a, b, c):
        AllocationFactory(project=project, year=2026, initial_amount=Decimal("1000000.00"))
        ExpenditureFactory(project=project, year=2026, amount=Decimal("250000.00"))
    return SimpleNamespace(a=a, b=b, c=c)


@pytest.fixture
def visible_sets(personas, library):
    """persona name → the ids of the projects that persona must see (and nothing else)."""
    lib = library
    return {
        "officer_a": {lib.a.pk},
        "officer_b": {lib.b.pk},
        "officer_c": {lib.c.pk},
        "dept_d_officer": {lib.a.pk, lib.b.pk},
        "dept_e_officer": {lib.c.pk},
        "finance_reviewer": {lib.a.pk, lib.b.pk},
        "finance_admin": {lib.a.pk, lib.b.pk, lib.c.pk},
        "leader": {lib.a.pk, lib.b.pk, lib.c.pk},
        "auditor": {lib.a.pk, lib.b.pk, lib.c.pk},
        "expert": set(),
        "other_finance_admin": set(),
    }
