"""Properties of the self-evaluation scorer that hold for every scheme variant (STYLE.md Tests):
a row scores between 0 and its points, raising the actual of a "≥" indicator (or lowering that of
a "≤" one) never lowers its score, the total is the execution score plus the row scores, and the
total lies within 0..100.
"""

from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets.policy import Band, QualitativeBand, SelfEvaluation
from evaluation.scoring import ExecutionInput, RowInput, grade_of, score_self_evaluation

D = Decimal
HUNDRED = D("100")

# Level-1 points that add up to 100 (execution, output, outcome, satisfaction, cost), as published.
WEIGHTS = [
    ("10", "50", "30", "10", "0"),
    ("20", "40", "30", "10", "0"),
    ("0", "70", "20", "10", "0"),
    ("10", "40", "30", "20", "0"),
    ("10", "40", "30", "10", "10"),
    ("10", "60", "30", "0", "0"),
]
QUALITATIVE_VARIANTS = [
    SelfEvaluation().qualitative_bands,
    (
        QualitativeBand("achieved", "达成", D("1"), D("0.80")),
        QualitativeBand("partial", "部分达成", D("0.80"), D("0.50")),
        QualitativeBand("not_achieved", "未达成", D("0.50"), D("0")),
    ),
]
BAND_VARIANTS = [
    SelfEvaluation().bands,
    (
        Band("excellent", "优", D("90")),
        Band("good", "良", D("80")),
        Band("fair", "中", D("70")),
        Band("low", "低", D("60")),
        Band("poor", "差", D("0")),
    ),
]

amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def schemes(draw, *, deviation=True) -> SelfEvaluation:
    execution, output, outcome, satisfaction, cost = (D(w) for w in draw(st.sampled_from(WEIGHTS)))
    return replace(
        SelfEvaluation(),
        execution_weight=execution,
        output_weight=output,
        outcome_weight=outcome,
        satisfaction_weight=satisfaction,
        cost_weight=cost,
        bands=draw(st.sampled_from(BAND_VARIANTS)),
        missing_satisfaction=draw(st.sampled_from(["to_output", "rescale"])),
        within_group=draw(st.sampled_from(["weights", "equal"])),
        execution_method=draw(st.sampled_from(["proportional", "bands"])),
        eq_partial=draw(st.sampled_from(["ratio", "none"])),
        low_target_ratio=D(draw(st.sampled_from(["0", "1.2", "2"]) if deviation else st.just("0"))),
        qualitative_bands=draw(st.sampled_from(QUALITATIVE_VARIANTS)),
        rounding=draw(st.sampled_from(["exact", "half_up", "down", "one_point_off", "per_point"])),
        points_per_pct=draw(st.sampled_from([D("0.1"), D("0.5"), D("1")])),
        satisfaction_method=draw(st.sampled_from(["proportional", "step"])),
    )


@st.composite
def rows_for(draw, scheme: SelfEvaluation, count: int) -> RowInput:
    key = f"r{count}"
    level1 = draw(st.sampled_from(["output", "outcome", "satisfaction", "cost"]))
    comparator = draw(st.sampled_from(["gte", "lte", "eq", "qualitative"]))
    weight = draw(st.none() | st.decimals(min_value=0, max_value=50, places=1))
    not_applicable = draw(st.booleans().map(lambda b: b and count % 3 == 2))
    if comparator == "qualitative":
        band = draw(st.sampled_from(scheme.qualitative_bands))
        achievement = draw(st.none() | st.decimals(min_value=band.lower, max_value=band.upper, places=2))
        return RowInput(
            key, level1, key, comparator, None, None, weight, not_applicable, achievement, band.key
        )
    target = draw(amounts)
    actual = draw(st.none() | amounts)
    return RowInput(key, level1, key, comparator, target, actual, weight, not_applicable)


@st.composite
def evaluations(draw, *, deviation=True):
    scheme = draw(schemes(deviation=deviation))
    n = draw(st.integers(min_value=1, max_value=8))
    rows = [draw(rows_for(scheme, i)) for i in range(n)]
    execution = ExecutionInput(budget=draw(positive), spent=draw(amounts))
    return scheme, execution, rows


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(evaluations())
def test_a_rows_score_is_between_zero_and_its_points(case):
    scheme, execution, rows = case
    score = score_self_evaluation(scheme, execution, rows)
    for scored in [score.execution, *score.rows]:
        assert D("0") <= scored.score <= scored.points, scored
        assert scored.shortfall == (scored.score < scored.points)


@PROPERTY_SETTINGS
@given(evaluations())
def test_the_total_is_the_execution_plus_the_rows_and_lies_within_0_to_100(case):
    scheme, execution, rows = case
    score = score_self_evaluation(scheme, execution, rows)
    assert score.total == score.execution.score + sum(r.score for r in score.rows)
    assert D("0") <= score.total <= HUNDRED
    if any(not r.not_applicable for r in rows):
        # The points of the groups present always make up the full 100.
        assert score.execution.points + sum(r.points for r in score.rows) == HUNDRED


@PROPERTY_SETTINGS
@given(evaluations(deviation=False), st.data())
def test_raising_the_actual_of_a_gte_indicator_never_lowers_its_score(case, data):
    """With the 偏离度 deduction off: that deduction punishes large over-achievement on purpose
    (tested in test_scoring.py)."""
    scheme, execution, rows = case
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    before = replace(
        rows[index], comparator="gte", target=data.draw(amounts), actual=data.draw(amounts), band=""
    )
    after = replace(before, actual=before.actual + data.draw(amounts))
    low = score_self_evaluation(scheme, execution, [*rows[:index], before, *rows[index + 1 :]])
    high = score_self_evaluation(scheme, execution, [*rows[:index], after, *rows[index + 1 :]])
    assert high.rows[index].score >= low.rows[index].score
    assert high.total >= low.total


@PROPERTY_SETTINGS
@given(evaluations(), st.data())
def test_lowering_the_actual_of_an_lte_indicator_never_lowers_its_score(case, data):
    scheme, execution, rows = case
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    before = replace(
        rows[index], comparator="lte", target=data.draw(amounts), actual=data.draw(amounts), band=""
    )
    after = replace(before, actual=max(before.actual - data.draw(amounts), D("0")))
    high = score_self_evaluation(scheme, execution, [*rows[:index], before, *rows[index + 1 :]])
    low = score_self_evaluation(scheme, execution, [*rows[:index], after, *rows[index + 1 :]])
    assert low.rows[index].score >= high.rows[index].score


@PROPERTY_SETTINGS
@given(evaluations(), st.data())
def test_spending_more_of_the_budget_never_lowers_the_execution_score(case, data):
    scheme, execution, rows = case
    more = replace(execution, spent=execution.spent + data.draw(amounts))
    assert (
        score_self_evaluation(scheme, more, rows).execution.score
        >= score_self_evaluation(scheme, execution, rows).execution.score
    )


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(BAND_VARIANTS),
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
    st.booleans(),
)
def test_a_higher_total_never_gets_a_lower_grade_and_a_violation_never_a_higher_one(bands, a, b, violation):
    scheme = replace(SelfEvaluation(), bands=bands)
    low, high = sorted([a, b])
    assert (
        grade_of(scheme, low, violation=violation)[0].min_score
        <= grade_of(scheme, high, violation=violation)[0].min_score
    )
    assert grade_of(scheme, a, violation=True)[0].min_score <= grade_of(scheme, a)[0].min_score
