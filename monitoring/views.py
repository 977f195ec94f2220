"""Pages of monitoring rounds and reports (绩效运行监控 "双监控").

Views are thin: they check access, call the rules in monitoring.reports and perfapp.workflow, and
render. Every read goes through visible_to(user): another unit's report is a 404; a visible report
the user may not change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgets.models import FiscalYear
from monitoring.filters import ReportFilter
from monitoring.forms import KeyProjectsForm, ProgressFormSet, ReportForm, ReviewForm, RoundForm
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound
from monitoring.reports import (
    can_edit_report,
    ensure_progress,
    is_round_admin,
    key_candidates,
    open_round,
    progress_problems,
    review_report,
    rounds_from_policy,
    rounds_visible_to,
    save_report,
    set_key_projects,
    shown_execution,
)
from perfapp import audit
from perfapp.access import deny, is_read_only, require_business_role, require_writer
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError, available_transitions, history_of, perform

PAGE_SIZE = 20
PREFIX = "ind"
TRANSITION_LABELS = {
    "submit": _("报送"),
    "dept_approve": _("部门审核通过"),
    "dept_return": _("部门退回"),
    "accept": _("财政审核通过"),
    "finance_return": _("财政退回"),
}


def _label(name):
    return str(TRANSITION_LABELS.get(name, name))


# --- rounds ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def round_list(request):
    """The year's rounds; finance admin creates them from the Policy or by hand [000 #15]."""
    require_business_role(request)
    years = list(FiscalYear.objects.visible_to(request.user).select_related("region").order_by("-year"))
    year = None
    chosen = request.POST.get("year") or request.GET.get("year")
    if chosen and chosen.isdigit():
        year = next((y for y in years if y.pk == int(chosen)), None)
    year = year or (years[0] if years else None)
    is_admin = year is not None and is_round_admin(request.user, year)
    form = RoundForm(fiscal_year=year) if is_admin else None
    status = 200
    if request.method == "POST":
        if year is None or not is_admin:
            deny(request, _("只有财政管理员可以设置监控轮次。"), year)
        if request.POST.get("action") == "policy":
            created = rounds_from_policy(year, request.user, request=request)
            messages.success(request, _("已按政策参数生成 %(n)s 个监控轮次。") % {"n": len(created)})
            return redirect(f"{request.path}?year={year.pk}")
        form = RoundForm(request.POST, fiscal_year=year)
        if form.is_valid():
            rnd = form.save()
            audit.record(EventKind.CREATED, request.user, rnd, summary=_("新建监控轮次：%(r)s") % {"r": rnd})
            messages.success(request, _("已新建监控轮次：%(r)s") % {"r": rnd.name})
            return redirect("monitoring:round_detail", pk=rnd.pk)
        status = 400
    rounds = (
        rounds_visible_to(request.user)
        .filter(fiscal_year=year)
        .annotate(report_count=Count("reports"))
        .order_by("data_as_of", "id")
        if year
        else MonitoringRound.objects.none()
    )
    return render(
        request,
        "monitoring/round_list.html",
        {"years": years, "year": year, "rounds": rounds, "is_admin": is_admin, "form": form},
        status=status,
    )


def _round(request, pk):
    require_business_role(request)
    return get_object_or_404(
        rounds_visible_to(request.user).select_related("fiscal_year__region", "opened_by"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def round_detail(request, pk):
    """A round: its dates, reports by status and the key-monitoring projects (财政重点监控)."""
    rnd = _round(request, pk)
    is_admin = is_round_admin(request.user, rnd.fiscal_year)
    candidates = key_candidates(rnd)
    form = KeyProjectsForm(candidates=candidates, initial={"projects": list(rnd.key_projects.all())})
    status = 200
    if request.method == "POST":
        if not is_admin:
            deny(request, _("只有财政管理员可以设置财政重点监控项目。"), rnd)
        form = KeyProjectsForm(request.POST, candidates=candidates)
        if form.is_valid():
            set_key_projects(rnd, list(form.cleaned_data["projects"]), request.user, request=request)
            messages.success(request, _("已保存财政重点监控项目。"))
            return redirect("monitoring:round_detail", pk=rnd.pk)
        status = 400
    counts = dict(
        MonitoringReport.objects.visible_to(request.user)
        .filter(round=rnd)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    by_status = [(label, counts.get(value, 0), value) for value, label in MonitoringReport.Status.choices]
    return render(
        request,
        "monitoring/round_detail.html",
        {"round": rnd, "is_admin": is_admin, "form": form, "by_status": by_status},
        status=status,
    )


@require_POST
def round_open(request, pk):
    """开启: one report per approved target of the round, units notified (idempotent)."""
    rnd = _round(request, pk)
    if not is_round_admin(request.user, rnd.fiscal_year):
        deny(request, _("只有财政管理员可以开启监控轮次。"), rnd)
    if rnd.status == MonitoringRound.Status.CLOSED:
        messages.error(request, _("监控轮次已结束，不能开启。"))
        return redirect("monitoring:round_detail", pk=rnd.pk)
    n = open_round(rnd, request.user, request=request)
    messages.success(request, _("监控轮次已开启，新生成 %(n)s 份监控报告。") % {"n": n})
    return redirect("monitoring:round_detail", pk=rnd.pk)


# --- reports --------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def report_list(request):
    require_business_role(request)
    data = request.GET.copy()
    data.pop("page", None)
    base = (
        MonitoringReport.objects.visible_to(request.user)
        .for_list()
        .select_related("round__fiscal_year")
        .order_by("-round__data_as_of", "department__code", "unit__code", "pk")
    )
    filterset = ReportFilter(data, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
            "show_rounds": bool(rounds_visible_to(request.user).exists()),
        },
    )


def _report(request, pk):
    qs = MonitoringReport.objects.select_related(
        "round__fiscal_year", "target", "project", "unit", "department"
    )
    return get_visible_or_404(qs, request.user, pk=pk)


def _rows(forms, progress):
    """Pair each indicator with its progress form (or row when read-only)."""
    if forms is None:
        return [{"ind": p.indicator, "p": p, "form": None} for p in progress]
    return [{"ind": f.instance.indicator, "p": f.instance, "form": f} for f in forms]


def _context(request, report, *, form=None, formset=None, review_form=None, error=None, problems=None):
    editable, _reason = can_edit_report(request.user, report)
    read_only = is_read_only(request.user)
    progress = list(report.progress.select_related("indicator").order_by("indicator__order", "indicator_id"))
    if editable and not read_only:
        form = form or ReportForm(instance=report)
        if formset is None:
            formset = ProgressFormSet(
                queryset=IndicatorProgress.objects.filter(report=report)
                .select_related("indicator")
                .order_by("indicator__order", "indicator_id"),
                prefix=PREFIX,
            )
    else:
        form = formset = None
    names = {t.name for t in available_transitions(report, request.user)} if not read_only else set()
    can_review = bool(names & {"dept_approve", "accept"})
    return {
        "report": report,
        "execution": shown_execution(report),
        "form": form,
        "formset": formset,
        "rows": _rows(formset, progress),
        "can_review": can_review,
        "finance_stage": report.status == MonitoringReport.Status.DEPT_APPROVED,
        "review_form": review_form or ReviewForm(initial={"version": report.version}),
        "error": error,
        "problems": problems or [],
        "transitions": [
            {"log": log, "label": _label(log.transition)} for log in history_of(report).order_by("-at", "-id")
        ],
    }


@require_http_methods(["GET", "POST"])
def report_detail(request, pk):
    """The report (项目支出绩效目标执行监控表): read-only, or the unit's form while editable.

    保存 keeps the answers; 保存并报送 checks them first (monitoring.reports.progress_problems)
    and shows each gap next to its field with nothing saved.
    """
    require_business_role(request)
    report = _report(request, pk)
    if request.method == "GET":
        if can_edit_report(request.user, report)[0] and not is_read_only(request.user):
            ensure_progress(report)
        return render(request, "monitoring/report_detail.html", _context(request, report))
    require_writer(request, _("只读角色不能填写监控报告。"))
    ok, reason = can_edit_report(request.user, report)
    if not ok:
        deny(request, reason, report)
    ensure_progress(report)
    form = ReportForm(request.POST, instance=report)
    formset = ProgressFormSet(
        request.POST,
        queryset=IndicatorProgress.objects.filter(report=report)
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id"),
        prefix=PREFIX,
    )
    submit = request.POST.get("action") == "submit"
    if not (form.is_valid() and formset.is_valid()):
        ctx = _context(request, report, form=form, formset=formset, error=_("请修正标出的错误。"))
        return render(request, "monitoring/report_detail.html", ctx, status=400)
    edited = form.save(commit=False)
    rows = formset.save(commit=False)
    all_rows = [f.instance for f in formset.forms]
    if submit:
        problems = progress_problems(edited, all_rows)
        if problems:
            by_indicator = {f.instance.indicator_id: f for f in formset.forms}
            for ind_id, field, message in problems:
                target_form = form if ind_id is None else by_indicator.get(ind_id)
                if target_form is not None:
                    target_form.add_error(field, message)
            ctx = _context(
                request,
                report,
                form=form,
                formset=formset,
                error=_("监控报告还不完整，未报送。"),
                problems=[m for _i, _f, m in problems],
            )
            return render(request, "monitoring/report_detail.html", ctx, status=400)
    try:
        report = save_report(edited, rows, form.cleaned_data["version"], request.user, request=request)
        if submit:
            report = perform(report, "submit", request.user, seen_version=report.version, request=request)
    except WorkflowError as exc:
        return _refused(request, report, exc)
    messages.success(request, _("监控报告已报送。") if submit else _("监控报告已保存。"))
    return redirect("monitoring:report_detail", pk=report.pk)


def _refused(request, report, exc, **forms):
    status = {"stale": 409, "permission": 403}.get(exc.code, 400)
    if exc.code == "permission":
        audit.record(EventKind.ACCESS_DENIED, request.user, report, summary=exc.message, request=request)
    report = _report(request, report.pk)
    ctx = _context(request, report, error=exc.message, **forms)
    return render(request, "monitoring/report_detail.html", ctx, status=status)


@require_POST
def report_transition(request, pk, name):
    """报送 from the read-only page (when the answers are already saved)."""
    if name != "submit":
        deny(request, _("不支持的操作。"))
    require_business_role(request)
    report = _report(request, pk)
    require_writer(request, _("只读角色不能报送监控报告。"))
    try:
        perform(report, name, request.user, seen_version=request.POST.get("version") or None, request=request)
    except WorkflowError as exc:
        return _refused(request, report, exc)
    messages.success(request, _("监控报告已报送。"))
    return redirect("monitoring:report_detail", pk=report.pk)


@require_POST
def report_review(request, pk):
    """Department review, then finance review (with the key-monitoring conclusion)."""
    require_business_role(request)
    report = _report(request, pk)
    require_writer(request, _("只读角色不能审核监控报告。"))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        ctx = _context(request, report, review_form=form, error=_("请完成审核意见。"))
        return render(request, "monitoring/report_detail.html", ctx, status=400)
    d = form.cleaned_data
    try:
        review_report(
            report,
            request.user,
            approved=d["decision"] == "approve",
            comment=d["comment"],
            conclusion=d["conclusion"],
            seen_version=d["version"],
            request=request,
        )
    except WorkflowError as exc:
        if exc.code == "conclusion":
            form.add_error("conclusion", exc.message)
        return _refused(request, report, exc, review_form=form)
    messages.success(request, _("审核已办理。"))
    return redirect("monitoring:report_detail", pk=report.pk)
