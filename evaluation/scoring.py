"""The self-evaluation (自评) score: computed from the year's scheme, never typed (DESIGN.md §3.4).

The standard is 财预〔2020〕10号: 预算执行率 10 points scored 10 × min(rate, 1); 产出 50, 效益 30,
满意度 10 split over each group's indicators; a "≥" indicator scores its points × min(actual /
target, 1), a "≤" indicator the inverse; a qualitative indicator by its grade; the total decides
the grade [004 第三十七条] and a recorded violation lowers it one band [003 二(四)]. Every
departure seen in published 自评表 (weights, rounding, bands, satisfaction rules …) is a field of
`budgets.policy.SelfEvaluation`; this module reads the scheme and nothing else.

Pure functions on plain data: no database, no request. Decimal end to end; every score is
quantized to 2 decimals with ROUND_HALF_UP. Each row carries the formula with its numbers and the
rule it applied, so the page can show why a score is what it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from budgets.policy import Band, SelfEvaluation

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# The codes of targets.models.Level1 and targets.models.Comparator (tests check they stay equal);
# repeated here so the scorer stays importable without loading the models.
OUTPUT, OUTCOME, SATISFACTION, COST = "output", "outcome", "satisfaction", "cost"
LEVEL1_CODES = (OUTPUT, OUTCOME, SATISFACTION, COST)
GTE, LTE, EQ, QUALITATIVE = "gte", "lte", "eq", "qualitative"
COMPARATOR_CODES = (GTE, LTE, EQ, QUALITATIVE)

SOURCE = "[财预〔2020〕10号]"


class ScoringError(ValueError):
    """Input the scheme cannot score (a qualitative share outside its band, a quantitative row
    without its target, a budget of 0 …); the message is in Chinese for the user who filled it."""


@dataclass(frozen=True)
class RowInput:
    key: str  # stable id of the row (indicator pk or row number)
    level1: str  # "output" | "outcome" | "satisfaction" | "cost" (targets.models.Level1 values)
    name: str
    comparator: str  # "gte" | "lte" | "eq" | "qualitative" (targets.models.Comparator values)
    target: Decimal | None  # 年度指标值 (None for qualitative)
    actual: Decimal | None  # 实际完成值
    weight: Decimal | None = None  # declared points within its group, None → split by the scheme
    not_applicable: bool = False  # dropped, the rest of its group rescaled to the group's points
    achievement: Decimal | None = None  # qualitative: reviewer's share 0..1, must lie in `band`
    band: str = ""  # qualitative band key


@dataclass(frozen=True)
class ExecutionInput:
    budget: Decimal  # 全年预算数
    spent: Decimal  # 全年执行数


@dataclass(frozen=True)
class RowScore:
    key: str
    points: Decimal  # 分值 allotted to the row
    score: Decimal  # 得分
    formula: str  # with its numbers, e.g. "9.00 = 10 × 37.24 / 43.20 = 8.62，四舍五入取整"
    rule: str  # the rule applied, with its source
    shortfall: bool  # below full marks → a 偏差原因 is required


@dataclass(frozen=True)
class Score:
    execution: RowScore  # key "execution"
    rows: list[RowScore]  # same order as the input
    total: Decimal  # execution + rows (each already rounded), 2 decimals
    grade: str  # Band.grade, e.g. "excellent"
    grade_label: str  # Band.label, e.g. "优"
    downgraded: bool
    needs_explanation: bool  # execution rate below scheme.explanation_below_rate


# --- entry points -------------------------------------------------------------------------------


def score_self_evaluation(
    scheme: SelfEvaluation,
    execution: ExecutionInput,
    rows: Sequence[RowInput],
    *,
    violation: bool = False,
) -> Score:
    """Score a self-evaluation under `scheme` [财预〔2020〕10号][004 第三十七条].

    - The execution row scores by `scheme.execution_method`; a rate below
      `scheme.explanation_below_rate` sets `needs_explanation`.
    - Each indicator gets its points from `allot_points` and scores by its comparator (or, for
      satisfaction under the "step" method, by the steps below the line); partial credit is rounded
      by `scheme.rounding`; a score never exceeds the row's points nor falls below 0.
    - A quantitative row without an actual value scores 0 with a shortfall (the unit must still
      explain it); that is not an error. A row marked not applicable scores 0 of 0 points and its
      group's points go to the group's other rows.
    - The total is the sum of the rounded row scores; `violation` (挤占、挪用 …) lowers the grade
      one band when the scheme says so [003 二(四)].
    """
    for row in rows:
        _check_row(row)
    keys = [row.key for row in rows]
    if len(set(keys)) != len(keys):
        raise ScoringError(_("指标行的标识不能重复。"))
    execution_score, rate = _score_execution(scheme, execution)
    points = allot_points(scheme, rows)
    scored = [
        _not_applicable(row) if row.not_applicable else _score_row(scheme, row, p)
        for row, p in zip(rows, points, strict=True)
    ]
    total = _q(execution_score.score + sum((r.score for r in scored), ZERO))
    band, downgraded = grade_of(scheme, total, violation=violation)
    return Score(
        execution=execution_score,
        rows=scored,
        total=total,
        grade=band.grade,
        grade_label=band.label,
        downgraded=downgraded,
        needs_explanation=rate < scheme.explanation_below_rate,
    )


def grade_of(scheme: SelfEvaluation, total: Decimal, *, violation: bool = False) -> tuple[Band, bool]:
    """The grade band of `total` [004 第三十七条]: the highest band whose minimum the total reaches
    (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below by default; five-band schemes such as 优/良/中/低/差
    [000 #21] work the same). A violation lowers it one band when `scheme.violation_downgrade`
    [003 二(四)]; the lowest band stays where it is. Returns (band, downgraded), downgraded being
    True only when the band actually changed."""
    bands = sorted(scheme.bands, key=lambda b: b.min_score, reverse=True)
    index = next((i for i, b in enumerate(bands) if total >= b.min_score), len(bands) - 1)
    if violation and scheme.violation_downgrade and index < len(bands) - 1:
        return bands[index + 1], True
    return bands[index], False


def allot_points(scheme: SelfEvaluation, rows: Sequence[RowInput]) -> list[Decimal]:
    """The 分值 of each row (0 for a row not applicable), in input order [财预〔2020〕10号].

    Groups: 产出, 效益, 满意度 and, when `scheme.cost_weight` > 0, 成本 with their scheme points;
    with cost_weight 0 a cost indicator belongs to 产出. A group without an applicable row gives
    its points away: the satisfaction points go to 产出 under `missing_satisfaction` "to_output";
    otherwise (and for any other empty group) every present group is rescaled so that the groups
    again sum to 100 minus the execution points. Within a group the points follow the declared
    weights when every applicable row declares one and `within_group` is "weights" (rescaled to the
    group's points when they add up to something else), else an equal split. Amounts are in cents
    and each group's rows add up to the group's points exactly (largest remainder).
    """
    group_of = [_group(scheme, row) for row in rows]
    present = {g for g, row in zip(group_of, rows, strict=True) if not row.not_applicable}
    base = {
        OUTPUT: scheme.output_weight,
        OUTCOME: scheme.outcome_weight,
        SATISFACTION: scheme.satisfaction_weight,
        COST: scheme.cost_weight,
    }
    if SATISFACTION not in present and scheme.missing_satisfaction == "to_output" and OUTPUT in present:
        base[OUTPUT] += base[SATISFACTION]
        base[SATISFACTION] = ZERO
    pool = sum(base.values(), ZERO)
    order = [g for g in LEVEL1_CODES if g in present]
    if any(base[g] for g in LEVEL1_CODES if g not in present):
        group_points = dict(zip(order, _split(pool, [base[g] for g in order]), strict=True))
    else:
        group_points = {g: base[g] for g in order}

    points = [ZERO] * len(rows)
    for g in order:
        members = [i for i, row in enumerate(rows) if group_of[i] == g and not row.not_applicable]
        declared = [rows[i].weight for i in members]
        if scheme.within_group == "weights" and all(w is not None for w in declared):
            weights = declared
        else:
            weights = [ONE] * len(members)
        for i, p in zip(members, _split(group_points[g], weights), strict=True):
            points[i] = p
    return points


# --- execution ----------------------------------------------------------------------------------


def _score_execution(scheme: SelfEvaluation, execution: ExecutionInput) -> tuple[RowScore, Decimal]:
    """预算执行率 = 全年执行数 / 全年预算数; scored weight × min(rate, 1) [财预〔2020〕10号] or by the
    scheme's rate bands."""
    budget, spent = execution.budget, execution.spent
    if budget is None or budget <= 0:
        raise ScoringError(_("全年预算数须大于 0，才能计算预算执行率。"))
    if spent is None or spent < 0:
        raise ScoringError(_("全年执行数不能为空或负数。"))
    rate = spent / budget
    points = scheme.execution_weight
    rate_text = _pct(rate)
    if points == 0:
        return (
            RowScore(
                key="execution",
                points=_q(ZERO),
                score=_q(ZERO),
                formula=_("执行率 %(rate)s = %(spent)s / %(budget)s，本方案不计分")
                % {"rate": rate_text, "spent": _num(spent), "budget": _num(budget)},
                rule=_("本评分方案中预算执行率分值为 0，只计算执行率、不计分。"),
                shortfall=False,
            ),
            rate,
        )
    if scheme.execution_method == "bands":
        band = next((b for b in scheme.execution_bands if rate >= b.min_rate), None)
        share = band.share if band else ZERO
        score = _q(min(points * share, points))
        reached = (
            _("执行率 %(rate)s ≥ %(min)s") % {"rate": rate_text, "min": _pct(band.min_rate)} if band else ""
        )
        formula = _("%(score)s = %(points)s × %(share)s（%(reached)s）") % {
            "score": score,
            "points": _num(points),
            "share": _pct(share),
            "reached": reached or _("执行率 %(rate)s 低于各档") % {"rate": rate_text},
        }
        steps = "、".join(
            _("≥%(rate)s 得 %(share)s") % {"rate": _pct(b.min_rate), "share": _pct(b.share)}
            for b in scheme.execution_bands
        )
        rule = _("预算执行率按档次计分：%(steps)s") % {"steps": steps}
        return RowScore("execution", _q(points), score, formula, rule, score < points), rate
    ratio = f"{_num(spent)} / {_num(budget)}"
    expression = _capped(points, ratio, capped=rate >= 1)
    score, formula, rounding_rule = _round(scheme, points, min(rate, ONE), expression)
    rule = _("%(source)s 预算执行率：得分 = 分值 × min(全年执行数 / 全年预算数, 1)") % {"source": SOURCE}
    return RowScore("execution", _q(points), score, formula, _join(rule, rounding_rule), score < points), rate


# --- indicator rows -----------------------------------------------------------------------------


def _check_row(row: RowInput) -> None:
    if row.level1 not in LEVEL1_CODES:
        raise ScoringError(
            _("指标“%(name)s”的一级指标无效：%(value)s") % {"name": row.name, "value": row.level1}
        )
    if row.comparator not in COMPARATOR_CODES:
        raise ScoringError(
            _("指标“%(name)s”的指标性质无效：%(value)s") % {"name": row.name, "value": row.comparator}
        )
    if row.weight is not None and row.weight < 0:
        raise ScoringError(_("指标“%(name)s”的权重不能为负数。") % {"name": row.name})


def _group(scheme: SelfEvaluation, row: RowInput) -> str:
    # With no points of its own (2020 framework), 成本 is a level-2 group of 产出.
    if row.level1 == COST and scheme.cost_weight == 0:
        return OUTPUT
    return row.level1


def _not_applicable(row: RowInput) -> RowScore:
    return RowScore(
        key=row.key,
        points=_q(ZERO),
        score=_q(ZERO),
        formula=_("不适用，不计分"),
        rule=_("指标不适用：不考核该指标，其分值由同一级指标下的其他指标按比例分配。"),
        shortfall=False,
    )


def _score_row(scheme: SelfEvaluation, row: RowInput, points: Decimal) -> RowScore:
    if row.comparator == QUALITATIVE:
        return _score_qualitative(scheme, row, points)
    if row.target is None:
        raise ScoringError(_("定量指标“%(name)s”缺少年度指标值。") % {"name": row.name})
    if row.actual is None:
        # Not an error: the unit has not reported the value, so the row earns nothing and needs a
        # reason like any other shortfall.
        return RowScore(
            key=row.key,
            points=_q(points),
            score=_q(ZERO),
            formula=_("0.00：未填写实际完成值"),
            rule=_("未填写实际完成值的定量指标不得分，须说明原因。"),
            shortfall=points > 0,
        )
    if row.level1 == SATISFACTION and scheme.satisfaction_method == "step" and row.comparator != LTE:
        return _score_satisfaction_step(scheme, row, points)
    share, expression, rule = _quantitative_share(scheme, row, points)
    note = ""
    if row.comparator == GTE and _target_too_low(scheme, row):
        # 偏离度: over-achievement this large means the target was set far too low.
        share = max(share - scheme.low_target_deduction, ZERO)
        note = _("实际值 / 目标值 = %(ratio)s ≥ %(line)s，目标值设定明显偏低，扣分值的 %(cut)s") % {
            "ratio": _pct(row.actual / row.target),
            "line": _pct(scheme.low_target_ratio),
            "cut": _pct(scheme.low_target_deduction),
        }
        expression = _("%(points)s × (1 − %(cut)s)") % {
            "points": _num(points),
            "cut": _pct(scheme.low_target_deduction),
        }
        rule = _join(
            rule,
            _("偏离度：实际值达到目标值的 %(line)s 及以上视为目标值设定偏低，扣该指标分值的 %(cut)s")
            % {"line": _pct(scheme.low_target_ratio), "cut": _pct(scheme.low_target_deduction)},
        )
    score, formula, rounding_rule = _round(scheme, points, share, expression)
    if note:
        formula = f"{formula}（{note}）"
    return RowScore(row.key, _q(points), score, formula, _join(rule, rounding_rule), score < points)


def _quantitative_share(scheme: SelfEvaluation, row: RowInput, points: Decimal) -> tuple[Decimal, str, str]:
    """(share 0..1, expression, rule) of a ≥, ≤ or = indicator [财预〔2020〕10号]."""
    target, actual = row.target, row.actual
    t, a = _num(target), _num(actual)
    if row.comparator == GTE:
        rule = _("%(source)s 正向指标：得分 = 分值 × min(实际值 / 目标值, 1)") % {"source": SOURCE}
        if target <= 0:
            # No meaningful ratio against a zero or negative target: met or not met.
            share = ONE if actual >= target else ZERO
            return share, _met(points, share), rule
        share = min(max(actual / target, ZERO), ONE)
        return share, _capped(points, f"{a} / {t}", capped=actual >= target), rule
    if row.comparator == LTE:
        rule = _("%(source)s 反向指标：得分 = 分值 × min(目标值 / 实际值, 1)") % {"source": SOURCE}
        if actual <= target:
            return ONE, _capped(points, f"{t} / {a}", capped=True) if actual > 0 else _met(points, ONE), rule
        if actual > 0 and target >= 0:
            return target / actual, _capped(points, f"{t} / {a}", capped=False), rule
        return ZERO, _met(points, ZERO), rule
    # EQ
    if scheme.eq_partial == "none":
        rule = _("等值指标：实际值等于目标值得满分，否则不得分")
        share = ONE if actual == target else ZERO
        return share, _met(points, share), rule
    rule = _("等值指标：实际值等于目标值得满分，否则得分 = 分值 × min(实际值 / 目标值, 目标值 / 实际值)")
    if actual == target:
        return ONE, _met(points, ONE), rule
    if actual > 0 and target > 0:
        if actual < target:
            return actual / target, f"{_num(points)} × {a} / {t}", rule
        return target / actual, f"{_num(points)} × {t} / {a}", rule
    return ZERO, _met(points, ZERO), rule


def _target_too_low(scheme: SelfEvaluation, row: RowInput) -> bool:
    return (
        scheme.low_target_ratio > 0 and row.target > 0 and row.actual / row.target >= scheme.low_target_ratio
    )


def _score_qualitative(scheme: SelfEvaluation, row: RowInput, points: Decimal) -> RowScore:
    """A qualitative (定性) indicator: the reviewer picks the grade band (达成 100–80 %, 部分达成
    80–60 %, 未达成 60–0 % by default) and a share inside it; without a share the top of the band
    counts."""
    if not row.band:
        raise ScoringError(_("定性指标“%(name)s”须选择评价档次。") % {"name": row.name})
    band = next((b for b in scheme.qualitative_bands if b.key == row.band), None)
    if band is None:
        raise ScoringError(
            _("定性指标“%(name)s”的评价档次无效：%(band)s") % {"name": row.name, "band": row.band}
        )
    share = band.upper if row.achievement is None else row.achievement
    if not band.lower <= share <= band.upper:
        raise ScoringError(
            _("定性指标“%(name)s”的得分比例 %(share)s 不在“%(label)s”档次的 %(lower)s–%(upper)s 之内。")
            % {
                "name": row.name,
                "share": _pct(share),
                "label": band.label,
                "lower": _pct(band.lower),
                "upper": _pct(band.upper),
            }
        )
    expression = _("%(points)s × %(share)s（%(label)s）") % {
        "points": _num(points),
        "share": _pct(share),
        "label": band.label,
    }
    steps = "、".join(f"{b.label} {_pct(b.upper)}–{_pct(b.lower)}" for b in scheme.qualitative_bands)
    rule = _("定性指标：按评价档次（%(steps)s）由评价人在档内确定得分比例") % {"steps": steps}
    score, formula, rounding_rule = _round(scheme, points, share, expression)
    return RowScore(row.key, _q(points), score, formula, _join(rule, rounding_rule), score < points)


def _score_satisfaction_step(scheme: SelfEvaluation, row: RowInput, points: Decimal) -> RowScore:
    """Satisfaction (in %) at or above the line earns full marks; below it, each started step
    (default: every 5 points below 90 %) costs the step's points. The steps are this rule's own
    rounding, so the scheme's rounding mode does not apply again."""
    line, step, per = scheme.satisfaction_line, scheme.satisfaction_step, scheme.satisfaction_step_points
    rule = _("满意度：达到 %(line)s%% 得满分，每低 %(step)s 个百分点扣 %(per)s 分（不足一档按一档计）") % {
        "line": _num(line),
        "step": _num(step),
        "per": _num(per),
    }
    actual = row.actual
    if actual >= line:
        score = _q(points)
        formula = _("%(score)s：满意度 %(actual)s%% ≥ %(line)s%%，得满分") % {
            "score": score,
            "actual": _num(actual),
            "line": _num(line),
        }
        return RowScore(row.key, _q(points), score, formula, rule, False)
    gap = line - actual
    steps = (gap / step).to_integral_value(rounding=ROUND_CEILING)
    score = _q(max(points - steps * per, ZERO))
    formula = _(
        "%(score)s = %(points)s − %(per)s × %(steps)s（满意度 %(actual)s%%，低于 %(line)s%% 共 %(gap)s 个百分点）"
    ) % {
        "score": score,
        "points": _num(points),
        "per": _num(per),
        "steps": _num(steps),
        "actual": _num(actual),
        "line": _num(line),
        "gap": _num(gap),
    }
    return RowScore(row.key, _q(points), score, formula, rule, score < points)


# --- rounding and formatting --------------------------------------------------------------------


def _round(
    scheme: SelfEvaluation, points: Decimal, share: Decimal, expression: str
) -> tuple[Decimal, str, str]:
    """(score, formula, rounding rule) for `share` of `points` under `scheme.rounding`. Full
    achievement always earns the row's full points; rounding only shapes partial credit, and a
    rounded score never exceeds the points nor falls below 0."""
    raw = points * share
    if share >= ONE:
        score = _q(points)
        return score, f"{score} = {expression}", ""
    mode = scheme.rounding
    if mode == "half_up":
        score = _q(min(raw.quantize(ONE, rounding=ROUND_HALF_UP), points))
        return (
            score,
            f"{score} = {expression} = {_q(raw)}，{_('四舍五入取整')}",
            _("部分完成时得分四舍五入取整"),
        )
    if mode == "down":
        score = _q(max(raw.quantize(ONE, rounding=ROUND_FLOOR), ZERO))
        return score, f"{score} = {expression} = {_q(raw)}，{_('向下取整')}", _("部分完成时得分向下取整")
    if mode == "one_point_off":
        score = _q(max(points - ONE, ZERO))
        formula = _("%(score)s = %(points)s − 1（%(expression)s = %(raw)s，未完全达成扣 1 分）") % {
            "score": score,
            "points": _num(points),
            "expression": expression,
            "raw": _q(raw),
        }
        return score, formula, _("未完全达成的指标扣 1 分")
    if mode == "per_point":
        short = (ONE - share) * HUNDRED
        per = scheme.points_per_pct
        score = _q(max(points - per * short, ZERO))
        formula = _(
            "%(score)s = %(points)s − %(per)s × %(short)s（完成 %(done)s，每差 1 个百分点扣 %(per)s 分）"
        ) % {
            "score": score,
            "points": _num(points),
            "per": _num(per),
            "short": _q(short),
            "done": _pct(share),
        }
        return score, formula, _("每差 1 个百分点扣 %(per)s 分") % {"per": _num(per)}
    score = _q(raw)
    return score, f"{score} = {expression}", ""


def _split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` in cents split in proportion to `weights` (equally when they add up to 0); the parts
    add up to the total exactly, leftover cents going to the largest remainders, earlier first."""
    if not weights:
        return []
    total = _q(total)
    weight_sum = sum(weights, ZERO)
    if weight_sum == 0:
        weights, weight_sum = [ONE] * len(weights), Decimal(len(weights))
    raw = [total * w / weight_sum for w in weights]
    parts = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    left = int((total - sum(parts, ZERO)) / CENT)
    by_remainder = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += CENT
    return parts


def _capped(points: Decimal, ratio: str, *, capped: bool) -> str:
    if capped:
        return f"{_num(points)} × min({ratio}, 1)"
    return f"{_num(points)} × {ratio}"


def _met(points: Decimal, share: Decimal) -> str:
    return f"{_num(points)} × {_num(share)}"


def _join(rule: str, extra: str) -> str:
    return f"{rule}；{extra}" if extra else rule


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _num(value: Decimal) -> str:
    """A number as the user reads it: no exponent, no trailing zeros on whole numbers."""
    if value == value.to_integral_value():
        return format(value.quantize(ONE), "f")
    return format(value, "f")


def _pct(value: Decimal) -> str:
    return f"{_num((value * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP).normalize())}%"
