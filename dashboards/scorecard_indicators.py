"""Computed scorecard indicators: the registry of measures a finance admin can pick for an
indicator [000 #1 #2 利用财政业务系统数据、日常工作积累].

Each measure reads the system's own data for every subject of a scorecard at once — grouped by
department, or by region and folded up to the city or county it belongs to — so a scorecard costs
the same few queries however many subjects it has. A measure returns, per subject, a value (or
None when the subject has no data) and the numbers behind it, which the subject page shows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from budgets.indicators import ratio

#: A subject's key: (region id, department id or None).
Key = tuple[int, int | None]


@dataclass(frozen=True)
class Measurement:
    value: Decimal | None
    #: How the value was computed, e.g. "执行数 / 全年预算数 = 61.70%".
    how: str = ""
    numbers: dict = field(default_factory=dict)


@dataclass
class Context:
    """What every measure needs: the year, the dates, and how data rows map to subjects."""

    year: int
    #: 执行 figures are read up to this date (the year end, or today while the year runs).
    as_of: datetime.date
    today: datetime.date
    #: department subjects: department id → key
    departments: dict[int, Key] = field(default_factory=dict)
    #: region subjects: every region id in a subject's subtree → the subject's key
    regions: dict[int, Key] = field(default_factory=dict)

    @property
    def by_department(self) -> bool:
        return bool(self.departments)

    def aggregate(self, qs, **aggregates) -> dict[Key, dict]:
        """One grouped query: `aggregates` summed per subject (use Sum and Count, which fold)."""
        totals: dict[Key, dict] = defaultdict(lambda: dict.fromkeys(aggregates, 0))
        if self.by_department:
            field_name, mapping = "department_id", self.departments
        else:
            field_name, mapping = "region_id", self.regions
        if not mapping:
            return {}
        rows = (
            qs.filter(**{f"{field_name}__in": list(mapping)})
            .order_by()
            .values(field_name)
            .annotate(**aggregates)
        )
        for row in rows:
            bucket = totals[mapping[row[field_name]]]
            for name in aggregates:
                bucket[name] += row[name] or 0
        return totals


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    compute: Callable[[Context], dict[Key, Measurement]]
    help: str = ""
    #: A count: a subject without rows has the value 0 (not "no data").
    empty_is_zero: bool = False

    def missing(self) -> Measurement | None:
        return Measurement(Decimal("0"), f"{self.label} 0 {self.unit}") if self.empty_is_zero else None


REGISTRY: dict[str, Measure] = {}


def measure(key: str, label, unit: str, help="", *, empty_is_zero: bool = False):
    def register(fn):
        REGISTRY[key] = Measure(key, label, unit, fn, help, empty_is_zero)
        return fn

    return register


def choices() -> list[tuple[str, str]]:
    return [(m.key, f"{m.label}（{m.unit}）") for m in REGISTRY.values()]


def _share(ctx, qs, part: Q, what: str, of: str) -> dict[Key, Measurement]:
    """A percentage of rows matching `part` among `qs`, per subject."""
    out = {}
    for key, n in ctx.aggregate(qs, whole=Count("pk"), part=Count("pk", filter=part)).items():
        value = ratio(Decimal(n["part"]), Decimal(n["whole"]))
        how = f"{what} {n['part']} / {of} {n['whole']}" + (f" = {value}%" if value is not None else "")
        out[key] = Measurement(value, how, {"part": n["part"], "whole": n["whole"]})
    return out


@measure("execution_rate", _("预算执行率"), "%", _("执行数 / 全年预算数 [002 三(二)]"))
def execution_rate(ctx: Context) -> dict[Key, Measurement]:
    from budgets.models import Allocation, Expenditure

    budgets = ctx.aggregate(Allocation.objects.filter(year=ctx.year), budget=Sum("total_amount"))
    spent = ctx.aggregate(Expenditure.objects.filter(year=ctx.year, date__lte=ctx.as_of), spent=Sum("amount"))
    out = {}
    for key, b in budgets.items():
        s = spent.get(key, {}).get("spent") or Decimal("0")
        value = ratio(s, b["budget"])
        how = f"执行数 {s:,.2f} 元 / 全年预算数 {b['budget']:,.2f} 元"
        if value is not None:
            how += f" = {value}%"
        out[key] = Measurement(value, how, {"spent": str(s), "budget": str(b["budget"])})
    return out


def _current_targets(ctx):
    from targets.models import Target

    return Target.objects.current().filter(year=ctx.year)


@measure("target_approval", _("绩效目标批复率"), "%", _("已批复的绩效目标 / 全部绩效目标 [004 第二十二条]"))
def target_approval(ctx: Context) -> dict[Key, Measurement]:
    from targets.models import Target

    approved = Q(status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED])
    return _share(ctx, _current_targets(ctx), approved, "已批复", "全部目标")


@measure(
    "target_quality",
    _("绩效目标质量（优良率）"),
    "%",
    _("财政审核等级为优、良的目标 / 已评级目标 [004 第二十条]"),
)
def target_quality(ctx: Context) -> dict[Key, Measurement]:
    graded = _current_targets(ctx).exclude(grade="")
    return _share(ctx, graded, Q(grade__in=["优", "良"]), "优良", "已评级目标")


def _self_evaluations(ctx):
    from evaluation.models import Evaluation

    return Evaluation.objects.filter(kind=Evaluation.Kind.SELF, year=ctx.year, is_department_overall=False)


@measure(
    "self_evaluation_coverage",
    _("绩效自评覆盖率"),
    "%",
    _("已报送自评的项目 / 已批复的项目绩效目标 [003 三(一)]"),
)
def self_evaluation_coverage(ctx: Context) -> dict[Key, Measurement]:
    from evaluation.models import Evaluation
    from targets.models import Target

    approved = (
        _current_targets(ctx).approved().filter(kind=Target.Kind.PROJECT).values_list("project_id", flat=True)
    )
    whole = ctx.aggregate(
        _current_targets(ctx).approved().filter(kind=Target.Kind.PROJECT),
        n=Count("project_id", distinct=True),
    )
    done = ctx.aggregate(
        _self_evaluations(ctx)
        .exclude(status__in=[Evaluation.Status.DRAFT, Evaluation.Status.RETURNED])
        .filter(project_id__in=approved),
        n=Count("project_id", distinct=True),
    )
    out = {}
    for key, w in whole.items():
        part = done.get(key, {}).get("n", 0)
        value = ratio(Decimal(part), Decimal(w["n"]))
        how = f"已报送自评 {part} / 应自评项目 {w['n']}" + (f" = {value}%" if value is not None else "")
        out[key] = Measurement(value, how, {"part": part, "whole": w["n"]})
    return out


@measure("self_evaluation_score", _("绩效自评平均分"), "分", _("已审核自评的平均得分 [004 第三十七条]"))
def self_evaluation_score(ctx: Context) -> dict[Key, Measurement]:
    from evaluation.models import Evaluation

    rows = ctx.aggregate(
        _self_evaluations(ctx).filter(status=Evaluation.Status.ACCEPTED, total_score__isnull=False),
        n=Count("pk"),
        s=Sum("total_score"),
    )
    out = {}
    for key, r in rows.items():
        if not r["n"]:
            continue
        value = (Decimal(r["s"]) / r["n"]).quantize(Decimal("0.01"))
        out[key] = Measurement(value, f"{r['n']} 份已审核自评的平均分 = {value}", {"n": r["n"]})
    return out


@measure(
    "spot_check_flagged", _("抽查复核差异率"), "%", _("复核分差超出容差的 / 已复核 [002 三(四)][003 三(五)]")
)
def spot_check_flagged(ctx: Context) -> dict[Key, Measurement]:
    from evaluation.models import SpotCheckItem

    checked = SpotCheckItem.objects.filter(year=ctx.year, recheck_score__isnull=False)
    return _share(ctx, checked, Q(flagged=True), "差异较大", "已复核")


@measure(
    "rectification_on_time", _("整改按期完成率"), "%", _("按期销号的整改事项 / 已到期的整改事项 [000 #17]")
)
def rectification_on_time(ctx: Context) -> dict[Key, Measurement]:
    from results.models import Rectification

    due = Rectification.objects.filter(year=ctx.year, deadline__lte=ctx.today)
    on_time = Q(status=Rectification.Status.CLOSED, closed_at__date__lte=F("deadline"))
    return _share(ctx, due, on_time, "按期销号", "已到期")


@measure("warnings_resolved", _("预警处置率"), "%", _("已处置或已关闭的预警 / 全部预警 [002 三(三)]"))
def warnings_resolved(ctx: Context) -> dict[Key, Measurement]:
    from monitoring.models import Warning

    done = Q(status__in=[Warning.Status.RESOLVED, Warning.Status.CLOSED])
    return _share(ctx, Warning.objects.filter(year=ctx.year), done, "已处置", "全部预警")


@measure(
    "accountability_cases",
    _("问责事项"),
    "件",
    _("本年度登记的问责事项 [004 第四十四—四十六条]"),
    empty_is_zero=True,
)
def accountability_cases(ctx: Context) -> dict[Key, Measurement]:
    from results.models import AccountabilityCase

    rows = ctx.aggregate(AccountabilityCase.objects.filter(year=ctx.year), n=Count("pk"))
    return {
        key: Measurement(Decimal(r["n"]), f"问责事项 {r['n']} 件", {"n": r["n"]}) for key, r in rows.items()
    }
