"""Pages of department and fiscal evaluations (list and detail), their work records and reports,
and the auditors' exports.

Views are thin: they check access, call evaluation.records / evaluation.reports /
evaluation.exports and render. Every read goes through visible_to(user): another department's
evaluation, report or file is a 404; a visible one the user may not change is a 403 (audited).
The detail page is shared: the plan, experts and scoring part (evaluation.external) renders
through templates/evaluation/external/_panel.html when that template exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets.models import FiscalYear
from evaluation import exports
from evaluation.forms_reports import (
    CorrectionForm,
    EvaluationFilter,
    ExportForm,
    FinalReportFilter,
    ReportDraftForm,
    WorkRecordForm,
)
from evaluation.models import Evaluation, EvaluationReport
from evaluation.records import (
    EXTERNAL_KINDS,
    RecordError,
    RecordInput,
    add_record,
    can_add_record,
    get_record_file_for_user,
    kinds_for,
    records_of,
)
from evaluation.reports import (
    ReportText,
    can_edit_report,
    correct_report,
    finalize_evaluation,
    get_final_report_for_user,
    render_job_of,
    reports_visible_to,
    save_draft,
    versions_of,
)
from perfapp import audit
from perfapp.access import deny, require_business_role, require_writer
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError

PAGE_SIZE = 20
EXTERNAL_PANEL = "evaluation/external/_panel.html"


def _page_links(page):
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


# --- list -----------------------------------------------------------------------------------------


@require_GET
def evaluation_list(request):
    """部门评价、财政重点评价和再评价, filtered by year, kind, department, status and grade."""
    require_business_role(request)
    data = request.GET.copy()
    data.pop("page", None)
    final_report = EvaluationReport.objects.filter(
        evaluation_id=OuterRef("pk"), status=EvaluationReport.Status.FINAL
    )
    base = (
        Evaluation.objects.visible_to(request.user)
        .filter(kind__in=EXTERNAL_KINDS)
        .for_list()
        .annotate(has_final_report=Exists(final_report))
        .order_by("-year", "department__code", "unit__code", "pk")
    )
    filterset = EvaluationFilter(data, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/reports/evaluation_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": _page_links(page),
            "rows": list(page.object_list),
        },
    )


# --- detail ---------------------------------------------------------------------------------------


def _evaluation(request, pk) -> Evaluation:
    qs = Evaluation.objects.filter(kind__in=EXTERNAL_KINDS).select_related(
        "project", "unit", "department", "region", "scheme", "plan"
    )
    return get_visible_or_404(qs, request.user, pk=pk)


def _external_panel(request, evaluation) -> tuple[str | None, dict]:
    """The other part's panel (plan, experts, blind scoring) when it exists, with its context
    from evaluation.external.panel_context(request, evaluation) when that function exists."""
    try:
        select_template([EXTERNAL_PANEL])
    except TemplateDoesNotExist:
        return None, {}
    from evaluation import external

    hook = getattr(external, "panel_context", None)
    extra = hook(request, evaluation) if callable(hook) else None
    return EXTERNAL_PANEL, extra or {}


def reports_panel_context(
    request,
    evaluation,
    *,
    record_form=None,
    draft_form=None,
    correction_form=None,
    error=None,
    section=None,
) -> dict:
    """The context of templates/evaluation/reports/_panel.html (work records and reports), for
    any page that shows an evaluation."""
    user = request.user
    versions = versions_of(evaluation)
    latest = versions[0] if versions else None
    can_edit = can_edit_report(user, evaluation)[0]
    can_record = can_add_record(user, evaluation)[0]
    latest_final = latest is not None and latest.status == EvaluationReport.Status.FINAL
    can_draft = can_edit and not latest_final and evaluation.status != Evaluation.Status.FINAL
    can_finalize = (
        can_edit
        and not latest_final
        and evaluation.status in (Evaluation.Status.JOINT_REVIEW, Evaluation.Status.FINAL)
    )
    can_correct = can_edit and latest_final
    if can_record and record_form is None:
        record_form = WorkRecordForm(kinds=kinds_for(user, evaluation))
    if can_draft and draft_form is None:
        source = latest or evaluation
        draft_form = ReportDraftForm(
            initial={
                "summary": getattr(source, "summary", ""),
                "findings": source.findings,
                "recommendations": source.recommendations,
                "version": latest.version if latest is not None else None,
            }
        )
    if can_correct and correction_form is None:
        correction_form = CorrectionForm(
            initial={
                "summary": latest.summary,
                "findings": latest.findings,
                "recommendations": latest.recommendations,
            }
        )
    job = render_job_of(latest, user) if latest_final else None
    return {
        "records": list(records_of(evaluation)),
        "versions": versions,
        "record_form": record_form if can_record else None,
        "draft_form": draft_form if can_draft else None,
        "correction_form": correction_form if can_correct else None,
        "can_finalize": can_finalize,
        "render_job": job if job is not None and (not job.is_finished or not latest.sha256) else None,
        "report_error": error,
        "report_error_section": section,
    }


def _context(request, evaluation, **panel):
    external_panel, external_context = _external_panel(request, evaluation)
    return {
        "evaluation": evaluation,
        "external_panel": external_panel,
        **external_context,
        **reports_panel_context(request, evaluation, **panel),
    }


@require_GET
def evaluation_detail(request, pk):
    require_business_role(request)
    evaluation = _evaluation(request, pk)
    return render(request, "evaluation/reports/evaluation_detail.html", _context(request, evaluation))


def _refused(request, evaluation, exc: WorkflowError, section: str, **forms):
    status = {"stale": 409, "permission": 403}.get(exc.code, 400)
    if exc.code == "permission":
        audit.record(
            EventKind.ACCESS_DENIED,
            request.user,
            evaluation,
            summary=exc.message,
            data={"path": request.path, "method": request.method},
            request=request,
        )
    ctx = _context(request, evaluation, error=exc.message, section=section, **forms)
    return render(request, "evaluation/reports/evaluation_detail.html", ctx, status=status)


# --- work records ---------------------------------------------------------------------------------


@require_POST
def record_add(request, pk):
    """Add a work record with its files; the form keeps the input on error."""
    require_business_role(request)
    evaluation = _evaluation(request, pk)
    require_writer(request, _("只读角色不能添加评价工作记录。"))
    ok, reason = can_add_record(request.user, evaluation)
    if not ok:
        deny(request, reason, evaluation)
    form = WorkRecordForm(request.POST, request.FILES, kinds=kinds_for(request.user, evaluation))
    if not form.is_valid():
        ctx = _context(
            request, evaluation, record_form=form, error=_("请修正标出的错误。"), section="records"
        )
        return render(request, "evaluation/reports/evaluation_detail.html", ctx, status=400)
    d = form.cleaned_data
    try:
        add_record(
            evaluation,
            request.user,
            RecordInput(d["kind"], d["date"], d["place"], d["people"], d["content"]),
            d["files"],
            request=request,
        )
    except RecordError as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        return _refused(request, evaluation, exc, "records", record_form=form)
    messages.success(request, _("评价工作记录已添加。"))
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_GET
def record_file(request, pk):
    """A work record's file, for those who see its evaluation (others: 404)."""
    require_business_role(request)
    attachment = get_record_file_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


# --- reports --------------------------------------------------------------------------------------


def _report_writer(request, pk) -> Evaluation:
    require_business_role(request)
    evaluation = _evaluation(request, pk)
    require_writer(request, _("只读角色不能编写评价报告。"))
    return evaluation


@require_POST
def report_draft(request, pk):
    """保存报告初稿 (the latest draft, or version 1)."""
    evaluation = _report_writer(request, pk)
    form = ReportDraftForm(request.POST)
    if not form.is_valid():
        ctx = _context(request, evaluation, draft_form=form, error=_("请修正标出的错误。"), section="report")
        return render(request, "evaluation/reports/evaluation_detail.html", ctx, status=400)
    try:
        data = dict(form.cleaned_data)
        seen = data.pop("version", None)
        save_draft(evaluation, request.user, ReportText(**data), seen_version=seen, request=request)
    except WorkflowError as exc:
        return _refused(request, evaluation, exc, "report", draft_form=form)
    messages.success(request, _("评价报告初稿已保存。"))
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def report_finalize(request, pk):
    """定稿报告: the evaluation's finalize transition, then the report becomes final and its PDF
    is rendered by a job (the page shows the progress)."""
    evaluation = _report_writer(request, pk)
    try:
        finalize_evaluation(
            evaluation, request.user, seen_version=request.POST.get("version") or None, request=request
        )
    except WorkflowError as exc:
        return _refused(request, evaluation, exc, "report")
    messages.success(request, _("评价报告已定稿，正在生成 PDF。"))
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def report_correct(request, pk):
    """更正: a new version with its reason; the earlier versions stay."""
    evaluation = _report_writer(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        ctx = _context(
            request, evaluation, correction_form=form, error=_("请修正标出的错误。"), section="report"
        )
        return render(request, "evaluation/reports/evaluation_detail.html", ctx, status=400)
    d = form.cleaned_data
    text = ReportText(d["summary"], d["findings"], d["recommendations"])
    try:
        report = correct_report(evaluation, request.user, text, d["reason"], request=request)
    except WorkflowError as exc:
        return _refused(request, evaluation, exc, "report", correction_form=form)
    messages.success(request, _("已生成更正版本（第%(n)s版），原版本保留。") % {"n": report.number})
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_GET
def report_download(request, pk):
    """A final report's stored PDF; a draft or another department's report is a 404."""
    require_business_role(request)
    report = get_final_report_for_user(request.user, pk)
    try:
        return exports.export_final_report(report, request.user, request=request)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("evaluation:evaluation_detail", pk=report.evaluation_id)


@require_GET
def score_table(request, pk):
    require_business_role(request)
    evaluation = _evaluation(request, pk)
    return exports.export_score_table(evaluation, request.user, request=request)


# --- exports for auditors -------------------------------------------------------------------------


def _years(user) -> list[int]:
    return sorted(
        set(FiscalYear.objects.visible_to(user).order_by().values_list("year", flat=True)), reverse=True
    )


@require_GET
def auditor_exports(request):
    """审计导出: the region-wide table of a year and every final report (with its SHA-256)."""
    require_business_role(request)
    years = _years(request.user)
    data = request.GET.copy()
    data.pop("page", None)
    base = (
        reports_visible_to(request.user)
        .filter(status=EvaluationReport.Status.FINAL)
        .select_related("evaluation__project", "evaluation__unit", "evaluation__department")
        .order_by("-evaluation__year", "evaluation__department__code", "evaluation_id", "-number")
    )
    filterset = FinalReportFilter(data, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/reports/auditor_exports.html",
        {
            "export_form": ExportForm(years=years, initial={"year": years[0] if years else None}),
            "filter": filterset,
            "page": page,
            "page_links": _page_links(page),
            "rows": list(page.object_list),
        },
    )


@require_GET
def export_table(request):
    """全区绩效评价汇总表 of a year (.xlsx, streamed), scoped to the user; audited."""
    require_business_role(request)
    years = _years(request.user)
    form = ExportForm(request.GET, years=years)
    if not form.is_valid():
        messages.error(request, _("请选择要导出的年度。"))
        return redirect("evaluation:auditor_exports")
    return exports.export_region_table(request.user, form.cleaned_data["year"], request=request)
