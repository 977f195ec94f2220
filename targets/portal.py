"""Public portal of disclosed performance targets (no login) [004 第二十三条 随预算公开].

Shows approved or published targets marked for disclosure (disclose=True) and not 涉密
(is_secret=False), the latest approved version of each, with the budget and the indicators;
the portal's shared region/year selectors and search (perfapp.portal), a department filter, and
a CSV and a JSON of the same page. Nothing private: no officer names, no phones, no review opinions.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import Organization
from perfapp import portal
from perfapp.portal import rate_limited
from targets.models import Indicator, Target


def disclosed():
    """Targets the public may see: approved/published, disclosed, not secret, not replaced by an
    approved newer version."""
    return (
        Target.objects.approved()
        .filter(disclose=True, is_secret=False)
        .exclude(superseded_by__status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED])
    )


portal.register(
    portal.Section(
        key="targets",
        label=gettext_lazy("绩效目标"),
        url_name="targets_public:list",
        queryset=disclosed,
        order=10,
    )
)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _indicators():
    return Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))


def _filtered(request):
    """The page of targets for the request's region, year, search and department (page, CSV, JSON)."""
    selection, qs = portal.select(request, "targets")
    departments = Organization.objects.filter(
        pk__in=qs.values("department_id"), kind=Organization.Kind.DEPARTMENT
    ).order_by("code")
    department = _int(request.GET.get("department"))
    if department:
        qs = qs.filter(department_id=department)
    if selection.q:
        qs = qs.filter(
            Q(name__icontains=selection.q)
            | Q(unit__name__icontains=selection.q)
            | Q(department__name__icontains=selection.q)
        )
    qs = (
        qs.select_related("unit", "department", "region")
        .prefetch_related(_indicators())
        .order_by("-year", "department__code", "unit__code", "id")
    )
    params = dict(selection.params, **({"department": department} if department else {}))
    return portal.paginate(request, qs), selection, departments, department, urlencode(params)


COLUMNS = ("year", "region", "name", "kind", "department", "unit", "amount", "overall_goal")
HEADERS = ("年度", "地区", "名称", "目标类型", "主管部门", "实施单位", "年度资金（元）", "年度总体目标")


def row(t: Target) -> dict:
    """One public row of a target, with its indicators (the JSON carries them; the CSV does not)."""
    return {
        "id": t.pk,
        "year": t.year,
        "region": t.region.name,
        "name": t.name,
        "kind": str(t.get_kind_display()),
        "department": t.department.name,
        "unit": t.unit.name,
        "amount": str(t.amount),
        "overall_goal": t.overall_goal,
        "indicators": [
            {
                "level1": str(i.get_level1_display()),
                "level2": i.level2,
                "name": i.name,
                "value": i.value_display,
            }
            for i in t.indicators.all()
        ],
    }


@require_GET
@rate_limited
def target_list(request):
    page, selection, departments, department, query = _filtered(request)
    return render(
        request,
        "targets/public/list.html",
        {
            "page": page,
            "selection": selection,
            "departments": departments,
            "department": department,
            "query": query,
        },
    )


@require_GET
@rate_limited
def target_json(request):
    page, *_rest = _filtered(request)
    rows = [row(t) for t in page.object_list]
    for r in rows:
        r["url"] = request.build_absolute_uri(reverse("targets_public:detail", args=[r["id"]]))
    return portal.json_page(page, rows)


@require_GET
@rate_limited
def target_csv(request):
    page, *_rest = _filtered(request)
    return portal.csv_response(
        "performance-targets.csv",
        ["ID", *HEADERS],
        ([t.pk, *(row(t)[c] for c in COLUMNS)] for t in page.object_list),
    )


@require_GET
@rate_limited
def target_detail(request, pk):
    target = get_object_or_404(
        disclosed().select_related("unit", "department", "region").prefetch_related(_indicators()),
        pk=pk,
    )
    return render(request, "targets/public/detail.html", {"target": target})
