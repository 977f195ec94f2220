"""Pages across years (跨年度对比) [000 四(二)]: the region's (or a department's) coverage of each
stage, a department's grades and scores, and one project's indicators, year by year.

Thin views: access, the functions of dashboards.years, render. Every read goes through
visible_to(user); a department outside the user's scope and another unit's project are a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import Organization, Role
from accounts.scoping import scope_of
from budgets.models import Allocation, Project
from dashboards import years as rules
from perfapp.access import deny, require_business_role
from perfapp.scoping import get_visible_or_404

STAGE_LABELS = {
    "targets": gettext_lazy("绩效目标已批复"),
    "monitored": gettext_lazy("已开展绩效监控"),
    "self": gettext_lazy("已完成绩效自评"),
    "department": gettext_lazy("已开展部门评价"),
    "fiscal": gettext_lazy("已开展财政重点评价"),
}


def _not_expert(request):
    require_business_role(request)
    if scope_of(request.user).roles == {Role.EXPERT}:
        deny(request, _("评审专家不能查看跨年度汇总。"))


def _coverage_chart(coverage):
    """Series for the line chart of coverage shares by year (ECharts option built in the template)."""
    return {
        "years": [str(c.year) for c in coverage],
        "series": [
            {"name": str(STAGE_LABELS[s]), "type": "bar", "data": [float(c.share(s) or 0) for c in coverage]}
            for s in rules.STAGES
        ],
    }


def _coverage_rows(coverage):
    return [
        {
            "year": c.year,
            "projects": c.projects,
            "budget": c.budget,
            "stages": [
                {
                    "key": s,
                    "count": c.stages.get(s, (0, 0))[0],
                    "money": c.stages.get(s, (0, 0))[1],
                    "share": c.share(s),
                    "money_share": c.money_share(s),
                }
                for s in rules.STAGES
            ],
        }
        for c in coverage
    ]


@require_GET
def years_overview(request):
    _not_expert(request)
    coverage = rules.coverage_history(request.user)
    departments = Organization.objects.filter(
        pk__in=Allocation.objects.visible_to(request.user).values("department_id"),
        kind=Organization.Kind.DEPARTMENT,
    ).order_by("code")
    return render(
        request,
        "dashboards/years/overview.html",
        {
            "rows": _coverage_rows(coverage),
            "stage_labels": [STAGE_LABELS[s] for s in rules.STAGES],
            "chart": _coverage_chart(coverage),
            "departments": departments,
        },
    )


def _department_or_404(request, pk):
    department = get_object_or_404(Organization, pk=pk, kind=Organization.Kind.DEPARTMENT)
    scope = scope_of(request.user)
    in_region = scope.region_ids is not None and department.region_id in scope.region_ids
    if not (in_region or department.pk in scope.department_ids):
        raise Http404
    return department


@require_GET
def years_department(request, pk):
    _not_expert(request)
    department = _department_or_404(request, pk)
    coverage = rules.coverage_history(request.user, department=department)
    history = rules.department_history(department, request.user)
    kinds = {"self": _("绩效自评"), "department": _("部门评价"), "fiscal": _("财政重点评价")}
    grade_chart = {
        kind: {
            "years": [str(e.year) for e in rows],
            "grades": {g: [e.grades[g] for e in rows] for g in rules.GRADES},
            "average": [float(e.average) if e.average is not None else None for e in rows],
        }
        for kind, rows in history.items()
    }
    return render(
        request,
        "dashboards/years/department.html",
        {
            "department": department,
            "rows": _coverage_rows(coverage),
            "stage_labels": [STAGE_LABELS[s] for s in rules.STAGES],
            "chart": _coverage_chart(coverage),
            "history": [(kinds[k], k, rows) for k, rows in history.items()],
            "grades": rules.GRADES,
            "grade_chart": grade_chart,
        },
    )


@require_GET
def years_project(request, pk):
    require_business_role(request)
    project = get_visible_or_404(Project.objects.select_related("unit", "department"), request.user, pk=pk)
    years, indicators = rules.project_indicator_history(project, request.user)
    charts = [
        {
            "name": h.name,
            "unit": h.unit,
            "years": [str(y) for y in years],
            "target": [_float(h.years[y].target_value) if y in h.years else None for y in years],
            "actual": [_float(h.years[y].actual_value) if y in h.years else None for y in years],
        }
        for h in indicators
        if h.quantitative and sum(1 for y in years if y in h.years) >= 2
    ]
    return render(
        request,
        "dashboards/years/project.html",
        {
            "project": project,
            "years": years,
            "indicators": [(h, [h.years.get(y) for y in years]) for h in indicators],
            "charts": charts,
        },
    )


def _float(value):
    return float(value) if value is not None else None
