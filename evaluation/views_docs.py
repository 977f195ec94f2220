"""Pages of the 自评表 documents: download (Excel, PDF), a unit's upload of its filled form, and the
historical import of past years' workbooks (a zip, run as a job with a progress bar).

Thin: access is checked here, the work is done by evaluation.selfeval_documents and
evaluation.selfeval_import. Another unit's self-evaluation is a 404 (visible_to); a visible one the
user may not import into is a 403 with the reason.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evaluation import selfeval_documents as documents
from evaluation import selfeval_import as imports
from evaluation.models import HistoricalImport, ScoringScheme
from perfapp.access import deny, require_business_role
from perfapp.jobs import start_job
from perfapp.models import Job
from perfapp.workflow import WorkflowError


@require_GET
def self_form_download(request, pk, fmt):
    """The 项目支出绩效自评表 of a self-evaluation the user sees, as Excel or PDF."""
    require_business_role(request)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    evaluation = documents.self_evaluation_for(request.user, pk)
    return documents.download(evaluation, request.user, fmt, request=request)


@require_http_methods(["GET", "POST"])
def self_import(request, pk):
    """Upload the filled 自评表 into this self-evaluation (the unit, while it is editable); a bad
    file shows the per-cell errors and changes nothing."""
    require_business_role(request)
    evaluation = documents.self_evaluation_for(request.user, pk)
    allowed, reason = imports.can_import(request.user, evaluation)
    context = {"evaluation": evaluation, "allowed": allowed, "reason": reason, "errors": None}
    if request.method == "POST":
        if not allowed:
            deny(request, reason, evaluation)
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = [
                {"sheet": "", "cell": "", "reason": _("请选择要导入的自评表文件（.xlsx）。")}
            ]
            return render(request, "evaluation/docs/self_import.html", context, status=400)
        data = upload.read(_max_bytes() + 1)
        try:
            result = imports.import_into(
                evaluation,
                data,
                upload.name,
                request.user,
                seen_version=request.POST.get("version") or None,
                request=request,
            )
        except imports.WorkbookRefused as exc:
            context["errors"] = exc.as_dicts()
            return render(request, "evaluation/docs/self_import.html", context, status=400)
        except WorkflowError as exc:
            context["errors"] = [{"sheet": "", "cell": "", "reason": exc.message}]
            return render(request, "evaluation/docs/self_import.html", context, status=409)
        messages.success(request, _("已从自评表导入：%(n)s") % {"n": evaluation.name})
        if result.score_problem:
            messages.warning(request, _("暂不能计算得分：%(r)s") % {"r": result.score_problem})
        return redirect(_after_import_url(evaluation))
    return render(request, "evaluation/docs/self_import.html", context)


def _after_import_url(evaluation) -> str:
    """The self-evaluation's own page when the self-evaluation pages provide one."""
    from django.urls import NoReverseMatch

    try:
        return reverse("evaluation:self_detail", args=[evaluation.pk])
    except NoReverseMatch:
        return reverse("evaluation:self_import", args=[evaluation.pk])


def _max_bytes() -> int:
    from django.conf import settings

    return settings.IMPORT_MAX_BYTES


# --- historical import ----------------------------------------------------------------------------


class HistoricalImportForm(forms.Form):
    """A zip of filled 自评表 workbooks (or one workbook), the year they belong to and the scheme
    to score them under."""

    fiscal_year = forms.ModelChoiceField(
        label=_("预算年度"), queryset=None, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    scoring_scheme = forms.ModelChoiceField(
        label=_("评分规则"), queryset=None, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    file = forms.FileField(
        label=_("自评表压缩包（.zip，内含 .xlsx 自评表；也可上传单个 .xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control form-control-sm", "accept": ".zip,.xlsx"}
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        from budgets.models import FiscalYear

        super().__init__(*args, **kwargs)
        regions = imports.historical_admin_regions(user)
        self.fields["fiscal_year"].queryset = (
            FiscalYear.objects.filter(region_id__in=regions)
            .select_related("region")
            .order_by("-year", "region__code")
        )
        self.fields["scoring_scheme"].queryset = ScoringScheme.objects.filter(region_id__in=regions).order_by(
            "region__code", "name"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".zip", ".xlsx")):
            raise forms.ValidationError(_("请上传 .zip 压缩包或 .xlsx 文件。"))
        if upload.size > imports.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)s MB，请分批上传。") % {"mb": imports.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        year, scheme = data.get("fiscal_year"), data.get("scoring_scheme")
        if year and scheme and scheme.region_id != year.region_id:
            self.add_error("scoring_scheme", _("评分规则须属于所选预算年度的行政区划。"))
        return data


def _require_region_reader(request):
    """Finance admins, leaders and auditors see their regions' historical imports."""
    require_business_role(request)
    if imports.historical_regions(request.user) is None:
        deny(request, _("只有财政部门绩效管理人员、领导和审计人员可以查看历史自评导入。"))


def _historical_for(request, pk) -> HistoricalImport:
    try:
        return (
            imports.historical_visible_to(request.user).select_related("scoring_scheme", "region").get(pk=pk)
        )
    except (HistoricalImport.DoesNotExist, ValueError):
        raise Http404


@require_http_methods(["GET", "POST"])
def historical_import_list(request):
    """The historical imports of the user's regions; finance admin uploads a zip of workbooks."""
    _require_region_reader(request)
    can_start = imports.can_import_historical(request.user)
    form = HistoricalImportForm(user=request.user) if can_start else None
    status = 200
    if request.method == "POST":
        if not can_start:
            deny(request, _("只有财政管理员可以导入历史自评表。"))
        form = HistoricalImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            record = start_historical_import(request.user, form.cleaned_data)
            messages.success(request, _("已开始导入，请在本页查看进度和导入报告。"))
            return redirect("evaluation:historical_import_detail", pk=record.pk)
        status = 400
    imports_ = imports.historical_visible_to(request.user).select_related(
        "scoring_scheme", "region", "created_by"
    )
    return render(
        request,
        "evaluation/docs/historical_list.html",
        {"imports": imports_[:100], "form": form, "can_start": can_start},
        status=status,
    )


def start_historical_import(user, data: dict) -> HistoricalImport:
    """Save the uploaded zip, create the HistoricalImport and queue its job (on commit)."""
    fiscal_year, scheme, upload = data["fiscal_year"], data["scoring_scheme"], data["file"]
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".zip"
    path = default_storage.save(
        f"evaluation/imports/uploads/{uuid.uuid4().hex}{suffix}",
        ContentFile(upload.read(), name=f"upload{suffix}"),
    )
    with transaction.atomic():
        record = HistoricalImport.objects.create(
            region=fiscal_year.region, year=fiscal_year.year, scoring_scheme=scheme, created_by=user
        )
        job = start_job(
            "evaluation_historical_import",
            user,
            {
                "historical_import": record.pk,
                "fiscal_year": fiscal_year.pk,
                "scoring_scheme": scheme.pk,
                "upload": path,
                "file": upload.name,
            },
        )
        record.report = {"job": job.pk, "upload": upload.name}
        record.save(update_fields=["report"])
    return record


def _job_of(record: HistoricalImport) -> Job | None:
    job_id = (record.report or {}).get("job")
    return Job.objects.filter(pk=job_id).first() if job_id else None


def _detail_context(record: HistoricalImport) -> dict:
    files = (record.report or {}).get("files", [])
    return {
        "record": record,
        "job": _job_of(record),
        "files": files,
        "failed": [f for f in files if f.get("status") == "failed"],
        "imported": [f for f in files if f.get("status") == "imported"],
        "finished": record.status != HistoricalImport.Status.RUNNING,
    }


@require_GET
def historical_import_detail(request, pk):
    _require_region_reader(request)
    record = _historical_for(request, pk)
    return render(request, "evaluation/docs/historical_detail.html", _detail_context(record))


@require_GET
def historical_import_status(request, pk):
    """The fragment the detail page polls while the import runs; when done, the whole report."""
    _require_region_reader(request)
    record = _historical_for(request, pk)
    return render(request, "evaluation/docs/partials/historical_status.html", _detail_context(record))


@require_GET
def historical_import_report(request, pk, fmt):
    """The report as CSV or JSON."""
    _require_region_reader(request)
    record = _historical_for(request, pk)
    file = record.report_csv if fmt == "csv" else record.report_json if fmt == "json" else None
    if not file:
        raise Http404
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    name = f"{record.year}年度历史自评导入报告-{record.pk}.{fmt}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
