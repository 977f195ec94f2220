"""Every variant of the self-evaluation scheme (issue 5, DESIGN.md §3.4), each at its boundary.

The scorer is pure: no database. Numbers are chosen so that each expected score can be checked by
hand; the comment beside an expectation shows the arithmetic.
"""

from dataclasses import replace
from decimal import Decimal

import pytest

from budgets.policy import Band, ExecutionBand, PolicyData, PolicyError, QualitativeBand, SelfEvaluation
from evaluation.scoring import (
    COMPARATOR_CODES,
    LEVEL1_CODES,
    ExecutionInput,
    RowInput,
    ScoringError,
    allot_points,
    grade_of,
    score_self_evaluation,
)

D = Decimal
STANDARD = SelfEvaluation()
FULL = ExecutionInput(budget=D("100"), spent=D("100"))


def row(key="r", level1="output", comparator="gte", target="100", actual="100", **kwargs) -> RowInput:
    return RowInput(
        key=key,
        level1=level1,
        name=f"指标{key}",
        comparator=comparator,
        target=None if target is None else D(target),
        actual=None if actual is None else D(actual),
        **kwargs,
    )


def standard_rows(**changes) -> list[RowInput]:
    """One full-marks row per group: 产出 50, 效益 30, 满意度 10; `changes` replaces rows by key."""
    rows = {
        "out": row("out", "output"),
        "eff": row("eff", "outcome"),
        "sat": row("sat", "satisfaction", target="90", actual="95"),
    }
    rows.update(changes)
    return [r for r in rows.values() if r is not None]


def score_of(scheme, rows, execution=FULL, **kwargs):
    return score_self_evaluation(scheme, execution, rows, **kwargs)


def by_key(score):
    return {r.key: r for r in score.rows}


def five_bands() -> tuple[Band, ...]:
    # [000 #21]: 优/良/中/低/差.
    return (
        Band("excellent", "优", D("90")),
        Band("good", "良", D("80")),
        Band("fair", "中", D("70")),
        Band("low", "低", D("60")),
        Band("poor", "差", D("0")),
    )


def test_scorer_codes_are_the_target_models_codes():
    from targets.models import Comparator, Level1

    assert set(LEVEL1_CODES) == set(Level1.values)
    assert set(COMPARATOR_CODES) == set(Comparator.values)


def test_full_marks_under_the_standard_scheme_is_100_and_excellent():
    score = score_of(STANDARD, standard_rows())
    assert score.total == D("100.00")
    assert [r.points for r in score.rows] == [D("50"), D("30"), D("10")]
    assert (score.grade, score.grade_label, score.downgraded) == ("excellent", "优", False)
    assert not any(r.shortfall for r in [score.execution, *score.rows])


# --- execution rate -----------------------------------------------------------------------------


def test_execution_rate_scores_ten_times_the_rate():
    score = score_of(STANDARD, standard_rows(), ExecutionInput(D("43.20"), D("37.24")))
    # 10 × 37.24 / 43.20 = 8.6203…
    assert score.execution.score == D("8.62")
    assert score.execution.points == D("10")
    assert score.execution.formula == "8.62 = 10 × 37.24 / 43.20"
    assert "[财预〔2020〕10号]" in score.execution.rule
    assert score.execution.shortfall
    assert score.total == D("98.62")


def test_execution_above_the_budget_is_capped_at_its_points():
    score = score_of(STANDARD, standard_rows(), ExecutionInput(D("100"), D("120")))
    assert score.execution.score == D("10.00")
    assert "min(120 / 100, 1)" in score.execution.formula
    assert not score.execution.shortfall


def test_execution_worth_twenty_points():
    scheme = replace(STANDARD, execution_weight=D("20"), output_weight=D("40"))
    score = score_of(scheme, standard_rows(), ExecutionInput(D("200"), D("150")))
    assert score.execution.points == D("20")
    assert score.execution.score == D("15.00")  # 20 × 0.75
    assert by_key(score)["out"].points == D("40")
    assert score.total == D("95.00")


def test_execution_worth_zero_points_is_not_scored_but_still_needs_an_explanation():
    scheme = replace(STANDARD, execution_weight=D("0"), output_weight=D("60"))
    score = score_of(scheme, standard_rows(), ExecutionInput(D("100"), D("50")))
    assert (score.execution.points, score.execution.score) == (D("0"), D("0"))
    assert not score.execution.shortfall
    assert "不计分" in score.execution.formula
    assert score.needs_explanation
    assert score.total == D("100.00")


@pytest.mark.parametrize(
    ("spent", "expected"),
    [
        ("100", "10.00"),
        ("90", "10.00"),  # ≥ 90 % → 100 %
        ("89.99", "8.00"),  # ≥ 80 % → 80 %
        ("80", "8.00"),
        ("79.99", "6.00"),  # ≥ 70 % → 60 %
        ("60", "4.00"),
        ("59.99", "0.00"),
    ],
)
def test_execution_scored_by_bands(spent, expected):
    scheme = replace(STANDARD, execution_method="bands")
    score = score_of(scheme, standard_rows(), ExecutionInput(D("100"), D(spent)))
    assert score.execution.score == D(expected)
    assert "按档次" in score.execution.rule


def test_execution_bands_are_not_rounded_again():
    scheme = replace(STANDARD, execution_method="bands", rounding="one_point_off")
    score = score_of(scheme, standard_rows(), ExecutionInput(D("100"), D("85")))
    assert score.execution.score == D("8.00")  # the band's 80 %, not 10 − 1


@pytest.mark.parametrize(
    ("spent", "line", "expected"),
    [("90", "0.90", False), ("89.99", "0.90", True), ("85", "0.85", False), ("84.99", "0.85", True)],
)
def test_a_rate_below_the_line_needs_an_explanation(spent, line, expected):
    scheme = replace(STANDARD, explanation_below_rate=D(line))
    assert score_of(scheme, standard_rows(), ExecutionInput(D("100"), D(spent))).needs_explanation is expected


@pytest.mark.parametrize(("budget", "spent"), [("0", "0"), ("-5", "1"), ("100", "-1")])
def test_execution_without_a_positive_budget_is_refused(budget, spent):
    with pytest.raises(ScoringError, match="全年预算数|全年执行数"):
        score_of(STANDARD, standard_rows(), ExecutionInput(D(budget), D(spent)))


# --- level-1 points -----------------------------------------------------------------------------


def test_standard_points_split_equally_within_each_group():
    rows = [row("o1"), row("o2"), row("e1", "outcome"), row("e2", "outcome"), row("e3", "outcome")]
    rows.append(row("s1", "satisfaction"))
    assert allot_points(STANDARD, rows) == [D(p) for p in ("25", "25", "10", "10", "10", "10")]


def test_points_70_20_10_with_no_execution_points():
    scheme = replace(
        STANDARD,
        execution_weight=D("0"),
        output_weight=D("70"),
        outcome_weight=D("20"),
        satisfaction_weight=D("10"),
    )
    rows = standard_rows(out=row("out", actual="50"))
    score = score_of(scheme, rows)
    assert [r.points for r in score.rows] == [D("70"), D("20"), D("10")]
    assert by_key(score)["out"].score == D("35.00")  # 70 × 50 / 100
    assert score.total == D("65.00")


def test_without_a_satisfaction_indicator_its_points_go_to_output_by_default():
    score = score_of(STANDARD, standard_rows(sat=None))
    assert [r.points for r in score.rows] == [D("60"), D("30")]
    assert score.total == D("100.00")


def test_without_a_satisfaction_indicator_groups_can_be_rescaled_instead():
    scheme = replace(STANDARD, missing_satisfaction="rescale")
    rows = standard_rows(sat=None, out=row("out", actual="50"))
    score = score_of(scheme, rows)
    # 50 × 90 / 80 = 56.25 and 30 × 90 / 80 = 33.75
    assert [r.points for r in score.rows] == [D("56.25"), D("33.75")]
    assert by_key(score)["out"].score == D("28.13")  # 56.25 × 0.5 = 28.125 → half up
    assert score.total == D("71.88")


def test_all_satisfaction_rows_not_applicable_counts_as_no_satisfaction_indicator():
    rows = standard_rows(sat=row("sat", "satisfaction", not_applicable=True))
    assert allot_points(STANDARD, rows) == [D("60"), D("30"), D("0")]


def test_cost_indicators_share_the_output_points_when_cost_has_none():
    rows = [
        row("o"),
        row("c", "cost", "lte", target="90", actual="90"),
        row("e", "outcome"),
        row("s", "satisfaction"),
    ]
    assert allot_points(STANDARD, rows) == [D("25"), D("25"), D("30"), D("10")]


def test_cost_as_its_own_level1_group_with_its_own_points():
    scheme = replace(STANDARD, output_weight=D("40"), cost_weight=D("10"))
    rows = [
        row("o"),
        row("c", "cost", "lte", target="90", actual="100"),
        row("e", "outcome"),
        row("s", "satisfaction"),
    ]
    score = score_of(scheme, rows)
    assert [r.points for r in score.rows] == [D("40"), D("10"), D("30"), D("10")]
    assert by_key(score)["c"].score == D("9.00")  # 10 × 90 / 100
    assert score.total == D("99.00")


def test_declared_weights_are_used_within_a_group():
    rows = [
        row("o1", weight=D("20")),
        row("o2", weight=D("30")),
        row("e", "outcome"),
        row("s", "satisfaction"),
    ]
    assert allot_points(STANDARD, rows)[:2] == [D("20"), D("30")]


def test_declared_weights_are_rescaled_to_the_groups_points():
    rows = [row("o1", weight=D("1")), row("o2", weight=D("3")), row("e", "outcome"), row("s", "satisfaction")]
    assert allot_points(STANDARD, rows)[:2] == [D("12.50"), D("37.50")]


def test_a_group_with_an_undeclared_weight_is_split_equally():
    rows = [row("o1", weight=D("40")), row("o2"), row("e", "outcome"), row("s", "satisfaction")]
    assert allot_points(STANDARD, rows)[:2] == [D("25"), D("25")]


def test_equal_split_ignores_declared_weights():
    scheme = replace(STANDARD, within_group="equal")
    rows = [
        row("o1", weight=D("20")),
        row("o2", weight=D("30")),
        row("e", "outcome"),
        row("s", "satisfaction"),
    ]
    assert allot_points(scheme, rows)[:2] == [D("25"), D("25")]


def test_an_equal_split_in_cents_adds_up_to_the_groups_points():
    rows = [row("o1"), row("o2"), row("o3"), row("e", "outcome"), row("s", "satisfaction")]
    points = allot_points(STANDARD, rows)
    assert points[:3] == [D("16.67"), D("16.67"), D("16.66")]
    assert sum(points) == D("90")


def test_a_row_not_applicable_is_dropped_and_the_rest_of_its_group_rescaled():
    rows = [
        row("e1", "outcome"),
        row("e2", "outcome", not_applicable=True),
        row("e3", "outcome", actual="50"),
    ]
    score = score_of(STANDARD, [row("o"), *rows, row("s", "satisfaction")])
    rows_by_key = by_key(score)
    assert [rows_by_key[k].points for k in ("e1", "e2", "e3")] == [D("15"), D("0"), D("15")]
    assert rows_by_key["e2"].score == D("0")
    assert not rows_by_key["e2"].shortfall
    assert "不适用" in rows_by_key["e2"].formula
    assert rows_by_key["e3"].score == D("7.50")
    assert score.total == D("92.50")


# --- quantitative indicators --------------------------------------------------------------------


def test_a_gte_indicator_scores_its_share_of_the_target():
    score = score_of(STANDARD, standard_rows(out=row("out", target="43.20", actual="37.24")))
    out = by_key(score)["out"]
    assert out.score == D("43.10")  # 50 × 37.24 / 43.20 = 43.101…
    assert out.formula == "43.10 = 50 × 37.24 / 43.20"
    assert "正向指标" in out.rule
    assert out.shortfall


def test_over_achievement_is_capped_at_the_rows_points():
    out = by_key(score_of(STANDARD, standard_rows(out=row("out", target="100", actual="180"))))["out"]
    assert out.score == D("50.00")
    assert "min(180 / 100, 1)" in out.formula
    assert not out.shortfall


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("10", "12.5", "40.00"),  # 50 × 10 / 12.5
        ("10", "10", "50.00"),
        ("10", "4", "50.00"),  # below the ceiling: capped at full marks
        ("0", "0", "50.00"),  # "≤ 0 accidents", none happened
        ("0", "2", "0.00"),
    ],
)
def test_an_lte_indicator_scores_the_target_over_the_actual(target, actual, expected):
    out = by_key(score_of(STANDARD, standard_rows(out=row("out", "output", "lte", target, actual))))["out"]
    assert out.score == D(expected)
    assert "反向指标" in out.rule


@pytest.mark.parametrize(
    ("actual", "partial", "expected"),
    [
        ("100", "ratio", "50.00"),
        ("98", "ratio", "49.00"),  # 50 × 98 / 100
        ("102", "ratio", "49.02"),  # 50 × 100 / 102 = 49.019…
        ("98", "none", "0.00"),
        ("100", "none", "50.00"),
    ],
)
def test_an_eq_indicator_scores_full_when_equal_else_by_the_scheme(actual, partial, expected):
    scheme = replace(STANDARD, eq_partial=partial)
    out = by_key(score_of(scheme, standard_rows(out=row("out", "output", "eq", "100", actual))))["out"]
    assert out.score == D(expected)


@pytest.mark.parametrize(("actual", "expected"), [("149", "50.00"), ("150", "40.00"), ("400", "40.00")])
def test_a_target_set_far_too_low_loses_the_deviation_deduction(actual, expected):
    scheme = replace(STANDARD, low_target_ratio=D("1.5"), low_target_deduction=D("0.20"))
    out = by_key(score_of(scheme, standard_rows(out=row("out", target="100", actual=actual))))["out"]
    assert out.score == D(expected)
    assert out.shortfall is (expected != "50.00")
    if expected != "50.00":
        assert "目标值设定明显偏低" in out.formula
        assert "偏离度" in out.rule


def test_the_deviation_deduction_is_off_by_default_and_never_touches_lte_rows():
    assert by_key(score_of(STANDARD, standard_rows(out=row("out", actual="900"))))["out"].score == D("50.00")
    scheme = replace(STANDARD, low_target_ratio=D("1.5"))
    lte = row("out", "output", "lte", target="100", actual="10")
    assert by_key(score_of(scheme, standard_rows(out=lte)))["out"].score == D("50.00")


def test_a_quantitative_row_without_an_actual_scores_zero_and_needs_a_reason():
    out = by_key(score_of(STANDARD, standard_rows(out=row("out", actual=None))))["out"]
    assert (out.points, out.score, out.shortfall) == (D("50"), D("0"), True)
    assert "未填写实际完成值" in out.formula


def test_a_quantitative_row_without_a_target_is_refused():
    with pytest.raises(ScoringError, match="缺少年度指标值"):
        score_of(STANDARD, standard_rows(out=row("out", target=None)))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"level1": "process"}, "一级指标无效"),
        ({"comparator": "gt"}, "指标性质无效"),
        ({"weight": D("-1")}, "权重不能为负数"),
    ],
)
def test_malformed_rows_are_refused(changes, message):
    with pytest.raises(ScoringError, match=message):
        score_of(STANDARD, standard_rows(out=replace(row("out"), **changes)))


def test_duplicate_row_keys_are_refused():
    with pytest.raises(ScoringError, match="不能重复"):
        score_of(STANDARD, [row("x"), row("x", "outcome")])


# --- qualitative indicators ---------------------------------------------------------------------


def qualitative(band, achievement=None, key="eff"):
    return row(
        key,
        "outcome",
        "qualitative",
        target=None,
        actual=None,
        band=band,
        achievement=None if achievement is None else D(achievement),
    )


@pytest.mark.parametrize(
    ("band", "achievement", "expected"),
    [
        ("achieved", "1", "30.00"),
        ("achieved", "0.80", "24.00"),
        ("partial", "0.80", "24.00"),
        ("partial", "0.70", "21.00"),
        ("partial", "0.60", "18.00"),
        ("not_achieved", "0.60", "18.00"),
        ("not_achieved", "0", "0.00"),
        ("achieved", None, "30.00"),  # no share given: the top of the band
        ("partial", None, "24.00"),
    ],
)
def test_qualitative_indicators_score_the_share_chosen_inside_the_default_bands(band, achievement, expected):
    eff = by_key(score_of(STANDARD, standard_rows(eff=qualitative(band, achievement))))["eff"]
    assert eff.score == D(expected)
    assert "定性指标" in eff.rule


@pytest.mark.parametrize(
    ("band", "achievement"), [("partial", "0.85"), ("partial", "0.59"), ("achieved", "0.79")]
)
def test_a_qualitative_share_outside_its_band_is_refused(band, achievement):
    with pytest.raises(ScoringError, match="不在“.+”档次"):
        score_of(STANDARD, standard_rows(eff=qualitative(band, achievement)))


def test_the_80_50_0_qualitative_variant():
    scheme = replace(
        STANDARD,
        qualitative_bands=(
            QualitativeBand("achieved", "达成", D("1"), D("0.80")),
            QualitativeBand("partial", "部分达成", D("0.80"), D("0.50")),
            QualitativeBand("not_achieved", "未达成", D("0.50"), D("0")),
        ),
    )
    scheme.validate()
    assert by_key(score_of(scheme, standard_rows(eff=qualitative("partial", "0.50"))))["eff"].score == D(
        "15.00"
    )
    with pytest.raises(ScoringError):
        score_of(scheme, standard_rows(eff=qualitative("partial", "0.45")))
    # The same share is refused under the default 80–60 band.
    with pytest.raises(ScoringError):
        score_of(STANDARD, standard_rows(eff=qualitative("partial", "0.50")))


@pytest.mark.parametrize(("band", "message"), [("", "须选择评价档次"), ("excellent", "评价档次无效")])
def test_a_qualitative_row_needs_a_known_band(band, message):
    with pytest.raises(ScoringError, match=message):
        score_of(STANDARD, standard_rows(eff=qualitative(band)))


# --- rounding -----------------------------------------------------------------------------------


def ten_point_row(actual, rounding, **scheme_changes):
    """A 10-point ≥ row (产出 50 over five rows) with target 43.20."""
    scheme = replace(STANDARD, rounding=rounding, **scheme_changes)
    rows = [row("x", target="43.20", actual=actual)] + [row(f"o{i}") for i in range(4)]
    rows += [row("e", "outcome"), row("s", "satisfaction")]
    score = score_of(scheme, rows)
    return by_key(score)["x"], score


@pytest.mark.parametrize(
    ("rounding", "expected", "note"),
    [
        ("exact", "8.62", ""),  # 10 × 37.24 / 43.20 = 8.6203…
        ("half_up", "9.00", "四舍五入取整"),
        ("down", "8.00", "向下取整"),
        ("one_point_off", "9.00", "扣 1 分"),
        ("per_point", "3.10", "每差 1 个百分点扣 0.5 分"),  # 10 − 0.5 × 13.796…
    ],
)
def test_every_rounding_mode_on_partial_credit(rounding, expected, note):
    x, score = ten_point_row("37.24", rounding)
    assert x.score == D(expected)
    assert note in x.formula
    assert score.total == D("90.00") + D(expected)


def test_half_up_rounds_a_half_point_up():
    x, _ = ten_point_row("41.04", "half_up")  # 10 × 41.04 / 43.20 = 9.5
    assert x.score == D("10.00")
    assert x.shortfall is False


def test_one_point_off_costs_exactly_one_point_however_large_the_shortfall():
    assert ten_point_row("43.19", "one_point_off")[0].score == D("9.00")
    assert ten_point_row("1", "one_point_off")[0].score == D("9.00")
    assert ten_point_row("43.20", "one_point_off")[0].score == D("10.00")


def test_per_point_uses_the_schemes_points_per_percentage_point_and_stops_at_zero():
    # 95 % achieved: 5 points short × 1 point each.
    assert ten_point_row("41.04", "per_point", points_per_pct=D("1"))[0].score == D("5.00")
    assert ten_point_row("4.32", "per_point", points_per_pct=D("1"))[0].score == D("0.00")


def test_rounding_never_takes_full_marks_from_fractional_points():
    rows = [row("o1"), row("o2"), row("o3", actual="99.99"), row("e", "outcome"), row("s", "satisfaction")]
    for rounding in ("half_up", "down"):
        scored = by_key(score_of(replace(STANDARD, rounding=rounding), rows))
        assert scored["o1"].score == D("16.67")  # full achievement keeps its fractional points
        assert scored["o3"].score <= scored["o3"].points


def test_rounding_applies_to_the_execution_rate_as_published_forms_do():
    score = score_of(
        replace(STANDARD, rounding="half_up"), standard_rows(), ExecutionInput(D("43.2"), D("37.24"))
    )
    assert score.execution.score == D("9.00")
    assert "四舍五入取整" in score.execution.formula


# --- satisfaction -------------------------------------------------------------------------------


def test_satisfaction_scored_proportionally_by_default():
    sat = by_key(score_of(STANDARD, standard_rows(sat=row("sat", "satisfaction", target="90", actual="85"))))[
        "sat"
    ]
    assert sat.score == D("9.44")  # 10 × 85 / 90


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("100", "10.00"),
        ("90", "10.00"),
        ("89.9", "9.00"),  # a started step counts
        ("85", "9.00"),
        ("84.99", "8.00"),
        ("80", "8.00"),
        ("40", "0.00"),  # never below zero
    ],
)
def test_satisfaction_minus_one_per_five_points_below_ninety(actual, expected):
    scheme = replace(STANDARD, satisfaction_method="step")
    sat = by_key(score_of(scheme, standard_rows(sat=row("sat", "satisfaction", target="95", actual=actual))))[
        "sat"
    ]
    assert sat.score == D(expected)
    assert "每低 5 个百分点扣 1 分" in sat.rule


def test_satisfaction_step_uses_the_schemes_line_step_and_points():
    scheme = replace(
        STANDARD,
        satisfaction_method="step",
        satisfaction_line=D("95"),
        satisfaction_step=D("2"),
        satisfaction_step_points=D("0.5"),
    )
    sat = by_key(score_of(scheme, standard_rows(sat=row("sat", "satisfaction", actual="90"))))["sat"]
    assert sat.score == D("8.50")  # 5 points below 95 → 3 steps of 2 → 10 − 1.5


# --- grades -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_every_boundary_of_the_four_grade_bands(total, label):
    band, downgraded = grade_of(STANDARD, D(total))
    assert (band.label, downgraded) == (label, False)


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("70", "中"),
        ("69.99", "低"),
        ("60", "低"),
        ("59.99", "差"),
    ],
)
def test_every_boundary_of_a_five_grade_scheme(total, label):
    scheme = replace(STANDARD, bands=five_bands())
    scheme.validate()
    assert grade_of(scheme, D(total))[0].label == label


@pytest.mark.parametrize(
    ("total", "label", "downgraded"),
    [("95", "良", True), ("85", "中", True), ("65", "差", True), ("50", "差", False)],
)
def test_a_violation_lowers_the_grade_one_band_and_poor_stays_poor(total, label, downgraded):
    band, was_downgraded = grade_of(STANDARD, D(total), violation=True)
    assert (band.label, was_downgraded) == (label, downgraded)


def test_a_violation_in_a_five_band_scheme_lowers_fair_to_low():
    scheme = replace(STANDARD, bands=five_bands())
    assert grade_of(scheme, D("75"), violation=True)[0].label == "低"


def test_the_downgrade_can_be_switched_off():
    scheme = replace(STANDARD, violation_downgrade=False)
    assert grade_of(scheme, D("95"), violation=True) == (STANDARD.bands[0], False)


def test_the_scored_total_decides_the_grade_and_the_violation_flag_reaches_it():
    rows = standard_rows(out=row("out", actual="80"))  # 50 × 0.8 = 40 → total 90
    score = score_of(STANDARD, rows)
    assert (score.total, score.grade_label) == (D("90.00"), "优")
    score = score_of(STANDARD, rows, violation=True)
    assert (score.grade, score.grade_label, score.downgraded) == ("good", "良", True)
    rows = standard_rows(out=row("out", actual="79.98"))  # 39.99 → 89.99
    assert score_of(STANDARD, rows).grade_label == "良"


def test_the_total_is_the_sum_of_the_rounded_rows():
    scheme = replace(STANDARD, rounding="half_up")
    rows = [
        row("o1", actual="55"),
        row("o2", actual="65"),
        row("e", "outcome", actual="45"),
        row("s", "satisfaction"),
    ]
    score = score_of(scheme, rows, ExecutionInput(D("100"), D("85")))
    # 9 (8.5 → 9) + 14 (13.75) + 16 (16.25) + 14 (13.5) + 10
    assert [r.score for r in [score.execution, *score.rows]] == [D(v) for v in ("9", "14", "16", "14", "10")]
    assert score.total == D("63.00")


# --- scheme validation (budgets.policy) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"output_weight": D("60")}, "自评分值合计须为 100 分"),
        ({"cost_weight": D("10")}, "自评分值合计须为 100 分"),
        ({"output_weight": D("-10"), "outcome_weight": D("90")}, "不能为负数"),
        ({"rounding": "ceiling"}, "部分完成时得分取值只能是"),
        ({"missing_satisfaction": "drop"}, "无满意度指标时其分值只能是"),
        ({"within_group": "random"}, "一级指标内分值分配只能是"),
        ({"execution_method": "steps"}, "预算执行率计分方法只能是"),
        ({"eq_partial": "half"}, "等值指标未相等时只能是"),
        ({"satisfaction_method": "survey"}, "满意度计分方法只能是"),
        (
            {
                "bands": (
                    Band("good", "良", D("80")),
                    Band("excellent", "优", D("90")),
                    Band("poor", "差", D("0")),
                )
            },
            "从高到低",
        ),
        ({"bands": (Band("excellent", "优", D("90")), Band("good", "良", D("60")))}, "从 0 分起"),
        ({"bands": (Band("a", "优", D("90")), Band("a", "差", D("0")))}, "各不相同"),
        (
            {"execution_bands": (ExecutionBand(D("0.8"), D("0.8")), ExecutionBand(D("0.9"), D("1")))},
            "从高到低",
        ),
        ({"execution_bands": (ExecutionBand(D("0.9"), D("1.2")),)}, "0 到 100%"),
        (
            {"execution_bands": (ExecutionBand(D("0.9"), D("0.5")), ExecutionBand(D("0.8"), D("0.8")))},
            "不能越高",
        ),
        ({"explanation_below_rate": D("1.5")}, "执行率低于此值须说明原因须在 0 到 100%"),
        ({"low_target_ratio": D("0.8")}, "须大于 1"),
        ({"low_target_deduction": D("2")}, "0 到 100%"),
        (
            {
                "qualitative_bands": (
                    QualitativeBand("a", "达成", D("1"), D("0.7")),
                    QualitativeBand("p", "部分达成", D("0.8"), D("0.6")),
                )
            },
            "不能重叠",
        ),
        ({"qualitative_bands": (QualitativeBand("a", "达成", D("0.7"), D("0.8")),)}, "下限不高于上限"),
        ({"qualitative_bands": (QualitativeBand("a", "达成", D("1.2"), D("0.8")),)}, "0 到 100%"),
        ({"qualitative_bands": ()}, "至少设置一个"),
        ({"satisfaction_step": D("0")}, "档距须大于 0"),
        ({"satisfaction_line": D("120")}, "不能高于 100%"),
        ({"points_per_pct": D("-1")}, "不能为负数"),
    ],
)
def test_a_scheme_that_cannot_score_is_refused_in_chinese(changes, message):
    with pytest.raises(PolicyError, match=message):
        replace(STANDARD, **changes).validate()
    # The Policy refuses it the same way.
    with pytest.raises(PolicyError, match=message):
        PolicyData(self_evaluation=replace(STANDARD, **changes)).validate()


def test_the_defaults_and_the_published_variants_validate():
    STANDARD.validate()
    replace(STANDARD, bands=five_bands()).validate()
    replace(STANDARD, execution_weight=D("20"), output_weight=D("40")).validate()
    replace(STANDARD, output_weight=D("40"), cost_weight=D("10")).validate()
    replace(STANDARD, rounding="per_point", points_per_pct=D("1"), execution_method="bands").validate()


def test_a_policy_saved_before_the_new_fields_reads_with_the_standard_defaults():
    old = {"self_evaluation": {"execution_weight": "10", "output_weight": "50", "outcome_weight": "30"}}
    scheme = PolicyData.from_dict(old).self_evaluation
    assert scheme == STANDARD
