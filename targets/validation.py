"""What a target must have before it can be submitted [004 第十九条]: 产出 and 效益 indicators,
numbers and units on quantitative indicators, comparators that fit their values, and weights that
add up to the level-1 group's points of the Policy's self-evaluation scheme.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from targets.models import FRAMEWORKS, QUALITATIVE_GRADES, Comparator, Level1


@dataclass(frozen=True)
class FieldError:
    indicator_index: int | None  # position in the list; None: the target as a whole
    field: str
    message: str


def group_points(policy, level1_present: set[str]) -> dict[str, Decimal]:
    """Points of each level-1 group [财预〔2020〕10号]: 产出 50, 效益 30, 满意度 10 (with no
    satisfaction indicator its points go to 产出); 成本 shares the 产出 points (2021 framework)
    unless the scheme gives it its own points (`cost_weight` > 0), as evaluation.scoring does."""
    se = policy.self_evaluation
    output = se.output_weight + (se.satisfaction_weight if Level1.SATISFACTION not in level1_present else 0)
    points = {
        Level1.OUTPUT: output,
        Level1.OUTCOME: se.outcome_weight,
        Level1.SATISFACTION: se.satisfaction_weight,
    }
    points[Level1.COST] = se.cost_weight if se.cost_weight > 0 else output
    return points


def indicator_errors(indicators, policy) -> list[FieldError]:
    """Errors for a list of indicator-like objects (model instances or form data objects)."""
    framework = FRAMEWORKS.get(policy.targets.framework, FRAMEWORKS["2020"])
    errors: list[FieldError] = []
    present = {i.level1 for i in indicators}
    if Level1.OUTPUT not in present:
        errors.append(FieldError(None, "indicators", _("至少需要一个产出指标。")))
    if Level1.OUTCOME not in present:
        errors.append(FieldError(None, "indicators", _("至少需要一个效益指标。")))
    for n, ind in enumerate(indicators):
        if ind.level1 not in framework:
            errors.append(FieldError(n, "level1", _("本年度指标框架不使用该一级指标。")))
        elif ind.level2 not in framework[ind.level1]:
            errors.append(
                FieldError(
                    n, "level2", _("二级指标应为：%(names)s") % {"names": "、".join(framework[ind.level1])}
                )
            )
        if not (ind.name or "").strip():
            errors.append(FieldError(n, "name", _("请填写三级指标名称。")))
        if ind.comparator == Comparator.QUALITATIVE:
            if ind.qualitative_value not in QUALITATIVE_GRADES:
                errors.append(
                    FieldError(
                        n,
                        "qualitative_value",
                        _("定性指标的指标值应为：%(g)s") % {"g": "、".join(QUALITATIVE_GRADES)},
                    )
                )
        else:
            if ind.target_value is None:
                errors.append(FieldError(n, "target_value", _("定量指标须填写数值。")))
            if not (ind.unit or "").strip():
                errors.append(FieldError(n, "unit", _("定量指标须填写计量单位。")))
            if ind.qualitative_value:
                errors.append(FieldError(n, "qualitative_value", _("定量指标不填写定性指标值。")))
    errors.extend(weight_errors(indicators, policy))
    return errors


def weight_errors(indicators, policy) -> list[FieldError]:
    """Where weights are given in a level-1 group, every indicator of it has one and they sum to
    the group's points."""
    present = {i.level1 for i in indicators}
    points = group_points(policy, present)
    groups: dict[str, list] = {}
    for n, ind in enumerate(indicators):
        own_cost = policy.self_evaluation.cost_weight > 0
        key = Level1.OUTPUT if ind.level1 == Level1.COST and not own_cost else ind.level1
        groups.setdefault(key, []).append((n, ind))
    errors = []
    for level1, members in groups.items():
        weights = [ind.weight for _n, ind in members if ind.weight is not None]
        if not weights:
            continue
        if len(weights) != len(members):
            errors.append(
                FieldError(members[0][0], "weight", _("同一一级指标下的分值须全部填写或全部不填。"))
            )
            continue
        total = sum(weights, Decimal("0"))
        if total != points[level1]:
            errors.append(
                FieldError(
                    members[0][0],
                    "weight",
                    _("%(group)s的分值合计应为 %(points)s 分，当前为 %(total)s 分。")
                    % {"group": Level1(level1).label, "points": _num(points[level1]), "total": _num(total)},
                )
            )
    return errors


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def submission_errors(target) -> list[str]:
    """Messages that refuse submission of a saved target."""
    messages = []
    if not (target.overall_goal or "").strip():
        messages.append(_("请填写年度总体目标。"))
    indicators = list(target.indicators.all())
    for e in indicator_errors(indicators, target.fiscal_year.policy):
        prefix = "" if e.indicator_index is None else _("第 %(n)d 个指标：") % {"n": e.indicator_index + 1}
        messages.append(prefix + e.message)
    return messages
