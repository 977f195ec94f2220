import datetime
from decimal import Decimal

from budgets.indicators import ratio, time_progress


def test_execution_rate_is_rounded_half_up_to_two_decimals():
    assert ratio(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert ratio(Decimal("2"), Decimal("3")) == Decimal("66.67")
    # 0.005% rounds up, not to even.
    assert ratio(Decimal("0.01"), Decimal("200")) == Decimal("0.01")
    assert ratio(Decimal("5"), Decimal("0")) is None


def test_time_progress_counts_the_elapsed_days_of_the_year():
    assert time_progress(2026, datetime.date(2026, 6, 30)) == Decimal("49.59")
    assert time_progress(2026, datetime.date(2025, 12, 31)) == Decimal("0.00")
    assert time_progress(2026, datetime.date(2026, 12, 31)) == Decimal("100.00")
    assert time_progress(2024, datetime.date(2024, 6, 30)) == Decimal("49.73")  # leap year: 182 / 366
