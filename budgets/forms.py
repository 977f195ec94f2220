"""Forms of the project library and the year's Policy. Messages in Chinese; input kept on error."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.library import next_project_code
from budgets.models import Deadline, FundSource, Project, today
from budgets.policy import FIELD_LABELS, SECTION_LABELS, PolicyData, PolicyError

HUNDRED = Decimal("100")


class ProjectForm(forms.ModelForm):
    """新建/修改项目. The unit is never a form field: the view passes the officer's own unit."""

    code = forms.CharField(
        label=_("项目编码"),
        max_length=40,
        required=False,
        help_text=_("留空则自动生成"),
        error_messages={"unique": _("项目编码已存在，请换一个。")},
    )
    fund_sources = forms.MultipleChoiceField(
        label=_("资金来源"),
        choices=FundSource.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少选择一个资金来源。"),
            "invalid_choice": _("“%(value)s”不是列表中的资金来源。"),
        },
    )
    start_year = forms.IntegerField(
        label=_("起始年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": _("年度不能早于 2000 年。"), "max_value": _("年度不能晚于 2100 年。")},
    )
    end_year = forms.IntegerField(
        label=_("结束年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": _("年度不能早于 2000 年。"), "max_value": _("年度不能晚于 2100 年。")},
    )
    total_amount = forms.DecimalField(
        label=_("项目总金额（元）"),
        min_value=Decimal("0"),
        max_digits=16,
        decimal_places=2,
        error_messages={
            "min_value": _("项目总金额不能为负数。"),
            "invalid": _("请输入有效的金额。"),
            "max_decimal_places": _("金额最多保留两位小数。"),
        },
    )
    #: The version of the project the user loaded (stale-form check).
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "category",
            "function_code",
            "budget_type",
            "fund_sources",
            "nature",
            "start_year",
            "end_year",
            "total_amount",
            "leader_name",
            "leader_phone",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": _("请填写项目名称。")},
            "leader_name": {"required": _("请填写项目负责人。")},
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.instance.unit = unit
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("结束年度不能早于起始年度。"))
        if not data.get("code") and start is not None:
            data["code"] = next_project_code(self.unit, start)
        return data


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeadlineForm(forms.ModelForm):
    class Meta:
        model = Deadline
        fields = ["stage", "name", "due", "note"]
        widgets = {
            "stage": forms.Select(attrs={"class": "form-select"}),
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "due": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "note": forms.TextInput(attrs={"class": "form-control"}),
        }
        error_messages = {
            "name": {"required": _("请填写名称。")},
            "due": {"required": _("请填写截止日期。"), "invalid": _("请输入有效的日期。")},
        }


# --- Policy -------------------------------------------------------------------------------------

#: (form field, section, attribute, kind) for every editable Policy value. kind: "money", "decimal",
#: "percent" (stored as a fraction, typed as a percentage), "int", "bool", "month_day", "framework".
POLICY_FIELDS = [
    ("major_threshold", "project_library", "major_threshold", "money"),
    ("bond_funded_needs_assessment", "project_library", "bond_funded_needs_assessment", "bool"),
    ("framework", "targets", "framework", "framework"),
    ("execution_lag_tolerance", "monitoring", "execution_lag_tolerance", "decimal"),
    ("execution_weight", "self_evaluation", "execution_weight", "decimal"),
    ("output_weight", "self_evaluation", "output_weight", "decimal"),
    ("outcome_weight", "self_evaluation", "outcome_weight", "decimal"),
    ("satisfaction_weight", "self_evaluation", "satisfaction_weight", "decimal"),
    ("department_share", "evaluation", "department_share", "percent"),
    ("fiscal_share", "evaluation", "fiscal_share", "percent"),
    ("onsite_share", "evaluation", "onsite_share", "percent"),
    ("spot_check_share", "evaluation", "spot_check_share", "percent"),
    ("spot_check_tolerance", "evaluation", "spot_check_tolerance", "decimal"),
    ("min_output_outcome_share", "evaluation", "min_output_outcome_share", "percent"),
    ("cut_rate_fair", "linkage", "cut_rate_fair", "percent"),
    ("cut_rate_low", "linkage", "cut_rate_low", "percent"),
    ("feedback_days", "linkage", "feedback_days", "int"),
    ("password_max_age_days", "security", "password_max_age_days", "int"),
    ("deadline_target_declaration", "deadlines", "target_declaration", "month_day"),
    ("deadline_self_evaluation", "deadlines", "self_evaluation", "month_day"),
    ("deadline_department_evaluation", "deadlines", "department_evaluation", "month_day"),
    ("deadline_fiscal_evaluation", "deadlines", "fiscal_evaluation", "month_day"),
]

#: Fieldsets of the policy page: (section label key, [form fields]).
POLICY_GROUPS = [
    ("project_library", ["major_threshold", "bond_funded_needs_assessment"]),
    ("targets", ["framework"]),
    ("monitoring", ["execution_lag_tolerance"]),
    ("self_evaluation", ["execution_weight", "output_weight", "outcome_weight", "satisfaction_weight"]),
    (
        "evaluation",
        [
            "department_share",
            "fiscal_share",
            "onsite_share",
            "spot_check_share",
            "spot_check_tolerance",
            "min_output_outcome_share",
        ],
    ),
    ("linkage", ["cut_rate_fair", "cut_rate_low", "feedback_days"]),
    ("security", ["password_max_age_days"]),
    (
        "deadlines",
        [
            "deadline_target_declaration",
            "deadline_self_evaluation",
            "deadline_department_evaluation",
            "deadline_fiscal_evaluation",
        ],
    ),
]

_NUMBER_ERRORS = {
    "required": _("请填写此项。"),
    "invalid": _("请输入有效的数字。"),
    "min_value": _("不能小于 %(limit_value)s。"),
    "max_value": _("不能大于 %(limit_value)s。"),
}


def _policy_field(kind: str, label):
    if kind == "money":
        return forms.DecimalField(label=label, min_value=0, decimal_places=2, error_messages=_NUMBER_ERRORS)
    if kind == "decimal":
        return forms.DecimalField(label=label, min_value=0, decimal_places=2, error_messages=_NUMBER_ERRORS)
    if kind == "percent":
        return forms.DecimalField(
            label=f"{label}（%）", min_value=0, max_value=100, decimal_places=2, error_messages=_NUMBER_ERRORS
        )
    if kind == "int":
        return forms.IntegerField(label=label, min_value=1, error_messages=_NUMBER_ERRORS)
    if kind == "bool":
        return forms.BooleanField(label=label, required=False)
    if kind == "framework":
        return forms.ChoiceField(
            label=label,
            choices=[("2020", _("2020 版（产出/效益/满意度）")), ("2021", _("2021 版（成本单列）"))],
        )
    return forms.RegexField(
        label=label,
        regex=r"^\d{2}-\d{2}$",
        error_messages={"required": _("请填写此项。"), "invalid": _("日期格式须为“月-日”，如 05-31。")},
    )


class PolicyForm(forms.Form):
    """A form over the year's Policy values; saving creates a new version (never edits in place)."""

    effective_from = forms.DateField(
        label=_("生效日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写生效日期。"), "invalid": _("请输入有效的日期。")},
    )
    comment = forms.CharField(
        label=_("修改说明"), max_length=255, error_messages={"required": _("请填写修改说明。")}
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current: PolicyData, current_version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        for name, section, attr, kind in POLICY_FIELDS:
            self.fields[name] = _policy_field(kind, FIELD_LABELS.get(f"{section}.{attr}", attr))
            value = getattr(getattr(current, section), attr)
            self.initial[name] = value * HUNDRED if kind == "percent" else value
        # One minimum score per grade band, as many bands as the policy has.
        for i, band in enumerate(current.self_evaluation.bands):
            name = f"band_{i}"
            self.fields[name] = forms.DecimalField(
                label=_("“%(label)s”等级最低分") % {"label": band.label},
                min_value=0,
                max_value=100,
                decimal_places=2,
                error_messages=_NUMBER_ERRORS,
            )
            self.initial[name] = band.min_score
        self.initial.setdefault("effective_from", today())
        self.initial["seen_version"] = current_version
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")

    def groups(self):
        """[(section label, [bound fields])] for the template, bands placed with self-evaluation."""
        out = []
        for section, names in POLICY_GROUPS:
            fields = [self[n] for n in names]
            if section == "self_evaluation":
                fields += [self[n] for n in self.fields if n.startswith("band_")]
            out.append((SECTION_LABELS[section], fields))
        return out

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.rules = self._to_policy(data)
            self.rules.validate()
        except PolicyError as exc:
            raise forms.ValidationError(str(exc))
        return data

    def _to_policy(self, data) -> PolicyData:
        sections = {f.name: getattr(self.current, f.name) for f in dataclasses.fields(PolicyData)}
        changes: dict[str, dict] = {}
        for name, section, attr, kind in POLICY_FIELDS:
            value = data[name]
            if kind == "percent":
                value = (value / HUNDRED).normalize()
            old = getattr(sections[section], attr)
            # An unchanged number keeps its stored spelling ("0.20", not "0.2000"), so the version
            # history shows only what the admin really changed.
            changes.setdefault(section, {})[attr] = old if value == old else value
        bands = tuple(
            band
            if band.min_score == data[f"band_{i}"]
            else dataclasses.replace(band, min_score=data[f"band_{i}"])
            for i, band in enumerate(self.current.self_evaluation.bands)
        )
        changes["self_evaluation"]["bands"] = bands
        for section, values in changes.items():
            sections[section] = dataclasses.replace(sections[section], **values)
        # Round-trip through the dict form so the saved data is exactly what from_dict() reads.
        return PolicyData.from_dict(PolicyData(**sections).to_dict())
