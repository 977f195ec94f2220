"""Filters of the finance page of disclosure marks (信息公开 [004 第四十三条])."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from perfapp.forms import style_form
from results.disclosure import PUBLIC_KINDS


class DisclosureState:
    DISCLOSED = "disclosed"
    UNDISCLOSED = "undisclosed"
    SECRET = "secret"
    CHOICES = [
        ("", _("全部")),
        (DISCLOSED, _("已公开")),
        (UNDISCLOSED, _("未公开")),
        (SECRET, _("涉密不予公开")),
    ]


class DisclosureFilterForm(forms.Form):
    year = forms.IntegerField(label=_("评价年度"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("主管部门"), required=False, queryset=Organization.objects.none(), empty_label=_("全部")
    )
    kind = forms.ChoiceField(
        label=_("评价类型"),
        required=False,
        choices=[("", _("全部")), *((k.value, k.label) for k in PUBLIC_KINDS)],
    )
    state = forms.ChoiceField(label=_("公开状态"), required=False, choices=DisclosureState.CHOICES)
    q = forms.CharField(label=_("名称"), required=False, max_length=100)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else Organization.objects.none()
        )
        style_form(self)
