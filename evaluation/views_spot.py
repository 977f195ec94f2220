"""Pages of spot checks (抽查复核) [002 三(四)][003 三(五)]: the year's spot checks and the draw,
one spot check's items, an item's re-score, the flagged list and the circulation (通报) list.

Views are thin: they check access, call evaluation.spotchecks and render. Reads go through
visible_to(user): a department sees its own items only; another department's item is a 404; a
visible item the user may not re-score is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Organization
from budgets.models import FiscalYear
from evaluation.forms_spot import DepartmentRescoreForm, DrawForm, FlaggedFilterForm, SelfRescoreForm
from evaluation.models import Evaluation, SpotCheckItem
from evaluation.spotchecks import (
    SpotCheckError,
    can_draw,
    can_publish,
    can_rescore,
    circulation,
    circulation_sheets,
    draw,
    eligible_evaluations,
    flagged_items,
    flagged_sheet,
    is_published,
    paired_rows,
    publish_circulation,
    rescore_department,
    rescore_self,
    sample_size,
    scheme_for,
    spot_checks_visible_to,
)
from perfapp import audit
from perfapp.access import deny, require_business_role
from perfapp.documents import xlsx_response
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError

PAGE_SIZE = 20


def _years(request):
    return list(
        FiscalYear.objects.visible_to(request.user).select_related("region").order_by("-year", "region_id")
    )


def _chosen_year(request, years):
    """The year asked for; else the latest year with a spot check the user sees (spot checks
    look back at last year's evaluations); else the current year."""
    chosen = request.POST.get("year") or request.GET.get("year")
    if chosen and chosen.isdigit():
        found = next((y for y in years if y.pk == int(chosen)), None)
        if found is None:
            raise Http404
        return found
    latest = (
        spot_checks_visible_to(request.user)
        .filter(fiscal_year__in=[y.pk for y in years])
        .order_by("-year", "-drawn_at")
        .values_list("fiscal_year_id", flat=True)
        .first()
    )
    return next((y for y in years if y.pk == latest), None) or next(
        (y for y in years if y.is_current), years[0] if years else None
    )


# --- spot checks ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def spot_check_list(request):
    """The year's spot checks; the finance admin draws a new one (seed optional)."""
    require_business_role(request)
    years = _years(request)
    year = _chosen_year(request, years)
    may_draw = year is not None and can_draw(request.user, year)[0]
    form = DrawForm() if may_draw else None
    status = 200
    if request.method == "POST":
        if year is None or not may_draw:
            deny(request, _("只有财政管理员可以抽取抽查复核样本。"), year)
        form = DrawForm(request.POST)
        if form.is_valid():
            try:
                spot_check = draw(year, request.user, seed=form.cleaned_data["seed"], request=request)
            except SpotCheckError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("已抽取抽查复核样本（随机种子 %(seed)s）。") % {"seed": spot_check.seed},
                )
                return redirect("evaluation:spot_check_detail", pk=spot_check.pk)
        status = 400
    mine = SpotCheckItem.objects.visible_to(request.user).values("pk")
    checks = (
        spot_checks_visible_to(request.user)
        .filter(fiscal_year=year)
        .select_related("drawn_by")
        .annotate(
            item_count=Count("items", filter=Q(items__pk__in=mine)),
            checked_count=Count("items", filter=Q(items__pk__in=mine, items__checked_at__isnull=False)),
            flagged_count=Count("items", filter=Q(items__pk__in=mine, items__flagged=True)),
            department_count=Count("items__department", filter=Q(items__pk__in=mine), distinct=True),
        )
        .order_by("-drawn_at", "-pk")
        if year
        else []
    )
    population = size = None
    if may_draw:
        population = eligible_evaluations(year).values("department_id").distinct().count()
        size = sample_size(year.policy.evaluation.spot_check_share, population)
    return render(
        request,
        "evaluation/spot/list.html",
        {
            "years": years,
            "year": year,
            "checks": checks,
            "form": form,
            "population": population,
            "size": size,
            "policy": year.policy.evaluation if year else None,
        },
        status=status,
    )


@require_GET
def spot_check_detail(request, pk):
    """One spot check: its seed, share and tolerance, and the items the user may see, by department."""
    require_business_role(request)
    spot_check = (
        spot_checks_visible_to(request.user)
        .select_related("fiscal_year__region", "drawn_by")
        .filter(pk=pk)
        .first()
    )
    if spot_check is None:
        raise Http404
    items = list(
        SpotCheckItem.objects.visible_to(request.user)
        .filter(spot_check=spot_check)
        .select_related("department", "evaluation", "evaluation__unit", "checked_by")
        .order_by("department__code", "department_id", "evaluation__kind", "pk")
    )
    return render(
        request,
        "evaluation/spot/detail.html",
        {"spot_check": spot_check, "items": items},
    )


# --- items ------------------------------------------------------------------------------------------


def _item(request, pk) -> SpotCheckItem:
    qs = SpotCheckItem.objects.select_related(
        "spot_check",
        "department",
        "evaluation__unit",
        "evaluation__fiscal_year",
        "evaluation__scheme",
        "recheck",
        "checked_by",
    )
    return get_visible_or_404(qs, request.user, pk=pk)


def _rescore_form(item, data=None):
    is_self = item.evaluation.kind == Evaluation.Kind.SELF
    source = item.recheck or item.evaluation
    initial = {
        "version": item.recheck.version if item.recheck_id else 0,
        "note": item.note,
        "violation": source.violation,
    }
    if is_self:
        scheme = scheme_for(item.evaluation)
        initial["violation_note"] = source.violation_note
        return SelfRescoreForm(
            data,
            initial=initial,
            pairs=paired_rows(item),
            band_choices=[(b.key, b.label) for b in scheme.qualitative_bands],
        )
    initial["total"] = item.recheck_score
    return DepartmentRescoreForm(data, initial=initial)


@require_http_methods(["GET", "POST"])
def spot_check_item(request, pk):
    """An item: the original evaluation's score and, for finance, the re-score form."""
    require_business_role(request)
    item = _item(request, pk)
    allowed, reason = can_rescore(request.user, item)
    form = _rescore_form(item) if allowed else None
    status = 200
    if request.method == "POST":
        if not allowed:
            deny(request, reason, item)
        form = _rescore_form(item, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if item.evaluation.kind == Evaluation.Kind.SELF:
                    item = rescore_self(
                        item,
                        request.user,
                        rows=form.edits(),
                        violation=d["violation"],
                        violation_note=d["violation_note"],
                        note=d["note"],
                        seen_version=d["version"],
                        request=request,
                    )
                else:
                    item = rescore_department(
                        item,
                        request.user,
                        total=d["total"],
                        note=d["note"],
                        violation=d["violation"],
                        seen_version=d["version"],
                        request=request,
                    )
            except WorkflowError as exc:
                form.add_error(None, exc.message)
                status = {"permission": 403, "stale": 409}.get(exc.code, 400)
            else:
                if item.flagged:
                    messages.warning(
                        request,
                        _("复核得分 %(s)s，与原得分相差 %(g)s 分，已标记为差异较大。")
                        % {"s": item.recheck_score, "g": item.gap},
                    )
                else:
                    messages.success(
                        request,
                        _("复核得分 %(s)s，与原得分相差 %(g)s 分。")
                        % {"s": item.recheck_score, "g": item.gap},
                    )
                return redirect("evaluation:spot_check_item", pk=item.pk)
        else:
            status = 400
    rows = None
    if item.evaluation.kind == Evaluation.Kind.SELF:
        rows = (
            form.rows()
            if form is not None
            else [{"original": o, "recheck": r, "fields": []} for o, r in paired_rows(item)]
        )
    return render(
        request,
        "evaluation/spot/item.html",
        {
            "item": item,
            "form": form,
            "rows": rows,
            "reason": reason,
            "is_self": item.evaluation.kind == Evaluation.Kind.SELF,
        },
        status=status,
    )


# --- flagged list -----------------------------------------------------------------------------------


def _flagged(request):
    visible = SpotCheckItem.objects.visible_to(request.user).filter(flagged=True)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    departments = Organization.objects.filter(pk__in=visible.values("department_id")).order_by("code", "pk")
    form = FlaggedFilterForm(request.GET or None, years=years, departments=departments)
    qs = flagged_items(request.user)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["year"]:
            qs = qs.filter(year=form.cleaned_data["year"])
        if form.cleaned_data["department"]:
            qs = qs.filter(department_id=form.cleaned_data["department"])
    return form, qs


@require_GET
def spot_check_flagged(request):
    """差异较大事项: flagged items by department and year."""
    require_business_role(request)
    form, qs = _flagged(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/spot/flagged.html",
        {
            "form": form,
            "page": page,
            "rows": list(page.object_list),
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def spot_check_flagged_export(request):
    require_business_role(request)
    form, qs = _flagged(request)
    audit.record(
        EventKind.EXPORT,
        request.user,
        summary=_("导出抽查复核差异较大事项"),
        data={"filters": request.GET.dict()},
        request=request,
    )
    return xlsx_response(_("抽查复核差异较大事项.xlsx"), [flagged_sheet(qs.iterator())])


# --- circulation (通报) -------------------------------------------------------------------------------


def _circulation_year(request):
    require_business_role(request)
    years = _years(request)
    year = _chosen_year(request, years)
    if year is None:
        raise Http404
    return years, year


@require_GET
def spot_check_circulation(request):
    """通报名单: departments with flagged items in the year, with an Excel export; the finance admin
    publishes it, which notifies the departments concerned."""
    years, year = _circulation_year(request)
    return render(
        request,
        "evaluation/spot/circulation.html",
        {
            "years": years,
            "year": year,
            "rows": circulation(request.user, year),
            "published": is_published(year),
            "may_publish": can_publish(request.user, year)[0],
        },
    )


@require_GET
def spot_check_circulation_export(request):
    _years_, year = _circulation_year(request)
    rows = circulation(request.user, year)
    audit.record(
        EventKind.EXPORT,
        request.user,
        year,
        summary=_("导出%(y)s年度抽查复核通报") % {"y": year.year},
        request=request,
    )
    return xlsx_response(_("%(y)s年度抽查复核通报.xlsx") % {"y": year.year}, circulation_sheets(year, rows))


@require_POST
def spot_check_circulation_publish(request):
    _years_, year = _circulation_year(request)
    ok, reason = can_publish(request.user, year)
    if not ok:
        deny(request, reason, year)
    try:
        rows = publish_circulation(year, request.user, request=request)
    except SpotCheckError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已发布抽查复核通报，已通知 %(n)s 个部门。") % {"n": len(rows)})
    return redirect(f"{reverse('evaluation:spot_check_circulation')}?year={year.pk}")
