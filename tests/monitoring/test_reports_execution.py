"""The computed money columns of a report: 执行数, 执行率 and 序时进度 at the round's date."""

import datetime
from decimal import Decimal

import pytest

from monitoring.reports import execution_of
from tests.factories import AllocationFactory, ExpenditureFactory
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db


def test_execution_counts_spending_up_to_the_round_date_only(personas):
    target = make_target(personas)
    AllocationFactory(project=target.project, initial_amount=Decimal("800000"), adjustment=Decimal("200000"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 3, 15), amount=Decimal("250000"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 6, 30), amount=Decimal("62345.67"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 7, 1), amount=Decimal("500000"))
    e = execution_of(target, datetime.date(2026, 6, 30))
    assert (e.initial_budget, e.budget, e.spent) == (
        Decimal("800000"),
        Decimal("1000000"),
        Decimal("312345.67"),
    )
    assert e.execution_rate == Decimal("31.23")
    # 181 of 365 days.
    assert e.time_progress == Decimal("49.59")


def test_time_progress_in_a_leap_year_counts_366_days(personas):
    target = make_target(personas)
    target.year = 2028
    AllocationFactory(project=target.project, year=2028, initial_amount=Decimal("1000000"))
    ExpenditureFactory(
        project=target.project, year=2028, date=datetime.date(2028, 2, 29), amount=Decimal("1")
    )
    e = execution_of(target, datetime.date(2028, 6, 30))
    # 182 of 366 days (29 February included).
    assert e.time_progress == Decimal("49.73")
    assert e.spent == Decimal("1")
    assert execution_of(target, datetime.date(2028, 2, 28)).spent == Decimal("0")


def test_round_date_before_any_spending_gives_zero_rate_not_none(personas):
    target = make_target(personas)
    AllocationFactory(project=target.project, initial_amount=Decimal("1000000"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 9, 1))
    e = execution_of(target, datetime.date(2026, 6, 30))
    assert e.spent == Decimal("0")
    assert e.execution_rate == Decimal("0.00")


def test_without_budget_the_rate_is_unknown(personas):
    target = make_target(personas)
    assert execution_of(target, datetime.date(2026, 6, 30)).execution_rate is None
