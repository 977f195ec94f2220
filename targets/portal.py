"""Public portal of disclosed performance targets (no login) [004 第二十三条 随预算公开].

Shows approved or published targets marked for disclosure (disclose=True) and not 涉密
(is_secret=False), the latest approved version of each, with the budget and the indicators; a
filter by year and department. Nothing private: no officer names, no phones, no review opinions.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import Organization
from targets.models import Indicator, Target

PAGE_SIZE = 20


def disclosed():
    """Targets the public may see: approved/published, disclosed, not secret, not replaced by an
    approved newer version."""
    return (
        Target.objects.approved()
        .filter(disclose=True, is_secret=False)
        .exclude(superseded_by__status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED])
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def target_list(request):
    qs = disclosed()
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    departments = Organization.objects.filter(
        pk__in=qs.values("department_id"), kind=Organization.Kind.DEPARTMENT
    ).order_by("code")
    year, department = _int(request.GET.get("year")), _int(request.GET.get("department"))
    if year:
        qs = qs.filter(year=year)
    if department:
        qs = qs.filter(department_id=department)
    qs = (
        qs.select_related("unit", "department")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")))
        .order_by("-year", "department__code", "unit__code", "id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/public/list.html",
        {
            "page": page,
            "years": years,
            "departments": departments,
            "year": year,
            "department": department,
        },
    )


@require_GET
def target_detail(request, pk):
    target = get_object_or_404(
        disclosed()
        .select_related("unit", "department")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))),
        pk=pk,
    )
    return render(request, "targets/public/detail.html", {"target": target})
