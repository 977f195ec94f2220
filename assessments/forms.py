"""Forms of the prior-assessment pages. They parse input only; every rule is in assessments.rules
and assessments.experts, whose refusals are put back next to the fields (assessments.views)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Conclusion, Dimension, JointReview, PriorAssessment
from monitoring.forms import PlainNumberInput, _style

NUMBER_ERRORS = {"invalid": _("请输入数字。"), "max_digits": _("数字位数过多。")}


def argument_field(dimension: str) -> str:
    return f"argument_{dimension}"


def need_field(year: int) -> str:
    return f"need_{year}"


def need_note_field(year: int) -> str:
    return f"need_note_{year}"


class CreateForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("项目"),
        queryset=None,
        error_messages={"required": _("请选择项目。"), "invalid_choice": _("请选择项目。")},
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        _style(self)


class AssessmentForm(forms.Form):
    """The unit's assessment: an overview, the argument of each dimension and the need of each year
    of the project's period."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label=_("评估概述"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, assessment: PriorAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        project = assessment.project
        arguments = dict(assessment.dimensions.values_list("dimension", "argument"))
        needs = {n.year: n for n in assessment.spending_needs.all()}
        self.initial.setdefault("version", assessment.version)
        self.initial.setdefault("summary", assessment.summary)
        for value, label in Dimension.choices:
            name = argument_field(value)
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.initial.setdefault(name, arguments.get(value, ""))
        self.years = list(range(project.start_year, project.end_year + 1))
        for year in self.years:
            need = needs.get(year)
            self.fields[need_field(year)] = forms.DecimalField(
                label=_("%(y)s 年度支出需求（元）") % {"y": year},
                required=False,
                min_value=Decimal("0"),
                max_digits=16,
                decimal_places=2,
                widget=PlainNumberInput(attrs={"step": "0.01"}),
                error_messages={**NUMBER_ERRORS, "min_value": _("金额不能为负数。")},
            )
            self.fields[need_note_field(year)] = forms.CharField(
                label=_("%(y)s 年度测算依据") % {"y": year}, required=False, max_length=255
            )
            self.initial.setdefault(need_field(year), need.amount if need else None)
            self.initial.setdefault(need_note_field(year), need.note if need else "")
        _style(self)

    def argument_fields(self):
        return [(value, self[argument_field(value)]) for value in Dimension.values]

    def need_rows(self):
        return [(year, self[need_field(year)], self[need_note_field(year)]) for year in self.years]

    def arguments(self) -> dict[str, str]:
        return {value: self.cleaned_data.get(argument_field(value)) or "" for value in Dimension.values}

    def needs(self):
        from assessments.rules import NeedInput

        return [
            NeedInput(
                year,
                self.cleaned_data.get(need_field(year)) or Decimal("0"),
                self.cleaned_data.get(need_note_field(year)) or "",
            )
            for year in self.years
        ]

    def add_rule_errors(self, errors: dict[str, str]) -> None:
        """Put a rule's refusals ("argument:necessity", "need:2026", "needs") next to their fields."""
        for key, message in errors.items():
            kind, _sep, rest = key.partition(":")
            if kind == "argument" and argument_field(rest) in self.fields:
                self.add_error(argument_field(rest), message)
            elif kind == "need" and rest.isdigit() and need_field(int(rest)) in self.fields:
                self.add_error(need_field(int(rest)), message)
            else:
                self.add_error(None, message)


class AttachmentForm(forms.Form):
    dimension = forms.ChoiceField(
        label=_("所属维度"), required=False, choices=[("", _("整体材料")), *Dimension.choices]
    )
    file = forms.FileField(label=_("文件"), error_messages={"required": _("请选择文件。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("意见"), required=False, max_length=2000, widget=forms.Textarea)
    agency = forms.ModelChoiceField(label=_("受托第三方机构"), queryset=None, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import Organization

        self.fields["agency"].queryset = agencies if agencies is not None else Organization.objects.none()
        self.fields["agency"].empty_label = _("不委托第三方机构（由专家组评估）")
        _style(self)


class ConclusionForm(forms.Form):
    """财政出具评估结论: the conclusion, its reasons, the required changes, an opinion per dimension
    and the approved (审定) amount of each year [002 三(一)]."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    conclusion = forms.ChoiceField(
        label=_("评估结论"),
        choices=Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评估结论。")},
    )
    reasons = forms.CharField(label=_("结论理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required_changes = forms.CharField(
        label=_("调整完善要求"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assessment: PriorAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.initial.setdefault("version", assessment.version)
        for value, label in Dimension.choices:
            self.fields[f"opinion_{value}"] = forms.CharField(
                label=_("“%(d)s”审核意见") % {"d": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.needs = list(assessment.spending_needs.all())
        for need in self.needs:
            self.fields[f"approved_{need.year}"] = forms.DecimalField(
                label=_("%(y)s 年度审定金额（元）") % {"y": need.year},
                required=False,
                min_value=Decimal("0"),
                max_digits=16,
                decimal_places=2,
                widget=PlainNumberInput(attrs={"step": "0.01"}),
                error_messages={**NUMBER_ERRORS, "min_value": _("金额不能为负数。")},
            )
        _style(self)
        self.fields["conclusion"].widget.attrs["class"] = "form-check-input"

    def opinion_fields(self):
        return [self[f"opinion_{v}"] for v in Dimension.values]

    def approved_rows(self):
        return [(need, self[f"approved_{need.year}"]) for need in self.needs]

    def opinions(self) -> dict[str, str]:
        return {v: self.cleaned_data.get(f"opinion_{v}") or "" for v in Dimension.values}

    def approved(self) -> dict[int, Decimal | None]:
        return {need.year: self.cleaned_data.get(f"approved_{need.year}") for need in self.needs}

    def add_rule_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = key.replace(":", "_")
            self.add_error(field if field in self.fields else None, message)


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("评审专家"),
        queryset=None,
        error_messages={"required": _("请选择专家。"), "invalid_choice": _("请选择专家库中的专家。")},
    )
    no_conflict_declared = forms.BooleanField(label=_("专家已声明与本项目无利益冲突"), required=False)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = lambda u: u.display_name
        _style(self)
        self.fields["no_conflict_declared"].widget.attrs["class"] = "form-check-input"


class ScoreForm(forms.Form):
    """An expert's own scores of the five dimensions (0 to each dimension's points) with opinions."""

    def __init__(self, *args, points: dict[str, Decimal], scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {s.dimension: s for s in scores or []}
        self.points = points
        self.grades = {d: s.grade_label for d, s in scores.items()}
        for value, label in Dimension.choices:
            self.fields[f"score_{value}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal("0"),
                max_value=points[value],
                max_digits=7,
                decimal_places=2,
                widget=PlainNumberInput(attrs={"step": "0.5"}),
                error_messages={
                    **NUMBER_ERRORS,
                    "min_value": _("得分不能为负数。"),
                    "max_value": _("得分不能超过该维度分值。"),
                },
            )
            self.fields[f"comment_{value}"] = forms.CharField(
                label=_("评分意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            if value in scores:
                self.initial.setdefault(f"score_{value}", scores[value].score)
                self.initial.setdefault(f"comment_{value}", scores[value].comment)
        _style(self)

    def rows(self):
        return [
            (
                value,
                label,
                self.points[value],
                self[f"score_{value}"],
                self[f"comment_{value}"],
                self.grades.get(value, ""),
            )
            for value, label in Dimension.choices
        ]

    def entries(self) -> dict[str, tuple]:
        return {
            v: (self.cleaned_data.get(f"score_{v}"), self.cleaned_data.get(f"comment_{v}") or "")
            for v in Dimension.values
        }


class JointReviewForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("会审日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请输入有效的日期。")},
    )
    committee = forms.CharField(label=_("会审机构"), required=False, max_length=100)
    members = forms.CharField(
        label=_("参会成员"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一人，写明单位、职务和姓名。"),
    )
    decision = forms.ChoiceField(
        label=_("会审结论"), required=False, choices=[("", "—"), *JointReview.Decision.choices]
    )
    conditions = forms.CharField(
        label=_("附加条件"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(label=_("会审意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("committee", _("预算（资金）管理委员会"))
        _style(self)

    def to_input(self):
        from assessments.rules import JointReviewInput

        d = self.cleaned_data
        return JointReviewInput(
            meeting_date=d.get("meeting_date"),
            committee=d.get("committee") or "",
            members=d.get("members") or "",
            decision=d.get("decision") or "",
            conditions=d.get("conditions") or "",
            minutes=d.get("minutes") or "",
        )
