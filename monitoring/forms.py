"""Forms of monitoring rounds and reports. The money columns are never fields: they are computed
(monitoring.reports.shown_execution)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound
from perfapp.forms import style_form


class PlainNumberInput(forms.NumberInput):
    """Shows a stored Decimal("250.0000") as "250", the way the unit typed it."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().format_value(value)


_style = style_form


class RoundForm(forms.ModelForm):
    """A round by hand: its dates lie in the fiscal year, the due date on or after the data date."""

    class Meta:
        model = MonitoringRound
        fields = ["name", "data_as_of", "due"]
        widgets = {
            "data_as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.instance.fiscal_year = fiscal_year
        _style(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if MonitoringRound.objects.filter(fiscal_year=self.fiscal_year, name=name).exists():
            raise forms.ValidationError(_("本年度已有同名监控轮次。"))
        return name

    def clean_data_as_of(self):
        value = self.cleaned_data["data_as_of"]
        if value.year != self.fiscal_year.year:
            raise forms.ValidationError(_("数据截止日期须在%(y)s年内。") % {"y": self.fiscal_year.year})
        return value

    def clean(self):
        data = super().clean()
        as_of, due = data.get("data_as_of"), data.get("due")
        if as_of and due and due < as_of:
            self.add_error("due", _("报送截止日期不能早于数据截止日期。"))
        return data


class KeyProjectsForm(forms.Form):
    """财政重点监控: the projects finance follows closely in this round."""

    projects = forms.ModelMultipleChoiceField(
        label=_("财政重点监控项目"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = candidates
        _style(self)


class ReportForm(forms.ModelForm):
    """What the unit types about the money: expected full-year spending and carryover."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = MonitoringReport
        fields = ["expected_full_year", "expected_carryover", "carryover_reason", "overall_progress"]
        widgets = {
            "carryover_reason": forms.Textarea,
            "overall_progress": forms.Textarea,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        for name in ("expected_full_year", "expected_carryover"):
            self.fields[name].validators.append(MinValueValidator(0, _("金额不能为负数。")))
            self.fields[name].widget.attrs["min"] = 0
        _style(self)

    def clean(self):
        data = super().clean()
        carryover = data.get("expected_carryover")
        if carryover and not (data.get("carryover_reason") or "").strip():
            self.add_error("carryover_reason", _("预计有结转结余时请说明原因。"))
        return data


class ProgressForm(forms.ModelForm):
    """One indicator: completion to date, expected year-end, possibility, deviation and measure."""

    class Meta:
        model = IndicatorProgress
        fields = [
            "completed_value",
            "completed_text",
            "expected_value",
            "expected_text",
            "possibility",
            "deviation",
            "deviation_reason",
            "measure",
        ]
        widgets = {
            "completed_value": PlainNumberInput,
            "expected_value": PlainNumberInput,
            "deviation_reason": forms.Textarea,
            "measure": forms.Textarea,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["possibility"].choices = [("", _("请选择"))] + list(self.fields["possibility"].choices)[
            1:
        ]
        self.fields["deviation"].choices = [("", _("无偏差"))] + list(self.fields["deviation"].choices)[1:]
        _style(self)


ProgressFormSet = forms.modelformset_factory(IndicatorProgress, form=ProgressForm, extra=0, can_delete=False)


class ReviewForm(forms.Form):
    """Department or finance review of a report; a return needs a comment."""

    DECISIONS = [("approve", _("审核通过")), ("return", _("退回修改"))]

    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea)
    conclusion = forms.CharField(label=_("财政重点监控结论"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回时请填写退回意见。"))
        return data
