"""REST API of warnings and their measures under /api/v1/monitoring/ (DESIGN.md §3.3, §5).

Same scoping and rules as the pages: querysets go through visible_to(user) (another unit's warning
is a 404); acknowledge and resolve call monitoring.measures (refused → 400/403 via
perfapp.api.exception_handler).
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from monitoring import measures
from monitoring.models import FundAction, Warning
from perfapp.api_router import router


class WarningSerializer(serializers.ModelSerializer):
    rule_display = serializers.CharField(source="get_rule_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Warning
        fields = [
            "id",
            "key",
            "rule",
            "rule_display",
            "level",
            "level_display",
            "status",
            "status_display",
            "year",
            "round",
            "project",
            "target",
            "report",
            "indicator",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "message",
            "numbers",
            "raised_at",
            "acknowledged_by",
            "acknowledged_at",
            "acknowledgement",
            "resolved_by",
            "resolved_at",
            "measure",
            "measure_note",
            "closed_at",
            "closed_reason",
        ]
        read_only_fields = fields


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResolveSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=Warning.Measure.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)


class FundActionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = FundAction
        fields = [
            "id",
            "kind",
            "kind_display",
            "warning",
            "project",
            "project_name",
            "year",
            "amount",
            "note",
            "unit",
            "department",
            "created_by",
            "created_at",
            "lifted_at",
            "lifted_by",
            "reallocated",
        ]
        read_only_fields = fields


class WarningViewSet(viewsets.ReadOnlyModelViewSet):
    """预警: list (filters rule, level, status, year, department, unit), detail, acknowledge, resolve."""

    serializer_class = WarningSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["rule", "level", "status", "year", "department", "unit", "project", "round"]
    queryset = Warning.objects.none()

    def get_queryset(self):
        return Warning.objects.visible_to(self.request.user).for_list().order_by("-raised_at", "-id")

    @action(detail=True, methods=["post"], filter_backends=[])
    def acknowledge(self, request, pk=None):
        """单位确认 (the responsible unit)."""
        warning = self.get_object()
        asked = AcknowledgeSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        measures.acknowledge(warning, request.user, asked.validated_data["note"], request=request)
        return Response(self.get_serializer(self.get_queryset().get(pk=warning.pk)).data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def resolve(self, request, pk=None):
        """财政处置 with a measure: continue / adjust_target / suspend / recall (with amount)."""
        warning = self.get_object()
        asked = ResolveSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        measures.resolve(
            warning, request.user, d["measure"], d["note"], amount=d.get("amount"), request=request
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=warning.pk)).data)


class FundActionViewSet(viewsets.ReadOnlyModelViewSet):
    """资金处置 (暂缓拨款 / 收回): list (filter kind=recall for the recalled-funds list), lift."""

    serializer_class = FundActionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["kind", "year", "project", "department", "reallocated"]
    queryset = FundAction.objects.none()

    def get_queryset(self):
        return (
            FundAction.objects.visible_to(self.request.user)
            .select_related("project")
            .order_by("-created_at", "-id")
        )

    @action(detail=True, methods=["post"], filter_backends=[])
    def lift(self, request, pk=None):
        """解除暂缓拨款 (finance)."""
        action_ = measures.lift_suspension(self.get_object(), request.user, request=request)
        return Response(self.get_serializer(self.get_queryset().get(pk=action_.pk)).data)


router.register("monitoring/warnings", WarningViewSet, basename="monitoring-warning")
router.register("monitoring/fund-actions", FundActionViewSet, basename="monitoring-fund-action")
