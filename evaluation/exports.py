"""Exports for auditors (审计, 人大预工委, 纪检), leaders and finance: any final evaluation report
(the stored PDF, checked against its SHA-256) and the region-wide table of all evaluations of a
year (self, department, fiscal and re-evaluations) as Excel.

Every export goes through visible_to(user) — a department officer's table holds only its own
department's rows — and every export is an audit event (EXPORT) [DESIGN.md §1 auditor; §4 Audit].
The table is streamed: rows are read in chunks (two queries per chunk for the money and the
report hashes), written by openpyxl in write-only mode to a temporary file, and sent from disk,
so memory stays flat for a province's 200,000 evaluations [DESIGN.md §7 Speed].
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.models import Category
from evaluation.models import Evaluation, EvaluationReport
from evaluation.reports import ReportError, figures_of, pdf_filename, score_table_xlsx, store_pdf
from perfapp import audit
from perfapp.documents import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, Sheet, sha256_of, write_xlsx
from perfapp.models import EventKind

#: The evaluations of the region table (spot-check re-scorings are the spot checks' own list).
TABLE_KINDS = (
    Evaluation.Kind.SELF,
    Evaluation.Kind.DEPARTMENT,
    Evaluation.Kind.FISCAL,
    Evaluation.Kind.RE_EVALUATION,
)
TABLE_HEADERS = (
    gettext_lazy("年度"),
    gettext_lazy("评价类型"),
    gettext_lazy("项目"),
    gettext_lazy("被评价单位"),
    gettext_lazy("主管部门"),
    gettext_lazy("资金类别"),
    gettext_lazy("全年预算数（元）"),
    gettext_lazy("执行数（元）"),
    gettext_lazy("执行率（%）"),
    gettext_lazy("总分"),
    gettext_lazy("评价等级"),
    gettext_lazy("状态"),
    gettext_lazy("已降档"),
    gettext_lazy("定稿报告 SHA-256"),
)
TABLE_WIDTHS = (7, 12, 40, 26, 24, 16, 16, 16, 10, 8, 9, 12, 8, 66)
CHUNK = 1000


def table_queryset(user, year: int):
    return (
        Evaluation.objects.visible_to(user)
        .filter(year=year, kind__in=TABLE_KINDS)
        .select_related("project", "unit", "department")
        .order_by("department__code", "unit__code", "kind", "id")
    )


def final_hashes(evaluation_ids: list[int]) -> dict[int, str]:
    """The SHA-256 of each evaluation's newest final report (one query)."""
    out: dict[int, str] = {}
    for evaluation_id, digest in (
        EvaluationReport.objects.filter(
            evaluation_id__in=evaluation_ids, status=EvaluationReport.Status.FINAL
        )
        .order_by("evaluation_id", "number")
        .values_list("evaluation_id", "sha256")
    ):
        out[evaluation_id] = digest  # ascending numbers: the last one seen is the newest
    return out


def _chunk_rows(batch: list[Evaluation]) -> Iterator[list]:
    figures = figures_of(batch)
    hashes = final_hashes([e.pk for e in batch])
    kinds = dict(Evaluation.Kind.choices)
    statuses = dict(Evaluation.Status.choices)
    categories = dict(Category.choices)
    for e in batch:
        f = figures[e.pk]
        category = e.category or (e.project.category if e.project_id else "")
        yield [
            e.year,
            kinds.get(e.kind, e.kind),
            e.project.name if e.project_id else e.name,
            e.unit.name,
            e.department.name,
            categories.get(category, category),
            f.budget,
            f.spent,
            f.rate,
            e.total_score,
            e.grade_label,
            statuses.get(e.status, e.status),
            _("是") if e.downgraded else _("否"),
            hashes.get(e.pk, ""),
        ]


def table_rows(queryset) -> Iterator[list]:
    """The table's rows, read CHUNK evaluations at a time."""
    batch: list[Evaluation] = []
    for evaluation in queryset.iterator(chunk_size=CHUNK):
        batch.append(evaluation)
        if len(batch) >= CHUNK:
            yield from _chunk_rows(batch)
            batch = []
    if batch:
        yield from _chunk_rows(batch)


def export_region_table(user, year: int, *, request=None) -> FileResponse:
    """全区绩效评价汇总表 of `year` as .xlsx, scoped to `user`; audited with the row count."""
    spool = tempfile.TemporaryFile()
    rows = write_xlsx(
        spool,
        [
            Sheet(
                title=_("%(y)s年度绩效评价") % {"y": year},
                headers=TABLE_HEADERS,
                rows=table_rows(table_queryset(user, year)),
                widths=TABLE_WIDTHS,
            )
        ],
    )
    spool.seek(0)
    audit.record(
        EventKind.EXPORT,
        user,
        summary=_("导出%(y)s年度绩效评价汇总表 %(n)s 行") % {"y": year, "n": rows},
        data={"what": "evaluation.region_table", "year": year, "rows": rows},
        request=request,
    )
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_("绩效评价汇总表-%(y)s年度.xlsx") % {"y": year},
        content_type=XLSX_CONTENT_TYPE,
    )


def final_report_content(report: EvaluationReport, user) -> bytes:
    """The stored PDF of a final report, refused when the file no longer matches its SHA-256."""
    content = store_pdf(report, user)
    if sha256_of(content) != report.sha256:
        raise ReportError(
            _("存档报告文件与登记的 SHA-256 不一致，已拒绝导出，请联系系统管理员。"), code="integrity"
        )
    return content


def export_final_report(report: EvaluationReport, user, *, request=None) -> FileResponse:
    """A final report's PDF (rendered and stored on first use), audited with its SHA-256."""
    import io

    content = final_report_content(report, user)
    audit.record(
        EventKind.EXPORT,
        user,
        report,
        summary=_("导出评价报告：%(r)s") % {"r": report},
        data={
            "what": "evaluation.final_report",
            "evaluation": report.evaluation_id,
            "number": report.number,
            "sha256": report.sha256,
        },
        request=request,
    )
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=pdf_filename(report), content_type=PDF_CONTENT_TYPE
    )


def export_score_table(evaluation: Evaluation, user, *, request=None) -> FileResponse:
    """评分表 (criteria, points, submitted experts' scores, agreed score) as .xlsx; audited."""
    import io

    content = score_table_xlsx(evaluation, user)
    audit.record(
        EventKind.EXPORT,
        user,
        evaluation,
        summary=_("导出评分表：%(e)s") % {"e": evaluation.name},
        data={"what": "evaluation.score_table", "evaluation": evaluation.pk, "sha256": sha256_of(content)},
        request=request,
    )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=_("%(e)s评分表.xlsx") % {"e": evaluation.name},
        content_type=XLSX_CONTENT_TYPE,
    )
