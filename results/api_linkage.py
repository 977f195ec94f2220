"""API of the budget linkage (/api/v1/linkage-proposals/) [002 三(五)][000 #21][004 第四十条].

Same rules and scoping as the pages: reads through visible_to(user) (another unit's proposal 404),
generation by the region's finance admin, confirmation and override by finance only
(results.linkage), leaders and auditors read only (RolePolicy), 三员 refused.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES
from budgets.models import FiscalYear
from perfapp.api_router import router
from results import linkage as rules
from results.models import LinkageProposal


class ProposalSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    proposed_action_display = serializers.CharField(source="get_proposed_action_display", read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = LinkageProposal
        fields = [
            "id",
            "year",
            "evaluated_year",
            "project",
            "project_code",
            "project_name",
            "evaluation",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "grade_label",
            "reasons",
            "base_amount",
            "proposed_action",
            "proposed_action_display",
            "proposed_change",
            "action",
            "action_display",
            "change",
            "override_reason",
            "status",
            "status_display",
            "allocation",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = fields


class ProposalFilter(django_filters.FilterSet):
    grade = django_filters.CharFilter(field_name="grade_label")

    class Meta:
        model = LinkageProposal
        fields = ["year", "department", "unit", "status", "proposed_action", "grade"]


class GenerateSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="编制预算年度（评价年度为其上一年）"
    )


class ConfirmSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class OverrideSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=LinkageProposal.Action.choices)
    change = serializers.DecimalField(max_digits=16, decimal_places=2)
    reason = serializers.CharField(allow_blank=True)


class BucketSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    base = serializers.DecimalField(max_digits=18, decimal_places=2)
    change = serializers.DecimalField(max_digits=18, decimal_places=2)


class SummarySerializer(serializers.Serializer):
    by_grade = BucketSerializer(many=True)
    by_department = BucketSerializer(many=True)
    total = BucketSerializer()


def _refused(exc):
    if isinstance(exc, rules.LinkageRefused):
        return exceptions.PermissionDenied(str(exc))
    return exceptions.ValidationError({"detail": str(exc)})


class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """预算挂钩建议: proposed per project, confirmed (bulk) or overridden with a reason by finance."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        return (
            LinkageProposal.objects.visible_to(self.request.user)
            .select_related("project", "unit", "department")
            .order_by("year", "department__code", "project__code", "id")
        )

    @extend_schema(request=GenerateSerializer, responses={200: ProposalSerializer(many=True)})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def generate(self, request):
        asked = GenerateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        years = [
            fy
            for fy in FiscalYear.objects.filter(year=asked.validated_data["year"])
            if rules.can_generate(fy, request.user)
        ]
        if not years:
            raise exceptions.PermissionDenied(_("只有本地区财政绩效管理人员可以生成预算挂钩建议。"))
        touched = [p.pk for fy in years for p in rules.propose(fy, request.user)]
        return Response(self.get_serializer(self.get_queryset().filter(pk__in=touched), many=True).data)

    @extend_schema(request=ConfirmSerializer, responses={200: ProposalSerializer(many=True)})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def confirm(self, request):
        asked = ConfirmSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        ids = set(asked.validated_data["ids"])
        proposals = list(self.get_queryset().filter(pk__in=ids))
        if len(proposals) != len(ids):
            raise exceptions.NotFound(_("部分挂钩建议不存在或无权查看。"))
        try:
            rules.confirm(proposals, request.user)
        except rules.LinkageError as exc:
            raise _refused(exc) from None
        return Response(self.get_serializer(self.get_queryset().filter(pk__in=ids), many=True).data)

    @extend_schema(request=OverrideSerializer, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def override(self, request, pk=None):
        proposal = self.get_object()
        asked = OverrideSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        try:
            rules.override(proposal, request.user, d["action"], d["change"], d["reason"])
        except rules.LinkageError as exc:
            raise _refused(exc) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(responses={200: SummarySerializer})
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        qs = self.filter_queryset(self.get_queryset())
        return Response(SummarySerializer(rules.summary(qs)).data)


router.register("linkage-proposals", ProposalViewSet, basename="linkage-proposal")
