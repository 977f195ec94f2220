"""Forms of the budget linkage pages (filters and the override keep their input)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from results.models import LinkageProposal

GRADES = [
    ("", _("全部")),
    ("优", "优"),
    ("良", "良"),
    ("中", "中"),
    ("低", "低"),
    ("差", "差"),
    ("-", _("无评价")),
]


def _style(form, small=True):
    size = " form-select-sm" if small else ""
    for f in form.fields.values():
        if isinstance(f.widget, forms.Select):
            f.widget.attrs["class"] = "form-select" + size
        else:
            f.widget.attrs["class"] = "form-control" + (" form-control-sm" if small else "")


class LinkageFilterForm(forms.Form):
    year = forms.IntegerField(label=_("编制预算年度"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("主管部门"), required=False, queryset=Organization.objects.none(), empty_label=_("全部")
    )
    grade = forms.ChoiceField(label=_("评价等级"), required=False, choices=GRADES)
    action = forms.ChoiceField(
        label=_("建议措施"), required=False, choices=[("", _("全部")), *LinkageProposal.Action.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *LinkageProposal.Status.choices]
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
        _style(self)


class OverrideForm(forms.Form):
    """Finance confirms another action or amount; the reason is required [004 第四十条]."""

    action = forms.ChoiceField(label=_("确认措施"), choices=LinkageProposal.Action.choices)
    change = forms.DecimalField(
        label=_("调整额（元，压减为负数）"), max_digits=16, decimal_places=2, initial=Decimal("0")
    )
    reason = forms.CharField(
        label=_("调整理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("调整挂钩建议必须填写调整理由。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self, small=False)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("调整挂钩建议必须填写调整理由。"))
        return reason
