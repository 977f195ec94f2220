"""The year's rules as typed data (DESIGN.md §3: every number is a Policy default, never a literal).

A Policy row stores JSON; code reads it through these dataclasses:
`year.policy.self_evaluation.bands`, never raw dictionaries. `PolicyData.from_dict()` validates
and fills defaults, so a policy saved before a new section existed still reads whole.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, get_args, get_origin, get_type_hints

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l


class PolicyError(ValueError):
    """A policy value that cannot be used; the message is in Chinese for the finance admin."""


@dataclass(frozen=True)
class Band:
    grade: str
    label: str
    min_score: Decimal


@dataclass(frozen=True)
class ProjectLibrary:
    """[000 #16 #20][002 三(一)][004 第十五—十六条] major projects, prior assessment and joint review."""

    #: A project at or above this amount (yuan) is major and needs a prior assessment.
    major_threshold: Decimal = Decimal("30000000")
    #: Bond-funded projects need a prior assessment whatever their amount.
    bond_funded_needs_assessment: bool = True
    #: Natures (budgets.models.Project.Nature) that need one when major: new (新增), adjusted
    #: (实施内容或标准发生较大调整、拟申请新增预算) and continuing (到期申请延续执行) [004 第十五条].
    natures_needing_assessment: tuple[str, ...] = ("new", "adjusted", "continuing")
    #: 联合会审 by the budget (fund) management committee of new or increased (调整增支) projects at
    #: or above this amount, a precondition of admission [000 #16].
    joint_review_threshold: Decimal = Decimal("30000000")
    joint_review_natures: tuple[str, ...] = ("new", "adjusted")
    #: Points of the five dimensions an expert scores, in the order 立项必要性, 投入经济性,
    #: 绩效目标合理性, 实施方案可行性, 筹资合规性; they add up to 100.
    assessment_points: tuple[Decimal, ...] = (Decimal("20"),) * 5
    #: Grades of an assessment: the total (out of 100) and each dimension (its score as a percentage
    #: of its points) are graded 优/良/中/差 by these lines; the lowest band blocks the library [002].
    assessment_bands: tuple[Band, ...] = (
        Band("excellent", "优", Decimal("90")),
        Band("good", "良", Decimal("80")),
        Band("fair", "中", Decimal("60")),
        Band("poor", "差", Decimal("0")),
    )

    def validate(self) -> None:
        """Raise PolicyError (Chinese) for negative amounts, unknown natures, dimension points that
        do not add up to 100 or grade lines out of order."""
        from budgets.models import Project

        if self.major_threshold < 0:
            raise PolicyError(_("重大项目金额标准不能为负数。"))
        if self.joint_review_threshold < 0:
            raise PolicyError(_("联合会审金额标准不能为负数。"))
        for key in ("natures_needing_assessment", "joint_review_natures"):
            unknown = [n for n in getattr(self, key) if n not in Project.Nature.values]
            if unknown:
                raise PolicyError(
                    _("%(name)s只能是：%(choices)s。")
                    % {
                        "name": label_of(f"project_library.{key}"),
                        "choices": "、".join(str(label) for label in Project.Nature.labels),
                    }
                )
        points = self.assessment_points
        if len(points) != 5 or any(p < 0 for p in points):
            raise PolicyError(_("事前评估须为五个评估维度各设一个不为负数的分值。"))
        if sum(points, Decimal("0")) != Decimal("100"):
            raise PolicyError(
                _("事前评估五个维度分值合计须为 100 分，当前为 %(total)s 分。")
                % {"total": sum(points, Decimal("0"))}
            )
        mins = [b.min_score for b in self.assessment_bands]
        if not mins or mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins) or mins[-1] != 0:
            raise PolicyError(_("事前评估等级分数线须从高到低排列，且最低一档从 0 分起。"))
        if mins[0] > 100:
            raise PolicyError(_("事前评估等级分数线不能高于 100 分。"))
        if len({b.grade for b in self.assessment_bands}) != len(self.assessment_bands) or any(
            not b.grade.strip() or not b.label.strip() for b in self.assessment_bands
        ):
            raise PolicyError(_("事前评估等级须有各不相同的代码和名称。"))


@dataclass(frozen=True)
class Targets:
    """[004 第十九—二十四条] target framework and review."""

    #: "2020" (产出/效益/满意度) or "2021" (成本 as its own level 1, 财预〔2021〕101号).
    framework: str = "2020"
    review_grades: tuple[str, ...] = ("优", "良", "中", "差")
    #: Special funds go through "两上两下" [000 #14].
    special_fund_rounds: int = 2
    #: Review hints [DESIGN §3.2]: unit cost further than this share from the median of comparable
    #: projects of the same category; quantity × unit price further than this share from the budget.
    unit_cost_tolerance: Decimal = Decimal("0.50")
    budget_match_tolerance: Decimal = Decimal("0.10")
    #: Share of the year's projects (by count or money) that must have an approved target — every
    #: project that asks for money sets one [004 第十九条]; the leader dashboard measures against it.
    coverage_share: Decimal = Decimal("1.00")
    #: Words that make an indicator vague (hint only).
    vague_words: tuple[str, ...] = (
        "有所",
        "进一步",
        "显著",
        "明显",
        "大幅",
        "逐步",
        "力争",
        "基本",
        "较大",
        "尽快",
    )


@dataclass(frozen=True)
class MonitoringRound:
    name: str
    data_as_of: str  # "MM-DD"
    due: str  # "MM-DD"


@dataclass(frozen=True)
class Monitoring:
    """[002 三(三)][004 第二十五—二十九条][000 #15]."""

    rounds: tuple[MonitoringRound, ...] = (
        MonitoringRound("第一轮（1—6月）", "06-30", "07-15"),
        MonitoringRound("第二轮（1—8月）", "08-31", "09-15"),
    )
    #: Warn when execution lags the time-progress line by more than this many percentage points.
    execution_lag_tolerance: Decimal = Decimal("10")
    #: Lag beyond this many points is a red (serious) warning rather than yellow.
    execution_lag_serious: Decimal = Decimal("20")
    #: "资金沉淀" [002 三(三)]: warn when the expected year-end balance exceeds this share of the budget.
    idle_funds_share: Decimal = Decimal("0.10")
    #: Reminders: days before a deadline; escalation to the department, then to finance, after
    #: this many days overdue.
    reminder_days_before: tuple[int, ...] = (7, 1)
    escalate_department_after_days: int = 3
    escalate_finance_after_days: int = 7
    #: Share of the year's projects that must be monitored (a report submitted) [004 第二十五条];
    #: the leader dashboard measures against it.
    coverage_share: Decimal = Decimal("1.00")


@dataclass(frozen=True)
class ExecutionBand:
    """A rate band of the execution-rate row: a rate at or above `min_rate` (0..1) earns `share`
    (0..1) of the row's points."""

    min_rate: Decimal
    share: Decimal


@dataclass(frozen=True)
class QualitativeBand:
    """A grade of a qualitative (定性) indicator: the reviewer picks an achievement share between
    `lower` and `upper` (0..1, both inclusive)."""

    key: str
    label: str
    upper: Decimal
    lower: Decimal


#: Allowed values of the self-evaluation scheme's method fields (machine codes; labels below).
MISSING_SATISFACTION_CHOICES = {"to_output": _l("计入产出指标"), "rescale": _l("各一级指标等比例折算")}
WITHIN_GROUP_CHOICES = {"weights": _l("按申报权重（未全部申报时平均分配）"), "equal": _l("平均分配")}
EXECUTION_METHOD_CHOICES = {"proportional": _l("分值 × 执行率（最高为满分）"), "bands": _l("按执行率档次")}
EQ_PARTIAL_CHOICES = {"ratio": _l("未相等时按比例计分"), "none": _l("未相等时不得分")}
ROUNDING_CHOICES = {
    "exact": _l("保留两位小数"),
    "half_up": _l("四舍五入取整"),
    "down": _l("向下取整"),
    "one_point_off": _l("未完全达成扣 1 分"),
    "per_point": _l("每差 1 个百分点扣固定分值"),
}
SATISFACTION_METHOD_CHOICES = {"proportional": _l("按比例计分"), "step": _l("低于达标线按档扣分")}


@dataclass(frozen=True)
class SelfEvaluation:
    """How a self-evaluation (自评) is scored; the defaults are the standard of 财预〔2020〕10号,
    the grade bands those of [004 第三十七条]. Every field is a variant seen in published 自评表
    (DESIGN.md §3.4); evaluation/scoring.py reads them and nothing else."""

    #: Level-1 points: 预算执行率 10, 产出 50, 效益 30, 满意度 10 [财预〔2020〕10号].
    execution_weight: Decimal = Decimal("10")
    output_weight: Decimal = Decimal("50")
    outcome_weight: Decimal = Decimal("30")
    satisfaction_weight: Decimal = Decimal("10")
    bands: tuple[Band, ...] = (
        Band("excellent", "优", Decimal("90")),
        Band("good", "良", Decimal("80")),
        Band("fair", "中", Decimal("60")),
        Band("poor", "差", Decimal("0")),
    )
    #: 成本 as its own level-1 group with these points (财预〔2021〕101号); 0: cost indicators
    #: share the 产出 points.
    cost_weight: Decimal = Decimal("0")
    #: With no satisfaction indicator its points go to 产出 ("to_output") or every present group
    #: is rescaled to 100 minus the execution points ("rescale").
    missing_satisfaction: str = "to_output"
    #: Within a group: declared weights when every indicator of the group declares one (rescaled
    #: to the group's points), else an equal split ("weights"); or always an equal split ("equal").
    within_group: str = "weights"
    #: Execution rate scored weight × min(rate, 1) ("proportional") or by `execution_bands`.
    execution_method: str = "proportional"
    execution_bands: tuple[ExecutionBand, ...] = (
        ExecutionBand(Decimal("0.90"), Decimal("1.00")),
        ExecutionBand(Decimal("0.80"), Decimal("0.80")),
        ExecutionBand(Decimal("0.70"), Decimal("0.60")),
        ExecutionBand(Decimal("0.60"), Decimal("0.40")),
        ExecutionBand(Decimal("0"), Decimal("0")),
    )
    #: An execution rate below this share needs a written explanation.
    explanation_below_rate: Decimal = Decimal("0.90")
    #: "=" indicators: full marks when equal; otherwise by min(a/t, t/a) ("ratio") or 0 ("none").
    eq_partial: str = "ratio"
    #: 偏离度: a "≥" indicator whose actual reaches this multiple of its target had its target set
    #: far too low and loses `low_target_deduction` of its points. 0 switches the check off.
    low_target_ratio: Decimal = Decimal("0")
    low_target_deduction: Decimal = Decimal("0.20")
    #: Qualitative (定性) grades, highest first; the reviewer picks a share inside the band.
    qualitative_bands: tuple[QualitativeBand, ...] = (
        QualitativeBand("achieved", "达成", Decimal("1.00"), Decimal("0.80")),
        QualitativeBand("partial", "部分达成", Decimal("0.80"), Decimal("0.60")),
        QualitativeBand("not_achieved", "未达成", Decimal("0.60"), Decimal("0")),
    )
    #: Partial credit: "exact" (2 decimals), "half_up" / "down" (whole points), "one_point_off"
    #: (any shortfall costs one point), "per_point" (`points_per_pct` off per percentage point short).
    rounding: str = "exact"
    points_per_pct: Decimal = Decimal("0.5")
    #: Satisfaction (in %) scored like any indicator ("proportional") or "step": full marks at
    #: `satisfaction_line`, `satisfaction_step_points` off for every `satisfaction_step` points below.
    satisfaction_method: str = "proportional"
    satisfaction_line: Decimal = Decimal("90")
    satisfaction_step: Decimal = Decimal("5")
    satisfaction_step_points: Decimal = Decimal("1")
    #: A recorded violation (挤占、挪用 …) lowers the grade one band [003 二(四)].
    violation_downgrade: bool = True

    def validate(self) -> None:
        """Raise PolicyError (Chinese) when the scheme cannot score: weights not adding to 100,
        unknown methods, bands out of order or shares outside 0..1."""
        weights = (
            self.execution_weight,
            self.output_weight,
            self.outcome_weight,
            self.satisfaction_weight,
            self.cost_weight,
        )
        if any(w < 0 for w in weights):
            raise PolicyError(_("自评各项分值不能为负数。"))
        total = sum(weights, Decimal("0"))
        if total != Decimal("100"):
            # The message (and its catalogue entry) predates 成本; the total includes cost_weight.
            raise PolicyError(_("自评分值合计须为 100 分，当前为 %(total)s 分。") % {"total": total})
        for name, choices in (
            ("missing_satisfaction", MISSING_SATISFACTION_CHOICES),
            ("within_group", WITHIN_GROUP_CHOICES),
            ("execution_method", EXECUTION_METHOD_CHOICES),
            ("eq_partial", EQ_PARTIAL_CHOICES),
            ("rounding", ROUNDING_CHOICES),
            ("satisfaction_method", SATISFACTION_METHOD_CHOICES),
        ):
            if getattr(self, name) not in choices:
                raise PolicyError(
                    _("%(name)s只能是：%(choices)s。")
                    % {
                        "name": label_of(f"self_evaluation.{name}"),
                        "choices": "、".join(map(str, choices.values())),
                    }
                )
        mins = [b.min_score for b in self.bands]
        if not mins or mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins) or mins[-1] != 0:
            raise PolicyError(_("评价等级分数线须从高到低排列，且最低一档从 0 分起。"))
        if mins[0] > 100:
            raise PolicyError(_("评价等级分数线不能高于 100 分。"))
        if len({b.grade for b in self.bands}) != len(self.bands) or any(
            not b.grade.strip() or not b.label.strip() for b in self.bands
        ):
            raise PolicyError(_("评价等级须有各不相同的代码和名称。"))
        rates = [b.min_rate for b in self.execution_bands]
        if self.execution_method == "bands" and not rates:
            raise PolicyError(_("按档次计算预算执行率得分时须设置执行率档次。"))
        if rates != sorted(rates, reverse=True) or len(set(rates)) != len(rates):
            raise PolicyError(_("预算执行率档次须按执行率从高到低排列，且不能重复。"))
        shares = [b.share for b in self.execution_bands]
        if any(not _is_share(v) for v in rates + shares):
            raise PolicyError(_("预算执行率档次的执行率和得分比例须在 0 到 100% 之间。"))
        if shares != sorted(shares, reverse=True):
            raise PolicyError(_("执行率越低的档次，得分比例不能越高。"))
        for key in ("explanation_below_rate", "low_target_deduction"):
            if not _is_share(getattr(self, key)):
                raise PolicyError(
                    _("%(name)s须在 0 到 100%% 之间。") % {"name": label_of(f"self_evaluation.{key}")}
                )
        if self.low_target_ratio != 0 and self.low_target_ratio <= 1:
            raise PolicyError(_("目标值偏低认定倍数须大于 1（填 0 表示不扣分）。"))
        qb = self.qualitative_bands
        if not qb:
            raise PolicyError(_("须至少设置一个定性指标评价档次。"))
        if len({b.key for b in qb}) != len(qb) or any(not b.key.strip() or not b.label.strip() for b in qb):
            raise PolicyError(_("定性指标评价档次须有各不相同的代码和名称。"))
        for b in qb:
            if not (_is_share(b.lower) and _is_share(b.upper) and b.lower <= b.upper):
                raise PolicyError(
                    _("定性指标档次“%(label)s”的得分比例须在 0 到 100%% 之间，且下限不高于上限。")
                    % {"label": b.label}
                )
        for higher, lower in zip(qb, qb[1:], strict=False):
            if lower.upper > higher.lower:
                raise PolicyError(_("定性指标评价档次须从高到低排列，且各档不能重叠。"))
        for key in ("points_per_pct", "satisfaction_line", "satisfaction_step_points"):
            if getattr(self, key) < 0:
                raise PolicyError(_("%(name)s不能为负数。") % {"name": label_of(f"self_evaluation.{key}")})
        if self.satisfaction_line > 100:
            raise PolicyError(_("满意度达标线不能高于 100%。"))
        if self.satisfaction_step <= 0:
            raise PolicyError(_("满意度扣分档距须大于 0。"))


def _is_share(value: Decimal) -> bool:
    return Decimal("0") <= value <= Decimal("1")


@dataclass(frozen=True)
class Evaluation:
    """[003 三(二)—(五)][002 三(四)]."""

    #: Self-evaluation covers every project [003 三(一)]; the leader dashboard measures against it.
    self_share: Decimal = Decimal("1.00")
    department_share: Decimal = Decimal("0.20")
    fiscal_share: Decimal = Decimal("0.10")
    onsite_share: Decimal = Decimal("0.20")
    spot_check_share: Decimal = Decimal("0.10")
    spot_check_tolerance: Decimal = Decimal("10")
    #: Points: 产出 + 效益 must weigh at least this share of a scheme.
    min_output_outcome_share: Decimal = Decimal("0.60")


@dataclass(frozen=True)
class LinkageRule:
    """One row of the 三个挂钩 table: a grade label and its next-year action
    (results.models.LinkageProposal.Action: priority / normal / cut / cancel); `rate` is the cut
    share for "cut" — 0 means the Linkage cut rate of the grade (低 → cut_rate_low, else
    cut_rate_fair), since a cut of nothing is not a cut."""

    grade_label: str
    action: str
    rate: Decimal = Decimal("0")


@dataclass(frozen=True)
class Linkage:
    """[000 #21][002 三(五)][004 第四十条] result application."""

    cut_rate_fair: Decimal = Decimal("0.10")
    cut_rate_low: Decimal = Decimal("0.20")
    #: Action per grade [002 三(五)]: 优 → 优先保障, 良 → 正常安排, 中/低 → 压减, 差 → 取消.
    rules: tuple[LinkageRule, ...] = (
        LinkageRule("优", "priority"),
        LinkageRule("良", "normal"),
        LinkageRule("中", "cut"),
        LinkageRule("低", "cut"),
        LinkageRule("差", "cancel"),
    )
    #: A further cut (share of the base) when rectification items are not closed [000 #17].
    unrectified_extra_cut: Decimal = Decimal("0.05")

    feedback_days: int = 30
    rectification_days: int = 90  # [000 #17] 整改期限

    def rule_for(self, grade_label: str) -> LinkageRule | None:
        return next((r for r in self.rules if r.grade_label == grade_label), None)

    def cut_rate_of(self, rule: LinkageRule) -> Decimal:
        if rule.rate:
            return rule.rate
        return self.cut_rate_low if rule.grade_label == "低" else self.cut_rate_fair

    def validate(self) -> None:
        actions = ("priority", "normal", "cut", "cancel")
        for rule in self.rules:
            if rule.action not in actions:
                raise PolicyError(
                    _("%(name)s的措施只能是 priority、normal、cut 或 cancel。")
                    % {"name": label_of("linkage.rules")}
                )
            if not Decimal("0") <= rule.rate <= Decimal("1"):
                raise PolicyError(_("%(name)s须在 0 到 100%% 之间。") % {"name": label_of("linkage.rules")})
        if not Decimal("0") <= self.unrectified_extra_cut <= Decimal("1"):
            raise PolicyError(
                _("%(name)s须在 0 到 100%% 之间。") % {"name": label_of("linkage.unrectified_extra_cut")}
            )


@dataclass(frozen=True)
class Security:
    password_max_age_days: int = 90


@dataclass(frozen=True)
class Deadlines:
    """Default deadlines (month-day) that create the year's Deadline rows."""

    #: Next year's projects are declared into the library with the budget request.
    project_declaration: str = "09-30"
    target_declaration: str = "10-31"
    self_evaluation: str = "05-31"  # [003 三(一)]
    department_evaluation: str = "07-31"  # [003 三(二)]
    fiscal_evaluation: str = "10-31"  # [003 三(三)]


@dataclass(frozen=True)
class PolicyData:
    project_library: ProjectLibrary = field(default_factory=ProjectLibrary)
    targets: Targets = field(default_factory=Targets)
    monitoring: Monitoring = field(default_factory=Monitoring)
    self_evaluation: SelfEvaluation = field(default_factory=SelfEvaluation)
    evaluation: Evaluation = field(default_factory=Evaluation)
    linkage: Linkage = field(default_factory=Linkage)
    security: Security = field(default_factory=Security)
    deadlines: Deadlines = field(default_factory=Deadlines)

    @classmethod
    def from_dict(cls, data: dict | None) -> PolicyData:
        return _build(cls, data or {}, "")

    def to_dict(self) -> dict:
        return _dump(self)

    def validate(self) -> None:
        self.self_evaluation.validate()
        for share_name in (
            "self_share",
            "department_share",
            "fiscal_share",
            "onsite_share",
            "spot_check_share",
        ):
            value = getattr(self.evaluation, share_name)
            if not Decimal("0") <= value <= Decimal("1"):
                raise PolicyError(
                    _("%(name)s须在 0 到 100%% 之间。") % {"name": label_of(f"evaluation.{share_name}")}
                )
        for key in ("targets.coverage_share", "monitoring.coverage_share"):
            section, name = key.split(".")
            if not Decimal("0") <= getattr(getattr(self, section), name) <= Decimal("1"):
                raise PolicyError(_("%(name)s须在 0 到 100%% 之间。") % {"name": label_of(key)})
        if self.targets.framework not in ("2020", "2021"):
            raise PolicyError(_("指标框架只能是 2020 或 2021。"))
        for md in dataclasses.astuple(self.deadlines):
            _parse_month_day(md)
        for r in self.monitoring.rounds:
            _parse_month_day(r.data_as_of)
            _parse_month_day(r.due)
        self.project_library.validate()
        self.linkage.validate()
        for key in ("linkage.cut_rate_fair", "linkage.cut_rate_low"):
            if not Decimal("0") <= getattr(self.linkage, key.split(".")[1]) <= Decimal("1"):
                raise PolicyError(_("%(name)s须在 0 到 100%% 之间。") % {"name": label_of(key)})
        for key, value in (
            ("monitoring.execution_lag_tolerance", self.monitoring.execution_lag_tolerance),
            ("evaluation.spot_check_tolerance", self.evaluation.spot_check_tolerance),
        ):
            if value < 0:
                raise PolicyError(_("%(name)s不能为负数。") % {"name": label_of(key)})
        for key, value in (
            ("linkage.feedback_days", self.linkage.feedback_days),
            ("linkage.rectification_days", self.linkage.rectification_days),
            ("security.password_max_age_days", self.security.password_max_age_days),
        ):
            if value <= 0:
                raise PolicyError(_("%(name)s须为正整数。") % {"name": label_of(key)})


def _parse_month_day(value: str) -> tuple[int, int]:
    try:
        month, day = (int(p) for p in value.split("-"))
        datetime.date(2024, month, day)
    except (ValueError, AttributeError):
        raise PolicyError(_("日期格式须为“月-日”，如 05-31：%(value)s") % {"value": value})
    return month, day


def month_day(year: int, value: str) -> datetime.date:
    month, day = _parse_month_day(value)
    return datetime.date(year, month, day)


def _build(cls, data: Any, path: str):
    if not isinstance(data, dict):
        raise PolicyError(_("政策参数格式错误：%(path)s 应为对象") % {"path": path or "根"})
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise PolicyError(
            _("未知的政策参数：%(keys)s") % {"keys": "、".join(sorted(f"{path}{k}" for k in unknown))}
        )
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _coerce(hints[f.name], data[f.name], f"{path}{f.name}")
    return cls(**kwargs)


def _coerce(tp, value, path):
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, path + ".")
    if origin is tuple:
        inner = get_args(tp)[0]
        if not isinstance(value, list | tuple):
            raise PolicyError(_("政策参数 %(path)s 应为列表") % {"path": path})
        return tuple(_coerce(inner, v, f"{path}[{i}]") for i, v in enumerate(value))
    try:
        if tp is Decimal:
            if isinstance(value, bool):
                raise ValueError
            return Decimal(str(value))
        if tp is bool:
            if not isinstance(value, bool):
                raise ValueError
            return value
        if tp is int:
            if isinstance(value, bool):
                raise ValueError
            return int(value)
        if tp is str:
            if not isinstance(value, str):
                raise ValueError
            return value
    except (ValueError, ArithmeticError):
        pass
    else:
        return value
    raise PolicyError(_("政策参数 %(path)s 的值无效：%(value)s") % {"path": path, "value": value})


def _dump(obj):
    if dataclasses.is_dataclass(obj):
        return {f.name: _dump(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple):
        return [_dump(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    return obj


def flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}} → {"a.b": 1}, for showing what changed between versions."""
    out = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def diff(old: dict, new: dict) -> list[tuple[str, Any, Any]]:
    a, b = flatten(old), flatten(new)
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


#: Chinese labels of the Policy sections and fields, for the year page, the edit form and diffs.
SECTION_LABELS = {
    "project_library": _l("项目库与事前绩效评估"),
    "targets": _l("绩效目标管理"),
    "monitoring": _l("绩效运行监控"),
    "self_evaluation": _l("绩效自评"),
    "evaluation": _l("绩效评价与抽查复核"),
    "linkage": _l("结果应用"),
    "security": _l("安全策略"),
    "deadlines": _l("默认截止日期（月-日）"),
}

FIELD_LABELS = {
    "project_library.major_threshold": _l("重大项目金额标准（元）"),
    "project_library.bond_funded_needs_assessment": _l("债券资金项目须开展事前评估"),
    "project_library.natures_needing_assessment": _l("须开展事前评估的项目性质"),
    "project_library.joint_review_threshold": _l("须经联合会审的项目金额标准（元）"),
    "project_library.joint_review_natures": _l("须经联合会审的项目性质"),
    "project_library.assessment_points": _l(
        "事前评估各维度分值（立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性）"
    ),
    "project_library.assessment_bands": _l("事前评估等级分数线"),
    "targets.framework": _l("绩效指标框架"),
    "targets.review_grades": _l("目标审核等级"),
    "targets.special_fund_rounds": _l("专项资金“两上两下”轮次"),
    "targets.unit_cost_tolerance": _l("单位成本偏离同类项目中位数提示比例"),
    "targets.budget_match_tolerance": _l("数量×单价与预算偏离提示比例"),
    "targets.vague_words": _l("表述模糊提示词"),
    "targets.coverage_share": _l("绩效目标批复覆盖比例"),
    "monitoring.rounds": _l("监控轮次"),
    "monitoring.execution_lag_tolerance": _l("执行进度滞后预警容差（百分点）"),
    "monitoring.execution_lag_serious": _l("执行进度严重滞后（红色预警，百分点）"),
    "monitoring.idle_funds_share": _l("资金沉淀预警比例（预计结转结余 / 全年预算）"),
    "monitoring.reminder_days_before": _l("截止前提醒（提前天数）"),
    "monitoring.escalate_department_after_days": _l("逾期后提醒主管部门（天）"),
    "monitoring.escalate_finance_after_days": _l("逾期后提醒财政业务科室（天）"),
    "monitoring.coverage_share": _l("绩效监控覆盖比例"),
    "self_evaluation.execution_weight": _l("预算执行率分值"),
    "self_evaluation.output_weight": _l("产出指标分值"),
    "self_evaluation.outcome_weight": _l("效益指标分值"),
    "self_evaluation.satisfaction_weight": _l("满意度指标分值"),
    "self_evaluation.bands": _l("评价等级分数线"),
    "self_evaluation.cost_weight": _l("成本指标分值（0 表示计入产出指标）"),
    "self_evaluation.missing_satisfaction": _l("无满意度指标时其分值"),
    "self_evaluation.within_group": _l("一级指标内分值分配"),
    "self_evaluation.execution_method": _l("预算执行率计分方法"),
    "self_evaluation.execution_bands": _l("预算执行率计分档次"),
    "self_evaluation.explanation_below_rate": _l("执行率低于此值须说明原因"),
    "self_evaluation.eq_partial": _l("等值指标未相等时"),
    "self_evaluation.low_target_ratio": _l("目标值偏低认定（实际值 / 目标值达到）"),
    "self_evaluation.low_target_deduction": _l("目标值偏低扣减比例（占该指标分值）"),
    "self_evaluation.qualitative_bands": _l("定性指标评价档次"),
    "self_evaluation.rounding": _l("部分完成时得分取值"),
    "self_evaluation.points_per_pct": _l("每差 1 个百分点扣分"),
    "self_evaluation.satisfaction_method": _l("满意度计分方法"),
    "self_evaluation.satisfaction_line": _l("满意度达标线（%）"),
    "self_evaluation.satisfaction_step": _l("满意度扣分档距（百分点）"),
    "self_evaluation.satisfaction_step_points": _l("满意度每档扣分"),
    "self_evaluation.violation_downgrade": _l("存在挤占、挪用等违规问题时降档"),
    "evaluation.self_share": _l("绩效自评覆盖比例"),
    "evaluation.department_share": _l("部门评价覆盖比例"),
    "evaluation.fiscal_share": _l("财政重点评价覆盖比例"),
    "evaluation.onsite_share": _l("现场评价覆盖比例"),
    "evaluation.spot_check_share": _l("抽查复核比例"),
    "evaluation.spot_check_tolerance": _l("抽查复核分差容差（分）"),
    "evaluation.min_output_outcome_share": _l("产出与效益指标最低权重"),
    "linkage.cut_rate_fair": _l("评价为“中”的预算压减比例"),
    "linkage.cut_rate_low": _l("评价为“低”的预算压减比例"),
    "linkage.rules": _l("评价等级与预算挂钩措施"),
    "linkage.unrectified_extra_cut": _l("整改未销号的追加压减比例"),
    "linkage.feedback_days": _l("评价结果反馈时限（天）"),
    "linkage.rectification_days": _l("问题整改期限（天）"),
    "security.password_max_age_days": _l("密码最长使用期限（天）"),
    "deadlines.project_declaration": _l("项目申报入库截止"),
    "deadlines.target_declaration": _l("绩效目标申报截止"),
    "deadlines.self_evaluation": _l("绩效自评截止"),
    "deadlines.department_evaluation": _l("部门评价截止"),
    "deadlines.fiscal_evaluation": _l("财政重点评价截止"),
}

#: Fields stored as a fraction (0.20) and shown as a percentage (20%).
PERCENT_FIELDS = frozenset(
    {
        "targets.unit_cost_tolerance",
        "targets.budget_match_tolerance",
        "targets.coverage_share",
        "monitoring.coverage_share",
        "evaluation.self_share",
        "evaluation.department_share",
        "evaluation.fiscal_share",
        "evaluation.onsite_share",
        "evaluation.spot_check_share",
        "evaluation.min_output_outcome_share",
        "linkage.cut_rate_fair",
        "linkage.cut_rate_low",
        "linkage.unrectified_extra_cut",
        "self_evaluation.explanation_below_rate",
        "self_evaluation.low_target_deduction",
    }
)

#: Method fields of the self-evaluation scheme and the labels of their codes.
CHOICE_FIELDS = {
    "self_evaluation.missing_satisfaction": MISSING_SATISFACTION_CHOICES,
    "self_evaluation.within_group": WITHIN_GROUP_CHOICES,
    "self_evaluation.execution_method": EXECUTION_METHOD_CHOICES,
    "self_evaluation.eq_partial": EQ_PARTIAL_CHOICES,
    "self_evaluation.rounding": ROUNDING_CHOICES,
    "self_evaluation.satisfaction_method": SATISFACTION_METHOD_CHOICES,
}


def _pct(value: Any) -> str:
    try:
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    except ArithmeticError:
        return str(value)


def label_of(key: str) -> str:
    """The Chinese label of a flattened key ("evaluation.department_share"); the key if unknown."""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    section = key.split(".", 1)[0]
    if key == section and section in SECTION_LABELS:
        return str(SECTION_LABELS[section])
    return key


def display_value(key: str, value: Any) -> str:
    """A stored value as a finance admin reads it: 0.20 → 20%, True → 是, bands → 优≥90、良≥80 …"""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if key in ("project_library.major_threshold", "project_library.joint_review_threshold"):
        amount = Decimal(str(value))
        return _("%(yuan)s 元（%(wan)s 万元）") % {
            "yuan": f"{amount:,.0f}",
            "wan": f"{(amount / 10000).normalize():,f}",
        }
    if key == "targets.framework":
        return {"2020": _("2020 版（产出/效益/满意度）"), "2021": _("2021 版（成本单列）")}.get(value, value)
    if key in (
        "project_library.natures_needing_assessment",
        "project_library.joint_review_natures",
    ) and isinstance(value, list):
        from budgets.models import Project

        labels = dict(Project.Nature.choices)
        return "、".join(str(labels.get(v, v)) for v in value)
    if key in PERCENT_FIELDS:
        return _pct(value)
    if key in ("self_evaluation.bands", "project_library.assessment_bands") and isinstance(value, list):
        return "、".join(f"{b.get('label')}≥{b.get('min_score')}" for b in value if isinstance(b, dict))
    if key in CHOICE_FIELDS:
        return str(CHOICE_FIELDS[key].get(value, value))
    if key == "self_evaluation.execution_bands" and isinstance(value, list):
        return "、".join(
            _("≥%(rate)s 得 %(share)s") % {"rate": _pct(b.get("min_rate")), "share": _pct(b.get("share"))}
            for b in value
            if isinstance(b, dict)
        )
    if key == "linkage.rules" and isinstance(value, list):
        actions = {"priority": _("优先保障"), "normal": _("正常安排"), "cut": _("压减"), "cancel": _("取消")}
        return "、".join(
            f"{r.get('grade_label')}→{actions.get(r.get('action'), r.get('action'))}"
            + (_pct(r.get("rate")) if r.get("action") == "cut" and Decimal(str(r.get("rate") or 0)) else "")
            for r in value
            if isinstance(r, dict)
        )
    if key == "self_evaluation.qualitative_bands" and isinstance(value, list):
        return "、".join(
            f"{b.get('label')} {_pct(b.get('upper'))}–{_pct(b.get('lower'))}"
            for b in value
            if isinstance(b, dict)
        )
    if key == "self_evaluation.low_target_ratio":
        try:
            off = Decimal(str(value)) == 0
        except ArithmeticError:
            return str(value)
        return _("不启用") if off else _("实际值达到目标值的 %(pct)s") % {"pct": _pct(value)}
    if key == "monitoring.rounds" and isinstance(value, list):
        return "；".join(
            _("%(name)s：数据截至 %(as_of)s，%(due)s 前报送")
            % {"name": r.get("name"), "as_of": r.get("data_as_of"), "due": r.get("due")}
            for r in value
            if isinstance(r, dict)
        )
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def describe(policy: PolicyData) -> list[dict]:
    """Every section with its labelled fields, in declaration order, for the year page."""
    data = policy.to_dict()
    sections = []
    for section, fields in data.items():
        rows = [
            {"key": f"{section}.{name}", "label": label_of(f"{section}.{name}"), "value": value}
            for name, value in fields.items()
        ]
        for row in rows:
            row["display"] = display_value(row["key"], row["value"])
        sections.append({"key": section, "label": label_of(section), "rows": rows})
    return sections


def labelled_diff(old: dict, new: dict) -> list[dict]:
    """diff() with Chinese labels and readable values: [{"label", "old", "new"}]."""
    return [
        {"key": key, "label": label_of(key), "old": display_value(key, a), "new": display_value(key, b)}
        for key, a, b in diff(old, new)
    ]


def can_edit_policy(user, fiscal_year) -> tuple[bool, str]:
    """Only a finance_admin of the year's own region changes its rules and deadlines [DESIGN §3]."""
    from accounts.models import Role, RoleAssignment

    if getattr(user, "is_authenticated", False) and (
        RoleAssignment.objects.filter(
            user_id=user.pk, role=Role.FINANCE_ADMIN, organization__region_id=fiscal_year.region_id
        ).exists()
    ):
        return True, ""
    return False, _("只有本地区财政绩效管理员可以修改年度政策参数和截止日期。")
