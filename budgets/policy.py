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


class PolicyError(ValueError):
    """A policy value that cannot be used; the message is in Chinese for the finance admin."""


@dataclass(frozen=True)
class Band:
    grade: str
    label: str
    min_score: Decimal


@dataclass(frozen=True)
class ProjectLibrary:
    """[000 #16 #20][002 三(一)][004 第十五条] major projects and prior assessment."""

    #: A project at or above this amount (yuan) is major and needs a prior assessment.
    major_threshold: Decimal = Decimal("30000000")
    #: Bond-funded projects need a prior assessment whatever their amount.
    bond_funded_needs_assessment: bool = True
    #: Categories of change that need one: new, adjusted (large change), continuing past expiry.
    natures_needing_assessment: tuple[str, ...] = ("new", "adjusted")


@dataclass(frozen=True)
class Targets:
    """[004 第十九—二十四条] target framework and review."""

    #: "2020" (产出/效益/满意度) or "2021" (成本 as its own level 1, 财预〔2021〕101号).
    framework: str = "2020"
    review_grades: tuple[str, ...] = ("优", "良", "中", "差")
    #: Special funds go through "两上两下" [000 #14].
    special_fund_rounds: int = 2


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


@dataclass(frozen=True)
class SelfEvaluation:
    """[003 三(一)] due end of May; 财预〔2020〕10号 weights; [004 第三十七条] bands."""

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


@dataclass(frozen=True)
class Evaluation:
    """[003 三(二)—(五)][002 三(四)]."""

    department_share: Decimal = Decimal("0.20")
    fiscal_share: Decimal = Decimal("0.10")
    onsite_share: Decimal = Decimal("0.20")
    spot_check_share: Decimal = Decimal("0.10")
    spot_check_tolerance: Decimal = Decimal("10")
    #: Points: 产出 + 效益 must weigh at least this share of a scheme.
    min_output_outcome_share: Decimal = Decimal("0.60")


@dataclass(frozen=True)
class Linkage:
    """[000 #21][002 三(五)][004 第四十条] result application."""

    cut_rate_fair: Decimal = Decimal("0.10")
    cut_rate_low: Decimal = Decimal("0.20")
    feedback_days: int = 30


@dataclass(frozen=True)
class Security:
    password_max_age_days: int = 90


@dataclass(frozen=True)
class Deadlines:
    """Default deadlines (month-day) that create the year's Deadline rows."""

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
        se = self.self_evaluation
        total = se.execution_weight + se.output_weight + se.outcome_weight + se.satisfaction_weight
        if total != Decimal("100"):
            raise PolicyError(_("自评分值合计须为 100 分，当前为 %(total)s 分。") % {"total": total})
        mins = [b.min_score for b in se.bands]
        if mins != sorted(mins, reverse=True) or not mins or mins[-1] != 0:
            raise PolicyError(_("评价等级分数线须从高到低排列，且最低一档从 0 分起。"))
        for share_name in ("department_share", "fiscal_share", "onsite_share", "spot_check_share"):
            value = getattr(self.evaluation, share_name)
            if not Decimal("0") <= value <= Decimal("1"):
                raise PolicyError(_("比例须在 0 到 1 之间：%(name)s") % {"name": share_name})
        if self.targets.framework not in ("2020", "2021"):
            raise PolicyError(_("指标框架只能是 2020 或 2021。"))
        for md in dataclasses.astuple(self.deadlines):
            _parse_month_day(md)
        for r in self.monitoring.rounds:
            _parse_month_day(r.data_as_of)
            _parse_month_day(r.due)
        if self.project_library.major_threshold < 0:
            raise PolicyError(_("重大项目金额标准不能为负数。"))


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
