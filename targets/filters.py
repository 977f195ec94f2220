"""Filters of the target list and of the review queues. Hint counts are not columns: the views
compute them (targets.hints) and apply the hint filter on the computed rows."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.filters import TEN_THOUSAND, _departments, _units
from budgets.models import Category
from targets.models import IndicatorTemplate, Level1, Target


def _style(filterset):
    for field in filterset.form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        else:
            widget.attrs.setdefault("class", "form-control form-control-sm")


class _HintFilterMixin(django_filters.FilterSet):
    """hints_min/hints_max are read by the view (hint counts are computed, not stored)."""

    hints_min = django_filters.NumberFilter(label=_("提示数不少于"), method="keep", min_value=0)
    hints_max = django_filters.NumberFilter(label=_("提示数不多于"), method="keep", min_value=0)
    amount_min = django_filters.NumberFilter(
        label=_("年度资金不低于（万元）"), method="filter_amount_min", min_value=0
    )
    amount_max = django_filters.NumberFilter(
        label=_("年度资金不高于（万元）"), method="filter_amount_max", min_value=0
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    category = django_filters.ChoiceFilter(
        label=_("资金类别"), choices=Category.choices, empty_label=_("全部类别")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def keep(self, queryset, name, value):
        return queryset

    def filter_amount_min(self, queryset, name, value):
        return queryset.filter(amount__gte=value * TEN_THOUSAND)

    def filter_amount_max(self, queryset, name, value):
        return queryset.filter(amount__lte=value * TEN_THOUSAND)

    def hint_bounds(self) -> tuple[int | None, int | None]:
        if not self.form.is_valid():
            return None, None
        low, high = self.form.cleaned_data.get("hints_min"), self.form.cleaned_data.get("hints_max")
        return (int(low) if low is not None else None, int(high) if high is not None else None)


class TargetFilter(_HintFilterMixin):
    year = django_filters.NumberFilter(
        label=_("年度"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("年度")})
    )
    kind = django_filters.ChoiceFilter(
        label=_("目标类型"), choices=Target.Kind.choices, empty_label=_("全部类型")
    )
    unit = django_filters.ModelChoiceFilter(label=_("填报单位"), queryset=_units, empty_label=_("全部单位"))
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=Target.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    q = django_filters.CharFilter(
        label=_("名称或项目编码"),
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": _("名称、项目编码或目标内容")}),
    )

    class Meta:
        model = Target
        fields = ["year", "kind", "department", "unit", "category", "status"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(project__code__icontains=value) | Q(overall_goal__icontains=value)
        )


class QueueFilter(_HintFilterMixin):
    """The reviewer's queue: department, category, amount, hint count and age (days waiting)."""

    age_min = django_filters.NumberFilter(label=_("等待天数不少于"), method="filter_age", min_value=0)

    class Meta:
        model = Target
        fields = ["department", "category"]

    def filter_age(self, queryset, name, value):
        since = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(waiting_since__lte=since)


class TemplateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("指标名称"),
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": _("指标名称或解释")}),
    )
    level1 = django_filters.ChoiceFilter(label=_("一级指标"), choices=Level1.choices, empty_label=_("全部"))
    category = django_filters.ChoiceFilter(
        label=_("适用资金类别"), choices=Category.choices, empty_label=_("全部类别"), method="filter_category"
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=IndicatorTemplate.Status.choices, empty_label=_("全部状态")
    )

    class Meta:
        model = IndicatorTemplate
        fields = ["level1", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(level2__icontains=value) | Q(definition__icontains=value)
        )

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(categories__contains=[value]) | Q(categories=[]))
