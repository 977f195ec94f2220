"""Forms of the feedback letters and the rectification ledger (filters keep their input)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from results.models import Feedback, Rectification

YES_NO = [("", _("全部")), ("1", _("是")), ("0", _("否"))]


class FeedbackFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Feedback.Status.choices]
    )
    overdue = forms.ChoiceField(label=_("逾期"), required=False, choices=YES_NO)


class RectificationFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("主管部门"), required=False, queryset=Organization.objects.none(), empty_label=_("全部")
    )
    source = forms.ChoiceField(
        label=_("问题来源"), required=False, choices=[("", _("全部")), *Rectification.Source.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Rectification.Status.choices]
    )
    overdue = forms.ChoiceField(label=_("逾期"), required=False, choices=YES_NO)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments


class AuditItemForm(forms.Form):
    """Finance admin enters an audit or inspection finding."""

    source = forms.ChoiceField(
        label=_("问题来源"),
        choices=[(Rectification.Source.AUDIT, _("审计")), (Rectification.Source.INSPECTION, _("监督检查"))],
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    problem = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class MeasuresForm(forms.Form):
    measures = forms.CharField(label=_("整改措施及成效"), widget=forms.Textarea(attrs={"rows": 4}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"))
