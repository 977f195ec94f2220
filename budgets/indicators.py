"""Computed execution figures — never typed [002 三(二)]: 执行数, 执行率, 序时进度, and the three
common indicators 预算执行进度, 预算到项目率, 预算支出率. Decimal throughout, rounded at the end.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

PERCENT = Decimal("0.01")


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a percentage with two decimals (half-up); None when whole is zero."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(PERCENT, rounding=ROUND_HALF_UP)


def time_progress(year: int, as_of: datetime.date) -> Decimal:
    """序时进度: the share of the year elapsed at `as_of` (inclusive), in percent."""
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    if as_of < start:
        return Decimal("0.00")
    if as_of >= end:
        return Decimal("100.00")
    days = (end - start).days + 1
    return ratio(Decimal((as_of - start).days + 1), Decimal(days))


@dataclass(frozen=True)
class Execution:
    year: int
    as_of: datetime.date
    initial_budget: Decimal  # 年初预算数
    budget: Decimal  # 全年预算数
    detailed_budget: Decimal  # 年初已细化到项目的预算
    spent: Decimal  # 执行数

    @property
    def execution_rate(self) -> Decimal | None:
        """执行率 = 执行数 / 全年预算数."""
        return ratio(self.spent, self.budget)

    @property
    def time_progress(self) -> Decimal:
        return time_progress(self.year, self.as_of)

    @property
    def progress_gap(self) -> Decimal | None:
        """预算执行进度: execution rate minus time progress, in points (negative = behind)."""
        rate = self.execution_rate
        return None if rate is None else rate - self.time_progress

    @property
    def allocation_rate(self) -> Decimal | None:
        """预算到项目率 = 年初细化到具体项目的预算 / 年初预算数 [002 三(二)]."""
        return ratio(self.detailed_budget, self.initial_budget)

    @property
    def spending_rate(self) -> Decimal | None:
        """预算支出率 = 实际支出 / 全年预算数 [002 三(二)] (at year end; to date before)."""
        return ratio(self.spent, self.budget)


def execution_for(allocations, expenditures, year: int, as_of: datetime.date) -> Execution:
    """Execution figures over any (already scoped) allocation and expenditure querysets."""
    a = allocations.filter(year=year).aggregate(
        initial=Sum("initial_amount"),
        budget=Sum("total_amount"),
        detailed=Sum("initial_amount", filter=Q(detailed=True)),
    )
    spent = expenditures.filter(year=year, date__lte=as_of).aggregate(s=Sum("amount"))["s"]
    zero = Decimal("0")
    return Execution(
        year=year,
        as_of=as_of,
        initial_budget=a["initial"] or zero,
        budget=a["budget"] or zero,
        detailed_budget=a["detailed"] or zero,
        spent=spent or zero,
    )


def project_execution(project, year: int, as_of: datetime.date) -> Execution:
    return execution_for(project.allocations.all(), project.expenditures.all(), year, as_of)
