"""The leader dashboard's figures (驾驶舱) for a year, a user's scope and filters [DESIGN §3.6].

Every figure is an aggregate over `summary_rows(user, year, filters)` — the visible_to-scoped
ProjectYearSummary rows — in a fixed number of queries whatever the data size, and the drill-down
list behind a figure is the same rows narrowed by `figure_q(figure, value)`, so its count is the
figure. `dashboard()` caches the result in the "dashboards" cache (Redis) under a key made of the
user's scope, the year, the filters, the date and the data versions of the scope's regions: a
figure is never served to another scope, and any change to the summary makes the old key
unreachable.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.cache import caches
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, Region
from accounts.scoping import scope_of
from budgets.indicators import ratio, time_progress
from budgets.models import BudgetType, Category, FiscalYear
from budgets.policy import PolicyData, month_day
from dashboards.models import DataVersion, ProjectMonthSpending, ProjectYearSummary
from monitoring.models import Warning

logger = logging.getLogger(__name__)
ZERO = Decimal("0")
CENT = Decimal("0.01")
CACHE_VERSION = "1"

#: The stages whose coverage the dashboard shows, in lifecycle order.
STAGES = ("target_approved", "monitored", "self_evaluated", "dept_evaluated", "fiscal_evaluated")
LEVELS = (Warning.Level.RED.value, Warning.Level.ORANGE.value, Warning.Level.YELLOW.value)
#: Age of a project's oldest open warning: (key, lower days, upper days or None).
AGE_BANDS = (("d30", 0, 30), ("d90", 31, 90), ("older", 91, None))
MOVED = ("cut", "cancel", "recall", "suspend")
DIMENSIONS = ("department", "category", "budget_type", "region_level")


def stage_labels() -> dict[str, str]:
    return {
        "target_approved": _("绩效目标批复"),
        "monitored": _("绩效运行监控"),
        "self_evaluated": _("绩效自评"),
        "dept_evaluated": _("部门评价"),
        "fiscal_evaluated": _("财政重点评价"),
    }


def age_labels() -> dict[str, str]:
    return {"d30": _("30 天以内"), "d90": _("31—90 天"), "older": _("90 天以上")}


def moved_labels() -> dict[str, str]:
    return {
        "cut": _("压减预算"),
        "cancel": _("取消预算"),
        "recall": _("收回资金"),
        "suspend": _("暂缓拨款"),
    }


def dimension_labels() -> dict[str, str]:
    return {
        "department": _("主管部门"),
        "category": _("资金类别"),
        "budget_type": _("预算类型"),
        "region_level": _("区划级次"),
    }


@dataclass(frozen=True)
class Filters:
    """The page's filters (kept in the URL): a department, a fund category, a budget type, a level."""

    department: int | None = None
    category: str = ""
    budget_type: str = ""
    region_level: str = ""

    @classmethod
    def from_query(cls, data) -> Filters:
        """Filters from GET parameters; unknown values are ignored rather than refused."""
        department = str(data.get("department") or "")
        category = data.get("category") or ""
        budget_type = data.get("budget_type") or ""
        region_level = data.get("region_level") or ""
        return cls(
            department=int(department) if department.isdigit() else None,
            category=category if category in Category.values else "",
            budget_type=budget_type if budget_type in BudgetType.values else "",
            region_level=region_level if region_level in Region.Level.values else "",
        )

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}

    def q(self) -> Q:
        q = Q()
        if self.department:
            q &= Q(department_id=self.department)
        for name in ("category", "budget_type", "region_level"):
            if getattr(self, name):
                q &= Q(**{name: getattr(self, name)})
        return q


def summary_rows(user, year: int, filters: Filters = Filters()):
    """The summary rows `user` may see for `year`, narrowed by the filters."""
    return ProjectYearSummary.objects.visible_to(user).filter(filters.q(), year=year)


def as_of_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """The date the figures stand at: today within the year, else the year's last day."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def lag_q(year: int, today: datetime.date, tolerance: Decimal) -> Q:
    """Projects whose execution rate lags the time progress by more than `tolerance` points
    [002 三(三)]: executed < budget × (time progress − tolerance) / 100."""
    line = (time_progress(year, as_of_date(year, today)) - tolerance) / 100
    if line <= 0:
        return Q(pk__in=[])
    threshold = ExpressionWrapper(F("budget") * Value(line), output_field=DecimalField())
    return Q(budget__gt=0, executed__lt=threshold)


def _age_q(band: str, today: datetime.date) -> Q:
    _key, low, high = next(b for b in AGE_BANDS if b[0] == band)
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time.max))
    q = Q(warn_oldest_at__isnull=False, warn_oldest_at__lte=now - datetime.timedelta(days=low))
    if high is not None:
        q &= Q(warn_oldest_at__gt=now - datetime.timedelta(days=high + 1))
    return q


def figure_q(figure: str, value: str, *, year: int, today: datetime.date, policy: PolicyData) -> Q | None:
    """The rows behind one figure (the drill-down), or None for an unknown figure."""
    if figure == "all":
        return Q()
    if figure == "stage" and value in STAGES:
        return Q(**{value: True})
    if figure == "stage_missing" and value in STAGES:
        return Q(**{value: False})
    if figure == "grade":
        return Q(grade=value)
    if figure == "warning" and value in LEVELS:
        return Q(**{f"warn_{value}__gt": 0})
    if figure == "warning" and value == "any":
        return Q(warn_oldest_at__isnull=False)
    if figure == "warning_age" and value in dict((b[0], b) for b in AGE_BANDS):
        return _age_q(value, today)
    if figure == "rect" and value in ("open", "overdue", "closed"):
        return Q(**{f"rect_{value}__gt": 0})
    if figure == "moved" and value in MOVED:
        return Q(suspended=True) if value == "suspend" else Q(**{f"moved_{value}__gt": 0})
    if figure == "lagging":
        return lag_q(year, today, policy.monitoring.execution_lag_tolerance)
    return None


def policy_for(user, year: int) -> PolicyData:
    """The year's Policy of the user's own region (defaults when the year is not configured)."""
    org = getattr(user, "organization", None)
    fy = FiscalYear.objects.filter(region_id=org.region_id, year=year).first() if org is not None else None
    return fy.policy if fy else PolicyData()


def _aggregates(year: int, today: datetime.date, policy: PolicyData) -> dict:
    """Sums and counts for one queryset: the totals row and each breakdown row alike."""
    out = {
        "projects": Count("pk"),
        "budget": Sum("budget", default=ZERO),
        "executed": Sum("executed", default=ZERO),
        "lagging": Count("pk", filter=lag_q(year, today, policy.monitoring.execution_lag_tolerance)),
        "warned": Count("pk", filter=Q(warn_oldest_at__isnull=False)),
        "rect_open": Sum("rect_open", default=0),
        "rect_overdue": Sum("rect_overdue", default=0),
        "rect_closed": Sum("rect_closed", default=0),
    }
    for stage in STAGES:
        out[f"{stage}_n"] = Count("pk", filter=Q(**{stage: True}))
        out[f"{stage}_money"] = Sum("budget", filter=Q(**{stage: True}), default=ZERO)
    for level in LEVELS:
        out[f"warn_{level}"] = Sum(f"warn_{level}", default=0)
        out[f"warn_{level}_projects"] = Count("pk", filter=Q(**{f"warn_{level}__gt": 0}))
    for band, _low, _high in AGE_BANDS:
        out[f"age_{band}"] = Count("pk", filter=_age_q(band, today))
    for kind in ("rect_open", "rect_overdue", "rect_closed"):
        out[f"{kind}_projects"] = Count("pk", filter=Q(**{f"{kind}__gt": 0}))
    for kind in MOVED:
        out[f"moved_{kind}"] = Sum(f"moved_{kind}", default=ZERO)
        q = Q(suspended=True) if kind == "suspend" else Q(**{f"moved_{kind}__gt": 0})
        out[f"moved_{kind}_projects"] = Count("pk", filter=q)
    # Prefixed: an aggregate may not share a name with a column other aggregates read.
    return {f"a_{k}": v for k, v in out.items()}


def _money(value) -> Decimal:
    """Sums to the cent (SQLite returns Decimal('3500000') where PostgreSQL says 3500000.00)."""
    return (value or ZERO).quantize(CENT)


def _unprefix(row: dict) -> dict:
    return {
        (k[2:] if k.startswith("a_") else k): _money(v) if isinstance(v, Decimal) else v
        for k, v in row.items()
    }


def _grade_order(policy: PolicyData, seen) -> list[str]:
    bands = [b.label for b in policy.self_evaluation.bands]
    extra = sorted(g for g in seen if g and g not in bands)
    return [*bands, *extra, ""]


def compute(user, year: int, filters: Filters = Filters(), today: datetime.date | None = None) -> dict:
    """Every figure of the dashboard, uncached (a constant number of queries)."""
    today = today or timezone.localdate()
    as_of = as_of_date(year, today)
    policy = policy_for(user, year)
    rows = summary_rows(user, year, filters)
    aggregates = _aggregates(year, today, policy)
    totals = _unprefix(rows.aggregate(**aggregates))
    grade_rows = {r["grade"]: r for r in rows.values("grade").annotate(n=Count("pk"), money=Sum("budget"))}
    grade_names = _grade_order(policy, grade_rows)
    grade_aggs = {f"a_grade_{i}": Count("pk", filter=Q(grade=g)) for i, g in enumerate(grade_names)}
    months = dict(
        ProjectMonthSpending.objects.visible_to(user)
        .filter(filters.q(), year=year)
        .values_list("month")
        .annotate(s=Sum("amount"))
        .values_list("month", "s")
    )
    breakdowns = {}
    for dim in DIMENSIONS:
        keys = ["department_id", "department__name"] if dim == "department" else [dim]
        breakdowns[dim] = [
            _row(_unprefix(r), dim, grade_names)
            for r in rows.values(*keys).annotate(**aggregates, **grade_aggs).order_by(*keys)
        ]
    budget, executed = totals["budget"], totals["executed"]
    tp = time_progress(year, as_of)
    labels = stage_labels()
    required = {
        "target_approved": (policy.targets.coverage_share, "count", None),
        "monitored": (policy.monitoring.coverage_share, "count", None),
        "self_evaluated": (policy.evaluation.self_share, "count", policy.deadlines.self_evaluation),
        "dept_evaluated": (
            policy.evaluation.department_share,
            "count_or_money",
            policy.deadlines.department_evaluation,
        ),
        "fiscal_evaluated": (policy.evaluation.fiscal_share, "money", policy.deadlines.fiscal_evaluation),
    }
    coverage = []
    for stage in STAGES:
        share, basis, deadline = required[stage]
        count_share = ratio(totals[f"{stage}_n"], totals["projects"])
        money_share = ratio(totals[f"{stage}_money"], budget)
        need = (share * 100).quantize(Decimal("0.01"))
        checks = {
            "count": [count_share],
            "money": [money_share],
            "count_or_money": [count_share, money_share],
        }
        coverage.append(
            {
                "stage": stage,
                "label": labels[stage],
                "count": totals[f"{stage}_n"],
                "money": totals[f"{stage}_money"],
                "count_share": count_share,
                "money_share": money_share,
                "required": need,
                "basis": basis,
                "meets": any(v is not None and v >= need for v in checks[basis]),
                "due": month_day(year + 1, deadline) if deadline else None,
            }
        )
        # A stage whose deadline has not come yet is not "missed" (self-evaluation of this year
        # is due next May [003 三(一)]).
        coverage[-1]["pending"] = bool(
            not coverage[-1]["meets"] and coverage[-1]["due"] and today <= coverage[-1]["due"]
        )
    cumulative = ZERO
    by_month = []
    for month in range(1, 13):
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        cumulative += _money(months.get(month))
        started = datetime.date(year, month, 1) <= as_of
        by_month.append(
            {
                "month": month,
                "executed": cumulative if started else None,
                "rate": ratio(cumulative, budget) if started else None,
                "time_progress": time_progress(year, end),
            }
        )
    grades = [
        {
            "grade": g,
            "label": g or _("未评价"),
            "count": grade_rows.get(g, {}).get("n", 0),
            "money": _money(grade_rows.get(g, {}).get("money")),
        }
        for g in grade_names
    ]
    moved = [
        {
            "kind": kind,
            "label": label,
            "amount": totals[f"moved_{kind}"],
            "projects": totals[f"moved_{kind}_projects"],
        }
        for kind, label in moved_labels().items()
    ]
    rect_total = totals["rect_open"] + totals["rect_closed"]
    return {
        "year": year,
        "as_of": as_of,
        "filters": filters.as_query(),
        "time_progress": tp,
        "lag_tolerance": policy.monitoring.execution_lag_tolerance,
        "totals": {
            "projects": totals["projects"],
            "budget": budget,
            "executed": executed,
            "execution_rate": ratio(executed, budget),
            "gap": None if ratio(executed, budget) is None else ratio(executed, budget) - tp,
            "lagging": totals["lagging"],
        },
        "coverage": coverage,
        "execution_by_month": by_month,
        "grades": grades,
        "warnings": {
            "levels": [
                {
                    "level": level,
                    "label": Warning.Level(level).label,
                    "warnings": totals[f"warn_{level}"],
                    "projects": totals[f"warn_{level}_projects"],
                }
                for level in LEVELS
            ],
            "ages": [
                {"band": b, "label": label, "projects": totals[f"age_{b}"]}
                for b, label in age_labels().items()
            ],
            "warnings_total": sum(totals[f"warn_{level}"] for level in LEVELS),
            "projects": totals["warned"],
        },
        "rectification": {
            "open": totals["rect_open"],
            "overdue": totals["rect_overdue"],
            "closed": totals["rect_closed"],
            "total": rect_total,
            "closed_rate": ratio(totals["rect_closed"], rect_total),
            "projects_open": totals["rect_open_projects"],
            "projects_overdue": totals["rect_overdue_projects"],
            "projects_closed": totals["rect_closed_projects"],
        },
        "moved": moved,
        "moved_total": sum((m["amount"] for m in moved), ZERO),
        "breakdowns": breakdowns,
    }


def _row(r: dict, dim: str, grade_names: list[str]) -> dict:
    if dim == "department":
        key, label = r["department_id"], r["department__name"] or "—"
    else:
        key = r[dim]
        choices = {"category": Category, "budget_type": BudgetType, "region_level": Region.Level}[dim]
        label = str(dict(choices.choices).get(key, key))
    out = {
        "key": key,
        "label": label,
        "projects": r["projects"],
        "budget": r["budget"],
        "executed": r["executed"],
        "execution_rate": ratio(r["executed"], r["budget"]),
        "lagging": r["lagging"],
        "warned": r["warned"],
        "rect_open": r["rect_open"],
        "rect_overdue": r["rect_overdue"],
        "moved": sum((r[f"moved_{k}"] for k in MOVED), ZERO),
        "stages": {s: {"count": r[f"{s}_n"], "share": ratio(r[f"{s}_n"], r["projects"])} for s in STAGES},
        "grades": {g: r[f"grade_{i}"] for i, g in enumerate(grade_names)},
    }
    return out


# --- caching ----------------------------------------------------------------------------------


def scope_regions(user) -> list[int]:
    """The regions whose data versions a user's figures depend on."""
    scope = scope_of(user)
    if scope.region_ids is not None:
        return sorted(scope.region_ids)
    orgs = Q(pk__in=scope.department_ids) | Q(parent_id__in=scope.department_ids) | Q(pk__in=scope.unit_ids)
    return sorted(set(Organization.objects.filter(orgs).values_list("region_id", flat=True)))


def cache_key(user, year: int, filters: Filters, today: datetime.date) -> str:
    """Scope + year + filters + date + the data versions (random stamps) of the scope's regions."""
    scope = scope_of(user)
    stamps = list(
        DataVersion.objects.filter(year=year, region_id__in=scope_regions(user))
        .order_by("region_id")
        .values_list("region_id", "stamp")
    )
    material = {
        "scope": [
            None if scope.region_ids is None else sorted(scope.region_ids),
            sorted(scope.department_ids),
            sorted(scope.unit_ids),
        ],
        "year": year,
        "filters": filters.as_query(),
        "today": today.isoformat(),
        "stamps": stamps,
        "language": _("领导驾驶舱"),
    }
    digest = hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()
    return f"dashboards:figures:{CACHE_VERSION}:{digest}"


def dashboard(user, year: int, filters: Filters = Filters(), today: datetime.date | None = None) -> dict:
    """The figures, from the cache when this scope's data has not changed since they were computed.
    The site keeps serving (uncached) when the cache is down [DESIGN §7 Reliability]."""
    today = today or timezone.localdate()
    key = cache_key(user, year, filters, today)
    cache = caches["dashboards"]
    try:
        hit = cache.get(key)
    except Exception:
        logger.warning("dashboard cache unavailable", exc_info=True)
        hit = None
    if hit is not None:
        return hit
    figures = compute(user, year, filters, today)
    try:
        cache.set(key, figures)
    except Exception:
        logger.warning("dashboard cache unavailable", exc_info=True)
    return figures
