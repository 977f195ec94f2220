"""Pages of accountability [004 第四十四—四十六条]: the list (filters, pagination, Excel export), a
case, the case form (also opened from a suggestion: 立案), and finance's suggestions page.

Thin views: access checks, the rules of results.accountability, render. Every read goes through
visible_to(user): another unit's case is a 404; units and departments read their own cases; experts
see none.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Organization, Role
from accounts.scoping import scope_of
from budgets.models import Project
from evaluation.models import Evaluation
from perfapp import audit
from perfapp.access import deny, require_business_role, require_writer
from perfapp.documents import Sheet, xlsx_response
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError
from results import accountability as rules
from results.forms_accountability import CaseFilterForm, CaseForm, DismissForm, SuggestionFilterForm
from results.models import AccountabilityCase

PAGE_SIZE = 20


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


def _status_code(exc):
    return {"stale": 409, "permission": 403}.get(exc.code, 400)


def _require_reader(request):
    """Business roles but not experts: a case is no expert's business."""
    require_business_role(request)
    if scope_of(request.user).roles <= {Role.EXPERT}:
        deny(request, _("评审专家不能查看问责记录。"))


def _require_finance(request, reason):
    require_writer(request)
    if not rules.is_finance(request.user):
        deny(request, reason)


# --- list and export -------------------------------------------------------------------------------


def _cases(request):
    """The filtered, visible cases and the filter form."""
    visible = AccountabilityCase.objects.visible_to(request.user)
    departments = Organization.objects.filter(pk__in=visible.values("department_id")).order_by("code")
    units = Organization.objects.filter(pk__in=visible.values("unit_id")).order_by("code")
    form = CaseFilterForm(request.GET or None, departments=departments, units=units)
    qs = visible.select_related("unit", "department", "project", "evaluation", "created_by").order_by(
        "-decided_on", "-pk"
    )
    if form.is_valid():
        d = form.cleaned_data
        if d["year"]:
            qs = qs.filter(year=d["year"])
        for key in ("case", "measure", "department", "unit"):
            if d[key]:
                qs = qs.filter(**{key: d[key]})
        if d["q"]:
            q = d["q"].strip()
            qs = qs.filter(
                Q(facts__icontains=q)
                | Q(person__icontains=q)
                | Q(project__name__icontains=q)
                | Q(project__code__icontains=q)
                | Q(unit__name__icontains=q)
            )
    if not request.GET:
        form = CaseFilterForm(departments=departments, units=units)
    return qs, form


@require_GET
def accountability_list(request):
    _require_reader(request)
    qs, form = _cases(request)
    page, links = _page(request, qs)
    finance = rules.is_finance(request.user)
    return render(
        request,
        "results/accountability_list.html",
        {
            "form": form,
            "page": page,
            "page_links": links,
            "rows": list(page.object_list),
            "can_create": finance,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def accountability_export(request):
    _require_reader(request)
    qs, _form = _cases(request)
    audit.record(
        EventKind.EXPORT,
        request.user,
        None,
        summary=_("导出问责记录"),
        data={"filters": request.GET.dict()},
        request=request,
    )
    return xlsx_response(
        f"问责记录_{timezone.localdate():%Y%m%d}.xlsx",
        [Sheet(_("问责记录"), rules.EXPORT_HEADERS, rules.export_rows(qs), rules.EXPORT_WIDTHS)],
    )


# --- a case --------------------------------------------------------------------------------------------


def _case(request, pk):
    qs = AccountabilityCase.objects.select_related(
        "unit", "department", "region", "project", "evaluation", "created_by"
    )
    return get_visible_or_404(qs, request.user, pk=pk)


@require_GET
def accountability_detail(request, pk):
    _require_reader(request)
    obj = _case(request, pk)
    return render(
        request,
        "results/accountability_detail.html",
        {"case": obj, "can_edit": rules.can_record(request.user, obj)},
    )


def _form(request, data=None, **kwargs):
    """The case form with the choices the user may see (organizations of the visible scope)."""
    scope = scope_of(request.user)
    orgs = Q(pk__in=scope.department_ids) | Q(parent_id__in=scope.department_ids)
    if scope.region_ids:
        orgs |= Q(region_id__in=scope.region_ids)
    organizations = (
        Organization.objects.filter(orgs)
        .filter(kind__in=[Organization.Kind.DEPARTMENT, Organization.Kind.UNIT])
        .order_by("code")
    )
    return CaseForm(
        data,
        organizations=organizations,
        projects=Project.objects.visible_to(request.user),
        evaluations=Evaluation.objects.visible_to(request.user),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def accountability_create(request):
    """A new case; `?source=<kind>&ref=<id>&year=<y>` opens it prefilled from a suggestion (立案)."""
    _require_finance(request, _("只有财政人员可以登记问责记录。"))
    today = timezone.localdate()
    suggestion = None
    if request.method == "GET" and request.GET.get("source"):
        suggestion = rules.find_suggestion(
            request.user, request.GET["source"], request.GET.get("ref"), request.GET.get("year"), today
        )
        if suggestion is None:
            messages.error(request, _("该问责线索已立案或已处理，或不在您的管理范围内。"))
            return redirect("results:accountability_suggestions")
        initial = rules.initial_from(suggestion)
        if suggestion.project is not None:
            initial["project"] = suggestion.project.code
    else:
        initial = {"year": today.year}
    initial.setdefault("decided_on", today)
    form = _form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = rules.create_case(
                request.user,
                form.case_data(),
                source=d.get("source") or "",
                source_ref=d.get("source_ref"),
                today=today,
                request=request,
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return render(
                request,
                "results/accountability_form.html",
                {"form": form, "suggestion": suggestion},
                status=_status_code(exc),
            )
        messages.success(request, _("问责记录已登记。"))
        return redirect("results:accountability_detail", pk=obj.pk)
    return render(request, "results/accountability_form.html", {"form": form, "suggestion": suggestion})


@require_http_methods(["GET", "POST"])
def accountability_edit(request, pk):
    _require_reader(request)
    obj = _case(request, pk)
    require_writer(request)
    if not rules.can_record(request.user, obj):
        deny(request, _("只有该部门的财政业务科室或本地区财政绩效管理人员可以修改问责记录。"), obj)
    initial = {
        "year": obj.year,
        "case": obj.case,
        "unit": obj.unit_id,
        "person": obj.person,
        "project": obj.project.code if obj.project_id else None,
        "evaluation": obj.evaluation_id,
        "facts": obj.facts,
        "measure": obj.measure,
        "measure_note": obj.measure_note,
        "decided_on": obj.decided_on,
    }
    form = _form(request, request.POST or None, initial=initial)
    version = request.POST.get("version") or obj.version
    if request.method == "POST" and form.is_valid():
        try:
            rules.update_case(obj, request.user, form.case_data(), version, request=request)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return render(
                request,
                "results/accountability_form.html",
                {"form": form, "case": _case(request, pk), "version": version},
                status=_status_code(exc),
            )
        messages.success(request, _("问责记录已保存。"))
        return redirect("results:accountability_detail", pk=pk)
    return render(
        request, "results/accountability_form.html", {"form": form, "case": obj, "version": version}
    )


# --- suggestions ---------------------------------------------------------------------------------------


@require_GET
def accountability_suggestions(request):
    """问责线索: candidates from the system's own data, one tab per kind, for finance to decide on."""
    _require_finance(request, _("只有财政人员可以查看问责线索。"))
    today = timezone.localdate()
    form = SuggestionFilterForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    kind = request.GET.get("kind")
    if kind not in rules.SUGGESTION_KINDS:
        kind = rules.SUGGESTION_KINDS[0]
    counts = rules.counts(request.user, year, today)
    page, links = _page(request, rules.suggestion_rows(request.user, kind, year, today))
    tabs = [(k, AccountabilityCase.Case(k).label, counts[k]) for k in rules.SUGGESTION_KINDS]
    return render(
        request,
        "results/accountability_suggestions.html",
        {
            "form": form if request.GET else SuggestionFilterForm(),
            "year": year or "",
            "kind": kind,
            "tabs": tabs,
            "page": page,
            "page_links": links,
            "rows": rules.build(kind, page.object_list, today),
            "query": f"kind={kind}" + (f"&year={year}" if year else ""),
        },
    )


@require_POST
def accountability_dismiss(request):
    _require_finance(request, _("只有财政人员可以处理问责线索。"))
    form = DismissForm(request.POST)
    back = redirect(
        f"{reverse('results:accountability_suggestions')}?kind={request.POST.get('kind', '')}&year={request.POST.get('year_filter', '')}"
    )
    if not form.is_valid():
        messages.error(request, _("不予问责须填写理由。"))
        return back
    d = form.cleaned_data
    try:
        rules.dismiss(request.user, d["kind"], d["ref"], d["year"], d["reason"], request=request)
    except WorkflowError as exc:
        if exc.code == "permission":
            deny(request, exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录不予问责的理由，该线索不再提示。"))
    return back
