"""API of evaluation work records, reports and exports (reports part of issue 5).

/api/v1/evaluation-work-records/  list (?evaluation=), retrieve, create (multipart with `files`),
                                  POST {id}/files/ more files, GET {id}/files/{file_id}/ download
/api/v1/evaluation-reports/       list (?evaluation=, ?status=), retrieve, create/update a draft,
                                  GET {id}/versions/, POST {id}/finalize/, POST {id}/correct/,
                                  GET {id}/pdf/ (final only, audited)
/api/v1/evaluation-exports/region-table/?year=  the region-wide Excel table (streamed, audited)

Same rules as the pages (evaluation.records, evaluation.reports, evaluation.exports): reads
through visible_to(user) (another department's record or report is a 404), leaders and auditors
read and export but never write (RolePolicy), a final report is never changed (400 with the
reason: make a correction).
"""

from __future__ import annotations

import django_filters
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES
from evaluation import exports
from evaluation.models import Attachment, Evaluation, EvaluationReport, WorkRecord
from evaluation.records import (
    RecordInput,
    add_files,
    add_record,
    records_visible_to,
)
from evaluation.reports import (
    FINAL_MESSAGE,
    ReportText,
    correct_report,
    finalize_evaluation,
    reports_visible_to,
    save_draft,
)
from perfapp.api_router import router

# --- work records ---------------------------------------------------------------------------------


class WorkRecordFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "sha256", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        return f"/api/v1/evaluation-work-records/{obj.record_id}/files/{obj.pk}/"


class EvaluationWorkRecordSerializer(serializers.ModelSerializer):
    evaluation = serializers.PrimaryKeyRelatedField(queryset=Evaluation.objects.all())
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default="")
    files = WorkRecordFileSerializer(many=True, read_only=True)

    class Meta:
        model = WorkRecord
        fields = [
            "id",
            "evaluation",
            "kind",
            "kind_display",
            "date",
            "place",
            "people",
            "content",
            "files",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_evaluations(self)


def _visible_evaluations(serializer):
    request = serializer.context.get("request")
    if request is not None:
        serializer.fields["evaluation"].queryset = Evaluation.objects.visible_to(request.user)


class WorkRecordFilter(django_filters.FilterSet):
    class Meta:
        model = WorkRecord
        fields = ["evaluation", "kind"]


class WorkRecordUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class WorkRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """评价工作记录: added by the evaluator (assigned experts: off-site and on-site work)."""

    serializer_class = EvaluationWorkRecordSerializer
    filterset_class = WorkRecordFilter
    allowed_roles = BUSINESS_ROLES
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering_fields = ["date", "id"]

    def get_queryset(self):
        return (
            records_visible_to(self.request.user)
            .select_related("created_by")
            .prefetch_related("files")
            .order_by("evaluation_id", "date", "id")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        evaluation = d["evaluation"]
        files = request.FILES.getlist("files") if hasattr(request.FILES, "getlist") else []
        record = add_record(
            evaluation,
            request.user,
            RecordInput(d["kind"], d["date"], d.get("place", ""), d.get("people", ""), d.get("content", "")),
            files,
            request=request,
        )
        data = self.get_serializer(self.get_queryset().get(pk=record.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WorkRecordUploadSerializer, responses=EvaluationWorkRecordSerializer, filters=False
    )
    @action(detail=True, methods=["post"], url_path="files", filter_backends=[])
    def upload_files(self, request, pk=None):
        record = self.get_object()
        add_files(record, request.user, request.FILES.getlist("files"), request=request)
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_id>\d+)", filter_backends=[])
    def download_file(self, request, pk=None, file_id=None):
        record = self.get_object()
        attachment = record.files.filter(pk=file_id).first()
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404
        return FileResponse(handle, as_attachment=True, filename=attachment.name)


# --- reports --------------------------------------------------------------------------------------


class EvaluationReportSerializer(serializers.ModelSerializer):
    evaluation = serializers.PrimaryKeyRelatedField(queryset=Evaluation.objects.all())
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default="")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationReport
        fields = [
            "id",
            "evaluation",
            "number",
            "version",
            "status",
            "status_display",
            "summary",
            "findings",
            "recommendations",
            "total_score",
            "grade_label",
            "reason",
            "sha256",
            "pdf_url",
            "created_by_name",
            "created_at",
            "finalized_at",
        ]
        read_only_fields = [
            "number",
            "version",
            "status",
            "total_score",
            "grade_label",
            "reason",
            "sha256",
            "created_at",
            "finalized_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_evaluations(self)

    def get_pdf_url(self, obj) -> str | None:
        if obj.status != EvaluationReport.Status.FINAL:
            return None
        return f"/api/v1/evaluation-reports/{obj.pk}/pdf/"


class ReportFinalizeSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=gettext_lazy("您看到的评价版本号（评价的 version）")
    )


class ReportCorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=4000, error_messages={"blank": gettext_lazy("请填写更正原因。")}
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluationReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="evaluation__year")

    class Meta:
        model = EvaluationReport
        fields = ["evaluation", "status"]


def _text(data) -> ReportText:
    return ReportText(
        data.get("summary", "") or "", data.get("findings", "") or "", data.get("recommendations", "") or ""
    )


class EvaluationReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """评价报告 versions: a draft is written by the evaluator; a final version never changes."""

    serializer_class = EvaluationReportSerializer
    filterset_class = EvaluationReportFilter
    allowed_roles = BUSINESS_ROLES
    ordering_fields = ["number", "finalized_at", "id"]

    def get_queryset(self):
        return (
            reports_visible_to(self.request.user)
            .select_related("created_by")
            .order_by("evaluation_id", "-number")
        )

    def _respond(self, report, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        """Write the evaluation's draft (the latest draft, or version 1)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        evaluation = d["evaluation"]
        existed = evaluation.reports.exists()
        report = save_draft(evaluation, request.user, _text(d), request=request)
        return self._respond(report, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        report = self.get_object()
        if report.status == EvaluationReport.Status.FINAL:
            raise exceptions.ValidationError({"detail": str(FINAL_MESSAGE), "code": "final"})
        latest = (
            EvaluationReport.objects.filter(evaluation_id=report.evaluation_id).order_by("-number").first()
        )
        if latest.pk != report.pk:
            raise exceptions.ValidationError({"detail": _("只能修改最新版本的草稿。")})
        serializer = self.get_serializer(report, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        d = {
            "summary": report.summary,
            "findings": report.findings,
            "recommendations": report.recommendations,
            **serializer.validated_data,
        }
        report = save_draft(
            report.evaluation,
            request.user,
            _text(d),
            seen_version=request.data.get("version"),
            request=request,
        )
        return self._respond(report)

    @extend_schema(responses=EvaluationReportSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def versions(self, request, pk=None):
        """Every version of the same evaluation, newest first (earlier versions stay visible)."""
        report = self.get_object()
        qs = self.get_queryset().filter(evaluation_id=report.evaluation_id).order_by("-number")
        return Response(self.get_serializer(qs, many=True).data)

    @extend_schema(request=ReportFinalizeSerializer, responses=EvaluationReportSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def finalize(self, request, pk=None):
        """定稿: the evaluation's finalize transition (from 联评联审), then this report is final and
        its PDF is rendered by a job."""
        report = self.get_object()
        asked = ReportFinalizeSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        final = finalize_evaluation(
            report.evaluation, request.user, seen_version=asked.validated_data.get("version"), request=request
        )
        return self._respond(final)

    @extend_schema(request=ReportCorrectionSerializer, responses=EvaluationReportSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def correct(self, request, pk=None):
        """更正: a new final version with its reason; the earlier ones stay."""
        report = self.get_object()
        asked = ReportCorrectionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        new = correct_report(report.evaluation, request.user, _text(d), d["reason"], request=request)
        return self._respond(new, status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def pdf(self, request, pk=None):
        """The stored PDF of a final version (rendered the first time), audited as EXPORT."""
        report = self.get_object()
        if report.status != EvaluationReport.Status.FINAL:
            raise Http404
        return exports.export_final_report(report, request.user, request=request)


# --- exports --------------------------------------------------------------------------------------


class EvaluationExportViewSet(viewsets.GenericViewSet):
    """Exports for auditors, leaders and finance (scoped to what the user sees; audited)."""

    allowed_roles = BUSINESS_ROLES
    serializer_class = serializers.Serializer
    pagination_class = None

    def get_queryset(self):
        return Evaluation.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description=gettext_lazy("年度"))
        ],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY
        },
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="region-table", filter_backends=[])
    def region_table(self, request):
        """全区绩效评价汇总表 of a year (Excel, streamed)."""
        year = request.query_params.get("year", "")
        if not year.isdigit():
            raise exceptions.ValidationError({"year": _("请指定年度。")})
        return exports.export_region_table(request.user, int(year), request=request)


router.register("evaluation-work-records", WorkRecordViewSet, basename="evaluation-work-record")
router.register("evaluation-reports", EvaluationReportViewSet, basename="evaluation-report")
router.register("evaluation-exports", EvaluationExportViewSet, basename="evaluation-export")
