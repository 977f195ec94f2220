"""Forms of the target pages: declaration (target + indicator formset), reviews, adjustment and
the indicator library. Messages in Chinese; input kept on error. The rules themselves live in
targets.validation and targets.review; the forms only read and shape the input."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from budgets.models import Category, FiscalYear, Project
from targets.models import (
    FRAMEWORKS,
    QUALITATIVE_GRADES,
    Comparator,
    IndicatorTemplate,
    Level1,
    Target,
)
from targets.review import GRADE_CONSEQUENCE

_NUMBER_ERRORS = {
    "invalid": _("请输入有效的数字。"),
    "min_value": _("不能小于 %(limit_value)s。"),
    "max_digits": _("数字位数过多。"),
    "max_decimal_places": _("小数位数过多。"),
}


def _bootstrap(form, small=False):
    size = " form-control-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select" + (" form-select-sm" if small else ""))
        else:
            widget.attrs.setdefault("class", "form-control" + size)


def framework_of(fiscal_year) -> dict[str, tuple[str, ...]]:
    """The year's level-1/level-2 framework (Policy targets.framework)."""
    return FRAMEWORKS.get(fiscal_year.policy.targets.framework, FRAMEWORKS["2020"])


class TargetForm(forms.ModelForm):
    """The target's header: goals, amount and flags. On creation also the project (for a project
    target) and the fiscal year; the unit always comes from the user's account, never the form."""

    amount = forms.DecimalField(
        label=_("年度资金总额（元）"),
        min_value=Decimal("0"),
        max_digits=16,
        decimal_places=2,
        error_messages={"required": _("请填写年度资金总额。"), **_NUMBER_ERRORS},
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["overall_goal", "period_goal", "amount", "is_special_fund", "is_secret", "disclose"]
        widgets = {
            "overall_goal": forms.Textarea(attrs={"rows": 3}),
            "period_goal": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"overall_goal": {"required": _("请填写年度总体目标。")}}

    def __init__(self, *args, projects=None, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_goal"].help_text = _("跨年度项目填写实施期内的总体目标。")
        if projects is not None:
            self.fields["project"] = forms.ModelChoiceField(
                label=_("项目"),
                queryset=projects,
                empty_label=_("请选择本单位项目"),
                error_messages={"required": _("请选择项目。"), "invalid_choice": _("请选择本单位的项目。")},
            )
        if years is not None:
            self.fields["fiscal_year"] = forms.ModelChoiceField(
                label=_("预算年度"),
                queryset=years,
                empty_label=None,
                error_messages={"invalid_choice": _("请选择有效的预算年度。")},
            )
            self.fields["fiscal_year"].label_from_instance = lambda fy: f"{fy.year}"
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        project, fy = data.get("project"), data.get("fiscal_year")
        if project is not None and fy is not None and not project.start_year <= fy.year <= project.end_year:
            self.add_error(
                "fiscal_year",
                _("项目期间为 %(a)s—%(b)s 年，不含 %(y)s 年。")
                % {"a": project.start_year, "b": project.end_year, "y": fy.year},
            )
        return data


class IndicatorForm(forms.Form):
    """One indicator row. Level 2 offers the names of the year's framework grouped by level 1; the
    page's script narrows it to the chosen level 1 (targets.validation checks the pair)."""

    template = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level1 = forms.ChoiceField(label=_("一级指标"))
    level2 = forms.ChoiceField(label=_("二级指标"))
    name = forms.CharField(label=_("三级指标"), max_length=100, required=False)
    comparator = forms.ChoiceField(label=_("指标性质"), choices=Comparator.choices, initial=Comparator.GTE)
    target_value = forms.DecimalField(
        label=_("指标值"), required=False, max_digits=18, decimal_places=4, error_messages=_NUMBER_ERRORS
    )
    qualitative_value = forms.ChoiceField(
        label=_("定性指标值"), required=False, choices=[("", "—"), *[(g, g) for g in QUALITATIVE_GRADES]]
    )
    unit = forms.CharField(label=_("计量单位"), max_length=20, required=False)
    weight = forms.DecimalField(
        label=_("分值"),
        required=False,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        error_messages=_NUMBER_ERRORS,
    )
    last_year_actual = forms.DecimalField(
        label=_("上年实际值"), required=False, max_digits=18, decimal_places=4, error_messages=_NUMBER_ERRORS
    )
    data_source = forms.CharField(label=_("数据来源"), max_length=100, required=False)

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level1"].choices = [(key, Level1(key).label) for key in framework]
        self.fields["level2"].choices = [
            (Level1(key).label, [(name, name) for name in names]) for key, names in framework.items()
        ]
        self.fields["level1"].error_messages["invalid_choice"] = _("本年度指标框架不使用该一级指标。")
        self.fields["level2"].error_messages["invalid_choice"] = _("请选择本年度指标框架中的二级指标。")
        _bootstrap(self, small=True)
        self.fields["level2"].widget.attrs["data-level2"] = "1"
        self.fields["level1"].widget.attrs["data-level1"] = "1"

    def is_blank(self) -> bool:
        """A row the user left empty (no name, no value): ignored on save."""
        data = self.cleaned_data
        return (
            not (data.get("name") or "").strip()
            and data.get("target_value") is None
            and not data.get("qualitative_value")
        )


IndicatorFormSet = formset_factory(IndicatorForm, extra=0, can_delete=True)

#: What each finance grade leads to [财预〔2015〕88号] (shown beside the grade on the review form).
GRADE_CONSEQUENCE_LABELS = {
    "approve": _("审核通过，批复绩效目标"),
    "require_fixes": _("按审核意见完善后通过（退回单位完善，完善后直接报财政）"),
    "finance_return": _("退回单位修改后重新申报"),
    "block": _("审核未通过，不得进入预算编制"),
}


def grade_choices(policy):
    grades = [g for g in policy.targets.review_grades if g in GRADE_CONSEQUENCE]
    return [(g, f"{g}：{GRADE_CONSEQUENCE_LABELS[GRADE_CONSEQUENCE[g]]}") for g in grades]


class _OpinionsForm(forms.Form):
    """[004 第二十条] the four review aspects."""

    completeness = forms.CharField(
        label=_("完整性"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    relevance = forms.CharField(label=_("相关性"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    appropriateness = forms.CharField(
        label=_("适当性"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    feasibility = forms.CharField(label=_("可行性"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def opinion_fields(self):
        return [self[n] for n in ("completeness", "relevance", "appropriateness", "feasibility")]


class DepartmentReviewForm(_OpinionsForm):
    decision = forms.ChoiceField(
        label=_("初审结论"),
        choices=[("approve", _("初审通过，报财政审核")), ("return", _("退回单位修改"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择初审结论。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self, small=True)


class FinanceReviewForm(_OpinionsForm):
    grade = forms.ChoiceField(
        label=_("审核等级"),
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核等级（优、良、中、差）。")},
    )

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = grade_choices(policy)
        _bootstrap(self, small=True)


class AdjustmentForm(forms.Form):
    reason = forms.CharField(
        label=_("调整原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        help_text=_("仅在预算调整或有其他特殊原因时调整 [004 第二十四条]。"),
        error_messages={"required": _("请说明调整原因（预算调整或其他特殊原因）。")},
    )


class TemplateForm(forms.ModelForm):
    """A library entry: finance edits the common library; a department proposes additions."""

    categories = forms.MultipleChoiceField(
        label=_("适用资金类别"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示适用于所有类别。"),
    )
    reference_industry = forms.CharField(label=_("参考值（行业标准）"), max_length=100, required=False)
    reference_plan = forms.CharField(label=_("参考值（计划标准）"), max_length=100, required=False)
    reference_history = forms.CharField(label=_("参考值（历史标准）"), max_length=100, required=False)

    REFERENCE_KEYS = ("industry", "plan", "history")

    class Meta:
        model = IndicatorTemplate
        fields = ["level1", "level2", "name", "unit", "comparator", "definition", "data_source", "categories"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "level2": {"required": _("请填写二级指标。")},
            "name": {"required": _("请填写三级指标名称。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in self.REFERENCE_KEYS:
            self.initial.setdefault(f"reference_{key}", (self.instance.reference_values or {}).get(key, ""))
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        level1, level2 = data.get("level1"), data.get("level2")
        if level1 and level2:
            known = {name for fw in FRAMEWORKS.values() for name in fw.get(level1, ())}
            if level2 not in known:
                self.add_error("level2", _("二级指标应为：%(n)s") % {"n": "、".join(sorted(known))})
        duplicate = IndicatorTemplate.objects.filter(
            level1=level1, level2=level2, name=data.get("name"), unit=data.get("unit") or ""
        ).exclude(pk=self.instance.pk)
        if level1 and level2 and data.get("name") and duplicate.exists():
            self.add_error("name", _("指标库中已有相同的指标。"))
        return data

    def save(self, commit=True):
        self.instance.reference_values = {
            key: self.cleaned_data[f"reference_{key}"]
            for key in self.REFERENCE_KEYS
            if self.cleaned_data.get(f"reference_{key}")
        }
        return super().save(commit)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("驳回理由"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("驳回时须填写理由。")},
    )


def fiscal_years_for(user, region):
    return FiscalYear.objects.visible_to(user).filter(region=region).order_by("-year")


def declarable_projects(unit):
    from targets.models import DECLARABLE_PROJECT_STATUSES

    return Project.objects.filter(unit=unit, status__in=DECLARABLE_PROJECT_STATUSES).order_by(
        "-start_year", "code"
    )
