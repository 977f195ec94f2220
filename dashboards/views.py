"""The leader dashboard page (驾驶舱), its drill-down list, Excel export and PDF briefing.

One page for leaders, finance and departments: what each sees is its visible_to scope. Filters
travel in the URL (GET) so a view can be bookmarked and sent on.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Organization, Region, Role
from accounts.scoping import scope_of
from budgets.models import BudgetType, Category, FiscalYear
from dashboards import documents
from dashboards.figures import (
    AGE_BANDS,
    STAGES,
    Filters,
    age_labels,
    dashboard,
    dimension_labels,
    figure_q,
    moved_labels,
    policy_for,
    stage_labels,
    summary_rows,
)
from perfapp import audit
from perfapp.documents import XLSX_CONTENT_TYPE
from perfapp.jobs import start_job
from perfapp.models import EventKind

#: Who opens the dashboard: leaders, finance, departments (each within its scope), auditors.
DASHBOARD_ROLES = frozenset(
    {Role.LEADER, Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER, Role.DEPT_OFFICER, Role.AUDITOR}
)
PAGE_SIZE = 50


def can_view_dashboard(user) -> bool:
    return bool(scope_of(user).roles & DASHBOARD_ROLES)


def _require_role(request) -> None:
    if not can_view_dashboard(request.user):
        audit.record(
            EventKind.ACCESS_DENIED,
            request.user,
            summary=_("无权查看驾驶舱"),
            data={"path": request.path, "method": request.method},
            request=request,
        )
        raise PermissionDenied(_("您的角色无权查看驾驶舱。"))


def default_year(user) -> int:
    """The current fiscal year of the user's region, else this calendar year."""
    org = user.organization
    if org is not None:
        year = (
            FiscalYear.objects.filter(region_id=org.region_id, is_current=True)
            .values_list("year", flat=True)
            .first()
        )
        if year:
            return year
    return timezone.localdate().year


def _year(request) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default_year(request.user)


def _departments(user):
    return Organization.objects.visible_to(user).filter(kind=Organization.Kind.DEPARTMENT).order_by("code")


def _query(year: int, filters: Filters, **extra) -> str:
    return urlencode(
        {"year": year, **filters.as_query(), **{k: v for k, v in extra.items() if v is not None}}
    )


def _links(year: int, filters: Filters, figures: dict) -> dict:
    """Drill-down URLs of every figure, so the template and the charts link the same way."""
    base = reverse("dashboards:drill")

    def url(figure, value="", **extra):
        return f"{base}?{_query(year, filters, figure=figure, value=value, **extra)}"

    return {
        "all": url("all"),
        "lagging": url("lagging"),
        "stage": {s: url("stage", s) for s in STAGES},
        "stage_missing": {s: url("stage_missing", s) for s in STAGES},
        "warning": {lv: url("warning", lv) for lv in ("red", "orange", "yellow", "any")},
        "warning_age": {b[0]: url("warning_age", b[0]) for b in AGE_BANDS},
        "rect": {k: url("rect", k) for k in ("open", "overdue", "closed")},
        "moved": {k: url("moved", k) for k in moved_labels()},
        "grade": {g["grade"]: url("grade", g["grade"]) for g in figures["grades"]},
    }


def _dimension_url(year: int, filters: Filters, dim: str, key) -> str:
    """The same dashboard narrowed to one department / category / budget type / level."""
    narrowed = Filters(**{**filters.__dict__, dim: key})
    return f"{reverse('dashboards:dashboard')}?{_query(year, narrowed)}"


@login_required
@require_GET
def dashboard_view(request):
    _require_role(request)
    year = _year(request)
    filters = Filters.from_query(request.GET)
    figures = dashboard(request.user, year, filters)
    links = _links(year, filters, figures)
    for dim, rows in figures["breakdowns"].items():
        for row in rows:
            row["url"] = _dimension_url(year, filters, dim, row["key"])
            row["drill"] = f"{reverse('dashboards:drill')}?" + _query(
                year, Filters(**{**filters.__dict__, dim: row["key"]}), figure="all"
            )
    years = sorted(
        set(FiscalYear.objects.visible_to(request.user).values_list("year", flat=True)) | {year},
        reverse=True,
    )
    scope = scope_of(request.user)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "figures": figures,
            "year": year,
            "years": years,
            "filters": filters,
            "links": links,
            "departments": _departments(request.user),
            "categories": Category.choices,
            "budget_types": BudgetType.choices,
            "region_levels": Region.Level.choices,
            "dimension_labels": dimension_labels(),
            "stage_labels": stage_labels(),
            "query": _query(year, filters),
            "scope_is_region": scope.region_ids is not None,
            "chart_data": _chart_data(figures, links),
        },
    )


def _chart_data(figures: dict, links: dict) -> dict:
    """What the ECharts on the page draw (numbers as floats, each point with its drill-down URL)."""

    def f(value):
        return None if value is None else float(value)

    dept = figures["breakdowns"]["department"]
    return {
        "labels": {
            "share": _("按项目数覆盖比例（%）"),
            "money_share": _("按金额覆盖比例（%）"),
            "required": _("规定比例（%）"),
            "rate": _("预算执行率（%）"),
            "time_progress": _("序时进度（%）"),
            "months": [_("%(n)s月") % {"n": n} for n in range(1, 13)],
            "projects": _("项目数"),
            "wan": _("万元"),
            "coverage": _("覆盖比例（%）"),
        },
        "coverage": [
            {
                "label": c["label"],
                "share": f(c["count_share"]),
                "money_share": f(c["money_share"]),
                "required": f(c["required"]),
                "url": links["stage"][c["stage"]],
            }
            for c in figures["coverage"]
        ],
        "months": [
            {"month": m["month"], "rate": f(m["rate"]), "time_progress": f(m["time_progress"])}
            for m in figures["execution_by_month"]
        ],
        "grades": [
            {
                "label": g["label"],
                "count": g["count"],
                "url": links["grade"][g["grade"]],
            }
            for g in figures["grades"]
        ],
        "departments": [
            {
                "label": d["label"],
                "rate": f(d["execution_rate"]),
                "budget": f(d["budget"] / 10000),
                "url": d["drill"],
            }
            for d in dept
        ],
        "time_progress": f(figures["time_progress"]),
        "radar": [{"label": c["label"], "share": f(c["count_share"]) or 0} for c in figures["coverage"]],
        "warnings": [
            {
                "label": lv["label"],
                "level": lv["level"],
                "projects": lv["projects"],
                "url": links["warning"][lv["level"]],
            }
            for lv in figures["warnings"]["levels"]
        ],
        "moved": [
            {"label": m["label"], "amount": f(m["amount"] / 10000), "url": links["moved"][m["kind"]]}
            for m in figures["moved"]
        ],
    }


def _drill_title(figure: str, value: str) -> str:
    stages = stage_labels()
    if figure == "stage":
        return _("已开展%(stage)s的项目") % {"stage": stages.get(value, value)}
    if figure == "stage_missing":
        return _("尚未开展%(stage)s的项目") % {"stage": stages.get(value, value)}
    if figure == "grade":
        return _("评价等级为“%(grade)s”的项目") % {"grade": value} if value else _("尚无评价等级的项目")
    if figure == "warning":
        labels = {"red": _("红色"), "orange": _("橙色"), "yellow": _("黄色"), "any": _("未处置")}
        return _("有%(level)s预警的项目") % {"level": labels.get(value, value)}
    if figure == "warning_age":
        return _("最早未处置预警已%(band)s的项目") % {"band": age_labels().get(value, value)}
    if figure == "rect":
        labels = {"open": _("未销号"), "overdue": _("逾期"), "closed": _("已销号")}
        return _("有%(kind)s整改事项的项目") % {"kind": labels.get(value, value)}
    if figure == "moved":
        return _("%(kind)s的项目") % {"kind": moved_labels().get(value, value)}
    if figure == "lagging":
        return _("执行进度滞后的项目")
    return _("全部项目")


def drill_rows(
    user, year: int, filters: Filters, figure: str, value: str, today: datetime.date | None = None
):
    """The rows behind a figure; None for an unknown figure (the view answers 404)."""
    today = today or timezone.localdate()
    q = figure_q(figure, value, year=year, today=today, policy=policy_for(user, year))
    if q is None:
        return None
    return summary_rows(user, year, filters).filter(q)


@login_required
@require_GET
def drill_view(request):
    """The filtered project list behind a figure: its count is the figure (same rows, same scope)."""
    _require_role(request)
    year = _year(request)
    filters = Filters.from_query(request.GET)
    figure, value = request.GET.get("figure", "all"), request.GET.get("value", "")
    rows = drill_rows(request.user, year, filters, figure, value)
    if rows is None:
        raise Http404
    totals = rows.aggregate(
        n=Count("pk"),
        budget=Sum("budget"),
        executed=Sum("executed"),
        warnings=Sum("warn_red") + Sum("warn_orange") + Sum("warn_yellow"),
        rect_open=Sum("rect_open"),
        moved=Sum("moved_cut") + Sum("moved_cancel") + Sum("moved_recall"),
    )
    paginator = Paginator(
        rows.select_related("project", "department", "unit").order_by("department_id", "project_id"),
        PAGE_SIZE,
    )
    # The aggregate above already counted the rows; spare the paginator its own COUNT query.
    paginator.__dict__["count"] = totals["n"]
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "dashboards/drill.html",
        {
            "title": _drill_title(figure, value),
            "year": year,
            "filters": filters,
            "page": page,
            "page_links": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "totals": totals,
            "figure": figure,
            "page_query": params.urlencode(),
            "back": f"{reverse('dashboards:dashboard')}?{_query(year, filters)}",
        },
    )


@login_required
@require_GET
def export_view(request):
    """The page's figures as an Excel workbook (the same tables as the PDF briefing)."""
    _require_role(request)
    year = _year(request)
    figures = dashboard(request.user, year, Filters.from_query(request.GET))
    content = documents.figures_xlsx(figures)
    documents.record_export(request.user, figures, "xlsx", request)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(figures, "xlsx"))
    return response


@login_required
@require_POST
def briefing_view(request):
    """Render the PDF briefing as a job; the job page shows its progress and the file."""
    _require_role(request)
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default_year(request.user)
    filters = Filters.from_query(request.POST)
    job = start_job("dashboard_briefing", request.user, {"year": year, "filters": filters.as_query()})
    return redirect(reverse("job_detail", args=[job.pk]))
