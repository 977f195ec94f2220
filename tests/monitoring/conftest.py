"""Fixtures of monitoring tests: approved targets and an open round with its reports."""

import datetime
from decimal import Decimal

import pytest

from monitoring.models import MonitoringReport, MonitoringRound
from monitoring.reports import open_round
from perfapp.workflow import perform
from targets.models import Target
from targets.review import Opinions, review_by_department, review_by_finance
from tests.factories import AllocationFactory
from tests.targets.helpers import make_target

OPINIONS = Opinions("指标完整", "与项目相关", "目标值适当", "可行")


def approved_target(personas, unit=None, officer=None, dept_officer=None, **fields):
    """A project target taken through the real review chain to 审核通过."""
    unit = unit or personas.unit_a
    officer = officer or personas.officer_a
    dept_officer = dept_officer or personas.dept_d_officer
    # The finance reviewer's division covers department D only; the admin reviews the others.
    reviewer = personas.finance_reviewer if unit.parent_id == personas.dept_d.pk else personas.finance_admin
    target = make_target(personas, unit=unit, **fields)
    target = perform(target, "submit", officer, seen_version=target.version)
    target = review_by_department(target, dept_officer, approved=True, opinions=OPINIONS)
    target = review_by_finance(target, reviewer, grade="优", opinions=OPINIONS)
    assert target.status == Target.Status.APPROVED
    return target


def quick_approved_target(personas, unit=None, **fields):
    """Many approved targets for list tests (status set directly; the chain is tested elsewhere)."""
    target = make_target(personas, unit=unit, **fields)
    Target.objects.filter(pk=target.pk).update(status=Target.Status.APPROVED)
    target.refresh_from_db()
    return target


def make_round(
    personas, name="第一轮（1—6月）", as_of=datetime.date(2026, 6, 30), due=datetime.date(2026, 7, 15)
):
    return MonitoringRound.objects.create(fiscal_year=personas.year, name=name, data_as_of=as_of, due=due)


@pytest.fixture
def first_round(personas):
    return make_round(personas)


@pytest.fixture
def report_a(personas, first_round):
    """An open round with one draft report of unit A (budget 100万, nothing spent)."""
    target = approved_target(personas)
    AllocationFactory(project=target.project, initial_amount=Decimal("1000000.00"))
    open_round(first_round, personas.finance_admin)
    return MonitoringReport.objects.get(round=first_round, target=target)


def fill_progress(report, **overrides):
    """Answer every indicator 确定能 with the target value as the expected year-end value."""
    from monitoring.reports import ensure_progress

    for p in ensure_progress(report):
        p.possibility = "certain"
        p.expected_value = p.indicator.target_value
        for k, v in overrides.get(p.indicator.name, {}).items():
            setattr(p, k, v)
        p.save()
    report.expected_full_year = Decimal("1000000.00")
    report.save()
    return report
