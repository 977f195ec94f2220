"""REST API of performance targets under /api/v1/ (DESIGN.md §3.2, §5): the indicator library,
targets with their indicators, reviews, transitions, versions, bulk approval and the official forms.

Same scoping and rules as the pages: every queryset goes through `visible_to(user)` (another unit's
target is a 404); transitions go through perfapp.workflow.perform() and the review functions of
targets.review; edits through save_edit() with the version the client saw (stale → 409); indicators
are checked by targets.validation. An approved target is frozen [004 第二十二条]: PATCH → 400.
"""

from __future__ import annotations

from types import SimpleNamespace

import django_filters
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, filters, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES, Organization, Role
from accounts.scoping import scope_of
from budgets.models import Category, FiscalYear, Project
from perfapp import audit
from perfapp.api_router import router
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, available_transitions, history_of, perform, save_edit
from targets.models import (
    Comparator,
    Indicator,
    IndicatorTemplate,
    Target,
    TargetReview,
)
from targets.review import (
    Opinions,
    approve_many,
    diff,
    review_by_department,
    review_by_finance,
    start_adjustment,
)
from targets.review import versions_of as review_versions_of
from targets.validation import indicator_errors

#: Roles that change targets: the unit declares, the department and finance review.
TARGET_WRITE_ROLES = frozenset(
    {Role.UNIT_OFFICER, Role.DEPT_OFFICER, Role.FINANCE_REVIEWER, Role.FINANCE_ADMIN}
)
FINANCE_ROLES = frozenset({Role.FINANCE_REVIEWER, Role.FINANCE_ADMIN})
#: Transitions run directly; the review transitions go through /reviews/ so opinions are recorded.
DIRECT_TRANSITIONS = ("submit", "submit_fixes", "publish")
TARGET_TRANSITIONS = sorted({t.name for t in Target._meta.get_field("status").get_all_transitions(Target)})
STATUS_LABELS = dict(Target.Status.choices)
TRANSITION_LABELS = {
    "submit": gettext_lazy("申报"),
    "submit_fixes": gettext_lazy("完善后报送"),
    "dept_approve": gettext_lazy("初审通过"),
    "dept_return": gettext_lazy("初审退回"),
    "approve": gettext_lazy("批复"),
    "require_fixes": gettext_lazy("按意见完善"),
    "finance_return": gettext_lazy("财政退回"),
    "block": gettext_lazy("审核不通过"),
    "publish": gettext_lazy("公开"),
}


# ---------------------------------------------------------------------------------------------
# Who may declare and edit [004 第十九条 谁申请资金，谁设定目标]
# ---------------------------------------------------------------------------------------------


def declaring_org(user, kind: str) -> Organization | None:
    """The organization `user` declares targets for: a unit officer's own unit (project and policy
    targets), a department officer's own department (部门整体). Never taken from the request."""
    scope = scope_of(user)
    org = user.organization
    if org is None:
        return None
    if kind == Target.Kind.DEPARTMENT:
        if Role.DEPT_OFFICER in scope.roles and org.kind == Organization.Kind.DEPARTMENT:
            return org if org.pk in scope.department_ids else None
        return None
    if Role.UNIT_OFFICER in scope.roles and org.kind == Organization.Kind.UNIT and org.pk in scope.unit_ids:
        return org
    return None


def check_can_edit(user, target: Target) -> None:
    """Only the declaring organization's officer edits, and only a draft or returned target.

    Someone else → 403; the declarer but a frozen target [004 第二十二条] or one under review → 400.
    """
    org = declaring_org(user, target.kind)
    if org is None or org.pk != target.unit_id:
        raise exceptions.PermissionDenied(_("只有填报单位的经办人可以修改本绩效目标。"))
    if target.is_frozen:
        raise WorkflowError(
            _("已批复的绩效目标不能修改；确需调整的，请随预算调整发起目标调整（生成新版本）。"), code="frozen"
        )
    if not target.is_editable:
        raise WorkflowError(
            _("绩效目标当前状态（%(s)s）不能修改。") % {"s": target.get_status_display()}, code="state"
        )


# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------


class IndicatorTemplateSerializer(serializers.ModelSerializer):
    level1_display = serializers.CharField(source="get_level1_display", read_only=True)
    comparator_display = serializers.CharField(source="get_comparator_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = IndicatorTemplate
        fields = [
            "id",
            "level1",
            "level1_display",
            "level2",
            "name",
            "unit",
            "comparator",
            "comparator_display",
            "definition",
            "data_source",
            "categories",
            "function_codes",
            "project_kinds",
            "reference_values",
            "status",
            "status_display",
            "proposed_by",
            "reject_reason",
            "created_at",
        ]
        read_only_fields = ["proposed_by", "created_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    level1_display = serializers.CharField(source="get_level1_display", read_only=True)
    comparator_display = serializers.CharField(source="get_comparator_display", read_only=True)
    value_display = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "template",
            "level1",
            "level1_display",
            "level2",
            "name",
            "comparator",
            "comparator_display",
            "target_value",
            "qualitative_value",
            "unit",
            "weight",
            "last_year_actual",
            "data_source",
            "order",
            "value_display",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"order": {"required": False}, "template": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "template" in self.fields:
            self.fields["template"].queryset = IndicatorTemplate.objects.usable()


class TargetSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, required=False)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=gettext_lazy("修改时必填：您看到的版本号；期间有人修改过则返回 409"),
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "kind",
            "kind_display",
            "fiscal_year",
            "year",
            "project",
            "name",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "region",
            "category",
            "category_display",
            "overall_goal",
            "period_goal",
            "amount",
            "is_special_fund",
            "review_round",
            "adjustment_no",
            "adjustment_reason",
            "previous",
            "is_secret",
            "disclose",
            "grade",
            "status",
            "status_display",
            "version",
            "created_by",
            "created_at",
            "updated_at",
            "indicators",
        ]
        read_only_fields = [
            "year",
            "unit",
            "department",
            "region",
            "grade",
            "status",
            "review_round",
            "adjustment_no",
            "previous",
            "created_by",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"name": {"required": False}, "category": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # What the user cannot see does not exist for them, exactly like an unknown id.
            if "fiscal_year" in self.fields:
                self.fields["fiscal_year"].queryset = FiscalYear.objects.visible_to(request.user)
            if "project" in self.fields:
                self.fields["project"].queryset = Project.objects.visible_to(request.user)

    def validate(self, attrs):
        if self.instance is not None:
            if "version" not in attrs:
                raise serializers.ValidationError({"version": _("修改绩效目标时须提供您看到的版本号。")})
            for frozen in ("kind", "fiscal_year", "project"):
                if frozen in attrs and attrs[frozen] != getattr(self.instance, frozen):
                    raise serializers.ValidationError({frozen: _("创建后不能更改。")})
        kind = attrs.get("kind", getattr(self.instance, "kind", Target.Kind.PROJECT))
        project = attrs.get("project", getattr(self.instance, "project", None))
        fiscal_year = attrs.get("fiscal_year", getattr(self.instance, "fiscal_year", None))
        if kind != Target.Kind.DEPARTMENT and project is None:
            raise serializers.ValidationError({"project": _("项目支出和政策绩效目标须选择项目。")})
        if self.instance is None:
            if not (attrs.get("overall_goal") or "").strip():
                raise serializers.ValidationError({"overall_goal": _("请填写年度总体目标。")})
            if project is not None and fiscal_year is not None:
                if not project.start_year <= fiscal_year.year <= project.end_year:
                    raise serializers.ValidationError({"fiscal_year": _("预算年度不在项目实施期内。")})
                if fiscal_year.region_id != project.region_id:
                    raise serializers.ValidationError({"fiscal_year": _("预算年度与项目所属地区不符。")})
        if "indicators" in attrs and fiscal_year is not None:
            self._check_indicators(attrs["indicators"], fiscal_year)
        return attrs

    @staticmethod
    def _check_indicators(items: list[dict], fiscal_year) -> None:
        """targets.validation on the submitted list; errors next to each indicator's field."""
        rows = [
            SimpleNamespace(
                **{
                    "level1": "",
                    "level2": "",
                    "name": "",
                    "comparator": Comparator.GTE,
                    "target_value": None,
                    "qualitative_value": "",
                    "unit": "",
                    "weight": None,
                    **item,
                }
            )
            for item in items
        ]
        errors = indicator_errors(rows, fiscal_year.policy)
        if not errors:
            return
        per_row: list[dict] = [{} for _ in rows]
        general: list[str] = []
        for e in errors:
            if e.indicator_index is None:
                general.append(e.message)
            else:
                per_row[e.indicator_index].setdefault(e.field, []).append(e.message)
        out: dict = {}
        if any(per_row):
            out["indicators"] = per_row
        if general:
            out["non_field_errors"] = general
        raise serializers.ValidationError(out)


def replace_indicators(target: Target, items: list[dict]) -> None:
    """The target's indicators become exactly `items` (in order)."""
    target.indicators.all().delete()
    Indicator.objects.bulk_create(
        [Indicator(target=target, **{**item, "order": n}) for n, item in enumerate(items)]
    )


class TargetTransitionRequestSerializer(serializers.Serializer):
    name = serializers.ChoiceField(
        choices=[(n, TRANSITION_LABELS.get(n, n)) for n in TARGET_TRANSITIONS],
        help_text=gettext_lazy("操作：submit 申报、submit_fixes 完善后报送、publish 公开；审核请用 reviews"),
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的版本号"))


class TargetReviewSerializer(serializers.ModelSerializer):
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = TargetReview
        fields = [
            "id",
            "stage",
            "stage_display",
            "review_round",
            "reviewer",
            "reviewer_name",
            "completeness",
            "relevance",
            "appropriateness",
            "feasibility",
            "grade",
            "approved",
            "comment",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_reviewer_name(self, obj):
        return obj.reviewer.display_name if obj.reviewer else ""


class TargetReviewRequestSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=TargetReview.Stage.choices,
        required=False,
        help_text=gettext_lazy("department 主管部门初审 / finance 财政审核；不填按目标状态判断"),
    )
    approved = serializers.BooleanField(required=False, help_text=gettext_lazy("初审：通过或退回"))
    grade = serializers.ChoiceField(
        choices=TargetReview.Grade.choices, required=False, help_text=gettext_lazy("财政审核等级")
    )
    completeness = serializers.CharField(required=False, allow_blank=True, default="")
    relevance = serializers.CharField(required=False, allow_blank=True, default="")
    appropriateness = serializers.CharField(required=False, allow_blank=True, default="")
    feasibility = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(min_value=1)


class BulkApproveSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=500)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AdjustSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TargetVersionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "adjustment_no",
            "adjustment_reason",
            "status",
            "status_display",
            "version",
            "grade",
            "amount",
            "created_at",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------


class IndicatorTemplateFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=gettext_lazy("名称、二级指标或解释"))
    category = django_filters.ChoiceFilter(
        choices=Category.choices, method="filter_category", label=gettext_lazy("资金类别")
    )
    project_kind = django_filters.CharFilter(method="filter_kind", label=gettext_lazy("项目类型"))

    class Meta:
        model = IndicatorTemplate
        fields = ["level1", "level2", "status"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(level2__icontains=value) | Q(definition__icontains=value)
        )

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(categories__contains=[value]) | Q(categories=[]))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(Q(project_kinds__contains=[value.strip()]) | Q(project_kinds=[]))


class TargetFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id", label=gettext_lazy("主管部门"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=gettext_lazy("填报单位"))
    project = django_filters.NumberFilter(field_name="project_id", label=gettext_lazy("项目"))
    status = django_filters.MultipleChoiceFilter(choices=Target.Status.choices, label=gettext_lazy("状态"))
    min_amount = django_filters.NumberFilter(field_name="amount", lookup_expr="gte")
    max_amount = django_filters.NumberFilter(field_name="amount", lookup_expr="lte")
    current = django_filters.BooleanFilter(method="filter_current", label=gettext_lazy("仅最新版本"))
    search = django_filters.CharFilter(method="filter_search", label=gettext_lazy("名称"))

    class Meta:
        model = Target
        fields = ["year", "kind", "category", "is_special_fund"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(superseded_by__isnull=value) if value is not None else queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


FILTERS = [DjangoFilterBackend, filters.OrderingFilter]


# ---------------------------------------------------------------------------------------------
# Viewsets
# ---------------------------------------------------------------------------------------------


class TemplateDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("confirm", gettext_lazy("确认")), ("reject", gettext_lazy("驳回"))]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)

    def validate(self, attrs):
        if attrs["decision"] == "reject" and not attrs["reason"].strip():
            raise serializers.ValidationError({"reason": _("驳回时须说明理由。")})
        return attrs


class IndicatorTemplateViewSet(viewsets.ModelViewSet):
    """绩效指标库. Everyone reads the confirmed library; the finance admin keeps it (and sees
    proposed and rejected entries too); a department officer proposes additions (待确认), which
    the finance admin confirms or rejects with a reason (/decide/)."""

    serializer_class = IndicatorTemplateSerializer
    filterset_class = IndicatorTemplateFilter
    filter_backends = FILTERS
    ordering_fields = ["level1", "level2", "name"]
    allowed_roles = BUSINESS_ROLES
    write_roles = {Role.FINANCE_ADMIN, Role.DEPT_OFFICER}

    def _is_admin(self) -> bool:
        return Role.FINANCE_ADMIN in scope_of(self.request.user).roles

    def get_queryset(self):
        qs = IndicatorTemplate.objects.all()
        if not self._is_admin():
            own = scope_of(self.request.user).department_ids
            qs = qs.filter(Q(status=IndicatorTemplate.Status.CONFIRMED) | Q(proposed_by_id__in=own or []))
        return qs.order_by("level1", "level2", "name", "id")

    def _only_admin(self):
        if not self._is_admin():
            raise exceptions.PermissionDenied(_("只有财政绩效管理员可以维护指标库。"))

    def _audit(self, kind, obj, summary):
        audit.record(kind, self.request.user, obj, summary=summary, request=self.request)

    def perform_create(self, serializer):
        extra = {}
        if not self._is_admin():
            org = self.request.user.organization
            if org is None or org.pk not in scope_of(self.request.user).department_ids:
                raise exceptions.PermissionDenied(_("只有主管部门可以提议新增指标。"))
            extra = {"status": IndicatorTemplate.Status.PROPOSED, "proposed_by": org, "reject_reason": ""}
        with transaction.atomic():
            obj = serializer.save(**extra)
            self._audit(EventKind.CREATED, obj, _("新增指标库指标 %(obj)s") % {"obj": obj})

    def perform_update(self, serializer):
        self._only_admin()
        with transaction.atomic():
            obj = serializer.save()
            self._audit(EventKind.UPDATED, obj, _("修改指标库指标 %(obj)s") % {"obj": obj})

    def perform_destroy(self, instance):
        self._only_admin()
        with transaction.atomic():
            self._audit(EventKind.DELETED, instance, _("删除指标库指标 %(obj)s") % {"obj": instance})
            instance.delete()

    @extend_schema(request=TemplateDecisionSerializer, responses=IndicatorTemplateSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        """Finance confirms a department's proposal, or rejects it with a reason."""
        self._only_admin()
        template = self.get_object()
        asked = TemplateDecisionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        if template.status != IndicatorTemplate.Status.PROPOSED:
            raise WorkflowError(_("该指标不是待确认状态。"), code="state")
        confirm = asked.validated_data["decision"] == "confirm"
        template.status = IndicatorTemplate.Status.CONFIRMED if confirm else IndicatorTemplate.Status.REJECTED
        template.reject_reason = "" if confirm else asked.validated_data["reason"]
        with transaction.atomic():
            template.save(update_fields=["status", "reject_reason"])
            self._audit(
                EventKind.UPDATED,
                template,
                (_("确认指标 %(obj)s") if confirm else _("驳回指标 %(obj)s")) % {"obj": template},
            )
        return Response(self.get_serializer(template).data)


class IndicatorReadSerializer(IndicatorSerializer):
    class Meta(IndicatorSerializer.Meta):
        fields = ["target", *IndicatorSerializer.Meta.fields]
        read_only_fields = fields


class IndicatorFilter(django_filters.FilterSet):
    target = django_filters.NumberFilter(field_name="target_id", label=gettext_lazy("绩效目标"))

    class Meta:
        model = Indicator
        fields = ["target", "level1", "level2"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """绩效指标 of the targets the user may see (later stages read the approved ones); they are
    written through their target."""

    serializer_class = IndicatorReadSerializer
    filterset_class = IndicatorFilter
    filter_backends = FILTERS
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        targets = Target.objects.visible_to(self.request.user)
        return Indicator.objects.filter(target__in=targets).order_by("target_id", "order", "id")


class TargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """绩效目标. Declared and edited by the declaring unit (draft / returned / 按意见完善, with the
    version seen); reviewed through /reviews/; approved targets are frozen."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    filter_backends = FILTERS
    ordering_fields = ["year", "name", "amount", "status", "updated_at", "created_at"]
    allowed_roles = BUSINESS_ROLES
    write_roles = TARGET_WRITE_ROLES
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            Target.objects.visible_to(self.request.user)
            .select_related("unit", "department")
            .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")))
            .order_by("-year", "unit_id", "id")
        )

    def perform_create(self, serializer):
        user = self.request.user
        data = serializer.validated_data
        kind = data.get("kind", Target.Kind.PROJECT)
        org = declaring_org(user, kind)
        if org is None:
            raise exceptions.PermissionDenied(_("只有填报单位的经办人可以申报绩效目标。"))
        project = data.get("project")
        if project is not None and project.unit_id != org.pk:
            raise exceptions.PermissionDenied(_("只能为本单位的项目申报绩效目标。"))
        if kind == Target.Kind.DEPARTMENT:
            data.pop("project", None)
            project = None
        items = data.pop("indicators", [])
        data.pop("version", None)
        extra = {}
        if project is not None:
            extra.setdefault("category", data.get("category") or project.category)
            extra.setdefault("name", data.get("name") or _("%(p)s绩效目标") % {"p": project.name})
        elif not data.get("name"):
            extra["name"] = _("%(org)s部门整体支出绩效目标") % {"org": org.name}
        with transaction.atomic():
            target = serializer.save(
                unit=org, year=data["fiscal_year"].year, created_by=user, **{**data, **extra}
            )
            replace_indicators(target, items)
            audit.record(
                EventKind.CREATED,
                user,
                target,
                summary=_("新建绩效目标 %(obj)s") % {"obj": target},
                request=self.request,
            )

    def perform_update(self, serializer):
        user = self.request.user
        target = serializer.instance
        check_can_edit(user, target)
        data = dict(serializer.validated_data)
        seen_version = data.pop("version")
        items = data.pop("indicators", None)
        for field, value in data.items():
            setattr(target, field, value)
        with transaction.atomic():
            save_edit(target, seen_version, user, request=self.request)
            if items is not None:
                replace_indicators(target, items)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        # The response shows the indicators as saved (the prefetched ones are stale).
        target = self.get_queryset().get(pk=kwargs["pk"])
        response.data = self.get_serializer(target).data
        return response

    # -- transitions ---------------------------------------------------------------------------

    @extend_schema(request=TargetTransitionRequestSerializer, responses=TargetSerializer, filters=False)
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def transitions(self, request, pk=None):
        target = self.get_object()
        if request.method == "POST":
            asked = TargetTransitionRequestSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            name = asked.validated_data["name"]
            if name not in DIRECT_TRANSITIONS:
                raise WorkflowError(_("审核、退回和批复请通过审核意见（reviews）提交。"), code="use_review")
            target = perform(
                target,
                name,
                request.user,
                comment=asked.validated_data["comment"],
                seen_version=asked.validated_data["version"],
                request=request,
            )
            return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)
        available = [
            {
                "name": t.name,
                "label": str(TRANSITION_LABELS.get(t.name, t.name)),
                "target": t.target,
                "target_display": str(STATUS_LABELS.get(t.target, t.target)),
            }
            for t in available_transitions(target, request.user)
        ]
        history = [
            {
                "transition": log.transition,
                "label": str(TRANSITION_LABELS.get(log.transition, log.transition)),
                "source": log.source,
                "target": log.target,
                "actor_name": log.actor.display_name if log.actor else "",
                "comment": log.comment,
                "at": log.at,
            }
            for log in history_of(target)
        ]
        return Response(
            {
                "version": target.version,
                "status": target.status,
                "status_display": target.get_status_display(),
                "available": available,
                "history": history,
            }
        )

    # -- reviews -------------------------------------------------------------------------------

    @extend_schema(
        request=TargetReviewRequestSerializer, responses=TargetReviewSerializer(many=True), filters=False
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def reviews(self, request, pk=None):
        target = self.get_object()
        if request.method == "POST":
            asked = TargetReviewRequestSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            v = asked.validated_data
            stage = v.get("stage") or (
                TargetReview.Stage.DEPARTMENT
                if target.status == Target.Status.SUBMITTED
                else TargetReview.Stage.FINANCE
            )
            opinions = Opinions(v["completeness"], v["relevance"], v["appropriateness"], v["feasibility"])
            if stage == TargetReview.Stage.DEPARTMENT:
                if "approved" not in v:
                    raise serializers.ValidationError({"approved": _("请选择初审通过或退回。")})
                review_by_department(
                    target,
                    request.user,
                    approved=v["approved"],
                    opinions=opinions,
                    comment=v["comment"],
                    seen_version=v["version"],
                    request=request,
                )
            else:
                if "grade" not in v:
                    raise serializers.ValidationError({"grade": _("请选择审核等级（优、良、中、差）。")})
                review_by_finance(
                    target,
                    request.user,
                    grade=v["grade"],
                    opinions=opinions,
                    comment=v["comment"],
                    seen_version=v["version"],
                    request=request,
                )
            fresh = self.get_queryset().get(pk=target.pk)
            return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)
        rows = target.reviews.select_related("reviewer").order_by("created_at", "id")
        return Response(TargetReviewSerializer(rows, many=True).data)

    @extend_schema(request=BulkApproveSerializer, filters=False)
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk-approve",
        filter_backends=[],
        write_roles=FINANCE_ROLES,
    )
    def bulk_approve(self, request):
        """财政审核 批量批复 (grade 优), each target on its own; ids the user cannot see are 'not found'."""
        asked = BulkApproveSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        ids = asked.validated_data["ids"]
        found = {t.pk: t for t in Target.objects.visible_to(request.user).filter(pk__in=ids)}
        results = approve_many(
            [found[i] for i in ids if i in found],
            request.user,
            comment=asked.validated_data["comment"],
            request=request,
        )
        out = [
            {"id": r.target.pk, "ok": r.ok, "message": r.message, "status": r.target.status} for r in results
        ]
        out += [
            {"id": i, "ok": False, "message": _("未找到该绩效目标。"), "status": ""}
            for i in ids
            if i not in found
        ]
        return Response({"approved": sum(1 for r in results if r.ok), "results": out})

    # -- adjustment and versions ---------------------------------------------------------------

    @extend_schema(request=AdjustSerializer, responses={201: TargetSerializer}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def adjust(self, request, pk=None):
        """[004 第二十四条] a new draft version of an approved target, with the stated reason."""
        target = self.get_object()
        org = declaring_org(request.user, target.kind)
        if org is None or org.pk != target.unit_id:
            raise exceptions.PermissionDenied(_("只有填报单位的经办人可以发起目标调整。"))
        asked = AdjustSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        new = start_adjustment(target, request.user, reason=asked.validated_data["reason"])
        audit.record(
            EventKind.CREATED,
            request.user,
            new,
            summary=_("发起绩效目标调整 %(obj)s") % {"obj": new},
            request=request,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=TargetVersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def versions(self, request, pk=None):
        target = self.get_object()
        # Every version belongs to the same unit, so whoever sees one sees them all.
        return Response(TargetVersionSerializer(review_versions_of(target), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "other", OpenApiTypes.INT, required=True, description=gettext_lazy("要比较的另一版本")
            )
        ],
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def diff(self, request, pk=None):
        """Changes between this version and `?other=<id>` (another version of the same target)."""
        target = self.get_object()
        try:
            other_id = int(request.query_params.get("other", ""))
        except ValueError:
            raise exceptions.ValidationError({"other": _("请指定要比较的版本。")})
        chain = {t.pk: t for t in review_versions_of(target)}
        if other_id not in chain:
            raise exceptions.ValidationError({"other": _("只能比较同一绩效目标的不同版本。")})
        old, new = sorted([target, chain[other_id]], key=lambda t: t.adjustment_no)
        changes = [
            {"where": c.where, "field": c.field, "old": _plain(c.old), "new": _plain(c.new)}
            for c in diff(old, new)
        ]
        return Response({"old": old.pk, "new": new.pk, "changes": changes})

    # -- official forms ------------------------------------------------------------------------

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get", "post"], url_path="form.xlsx", filter_backends=[])
    def form_xlsx(self, request, pk=None):
        """GET: the 申报表 in Excel. POST (multipart `file`): import the same layout into this target."""
        from targets import documents, imports

        target = self.get_object()
        if request.method == "GET":
            return documents.form_xlsx_response(target, request.user, request=request)
        check_can_edit(request.user, target)
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": _("请选择要导入的 Excel 文件。")})
        try:
            target = imports.import_form(
                target, upload, request.user, seen_version=request.data.get("version"), request=request
            )
        except imports.FormRefused as exc:
            return Response(
                {"detail": _("文件有误，未导入任何内容。"), "code": "invalid_file", "errors": exc.as_dicts()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], url_path="form.pdf", filter_backends=[])
    def form_pdf(self, request, pk=None):
        from targets import documents

        return documents.form_pdf_response(self.get_object(), request.user, request=request)

    @extend_schema(
        parameters=[
            OpenApiParameter("department", OpenApiTypes.INT, required=True),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
        ],
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="department-workbook", filter_backends=[])
    def department_workbook(self, request):
        """A department's approved targets of a year as one workbook (one sheet each); a large one
        is a background job (202 with the job's address)."""
        from targets import documents

        try:
            department = int(request.query_params.get("department", ""))
            year = int(request.query_params.get("year", ""))
        except ValueError:
            raise exceptions.ValidationError({"detail": _("请指定主管部门和年度。")})
        return documents.department_workbook_response(
            request.user, department, year, request=request, api=True
        )


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


router.register("indicator-templates", IndicatorTemplateViewSet, basename="indicator-template")
router.register("targets", TargetViewSet, basename="target")
router.register("indicators", IndicatorViewSet, basename="indicator")
