"""Scorecard scoring per indicator type against hand-computed data [000 #1 #2]."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Organization
from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard, ScoreResult
from tests.dashboards.scorecard_data import (
    E,
    build,
    case,
    counties,
    department_card,
    indicator,
    last_year,
    spend,
)
from tests.factories import OrganizationFactory

TODAY = datetime.date(2027, 3, 1)
LINEAR = {"type": "linear", "full": "100", "zero": "50"}


@pytest.mark.parametrize(
    ("rule", "value", "points"),
    [
        (LINEAR, "80", "12.00"),  # 20 × (80 − 50) / 50
        (LINEAR, "100", "20.00"),
        (LINEAR, "120", "20.00"),
        (LINEAR, "50", "0.00"),
        (LINEAR, "10", "0.00"),
        (LINEAR, "66.666", "6.67"),  # half-up at two places
        ({"type": "linear", "full": "0", "zero": "20"}, "5", "15.00"),  # lower is better
        ({"type": "threshold", "at": "90"}, "90", "20.00"),
        ({"type": "threshold", "at": "90"}, "89.99", "0.00"),
        ({"type": "threshold", "at": "10", "compare": "lte"}, "8", "20.00"),
        ({"type": "steps", "steps": [["90", "1"], ["80", "0.5"]]}, "85", "10.00"),
        ({"type": "steps", "steps": [["80", "0.5"], ["90", "1"]]}, "95", "20.00"),
        ({"type": "steps", "steps": [["90", "1"], ["80", "0.5"]]}, "70", "0.00"),
        ({"type": "per_unit", "each": "3"}, "2", "6.00"),
        ({"type": "per_unit", "each": "3"}, "9", "20.00"),  # capped at the points
    ],
)
def test_a_value_earns_the_points_its_rule_gives(rule, value, points):
    rule = rules.validate_rule(rule)
    assert rules.score_value(rule, Decimal(value), Decimal("20"))[0] == Decimal(points)


def test_a_subject_without_data_scores_zero_or_full_as_the_rule_says():
    assert rules.score_value(rules.validate_rule(LINEAR), None, Decimal("10"))[0] == 0
    full = rules.validate_rule({**LINEAR, "missing": "full"})
    assert rules.score_value(full, None, Decimal("10"))[0] == Decimal("10")


@pytest.mark.parametrize(
    "rule",
    [
        {"type": "nope"},
        {"type": "linear", "full": "90", "zero": "90"},
        {"type": "linear", "full": "abc", "zero": "1"},
        {"type": "steps", "steps": []},
        {"type": "steps", "steps": [["90", "1.5"]]},
        {"type": "per_unit", "each": "0"},
        {"type": "threshold", "at": "1", "compare": "gt"},
    ],
)
def test_a_malformed_rule_is_refused(rule):
    with pytest.raises(rules.ScorecardError):
        rules.validate_rule(rule)


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=2),
    more=st.decimals(min_value=0, max_value=100, places=2),
    points=st.decimals(min_value=1, max_value=50, places=2),
)
def test_a_linear_score_stays_within_its_points_and_never_falls_as_the_value_rises(value, more, points):
    rule = rules.validate_rule(LINEAR)
    low = rules.score_value(rule, value, points)[0]
    high = rules.score_value(rule, value + more, points)[0]
    assert Decimal("0") <= low <= high <= points


def test_each_indicator_type_scores_the_hand_computed_points(personas):
    p = personas
    card, ind = build(p)
    results = {r.department_id: r for r in rules.score(card, TODAY)}
    d, e = results[p.dept_d.pk], results[p.dept_e.pk]
    points = {x["name"]: Decimal(x["points"]) for x in d.details}
    assert points == {
        "预算执行率": Decimal("12.00"),
        "资产报告质量": Decimal("5.00"),
        "政府采购": Decimal("5.00"),
        "问责事项": Decimal("6.00"),
    }
    assert (d.positive, d.deduction, d.total, d.rank) == (
        Decimal("22.00"),
        Decimal("6.00"),
        Decimal("16.00"),
        1,
    )
    assert (e.positive, e.deduction, e.total, e.rank) == (Decimal("0.00"), Decimal("0"), Decimal("0.00"), 2)
    execution = next(x for x in d.details if x["name"] == "预算执行率")
    assert execution["value"] == "80"
    assert "800,000.00" in execution["how"] and "1,000,000.00" in execution["how"]
    assert next(x for x in e.details if x["name"] == "资产报告质量")["how"] == "未填报"


def test_deductions_never_take_the_total_below_zero_unless_the_scorecard_allows_it(personas):
    p = personas
    card, ind = build(p)
    case(p.unit_c)  # E: 3 points deducted, nothing earned
    e = next(r for r in rules.score(card, TODAY) if r.department_id == p.dept_e.pk)
    assert (e.deduction, e.total) == (Decimal("3.00"), Decimal("0"))
    card.floor_at_zero = False
    card.save()
    e = next(r for r in rules.score(card, TODAY) if r.department_id == p.dept_e.pk)
    assert e.total == Decimal("-3.00")


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    assert rules.rank([Decimal(10), Decimal(20), Decimal(10), Decimal(5)]) == [2, 1, 2, 4]
    assert rules.rank([]) == []


def test_departments_with_the_same_total_share_the_rank(personas):
    p = personas
    card = department_card(p)
    ind = indicator(card, "地方评价", 10, source=E, rule={"type": "linear", "full": 100, "zero": 0})
    third = OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT,
        code="F",
        name="吉林省财政厅机关",
        region=p.province,
        parent=p.bureau,
    )
    subjects = {s.department_id: s for s in rules.subjects_and_context(card)[0]}
    rules.set_entry(ind, subjects[p.dept_d.pk], p.finance_admin, value="50")
    rules.set_entry(ind, subjects[p.dept_e.pk], p.finance_admin, value="50")
    rules.set_entry(ind, subjects[third.pk], p.finance_admin, value="80")
    ranks = {r.department_id: r.rank for r in rules.score(card, TODAY)}
    assert ranks == {third.pk: 1, p.dept_d.pk: 2, p.dept_e.pk: 2}


def test_last_years_rank_and_score_are_compared(personas):
    p = personas
    last_year(p, TODAY)
    card, _ = build(p)
    rules.compute(card, p.finance_admin, today=TODAY)
    rows = {r.result.department_id: r for r in rules.ranking(card, p.finance_admin)}
    d, e = rows[p.dept_d.pk], rows[p.dept_e.pk]
    assert (d.last_total, d.last_rank, d.total_change, d.rank_change) == (
        Decimal("3.00"),
        2,
        Decimal("13.00"),
        1,
    )
    assert (e.last_total, e.last_rank, e.total_change, e.rank_change) == (
        Decimal("9.00"),
        1,
        Decimal("-9.00"),
        -1,
    )


def test_a_city_is_scored_on_the_data_of_its_whole_subtree(personas):
    p = personas
    c = counties(p)
    card = Scorecard.objects.create(
        kind=Scorecard.Kind.REGION, year=2026, region=p.province, subject_level="county", name="市县评价"
    )
    indicator(
        card, "预算执行率", 10, measure="execution_rate", rule={"type": "linear", "full": 100, "zero": 0}
    )
    dept = OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT, code="N1", region=c["nongan"], parent=p.bureau
    )
    unit = OrganizationFactory(kind=Organization.Kind.UNIT, code="N1U", region=c["nongan"], parent=dept)
    spend(unit, 1000, 250)
    results = {r.subject_region_id: r for r in rules.score(card, TODAY)}
    assert set(results) == {c["nongan"].pk, c["dehui"].pk, c["yongji"].pk}
    assert results[c["nongan"].pk].total == Decimal("2.50")
    assert results[c["dehui"].pk].total == Decimal("0")
    city_card = Scorecard.objects.create(
        kind=Scorecard.Kind.REGION, year=2026, region=p.province, subject_level="city", name="市级评价"
    )
    indicator(
        city_card, "预算执行率", 10, measure="execution_rate", rule={"type": "linear", "full": 100, "zero": 0}
    )
    by_city = {r.subject_region_id: r for r in rules.score(city_card, TODAY)}
    assert by_city[p.city.pk].total == Decimal("2.50")  # 农安县's spending counts for 长春市


def _every_measure(card):
    from dashboards.scorecard_indicators import REGISTRY

    for n, key in enumerate(REGISTRY, start=1):
        indicator(card, key, 10, measure=key, rule={"type": "linear", "full": 100, "zero": 0}, order=n)
    indicator(card, "填报", 10, source=E, rule={"type": "linear", "full": 100, "zero": 0}, order=99)


def test_scoring_takes_the_same_number_of_queries_for_2_or_12_departments(personas):
    p = personas
    card, _ = build(p)
    _every_measure(card)
    with CaptureQueriesContext(connection) as few:
        assert len(rules.score(card, TODAY)) == 2
    for n in range(10):
        dept = OrganizationFactory(
            kind=Organization.Kind.DEPARTMENT, code=f"X{n}", region=p.province, parent=p.bureau
        )
        unit = OrganizationFactory(kind=Organization.Kind.UNIT, code=f"X{n}U", region=p.province, parent=dept)
        spend(unit, 1000, 10 * n)
        case(unit)
    with CaptureQueriesContext(connection) as many:
        assert len(rules.score(card, TODAY)) == 12
    assert len(many) == len(few)
    assert len(few) <= 20


def test_the_result_snapshot_records_who_and_when_and_replaces_the_previous_one(personas):
    p = personas
    card, _ = build(p)
    rules.compute(card, p.finance_admin, today=TODAY)
    rules.compute(card, p.finance_admin, today=TODAY)
    results = ScoreResult.objects.filter(scorecard=card)
    assert results.count() == 2
    assert {r.computed_by for r in results} == {p.finance_admin}
    card.refresh_from_db()
    assert card.computed_by == p.finance_admin and card.computed_at is not None
