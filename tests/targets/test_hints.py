from decimal import Decimal

import pytest

from targets.hints import hints_for
from targets.models import Comparator, Level1
from tests.targets.helpers import clean_indicators, make_target

pytestmark = pytest.mark.django_db


def codes(target, **kwargs):
    return sorted(h.code for h in hints_for(target, **kwargs))


def test_clean_target_gets_no_hint(personas):
    # 500 人次 × 2000 元 = 1,000,000 = the budget; unit cost 2,000 against comparable 1,900–2,100.
    target = make_target(personas)
    assert codes(target, comparable_unit_costs=[Decimal("1900"), Decimal("2000"), Decimal("2100")]) == []


def test_missing_number_and_unit_are_hinted(personas):
    rows = clean_indicators()
    rows[1]["target_value"] = None
    rows[3]["unit"] = ""
    assert {"no_number", "no_unit"} <= set(codes(make_target(personas, indicators=rows)))


def test_target_at_last_years_actual_is_low_balling(personas):
    rows = clean_indicators()
    rows[0]["last_year_actual"] = Decimal("500")  # target 500 ≥ … is no better than last year
    assert "below_last_year" in codes(make_target(personas, indicators=rows))


def test_benefits_only_qualitative_is_hinted(personas):
    rows = clean_indicators()
    rows[3].update(comparator=Comparator.QUALITATIVE, target_value=None, unit="", qualitative_value="好")
    assert "benefit_qualitative_only" in codes(make_target(personas, indicators=rows))


def test_satisfaction_in_place_of_benefit_is_hinted(personas):
    rows = clean_indicators()
    rows[3].update(name="群众满意度", level2="社会效益指标")
    assert "satisfaction_as_benefit" in codes(make_target(personas, indicators=rows))


def test_duplicate_indicators_are_hinted(personas):
    rows = clean_indicators()
    rows.append(dict(rows[1]))
    assert "duplicate" in codes(make_target(personas, indicators=rows))


def test_vague_wording_is_hinted(personas):
    rows = clean_indicators()
    rows[3]["name"] = "教学能力进一步提升"
    assert "vague" in codes(make_target(personas, indicators=rows))


def test_unit_cost_far_from_comparable_projects_is_hinted(personas):
    target = make_target(personas)  # 2,000 元 per 人次
    assert "unit_cost_outlier" in codes(
        target, comparable_unit_costs=[Decimal("500"), Decimal("600"), Decimal("700")]
    )


def test_quantity_times_price_not_matching_budget_is_hinted(personas):
    target = make_target(personas, amount=Decimal("3000000.00"))
    assert "budget_mismatch" in codes(target)


def test_hint_thresholds_come_from_the_policy(personas):
    from budgets.models import Policy

    Policy.objects.create(
        fiscal_year=personas.year, version=2, data={"targets": {"budget_match_tolerance": "5"}}
    )
    personas.year.__dict__.pop("policy_row", None)
    target = make_target(personas, amount=Decimal("3000000.00"))
    target.fiscal_year = personas.year
    assert "budget_mismatch" not in codes(target)
    assert Level1.OUTPUT  # framework enum used by the helper rows
