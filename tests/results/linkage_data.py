"""Crafted data for the budget-linkage tests: projects with money in 2025 (the evaluated year) and
their grades; the year being budgeted is personas.year (2026)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from evaluation.models import Evaluation
from results.models import Rectification
from tests.factories import AllocationFactory, ProjectFactory

EVALUATED = 2025


def linked_project(
    personas, grade="良", *, unit=None, base="1000000.00", kind=Evaluation.Kind.FISCAL, name=None
):
    """A project of `unit` (default unit A) with a 2025 allocation of `base` and, when `grade`, a
    finished evaluation of 2025 with that grade."""
    unit = unit or personas.unit_a
    project = ProjectFactory(unit=unit, start_year=EVALUATED, **({"name": name} if name else {}))
    AllocationFactory(project=project, year=EVALUATED, initial_amount=Decimal(base))
    if grade:
        grade_of(personas, project, grade, kind=kind)
    return project


def evaluation_of(project) -> Evaluation:
    """The one evaluation linked_project made for `project`."""
    return Evaluation.objects.get(project=project)


def grade_of(personas, project, grade, *, kind=Evaluation.Kind.FISCAL):
    status = Evaluation.Status.ACCEPTED if kind == Evaluation.Kind.SELF else Evaluation.Status.FINAL
    return Evaluation.objects.create(
        kind=kind,
        fiscal_year=personas.year,
        year=EVALUATED,
        project=project,
        name=f"{project.name}评价",
        unit=project.unit,
        department=project.department,
        region=project.region,
        status=status,
        total_score=Decimal("70"),
        grade_label=grade,
    )


def open_rectification(project, status=Rectification.Status.PENDING):
    return Rectification.objects.create(
        project=project,
        year=EVALUATED,
        unit=project.unit,
        department=project.department,
        region=project.region,
        problem="资金支付滞后",
        requirement="加快支付",
        deadline=datetime.date(2026, 3, 31),
        status=status,
    )
