"""API of the scorecards [000 #1 #2]; viewsets register on perfapp.api_router.router.

Scoped like the pages: a scorecard is visible to the finance of its region (and above) and, once
published, to the people of a subject with a result on it; a result or an entered value is
visible to the finance of the subject's region (a city sees its counties) and to the subject
department's own officers. Configuration is the owning finance admin's, on drafts only.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard, ScorecardIndicator, ScoreEntry, ScoreResult
from perfapp.api_router import router


def _of_scorecard(qs, request):
    """Narrow to ?scorecard=<id> when given."""
    card = request.query_params.get("scorecard")
    if not card:
        return qs
    return qs.filter(scorecard_id=card) if card.isdigit() else qs.none()


class ScorecardSerializer(serializers.ModelSerializer):
    template = serializers.PrimaryKeyRelatedField(
        queryset=Scorecard.objects.all(), required=False, allow_null=True, write_only=True
    )

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "kind",
            "year",
            "region",
            "subject_level",
            "name",
            "status",
            "number",
            "copied_from",
            "floor_at_zero",
            "note",
            "computed_at",
            "published_at",
            "version",
            "template",
        ]
        read_only_fields = [
            "region",
            "status",
            "number",
            "copied_from",
            "computed_at",
            "published_at",
            "version",
        ]


class ScorecardViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Scorecards; POST creates a draft in the finance admin's own region (optionally copying the
    indicators of `template`); compute, publish and copy are actions."""

    serializer_class = ScorecardSerializer

    def get_queryset(self):
        qs = Scorecard.objects.visible_to(self.request.user).order_by("-year", "kind", "-number")
        if year := self.request.query_params.get("year"):
            qs = qs.filter(year=year) if year.isdigit() else qs.none()
        return qs

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        template = d.get("template")
        if (
            template is not None
            and not Scorecard.objects.visible_to(request.user).filter(pk=template.pk).exists()
        ):
            raise ValidationError({"template": ["不存在的评价计分表。"]})
        card = rules.create_scorecard(
            request.user,
            kind=d["kind"],
            year=d["year"],
            region=rules.home_region(request.user),
            name=d["name"],
            subject_level=d.get("subject_level", ""),
            note=d.get("note", ""),
            template=template,
            request=request,
        )
        return Response(self.get_serializer(card).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ScorecardSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        card = self.get_object()
        rules.compute(card, request.user, request=request)
        card.refresh_from_db()
        return Response(self.get_serializer(card).data)

    @extend_schema(request=None, responses=ScorecardSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        card = rules.publish(
            self.get_object(), request.user, request=request, seen_version=request.data.get("version")
        )
        return Response(self.get_serializer(card).data)

    @extend_schema(request=None, responses=ScorecardSerializer)
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        card = rules.copy_to_draft(self.get_object(), request.user, request=request)
        return Response(self.get_serializer(card).data, status=status.HTTP_201_CREATED)


class ScorecardIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardIndicator
        fields = [
            "id",
            "scorecard",
            "order",
            "kind",
            "group",
            "name",
            "points",
            "source",
            "measure",
            "unit",
            "rule",
            "guidance",
        ]


class IndicatorViewSet(viewsets.ModelViewSet):
    """Indicators of visible scorecards (?scorecard=); changes only on a draft, by its finance admin."""

    serializer_class = ScorecardIndicatorSerializer

    def get_queryset(self):
        qs = ScorecardIndicator.objects.filter(
            scorecard__in=Scorecard.objects.visible_to(self.request.user)
        ).select_related("scorecard")
        qs = _of_scorecard(qs, self.request)
        return qs

    def _save(self, serializer):
        card = serializer.validated_data.get("scorecard") or serializer.instance.scorecard
        get_object_or_404(Scorecard.objects.visible_to(self.request.user), pk=card.pk)
        if serializer.instance is not None and card.pk != serializer.instance.scorecard_id:
            raise ValidationError({"scorecard": ["不能把指标移到另一张评价计分表。"]})
        obj = serializer.instance or ScorecardIndicator()
        for name, value in serializer.validated_data.items():
            setattr(obj, name, value)
        serializer.instance = rules.save_indicator(obj, self.request.user, request=self.request)

    perform_create = _save
    perform_update = _save

    def perform_destroy(self, instance):
        rules.delete_indicator(instance, self.request.user, request=self.request)


class ScoreEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreEntry
        fields = [
            "id",
            "indicator",
            "scorecard",
            "subject_region",
            "department",
            "value",
            "evidence",
            "note",
            "entered_at",
        ]
        read_only_fields = ["scorecard", "entered_at"]
        # POST replaces a subject's value: no uniqueness check on the input.
        validators = []


class EntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Entered values; POST enters (or replaces) one subject's value of an entered indicator."""

    serializer_class = ScoreEntrySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = ScoreEntry.objects.visible_to(self.request.user).order_by("indicator_id", "pk")
        qs = _of_scorecard(qs, self.request)
        return qs

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        indicator = get_object_or_404(
            ScorecardIndicator.objects.filter(scorecard__in=Scorecard.objects.visible_to(request.user)),
            pk=d["indicator"].pk,
        )
        subjects, _ctx = rules.subjects_and_context(indicator.scorecard)
        key = (d["subject_region"].pk, d["department"].pk if d.get("department") else None)
        subject = next((s for s in subjects if s.key == key), None)
        if subject is None:
            raise ValidationError({"subject_region": ["评价对象不在本评价计分表范围内。"]})
        entry = rules.set_entry(
            indicator,
            subject,
            request.user,
            value=d["value"],
            note=d.get("note", ""),
            evidence=d.get("evidence"),
            request=request,
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


class ScoreResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreResult
        fields = [
            "id",
            "scorecard",
            "subject_region",
            "department",
            "subject_name",
            "positive",
            "deduction",
            "total",
            "rank",
            "details",
            "computed_at",
            "computed_by",
        ]


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Results the user may see (?scorecard=): a department officer only its department's."""

    serializer_class = ScoreResultSerializer

    def get_queryset(self):
        qs = ScoreResult.objects.visible_to(self.request.user).filter(
            scorecard__in=Scorecard.objects.visible_to(self.request.user)
        )
        qs = _of_scorecard(qs, self.request)
        return qs.order_by("scorecard_id", "rank", "subject_name")


router.register("scorecards", ScorecardViewSet, basename="scorecard")
router.register("scorecard-indicators", IndicatorViewSet, basename="scorecard-indicator")
router.register("scorecard-entries", EntryViewSet, basename="scorecard-entry")
router.register("scorecard-results", ResultViewSet, basename="scorecard-result")
