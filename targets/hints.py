"""Quality hints for the reviewer [DESIGN §3.2]: computed, shown beside each indicator, counted in
the review queue, never blocking. Thresholds and word lists come from the year's Policy.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from targets.models import Comparator, Level1

QUANTITY_LEVEL2 = "数量指标"
COST_LEVEL2 = ("成本指标", "经济成本指标")


@dataclass(frozen=True)
class Hint:
    code: str
    message: str
    indicator_id: int | None = None


def _unit_price_indicator(indicators):
    for ind in indicators:
        if (
            (ind.level2 in COST_LEVEL2 or ind.level1 == Level1.COST)
            and ind.target_value
            and "/" in (ind.unit or "")
        ):
            return ind
    return None


def _quantity_indicator(indicators):
    for ind in indicators:
        if ind.level1 == Level1.OUTPUT and ind.level2 == QUANTITY_LEVEL2 and ind.target_value:
            return ind
    return None


def unit_cost(target, indicators) -> Decimal | None:
    """Amount ÷ the first output-quantity indicator's value (元 per unit of output)."""
    quantity = _quantity_indicator(indicators)
    if quantity is None or not target.amount:
        return None
    return target.amount / quantity.target_value


def hints_for(target, indicators=None, comparable_unit_costs: list[Decimal] | None = None) -> list[Hint]:
    """Every hint for one target. `comparable_unit_costs`: unit costs of other targets of the same
    category and year (see comparable_costs); without them the unit-cost hint is not computed."""
    rules = target.fiscal_year.policy.targets
    indicators = list(target.indicators.all()) if indicators is None else indicators
    hints: list[Hint] = []
    seen: dict[str, int] = {}
    for ind in indicators:
        quantitative = ind.comparator != Comparator.QUALITATIVE
        if quantitative and ind.target_value is None:
            hints.append(Hint("no_number", _("“%(n)s”没有量化的指标值。") % {"n": ind.name}, ind.pk))
        if quantitative and not (ind.unit or "").strip():
            hints.append(Hint("no_unit", _("“%(n)s”没有计量单位。") % {"n": ind.name}, ind.pk))
        if quantitative and ind.target_value is not None and ind.last_year_actual is not None:
            low = (ind.comparator == Comparator.GTE and ind.target_value <= ind.last_year_actual) or (
                ind.comparator == Comparator.LTE and ind.target_value >= ind.last_year_actual
            )
            if low:
                hints.append(
                    Hint(
                        "below_last_year",
                        _("“%(n)s”的指标值不优于上年实际值（%(v)s），目标可能偏低。")
                        % {"n": ind.name, "v": format(ind.last_year_actual.normalize(), "f")},
                        ind.pk,
                    )
                )
        text = f"{ind.name}{ind.qualitative_value or ''}"
        vague = [w for w in rules.vague_words if w in text]
        if vague:
            hints.append(
                Hint(
                    "vague",
                    _("“%(n)s”表述含糊（%(w)s），难以衡量。") % {"n": ind.name, "w": "、".join(vague)},
                    ind.pk,
                )
            )
        key = (ind.name or "").strip()
        if key in seen:
            hints.append(Hint("duplicate", _("“%(n)s”与其他指标重复。") % {"n": ind.name}, ind.pk))
        seen[key] = ind.pk
    outcome = [i for i in indicators if i.level1 == Level1.OUTCOME]
    if outcome and all(i.comparator == Comparator.QUALITATIVE for i in outcome):
        hints.append(Hint("benefit_qualitative_only", _("效益指标全部为定性指标，缺少可衡量的效益。")))
    if any("满意" in (i.name or "") for i in outcome) or (
        not outcome and any(i.level1 == Level1.SATISFACTION for i in indicators)
    ):
        hints.append(Hint("satisfaction_as_benefit", _("以满意度代替效益指标。")))
    cost = unit_cost(target, indicators)
    if cost is not None and comparable_unit_costs:
        median = Decimal(statistics.median(comparable_unit_costs))
        if median and abs(cost - median) / median > rules.unit_cost_tolerance:
            hints.append(
                Hint(
                    "unit_cost_outlier",
                    _("单位产出成本 %(c)s 元，与同类项目中位数 %(m)s 元相差较大。")
                    % {"c": f"{cost:,.2f}", "m": f"{median:,.2f}"},
                )
            )
    quantity, price = _quantity_indicator(indicators), _unit_price_indicator(indicators)
    if quantity and price and target.amount:
        implied = quantity.target_value * price.target_value
        if abs(implied - target.amount) / target.amount > rules.budget_match_tolerance:
            hints.append(
                Hint(
                    "budget_mismatch",
                    _("产出数量 × 单价 = %(i)s 元，与年度资金 %(a)s 元不符。")
                    % {"i": f"{implied:,.2f}", "a": f"{target.amount:,.2f}"},
                )
            )
    return hints


def comparable_costs(targets) -> dict[tuple[str, int], list[Decimal]]:
    """Unit costs of the given targets grouped by (category, year), for the unit-cost hint."""
    out: dict[tuple[str, int], list[Decimal]] = {}
    for t in targets:
        cost = unit_cost(t, list(t.indicators.all()))
        if cost is not None:
            out.setdefault((t.category, t.year), []).append(cost)
    return out
