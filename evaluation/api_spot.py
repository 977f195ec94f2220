"""API of spot checks (抽查复核) [002 三(四)][003 三(五)]: /api/v1/spot-checks/ (draw with an
optional seed, list, retrieve with the items the user may see) and /api/v1/spot-check-items/
(list, retrieve, re-score, the flagged list).

Same rules and scoping as the pages (evaluation.spotchecks): the region's finance admin draws;
finance (admin, or the reviewer of the department's division) re-scores; a department sees only
its own items; another department's item is a 404; leaders and auditors read only.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES
from budgets.models import FiscalYear
from evaluation.models import Evaluation, SpotCheck, SpotCheckItem
from evaluation.spotchecks import RowEdit, draw, rescore_department, rescore_self, spot_checks_visible_to
from perfapp.api_router import router

ITEM_RELATED = ("spot_check", "department", "evaluation", "evaluation__unit", "recheck", "checked_by")


class SpotCheckItemSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    evaluation_name = serializers.CharField(source="evaluation.name", read_only=True)
    evaluation_kind = serializers.CharField(source="evaluation.kind", read_only=True)
    unit_name = serializers.CharField(source="evaluation.unit.name", read_only=True)
    risk_reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    checked_by_name = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField(help_text=gettext_lazy("复核评分的版本号（尚未复核为 0）"))

    class Meta:
        model = SpotCheckItem
        fields = [
            "id",
            "spot_check",
            "department",
            "department_name",
            "year",
            "evaluation",
            "evaluation_name",
            "evaluation_kind",
            "unit_name",
            "risk_reasons",
            "original_score",
            "original_grade",
            "recheck",
            "recheck_score",
            "recheck_grade",
            "gap",
            "flagged",
            "note",
            "checked_by_name",
            "checked_at",
            "version",
        ]
        read_only_fields = fields

    def get_checked_by_name(self, obj) -> str:
        return obj.checked_by.display_name if obj.checked_by_id else ""

    def get_version(self, obj) -> int:
        return obj.recheck.version if obj.recheck_id else 0


class SpotCheckSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    drawn_by_name = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = SpotCheck
        fields = [
            "id",
            "fiscal_year",
            "year",
            "region",
            "seed",
            "share",
            "tolerance",
            "status",
            "status_display",
            "drawn_by_name",
            "drawn_at",
            "items",
        ]
        read_only_fields = fields

    def get_drawn_by_name(self, obj) -> str:
        return obj.drawn_by.display_name if obj.drawn_by_id else ""

    @extend_schema_field(SpotCheckItemSerializer(many=True))
    def get_items(self, obj):
        """The items the user may see (a department: its own only); left out of the list."""
        if self.context.get("list"):
            return []
        return SpotCheckItemSerializer(getattr(obj, "visible_items", []), many=True).data


class DrawSerializer(serializers.Serializer):
    fiscal_year = serializers.PrimaryKeyRelatedField(queryset=FiscalYear.objects.all())
    seed = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**63 - 1,
        help_text=gettext_lazy("随机种子；留空自动生成。同一种子在相同数据上抽取相同样本。"),
    )


class RescoreRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=gettext_lazy("被复核自评的指标行 id"))
    actual_value = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)
    actual_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    achievement = serializers.DecimalField(
        max_digits=5, decimal_places=4, required=False, allow_null=True, min_value=0, max_value=1
    )
    band = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)


class RescoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text=gettext_lazy("您看到的复核版本号（尚未复核为 0）")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    violation = serializers.BooleanField(required=False, allow_null=True, default=None)
    violation_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    total = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("部门评价的复核总分"),
    )
    rows = RescoreRowSerializer(many=True, required=False, help_text=gettext_lazy("自评的逐项复核认定"))


class SpotCheckViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """抽查复核: the region's finance admin draws; a department sees the spot checks holding its items."""

    serializer_class = SpotCheckSerializer
    allowed_roles = BUSINESS_ROLES
    filterset_fields = ["year", "fiscal_year", "status"]
    ordering_fields = ["drawn_at", "id"]
    search_fields = []

    def get_queryset(self):
        qs = spot_checks_visible_to(self.request.user).select_related("drawn_by").order_by("-drawn_at", "-pk")
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch(
                    "items",
                    queryset=SpotCheckItem.objects.visible_to(self.request.user)
                    .select_related(*ITEM_RELATED)
                    .order_by("department_id", "evaluation__kind", "pk"),
                    to_attr="visible_items",
                )
            )
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "list": self.action == "list"}

    @extend_schema(request=DrawSerializer, responses=SpotCheckSerializer)
    def create(self, request, *args, **kwargs):
        asked = DrawSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        year = asked.validated_data["fiscal_year"]
        if not FiscalYear.objects.visible_to(request.user).filter(pk=year.pk).exists():
            raise exceptions.NotFound()
        spot_check = draw(year, request.user, seed=asked.validated_data.get("seed"), request=request)
        fresh = self.get_queryset().get(pk=spot_check.pk)
        return Response(self.get_serializer(fresh).data, status=201)


class ItemFilter(django_filters.FilterSet):
    class Meta:
        model = SpotCheckItem
        fields = ["spot_check", "department", "year", "flagged"]


class SpotCheckItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """抽查复核事项: re-scored by finance; a department reads its own."""

    serializer_class = SpotCheckItemSerializer
    filterset_class = ItemFilter
    allowed_roles = BUSINESS_ROLES
    ordering_fields = ["gap", "checked_at", "id"]
    search_fields = []

    def get_queryset(self):
        return (
            SpotCheckItem.objects.visible_to(self.request.user)
            .select_related(*ITEM_RELATED)
            .order_by("-year", "department_id", "pk")
        )

    @extend_schema(request=RescoreSerializer, responses=SpotCheckItemSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def rescore(self, request, pk=None):
        """复核评分: a self-evaluation by its rows (the recheck is scored by rule), a department
        evaluation by a typed total with a note."""
        item = self.get_object()
        asked = RescoreSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        if item.evaluation.kind == Evaluation.Kind.SELF:
            item = rescore_self(
                item,
                request.user,
                rows=[
                    RowEdit(
                        row_id=r["row"],
                        actual_value=r.get("actual_value"),
                        actual_text=r.get("actual_text", ""),
                        achievement=r.get("achievement"),
                        band=r.get("band", ""),
                    )
                    for r in d.get("rows", [])
                ],
                violation=d["violation"],
                violation_note=d["violation_note"],
                note=d["note"],
                seen_version=d["version"],
                request=request,
            )
        else:
            if d.get("total") is None:
                raise serializers.ValidationError({"total": gettext_lazy("请填写复核总分。")})
            item = rescore_department(
                item,
                request.user,
                total=d["total"],
                note=d["note"],
                violation=d["violation"],
                seen_version=d["version"],
                request=request,
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(responses=SpotCheckItemSerializer(many=True))
    @action(detail=False, methods=["get"])
    def flagged(self, request):
        """差异较大事项 (filter by year and department like the list)."""
        qs = self.filter_queryset(self.get_queryset().filter(flagged=True))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


router.register("spot-checks", SpotCheckViewSet, basename="spot-check")
router.register("spot-check-items", SpotCheckItemViewSet, basename="spot-check-item")
