"""Forms of the accountability pages [004 第四十四—四十六条]: the list filter, the case form (its
choices are what the user may see), the dismissal of a suggestion. Forms keep the input on error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from budgets.models import Project
from evaluation.models import Evaluation
from perfapp.forms import style_form
from results.accountability import SUGGESTION_CHOICES, CaseData
from results.models import AccountabilityCase

Case = AccountabilityCase.Case
Measure = AccountabilityCase.Measure


class CaseFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    case = forms.ChoiceField(label=_("问责情形"), required=False, choices=[("", _("全部")), *Case.choices])
    measure = forms.ChoiceField(
        label=_("处理措施"), required=False, choices=[("", _("全部")), *Measure.choices]
    )
    department = forms.ModelChoiceField(
        label=_("主管部门"), required=False, queryset=Organization.objects.none(), empty_label=_("全部")
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"), required=False, queryset=Organization.objects.none(), empty_label=_("全部")
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)

    def __init__(self, *args, departments=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
        if units is not None:
            self.fields["unit"].queryset = units
        self.fields["q"].widget.attrs["placeholder"] = _("事实、责任人、项目、单位")
        style_form(self)


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}）"


class CaseForm(forms.Form):
    """A case; the organization, project and evaluation lists hold only what the user can see.
    The responsible unit may be left empty when a project or evaluation is chosen (derived)."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    case = forms.ChoiceField(label=_("问责情形"), choices=[("", "—"), *Case.choices])
    unit = OrgChoiceField(label=_("责任单位"), required=False, queryset=Organization.objects.none())
    person = forms.CharField(label=_("责任人"), required=False, max_length=100)
    # A region holds far too many projects and evaluations for a drop-down: the project is entered
    # by its code and the evaluation by its number (both resolved within what the user can see).
    project = forms.ModelChoiceField(
        label=_("关联项目（项目编码）"),
        required=False,
        queryset=Project.objects.none(),
        to_field_name="code",
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("未找到该项目编码，或该项目不在您的管理范围内。")},
    )
    evaluation = forms.ModelChoiceField(
        label=_("关联绩效评价（评价编号）"),
        required=False,
        queryset=Evaluation.objects.none(),
        widget=forms.NumberInput,
        error_messages={"invalid_choice": _("未找到该绩效评价，或该评价不在您的管理范围内。")},
    )
    facts = forms.CharField(label=_("问责事实"), widget=forms.Textarea(attrs={"rows": 4}))
    measure = forms.ChoiceField(label=_("处理措施"), choices=[("", "—"), *Measure.choices])
    measure_note = forms.CharField(
        label=_("处理说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(
        label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.ChoiceField(
        required=False,
        choices=[("", ""), *SUGGESTION_CHOICES],
        widget=forms.HiddenInput,
    )
    source_ref = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organizations=None, projects=None, evaluations=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, qs in (("unit", organizations), ("project", projects), ("evaluation", evaluations)):
            if qs is not None:
                self.fields[name].queryset = qs
        style_form(self, textarea_rows=3)

    def clean(self):
        data = super().clean()
        if not (data.get("unit") or data.get("project") or data.get("evaluation")):
            self.add_error("unit", _("请选择责任单位，或关联的项目、绩效评价。"))
        return data

    def case_data(self) -> CaseData:
        return CaseData.from_values(self.cleaned_data)


class SuggestionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class DismissForm(forms.Form):
    kind = forms.ChoiceField(choices=SUGGESTION_CHOICES, widget=forms.HiddenInput)
    ref = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("不予问责理由"), max_length=1000)
