"""A self-evaluation scheme exported to JSON and imported back (issue 5: "so a bureau can adopt
another's rules without code")."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from budgets.policy import Band, ExecutionBand, PolicyData, PolicyError, QualitativeBand, SelfEvaluation
from evaluation.scheme_io import FORMAT, scheme_from_json, scheme_to_json

D = Decimal

#: Every field away from its default, so a field lost on the way shows up.
VARIANT = replace(
    SelfEvaluation(),
    execution_weight=D("20"),
    output_weight=D("35"),
    outcome_weight=D("25"),
    satisfaction_weight=D("5"),
    cost_weight=D("15"),
    bands=(
        Band("excellent", "优", D("90")),
        Band("good", "良", D("80")),
        Band("fair", "中", D("70")),
        Band("low", "低", D("60")),
        Band("poor", "差", D("0")),
    ),
    missing_satisfaction="rescale",
    within_group="equal",
    execution_method="bands",
    execution_bands=(ExecutionBand(D("0.95"), D("1")), ExecutionBand(D("0.85"), D("0.5"))),
    explanation_below_rate=D("0.85"),
    eq_partial="none",
    low_target_ratio=D("1.5"),
    low_target_deduction=D("0.3"),
    qualitative_bands=(
        QualitativeBand("achieved", "达成", D("1"), D("0.8")),
        QualitativeBand("partial", "部分达成", D("0.8"), D("0.5")),
        QualitativeBand("not_achieved", "未达成", D("0.5"), D("0")),
    ),
    rounding="per_point",
    points_per_pct=D("0.25"),
    satisfaction_method="step",
    satisfaction_line=D("95"),
    satisfaction_step=D("2"),
    satisfaction_step_points=D("0.5"),
    violation_downgrade=False,
)


def test_every_field_differs_from_the_default_in_the_round_trip_fixture():
    default = SelfEvaluation()
    same = [name for name in default.__dataclass_fields__ if getattr(default, name) == getattr(VARIANT, name)]
    assert same == []


@pytest.mark.parametrize("scheme", [SelfEvaluation(), VARIANT], ids=["standard", "variant"])
def test_a_scheme_survives_the_json_round_trip(scheme):
    text = scheme_to_json(scheme)
    assert scheme_from_json(text) == scheme
    assert scheme_from_json(text.encode("utf-8")) == scheme


def test_the_export_is_readable_json_with_decimals_as_strings():
    document = json.loads(scheme_to_json(VARIANT))
    assert document["format"] == FORMAT
    assert document["version"] == 1
    assert document["scheme"]["points_per_pct"] == "0.25"
    assert document["scheme"]["bands"][3] == {"grade": "low", "label": "低", "min_score": "60"}
    assert "部分达成" in scheme_to_json(VARIANT)  # not \\u-escaped


def test_a_policy_section_copied_as_is_imports_too():
    section = PolicyData(self_evaluation=VARIANT).to_dict()["self_evaluation"]
    assert scheme_from_json(json.dumps(section)) == VARIANT


def test_missing_fields_take_the_standard_defaults():
    text = json.dumps({"format": FORMAT, "version": 1, "scheme": {"rounding": "half_up"}})
    assert scheme_from_json(text) == replace(SelfEvaluation(), rounding="half_up")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "不是有效的 JSON"),
        ("", "不是有效的 JSON"),
        ("[1, 2]", "应为一个 JSON 对象"),
        (json.dumps({"format": "other.tool", "version": 1, "scheme": {}}), "不是本系统导出的"),
        (json.dumps({"format": FORMAT, "version": 9, "scheme": {}}), "不支持的评分方案文件版本"),
        (json.dumps({"format": FORMAT, "version": 1, "scheme": []}), "缺少方案内容"),
        (json.dumps({"format": FORMAT, "version": 1}), "缺少方案内容"),
        (json.dumps({"rounding": "half_up", "bonus": "5"}), "未知的政策参数"),
        (json.dumps({"output_weight": "fifty"}), "的值无效"),
        (json.dumps({"violation_downgrade": "yes"}), "的值无效"),
        (json.dumps({"bands": {"grade": "excellent"}}), "应为列表"),
        (json.dumps({"output_weight": "60"}), "自评分值合计须为 100 分"),
        (json.dumps({"rounding": "ceiling"}), "部分完成时得分取值只能是"),
        (
            json.dumps(
                {"qualitative_bands": [{"key": "a", "label": "达成", "upper": "0.5", "lower": "0.8"}]}
            ),
            "下限不高于上限",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_chinese_message(text, message):
    with pytest.raises(PolicyError, match=message):
        scheme_from_json(text)
