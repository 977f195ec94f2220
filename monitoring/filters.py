"""Filters of the monitoring report list."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.filters import _departments, _units
from monitoring.forms import _style
from monitoring.models import MonitoringReport, MonitoringRound
from monitoring.reports import rounds_visible_to


def _rounds(request):
    if request is None:
        return MonitoringRound.objects.none()
    return rounds_visible_to(request.user).select_related("fiscal_year").order_by("-data_as_of", "-id")


class ReportFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(label=_("监控轮次"), queryset=_rounds, empty_label=_("全部轮次"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=MonitoringReport.Status.choices, empty_label=_("全部状态")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    unit = django_filters.ModelChoiceFilter(label=_("填报单位"), queryset=_units, empty_label=_("全部单位"))
    is_key = django_filters.BooleanFilter(label=_("财政重点监控"))
    q = django_filters.CharFilter(label=_("目标或项目名称"), method="filter_text")

    class Meta:
        model = MonitoringReport
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self.form)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(target__name__icontains=value) | Q(project__name__icontains=value) | Q(project__code=value)
        )
