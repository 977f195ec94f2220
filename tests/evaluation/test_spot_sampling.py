"""Spot checks (抽查复核) [002 三(四)][003 三(五)]: a sample reproduced from its seed, at least the
Policy's share of departments, weighted by risk; each risk factor on a crafted department."""

from collections import Counter
from decimal import Decimal

import pytest

from budgets.models import FiscalYear, Policy
from evaluation.models import Evaluation, SpotCheck, SpotCheckItem
from evaluation.spotchecks import (
    Candidate,
    SpotCheckError,
    draw,
    draw_sample,
    gather_facts,
    risks_of,
    sample_size,
    weighted_sample,
)
from tests.evaluation.spot_helpers import (
    FULL_ROWS,
    department_evaluation,
    impossible_mid_year,
    make_department,
    make_unit,
    self_evaluation,
)
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db
D = Decimal


def departments_with_evaluations(personas, n: int) -> list:
    """n departments, each with one plain accepted self-evaluation (no risk factor)."""
    out = []
    for i in range(n):
        dept = make_department(personas, f"S{i:02d}")
        self_evaluation(personas, department=dept)
        out.append(dept)
    return out


def set_policy(personas, **evaluation) -> FiscalYear:
    Policy.objects.filter(fiscal_year=personas.year).update(data={"evaluation": evaluation})
    return FiscalYear.objects.get(pk=personas.year.pk)


def drawn_ids(spot_check) -> set[int]:
    return set(spot_check.items.values_list("department_id", flat=True))


# --- reproducibility ------------------------------------------------------------------------------


def test_a_sample_is_reproduced_from_its_seed(personas):
    departments_with_evaluations(personas, 30)
    spot_check = draw(personas.year, personas.finance_admin, seed=20260531)
    assert spot_check.seed == 20260531
    again = draw_sample(personas.year, spot_check.seed)
    assert {c.department_id for c in again.drawn} == drawn_ids(spot_check)
    second = draw(personas.year, personas.finance_admin, seed=20260531)
    assert drawn_ids(second) == drawn_ids(spot_check)


def test_different_seeds_can_draw_different_departments(personas):
    departments_with_evaluations(personas, 30)
    samples = {
        frozenset(c.department_id for c in draw_sample(personas.year, seed).drawn) for seed in range(20)
    }
    assert len(samples) > 1


def test_a_seed_is_chosen_and_recorded_when_none_is_given(personas):
    departments_with_evaluations(personas, 5)
    spot_check = draw(personas.year, personas.finance_admin)
    assert spot_check.seed is not None
    assert {c.department_id for c in draw_sample(personas.year, spot_check.seed).drawn} == drawn_ids(
        spot_check
    )


def test_the_sample_does_not_depend_on_the_order_candidates_come_in():
    candidates = [Candidate(pk, ("large_money",) * (pk % 3)) for pk in range(1, 40)]
    assert weighted_sample(candidates, 5, seed=7) == weighted_sample(list(reversed(candidates)), 5, seed=7)


# --- share ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "population", "size"),
    [
        (D("0.10"), 10, 1),
        (D("0.10"), 11, 2),
        (D("0.10"), 1, 1),
        (D("0.10"), 0, 0),
        (D("0.25"), 10, 3),
        (D("0.20"), 10, 2),
        (D("1"), 4, 4),
    ],
)
def test_the_sample_size_is_the_share_rounded_up(share, population, size):
    assert sample_size(share, population) == size


def test_a_spot_check_draws_at_least_the_policy_share_of_departments(personas):
    departments_with_evaluations(personas, 11)
    spot_check = draw(personas.year, personas.finance_admin, seed=1)
    assert len(drawn_ids(spot_check)) == 2  # ceil(10 % × 11)
    assert spot_check.share == D("0.10") and spot_check.tolerance == D("10")


def test_the_share_and_tolerance_come_from_the_years_policy(personas):
    departments_with_evaluations(personas, 10)
    year = set_policy(personas, spot_check_share="0.25", spot_check_tolerance="8")
    spot_check = draw(year, personas.finance_admin, seed=1)
    assert len(drawn_ids(spot_check)) == 3
    assert (spot_check.share, spot_check.tolerance) == (D("0.2500"), D("8.00"))


def test_only_departments_with_accepted_or_final_evaluations_count(personas):
    departments_with_evaluations(personas, 10)
    for i in range(5):
        self_evaluation(
            personas, department=make_department(personas, f"DR{i}"), status=Evaluation.Status.SUBMITTED
        )
    sample = draw_sample(personas.year, 3)
    assert (sample.population, sample.size) == (10, 1)


def test_items_cover_the_drawn_departments_self_and_department_evaluations(personas):
    year = set_policy(personas, spot_check_share="1")
    own = self_evaluation(personas, total=D("85.00"), grade=("good", "良"))
    dept_eval = department_evaluation(personas, total=D("72.50"), grade=("fair", "中"))
    draft = self_evaluation(personas, status=Evaluation.Status.DRAFT, name="未完成的自评")
    other = self_evaluation(personas, department=personas.dept_e, unit=personas.unit_c)
    spot_check = draw(year, personas.finance_admin, seed=5)
    items = {i.evaluation_id: i for i in spot_check.items.all()}
    assert set(items) == {own.pk, dept_eval.pk, other.pk}
    assert draft.pk not in items
    assert (items[own.pk].original_score, items[own.pk].original_grade) == (D("85.00"), "良")
    assert (items[dept_eval.pk].original_score, items[dept_eval.pk].original_grade) == (D("72.50"), "中")
    assert items[own.pk].department_id == personas.dept_d.pk and items[own.pk].year == 2026
    assert spot_check.status == SpotCheck.Status.DRAWN


def test_only_the_finance_admin_draws(personas):
    departments_with_evaluations(personas, 3)
    for user in (
        personas.finance_reviewer,
        personas.dept_d_officer,
        personas.leader,
        personas.other_finance_admin,
    ):
        with pytest.raises(SpotCheckError, match="只有财政管理员"):
            draw(personas.year, user, seed=1)
    assert not SpotCheck.objects.exists()


def test_a_year_without_evaluations_cannot_be_drawn(personas):
    with pytest.raises(SpotCheckError, match="没有已审核的自评"):
        draw(personas.year, personas.finance_admin, seed=1)
    assert not SpotCheck.objects.exists()


# --- risk -----------------------------------------------------------------------------------------


def risky_department(personas, code="RISK"):
    """A department with all five risk factors."""
    dept = make_department(personas, code)
    unit = make_unit(personas, dept, f"{code}-U")
    target = make_target(personas, unit=unit)
    impossible_mid_year(personas, target, "培训人次")
    self_evaluation(
        personas,
        department=dept,
        unit=unit,
        target=target,
        rows=FULL_ROWS,
        indicators={i.name: i for i in target.indicators.all()},
        evidence=False,
        annual_budget=D("50000000.00"),
        execution_rate=D("70.00"),
        total=D("97.00"),
        grade=("excellent", "优"),
    )
    return dept


def test_a_department_with_many_risk_factors_is_drawn_far_more_often(personas):
    plain = departments_with_evaluations(personas, 9)
    risky = risky_department(personas)
    counts = Counter()
    for seed in range(300):
        counts.update(c.department_id for c in draw_sample(personas.year, seed).drawn)
    assert sum(counts.values()) == 300  # one department (ceil 10 % × 10) per draw
    # Weight 6 against nine of weight 1: drawn with probability 6/15 = 0.4, each plain one 1/15.
    plain_mean = sum(counts[d.pk] for d in plain) / len(plain)
    assert counts[risky.pk] > 90
    assert counts[risky.pk] > 3 * plain_mean


def facts_by_department(personas):
    departments, year = gather_facts(personas.year)
    return {d.department_id: risks_of(d, year) for d in departments}


def test_each_risk_factor_is_found_on_the_department_that_has_it(personas):
    plain = make_department(personas, "PLAIN")
    self_evaluation(personas, department=plain)
    full = make_department(personas, "FULL")
    self_evaluation(personas, department=full, rows=FULL_ROWS, total=D("96.00"), grade=("excellent", "优"))
    large = make_department(personas, "LARGE")
    self_evaluation(personas, department=large, annual_budget=D("8000000.00"))
    low = make_department(personas, "LOW")
    self_evaluation(
        personas, department=low, execution_rate=D("70.00"), total=D("91.00"), grade=("excellent", "优")
    )
    nofile = make_department(personas, "NOFILE")
    self_evaluation(personas, department=nofile, evidence=False)
    impossible = make_department(personas, "IMP")
    unit = make_unit(personas, impossible, "IMP-U")
    target = make_target(personas, unit=unit)
    impossible_mid_year(personas, target, "培训合格率")  # at full marks in PLAIN_ROWS
    self_evaluation(
        personas,
        department=impossible,
        unit=unit,
        target=target,
        indicators={i.name: i for i in target.indicators.all()},
    )
    risks = facts_by_department(personas)
    assert risks == {
        plain.pk: [],
        full.pk: ["all_full_marks"],
        large.pk: ["large_money"],
        low.pk: ["low_execution_high_score"],
        nofile.pk: ["missing_evidence"],
        impossible.pk: ["impossible_then_success"],
    }


def test_a_project_at_the_major_amount_is_large_money_even_below_the_median(personas):
    dept = make_department(personas, "MAJOR")
    self_evaluation(personas, department=dept, annual_budget=D("30000000.00"))
    for i in range(3):
        self_evaluation(
            personas, department=make_department(personas, f"BIG{i}"), annual_budget=D("90000000.00")
        )
    assert facts_by_department(personas)[dept.pk] == ["large_money"]


def test_low_execution_needs_the_top_grade_and_a_rate_below_the_explanation_line(personas):
    good = make_department(personas, "GOOD")
    self_evaluation(
        personas, department=good, execution_rate=D("70.00"), total=D("89.99"), grade=("good", "良")
    )
    at_line = make_department(personas, "LINE")
    self_evaluation(
        personas, department=at_line, execution_rate=D("90.00"), total=D("95"), grade=("excellent", "优")
    )
    risks = facts_by_department(personas)
    assert risks[good.pk] == [] and risks[at_line.pk] == []


def test_impossible_mid_year_without_a_full_score_at_year_end_is_not_a_risk(personas):
    dept = make_department(personas, "HONEST")
    unit = make_unit(personas, dept, "HONEST-U")
    target = make_target(personas, unit=unit)
    impossible_mid_year(personas, target, "培训人次")  # 22.50 of 25 in PLAIN_ROWS
    self_evaluation(
        personas,
        department=dept,
        unit=unit,
        target=target,
        indicators={i.name: i for i in target.indicators.all()},
    )
    assert facts_by_department(personas)[dept.pk] == []


def test_the_risk_reasons_are_stored_on_the_items_in_chinese(personas):
    year = set_policy(personas, spot_check_share="1")
    dept = risky_department(personas)
    spot_check = draw(year, personas.finance_admin, seed=3)
    item = SpotCheckItem.objects.get(spot_check=spot_check, department=dept)
    assert item.risk_reasons == [
        "全部指标满分",
        "资金量大",
        "执行率偏低但评价为优",
        "年中监控“完全不可能”、年末自评满分",
        "满分指标缺少佐证材料",
    ]
