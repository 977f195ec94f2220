"""API of prior assessment and joint review.

/api/v1/prior-assessments/        list, retrieve (nested dimensions, spending needs, attachments),
                                  create {project}, PATCH {version, summary, dimensions, spending_needs}
                                  (the declarer while editable); GET/POST {id}/transitions/;
                                  POST {id}/conclude/; POST {id}/attachments/ (multipart);
                                  GET {id}/scores/ (blind)
/api/v1/assessment-assignments/   list, retrieve, create {assessment, expert} (finance; conflict of
                                  interest refused); POST {id}/end/; GET/PUT {id}/scores/ (the
                                  expert's own); POST {id}/submit/
/api/v1/joint-reviews/            list, retrieve, create (finance)

Same rules as the pages (assessments.rules / assessments.experts): reads through visible_to(user)
(another unit's assessment is a 404), leaders and auditors read only (RolePolicy), refusals in
Chinese as {"detail", "code"}. Blind scoring: before every assigned expert has submitted, `scores`
returns only the caller's own; an expert never sees another expert's assignment (404).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, parsers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import BUSINESS_ROLES, Organization, Role, User
from assessments import experts as ex
from assessments import rules
from assessments.filters import AssessmentFilter, JointReviewFilter
from assessments.models import (
    AssessmentAttachment,
    AssessmentDimension,
    AssessmentExpertAssignment,
    AssessmentExpertScore,
    Conclusion,
    Dimension,
    JointReview,
    PriorAssessment,
    SpendingNeed,
)
from budgets.models import Project
from perfapp.api_router import router
from perfapp.workflow import WorkflowError, available_transitions, history_of

TRANSITIONS = ("submit", "review", "commission", "finance_return")
VERSION_HELP = gettext_lazy("您看到的版本号")


def _raise(exc: WorkflowError):
    if exc.code == "permission":
        raise exceptions.PermissionDenied(exc.message)
    raise exc


# --- assessments -----------------------------------------------------------------------------------


class AssessmentDimensionSerializer(serializers.ModelSerializer):
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    dimension_display = serializers.CharField(source="get_dimension_display", read_only=True)

    class Meta:
        model = AssessmentDimension
        fields = ["dimension", "dimension_display", "argument", "opinion"]
        read_only_fields = ["opinion"]
        validators = []


class SpendingNeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpendingNeed
        fields = ["year", "amount", "note", "approved_amount"]
        read_only_fields = ["approved_amount"]
        validators = []


class AssessmentAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentAttachment
        fields = ["id", "dimension", "name", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("assessments:attachment_download", args=[obj.pk])


class AssessmentExpertResultSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    grade = serializers.CharField()
    grade_label = serializers.CharField()


class PriorAssessmentSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    project_name = serializers.CharField(source="project.name", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_amount = serializers.DecimalField(
        source="project.total_amount", max_digits=16, decimal_places=2, read_only=True
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    conclusion_display = serializers.CharField(source="get_conclusion_display", read_only=True)
    dimensions = AssessmentDimensionSerializer(many=True, required=False)
    spending_needs = SpendingNeedSerializer(many=True, required=False)
    attachments = AssessmentAttachmentSerializer(many=True, read_only=True)
    expert_result = serializers.SerializerMethodField()
    needs_reasons = serializers.SerializerMethodField()
    gate = serializers.SerializerMethodField()
    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)

    class Meta:
        model = PriorAssessment
        fields = [
            "id",
            "project",
            "project_name",
            "project_code",
            "project_amount",
            "year",
            "unit",
            "unit_name",
            "department",
            "department_name",
            "status",
            "status_display",
            "summary",
            "dimensions",
            "spending_needs",
            "attachments",
            "agency",
            "reassessment_reason",
            "expert_result",
            "conclusion",
            "conclusion_display",
            "conclusion_reasons",
            "required_changes",
            "submitted_at",
            "concluded_at",
            "needs_reasons",
            "gate",
            "version",
        ]
        read_only_fields = [
            "year",
            "unit",
            "department",
            "status",
            "agency",
            "reassessment_reason",
            "conclusion",
            "conclusion_reasons",
            "required_changes",
            "submitted_at",
            "concluded_at",
        ]

    def _detail(self) -> bool:
        return not self.context.get("list")

    @extend_schema_field(AssessmentExpertResultSerializer(allow_null=True))
    def get_expert_result(self, obj) -> dict | None:
        """The panel's total and grade: in a list once concluded; in detail to whoever may see it."""
        user = self.context["request"].user
        if self._detail():
            if not ex.can_see_summary(user, obj):
                return None
            res = ex.result(obj)
            data = {"total": res.total, "grade": res.grade, "grade_label": res.grade_label}
        elif obj.status == PriorAssessment.Status.CONCLUDED and obj.expert_total is not None:
            data = {
                "total": obj.expert_total,
                "grade": obj.expert_grade,
                "grade_label": obj.expert_grade_label,
            }
        else:
            return None
        return AssessmentExpertResultSerializer(data).data

    def get_needs_reasons(self, obj) -> list[str] | None:
        """Why the project needs an assessment (detail only)."""
        return rules.needs_assessment(obj.project) if self._detail() else None

    def get_gate(self, obj) -> list[str] | None:
        """What still keeps the project out of the library (detail only)."""
        return rules.admission_problems(obj.project) if self._detail() else None

    def validate_dimensions(self, value):
        seen = [d["dimension"] for d in value]
        if len(seen) != len(set(seen)):
            raise serializers.ValidationError(_("评估维度重复。"))
        return value


class AssessmentTransitionRequestSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[(n, rules.transition_label(n)) for n in TRANSITIONS])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.AGENCY), required=False, allow_null=True
    )
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class AssessmentApprovedNeedSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, allow_null=True)


class AssessmentConclusionRequestSerializer(serializers.Serializer):
    conclusion = serializers.ChoiceField(choices=Conclusion.choices)
    reasons = serializers.CharField(allow_blank=True, max_length=4000)
    required_changes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    opinions = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    approved = AssessmentApprovedNeedSerializer(many=True, required=False, default=list)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class AssessmentAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dimension = serializers.ChoiceField(choices=[("", "—"), *Dimension.choices], required=False, default="")


class AssessmentScoreSerializer(serializers.ModelSerializer):
    expert = serializers.IntegerField(source="assignment.expert_id", read_only=True)
    expert_name = serializers.CharField(source="assignment.expert.display_name", read_only=True)
    dimension_display = serializers.CharField(source="get_dimension_display", read_only=True)

    class Meta:
        model = AssessmentExpertScore
        fields = [
            "dimension",
            "dimension_display",
            "expert",
            "expert_name",
            "score",
            "grade",
            "grade_label",
            "comment",
        ]


class AssessmentHistorySerializer(serializers.Serializer):
    transition = serializers.CharField()
    label = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    actor_name = serializers.CharField()
    comment = serializers.CharField()
    at = serializers.DateTimeField()


class AssessmentAvailableSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()


class AssessmentTransitionsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    available = AssessmentAvailableSerializer(many=True)
    history = AssessmentHistorySerializer(many=True)


class PriorAssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """事前绩效评估: started and filled by the project's unit (or department), reviewed and concluded
    by finance."""

    serializer_class = PriorAssessmentSerializer
    filterset_class = AssessmentFilter
    allowed_roles = BUSINESS_ROLES
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        return (
            PriorAssessment.objects.visible_to(self.request.user)
            .for_list()
            .prefetch_related(
                Prefetch("dimensions", queryset=AssessmentDimension.objects.order_by("id")),
                Prefetch("spending_needs", queryset=SpendingNeed.objects.order_by("year")),
                "attachments",
            )
            .order_by("-year", "-id")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "list": self.action == "list"}

    def _fresh(self, pk):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = serializer.validated_data["project"]
        if not Project.objects.visible_to(request.user).filter(pk=project.pk).exists():
            raise exceptions.NotFound()
        try:
            assessment = rules.create_assessment(project, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self._fresh(assessment.pk), status=201)

    def update(self, request, *args, **kwargs):
        assessment = self.get_object()
        serializer = self.get_serializer(assessment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise serializers.ValidationError({"version": _("请提供您看到的版本号。")})
        needs = None
        if "spending_needs" in data:
            needs = [
                rules.NeedInput(n["year"], n["amount"], n.get("note", "")) for n in data["spending_needs"]
            ]
        arguments = None
        if "dimensions" in data:
            arguments = {d["dimension"]: d.get("argument", "") for d in data["dimensions"]}
        try:
            rules.save_assessment(
                assessment,
                request.user,
                seen_version=data["version"],
                summary=data.get("summary"),
                arguments=arguments,
                needs=needs,
                request=request,
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(self._fresh(assessment.pk))

    @extend_schema(methods=["GET"], responses=AssessmentTransitionsSerializer, filters=False)
    @extend_schema(
        methods=["POST"],
        request=AssessmentTransitionRequestSerializer,
        responses=PriorAssessmentSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def transitions(self, request, pk=None):
        assessment = self.get_object()
        if request.method == "POST":
            asked = AssessmentTransitionRequestSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            d = asked.validated_data
            extra = {"agency": d.get("agency")} if d["name"] == "commission" else {}
            try:
                rules.run_transition(
                    assessment,
                    d["name"],
                    request.user,
                    comment=d["comment"],
                    seen_version=d["version"],
                    request=request,
                    **extra,
                )
            except WorkflowError as exc:
                _raise(exc)
            return Response(self._fresh(assessment.pk))
        data = {
            "version": assessment.version,
            "status": assessment.status,
            "status_display": assessment.get_status_display(),
            "available": [
                {"name": t.name, "label": rules.transition_label(t.name), "target": t.target}
                for t in available_transitions(assessment, request.user)
            ],
            "history": [
                {
                    "transition": log.transition,
                    "label": rules.transition_label(log.transition),
                    "source": log.source,
                    "target": log.target,
                    "actor_name": log.actor.display_name if log.actor else "",
                    "comment": log.comment,
                    "at": log.at,
                }
                for log in history_of(assessment)
            ],
        }
        return Response(AssessmentTransitionsSerializer(data).data)

    @extend_schema(
        request=AssessmentConclusionRequestSerializer, responses=PriorAssessmentSerializer, filters=False
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def conclude(self, request, pk=None):
        """出具评估结论 (finance): 予以支持 / 调整完善后予以支持 (with the required changes) / 不予支持."""
        assessment = self.get_object()
        asked = AssessmentConclusionRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        d = asked.validated_data
        try:
            rules.conclude(
                assessment,
                request.user,
                conclusion=d["conclusion"],
                reasons=d["reasons"],
                required_changes=d["required_changes"],
                opinions=d["opinions"],
                approved={a["year"]: a["amount"] for a in d["approved"]},
                seen_version=d["version"],
                request=request,
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(self._fresh(assessment.pk))

    @extend_schema(
        request=AssessmentAttachmentUploadSerializer, responses=AssessmentAttachmentSerializer, filters=False
    )
    @action(
        detail=True,
        methods=["post"],
        filter_backends=[],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def attachments(self, request, pk=None):
        assessment = self.get_object()
        asked = AssessmentAttachmentUploadSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            attachment = rules.store_attachment(
                assessment,
                asked.validated_data["file"],
                request.user,
                dimension=asked.validated_data["dimension"],
                request=request,
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(AssessmentAttachmentSerializer(attachment).data, status=201)

    @extend_schema(responses=AssessmentScoreSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def scores(self, request, pk=None):
        """The expert scores the caller may read: all once every expert submitted (finance, leaders,
        auditors, the submitted experts), otherwise only the caller's own (blind)."""
        assessment = self.get_object()
        rows = ex.visible_scores(assessment, request.user).order_by("assignment_id", "id")
        return Response(AssessmentScoreSerializer(rows, many=True).data)


# --- expert assignments ----------------------------------------------------------------------------


class AssessmentAssignmentSerializer(serializers.ModelSerializer):
    assessment = serializers.PrimaryKeyRelatedField(queryset=PriorAssessment.objects.all())
    expert = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    expert_name = serializers.CharField(source="expert.display_name", read_only=True)
    project_name = serializers.CharField(source="assessment.project.name", read_only=True)

    class Meta:
        model = AssessmentExpertAssignment
        fields = [
            "id",
            "assessment",
            "project_name",
            "expert",
            "expert_name",
            "agency",
            "active",
            "no_conflict_declared",
            "assigned_at",
            "submitted_at",
            "ended_at",
        ]
        read_only_fields = ["agency", "active", "assigned_at", "submitted_at", "ended_at"]
        validators = []


class AssessmentScoreEntrySerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentScoreEntriesSerializer(serializers.Serializer):
    scores = AssessmentScoreEntrySerializer(many=True)


class AssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """事前评估专家指派: finance assigns pool experts (conflict of interest refused); each expert
    scores the five dimensions blind and submits."""

    serializer_class = AssessmentAssignmentSerializer
    allowed_roles = BUSINESS_ROLES

    def get_queryset(self):
        return (
            ex.assignments_visible_to(self.request.user)
            .select_related("expert", "assessment__project")
            .order_by("assessment_id", "id")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        assessment = PriorAssessment.objects.visible_to(request.user).filter(pk=d["assessment"].pk).first()
        if assessment is None:
            raise exceptions.NotFound()
        try:
            assignment = ex.assign(
                assessment,
                d["expert"],
                request.user,
                no_conflict_declared=d.get("no_conflict_declared", False),
                request=request,
            )
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(assignment).data, status=201)

    @extend_schema(request=None, responses=AssessmentAssignmentSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def end(self, request, pk=None):
        assignment = self.get_object()
        try:
            ex.end_assignment(assignment, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(methods=["GET"], responses=AssessmentScoreSerializer(many=True), filters=False)
    @extend_schema(
        methods=["PUT"],
        request=AssessmentScoreEntriesSerializer,
        responses=AssessmentScoreSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get", "put"], filter_backends=[], pagination_class=None)
    def scores(self, request, pk=None):
        """The expert's own scores (only the assigned expert reads or writes them before the panel
        is complete)."""
        assignment = self.get_object()
        if request.method == "PUT":
            asked = AssessmentScoreEntriesSerializer(data=request.data)
            asked.is_valid(raise_exception=True)
            entries = {e["dimension"]: (e["score"], e["comment"]) for e in asked.validated_data["scores"]}
            try:
                ex.save_scores(assignment, entries, request.user, request=request)
            except WorkflowError as exc:
                _raise(exc)
        rows = ex.visible_scores(assignment.assessment, request.user).filter(assignment=assignment)
        return Response(AssessmentScoreSerializer(rows.order_by("id"), many=True).data)

    @extend_schema(request=None, responses=AssessmentAssignmentSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        assignment = self.get_object()
        try:
            ex.submit_scores(assignment, request.user, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)


# --- joint reviews ---------------------------------------------------------------------------------


class JointReviewSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    project_name = serializers.CharField(source="project.name", read_only=True)
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True, default="")

    class Meta:
        model = JointReview
        fields = [
            "id",
            "project",
            "project_name",
            "assessment",
            "year",
            "unit",
            "department",
            "meeting_date",
            "committee",
            "members",
            "decision",
            "decision_display",
            "conditions",
            "minutes",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = ["assessment", "year", "unit", "department", "recorded_at"]
        extra_kwargs = {"conditions": {"required": False}, "minutes": {"required": False}}


class JointReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """联合会审 records [000 #16]: recorded by finance, read by the project's unit, department,
    finance and the region's read-only roles."""

    serializer_class = JointReviewSerializer
    filterset_class = JointReviewFilter
    allowed_roles = BUSINESS_ROLES - {Role.EXPERT}

    def get_queryset(self):
        return JointReview.objects.visible_to(self.request.user).for_list().order_by("-meeting_date", "-id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        project = Project.objects.visible_to(request.user).filter(pk=d["project"].pk).first()
        if project is None:
            raise exceptions.NotFound()
        data = rules.JointReviewInput(
            meeting_date=d["meeting_date"],
            committee=d["committee"],
            members=d["members"],
            decision=d["decision"],
            conditions=d.get("conditions", ""),
            minutes=d.get("minutes", ""),
        )
        try:
            review = rules.record_joint_review(project, request.user, data, request=request)
        except WorkflowError as exc:
            _raise(exc)
        return Response(self.get_serializer(review).data, status=201)


router.register("prior-assessments", PriorAssessmentViewSet, basename="prior-assessment")
router.register("assessment-assignments", AssignmentViewSet, basename="assessment-assignment")
router.register("joint-reviews", JointReviewViewSet, basename="joint-review")
