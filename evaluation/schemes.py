"""评价指标体系 (Scheme) of department and fiscal evaluations: weighted criteria trees, their
validation, the default trees and copying.

A tree is written as an outline: every node has a code — "1" (level 1: 决策/过程/产出/效益/政策加分),
"1.2" (level 2), "1.2.3" (level 3, what experts score, with its scoring guidance). A parent's points
are the sum of its children's. The ordinary groups add up to 100 (基础分); a scheme with
`bonus_points` adds a 政策加分 group worth exactly that much ("基础分 + 政策加分" [000 #10]).
产出 + 效益 weigh at least the Policy's `evaluation.min_output_outcome_share` of the 100
(default 60 % [财预〔2020〕10号 第十八条: 产出、效益指标权重原则上不低于 60 %]).

Default trees: the common framework of 财预〔2020〕10号 附件 项目支出绩效评价指标体系框架（参考）
(决策: 项目立项, 绩效目标, 资金投入; 过程: 资金管理, 组织实施; 产出: 数量, 质量, 时效, 成本;
效益: 项目效益, 满意度), and one per fund category built from the core indicators that
[000 #4–#10] names for it. The points (决策 20, 过程 20, 产出 30, 效益 30) are this system's default;
a bureau copies and edits them.

Defaults are created lazily for a region (`ensure_default_schemes`), the first time anyone opens
the scheme pages or plans an evaluation there — no data migration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from budgets.models import Category, FiscalYear
from budgets.policy import PolicyData
from evaluation.models import Criterion, CriterionResult, Evaluation, ExpertScore, Scheme
from perfapp import audit
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError

G = Criterion.Group
BASE_POINTS = Decimal("100")
FORMAT = "perfapp.evaluation_scheme"
FORMAT_VERSION = 1


class SchemeError(WorkflowError):
    """A scheme that cannot be saved; `errors` lists every problem in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors), code="invalid")
        self.errors = errors


@dataclass(frozen=True)
class Node:
    """One row of a criteria outline (plain data, from a form, the API, JSON or the defaults)."""

    code: str
    name: str
    points: Decimal
    group: str = ""
    guidance: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.code.split("."))

    @property
    def level(self) -> int:
        return len(self.parts)

    @property
    def parent_code(self) -> str:
        return ".".join(self.parts[:-1])


# --- the default trees ---------------------------------------------------------------------------

# (level-2 name, [(level-3 name, points, scoring guidance)])
Block = list[tuple[str, list[tuple[str, int, str]]]]

DECISION: Block = [
    (
        "项目立项",
        [
            (
                "立项依据充分性",
                3,
                "立项符合法律法规、发展规划和部门职责，与同类项目无交叉重复；每项不符扣 1 分。",
            ),
            (
                "立项程序规范性",
                3,
                "按规定程序申请设立，事前绩效评估、可行性研究等材料齐全；每项不符扣 1 分。",
            ),
        ],
    ),
    (
        "绩效目标",
        [
            ("绩效目标合理性", 4, "绩效目标与项目内容、预算相匹配，与实际工作相关；视符合程度酌情扣分。"),
            ("绩效指标明确性", 4, "指标细化、量化、可衡量，与年度任务数和资金量相对应；每项不符扣 1 分。"),
        ],
    ),
    (
        "资金投入",
        [
            ("预算编制科学性", 3, "预算经过论证，内容与项目内容匹配，测算依据充分；每项不符扣 1 分。"),
            ("资金分配合理性", 3, "资金分配有测算依据，与地方实际相适应；视情况扣分。"),
        ],
    ),
]

PROCESS: Block = [
    (
        "资金管理",
        [
            ("资金到位率", 3, "实际到位资金 / 预算资金 × 分值。"),
            ("预算执行率", 5, "实际支出资金 / 实际到位资金 × 分值。"),
            (
                "资金使用合规性",
                4,
                "资金使用符合财务制度和资金管理办法，无截留、挤占、挪用、虚列支出；发现一项扣 2 分。",
            ),
        ],
    ),
    (
        "组织实施",
        [
            ("管理制度健全性", 4, "已制定或具有相应的财务和业务管理制度且合法合规；每项不符扣 2 分。"),
            (
                "制度执行有效性",
                4,
                "遵守相关法律法规和管理规定，调整履行报批手续，资料齐全并及时归档；每项不符扣 1 分。",
            ),
        ],
    ),
]

OUTPUT: Block = [
    ("产出数量", [("实际完成率", 10, "实际产出数 / 计划产出数 × 分值。")]),
    ("产出质量", [("质量达标率", 8, "质量达标产出数 / 实际产出数 × 分值。")]),
    ("产出时效", [("完成及时性", 6, "按计划时间完成得满分，逾期视延误程度扣分。")]),
    ("产出成本", [("成本节约率", 6, "在计划成本内完成得满分，超出计划成本按超出比例扣分。")]),
]

OUTCOME: Block = [
    ("项目效益", [("实施效益", 20, "经济、社会、生态效益及可持续影响的实现程度，按目标实现程度计分。")]),
    ("满意度", [("服务对象满意度", 10, "满意度达到目标值得满分，每低 5 个百分点扣 1 分。")]),
]


@dataclass(frozen=True)
class DefaultSpec:
    """A default scheme: its category ("" for the general one), name, description and blocks."""

    category: str
    name: str
    description: str
    decision: Block
    process: Block
    output: Block
    outcome: Block
    bonus: Block | None = None


DEFAULT_SPECS: tuple[DefaultSpec, ...] = (
    DefaultSpec(
        "",
        "项目支出绩效评价指标体系（通用）",
        "财预〔2020〕10号 项目支出绩效评价指标体系框架（参考）：决策、过程、产出、效益。",
        DECISION,
        PROCESS,
        OUTPUT,
        OUTCOME,
    ),
    DefaultSpec(
        Category.HIGH_QUALITY,
        "高质量发展专项资金绩效评价指标体系",
        "[000 #4] 投入产出分析法，重点评价对经济增长、产业竞争力的推动作用和战略目标达成情况。",
        DECISION,
        PROCESS,
        [
            (
                "产出数量",
                [
                    (
                        "技术成果产出",
                        10,
                        "专利、新产品、标准、成果转化等产出达到目标值得满分，按完成比例计分。",
                    ),
                    (
                        "产业规模变化",
                        10,
                        "支持产业产值、企业数量等规模指标较上年的增长达到目标得满分，按比例计分。",
                    ),
                ],
            ),
            (
                "产出成本",
                [("投入产出比", 10, "新增产值（或税收）与财政投入之比达到目标值得满分，按比例计分。")],
            ),
        ],
        [
            (
                "经济效益",
                [
                    (
                        "政策撬动效应",
                        10,
                        "带动社会资本、金融资本投入与财政资金之比达到目标得满分，按比例计分。",
                    ),
                    ("市场竞争力", 10, "支持企业市场占有率、主营收入增长等提升情况，视实现程度计分。"),
                    ("产业链带动效益", 10, "对上下游配套、产业集聚的带动作用，视实现程度计分。"),
                ],
            ),
        ],
    ),
    DefaultSpec(
        Category.MAJOR_PROJECT,
        "重大项目资金绩效评价指标体系",
        "[000 #5] 覆盖决策、实施、效果各环节，重点评价决策合理性、收益平衡能力、债务风险防控和运营可持续性。",
        DECISION,
        [
            (
                "资金管理",
                [
                    ("预算执行到位率", 8, "资金到位及支出进度达到计划得满分，按比例计分。"),
                    ("资金使用合规性", 4, "资金使用符合规定，无截留、挤占、挪用；发现一项扣 2 分。"),
                ],
            ),
            (
                "组织实施",
                [
                    ("管理制度健全性", 4, "项目法人、招投标、合同、监理等制度健全；每项不符扣 1 分。"),
                    ("债务风险防控", 4, "专项债券等债务资金偿还来源落实，风险防控措施有效；视情况扣分。"),
                ],
            ),
        ],
        [
            ("产出数量", [("实际完成率", 8, "实际完成投资或工程量 / 计划 × 分值。")]),
            ("产出质量", [("建设质量合格率", 12, "验收合格的单位工程 / 全部单位工程 × 分值。")]),
            ("产出时效", [("项目验收及时性", 10, "按期竣工验收得满分，逾期视延误程度扣分。")]),
        ],
        [
            (
                "经济效益",
                [
                    ("投资回报率", 10, "项目收益与投资之比达到可研或实施方案预期得满分，按比例计分。"),
                    ("收益平衡能力", 8, "项目收益覆盖融资本息的程度达到方案要求得满分，按比例计分。"),
                ],
            ),
            ("可持续影响", [("运维管护机制健全性", 12, "建成后运维主体、经费和制度落实；每项不符扣 4 分。")]),
        ],
    ),
    DefaultSpec(
        Category.GOVERNMENT_OPERATION,
        "政务运行类资金绩效评价指标体系",
        "[000 #6] 结合人均、物均单位运行成本开展历史比较、同类比较、对标比较，重点评价政务运行效能。",
        DECISION,
        PROCESS,
        [
            ("产出数量", [("重点工作任务完成率", 10, "完成的重点工作任务 / 计划任务 × 分值。")]),
            ("产出质量", [("运行保障质量", 8, "运行保障达到服务标准，无重大保障事故；视情况扣分。")]),
            ("产出时效", [("需求反应及时率", 6, "在承诺时限内响应的需求 / 全部需求 × 分值。")]),
            (
                "产出成本",
                [
                    (
                        "人均占有率",
                        6,
                        "人均、物均运行成本与历史、同类和标准比较，不高于标准得满分，超出按比例扣分。",
                    )
                ],
            ),
        ],
        [
            ("社会效益", [("业务支撑度", 20, "对部门履职和重点业务的支撑程度，视实现程度计分。")]),
            ("满意度", [("服务对象满意度", 10, "满意度达到目标值得满分，每低 5 个百分点扣 1 分。")]),
        ],
    ),
    DefaultSpec(
        Category.URBAN_MAINTENANCE,
        "城市运维类资金绩效评价指标体系",
        "[000 #7] 运用成本绩效分析方法，重点评价城市运维支出的必要性、合理性和经济社会效益。",
        DECISION,
        PROCESS,
        [
            (
                "产出质量",
                [("公共服务保障达标率", 15, "达到行业规范和服务标准的运维项目 / 全部项目 × 分值。")],
            ),
            ("产出成本", [("运维成本控制情况", 15, "分项运维成本不高于支出标准得满分，超出按比例扣分。")]),
        ],
        [
            ("可持续影响", [("运行设施状态", 15, "设施完好率、运行状态达到目标得满分，按比例计分。")]),
            ("满意度", [("公众满意度", 15, "公众满意度达到目标值得满分，每低 5 个百分点扣 1 分。")]),
        ],
    ),
    DefaultSpec(
        Category.LIVELIHOOD,
        "民生类资金绩效评价指标体系",
        "[000 #8] 运用核实核查、访查调查等方法，重点评价民生资金投入精准性和执行效果。",
        DECISION,
        PROCESS,
        [
            ("产出质量", [("补助对象准确率", 15, "经核实符合条件的补助对象 / 全部补助对象 × 分值。")]),
            ("产出时效", [("资金发放及时率", 15, "按时足额发放的资金 / 应发放资金 × 分值。")]),
        ],
        [
            (
                "社会效益",
                [
                    (
                        "民生状况改善情况",
                        12,
                        "受益群体生活、教育、医疗等状况改善达到目标得满分，视程度计分。",
                    ),
                    ("政策知晓率", 8, "抽样调查知晓政策的受益对象比例 × 分值。"),
                ],
            ),
            ("满意度", [("政策满意度", 10, "满意度达到目标值得满分，每低 5 个百分点扣 1 分。")]),
        ],
    ),
    DefaultSpec(
        Category.EMERGENCY,
        "应急稳定类资金绩效评价指标体系",
        "[000 #9] 运用反向评价方法，重点评价应急处置能力建设；发现挤占挪用等严重问题的启动监督检查程序。",
        DECISION,
        [
            (
                "资金管理",
                [
                    ("预算执行到位率", 6, "资金到位及支出进度达到计划得满分，按比例计分。"),
                    ("资金使用规范性", 6, "资金使用符合规定，无挤占、挪用、侵害个人利益；发现一项扣 3 分。"),
                ],
            ),
            PROCESS[1],
        ],
        [
            (
                "产出时效",
                [
                    ("资金发放及时性", 15, "在规定时限内拨付发放得满分，逾期视延误程度扣分。"),
                    ("突发事件响应速度", 15, "在预案规定时限内响应处置得满分，逾期视情况扣分。"),
                ],
            ),
        ],
        [
            ("可持续影响", [("防控机制健全性", 15, "应急预案、物资储备、防控机制健全；每项不符扣 5 分。")]),
            (
                "社会效益",
                [("基本保障效果", 15, "受灾和受影响群众基本生活、公共安全得到保障，视实现程度计分。")],
            ),
        ],
    ),
    DefaultSpec(
        Category.GOVERNMENT_FUND,
        "政府投资基金绩效评价指标体系（基础分+政策加分）",
        "[000 #10] “基础分+政策加分”评分机制，重点评价基金政策目标落实效果、经济效益产出水平和管理机构履职能力。",
        [
            (
                "基金设立",
                [
                    ("设立依据充分性", 5, "设立符合产业政策和发展规划，设立方案经批准；每项不符扣 2 分。"),
                    ("政策目标一致性", 5, "基金投资方向与设立时的政策目标一致；视情况扣分。"),
                ],
            ),
            ("绩效目标", [("绩效目标合理性", 5, "基金绩效目标明确、可衡量，与出资规模相匹配；视情况扣分。")]),
            ("资金投入", [("财政出资到位率", 5, "财政实缴出资 / 认缴出资 × 分值。")]),
        ],
        [
            (
                "管理机构履职能力",
                [
                    ("募资与出资管理", 5, "社会资本按约定到位，出资管理规范；视情况扣分。"),
                    ("投资决策规范性", 5, "投资决策程序符合合伙协议和管理制度；每项不符扣 1 分。"),
                    ("投后管理", 5, "投后跟踪、信息报送和退出管理到位；视情况扣分。"),
                    ("风险控制", 5, "风险控制制度健全，无重大违规和损失；视情况扣分。"),
                ],
            ),
        ],
        [
            ("产出数量", [("投资完成率", 10, "已投资金额 / 实缴规模 × 分值。")]),
            (
                "产出质量",
                [("投向政策支持领域比例", 10, "投向政策支持领域的金额占比达到约定得满分，按比例计分。")],
            ),
            ("产出时效", [("投资进度", 10, "按投资期计划完成投资得满分，滞后视程度扣分。")]),
        ],
        [
            (
                "经济效益",
                [
                    (
                        "经济效益产出水平",
                        10,
                        "基金收益率、被投企业营收和税收增长达到目标得满分，视程度计分。",
                    ),
                    ("撬动社会资本倍数", 10, "带动社会资本与财政出资之比达到约定得满分，按比例计分。"),
                ],
            ),
            (
                "社会效益",
                [("政策目标落实效果", 10, "服务全省科技创新和产业发展布局的程度，视实现程度计分。")],
            ),
        ],
        bonus=[
            (
                "服务重大战略",
                [
                    ("促进科技成果转化落地", 4, "投资项目实现省内科技成果转化的，每项加 1 分，最高 4 分。"),
                    ("服务现代化产业体系", 3, "投向省重点产业链的项目，每项加 1 分，最高 3 分。"),
                    ("赋能产业进位发展", 3, "被投企业入选专精特新、上市等的，每家加 1 分，最高 3 分。"),
                ],
            ),
        ],
    ),
)

GROUP_NAMES = {
    G.DECISION: "决策",
    G.PROCESS: "过程",
    G.OUTPUT: "产出",
    G.OUTCOME: "效益",
    G.BONUS: "政策加分",
}


def spec_nodes(spec: DefaultSpec) -> list[Node]:
    """The outline of a default scheme."""
    blocks = [
        (G.DECISION, spec.decision),
        (G.PROCESS, spec.process),
        (G.OUTPUT, spec.output),
        (G.OUTCOME, spec.outcome),
    ]
    if spec.bonus:
        blocks.append((G.BONUS, spec.bonus))
    nodes: list[Node] = []
    for i, (group, block) in enumerate(blocks, start=1):
        level1_points = sum((Decimal(p) for _n, items in block for _m, p, _g in items), Decimal("0"))
        nodes.append(Node(str(i), GROUP_NAMES[group], level1_points, group))
        for j, (name2, items) in enumerate(block, start=1):
            points2 = sum((Decimal(p) for _m, p, _g in items), Decimal("0"))
            nodes.append(Node(f"{i}.{j}", name2, points2, group))
            for k, (name3, points3, guidance) in enumerate(items, start=1):
                nodes.append(Node(f"{i}.{j}.{k}", name3, Decimal(points3), group, guidance))
    return nodes


def spec_bonus_points(spec: DefaultSpec) -> Decimal:
    if not spec.bonus:
        return Decimal("0")
    return sum((Decimal(p) for _n, items in spec.bonus for _m, p, _g in items), Decimal("0"))


# --- the Policy a scheme is checked against --------------------------------------------------------


def policy_for_region(region_id: int) -> PolicyData:
    """The rules of the region's current year (its latest year when none is current; the defaults
    when the region has no year): schemes belong to a region, not to a year."""
    fy = FiscalYear.objects.filter(region_id=region_id).order_by("-is_current", "-year").first()
    return fy.policy if fy else PolicyData()


# --- validation ------------------------------------------------------------------------------------


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1')).normalize():f}%"


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def validate_nodes(
    nodes: list[Node], *, bonus_points: Decimal, min_output_outcome_share: Decimal
) -> list[str]:
    """Every problem of an outline, in Chinese (empty when it can be saved).

    Codes form a tree of exactly three levels; a level-1 node names its group and its children
    share it; every level-1 and level-2 node has children; points are positive and a parent's
    points equal its children's sum; the ordinary groups add up to 100, the 政策加分 group to
    `bonus_points`; 产出 + 效益 ≥ `min_output_outcome_share` of the 100 [财预〔2020〕10号].
    """
    errors: list[str] = []
    if not nodes:
        return [_("评价指标体系至少需要一个指标。")]
    by_code: dict[str, Node] = {}
    for node in nodes:
        label = node.name or node.code
        if not node.code or any(not p.isdigit() for p in node.parts):
            errors.append(
                _("指标“%(name)s”的编号“%(code)s”格式不正确，应为 1、1.1、1.1.1 这样的数字。")
                % {"name": label, "code": node.code}
            )
            continue
        if node.code in by_code:
            errors.append(_("指标编号“%(code)s”重复。") % {"code": node.code})
            continue
        if node.level > 3:
            errors.append(_("指标“%(name)s”超过三级。") % {"name": label})
            continue
        if not node.name.strip():
            errors.append(_("编号“%(code)s”的指标名称不能为空。") % {"code": node.code})
        if node.points is None or node.points <= 0:
            errors.append(_("指标“%(name)s”的分值须大于 0。") % {"name": label})
        by_code[node.code] = node
    if errors:
        return errors
    children: dict[str, list[Node]] = {code: [] for code in by_code}
    for node in by_code.values():
        if node.level == 1:
            if node.group not in G.values:
                errors.append(
                    _("一级指标“%(name)s”须选择指标类别（决策、过程、产出、效益或政策加分）。")
                    % {"name": node.name}
                )
            continue
        parent = by_code.get(node.parent_code)
        if parent is None:
            errors.append(
                _("指标“%(name)s”（%(code)s）找不到上级指标 %(parent)s。")
                % {"name": node.name, "code": node.code, "parent": node.parent_code}
            )
            continue
        children[parent.code].append(node)
    if errors:
        return errors
    for node in by_code.values():
        if node.level < 3 and not children[node.code]:
            errors.append(
                _("%(level)s级指标“%(name)s”下须至少有一个下级指标。")
                % {"level": "一" if node.level == 1 else "二", "name": node.name}
            )
        elif node.level < 3:
            total = sum((c.points for c in children[node.code]), Decimal("0"))
            if total != node.points:
                errors.append(
                    _("指标“%(name)s”的分值 %(points)s 与下级指标分值合计 %(total)s 不一致。")
                    % {"name": node.name, "points": _num(node.points), "total": _num(total)}
                )
    if errors:
        return errors

    sums = {g: Decimal("0") for g in G.values}
    for node in by_code.values():
        if node.level == 1:
            sums[node.group] += node.points
    base = sum((v for g, v in sums.items() if g != G.BONUS), Decimal("0"))
    if base != BASE_POINTS:
        errors.append(
            _("决策、过程、产出、效益等基础指标分值合计须为 100 分，当前为 %(total)s 分。")
            % {"total": _num(base)}
        )
    bonus = sums[G.BONUS]
    if bonus != (bonus_points or Decimal("0")):
        if not bonus_points:
            errors.append(
                _("未设置政策加分上限，不能设置政策加分指标（当前 %(bonus)s 分）。") % {"bonus": _num(bonus)}
            )
        else:
            errors.append(
                _("政策加分指标分值合计 %(bonus)s 分，须等于政策加分上限 %(limit)s 分。")
                % {"bonus": _num(bonus), "limit": _num(bonus_points)}
            )
    share = (sums[G.OUTPUT] + sums[G.OUTCOME]) / BASE_POINTS
    if share < min_output_outcome_share:
        errors.append(
            _("产出和效益指标分值合计须不低于总分的 %(min)s，当前为 %(share)s。")
            % {"min": _pct(min_output_outcome_share), "share": _pct(share)}
        )
    return errors


def nodes_of(scheme: Scheme) -> list[Node]:
    """A stored scheme as its outline (codes rebuilt from the tree order)."""
    rows = list(scheme.criteria.all().order_by("level", "order", "id"))
    by_parent: dict[int | None, list[Criterion]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    nodes: list[Node] = []

    def walk(parent_id, prefix):
        for i, row in enumerate(sorted(by_parent.get(parent_id, []), key=lambda r: (r.order, r.id)), start=1):
            code = f"{prefix}.{i}" if prefix else str(i)
            nodes.append(Node(code, row.name, row.points, row.group, row.guidance))
            walk(row.pk, code)

    walk(None, "")
    return nodes


def scheme_errors(scheme: Scheme, policy: PolicyData | None = None) -> list[str]:
    policy = policy or policy_for_region(scheme.region_id)
    return validate_nodes(
        nodes_of(scheme),
        bonus_points=scheme.bonus_points,
        min_output_outcome_share=policy.evaluation.min_output_outcome_share,
    )


def level3(scheme: Scheme) -> list[Criterion]:
    """What experts score, in outline order (level-1 order, then level-2, then level-3)."""
    rows = list(scheme.criteria.all())
    by_id = {r.pk: r for r in rows}

    def key(row):
        parent = by_id.get(row.parent_id)
        grand = by_id.get(parent.parent_id) if parent else None
        return (
            grand.order if grand else 0,
            grand.pk if grand else 0,
            parent.order,
            parent.pk,
            row.order,
            row.pk,
        )

    return sorted((r for r in rows if r.level == 3), key=key)


def tree_of(scheme: Scheme) -> list[dict]:
    """The tree for display: [{criterion, children: [{criterion, children: [criterion…]}]}]."""
    rows = list(scheme.criteria.all().order_by("order", "id"))
    kids: dict[int | None, list[Criterion]] = {}
    for row in rows:
        kids.setdefault(row.parent_id, []).append(row)
    return [
        {
            "node": one,
            "children": [{"node": two, "children": kids.get(two.pk, [])} for two in kids.get(one.pk, [])],
        }
        for one in kids.get(None, [])
    ]


# --- writing ---------------------------------------------------------------------------------------


def is_in_use(scheme: Scheme) -> bool:
    """A scheme whose criteria carry expert or agreed scores, or that an evaluation under way
    uses, is not edited in place (copy it instead): the scores would lose their criteria."""
    ids = scheme.criteria.values("pk")
    return (
        ExpertScore.objects.filter(criterion_id__in=ids).exists()
        or CriterionResult.objects.filter(criterion_id__in=ids).exists()
        or Evaluation.objects.filter(scheme=scheme).exclude(status=Evaluation.Status.PLANNED).exists()
    )


def _write_nodes(scheme: Scheme, nodes: list[Node]) -> None:
    scheme.criteria.all().delete()
    saved: dict[str, Criterion] = {}
    for node in sorted(nodes, key=lambda n: (n.level, [int(p) for p in n.parts])):
        parent = saved.get(node.parent_code) if node.level > 1 else None
        group = node.group if node.level == 1 else saved[node.parts[0]].group
        saved[node.code] = Criterion.objects.create(
            scheme=scheme,
            parent=parent,
            level=node.level,
            group=group,
            name=node.name.strip(),
            points=node.points,
            guidance=node.guidance.strip(),
            order=int(node.parts[-1]),
        )


def save_scheme(
    scheme: Scheme, nodes: list[Node], user, *, policy: PolicyData | None = None, request=None
) -> Scheme:
    """Save `scheme` (new or existing) with the outline `nodes`, all or nothing.

    Refused (SchemeError) when the outline does not validate, when the name is taken in the region,
    or when the scheme is in use (is_in_use). Setting it as its category's default unsets the
    previous default. Audited."""
    policy = policy or policy_for_region(scheme.region_id)
    errors = validate_nodes(
        nodes,
        bonus_points=scheme.bonus_points or Decimal("0"),
        min_output_outcome_share=policy.evaluation.min_output_outcome_share,
    )
    if scheme.pk and is_in_use(scheme):
        errors.insert(0, _("该评价指标体系已用于评价，不能修改，请复制后修改。"))
    clash = Scheme.objects.filter(region_id=scheme.region_id, name=scheme.name.strip())
    if scheme.pk:
        clash = clash.exclude(pk=scheme.pk)
    if clash.exists():
        errors.insert(0, _("本地区已有同名的评价指标体系。"))
    if errors:
        raise SchemeError(errors)
    created = scheme.pk is None
    scheme.name = scheme.name.strip()
    if created and user is not None and getattr(user, "is_authenticated", False):
        scheme.created_by = user
    try:
        with transaction.atomic():
            if scheme.is_default:
                Scheme.objects.filter(
                    region_id=scheme.region_id, category=scheme.category, is_default=True
                ).exclude(pk=scheme.pk).update(is_default=False)
            scheme.save()
            _write_nodes(scheme, nodes)
            audit.record(
                EventKind.CREATED if created else EventKind.UPDATED,
                user,
                scheme,
                summary=(_("新建评价指标体系：%(name)s") if created else _("修改评价指标体系：%(name)s"))
                % {"name": scheme.name},
                data={"criteria": len(nodes), "bonus_points": str(scheme.bonus_points)},
                request=request,
            )
    except IntegrityError:
        raise SchemeError([_("本地区已有同名的评价指标体系。")])
    return scheme


def copy_scheme(scheme: Scheme, name: str, user, *, request=None) -> Scheme:
    """A copy under a new name (never the default), to edit freely."""
    copy = Scheme(
        region_id=scheme.region_id,
        name=name,
        category=scheme.category,
        description=scheme.description,
        bonus_points=scheme.bonus_points,
        is_default=False,
    )
    return save_scheme(copy, nodes_of(scheme), user, request=request)


def ensure_default_schemes(region_id: int, user=None) -> list[Scheme]:
    """The general default and one default per fund category for the region, created once
    (idempotent; an existing scheme of the same name is left as the bureau edited it)."""
    existing = set(Scheme.objects.filter(region_id=region_id).values_list("name", flat=True))
    missing = [s for s in DEFAULT_SPECS if s.name not in existing]
    if missing:
        policy = PolicyData()  # the defaults are checked against the default share, never a bureau's
        has_default = set(
            Scheme.objects.filter(region_id=region_id, is_default=True).values_list("category", flat=True)
        )
        for spec in missing:
            scheme = Scheme(
                region_id=region_id,
                name=spec.name,
                category=spec.category,
                description=spec.description,
                bonus_points=spec_bonus_points(spec),
                is_default=spec.category not in has_default,
            )
            try:
                with transaction.atomic():
                    save_scheme(scheme, spec_nodes(spec), None, policy=policy)
            except SchemeError:
                # Created meanwhile by a concurrent request: nothing to do.
                continue
    return list(Scheme.objects.filter(region_id=region_id, name__in=[s.name for s in DEFAULT_SPECS]))


def default_scheme_for(region_id: int, category: str) -> Scheme | None:
    """The region's default scheme of the category, else its general default."""
    ensure_default_schemes(region_id)
    qs = Scheme.objects.filter(region_id=region_id, is_default=True)
    found = qs.filter(category=category).first() if category else None
    return found or qs.filter(category="").first()


def schemes_visible_to(user):
    """Schemes of the regions whose business the user sees (finance region-wide; departments,
    units and experts the regions of their organizations)."""
    from accounts.models import Organization
    from accounts.scoping import scope_of

    scope = scope_of(user)
    if scope.is_empty:
        return Scheme.objects.none()
    q = Q(region_id__in=Organization.objects.filter(pk__in=scope.organization_ids).values("region_id"))
    if scope.region_ids:
        q |= Q(region_id__in=scope.region_ids)
    return Scheme.objects.filter(q)


# --- JSON ------------------------------------------------------------------------------------------


def scheme_to_json(scheme: Scheme) -> str:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": scheme.name,
        "category": scheme.category,
        "description": scheme.description,
        "bonus_points": str(scheme.bonus_points),
        "criteria": [
            {
                "code": n.code,
                "group": n.group,
                "name": n.name,
                "points": str(n.points),
                "guidance": n.guidance,
            }
            for n in nodes_of(scheme)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def nodes_from_data(items) -> list[Node]:
    """Outline rows from JSON/API data; a malformed row is a SchemeError in Chinese."""
    if not isinstance(items, list):
        raise SchemeError([_("criteria 应为指标列表。")])
    nodes = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise SchemeError([_("第 %(n)s 个指标格式不正确。") % {"n": i}])
        try:
            points = Decimal(str(item.get("points", "")))
        except (InvalidOperation, ValueError):
            raise SchemeError([_("第 %(n)s 个指标的分值不是数字。") % {"n": i}])
        nodes.append(
            Node(
                code=str(item.get("code", "")).strip(),
                name=str(item.get("name", "")).strip(),
                points=points,
                group=str(item.get("group", "") or "").strip(),
                guidance=str(item.get("guidance", "") or ""),
            )
        )
    return nodes


def scheme_from_json(text: str | bytes, region_id: int, user, *, name: str = "", request=None) -> Scheme:
    """Import a scheme exported by `scheme_to_json` into the region (a new scheme, never default)."""
    try:
        document = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise SchemeError([_("指标体系文件不是有效的 JSON：%(error)s") % {"error": exc}])
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SchemeError([_("这不是本系统导出的评价指标体系文件。")])
    category = document.get("category") or ""
    if category and category not in Category.values:
        raise SchemeError([_("未知的资金类别：%(c)s。") % {"c": category}])
    try:
        bonus = Decimal(str(document.get("bonus_points") or "0"))
    except InvalidOperation:
        raise SchemeError([_("政策加分上限不是数字。")])
    scheme = Scheme(
        region_id=region_id,
        name=(name or str(document.get("name") or "")).strip()[:100],
        category=category,
        description=str(document.get("description") or ""),
        bonus_points=bonus,
    )
    if not scheme.name:
        raise SchemeError([_("请填写指标体系名称。")])
    return save_scheme(scheme, nodes_from_data(document.get("criteria")), user, request=request)
