"""评价指标体系: the default trees (财预〔2020〕10号 framework; one per fund category of
[000 #4–#10] with its named core indicators; 基础分 + 政策加分 for government investment funds),
the 产出 + 效益 ≥ 60 % check and the tree rules, copying, JSON, pages and API."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from budgets.models import Category
from evaluation import schemes as sc
from evaluation.models import Criterion, Scheme
from evaluation.schemes import Node, validate_nodes
from tests.evaluation.test_external_support import running_evaluation

pytestmark = pytest.mark.django_db

G = Criterion.Group
SHARE = Decimal("0.60")

#: The core indicators [000 #4–#9] names for each fund category, and [000 #10] for funds.
CORE = {
    Category.HIGH_QUALITY: [
        "投入产出比",
        "政策撬动效应",
        "产业规模变化",
        "技术成果产出",
        "市场竞争力",
        "产业链带动效益",
    ],
    Category.MAJOR_PROJECT: [
        "预算执行到位率",
        "建设质量合格率",
        "项目验收及时性",
        "投资回报率",
        "运维管护机制健全性",
    ],
    Category.GOVERNMENT_OPERATION: [
        "重点工作任务完成率",
        "人均占有率",
        "业务支撑度",
        "需求反应及时率",
        "运行保障质量",
    ],
    Category.URBAN_MAINTENANCE: ["公共服务保障达标率", "运维成本控制情况", "运行设施状态", "公众满意度"],
    Category.LIVELIHOOD: ["民生状况改善情况", "补助对象准确率", "资金发放及时率", "政策知晓率", "政策满意度"],
    Category.EMERGENCY: [
        "预算执行到位率",
        "资金发放及时性",
        "资金使用规范性",
        "突发事件响应速度",
        "防控机制健全性",
    ],
    Category.GOVERNMENT_FUND: ["政策目标落实效果", "经济效益产出水平"],
}


def outline(*rows):
    return [Node(code, name, Decimal(points), group) for code, name, points, group in rows]


def simple(decision="20", process="20", output="30", outcome="30"):
    return outline(
        ("1", "决策", decision, G.DECISION),
        ("1.1", "项目立项", decision, ""),
        ("1.1.1", "立项依据充分性", decision, ""),
        ("2", "过程", process, G.PROCESS),
        ("2.1", "资金管理", process, ""),
        ("2.1.1", "资金到位率", process, ""),
        ("3", "产出", output, G.OUTPUT),
        ("3.1", "产出数量", output, ""),
        ("3.1.1", "实际完成率", output, ""),
        ("4", "效益", outcome, G.OUTCOME),
        ("4.1", "项目效益", outcome, ""),
        ("4.1.1", "实施效益", outcome, ""),
    )


# --- the rules of a tree ----------------------------------------------------------------------------


def test_a_valid_outline_has_no_errors():
    assert validate_nodes(simple(), bonus_points=Decimal("0"), min_output_outcome_share=SHARE) == []


def test_output_and_outcome_below_sixty_percent_is_refused_in_chinese():
    errors = validate_nodes(
        simple(decision="25", process="20", output="30", outcome="25"),
        bonus_points=Decimal("0"),
        min_output_outcome_share=SHARE,
    )
    assert errors == ["产出和效益指标分值合计须不低于总分的 60%，当前为 55%。"]


def test_the_minimum_share_is_the_policys():
    nodes = simple(decision="15", process="15", output="40", outcome="30")
    assert validate_nodes(nodes, bonus_points=Decimal("0"), min_output_outcome_share=SHARE) == []
    assert validate_nodes(nodes, bonus_points=Decimal("0"), min_output_outcome_share=Decimal("0.75"))


def test_parent_points_must_equal_the_sum_of_children():
    nodes = simple()
    nodes[2] = Node("1.1.1", "立项依据充分性", Decimal("15"), "")
    errors = validate_nodes(nodes, bonus_points=Decimal("0"), min_output_outcome_share=SHARE)
    assert "指标“项目立项”的分值 20 与下级指标分值合计 15 不一致。" in errors


def test_the_base_must_add_up_to_one_hundred():
    errors = validate_nodes(
        simple(decision="10", process="10", output="30", outcome="30"),
        bonus_points=Decimal("0"),
        min_output_outcome_share=SHARE,
    )
    assert "决策、过程、产出、效益等基础指标分值合计须为 100 分，当前为 80 分。" in errors


def test_tree_shape_errors_are_named():
    cases = [
        (outline(("1", "决策", "100", G.DECISION)), "一级指标“决策”下须至少有一个下级指标。"),
        (
            outline(("1", "决策", "100", ""), ("1.1", "a", "100", ""), ("1.1.1", "b", "100", "")),
            "须选择指标类别",
        ),
        (outline(("1.1", "a", "100", "")), "找不到上级指标 1"),
        (outline(("1.1.1.1", "a", "100", "")), "超过三级"),
        (outline(("x", "a", "100", G.DECISION)), "格式不正确"),
        (outline(("1", "", "100", G.DECISION)), "指标名称不能为空"),
        (outline(("1", "决策", "0", G.DECISION)), "分值须大于 0"),
    ]
    for nodes, expected in cases:
        errors = validate_nodes(nodes, bonus_points=Decimal("0"), min_output_outcome_share=SHARE)
        assert any(expected in e for e in errors), (expected, errors)


def test_bonus_points_must_match_the_bonus_group():
    nodes = simple() + outline(
        ("5", "政策加分", "10", G.BONUS), ("5.1", "服务重大战略", "10", ""), ("5.1.1", "成果转化", "10", "")
    )
    assert validate_nodes(nodes, bonus_points=Decimal("10"), min_output_outcome_share=SHARE) == []
    assert validate_nodes(nodes, bonus_points=Decimal("5"), min_output_outcome_share=SHARE) == [
        "政策加分指标分值合计 10 分，须等于政策加分上限 5 分。"
    ]
    assert (
        "未设置政策加分上限"
        in validate_nodes(nodes, bonus_points=Decimal("0"), min_output_outcome_share=SHARE)[0]
    )


# --- the defaults -----------------------------------------------------------------------------------


def test_every_default_is_a_valid_tree():
    for spec in sc.DEFAULT_SPECS:
        errors = validate_nodes(
            sc.spec_nodes(spec), bonus_points=sc.spec_bonus_points(spec), min_output_outcome_share=SHARE
        )
        assert errors == [], (spec.name, errors)


def test_the_general_default_follows_the_2020_framework(personas):
    sc.ensure_default_schemes(personas.province.pk)
    scheme = Scheme.objects.get(region=personas.province, category="", is_default=True)
    tree = {one["node"].name: [two["node"].name for two in one["children"]] for one in sc.tree_of(scheme)}
    assert tree == {
        "决策": ["项目立项", "绩效目标", "资金投入"],
        "过程": ["资金管理", "组织实施"],
        "产出": ["产出数量", "产出质量", "产出时效", "产出成本"],
        "效益": ["项目效益", "满意度"],
    }
    assert all(c.guidance for c in sc.level3(scheme))
    assert sc.scheme_errors(scheme) == []


def test_each_of_the_seven_fund_categories_has_a_default_with_its_core_indicators(personas):
    sc.ensure_default_schemes(personas.province.pk)
    for category, core in CORE.items():
        scheme = Scheme.objects.get(region=personas.province, category=category, is_default=True)
        names = {c.name for c in sc.level3(scheme)}
        assert set(core) <= names, (category, set(core) - names)
        assert sc.scheme_errors(scheme) == [], category
    assert {c for c in Category.values if c != Category.OTHER} == set(CORE)


def test_government_investment_funds_score_base_plus_policy_bonus(personas):
    sc.ensure_default_schemes(personas.province.pk)
    scheme = Scheme.objects.get(region=personas.province, category=Category.GOVERNMENT_FUND)
    assert scheme.bonus_points == Decimal("10")
    bonus = scheme.criteria.filter(level=1, group=G.BONUS).get()
    assert bonus.points == Decimal("10")
    base = sum(c.points for c in scheme.criteria.filter(level=1).exclude(group=G.BONUS))
    assert base == Decimal("100")


def test_defaults_are_created_once_and_a_bureaus_edit_is_kept(personas):
    first = sc.ensure_default_schemes(personas.province.pk)
    assert len(first) == len(sc.DEFAULT_SPECS) == 8
    scheme = first[0]
    Scheme.objects.filter(pk=scheme.pk).update(description="本局修改")
    again = sc.ensure_default_schemes(personas.province.pk)
    assert {s.pk for s in again} == {s.pk for s in first}
    assert Scheme.objects.get(pk=scheme.pk).description == "本局修改"


def test_the_default_for_other_category_is_the_general_one(personas):
    assert sc.default_scheme_for(personas.province.pk, Category.OTHER).category == ""
    assert sc.default_scheme_for(personas.province.pk, Category.LIVELIHOOD).category == Category.LIVELIHOOD


# --- saving, copying, JSON --------------------------------------------------------------------------


def test_saving_below_the_share_is_refused_and_changes_nothing(personas):
    scheme = sc.default_scheme_for(personas.province.pk, "")
    before = sc.nodes_of(scheme)
    bad = simple(decision="25", process="20", output="30", outcome="25")
    with pytest.raises(sc.SchemeError) as refused:
        sc.save_scheme(scheme, bad, personas.finance_admin)
    assert "产出和效益指标分值合计须不低于总分的 60%" in refused.value.message
    assert sc.nodes_of(Scheme.objects.get(pk=scheme.pk)) == before


def test_a_scheme_in_use_is_not_edited_but_can_be_copied(personas):
    evaluation, _experts = running_evaluation(personas)
    scheme = evaluation.scheme
    assert sc.is_in_use(scheme)
    with pytest.raises(sc.SchemeError, match="已用于评价"):
        sc.save_scheme(scheme, sc.nodes_of(scheme), personas.finance_admin)
    copy = sc.copy_scheme(scheme, "民生类（本局）", personas.finance_admin)
    assert sc.nodes_of(copy) == sc.nodes_of(scheme)
    assert not copy.is_default


def test_json_round_trip(personas):
    scheme = sc.default_scheme_for(personas.province.pk, Category.GOVERNMENT_FUND)
    text = sc.scheme_to_json(scheme)
    assert json.loads(text)["format"] == "perfapp.evaluation_scheme"
    imported = sc.scheme_from_json(text, personas.province.pk, personas.finance_admin, name="他局基金体系")
    assert sc.nodes_of(imported) == sc.nodes_of(scheme)
    assert imported.bonus_points == scheme.bonus_points
    with pytest.raises(sc.SchemeError, match="不是本系统导出"):
        sc.scheme_from_json('{"a": 1}', personas.province.pk, personas.finance_admin)


# --- pages and API ----------------------------------------------------------------------------------


def _post_data(scheme, nodes, **meta):
    data = {
        "name": meta.get("name", scheme.name),
        "category": meta.get("category", scheme.category),
        "description": scheme.description,
        "bonus_points": str(scheme.bonus_points),
        "c-TOTAL_FORMS": str(len(nodes)),
        "c-INITIAL_FORMS": "0",
    }
    for i, n in enumerate(nodes):
        data.update(
            {
                f"c-{i}-code": n.code,
                f"c-{i}-group": n.group if n.level == 1 else "",
                f"c-{i}-name": n.name,
                f"c-{i}-points": str(n.points),
                f"c-{i}-guidance": n.guidance,
            }
        )
    return data


def test_finance_admin_lists_copies_and_edits_schemes_on_pages(personas, login):
    client = login(personas.finance_admin)
    page = client.get("/evaluation/schemes/")
    assert page.status_code == 200 and "政府投资基金绩效评价指标体系" in page.content.decode()
    general = Scheme.objects.get(region=personas.province, category="", is_default=True)
    copied = client.post(f"/evaluation/schemes/{general.pk}/copy/", {"name": "本局通用体系"})
    copy = Scheme.objects.get(name="本局通用体系")
    assert copied.status_code == 302

    refused = client.post(f"/evaluation/schemes/{copy.pk}/", _post_data(copy, simple("25", "20", "30", "25")))
    assert refused.status_code == 400
    assert "产出和效益指标分值合计须不低于总分的 60%，当前为 55%。" in refused.content.decode()
    assert 'value="25' in refused.content.decode()  # the input is kept

    saved = client.post(f"/evaluation/schemes/{copy.pk}/", _post_data(copy, simple("15", "15", "40", "30")))
    assert saved.status_code == 302
    copy.refresh_from_db()
    assert {c.name: c.points for c in copy.criteria.filter(level=1)}["产出"] == Decimal("40")


def test_others_read_schemes_but_cannot_change_them(personas, login, api):
    sc.ensure_default_schemes(personas.province.pk)
    scheme = Scheme.objects.get(region=personas.province, category="", is_default=True)
    for user in (personas.dept_d_officer, personas.leader, personas.finance_reviewer):
        assert login(user).get(f"/evaluation/schemes/{scheme.pk}/").status_code == 200
        data = _post_data(scheme, simple())
        assert login(user).post(f"/evaluation/schemes/{scheme.pk}/", data).status_code == 403
        assert login(user).post(f"/evaluation/schemes/{scheme.pk}/copy/", {"name": "x"}).status_code == 403
        assert (
            api(user)
            .patch(f"/api/v1/evaluation-schemes/{scheme.pk}/", {"name": "x"}, format="json")
            .status_code
            == 403
        )
    assert (
        api(personas.other_finance_admin).get(f"/api/v1/evaluation-schemes/{scheme.pk}/").status_code == 404
    )


def test_api_returns_nested_criteria_and_creates_with_an_outline(personas, api):
    sc.ensure_default_schemes(personas.province.pk)
    client = api(personas.finance_admin)
    listed = client.get("/api/v1/evaluation-schemes/?category=government_fund").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    fund = rows[0]
    assert [one["name"] for one in fund["criteria"]] == ["决策", "过程", "产出", "效益", "政策加分"]
    assert fund["criteria"][0]["children"][0]["children"][0]["guidance"]

    outline_rows = [
        {"code": n.code, "group": n.group if n.level == 1 else "", "name": n.name, "points": str(n.points)}
        for n in simple("25", "20", "30", "25")
    ]
    refused = client.post(
        "/api/v1/evaluation-schemes/", {"name": "新体系", "outline": outline_rows}, format="json"
    )
    assert refused.status_code == 400
    assert "产出和效益指标分值合计须不低于总分的 60%" in json.dumps(refused.json(), ensure_ascii=False)
    outline_rows[0]["points"] = outline_rows[1]["points"] = outline_rows[2]["points"] = "15"
    outline_rows[9]["points"] = outline_rows[10]["points"] = outline_rows[11]["points"] = "35"
    made = client.post(
        "/api/v1/evaluation-schemes/", {"name": "新体系", "outline": outline_rows}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["problems"] == []
    assert (
        api(personas.dept_d_officer)
        .post("/api/v1/evaluation-schemes/", {"name": "x", "outline": outline_rows}, format="json")
        .status_code
        == 403
    )
