"""Filters of the project list and its export (the same FilterSet serves both, so the file holds
exactly the rows the page shows)."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from budgets.models import BudgetType, Category, Project

TEN_THOUSAND = Decimal("10000")


def _departments(request):
    if request is None:
        return Organization.objects.none()
    return Organization.objects.visible_to(request.user).filter(kind=Organization.Kind.DEPARTMENT)


def _units(request):
    if request is None:
        return Organization.objects.none()
    units = Organization.objects.visible_to(request.user).filter(kind=Organization.Kind.UNIT)
    department = request.GET.get("department")
    # With a department chosen, offer only its units (a province has thousands).
    if department and department.isdigit():
        units = units.filter(parent_id=int(department))
    return units


class ProjectFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("年度"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("年度")}),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("预算单位"), queryset=_units, empty_label=_("全部预算单位")
    )
    category = django_filters.ChoiceFilter(
        label=_("资金类别"), choices=Category.choices, empty_label=_("全部类别")
    )
    budget_type = django_filters.ChoiceFilter(
        label=_("预算类型"), choices=BudgetType.choices, empty_label=_("全部预算类型")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=Project.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    amount_min = django_filters.NumberFilter(
        label=_("项目总金额不低于（万元）"), method="filter_amount_min", min_value=0
    )
    amount_max = django_filters.NumberFilter(
        label=_("项目总金额不高于（万元）"), method="filter_amount_max", min_value=0
    )
    q = django_filters.CharFilter(
        label=_("项目编码或名称"),
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": _("项目编码或名称")}),
    )

    class Meta:
        model = Project
        fields = ["year", "department", "unit", "category", "budget_type", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def filter_amount_min(self, queryset, name, value):
        return queryset.filter(total_amount__gte=value * TEN_THOUSAND)

    def filter_amount_max(self, queryset, name, value):
        return queryset.filter(total_amount__lte=value * TEN_THOUSAND)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
