"""API of the 自评表 documents and the historical import.

- /api/v1/evaluation/self-forms/{id}/form.xlsx — GET the 项目支出绩效自评表 of a self-evaluation;
  POST (multipart `file`, optional `version`) imports a filled one into it (the declaring unit,
  while editable; a bad file → 400 with the per-cell errors, nothing changed).
- /api/v1/evaluation/self-forms/{id}/form.pdf — GET the PDF.
- /api/v1/evaluation/historical-imports/ — list and read the historical imports of one's regions
  (finance admin, leader, auditor); POST (multipart fiscal_year, scoring_scheme, file: a zip of
  workbooks or one .xlsx) starts an import as a job (finance admin) → 202 with the job.
- /api/v1/evaluation/historical-imports/{id}/report.csv — the report as CSV.

Same rules and scoping as the pages: another unit's self-evaluation is a 404.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES, Role
from evaluation import selfeval_documents as documents
from evaluation import selfeval_import as imports
from evaluation.models import Evaluation, HistoricalImport
from perfapp.api_router import router
from perfapp.workflow import WorkflowError

CELL_ERROR = inline_serializer(
    "SelfFormCellError",
    {
        "sheet": serializers.CharField(),
        "cell": serializers.CharField(),
        "row": serializers.IntegerField(allow_null=True),
        "reason": serializers.CharField(),
    },
)


class SelfFormImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("填写好的项目支出绩效自评表（.xlsx）"))
    version = serializers.IntegerField(required=False, help_text=_("页面读取时的版本号（防止覆盖他人修改）"))


class SelfFormResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    total_score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    grade_label = serializers.CharField()
    score_problem = serializers.CharField(help_text=_("暂不能计算得分的原因（能计算时为空）"))


class SelfFormViewSet(viewsets.GenericViewSet):
    """The official 自评表 of a self-evaluation: Excel out and in, PDF."""

    allowed_roles = BUSINESS_ROLES
    write_roles = frozenset({Role.UNIT_OFFICER, Role.DEPT_OFFICER})
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = SelfFormResultSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return Evaluation.objects.visible_to(self.request.user).filter(kind=Evaluation.Kind.SELF)

    def _evaluation(self, pk) -> Evaluation:
        return documents.self_evaluation_for(self.request.user, pk)

    @extend_schema(
        methods=["GET"],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY
        },
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": SelfFormImportSerializer},
        responses={
            200: SelfFormResultSerializer,
            400: inline_serializer(
                "SelfFormRefused",
                {"detail": serializers.CharField(), "code": serializers.CharField(), "errors": CELL_ERROR},
            ),
        },
    )
    @action(detail=True, methods=["get", "post"], url_path="form.xlsx")
    def form_xlsx(self, request, pk=None):
        """GET: the 自评表 in Excel. POST: import a filled one (all-or-nothing), then the new score."""
        evaluation = self._evaluation(pk)
        if request.method == "GET":
            return documents.download(evaluation, request.user, "xlsx", request=request)
        allowed, reason = imports.can_import(request.user, evaluation)
        if not allowed:
            raise WorkflowError(reason, code="permission")
        asked = SelfFormImportSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        upload = asked.validated_data["file"]
        from django.conf import settings

        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            result = imports.import_into(
                evaluation,
                data,
                upload.name,
                request.user,
                seen_version=asked.validated_data.get("version"),
                request=request,
            )
        except imports.WorkbookRefused as exc:
            return Response(
                {"detail": _("文件有误，未导入任何内容。"), "code": "invalid_file", "errors": exc.as_dicts()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            SelfFormResultSerializer(
                {
                    **{
                        f: getattr(result.evaluation, f)
                        for f in ("id", "version", "total_score", "grade_label")
                    },
                    "score_problem": result.score_problem,
                }
            ).data
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="form.pdf")
    def form_pdf(self, request, pk=None):
        return documents.download(self._evaluation(pk), request.user, "pdf", request=request)


class HistoricalImportSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    scoring_scheme_name = serializers.CharField(source="scoring_scheme.name", read_only=True, default="")
    job = serializers.SerializerMethodField()

    class Meta:
        model = HistoricalImport
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "scoring_scheme",
            "scoring_scheme_name",
            "status",
            "files_total",
            "files_imported",
            "files_failed",
            "report",
            "created_at",
            "job",
        ]
        read_only_fields = fields

    def get_job(self, obj) -> int | None:
        return (obj.report or {}).get("job")


class HistoricalImportStartSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=_("预算年度 id"))
    scoring_scheme = serializers.IntegerField(help_text=_("评分规则 id"))
    file = serializers.FileField(help_text=_("自评表压缩包（.zip）或单个 .xlsx"))


class HistoricalImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Historical imports of past 自评表 workbooks, with their reports."""

    serializer_class = HistoricalImportSerializer
    allowed_roles = frozenset({Role.FINANCE_ADMIN, Role.LEADER, Role.AUDITOR})
    write_roles = frozenset({Role.FINANCE_ADMIN})
    parser_classes = [MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        return (
            imports.historical_visible_to(self.request.user)
            .select_related("region", "scoring_scheme")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request={"multipart/form-data": HistoricalImportStartSerializer},
        responses={
            202: inline_serializer(
                "HistoricalImportStarted",
                {
                    "id": serializers.IntegerField(),
                    "job": serializers.IntegerField(),
                    "url": serializers.CharField(),
                },
            )
        },
    )
    def create(self, request):
        """Start an import (finance admin of the year's region): the import runs as a job."""
        from evaluation.views_docs import HistoricalImportForm, start_historical_import

        form = HistoricalImportForm(request.data, request.FILES, user=request.user)
        if not form.is_valid():
            raise exceptions.ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        record = start_historical_import(request.user, form.cleaned_data)
        return Response(
            {
                "id": record.pk,
                "job": record.report["job"],
                "url": reverse("evaluation:historical_import_detail", args=[record.pk]),
            },
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="report.csv")
    def report_csv(self, request, pk=None):
        record = self.get_object()
        if not record.report_csv:
            raise Http404
        return FileResponse(
            record.report_csv.open("rb"),
            as_attachment=True,
            filename=f"{record.year}年度历史自评导入报告-{record.pk}.csv",
            content_type="text/csv; charset=utf-8",
        )


router.register("evaluation/self-forms", SelfFormViewSet, basename="evaluation-self-form")
router.register(
    "evaluation/historical-imports", HistoricalImportViewSet, basename="evaluation-historical-import"
)
