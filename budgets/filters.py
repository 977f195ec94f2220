"""Filters of the project list and its export (the same FilterSet serves both, so the file holds
exactly the rows the page shows)."""

from decimal import Decimal
from html import escape

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
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


def _organization_choices(request) -> tuple[list, list]:
    """(departments, units) as [(id, name)] for the list's two dropdowns, read in one query: the
    user's visible departments, and their visible units (with a department chosen, only its units)."""
    if request is None:
        return [], []
    kinds = Q(kind=Organization.Kind.DEPARTMENT)
    units = Q(kind=Organization.Kind.UNIT)
    department = request.GET.get("department")
    if department and department.isdigit():
        units &= Q(parent_id=int(department))
    rows = (
        Organization.objects.visible_to(request.user)
        .filter(kinds | units)
        .order_by("code")
        .values_list("pk", "kind", "name")
    )
    out = {Organization.Kind.DEPARTMENT: [], Organization.Kind.UNIT: []}
    for pk, kind, name in rows:
        out[kind].append((pk, name))
    return out[Organization.Kind.DEPARTMENT], out[Organization.Kind.UNIT]


class FastSelect(forms.Select):
    """A <select> written in one pass: a province offers thousands of units, and Django's
    template per option made the dropdown half the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        parts = ["<select", flatatt(final), ">"]
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))


class FastCheckboxes(forms.CheckboxSelectMultiple):
    """The status checkboxes, each `<label><input …> label</label>`, written in one pass."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.pop("id", None)
        final.pop("name", None)
        parts = []
        for i, (key, label) in enumerate(self.choices):
            key = str(key)
            tag = {**final, "type": "checkbox", "name": name, "value": key}
            if base_id:
                tag["id"] = f"{base_id}_{i}"
            if key in chosen:
                tag["checked"] = True
            parts.append(
                f'<label class="form-check-label"><input{flatatt(tag)}> {escape(str(label))}</label>'
            )
        return mark_safe("".join(parts))


class OrganizationFilter(django_filters.Filter):
    """主管部门 / 预算单位 by id; the offered (and accepted) ids are set by ProjectFilter from one
    query, so a department outside the user's scope is an invalid choice and ignored."""

    field_class = forms.TypedChoiceField

    def __init__(self, *args, empty_label, **kwargs):
        self.empty_label = empty_label
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


class ProjectFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("年度"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("年度")}),
    )
    department = OrganizationFilter(
        field_name="department_id", label=_("主管部门"), empty_label=_("全部主管部门")
    )
    unit = OrganizationFilter(field_name="unit_id", label=_("预算单位"), empty_label=_("全部预算单位"))
    category = django_filters.ChoiceFilter(
        label=_("资金类别"), choices=Category.choices, empty_label=_("全部类别"), widget=FastSelect
    )
    budget_type = django_filters.ChoiceFilter(
        label=_("预算类型"), choices=BudgetType.choices, empty_label=_("全部预算类型"), widget=FastSelect
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=Project.Status.choices, widget=FastCheckboxes
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
        departments, units = _organization_choices(self.request)
        for name, choices in (("department", departments), ("unit", units)):
            self.form.fields[name].choices = [("", self.filters[name].empty_label), *choices]
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
