"""API of the feedback letters (/api/v1/feedback/) and the rectification ledger
(/api/v1/rectifications/) [003 三(五)][000 #17].

Same rules and scoping as the pages: reads through visible_to(user) (another unit's item 404);
transitions through perfapp.workflow.perform with the version seen (WorkflowError → 400/403/409 by
perfapp.api.exception_handler); audit/inspection items are created by the region's finance admin;
evidence is uploaded by the owner unit (multipart `file`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES, Organization
from perfapp.api_router import router
from perfapp.workflow import available_transitions, perform
from results import feedback as fb_rules
from results import rectification as rules
from results.models import Feedback, Rectification, RectificationEvidence


class TransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的版本号"))


class FeedbackSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "id",
            "evaluation",
            "year",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "title",
            "body",
            "due",
            "status",
            "status_display",
            "overdue",
            "approved_at",
            "sent_at",
            "version",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return fb_rules.is_overdue(obj)


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """评价结果反馈意见函: read, and approve/send by finance."""

    serializer_class = FeedbackSerializer
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        qs = (
            Feedback.objects.visible_to(self.request.user)
            .select_related("unit", "department")
            .order_by("due", "id")
        )
        year = self.request.query_params.get("year")
        if year and year.isdigit():
            qs = qs.filter(year=int(year))
        return qs

    @extend_schema(request=TransitionSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def transitions(self, request, pk=None):
        obj = self.get_object()
        asked = TransitionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        perform(
            obj, d["name"], request.user, comment=d["comment"], seen_version=d["version"], request=request
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationEvidence
        fields = ["id", "name", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class RectificationSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.UNIT)
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    overdue = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    available = serializers.SerializerMethodField()
    source = serializers.ChoiceField(
        choices=[(Rectification.Source.AUDIT, "审计"), (Rectification.Source.INSPECTION, "监督检查")]
    )

    class Meta:
        model = Rectification
        fields = [
            "id",
            "source",
            "source_display",
            "evaluation",
            "project",
            "year",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "problem",
            "requirement",
            "deadline",
            "measures",
            "return_reason",
            "returned_count",
            "status",
            "status_display",
            "overdue",
            "closed_at",
            "evidence",
            "available",
            "version",
        ]
        read_only_fields = [
            "evaluation",
            "project",
            "department",
            "measures",
            "return_reason",
            "returned_count",
            "status",
            "closed_at",
            "version",
        ]

    def get_overdue(self, obj) -> bool:
        return rules.is_overdue(obj)

    def get_available(self, obj) -> list[str]:
        if self.context.get("list"):
            return []
        return [t.name for t in available_transitions(obj, self.context["request"].user)]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["source"] = instance.source
        return data


class RectificationTransitionSerializer(TransitionSerializer):
    measures = serializers.CharField(required=False, allow_blank=True)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class RectificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """整改台账: read scoped; finance admin enters audit/inspection items; transitions; evidence."""

    serializer_class = RectificationSerializer
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        qs = (
            Rectification.objects.visible_to(self.request.user)
            .select_related("unit", "department")
            .prefetch_related("evidence")
            .order_by("deadline", "id")
        )
        params = self.request.query_params
        for key in ("year", "department"):
            value = params.get(key)
            if value and value.isdigit():
                qs = qs.filter(**{key: int(value)})
        for key in ("source", "status"):
            if params.get(key):
                qs = qs.filter(**{key: params[key]})
        if params.get("overdue") in ("0", "1"):
            qs = rules.overdue_filter(qs, params["overdue"] == "1", timezone.localdate())
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "list": self.action == "list"}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        item = rules.create_item(
            request.user,
            source=d["source"],
            unit=d["unit"],
            problem=d["problem"],
            requirement=d["requirement"],
            deadline=d["deadline"],
            year=d["year"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data, status=201)

    @extend_schema(request=RectificationTransitionSerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def transitions(self, request, pk=None):
        item = self.get_object()
        asked = RectificationTransitionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        if d.get("measures") is not None and d["name"] == "submit":
            from perfapp.workflow import save_edit

            item.measures = d["measures"]
            save_edit(item, d["version"], request.user, ["measures"], request=request)
            d["version"] = item.version
        perform(
            item, d["name"], request.user, comment=d["comment"], seen_version=d["version"], request=request
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], filter_backends=[])
    def evidence(self, request, pk=None):
        item = self.get_object()
        asked = EvidenceUploadSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        upload = asked.validated_data["file"]
        rules.check_evidence_size(upload.size)
        ev = rules.add_evidence(item, request.user, upload.name, upload.read())
        return Response(EvidenceSerializer(ev).data, status=201)


router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("rectifications", RectificationViewSet, basename="rectification")
