from decimal import Decimal

import pytest

from perfapp.workflow import TransitionRefused, perform
from targets.models import Comparator, Level1, Target
from targets.validation import submission_errors
from tests.targets.helpers import clean_indicators, make_target

pytestmark = pytest.mark.django_db


def test_clean_target_has_no_submission_errors(personas):
    assert submission_errors(make_target(personas)) == []


def test_target_without_outcome_indicator_cannot_be_submitted(personas):
    target = make_target(
        personas, indicators=[i for i in clean_indicators() if i["level1"] != Level1.OUTCOME]
    )
    with pytest.raises(TransitionRefused, match="至少需要一个效益指标"):
        perform(target, "submit", personas.officer_a, seen_version=target.version)
    target.refresh_from_db()
    assert target.status == Target.Status.DRAFT


def test_quantitative_indicator_needs_number_and_unit(personas):
    rows = clean_indicators()
    rows[0]["target_value"] = None
    rows[1]["unit"] = ""
    messages = submission_errors(make_target(personas, indicators=rows))
    assert "第 1 个指标：定量指标须填写数值。" in messages
    assert "第 2 个指标：定量指标须填写计量单位。" in messages


def test_qualitative_indicator_needs_a_grade_as_value(personas):
    rows = clean_indicators()
    rows[3].update(comparator=Comparator.QUALITATIVE, target_value=None, unit="", qualitative_value="很好吧")
    assert any("定性指标的指标值应为" in m for m in submission_errors(make_target(personas, indicators=rows)))
    rows[3]["qualitative_value"] = "较好"
    assert submission_errors(make_target(personas, indicators=rows)) == []


def test_weights_must_sum_to_the_policy_points_of_their_group(personas):
    rows = clean_indicators()
    # 产出 is worth 50 points by default [财预〔2020〕10号]; 20 + 20 + 5 = 45.
    for row, weight in zip(rows[:3], ("20", "20", "5"), strict=True):
        row["weight"] = Decimal(weight)
    messages = submission_errors(make_target(personas, indicators=rows))
    assert any("产出指标的分值合计应为 50 分，当前为 45 分" in m for m in messages)
    rows[2]["weight"] = Decimal("10")
    assert submission_errors(make_target(personas, indicators=rows)) == []


def test_without_satisfaction_indicator_its_points_go_to_output(personas):
    rows = [r for r in clean_indicators() if r["level1"] != Level1.SATISFACTION]
    for row, weight in zip(rows[:3], ("20", "20", "20"), strict=True):
        row["weight"] = Decimal(weight)
    assert submission_errors(make_target(personas, indicators=rows)) == []


def test_level2_must_belong_to_the_year_framework(personas):
    rows = clean_indicators()
    rows[0]["level2"] = "经济成本指标"
    assert any("二级指标应为" in m for m in submission_errors(make_target(personas, indicators=rows)))


def test_common_library_covers_every_fund_category_and_project_kind():
    from budgets.models import Category
    from targets.models import IndicatorTemplate

    rows = list(IndicatorTemplate.objects.usable())
    categories = {c for t in rows for c in t.categories}
    kinds = {k for t in rows for k in t.project_kinds}
    assert set(Category.values) - {Category.OTHER} <= categories
    assert {"购置", "培训", "会议", "工程", "补贴发放", "运维", "规划编制"} <= kinds
    names = {t.name for t in rows}
    assert {
        "购置数量",
        "验收合格率",
        "单位购置成本",
        "培训人次",
        "人均培训成本",
        "资金发放及时率",
        "补助对象准确率",
        "设施完好率",
        "服务对象满意度",
    } <= names
    assert all(t.unit or t.comparator == "qualitative" for t in rows)


def test_cost_is_its_own_group_when_the_scheme_gives_it_points():
    """With 成本 scored on its own (cost_weight 10, 产出 40) the cost indicators' weights sum to 10
    and the output ones to 40, as evaluation.scoring allots them; with cost_weight 0 成本 shares the
    50 points of 产出."""
    from types import SimpleNamespace

    from budgets.policy import PolicyData
    from targets.validation import weight_errors

    def rows(output, cost):
        return [
            SimpleNamespace(level1=Level1.OUTPUT, weight=Decimal(output)),
            SimpleNamespace(level1=Level1.COST, weight=Decimal(cost)),
            SimpleNamespace(level1=Level1.OUTCOME, weight=Decimal("30")),
            SimpleNamespace(level1=Level1.SATISFACTION, weight=Decimal("10")),
        ]

    own = PolicyData.from_dict({"self_evaluation": {"output_weight": "40", "cost_weight": "10"}})
    shared = PolicyData.from_dict({})
    assert weight_errors(rows("40", "10"), own) == []
    assert weight_errors(rows("40", "10"), shared) == []  # 40 + 10 = the 50 of 产出
    messages = [e.message for e in weight_errors(rows("45", "10"), own)]
    assert any("产出指标的分值合计应为 40 分，当前为 45 分" in m for m in messages)
    messages = [e.message for e in weight_errors(rows("40", "5"), own)]
    assert any("成本指标的分值合计应为 10 分，当前为 5 分" in m for m in messages)
