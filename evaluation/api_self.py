"""API of self-evaluations (/api/v1/self-evaluations/), their seasons
(/api/v1/self-evaluation-seasons/) and the scoring-scheme library (/api/v1/scoring-schemes/).

Same rules and scoping as the pages (evaluation.selfeval): reads go through visible_to(user) —
another unit's self-evaluation is a 404, an expert sees none; leaders and auditors read only; the
declaring unit PATCHes its input with the version it saw (the money, 分值 and 得分 are computed and
read-only); transitions go through evaluation.selfeval.run_transition; the season is opened and
schemes are kept by the region's finance admin.
"""

from __future__ import annotations

import json

import django_filters
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, filters, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES, Role
from budgets.models import FiscalYear
from evaluation import selfeval as se
from evaluation.models import Attachment, Evaluation, ScoringScheme, Season, SelfEvaluationRow
from perfapp import audit
from perfapp.api_router import router
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, available_transitions, history_of

VERSION_HELP = gettext_lazy("您看到的版本号")


# --- self-evaluations ------------------------------------------------------------------------------


class SelfEvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("evaluation:self_evidence_download", args=[obj.pk])


class SelfEvaluationRowSerializer(serializers.ModelSerializer):
    level1_display = serializers.CharField(source="get_level1_display", read_only=True)
    comparator_display = serializers.CharField(source="get_comparator_display", read_only=True)
    evidence = SelfEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = SelfEvaluationRow
        fields = [
            "id",
            "order",
            "level1",
            "level1_display",
            "level2",
            "name",
            "comparator",
            "comparator_display",
            "target_value",
            "target_text",
            "unit",
            "weight",
            "actual_value",
            "actual_text",
            "not_applicable",
            "band",
            "achievement",
            "deviation_reason",
            "points",
            "score",
            "formula",
            "rule",
            "evidence",
        ]
        read_only_fields = fields


class SelfEvaluationSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True, default="")
    rows = SelfEvaluationRowSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "fiscal_year",
            "year",
            "target",
            "project",
            "project_code",
            "name",
            "is_department_overall",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "region",
            "category",
            "initial_budget",
            "annual_budget",
            "spent",
            "execution_rate",
            "execution_score",
            "execution_explanation",
            "goal_expected",
            "goal_actual",
            "total_score",
            "grade",
            "grade_label",
            "downgraded",
            "violation",
            "violation_note",
            "policy_version",
            "status",
            "status_display",
            "submitted_at",
            "version",
            "rows",
        ]
        read_only_fields = fields


class SelfEvaluationRowInputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    actual_value = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)
    actual_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    not_applicable = serializers.BooleanField(required=False)
    band = serializers.CharField(required=False, allow_blank=True, max_length=16)
    achievement = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("定性指标完成程度，0 到 1"),
    )
    deviation_reason = serializers.CharField(required=False, allow_blank=True)


class SelfEvaluationInputSerializer(serializers.Serializer):
    """What the declaring unit may change; scores and money are computed (anything else is ignored)."""

    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)
    goal_actual = serializers.CharField(required=False, allow_blank=True)
    execution_explanation = serializers.CharField(required=False, allow_blank=True)
    rows = SelfEvaluationRowInputSerializer(many=True, required=False)


class SelfEvaluationResultSerializer(SelfEvaluationSerializer):
    score_problem = serializers.CharField(
        read_only=True, help_text=gettext_lazy("输入尚不能计算得分时的原因（已保存输入）")
    )

    class Meta(SelfEvaluationSerializer.Meta):
        fields = [*SelfEvaluationSerializer.Meta.fields, "score_problem"]
        read_only_fields = fields


class SelfEvaluationTransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[(n, se.TRANSITION_LABELS[n]) for n in se.TRANSITIONS])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class SelfEvaluationAvailableTransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()


class SelfEvaluationHistorySerializer(serializers.Serializer):
    transition = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    actor_name = serializers.CharField()
    comment = serializers.CharField()
    at = serializers.DateTimeField()


class SelfEvaluationTransitionsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    available = SelfEvaluationAvailableTransitionSerializer(many=True)
    history = SelfEvaluationHistorySerializer(many=True)


class SelfEvaluationViolationSerializer(serializers.Serializer):
    violation = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class SelfEvidenceUploadSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    file = serializers.FileField()


class SelfEvaluationFilter(django_filters.FilterSet):
    grade = django_filters.CharFilter(field_name="grade_label", help_text=gettext_lazy("评价等级，如 优"))
    kind = django_filters.ChoiceFilter(
        choices=[("project", gettext_lazy("项目支出")), ("department", gettext_lazy("部门整体支出"))],
        method="filter_kind",
    )

    class Meta:
        model = Evaluation
        fields = ["fiscal_year", "year", "status", "department", "unit"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(is_department_overall=value == "department")


class SelfEvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """绩效自评: filled by the declaring unit, reviewed by the department (初审) and finance (业务、
    技术审核). Scores are computed on every change, with each row's formula and rule."""

    serializer_class = SelfEvaluationSerializer
    allowed_roles = BUSINESS_ROLES
    filterset_class = SelfEvaluationFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter, filters.SearchFilter]
    search_fields = ["name", "project__code", "unit__name"]
    ordering_fields = ["year", "total_score", "submitted_at", "id"]

    def get_queryset(self):
        qs = (
            se.self_evaluations_visible_to(self.request.user)
            .select_related("project", "unit", "department")
            .prefetch_related(
                Prefetch(
                    "rows",
                    queryset=SelfEvaluationRow.objects.order_by("order", "pk").prefetch_related(
                        Prefetch("evidence", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
                    ),
                )
            )
            .order_by("-year", "department_id", "unit_id", "pk")
        )
        return qs

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    @extend_schema(request=SelfEvaluationInputSerializer, responses=SelfEvaluationResultSerializer)
    def partial_update(self, request, pk=None):
        """Save the unit's input (实际完成值, 偏差原因 …) with the version seen; recomputes the score."""
        evaluation = self.get_object()
        asked = SelfEvaluationInputSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        fields = {k: d[k] for k in se.INPUT_FIELDS if k in d}
        rows = {}
        for item in d.get("rows", []):
            item = dict(item)
            rows[item.pop("id")] = item
        evaluation, problem = se.save_inputs(
            evaluation, request.user, fields=fields, rows=rows, seen_version=d["version"], request=request
        )
        fresh = self._fresh(evaluation.pk)
        fresh.score_problem = problem
        return Response(SelfEvaluationResultSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(methods=["GET"], request=None, responses=SelfEvaluationTransitionsSerializer)
    @extend_schema(
        methods=["POST"], request=SelfEvaluationTransitionSerializer, responses=SelfEvaluationSerializer
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def transitions(self, request, pk=None):
        """GET: the transitions open to the user and the history; POST {name, comment, version}."""
        evaluation = self.get_object()
        if request.method == "POST":
            asked = SelfEvaluationTransitionSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            d = asked.validated_data
            se.run_transition(
                evaluation,
                d["name"],
                request.user,
                comment=d["comment"],
                seen_version=d["version"],
                request=request,
            )
            return Response(self.get_serializer(self._fresh(evaluation.pk)).data)
        data = {
            "version": evaluation.version,
            "status": evaluation.status,
            "status_display": evaluation.get_status_display(),
            "available": [
                {"name": t.name, "label": str(se.TRANSITION_LABELS.get(t.name, t.name)), "target": t.target}
                for t in available_transitions(evaluation, request.user)
            ],
            "history": [
                {
                    "transition": log.transition,
                    "source": log.source,
                    "target": log.target,
                    "actor_name": log.actor.display_name if log.actor else "",
                    "comment": log.comment,
                    "at": log.at,
                }
                for log in history_of(evaluation)
            ],
        }
        return Response(SelfEvaluationTransitionsSerializer(data).data)

    @extend_schema(request=SelfEvaluationViolationSerializer, responses=SelfEvaluationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def violation(self, request, pk=None):
        """Finance records (or withdraws) a violation found: the grade goes one band lower."""
        evaluation = self.get_object()
        asked = SelfEvaluationViolationSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        se.record_violation(
            evaluation,
            request.user,
            violation=d["violation"],
            note=d["note"],
            seen_version=d["version"],
            request=request,
        )
        return Response(self.get_serializer(self._fresh(evaluation.pk)).data)

    @extend_schema(
        request={"multipart/form-data": SelfEvidenceUploadSerializer}, responses=SelfEvidenceSerializer
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Upload an evidence file of one row (the declarer, while editable; ≤ 20 MB)."""
        evaluation = self.get_object()
        asked = SelfEvidenceUploadSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        attachment = se.add_evidence(
            evaluation,
            asked.validated_data["row"],
            asked.validated_data["file"],
            request.user,
            request=request,
        )
        return Response(SelfEvidenceSerializer(attachment).data, status=status.HTTP_201_CREATED)


# --- seasons ---------------------------------------------------------------------------------------


class SelfEvaluationSeasonSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    region = serializers.IntegerField(source="fiscal_year.region_id", read_only=True)
    due = serializers.DateField(source="deadline.due", read_only=True, default=None)
    fiscal_year = serializers.PrimaryKeyRelatedField(queryset=FiscalYear.objects.all())
    self_evaluations = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Season
        fields = ["id", "fiscal_year", "year", "region", "due", "opened_at", "self_evaluations"]
        read_only_fields = ["opened_at"]
        validators = []


class SeasonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """绩效自评工作: POST {fiscal_year} opens the season (finance admin; idempotent)."""

    serializer_class = SelfEvaluationSeasonSerializer
    allowed_roles = BUSINESS_ROLES
    filter_backends = []

    def get_queryset(self):
        return (
            Season.objects.filter(fiscal_year__in=FiscalYear.objects.visible_to(self.request.user))
            .select_related("fiscal_year", "deadline")
            .order_by("-fiscal_year__year", "pk")
        )

    def create(self, request, *args, **kwargs):
        asked = self.get_serializer(data=request.data)
        asked.is_valid(raise_exception=True)
        fiscal_year = asked.validated_data["fiscal_year"]
        if not FiscalYear.objects.visible_to(request.user).filter(pk=fiscal_year.pk).exists():
            raise exceptions.NotFound()
        season = se.open_season(fiscal_year, request.user, request=request)
        season = self.get_queryset().get(pk=season.pk)
        season.self_evaluations = Evaluation.objects.filter(
            fiscal_year=fiscal_year, kind=Evaluation.Kind.SELF
        ).count()
        return Response(self.get_serializer(season).data, status=status.HTTP_201_CREATED)


# --- scoring schemes -------------------------------------------------------------------------------


class ScoringSchemeSerializer(serializers.ModelSerializer):
    data = serializers.JSONField(help_text=gettext_lazy("评分规则：年度政策参数的 self_evaluation 部分"))

    class Meta:
        model = ScoringScheme
        fields = ["id", "region", "name", "description", "data", "copied_from", "created_at", "updated_at"]
        read_only_fields = ["region", "copied_from", "created_at", "updated_at"]
        validators = []

    def validate_data(self, value):
        try:
            return se.parse_scheme_json(json.dumps(value, ensure_ascii=False))
        except WorkflowError as exc:
            raise serializers.ValidationError(exc.message) from exc


class ScoringSchemeNameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class ScoringSchemeCopyFromPolicySerializer(serializers.Serializer):
    fiscal_year = serializers.PrimaryKeyRelatedField(queryset=FiscalYear.objects.all())
    name = serializers.CharField(max_length=100)


class ScoringSchemeImportSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    file = serializers.FileField(required=False, help_text=gettext_lazy("导出的评分规则 JSON 文件"))
    scheme = serializers.JSONField(required=False, help_text=gettext_lazy("或直接提交 JSON 内容"))


class ScoringSchemeApplySerializer(serializers.Serializer):
    fiscal_year = serializers.PrimaryKeyRelatedField(queryset=FiscalYear.objects.all())
    policy_version = serializers.IntegerField(
        required=False, min_value=0, help_text=gettext_lazy("您看到的该年度政策参数版本号")
    )


class ScoringSchemeAppliedSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    policy_version = serializers.IntegerField()


class ScoringSchemeViewSet(viewsets.ModelViewSet):
    """自评评分规则库 of the finance admin's region: copy from a year's Policy, edit, export and
    import JSON, apply to a year (a new Policy version)."""

    serializer_class = ScoringSchemeSerializer
    allowed_roles = {Role.FINANCE_ADMIN}
    filter_backends = []
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return se.scoring_schemes_visible_to(self.request.user).order_by("name", "pk")

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = se.create_scoring_scheme(
            self.request.user,
            name=d["name"],
            description=d.get("description", ""),
            scheme=d["data"],
            request=self.request,
        )

    def perform_update(self, serializer):
        obj = serializer.instance
        d = serializer.validated_data
        serializer.instance = se.update_scoring_scheme(
            obj,
            self.request.user,
            name=d.get("name", obj.name),
            description=d.get("description", obj.description),
            scheme=d.get("data", obj.scheme),
            request=self.request,
        )

    def perform_destroy(self, instance):
        se.delete_scoring_scheme(instance, self.request.user, request=self.request)

    @extend_schema(responses={(200, "application/json"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request, pk=None):
        """The scheme as a JSON file (evaluation.scheme_io format), for another bureau."""
        obj = self.get_object()
        audit.record(
            EventKind.EXPORT,
            request.user,
            obj,
            summary=_("导出自评评分规则：%(n)s") % {"n": obj.name},
            request=request,
        )
        response = HttpResponse(se.scheme_json(obj), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{obj.name}.json")
        return response

    @extend_schema(
        request={
            "multipart/form-data": ScoringSchemeImportSerializer,
            "application/json": ScoringSchemeImportSerializer,
        },
        responses={201: ScoringSchemeSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def import_scheme(self, request):
        """A scheme from a JSON file (or body) written by another bureau's export."""
        asked = ScoringSchemeImportSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        if d.get("file") is not None:
            upload = d["file"]
            if upload.size > 1024 * 1024:
                raise WorkflowError(_("评分规则文件不能超过 1 MB。"), code="invalid")
            text = upload.read()
        elif d.get("scheme") is not None:
            text = json.dumps(d["scheme"], ensure_ascii=False)
        else:
            raise exceptions.ValidationError({"file": _("请上传评分规则文件或提交其 JSON 内容。")})
        obj = se.create_scoring_scheme(
            request.user,
            name=d["name"],
            scheme=se.parse_scheme_json(text),
            description=_("导入"),
            request=request,
        )
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScoringSchemeNameSerializer, responses={201: ScoringSchemeSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        obj = self.get_object()
        asked = ScoringSchemeNameSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        new = se.copy_scoring_scheme(obj, request.user, name=asked.validated_data["name"], request=request)
        return Response(self.get_serializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScoringSchemeCopyFromPolicySerializer, responses={201: ScoringSchemeSerializer})
    @action(detail=False, methods=["post"], url_path="copy-from-policy")
    def copy_from_policy(self, request):
        asked = ScoringSchemeCopyFromPolicySerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        fiscal_year = _own_year(request.user, asked.validated_data["fiscal_year"])
        obj = se.copy_policy_scheme(
            request.user, fiscal_year, name=asked.validated_data["name"], request=request
        )
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScoringSchemeApplySerializer, responses=ScoringSchemeAppliedSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Make this the year's self-evaluation scheme: a new Policy version."""
        obj = self.get_object()
        asked = ScoringSchemeApplySerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        fiscal_year = _own_year(request.user, asked.validated_data["fiscal_year"])
        row = se.apply_scoring_scheme(
            obj,
            fiscal_year,
            request.user,
            seen_version=asked.validated_data.get("policy_version"),
            request=request,
        )
        return Response(
            ScoringSchemeAppliedSerializer(
                {"fiscal_year": fiscal_year.pk, "policy_version": row.version}
            ).data
        )


def _own_year(user, fiscal_year: FiscalYear) -> FiscalYear:
    if not FiscalYear.objects.visible_to(user).filter(pk=fiscal_year.pk).exists():
        raise exceptions.NotFound()
    return fiscal_year


router.register("self-evaluations", SelfEvaluationViewSet, basename="self-evaluation")
router.register("self-evaluation-seasons", SeasonViewSet, basename="self-evaluation-season")
router.register("scoring-schemes", ScoringSchemeViewSet, basename="scoring-scheme")
