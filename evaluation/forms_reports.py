"""Forms and filters of the evaluation list, work records, reports and auditor exports."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.filters import _departments
from budgets.models import FiscalYear
from budgets.policy import SelfEvaluation
from evaluation.models import Evaluation, EvaluationReport, WorkRecord
from evaluation.records import EXTERNAL_KINDS, OPEN_STATUSES
from monitoring.forms import _style

EXTERNAL_KIND_CHOICES = [(k, label) for k, label in Evaluation.Kind.choices if k in EXTERNAL_KINDS]
EXTERNAL_STATUS_CHOICES = [
    (s, label) for s, label in Evaluation.Status.choices if s in OPEN_STATUSES or s == Evaluation.Status.FINAL
]


def grade_choices(request) -> list[tuple[str, str]]:
    """The grade labels of the visible years' Policies (default 优/良/中/差; five-band variants too)."""
    labels: list[str] = [b.label for b in SelfEvaluation().bands]
    if request is not None:
        for fy in FiscalYear.objects.visible_to(request.user).filter(is_current=True)[:5]:
            for band in fy.policy.self_evaluation.bands:
                if band.label not in labels:
                    labels.append(band.label)
    return [(label, label) for label in labels]


class EvaluationFilter(django_filters.FilterSet):
    """Filters of the department / fiscal / re-evaluation list."""

    year = django_filters.NumberFilter(
        label=_("年度"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("年度")})
    )
    kind = django_filters.ChoiceFilter(
        label=_("评价类型"), choices=EXTERNAL_KIND_CHOICES, empty_label=_("全部类型")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=EXTERNAL_STATUS_CHOICES, empty_label=_("全部状态")
    )
    grade = django_filters.ChoiceFilter(
        label=_("评价等级"), field_name="grade_label", choices=[], empty_label=_("全部等级")
    )
    q = django_filters.CharFilter(label=_("名称或项目"), method="filter_text")

    class Meta:
        model = Evaluation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["grade"].extra["choices"] = grade_choices(self.request)
        _style(self.form)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(project__name__icontains=value) | Q(project__code=value)
        )


class FinalReportFilter(django_filters.FilterSet):
    """Filters of the auditors' list of final reports."""

    year = django_filters.NumberFilter(
        label=_("年度"),
        field_name="evaluation__year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("年度")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("评价类型"),
        field_name="evaluation__kind",
        choices=EXTERNAL_KIND_CHOICES,
        empty_label=_("全部类型"),
    )
    q = django_filters.CharFilter(label=_("评价或项目名称"), method="filter_text")

    class Meta:
        model = EvaluationReport
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self.form)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(evaluation__name__icontains=value) | Q(evaluation__project__name__icontains=value)
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class WorkRecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=WorkRecord.Kind.choices)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    people = forms.CharField(label=_("参加人员"), max_length=500, required=False)
    content = forms.CharField(label=_("内容与发现"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = kinds
        _style(self)
        self.fields["content"].widget.attrs["rows"] = 3


class ReportDraftForm(forms.Form):
    summary = forms.CharField(label=_("基本情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.CharField(label=_("主要问题"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(
        label=_("意见建议"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    #: The draft's version the form was loaded with: a draft saved by someone else since is refused.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        for name in ("summary", "findings", "recommendations"):
            self.fields[name].widget.attrs["rows"] = 4


class CorrectionForm(ReportDraftForm):
    reason = forms.CharField(label=_("更正原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["rows"] = 2
        self.fields["reason"].error_messages["required"] = _("请填写更正原因。")


class ExportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=[])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, _("%(y)s年度") % {"y": y}) for y in years]
        _style(self)
