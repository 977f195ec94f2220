"""Public portal of disclosed evaluation results [003][004 第四十三条]: no login, GET only,
rate-limited per IP; page, CSV and JSON share one selection (perfapp.portal.select over
results.disclosure.public_evaluations), so they list the same rows for the same parameters.

Each disclosed item has its own page with the score, the grade and the findings, and the PDF of its
final report (external evaluations) or of its 自评表 (self-evaluations). An item that is not
disclosed, is 涉密 or is not finished is a 404 on both.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from evaluation.models import Evaluation, EvaluationReport, SelfEvaluationRow
from evaluation.records import EXTERNAL_KINDS
from perfapp import portal
from perfapp.documents import PDF_CONTENT_TYPE
from perfapp.portal import rate_limited
from results import disclosure

__all__ = ["rate_limited"]

portal.register(
    portal.Section(
        key="results",
        label=gettext_lazy("评价结果"),
        url_name="portal_results:result_list",
        queryset=disclosure.public_evaluations,
        order=20,
    )
)


def _filtered(request):
    selection, qs = portal.select(request, "results")
    qs = disclosure.search(qs, selection.q)
    return portal.paginate(request, qs), selection


def _rows(page) -> list[dict]:
    return [disclosure.row(e) for e in page.object_list]


@require_GET
@rate_limited
def result_list(request):
    page, selection = _filtered(request)
    return render(
        request,
        "results/portal/list.html",
        {"page": page, "rows": _rows(page), "selection": selection, "query": selection.query},
    )


@require_GET
@rate_limited
def result_json(request):
    page, _selection = _filtered(request)
    rows = _rows(page)
    for r in rows:
        r["url"] = request.build_absolute_uri(reverse("portal_results:result_detail", args=[r["id"]]))
    return portal.json_page(page, rows)


@require_GET
@rate_limited
def result_csv(request):
    page, _selection = _filtered(request)
    return portal.csv_response(
        "evaluation-results.csv",
        ["ID", *disclosure.HEADERS],
        ([r["id"], *(r[c] for c in disclosure.COLUMNS)] for r in _rows(page)),
    )


def _public_item(pk) -> Evaluation:
    return get_object_or_404(disclosure.public_evaluations().select_related("fiscal_year", "target"), pk=pk)


def _final_report(evaluation: Evaluation) -> EvaluationReport | None:
    """The newest final version of an external evaluation's report (a correction replaces it)."""
    if evaluation.kind not in EXTERNAL_KINDS:
        return None
    return (
        EvaluationReport.objects.filter(evaluation=evaluation, status=EvaluationReport.Status.FINAL)
        .order_by("-number")
        .first()
    )


def _has_self_form(evaluation: Evaluation) -> bool:
    return (
        evaluation.kind == Evaluation.Kind.SELF
        and SelfEvaluationRow.objects.filter(evaluation=evaluation).exists()
    )


@require_GET
@rate_limited
def result_detail(request, pk):
    evaluation = _public_item(pk)
    report = _final_report(evaluation)
    has_pdf = report is not None or _has_self_form(evaluation)
    return render(
        request,
        "results/portal/detail.html",
        {
            "evaluation": evaluation,
            "row": disclosure.row(evaluation),
            "report": report,
            "has_pdf": has_pdf,
            "selection_query": request.GET.urlencode(),
        },
    )


#: A rendered 自评表 is kept this long (an accepted self-evaluation no longer changes).
SELF_FORM_CACHE_SECONDS = 24 * 3600


def _self_form_pdf(evaluation: Evaluation) -> bytes:
    from evaluation.selfeval_documents import form_pdf

    key = f"portal_self_form:{evaluation.pk}:{evaluation.updated_at.timestamp()}"
    content = cache.get(key)
    if content is None:
        content = form_pdf(evaluation)
        cache.set(key, content, SELF_FORM_CACHE_SECONDS)
    return content


@require_GET
@rate_limited
def result_pdf(request, pk):
    """The item's PDF: the stored final report (rendered and stored with its SHA-256 on first use,
    refused if the file no longer matches it) or the 自评表; 404 when the item has none."""
    from evaluation.exports import final_report_content
    from evaluation.reports import ReportError, pdf_filename

    evaluation = _public_item(pk)
    report = _final_report(evaluation)
    if report is not None:
        try:
            content = final_report_content(report, None)
        except ReportError as exc:
            raise Http404 from exc
        name = pdf_filename(report)
    elif _has_self_form(evaluation):
        from evaluation.selfeval_documents import filename

        content, name = _self_form_pdf(evaluation), filename(evaluation, "pdf")
    else:
        raise Http404
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response
