"""Crafted data for the accountability tests: one candidate of each suggestion kind, and its
near miss (the negative) — the date of the tests is TODAY."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from budgets.models import Project
from evaluation.models import Evaluation
from monitoring.models import MonitoringReport, MonitoringRound
from results.accountability import CaseData
from results.models import AccountabilityCase, Rectification
from targets.models import Target
from tests.factories import AllocationFactory, ProjectFactory
from tests.results.linkage_data import grade_of

TODAY = datetime.date(2026, 9, 1)


@pytest.fixture
def frozen():
    """The pages and the API read the clock: freeze it at TODAY."""
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(10, 0)), tick=False):
        yield


def funded(personas, unit=None, *, year=2026, amount="500000.00", **kw) -> Project:
    """A project of `unit` (default A) with money in `year`."""
    project = ProjectFactory(unit=unit or personas.unit_a, start_year=year, end_year=year, **kw)
    AllocationFactory(project=project, year=year, initial_amount=Decimal(amount))
    return project


def target_of(personas, project, status=Target.Status.APPROVED, year=2026) -> Target:
    return Target.objects.create(
        fiscal_year=personas.year,
        year=year,
        project=project,
        name=f"{project.name}绩效目标",
        unit=project.unit,
        overall_goal="完成年度建设任务。",
        status=status,
    )


def monitoring_round(personas, due=datetime.date(2026, 7, 15)) -> MonitoringRound:
    rnd, _created = MonitoringRound.objects.get_or_create(
        fiscal_year=personas.year,
        name=f"监控{due:%m%d}",
        defaults={"data_as_of": due - datetime.timedelta(days=15), "due": due},
    )
    return rnd


def report(personas, project, *, status=MonitoringReport.Status.DRAFT, due=datetime.date(2026, 7, 15)):
    target = target_of(personas, project)
    return MonitoringReport.objects.create(
        round=monitoring_round(personas, due),
        target=target,
        project=project,
        year=2026,
        unit_id=target.unit_id,
        department_id=target.department_id,
        region_id=target.region_id,
        status=status,
    )


def evaluation(personas, project, *, grade_label="差", kind=Evaluation.Kind.FISCAL, status=None):
    """A finished evaluation of 2025 (total 52.5) graded `grade_label`; `status` to make it unfinished."""
    made = grade_of(personas, project, grade_label, kind=kind)
    Evaluation.objects.filter(pk=made.pk).update(
        total_score=Decimal("52.5"), grade="poor" if grade_label == "差" else "", status=status or made.status
    )
    made.refresh_from_db()
    return made


def rectification(project, *, deadline=datetime.date(2026, 6, 30), status=Rectification.Status.PENDING):
    return Rectification.objects.create(
        project=project,
        year=2025,
        unit=project.unit,
        department=project.department,
        region=project.region,
        problem="资金支付进度滞后",
        requirement="加快支付进度",
        deadline=deadline,
        status=status,
    )


def case_data(**kw) -> CaseData:
    base = {
        "year": 2026,
        "case": AccountabilityCase.Case.OTHER,
        "facts": "未按规定开展绩效管理工作。",
        "measure": AccountabilityCase.Measure.INTERVIEW,
        "decided_on": datetime.date(2026, 8, 20),
    }
    base.update(kw)
    return CaseData(**base)


def make_case(personas, unit=None, **kw) -> AccountabilityCase:
    unit = unit or personas.unit_a
    base = {
        "year": 2026,
        "case": AccountabilityCase.Case.OTHER,
        "unit": unit,
        "department": unit.parent,
        "region": unit.region,
        "facts": "未按规定开展绩效管理工作。",
        "measure": AccountabilityCase.Measure.INTERVIEW,
        "decided_on": datetime.date(2026, 8, 20),
    }
    base.update(kw)
    return AccountabilityCase.objects.create(**base)
