"""API of monitoring rounds and reports (/api/v1/monitoring-rounds/, /api/v1/monitoring-reports/).

Same rules and scoping as the pages: reads through visible_to(user) (another unit's report 404),
leaders and auditors read only (RolePolicy), 三员 refused; rounds are created and opened by the
region's finance admin; reports are edited by the declaring unit while editable, with the version
seen; transitions go through monitoring.reports.run_transition.
"""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, filters, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES
from budgets.models import FiscalYear
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound
from monitoring.reports import (
    can_edit_report,
    ensure_progress,
    is_round_admin,
    open_round,
    rounds_visible_to,
    run_transition,
    save_report,
    shown_execution,
)
from perfapp import audit
from perfapp.api_router import router
from perfapp.models import EventKind
from perfapp.workflow import available_transitions, history_of

REPORT_TRANSITIONS = ("submit", "dept_approve", "dept_return", "accept", "finance_return")
TRANSITION_LABELS = {
    "submit": gettext_lazy("报送"),
    "dept_approve": gettext_lazy("部门审核通过"),
    "dept_return": gettext_lazy("部门退回"),
    "accept": gettext_lazy("财政审核通过"),
    "finance_return": gettext_lazy("财政退回"),
}


class RoundSerializer(serializers.ModelSerializer):
    fiscal_year = serializers.PrimaryKeyRelatedField(queryset=FiscalYear.objects.all())
    year = serializers.IntegerField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MonitoringRound
        fields = [
            "id",
            "fiscal_year",
            "year",
            "name",
            "data_as_of",
            "due",
            "status",
            "status_display",
            "key_projects",
            "opened_at",
        ]
        read_only_fields = ["status", "opened_at"]
        validators = []

    def validate(self, data):
        fy = data["fiscal_year"]
        if data["data_as_of"].year != fy.year:
            raise serializers.ValidationError(
                {"data_as_of": _("数据截止日期须在%(y)s年内。") % {"y": fy.year}}
            )
        if data["due"] < data["data_as_of"]:
            raise serializers.ValidationError({"due": _("报送截止日期不能早于数据截止日期。")})
        if MonitoringRound.objects.filter(fiscal_year=fy, name=data["name"]).exists():
            raise serializers.ValidationError({"name": _("本年度已有同名监控轮次。")})
        return data


class RoundViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """监控轮次: visible to the region's business roles; created and opened by its finance admin."""

    serializer_class = RoundSerializer
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        return (
            rounds_visible_to(self.request.user)
            .select_related("fiscal_year")
            .prefetch_related("key_projects")
            .order_by("-data_as_of", "id")
        )

    def perform_create(self, serializer):
        fy = serializer.validated_data["fiscal_year"]
        if not FiscalYear.objects.visible_to(self.request.user).filter(pk=fy.pk).exists():
            raise exceptions.NotFound()
        if not is_round_admin(self.request.user, fy):
            raise exceptions.PermissionDenied(_("只有财政管理员可以设置监控轮次。"))
        rnd = serializer.save()
        audit.record(EventKind.CREATED, self.request.user, rnd, summary=_("新建监控轮次：%(r)s") % {"r": rnd})

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="open", filter_backends=[])
    def open(self, request, pk=None):
        rnd = self.get_object()
        if not is_round_admin(request.user, rnd.fiscal_year):
            raise exceptions.PermissionDenied(_("只有财政管理员可以开启监控轮次。"))
        created = open_round(rnd, request.user, request=request)
        data = self.get_serializer(self.get_queryset().get(pk=rnd.pk)).data
        return Response({**data, "reports_created": created})


class ProgressSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    target_value = serializers.CharField(source="indicator.value_display", read_only=True)

    class Meta:
        model = IndicatorProgress
        fields = [
            "indicator",
            "indicator_name",
            "target_value",
            "completed_value",
            "completed_text",
            "expected_value",
            "expected_text",
            "possibility",
            "deviation",
            "deviation_reason",
            "measure",
        ]
        extra_kwargs = {
            "indicator": {"queryset": IndicatorProgress.indicator.field.related_model.objects.all()}
        }
        validators = []


class ReportSerializer(serializers.ModelSerializer):
    progress = ProgressSerializer(many=True, required=False)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    execution = serializers.SerializerMethodField()
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的版本号"))

    class Meta:
        model = MonitoringReport
        fields = [
            "id",
            "round",
            "round_name",
            "target",
            "target_name",
            "project",
            "year",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "is_key",
            "execution",
            "expected_full_year",
            "expected_carryover",
            "carryover_reason",
            "overall_progress",
            "finance_conclusion",
            "status",
            "status_display",
            "submitted_at",
            "version",
            "progress",
        ]
        read_only_fields = [
            "round",
            "target",
            "project",
            "year",
            "unit",
            "department",
            "is_key",
            "finance_conclusion",
            "status",
            "submitted_at",
        ]

    def get_execution(self, obj) -> dict:
        if self.context.get("list"):
            return {"execution_rate": obj.execution_rate, "time_progress": obj.time_progress}
        return shown_execution(obj)

    def validate_expected_full_year(self, value):
        if value is not None and value < 0:
            raise serializers.ValidationError(_("金额不能为负数。"))
        return value

    validate_expected_carryover = validate_expected_full_year


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="target__name", lookup_expr="icontains")

    class Meta:
        model = MonitoringReport
        fields = ["round", "status", "department", "unit", "is_key", "year"]


class ReportTransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[(n, TRANSITION_LABELS[n]) for n in REPORT_TRANSITIONS])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    conclusion = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的版本号"))


class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """监控报告: filled by the declaring unit while editable, reviewed by department then finance."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["submitted_at", "status", "id"]
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        return (
            MonitoringReport.objects.visible_to(self.request.user)
            .for_list()
            .prefetch_related(
                Prefetch(
                    "progress",
                    queryset=IndicatorProgress.objects.select_related("indicator").order_by(
                        "indicator__order", "indicator_id"
                    ),
                )
            )
            .order_by("-round__data_as_of", "unit_id", "id")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "list": self.action == "list"}

    def perform_update(self, serializer):
        report = serializer.instance
        ok, reason = can_edit_report(self.request.user, report)
        if not ok:
            raise exceptions.PermissionDenied(reason)
        data = dict(serializer.validated_data)
        seen_version = data.pop("version")
        items = data.pop("progress", None)
        for field, value in data.items():
            setattr(report, field, value)
        rows = []
        if items is not None:
            existing = {p.indicator_id: p for p in ensure_progress(report)}
            for item in items:
                row = existing.get(item["indicator"].pk)
                if row is None:
                    raise serializers.ValidationError({"progress": _("指标不属于本报告的绩效目标。")})
                for field, value in item.items():
                    if field != "indicator":
                        setattr(row, field, value)
                rows.append(row)
        with transaction.atomic():
            save_report(report, rows, seen_version, self.request.user, request=self.request)

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        report = self.get_queryset().get(pk=kwargs["pk"])
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReportTransitionSerializer, responses=ReportSerializer, filters=False)
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def transitions(self, request, pk=None):
        report = self.get_object()
        if request.method == "POST":
            asked = ReportTransitionSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            d = asked.validated_data
            run_transition(
                report,
                d["name"],
                request.user,
                comment=d["comment"],
                conclusion=d["conclusion"],
                seen_version=d["version"],
                request=request,
            )
            return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)
        return Response(
            {
                "version": report.version,
                "status": report.status,
                "status_display": report.get_status_display(),
                "available": [
                    {"name": t.name, "label": str(TRANSITION_LABELS.get(t.name, t.name)), "target": t.target}
                    for t in available_transitions(report, request.user)
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
                    for log in history_of(report)
                ],
            }
        )


router.register("monitoring-rounds", RoundViewSet, basename="monitoring-round")
router.register("monitoring-reports", ReportViewSet, basename="monitoring-report")
