"""API of results (accountability part); viewsets register on perfapp.api_router.router.

Disclosure marks [004 第四十三条]: the finance admin of the evaluation's region marks a finished
evaluation for the public portal (POST evaluation, disclosed); others are refused.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.guards import finance_admin_of
from evaluation.models import Evaluation
from perfapp.api_router import router
from results import disclosure
from results.models import Disclosure


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
