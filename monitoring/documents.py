"""Monitoring documents (issue 4 "Documents"; [004 第二十七条], [002 三(三)]).

- The monitoring summary of a department or of the region for a round: one row per report (unit,
  target, budget, spent, execution rate, time progress, indicators at risk), in Excel and PDF.
  A department's is written at once; the region's is the job kind "monitoring_region_summary"
  with a progress bar.
- A unit's report as PDF (项目支出绩效目标执行监控表).

Figures: a submitted report shows the snapshot frozen on submission; a report still being filled
shows the execution computed now at the round's date (monitoring.reports.execution_of).
Every download goes through visible_to(user) (another unit's report is a 404) and is audited as EXPORT.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import BUSINESS_ROLES, Organization
from accounts.scoping import scope_of
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound, Possibility
from monitoring.reports import execution_of, indicator_missed
from perfapp import audit
from perfapp.documents import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, Sheet, render_pdf, write_xlsx
from perfapp.jobs import job_kind, set_progress, start_job
from perfapp.models import EventKind, Job
from perfapp.scoping import get_visible_or_404

TEN_THOUSAND = Decimal("10000")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
SUBMITTED = {
    MonitoringReport.Status.SUBMITTED,
    MonitoringReport.Status.DEPT_APPROVED,
    MonitoringReport.Status.ACCEPTED,
}


@dataclass
class SummaryRow:
    report: MonitoringReport
    unit: str
    department: str
    target: str
    budget: Decimal
    spent: Decimal
    rate: Decimal | None
    time_progress: Decimal | None
    at_risk: list[str] = field(default_factory=list)
    status: str = ""

    @property
    def gap(self) -> Decimal | None:
        """Execution rate minus time progress, in points (negative = behind)."""
        if self.rate is None or self.time_progress is None:
            return None
        return self.rate - self.time_progress

    @property
    def lagging(self) -> bool:
        return self.gap is not None and self.gap < 0


@dataclass
class Totals:
    budget: Decimal
    spent: Decimal
    rate: Decimal | None
    reports: int
    submitted: int
    at_risk: int


def at_risk(progress: IndicatorProgress) -> bool:
    """An indicator not certain to be met, or whose expected value misses its target."""
    return (bool(progress.possibility) and progress.possibility != Possibility.CERTAIN) or indicator_missed(
        progress
    )


def reports_of_round(user, round: MonitoringRound, department_id: int | None = None):
    qs = (
        MonitoringReport.objects.visible_to(user)
        .filter(round=round)
        .select_related("round__fiscal_year", "target", "unit", "department", "project")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=IndicatorProgress.objects.select_related("indicator").order_by(
                    "indicator__order", "indicator_id"
                ),
            )
        )
        .order_by("department__code", "unit__code", "target__name", "pk")
    )
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs


def summary_row(report: MonitoringReport) -> SummaryRow:
    if report.status in SUBMITTED:
        budget, spent = report.annual_budget, report.spent
        rate, progress = report.execution_rate, report.time_progress
    else:
        execution = execution_of(report.target, report.round.data_as_of)
        budget, spent = execution.budget, execution.spent
        rate, progress = execution.execution_rate, execution.time_progress
    return SummaryRow(
        report=report,
        unit=report.unit.name,
        department=report.department.name,
        target=report.target.name,
        budget=budget,
        spent=spent,
        rate=None if rate is None else Decimal(rate).quantize(CENT, ROUND_HALF_UP),
        time_progress=None if progress is None else Decimal(progress).quantize(CENT, ROUND_HALF_UP),
        at_risk=[p.indicator.name for p in report.progress.all() if at_risk(p)],
        status=report.get_status_display(),
    )


def totals_of(rows: list[SummaryRow]) -> Totals:
    budget = sum((r.budget for r in rows), Decimal("0"))
    spent = sum((r.spent for r in rows), Decimal("0"))
    rate = (spent / budget * HUNDRED).quantize(CENT, ROUND_HALF_UP) if budget else None
    return Totals(
        budget=budget,
        spent=spent,
        rate=rate,
        reports=len(rows),
        submitted=sum(1 for r in rows if r.report.status in SUBMITTED),
        at_risk=sum(1 for r in rows if r.at_risk),
    )


def wan(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    return (Decimal(amount) / TEN_THOUSAND).quantize(CENT, ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Excel and PDF of a summary

SUMMARY_HEADERS = (
    "主管部门",
    "填报单位",
    "绩效目标",
    "状态",
    "全年预算数（元）",
    "执行数（元）",
    "执行率（%）",
    "序时进度（%）",
    "进度差（百分点）",
    "偏差指标",
)


def summary_xlsx(round: MonitoringRound, rows: list[SummaryRow], scope_name: str) -> bytes:
    totals = totals_of(rows)
    body = [
        [
            r.department,
            r.unit,
            r.target,
            r.status,
            r.budget,
            r.spent,
            r.rate,
            r.time_progress,
            r.gap,
            "、".join(r.at_risk),
        ]
        for r in rows
    ]
    body.append(
        [_("合计"), "", _("共 %(n)s 份报告") % {"n": totals.reports}, "", totals.budget, totals.spent]
        + [totals.rate, "", "", ""]
    )
    stream = io.BytesIO()
    write_xlsx(
        stream,
        [
            Sheet(
                title=_("监控汇总"),
                headers=SUMMARY_HEADERS,
                rows=body,
                widths=(20, 24, 36, 12, 16, 16, 11, 11, 13, 40),
            )
        ],
    )
    return stream.getvalue()


def summary_pdf(round: MonitoringRound, rows: list[SummaryRow], scope_name: str) -> bytes:
    return render_pdf(
        "monitoring/pdf/summary.html",
        {
            "title": _("%(scope)s%(round)s绩效运行监控汇总表") % {"scope": scope_name, "round": round},
            "round": round,
            "scope_name": scope_name,
            "rows": rows,
            "totals": totals_of(rows),
        },
    )


def summary_filename(round: MonitoringRound, scope_name: str, ext: str) -> str:
    return f"{scope_name}{round.year}年{round.name}绩效监控汇总.{ext}"


def report_pdf(report: MonitoringReport) -> bytes:
    row = summary_row(report)
    return render_pdf(
        "monitoring/pdf/report.html",
        {
            "title": _("项目支出绩效目标执行监控表"),
            "report": report,
            "row": row,
            "progress": list(report.progress.all()),
            "running_head": f"{report.unit.name} · {report.round}",
        },
    )


# ---------------------------------------------------------------------------------------------
# The region's summary as a job


@job_kind("monitoring_region_summary", gettext_lazy("全区绩效监控汇总表"), queue="reports")
def region_summary_job(job: Job) -> tuple[str, bytes]:
    params = job.params or {}
    round = MonitoringRound.objects.select_related("fiscal_year__region").get(pk=params["round"])
    fmt = params.get("format", "xlsx")
    reports = reports_of_round(job.created_by, round)
    total = reports.count() or 1
    rows = []
    for n, report in enumerate(reports.iterator(chunk_size=200), start=1):
        rows.append(summary_row(report))
        if n % 20 == 0:
            set_progress(job, 5 + 80 * n / total)
    scope_name = round.fiscal_year.region.name
    content = summary_pdf(round, rows, scope_name) if fmt == "pdf" else summary_xlsx(round, rows, scope_name)
    set_progress(job, 95)
    _audit(
        job.created_by,
        round,
        _("导出%(s)s绩效监控汇总（%(f)s） %(r)s") % {"s": scope_name, "f": fmt.upper(), "r": round},
        data={"round": round.pk, "format": fmt, "reports": len(rows), "job": job.pk},
    )
    return summary_filename(round, scope_name, fmt), content


# ---------------------------------------------------------------------------------------------
# Views (monitoring/document_urls.py)


def _audit(user, obj, summary: str, request=None, data=None) -> None:
    audit.record(EventKind.EXPORT, user, obj, summary=summary[:255], data=data or {}, request=request)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _business_user(request) -> None:
    if not scope_of(request.user).roles & BUSINESS_ROLES:
        raise PermissionDenied(_("您的角色无权访问此功能。"))


def _format(fmt: str) -> str:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    return fmt


@login_required
@require_GET
def department_summary_view(request, round_pk, department_pk, fmt):
    """A department's summary: the reports of the department the user may see; none → 404."""
    _business_user(request)
    fmt = _format(fmt)
    round = get_object_or_404(MonitoringRound.objects.select_related("fiscal_year"), pk=round_pk)
    department = get_object_or_404(Organization, pk=department_pk, kind=Organization.Kind.DEPARTMENT)
    scope = scope_of(request.user)
    sees = (scope.region_ids is not None and department.region_id in scope.region_ids) or (
        department.pk in scope.department_ids
    )
    if not sees:
        raise Http404
    rows = [summary_row(r) for r in reports_of_round(request.user, round, department.pk)]
    content = (summary_pdf if fmt == "pdf" else summary_xlsx)(round, rows, department.name)
    _audit(
        request.user,
        department,
        _("导出%(d)s绩效监控汇总（%(f)s） %(r)s") % {"d": department.name, "f": fmt.upper(), "r": round},
        request,
        {"round": round.pk, "department": department.pk, "format": fmt, "reports": len(rows)},
    )
    return _download(
        content,
        summary_filename(round, department.name, fmt),
        PDF_CONTENT_TYPE if fmt == "pdf" else XLSX_CONTENT_TYPE,
    )


@login_required
@require_GET
def region_summary_view(request, round_pk, fmt):
    """The region's summary, for those who see the round's whole region: a job, then its page."""
    _business_user(request)
    fmt = _format(fmt)
    round = get_object_or_404(MonitoringRound.objects.select_related("fiscal_year"), pk=round_pk)
    scope = scope_of(request.user)
    if scope.region_ids is None:
        raise PermissionDenied(_("只有财政部门和领导、审计人员可以导出全区汇总。"))
    if round.fiscal_year.region_id not in scope.region_ids:
        raise Http404
    job = start_job("monitoring_region_summary", request.user, {"round": round.pk, "format": fmt})
    return redirect(reverse("job_detail", args=[job.pk]))


@login_required
@require_GET
def report_pdf_view(request, pk):
    _business_user(request)
    report = get_visible_or_404(
        MonitoringReport.objects.select_related(
            "round__fiscal_year", "target", "unit", "department", "project"
        ),
        request.user,
        pk=pk,
    )
    content = report_pdf(report)
    _audit(request.user, report, _("导出绩效监控报告（PDF） %(r)s") % {"r": report}, request)
    return _download(content, f"{report.unit.name}{report.target.name}绩效监控表.pdf", PDF_CONTENT_TYPE)
