"""Filters of the prior-assessment and joint-review lists (the page and the API share them)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Conclusion, JointReview, PriorAssessment
from budgets.filters import _departments, _units
from monitoring.forms import _style


class AssessmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("申报年度"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=PriorAssessment.Status.choices, empty_label=_("全部状态")
    )
    conclusion = django_filters.ChoiceFilter(
        label=_("评估结论"), choices=Conclusion.choices, empty_label=_("全部结论")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    unit = django_filters.ModelChoiceFilter(label=_("预算单位"), queryset=_units, empty_label=_("全部单位"))
    q = django_filters.CharFilter(label=_("项目名称或编码"), method="filter_text")
    mine = django_filters.BooleanFilter(label=_("指派给我的"), method="filter_mine", widget=forms.HiddenInput)

    class Meta:
        model = PriorAssessment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self.form)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(project__name__icontains=value) | Q(project__code=value))

    def filter_mine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(assignments__expert_id=self.request.user.pk, assignments__active=True)


class JointReviewFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("年度"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )
    decision = django_filters.ChoiceFilter(
        label=_("会审结论"), choices=JointReview.Decision.choices, empty_label=_("全部结论")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    q = django_filters.CharFilter(label=_("项目名称或编码"), method="filter_text")

    class Meta:
        model = JointReview
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self.form)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(project__name__icontains=value) | Q(project__code=value))
