"""API of department and fiscal evaluations (external part of issue 5).

/api/v1/evaluation-plans/         list, retrieve, create {kind, fiscal_year, department};
                                  GET {id}/coverage/, GET {id}/candidates/, POST {id}/items/,
                                  POST {id}/update-item/, POST {id}/remove-item/,
                                  POST {id}/confirm/ (→ warnings), POST {id}/reopen/
/api/v1/evaluation-schemes/       list, retrieve (nested criteria and the outline), create and
                                  update with an `outline` (finance admin), POST {id}/copy/,
                                  GET {id}/export/, POST import/
/api/v1/expert-profiles/          the expert pool: list, retrieve; create/update (finance admin)
/api/v1/external-evaluations/     department and fiscal evaluations: list, retrieve, PATCH
                                  (scheme, violation, findings …, with version);
                                  GET/POST {id}/transitions/, GET/POST {id}/assignments/,
                                  GET {id}/scores/ (blind), GET {id}/panel/, GET/POST {id}/agreed/
/api/v1/evaluation-assignments/   list, retrieve; POST {id}/end/; GET/PUT {id}/scores/ (the
                                  expert's own); POST {id}/submit/

Same rules as the pages (evaluation.plans / schemes / experts / external): reads through
visible_to(user) (another department's plan is a 404), leaders and auditors read only
(RolePolicy), refusals in Chinese. Blind scoring: before every assigned expert has submitted,
`scores` returns only the caller's own scores and `panel` is refused (403); an expert never sees
another expert's assignment (404).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.guards import finance_admin_of
from accounts.models import BUSINESS_ROLES, Organization, Role, User
from accounts.scoping import scope_of
from budgets.models import Category, FiscalYear, Project
from evaluation import experts as ex
from evaluation import plans as pl
from evaluation import schemes as sc
from evaluation.external import (
    TRANSITION_LABELS,
    TRANSITIONS,
    external_evaluations_visible_to,
    run_transition,
    update_evaluation,
)
from evaluation.models import (
    Assignment,
    Criterion,
    Evaluation,
    EvaluationPlan,
    ExpertProfile,
    ExpertScore,
    Scheme,
)
from perfapp.api_router import router
from perfapp.workflow import WorkflowError, available_transitions, history_of


def _raise(exc: WorkflowError):
    """A rule's refusal as the API's error: permission → 403, the rest as the handler maps it."""
    if exc.code == "permission":
        raise exceptions.PermissionDenied(exc.message)
    raise exc


# --- plans -----------------------------------------------------------------------------------------


class EvaluationPlanSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    items = serializers.IntegerField(read_only=True, default=0)
    fiscal_year = serializers.PrimaryKeyRelatedField(queryset=FiscalYear.objects.all())
    department = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.DEPARTMENT),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = EvaluationPlan
        fields = [
            "id",
            "kind",
            "kind_display",
            "fiscal_year",
            "year",
            "department",
            "department_name",
            "region",
            "status",
            "status_display",
            "note",
            "items",
            "created_at",
            "confirmed_at",
        ]
        read_only_fields = ["year", "region", "status", "created_at", "confirmed_at"]
        validators = []


class OnsiteShareSerializer(serializers.Serializer):
    required = serializers.DecimalField(max_digits=6, decimal_places=4)
    count = serializers.IntegerField()
    total_count = serializers.IntegerField()
    money = serializers.DecimalField(max_digits=18, decimal_places=2)
    total_money = serializers.DecimalField(max_digits=18, decimal_places=2)
    count_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    money_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    met = serializers.BooleanField()
    flagged_offsite = serializers.ListField(child=serializers.IntegerField())


class PlanCoverageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    required = serializers.DecimalField(max_digits=6, decimal_places=4)
    base_label = serializers.CharField()
    base_count = serializers.IntegerField()
    base_money = serializers.DecimalField(max_digits=18, decimal_places=2)
    planned_count = serializers.IntegerField()
    planned_money = serializers.DecimalField(max_digits=18, decimal_places=2)
    count_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    money_share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    met = serializers.BooleanField()
    onsite = OnsiteShareSerializer(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())


def coverage_data(plan) -> dict:
    cov = pl.coverage(plan)
    onsite = None
    if cov.onsite is not None:
        o = cov.onsite
        onsite = {
            "required": o.required,
            "count": o.count,
            "total_count": o.total_count,
            "money": o.money,
            "total_money": o.total_money,
            "count_share": o.count_share,
            "money_share": o.money_share,
            "met": o.met,
            "flagged_offsite": [e.pk for e in o.flagged_offsite],
        }
    return PlanCoverageSerializer(
        {
            "kind": cov.kind,
            "required": cov.required,
            "base_label": cov.base_label,
            "base_count": cov.base_count,
            "base_money": cov.base_money,
            "planned_count": cov.planned_count,
            "planned_money": cov.planned_money,
            "count_share": cov.count_share,
            "money_share": cov.money_share,
            "met": cov.met,
            "onsite": onsite,
            "warnings": pl.coverage_warnings(cov),
        }
    ).data


class PlanItemAddSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    is_onsite = serializers.BooleanField(required=False, default=False)
    flagged_by_audit = serializers.BooleanField(required=False, default=False)
    is_major_reform = serializers.BooleanField(required=False, allow_null=True, default=None)


class PlanItemUpdateSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    is_onsite = serializers.BooleanField(required=False, allow_null=True, default=None)
    flagged_by_audit = serializers.BooleanField(required=False, allow_null=True, default=None)
    is_major_reform = serializers.BooleanField(required=False, allow_null=True, default=None)


class PlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """评价计划: a department's (its officer) or the fiscal key-evaluation plan (finance admin)."""

    serializer_class = EvaluationPlanSerializer
    allowed_roles = BUSINESS_ROLES - {Role.EXPERT}
    filterset_fields = ["kind", "year", "status", "department"]

    def get_queryset(self):
        return (
            pl.plans_visible_to(self.request.user)
            .select_related("department")
            .annotate(items=Count("evaluations"))
            .order_by("-year", "kind", "department_id", "id")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        fy = FiscalYear.objects.visible_to(request.user).filter(pk=d["fiscal_year"].pk).first()
        if fy is None:
            raise exceptions.NotFound()
        try:
            plan = pl.create_plan(
                fy, d["kind"], request.user, department=d.get("department"), request=request
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data, status=201)

    def _item(self, plan, pk):
        evaluation = plan.evaluations.filter(pk=pk).first()
        if evaluation is None:
            raise exceptions.NotFound()
        return evaluation

    @extend_schema(responses=PlanCoverageSerializer)
    @action(detail=True, methods=["get"], filter_backends=[])
    def coverage(self, request, pk=None):
        return Response(coverage_data(self.get_object()))

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filter_backends=[])
    def candidates(self, request, pk=None):
        plan = self.get_object()
        return Response(
            {
                key: [
                    {
                        "project": c.project.pk,
                        "code": c.project.code,
                        "name": c.project.name,
                        "unit": c.project.unit.name,
                        "money": str(c.money),
                        "reason": c.reason,
                    }
                    for c in rows
                ]
                for key, rows in pl.candidates(plan).items()
            }
        )

    @extend_schema(request=PlanItemAddSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], filter_backends=[])
    def items(self, request, pk=None):
        plan = self.get_object()
        asked = PlanItemAddSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        project = Project.objects.visible_to(request.user).filter(pk=d["project"]).first()
        if project is None:
            raise exceptions.NotFound()
        try:
            evaluation = pl.add_project(
                plan,
                project,
                request.user,
                is_onsite=d["is_onsite"],
                flagged_by_audit=d["flagged_by_audit"],
                is_major_reform=d["is_major_reform"],
                request=request,
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(ExternalEvaluationSerializer(evaluation).data, status=201)

    @extend_schema(request=PlanItemUpdateSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], url_path="update-item", filter_backends=[])
    def update_item(self, request, pk=None):
        plan = self.get_object()
        asked = PlanItemUpdateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        evaluation = self._item(plan, d["evaluation"])
        try:
            evaluation = pl.update_item(
                evaluation,
                request.user,
                is_onsite=d["is_onsite"],
                flagged_by_audit=d["flagged_by_audit"],
                is_major_reform=d["is_major_reform"],
                request=request,
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(ExternalEvaluationSerializer(evaluation).data)

    @extend_schema(request=PlanItemUpdateSerializer, responses=None)
    @action(detail=True, methods=["post"], url_path="remove-item", filter_backends=[])
    def remove_item(self, request, pk=None):
        plan = self.get_object()
        evaluation = self._item(plan, request.data.get("evaluation"))
        try:
            pl.remove_item(evaluation, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(status=204)

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, pk=None):
        plan = self.get_object()
        try:
            warnings = pl.confirm_plan(plan, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        data = self.get_serializer(self.get_queryset().get(pk=plan.pk)).data
        return Response({**data, "warnings": warnings})

    @extend_schema(request=None, responses=EvaluationPlanSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reopen(self, request, pk=None):
        plan = self.get_object()
        try:
            pl.reopen_plan(plan, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)


# --- schemes ---------------------------------------------------------------------------------------


class SchemeOutlineRowSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)
    group = serializers.ChoiceField(
        choices=[("", "")] + list(Criterion.Group.choices), required=False, allow_blank=True, default=""
    )
    name = serializers.CharField(max_length=100)
    points = serializers.DecimalField(max_digits=7, decimal_places=2)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluationSchemeSerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(
        choices=[("", "")] + list(Category.choices), required=False, allow_blank=True
    )
    criteria = serializers.SerializerMethodField()
    outline = SchemeOutlineRowSerializer(many=True, required=False)
    problems = serializers.SerializerMethodField()

    class Meta:
        model = Scheme
        fields = [
            "id",
            "region",
            "name",
            "category",
            "description",
            "bonus_points",
            "is_default",
            "criteria",
            "outline",
            "problems",
            "created_at",
        ]
        read_only_fields = ["region", "created_at"]
        validators = []

    def get_criteria(self, obj) -> list[dict]:
        """The tree: level 1 → level 2 → level 3 (with guidance)."""

        def node(c, children=None):
            out = {"id": c.pk, "level": c.level, "group": c.group, "name": c.name, "points": str(c.points)}
            if c.level == 3:
                out["guidance"] = c.guidance
            if children is not None:
                out["children"] = children
            return out

        return [
            node(
                one["node"],
                [node(two["node"], [node(three) for three in two["children"]]) for two in one["children"]],
            )
            for one in sc.tree_of(obj)
        ]

    def get_problems(self, obj) -> list[str]:
        return sc.scheme_errors(obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["outline"] = [
            {
                "code": n.code,
                "group": n.group if n.level == 1 else "",
                "name": n.name,
                "points": str(n.points),
                "guidance": n.guidance,
            }
            for n in sc.nodes_of(instance)
        ]
        return data


class SchemeCopySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class SchemeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """评价指标体系: every business role reads its region's; finance admin writes."""

    serializer_class = EvaluationSchemeSerializer
    filterset_fields = ["category", "is_default", "region"]

    def get_queryset(self):
        return (
            sc.schemes_visible_to(self.request.user)
            .prefetch_related("criteria")
            .order_by("region_id", "category", "name")
        )

    def _admin_region(self):
        scope = scope_of(self.request.user)
        if Role.FINANCE_ADMIN not in scope.roles:
            raise exceptions.PermissionDenied(_("只有财政绩效管理员可以维护评价指标体系。"))
        org = Organization.objects.filter(
            pk__in=scope.organization_ids, kind=Organization.Kind.FINANCE_BUREAU
        ).first()
        if org is None:
            raise exceptions.PermissionDenied(_("只有财政绩效管理员可以维护评价指标体系。"))
        return org.region_id

    def _nodes(self, data):
        return [
            sc.Node(
                code=r["code"],
                name=r["name"],
                points=r["points"],
                group=r.get("group", ""),
                guidance=r.get("guidance", ""),
            )
            for r in data
        ]

    def create(self, request, *args, **kwargs):
        region_id = self._admin_region()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        outline = d.pop("outline", None)
        if not outline:
            raise serializers.ValidationError({"outline": _("请提供指标（outline）。")})
        scheme = Scheme(region_id=region_id, **d)
        try:
            scheme = sc.save_scheme(scheme, self._nodes(outline), request.user, request=request)
        except sc.SchemeError as exc:
            raise serializers.ValidationError({"outline": exc.errors})
        return Response(self.get_serializer(scheme).data, status=201)

    def update(self, request, *args, **kwargs):
        scheme = self.get_object()
        if not finance_admin_of(scheme, request.user):
            raise exceptions.PermissionDenied(_("只有财政绩效管理员可以修改评价指标体系。"))
        serializer = self.get_serializer(scheme, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        outline = d.pop("outline", None)
        nodes = self._nodes(outline) if outline is not None else sc.nodes_of(scheme)
        for field, value in d.items():
            setattr(scheme, field, value)
        try:
            scheme = sc.save_scheme(scheme, nodes, request.user, request=request)
        except sc.SchemeError as exc:
            raise serializers.ValidationError({"outline": exc.errors})
        return Response(self.get_serializer(Scheme.objects.get(pk=scheme.pk)).data)

    @extend_schema(request=SchemeCopySerializer, responses=EvaluationSchemeSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def copy(self, request, pk=None):
        scheme = self.get_object()
        if not finance_admin_of(scheme, request.user):
            raise exceptions.PermissionDenied(_("只有财政绩效管理员可以复制评价指标体系。"))
        asked = SchemeCopySerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            copy = sc.copy_scheme(scheme, asked.validated_data["name"], request.user, request=request)
        except sc.SchemeError as exc:
            raise serializers.ValidationError({"name": exc.errors})
        return Response(self.get_serializer(copy).data, status=201)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filter_backends=[])
    def export(self, request, pk=None):
        import json

        return Response(json.loads(sc.scheme_to_json(self.get_object())))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=EvaluationSchemeSerializer)
    @action(detail=False, methods=["post"], url_path="import", filter_backends=[])
    def import_(self, request):
        import json

        region_id = self._admin_region()
        try:
            scheme = sc.scheme_from_json(json.dumps(request.data), region_id, request.user, request=request)
        except sc.SchemeError as exc:
            raise serializers.ValidationError({"detail": exc.errors})
        return Response(self.get_serializer(scheme).data, status=201)


# --- expert pool -----------------------------------------------------------------------------------


class ExpertProfileSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    user_name = serializers.CharField(source="user.display_name", read_only=True)
    declared_conflicts = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "id",
            "user",
            "user_name",
            "region",
            "expertise",
            "title",
            "employer",
            "employer_name",
            "agency",
            "declared_conflicts",
            "active",
        ]


class ExpertProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """专家库: finance admin maintains its region's pool; departments read it to choose experts."""

    serializer_class = ExpertProfileSerializer
    filterset_fields = ["active", "region", "agency"]

    def get_queryset(self):
        return (
            ex.profiles_visible_to(self.request.user)
            .select_related("user")
            .prefetch_related("declared_conflicts")
            .order_by("user__username")
        )

    def _save(self, serializer, profile):
        d = dict(serializer.validated_data)
        conflicts = d.pop("declared_conflicts", None)
        for field, value in d.items():
            setattr(profile, field, value)
        if not finance_admin_of(profile, self.request.user):
            raise exceptions.PermissionDenied(_("只有财政绩效管理员可以维护专家库。"))
        if conflicts is None:
            conflicts = list(profile.declared_conflicts.all()) if profile.pk else []
        try:
            return ex.save_profile(profile, conflicts, self.request.user, request=self.request)
        except WorkflowError as exc:
            _raise(exc)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = self._save(serializer, ExpertProfile())
        return Response(self.get_serializer(profile).data, status=201)

    def update(self, request, *args, **kwargs):
        profile = self.get_object()
        serializer = self.get_serializer(profile, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        profile = self._save(serializer, profile)
        return Response(self.get_serializer(profile).data)


# --- evaluations -----------------------------------------------------------------------------------


class ExternalEvaluationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    scheme_name = serializers.CharField(source="scheme.name", read_only=True, default="")
    scheme = serializers.PrimaryKeyRelatedField(
        queryset=Scheme.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的版本号"))

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "kind",
            "kind_display",
            "year",
            "fiscal_year",
            "name",
            "project",
            "target",
            "plan",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "category",
            "scheme",
            "scheme_name",
            "status",
            "status_display",
            "is_onsite",
            "flagged_by_audit",
            "is_major_reform",
            "annual_budget",
            "violation",
            "violation_note",
            "findings",
            "recommendations",
            "total_score",
            "grade",
            "grade_label",
            "downgraded",
            "finalized_at",
            "version",
        ]
        read_only_fields = [
            f
            for f in fields
            if f not in ("scheme", "violation", "violation_note", "findings", "recommendations", "version")
        ]


class EvaluationAssignmentSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.display_name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    submitted = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "evaluation",
            "expert",
            "expert_name",
            "role",
            "role_display",
            "agency",
            "active",
            "no_conflict_declared",
            "assigned_at",
            "submitted_at",
            "submitted",
            "ended_at",
        ]

    def get_submitted(self, obj) -> bool:
        return obj.submitted_at is not None


class AssignExpertSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    role = serializers.ChoiceField(choices=Assignment.Role.choices, default=Assignment.Role.MEMBER)
    no_conflict_declared = serializers.BooleanField(default=False)


class ExpertScoreSerializer(serializers.ModelSerializer):
    expert = serializers.IntegerField(source="assignment.expert_id", read_only=True)
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = ExpertScore
        fields = [
            "id",
            "assignment",
            "expert",
            "criterion",
            "criterion_name",
            "score",
            "comment",
            "updated_at",
        ]


class ExpertScoreEntrySerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ExpertScoresInputSerializer(serializers.Serializer):
    scores = ExpertScoreEntrySerializer(many=True)


class ExternalTransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[(n, TRANSITION_LABELS[n]) for n in TRANSITIONS])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(min_value=1, help_text=gettext_lazy("您看到的版本号"))


def _entries(data) -> dict[int, tuple]:
    asked = ExpertScoresInputSerializer(data=data)
    asked.is_valid(raise_exception=True)
    return {row["criterion"]: (row["score"], row["comment"]) for row in asked.validated_data["scores"]}


def _score_error(exc: WorkflowError):
    if isinstance(exc, ex.ExpertError) and exc.errors:
        raise serializers.ValidationError(
            {"scores": {str(k): v for k, v in exc.errors.items()}, "detail": exc.message}
        )
    _raise(exc)


class ExternalEvaluationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """部门评价 / 财政重点评价 (and 再评价): experts see only those they are assigned to."""

    serializer_class = ExternalEvaluationSerializer
    filterset_fields = ["kind", "year", "status", "department", "plan"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            external_evaluations_visible_to(self.request.user)
            .for_list()
            .select_related("scheme")
            .order_by("-year", "kind", "department_id", "id")
        )

    def partial_update(self, request, *args, **kwargs):
        evaluation = self.get_object()
        serializer = self.get_serializer(evaluation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        version = d.pop("version", None)
        if version is None:
            raise serializers.ValidationError({"version": _("请提供您看到的版本号。")})
        try:
            update_evaluation(evaluation, request.user, version, request=request, **d)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=evaluation.pk)).data)

    @extend_schema(
        request=ExternalTransitionSerializer, responses=ExternalEvaluationSerializer, filters=False
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def transitions(self, request, pk=None):
        evaluation = self.get_object()
        if request.method == "POST":
            asked = ExternalTransitionSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            d = asked.validated_data
            run_transition(
                evaluation,
                d["name"],
                request.user,
                comment=d["comment"],
                seen_version=d["version"],
                request=request,
            )
            return Response(self.get_serializer(self.get_queryset().get(pk=evaluation.pk)).data)
        return Response(
            {
                "version": evaluation.version,
                "status": evaluation.status,
                "status_display": evaluation.get_status_display(),
                "available": [
                    {"name": t.name, "label": str(TRANSITION_LABELS.get(t.name, t.name)), "target": t.target}
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
        )

    @extend_schema(
        request=AssignExpertSerializer, responses=EvaluationAssignmentSerializer(many=True), filters=False
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def assignments(self, request, pk=None):
        evaluation = self.get_object()
        if request.method == "POST":
            asked = AssignExpertSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            d = asked.validated_data
            if not ex.profiles_visible_to(request.user).filter(user=d["expert"]).exists():
                raise exceptions.NotFound(_("专家库中没有该专家。"))
            try:
                ex.assign(
                    evaluation,
                    d["expert"],
                    request.user,
                    role=d["role"],
                    no_conflict_declared=d["no_conflict_declared"],
                    request=request,
                )
            except WorkflowError as exc:
                _raise(exc)
        rows = ex.assignments_visible_to(request.user).filter(evaluation=evaluation).order_by("role", "id")
        return Response(
            EvaluationAssignmentSerializer(rows.select_related("expert"), many=True).data,
            status=201 if request.method == "POST" else 200,
        )

    @extend_schema(responses=ExpertScoreSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def scores(self, request, pk=None):
        """Blind: the caller's own scores until every assigned expert has submitted."""
        evaluation = self.get_object()
        rows = ex.visible_scores(evaluation, request.user).order_by("assignment_id", "criterion_id")
        return Response(ExpertScoreSerializer(rows, many=True).data)

    @extend_schema(responses=OpenApiTypes.OBJECT, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def panel(self, request, pk=None):
        """Each criterion's scores, mean, spread and standard deviation (after every submission)."""
        evaluation = self.get_object()
        if not ex.can_see_panel(request.user, evaluation):
            raise exceptions.PermissionDenied(_("专家尚未全部提交评分，或您无权查看各专家评分。"))
        return Response(
            [
                {
                    "criterion": r.criterion.pk,
                    "name": r.criterion.name,
                    "points": str(r.criterion.points),
                    "scores": [
                        {"assignment": a.pk, "expert": a.expert_id, "score": str(s.score) if s else None}
                        for a, s in r.scores
                    ],
                    "mean": None if r.mean is None else str(r.mean),
                    "spread": None if r.spread is None else str(r.spread),
                    "stdev": None if r.stdev is None else str(r.stdev),
                    "relative_spread": None if r.relative_spread is None else str(r.relative_spread),
                    "highlighted": r.highlighted,
                    "agreed": str(r.agreed.score) if r.agreed else None,
                }
                for r in ex.panel(evaluation)
            ]
        )

    @extend_schema(request=ExpertScoresInputSerializer, responses=OpenApiTypes.OBJECT, filters=False)
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def agreed(self, request, pk=None):
        """认定得分: the panel's score per level-3 criterion, the total and the grade."""
        evaluation = self.get_object()
        if request.method == "POST":
            try:
                evaluation = ex.fix_agreed_scores(
                    evaluation, _entries(request.data), request.user, request=request
                )
            except WorkflowError as exc:
                _score_error(exc)
        res = ex.result(evaluation) if evaluation.scheme_id else None
        return Response(
            {
                "scores": [
                    {"criterion": r.criterion_id, "score": str(r.score), "comment": r.comment}
                    for r in evaluation.criterion_results.order_by("criterion_id")
                ],
                "total": str(res.total) if res else None,
                "complete": res.complete if res else False,
                "grade": res.grade if res and res.complete else "",
                "grade_label": res.grade_label if res and res.complete else "",
                "downgraded": res.downgraded if res and res.complete else False,
                "missing": [c.pk for c in res.missing] if res else [],
            }
        )


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """评价指派: an expert sees only their own; the evaluator ends them; the expert scores blind."""

    serializer_class = EvaluationAssignmentSerializer
    filterset_fields = ["evaluation", "active"]

    def get_queryset(self):
        return (
            ex.assignments_visible_to(self.request.user)
            .select_related("expert", "evaluation")
            .order_by("evaluation_id", "role", "id")
        )

    @extend_schema(request=None, responses=EvaluationAssignmentSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def end(self, request, pk=None):
        assignment = self.get_object()
        try:
            assignment = ex.end_assignment(assignment, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(assignment).data)

    @extend_schema(
        request=ExpertScoresInputSerializer, responses=ExpertScoreSerializer(many=True), filters=False
    )
    @action(detail=True, methods=["get", "put"], filter_backends=[])
    def scores(self, request, pk=None):
        """The expert's own scores (PUT saves them until submitted). Another expert's scores are
        shown only after every assigned expert submitted (can_see_panel)."""
        assignment = self.get_object()
        own = assignment.expert_id == request.user.pk
        if request.method == "PUT":
            if not own:
                raise exceptions.PermissionDenied(_("只有被指派的专家本人可以评分。"))
            try:
                ex.save_scores(assignment, _entries(request.data), request.user, request=request)
            except WorkflowError as exc:
                _score_error(exc)
        elif not own and not ex.can_see_panel(request.user, assignment.evaluation):
            raise exceptions.PermissionDenied(_("专家尚未全部提交评分，不能查看其他专家的评分。"))
        rows = assignment.scores.select_related("criterion", "assignment").order_by("criterion_id")
        return Response(ExpertScoreSerializer(rows, many=True).data)

    @extend_schema(request=None, responses=EvaluationAssignmentSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        assignment = self.get_object()
        try:
            assignment = ex.submit_scores(assignment, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(assignment).data)


router.register("evaluation-plans", PlanViewSet, basename="evaluation-plan")
router.register("evaluation-schemes", SchemeViewSet, basename="evaluation-scheme")
router.register("expert-profiles", ExpertProfileViewSet, basename="expert-profile")
router.register("external-evaluations", ExternalEvaluationViewSet, basename="external-evaluation")
router.register("evaluation-assignments", AssignmentViewSet, basename="evaluation-assignment")
