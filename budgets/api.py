"""REST API of the project library under /api/v1/ (DESIGN.md §5): fiscal years and their Policy,
deadlines, projects and their transitions, allocations and expenditures.

Same scoping and rules as the pages: every queryset goes through `visible_to(user)` (another unit's
object is a 404), transitions go through perfapp.workflow.perform(), edits through save_edit() with
the version the client saw (stale → 409). Registered on perfapp.api_router.router.
"""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, filters, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES, Role
from budgets.library import (
    COMMENT_REQUIRED,
    can_create_project,
    can_edit_project,
    next_project_code,
    officer_unit,
    transition_label,
)
from budgets.models import (
    Allocation,
    BudgetType,
    Category,
    Deadline,
    Expenditure,
    FiscalYear,
    FundSource,
    Policy,
    Project,
    today,
)
from budgets.policy import PolicyData, PolicyError, can_edit_policy, diff, label_of
from perfapp import audit
from perfapp.api_router import router
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, available_transitions, history_of, perform, save_edit

# ---------------------------------------------------------------------------------------------
# Helpers. The rules themselves live in budgets.library, budgets.policy and the models; the pages
# call the same functions.
# ---------------------------------------------------------------------------------------------


def _deep_merge(base: dict, changes: dict) -> dict:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def merged_rules(fiscal_year: FiscalYear, changes: dict) -> PolicyData:
    """The rules in force with `changes` laid over them (what is not sent keeps its value), validated
    whole (PolicyData.from_dict(...).validate(); raises PolicyError in Chinese)."""
    current = fiscal_year.policies.order_by("-version").first()
    base = PolicyData.from_dict(current.data if current else {}).to_dict()
    rules = PolicyData.from_dict(_deep_merge(base, changes))
    rules.validate()
    return rules


def check_can_edit_project(user, project: Project) -> None:
    """Not the unit's own officer → 403; the unit's officer but the wrong state → 400 (can_edit_project)."""
    unit = officer_unit(user)
    allowed, reason = can_edit_project(user, project)
    if allowed:
        return
    if unit is None or unit.pk != project.unit_id:
        raise exceptions.PermissionDenied(reason)
    raise WorkflowError(reason, code="state")


PROJECT_TRANSITIONS = sorted({t.name for t in Project._meta.get_field("status").get_all_transitions(Project)})
STATUS_LABELS = dict(Project.Status.choices)


# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------


class PolicyVersionSerializer(serializers.ModelSerializer):
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = ["version", "effective_from", "comment", "created_by", "created_by_name", "created_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_created_by_name(self, obj):
        return obj.created_by.display_name if obj.created_by else ""


def _typed(policy_row: Policy | None) -> dict:
    """The rules of a version as typed JSON, every default filled in (PolicyData.to_dict())."""
    return PolicyData.from_dict(policy_row.data if policy_row else {}).to_dict()


class FiscalYearSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    policy_version = serializers.SerializerMethodField(help_text=gettext_lazy("现行政策参数版本"))
    policy = serializers.SerializerMethodField(help_text=gettext_lazy("现行政策参数（含默认值）"))

    class Meta:
        model = FiscalYear
        fields = ["id", "region", "region_name", "year", "is_current", "policy_version", "policy"]
        read_only_fields = fields

    @staticmethod
    def _current(obj) -> Policy | None:
        # Prefetched newest first by the viewset, so the list costs no query per row.
        versions = getattr(obj, "policy_versions", None)
        if versions is None:
            return obj.policies.order_by("-version").first()
        return versions[0] if versions else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_policy_version(self, obj):
        row = self._current(obj)
        return row.version if row else 0

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_policy(self, obj):
        return _typed(self._current(obj))


class PolicyCurrentSerializer(PolicyVersionSerializer):
    data = serializers.SerializerMethodField()

    class Meta(PolicyVersionSerializer.Meta):
        fields = [*PolicyVersionSerializer.Meta.fields, "data"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, obj):
        return _typed(obj)


class PolicyChangeItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class PolicyHistorySerializer(PolicyVersionSerializer):
    changes = PolicyChangeItemSerializer(many=True, read_only=True, help_text=gettext_lazy("与上一版本相比"))

    class Meta(PolicyVersionSerializer.Meta):
        fields = [*PolicyVersionSerializer.Meta.fields, "changes"]
        read_only_fields = fields


class PolicyOverviewSerializer(serializers.Serializer):
    current = PolicyCurrentSerializer()
    versions = PolicyHistorySerializer(many=True)


class PolicyChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text=gettext_lazy("您修改所依据的现行版本号；期间有人保存了新版本则返回 409")
    )
    data = serializers.JSONField(help_text=gettext_lazy("要修改的参数（按节嵌套）；未提交的参数沿用现行版本"))
    comment = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    effective_from = serializers.DateField(required=False, help_text=gettext_lazy("生效日期，默认今天"))

    def validate_data(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("政策参数格式错误：应为对象"))
        return value


class DeadlineSerializer(serializers.ModelSerializer):
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Deadline
        fields = ["id", "fiscal_year", "stage", "stage_display", "name", "due", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "fiscal_year" in self.fields:
            # A year the user cannot see is "not found", exactly like an id that does not exist.
            self.fields["fiscal_year"].queryset = FiscalYear.objects.visible_to(request.user)


_MISSING = object()


def _field_reader(field, model):
    """A function instance -> the field's output, doing what DRF's get_attribute/to_representation
    do for the plain shapes of a model serializer, without DRF's per-value checks (inspect.signature
    on every get_FOO_display call was most of a 50-row page's time). None = use DRF's own path."""
    attrs = field.source_attrs
    if len(attrs) != 1:
        if len(attrs) != 2:
            return None
        first, second = attrs

        def read_related(obj):
            related = getattr(obj, first)
            if related is None:
                return _MISSING
            value = getattr(related, second)
            return None if value is None else field.to_representation(value)

        return read_related
    name = attrs[0]
    if name.startswith("get_") and name.endswith("_display"):
        model_field = model._meta.get_field(name[4:-8])
        labels = dict(model_field.flatchoices)
        attname = model_field.attname

        def read_display(obj):
            value = getattr(obj, attname)
            label = labels.get(value, value)
            return None if label is None else field.to_representation(str(label))

        return read_display
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 — not a model field: DRF's own path
        return None
    if not model_field.concrete:
        return None
    attname = model_field.attname
    if model_field.is_relation:
        if not isinstance(field, serializers.PrimaryKeyRelatedField) or field.pk_field is not None:
            return None
        return lambda obj: getattr(obj, attname)

    def read_value(obj):
        value = getattr(obj, attname)
        return None if value is None else field.to_representation(value)

    return read_value


class FastModelRepresentation:
    """to_representation of a ModelSerializer through readers prepared once per serializer (a list
    serializes its rows with one child): the same output as DRF's loop."""

    def _readers(self):
        readers = self.__dict__.get("_fast_readers")
        if readers is None:
            model = self.Meta.model
            readers = [(field, _field_reader(field, model)) for field in self._readable_fields]
            self._fast_readers = readers
        return readers

    def to_representation(self, instance):
        out = {}
        for field, read in self._readers():
            value = _MISSING if read is None else read(instance)
            if value is _MISSING:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                value = None if check is None else field.to_representation(attribute)
            out[field.field_name] = value
        return out


class ProjectSerializer(FastModelRepresentation, serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    budget_type_display = serializers.CharField(source="get_budget_type_display", read_only=True)
    nature_display = serializers.CharField(source="get_nature_display", read_only=True)
    fund_sources = serializers.ListField(
        child=serializers.ChoiceField(choices=FundSource.choices),
        allow_empty=False,
        error_messages={"empty": gettext_lazy("请至少选择一个资金来源。")},
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=gettext_lazy("修改时必填：您看到的版本号；期间有人修改过则返回 409"),
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "region",
            "category",
            "category_display",
            "function_code",
            "budget_type",
            "budget_type_display",
            "fund_sources",
            "start_year",
            "end_year",
            "total_amount",
            "leader_name",
            "leader_phone",
            "nature",
            "nature_display",
            "is_major",
            "description",
            "status",
            "status_display",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        # Scope keys, state and bookkeeping are never the client's to set.
        read_only_fields = [
            "unit",
            "department",
            "region",
            "is_major",
            "status",
            "created_by",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "code": {"required": False, "allow_blank": True, "help_text": gettext_lazy("留空则自动生成")},
            "start_year": {"min_value": 2000, "max_value": 2100},
            "end_year": {"min_value": 2000, "max_value": 2100},
        }

    def validate_code(self, value):
        return (value or "").strip()

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": _("修改项目时须提供您看到的版本号。")})
        start = attrs.get("start_year", getattr(self.instance, "start_year", None))
        end = attrs.get("end_year", getattr(self.instance, "end_year", None))
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"end_year": _("结束年度不能早于起始年度。")})
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)


class TransitionRequestSerializer(serializers.Serializer):
    name = serializers.ChoiceField(
        choices=[(n, transition_label(n)) for n in PROJECT_TRANSITIONS],
        help_text=gettext_lazy(
            "操作：submit 申报、dept_approve 初审通过、dept_return 初审退回、admit 审核入库等"
        ),
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的项目版本号"))

    def validate(self, attrs):
        # Whoever returns or refuses a project must say why: the unit has to know what to fix.
        if attrs["name"] in COMMENT_REQUIRED and not attrs.get("comment", "").strip():
            raise serializers.ValidationError({"comment": _("退回或不予入库时须填写意见。")})
        return attrs


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    target_display = serializers.CharField()


class TransitionLogSerializer(serializers.Serializer):
    transition = serializers.CharField()
    label = serializers.SerializerMethodField()
    source = serializers.CharField()
    source_display = serializers.SerializerMethodField()
    target = serializers.CharField()
    target_display = serializers.SerializerMethodField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    actor_name = serializers.SerializerMethodField()
    comment = serializers.CharField()
    at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_label(self, obj):
        return transition_label(obj.transition)

    @extend_schema_field(OpenApiTypes.STR)
    def get_source_display(self, obj):
        return str(STATUS_LABELS.get(obj.source, obj.source))

    @extend_schema_field(OpenApiTypes.STR)
    def get_target_display(self, obj):
        return str(STATUS_LABELS.get(obj.target, obj.target))

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor_name(self, obj):
        return obj.actor.display_name if obj.actor else ""


class TransitionsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    available = TransitionOptionSerializer(many=True, help_text=gettext_lazy("当前用户现在可以执行的操作"))
    history = TransitionLogSerializer(many=True)


class AllocationSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    fund_source_display = serializers.CharField(source="get_fund_source_display", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "year",
            "fund_source",
            "fund_source_display",
            "initial_amount",
            "adjustment",
            "total_amount",
            "detailed",
            "unit",
            "department",
            "region",
        ]
        read_only_fields = fields


class ExpenditureSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    fund_source_display = serializers.CharField(source="get_fund_source_display", read_only=True)

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "year",
            "date",
            "amount",
            "fund_source",
            "fund_source_display",
            "voucher",
            "summary",
            "unit",
            "department",
            "region",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------


class FiscalYearFilter(django_filters.FilterSet):
    region = django_filters.NumberFilter(field_name="region_id", label=gettext_lazy("行政区划"))

    class Meta:
        model = FiscalYear
        fields = ["region", "year", "is_current"]


class DeadlineFilter(django_filters.FilterSet):
    fiscal_year = django_filters.NumberFilter(field_name="fiscal_year_id", label=gettext_lazy("预算年度"))
    year = django_filters.NumberFilter(field_name="fiscal_year__year", label=gettext_lazy("年度"))

    class Meta:
        model = Deadline
        fields = ["fiscal_year", "year", "stage"]


class ProjectFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="filter_year", label=gettext_lazy("年度（项目期间覆盖该年）"))
    department = django_filters.NumberFilter(field_name="department_id", label=gettext_lazy("主管部门"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=gettext_lazy("预算单位"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=gettext_lazy("资金类别"))
    budget_type = django_filters.ChoiceFilter(choices=BudgetType.choices, label=gettext_lazy("预算类型"))
    status = django_filters.MultipleChoiceFilter(choices=Project.Status.choices, label=gettext_lazy("状态"))
    min_amount = django_filters.NumberFilter(
        field_name="total_amount", lookup_expr="gte", label=gettext_lazy("项目总金额不低于（元）")
    )
    max_amount = django_filters.NumberFilter(
        field_name="total_amount", lookup_expr="lte", label=gettext_lazy("项目总金额不高于（元）")
    )
    search = django_filters.CharFilter(method="filter_search", label=gettext_lazy("项目编码、名称或负责人"))

    class Meta:
        model = Project
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(leader_name__icontains=value)
        )


class AllocationFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=gettext_lazy("项目"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=gettext_lazy("预算单位"))
    department = django_filters.NumberFilter(field_name="department_id", label=gettext_lazy("主管部门"))

    class Meta:
        model = Allocation
        fields = ["project", "year", "fund_source", "unit", "department"]


class ExpenditureFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=gettext_lazy("项目"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=gettext_lazy("预算单位"))
    department = django_filters.NumberFilter(field_name="department_id", label=gettext_lazy("主管部门"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=gettext_lazy("支付日期起")
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=gettext_lazy("支付日期止")
    )

    class Meta:
        model = Expenditure
        fields = ["project", "year", "fund_source", "unit", "department", "date_from", "date_to"]


FILTERS = [DjangoFilterBackend, filters.OrderingFilter]


# ---------------------------------------------------------------------------------------------
# Viewsets
# ---------------------------------------------------------------------------------------------


class FiscalYearViewSet(viewsets.ReadOnlyModelViewSet):
    """预算年度 and their Policy. Read: business roles, years of their regions.
    A new Policy version: the finance admin of the year's region only."""

    serializer_class = FiscalYearSerializer
    filterset_class = FiscalYearFilter
    filter_backends = FILTERS
    ordering_fields = ["year"]
    allowed_roles = BUSINESS_ROLES
    write_roles = {Role.FINANCE_ADMIN}

    def get_queryset(self):
        return (
            FiscalYear.objects.visible_to(self.request.user)
            .select_related("region")
            .prefetch_related(
                Prefetch(
                    "policies",
                    queryset=Policy.objects.select_related("created_by").order_by("-version"),
                    to_attr="policy_versions",
                )
            )
            .order_by("-year", "region__code")
        )

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("现行政策参数及全部版本"),
        responses=PolicyOverviewSerializer,
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("保存政策参数新版本"),
        request=PolicyChangeSerializer,
        responses={201: PolicyCurrentSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def policy(self, request, pk=None):
        year = self.get_object()
        if request.method == "POST":
            allowed, reason = can_edit_policy(request.user, year)
            if not allowed:
                raise exceptions.PermissionDenied(reason)
            change = PolicyChangeSerializer(data=request.data)
            change.is_valid(raise_exception=True)
            asked = change.validated_data
            try:
                rules = merged_rules(year, asked["data"])
                row = year.add_policy_version(
                    rules,
                    request.user,
                    seen_version=asked["version"],
                    effective_from=asked.get("effective_from") or today(),
                    comment=asked["comment"],
                    request=request,
                )
            except PolicyError as exc:
                raise exceptions.ValidationError({"data": [str(exc)]})
            return Response(PolicyCurrentSerializer(row).data, status=201)

        versions = list(year.policy_versions)  # newest first
        # v1 is compared with the national defaults: what this bureau chose differently.
        previous = PolicyData().to_dict()
        for row in reversed(versions):
            typed = _typed(row)
            row.changes = [
                {"key": k, "label": label_of(k), "old": a, "new": b} for k, a, b in diff(previous, typed)
            ]
            previous = typed
        current = versions[0] if versions else Policy(fiscal_year=year, version=0, data={})
        return Response(PolicyOverviewSerializer({"current": current, "versions": versions}).data)


class DeadlineViewSet(viewsets.ModelViewSet):
    """The year's deadlines. Read: business roles of the region; write: its finance admin."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    filter_backends = FILTERS
    ordering_fields = ["due", "stage"]
    allowed_roles = BUSINESS_ROLES
    write_roles = {Role.FINANCE_ADMIN}

    def get_queryset(self):
        years = FiscalYear.objects.visible_to(self.request.user)
        return Deadline.objects.filter(fiscal_year__in=years).order_by("due", "id")

    def _check(self, fiscal_year):
        allowed, reason = can_edit_policy(self.request.user, fiscal_year)
        if not allowed:
            raise exceptions.PermissionDenied(reason)

    def perform_create(self, serializer):
        self._check(serializer.validated_data["fiscal_year"])
        with transaction.atomic():
            deadline = serializer.save()
            audit.record(
                EventKind.CREATED,
                self.request.user,
                deadline,
                summary=_("新建截止日期 %(obj)s") % {"obj": deadline},
                request=self.request,
            )

    def perform_update(self, serializer):
        self._check(serializer.instance.fiscal_year)
        if "fiscal_year" in serializer.validated_data:
            self._check(serializer.validated_data["fiscal_year"])
        with transaction.atomic():
            deadline = serializer.save()
            audit.record(
                EventKind.UPDATED,
                self.request.user,
                deadline,
                summary=_("修改截止日期 %(obj)s") % {"obj": deadline},
                request=self.request,
            )

    def perform_destroy(self, instance):
        self._check(instance.fiscal_year)
        with transaction.atomic():
            audit.record(
                EventKind.DELETED,
                self.request.user,
                instance,
                summary=_("删除截止日期 %(obj)s") % {"obj": instance},
                request=self.request,
            )
            instance.delete()


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """项目库. Create and edit: the unit's own officer (储备/退回 only, with the version seen);
    transitions: perfapp.workflow.perform(), guarded by role, scope and state."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    filter_backends = FILTERS
    ordering_fields = ["code", "name", "total_amount", "start_year", "status", "updated_at", "created_at"]
    allowed_roles = BUSINESS_ROLES
    write_roles = BUSINESS_ROLES - {Role.LEADER, Role.AUDITOR}

    def get_queryset(self):
        projects = Project.objects.visible_to(self.request.user).for_list()
        if self.action == "list":
            # Of the unit and the department a row shows only the names.
            own = [f.name for f in Project._meta.concrete_fields]
            projects = projects.only(*own, "unit__name", "department__name")
        return projects

    def perform_create(self, serializer):
        user = self.request.user
        allowed, reason = can_create_project(user)
        if not allowed:
            raise exceptions.PermissionDenied(reason)
        unit = officer_unit(user)
        code = serializer.validated_data.get("code") or next_project_code(
            unit, serializer.validated_data["start_year"]
        )
        with transaction.atomic():
            project = serializer.save(unit=unit, code=code, created_by=user)
            audit.record(
                EventKind.CREATED,
                user,
                project,
                summary=_("新建项目 %(obj)s") % {"obj": project},
                request=self.request,
            )

    def perform_update(self, serializer):
        user = self.request.user
        project = serializer.instance
        check_can_edit_project(user, project)
        data = dict(serializer.validated_data)
        seen_version = data.pop("version")
        for field, value in data.items():
            setattr(project, field, value)
        save_edit(project, seen_version, user, request=self.request)

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("流程记录及当前用户可执行的操作"),
        responses=TransitionsSerializer,
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("执行流程操作（申报、初审、入库……）"),
        request=TransitionRequestSerializer,
        responses={
            200: ProjectSerializer,
            400: inline_serializer(
                "TransitionRefused", {"detail": serializers.CharField(), "code": serializers.CharField()}
            ),
            409: inline_serializer(
                "StaleVersion", {"detail": serializers.CharField(), "code": serializers.CharField()}
            ),
        },
        filters=False,
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def transitions(self, request, pk=None):
        project = self.get_object()
        if request.method == "POST":
            asked = TransitionRequestSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            project = perform(
                project,
                asked.validated_data["name"],
                request.user,
                comment=asked.validated_data["comment"],
                seen_version=asked.validated_data["version"],
                request=request,
            )
            return Response(ProjectSerializer(project, context=self.get_serializer_context()).data)

        available = [
            {
                "name": t.name,
                "label": transition_label(t.name),
                "target": t.target,
                "target_display": str(STATUS_LABELS.get(t.target, t.target)),
            }
            for t in available_transitions(project, request.user)
        ]
        data = {
            "version": project.version,
            "status": project.status,
            "status_display": project.get_status_display(),
            "available": available,
            "history": list(history_of(project)),
        }
        return Response(TransitionsSerializer(data).data)


class AllocationViewSet(viewsets.ReadOnlyModelViewSet):
    """预算安排 (read-only here; written by imports)."""

    serializer_class = AllocationSerializer
    filterset_class = AllocationFilter
    filter_backends = FILTERS
    ordering_fields = ["year", "total_amount", "initial_amount"]
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        return (
            Allocation.objects.visible_to(self.request.user)
            .select_related("project")
            .order_by("project_id", "year", "fund_source")
        )


class ExpenditureViewSet(viewsets.ReadOnlyModelViewSet):
    """预算执行 records (read-only here; written by imports)."""

    serializer_class = ExpenditureSerializer
    filterset_class = ExpenditureFilter
    filter_backends = FILTERS
    ordering_fields = ["date", "amount", "year"]
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        return (
            Expenditure.objects.visible_to(self.request.user)
            .select_related("project")
            .order_by("project_id", "date", "id")
        )


router.register("fiscal-years", FiscalYearViewSet, basename="fiscal-year")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("projects", ProjectViewSet, basename="project")
router.register("allocations", AllocationViewSet, basename="allocation")
router.register("expenditures", ExpenditureViewSet, basename="expenditure")
