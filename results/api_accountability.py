"""API of results (accountability part); viewsets register on perfapp.api_router.router.

Disclosure marks [004 第四十三条]: the finance admin of the evaluation's region marks a finished
evaluation for the public portal (POST evaluation, disclosed); others are refused.

Accountability cases (/api/v1/accountability-cases/) [004 第四十四—四十六条]: read scoped (another
unit's case 404, experts none); created and updated by the finance staff of the case's department or
region through results.accountability (the same rules as the pages); an update carries the version
it saw (stale → 409). `suggestions/` lists open candidates of one kind, `dismiss/` records a
suggestion finance decided not to pursue, with its reason.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts.guards import finance_admin_of
from accounts.models import BUSINESS_ROLES, Organization, Role
from budgets.models import Project
from evaluation.models import Evaluation
from perfapp.api import RolePolicy
from perfapp.api_router import router
from results import accountability as acc_rules
from results import disclosure
from results.models import AccountabilityCase, Disclosure


class DisclosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disclosure
        fields = ["id", "evaluation", "year", "region", "disclosed", "disclosed_at"]
        read_only_fields = ["id", "year", "region", "disclosed_at"]


class DisclosureViewSet(viewsets.GenericViewSet):
    serializer_class = DisclosureSerializer

    def get_queryset(self):
        return Disclosure.objects.filter(
            evaluation__in=Evaluation.objects.visible_to(self.request.user)
        ).order_by("-year", "evaluation_id")

    def list(self, request):
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    @extend_schema(request=DisclosureSerializer, responses=DisclosureSerializer)
    def create(self, request):
        evaluation = get_object_or_404(
            Evaluation.objects.visible_to(request.user), pk=request.data.get("evaluation")
        )
        if not finance_admin_of(evaluation, request.user):
            raise PermissionDenied("只有本级财政绩效管理人员可以公开评价结果")
        raw = request.data.get("disclosed", True)
        flag = raw if isinstance(raw, bool) else str(raw).lower() not in ("false", "0", "")
        try:
            obj = disclosure.mark(evaluation, request.user, disclosed=flag)
        except ValueError as exc:
            raise ValidationError({"evaluation": [str(exc)]}) from exc
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)


router.register("disclosures", DisclosureViewSet, basename="disclosure")


# --- accountability ---------------------------------------------------------------------------------


class AccountabilityCaseSerializer(serializers.ModelSerializer):
    """A case; unit, department and region are derived from the evaluation or project (the unit is
    needed only without them). `source`/`source_ref` open a case from a suggestion (create only)."""

    case_display = serializers.CharField(source="get_case_display", read_only=True)
    measure_display = serializers.CharField(source="get_measure_display", read_only=True)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), required=False, allow_null=True
    )
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), required=False, allow_null=True
    )
    evaluation = serializers.PrimaryKeyRelatedField(
        queryset=Evaluation.objects.none(), required=False, allow_null=True
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    source = serializers.ChoiceField(choices=acc_rules.SUGGESTION_CHOICES, required=False, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=gettext_lazy("修改时必填：您看到的版本号")
    )

    class Meta:
        model = AccountabilityCase
        fields = [
            "id",
            "year",
            "case",
            "case_display",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "region",
            "person",
            "project",
            "evaluation",
            "facts",
            "measure",
            "measure_display",
            "measure_note",
            "decided_on",
            "source",
            "source_ref",
            "created_at",
            "version",
        ]
        read_only_fields = ["department", "region", "created_at"]

    def get_fields(self):
        # Only what the caller can see may be linked (another region's ids are "不存在").
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            fields["unit"].queryset = Organization.objects.filter(
                kind__in=[Organization.Kind.DEPARTMENT, Organization.Kind.UNIT]
            )
            fields["project"].queryset = Project.objects.visible_to(user)
            fields["evaluation"].queryset = Evaluation.objects.visible_to(user)
        return fields

    def case_data(self) -> acc_rules.CaseData:
        return acc_rules.CaseData.from_values(self.validated_data)


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="kind_label")
    ref = serializers.IntegerField()
    year = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    department = serializers.IntegerField(source="department_id")
    project = serializers.IntegerField(source="project.pk", allow_null=True, default=None)
    evaluation = serializers.IntegerField(source="evaluation.pk", allow_null=True, default=None)
    facts = serializers.CharField()


class DismissSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=acc_rules.SUGGESTION_CHOICES)
    ref = serializers.IntegerField()
    year = serializers.IntegerField()
    reason = serializers.CharField(
        max_length=1000, error_messages={"blank": "不予问责须填写理由。", "required": "不予问责须填写理由。"}
    )


class FinanceOnly(BasePermission):
    message = "只有财政人员可以处理问责线索。"

    def has_permission(self, request, view):
        return acc_rules.is_finance(request.user)


class AccountabilityCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """问责记录: read scoped (experts: none); finance of the case's department or region records and
    edits cases; `suggestions` and `dismiss` for finance."""

    serializer_class = AccountabilityCaseSerializer
    allowed_roles = BUSINESS_ROLES - {Role.EXPERT}

    def get_queryset(self):
        qs = (
            AccountabilityCase.objects.visible_to(self.request.user)
            .select_related("unit", "department")
            .order_by("-decided_on", "-id")
        )
        params = self.request.query_params
        for key in ("year", "department", "unit", "project", "evaluation"):
            value = params.get(key)
            if value and value.isdigit():
                qs = qs.filter(**{key: int(value)})
        for key in ("case", "measure"):
            if params.get(key):
                qs = qs.filter(**{key: params[key]})
        return qs

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        obj = acc_rules.create_case(
            request.user,
            serializer.case_data(),
            source=d.get("source") or "",
            source_ref=d.get("source_ref"),
            request=request,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=201)

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise ValidationError({"version": ["修改时必须提供您看到的版本号。"]})
        merged = {
            field: serializer.validated_data.get(field, getattr(obj, field))
            for field in ("year", "case", "facts", "measure", "decided_on", "person", "measure_note")
        }
        links = {
            field: serializer.validated_data[field]
            if field in serializer.validated_data
            else getattr(obj, field)
            for field in ("project", "evaluation")
        }
        # Without a new unit the derived one stands (it follows the project or evaluation).
        unit = serializer.validated_data.get("unit")
        data = acc_rules.CaseData(unit=unit, **merged, **links)
        if unit is None and not (links["project"] or links["evaluation"]):
            data.unit = obj.unit
        acc_rules.update_case(obj, request.user, data, serializer.validated_data["version"], request=request)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=[k.value for k in acc_rules.SUGGESTION_KINDS]),
            OpenApiParameter("year", int),
        ],
        responses=SuggestionSerializer(many=True),
    )
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[IsAuthenticated, RolePolicy, FinanceOnly],
        filter_backends=[],
    )
    def suggestions(self, request):
        kind = request.query_params.get("kind") or acc_rules.SUGGESTION_KINDS[0]
        if kind not in acc_rules.SUGGESTION_KINDS:
            raise ValidationError({"kind": ["不支持的线索类型。"]})
        year = request.query_params.get("year")
        rows = acc_rules.suggestion_rows(request.user, kind, int(year) if year and year.isdigit() else None)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(SuggestionSerializer(acc_rules.build(kind, page), many=True).data)

    @extend_schema(request=DismissSerializer, responses=DismissSerializer)
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[IsAuthenticated, RolePolicy, FinanceOnly],
        filter_backends=[],
    )
    def dismiss(self, request):
        asked = DismissSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        acc_rules.dismiss(request.user, d["kind"], d["ref"], d["year"], d["reason"], request=request)
        return Response(asked.data, status=201)


router.register("accountability-cases", AccountabilityCaseViewSet, basename="accountability-case")
