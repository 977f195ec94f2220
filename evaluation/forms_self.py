"""Forms of the self-evaluation pages. The money, the 分值 and the 得分 are never fields: they are
computed (evaluation.selfeval), so a posted score changes nothing."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.filters import _departments, _units
from budgets.models import FiscalYear
from evaluation.models import Evaluation, SelfEvaluationRow
from evaluation.selfeval import qualitative_error
from monitoring.forms import PlainNumberInput, _style
from targets.models import Comparator

HUNDRED = Decimal("100")
S = Evaluation.Status
SELF_STATUSES = [S.DRAFT, S.SUBMITTED, S.DEPT_APPROVED, S.BUSINESS_APPROVED, S.RETURNED, S.ACCEPTED]


class SelfEvaluationForm(forms.ModelForm):
    """What the unit writes about the whole: the goal's actual and, when the execution rate is
    below the scheme's line, why."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Evaluation
        fields = ["goal_actual", "execution_explanation"]
        widgets = {"goal_actual": forms.Textarea, "execution_explanation": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        _style(self)
        self.fields["goal_actual"].widget.attrs["rows"] = 3
        self.fields["execution_explanation"].widget.attrs["rows"] = 2


class RowForm(forms.ModelForm):
    """One indicator row: 实际完成值 (or for 定性 the 实际完成情况, the band and the achievement in
    %), 不适用, 偏差原因分析及改进措施."""

    achievement_pct = forms.DecimalField(
        label=_("完成程度（%）"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=2,
        widget=PlainNumberInput(attrs={"step": "0.01"}),
    )

    class Meta:
        model = SelfEvaluationRow
        fields = ["actual_value", "actual_text", "not_applicable", "band", "deviation_reason"]
        widgets = {
            "actual_value": PlainNumberInput(attrs={"step": "any"}),
            "deviation_reason": forms.Textarea,
            "band": forms.Select,
        }

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        row = self.instance
        if row.comparator == Comparator.QUALITATIVE:
            del self.fields["actual_value"]
            self.fields["band"].widget = forms.Select(
                choices=[("", _("请选择档次"))]
                + [(b.key, f"{b.label}（{_pct(b.upper)}–{_pct(b.lower)}）") for b in scheme.qualitative_bands]
            )
            if not self.is_bound and row.achievement is not None:
                self.initial["achievement_pct"] = (row.achievement * HUNDRED).normalize()
            self.fields["actual_text"].widget.attrs["placeholder"] = _("实际完成情况")
        else:
            del self.fields["band"]
            del self.fields["achievement_pct"]
            self.fields["actual_text"].widget.attrs["placeholder"] = _("补充说明（可选）")
        _style(self)
        self.fields["deviation_reason"].widget.attrs["rows"] = 3
        self.fields["not_applicable"].widget.attrs["class"] = "form-check-input"

    def clean_actual_value(self):
        value = self.cleaned_data.get("actual_value")
        if value is not None and value < 0:
            raise forms.ValidationError(_("实际完成值不能为负数。"))
        return value

    def clean(self):
        data = super().clean()
        if "band" in self.fields:
            pct = data.get("achievement_pct")
            share = None if pct is None else pct / HUNDRED
            message = qualitative_error(self.scheme, self.instance.name, data.get("band") or "", share)
            if message:
                self.add_error("achievement_pct" if data.get("band") else "band", message)
            else:
                self.instance.achievement = share
        return data

    def values(self) -> dict:
        """The row's input for evaluation.selfeval.save_inputs."""
        data = self.cleaned_data
        out = {
            "actual_text": data.get("actual_text", ""),
            "not_applicable": data.get("not_applicable", False),
            "deviation_reason": data.get("deviation_reason", ""),
        }
        if "actual_value" in self.fields:
            out["actual_value"] = data.get("actual_value")
        if "band" in self.fields:
            out["band"] = data.get("band") or ""
            pct = data.get("achievement_pct")
            out["achievement"] = None if pct is None else pct / HUNDRED
        return out


def _pct(value: Decimal) -> str:
    return f"{(value * HUNDRED).normalize():f}%"


class _LoadedRowField(forms.ModelChoiceField):
    """A row's hidden id, found among the rows the formset has already read.

    Django's model formset checks each posted id with a query of its own (one per row); the
    self-evaluation submit then cost one query per indicator (make bench). An id that is not
    one of this evaluation's rows is refused.
    """

    def __init__(self, rows: dict, *args, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.rows[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class BaseRowFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, scheme, **kwargs):
        self.scheme = scheme
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "scheme": self.scheme}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_object_dict"):
            self._object_dict = {o.pk: o for o in self.get_queryset()}
        name = self.model._meta.pk.name
        field = form.fields[name]
        form.fields[name] = _LoadedRowField(
            self._object_dict, field.queryset, initial=field.initial, required=False, widget=field.widget
        )


RowFormSet = forms.modelformset_factory(
    SelfEvaluationRow, form=RowForm, formset=BaseRowFormSet, extra=0, can_delete=False
)


class ReviewForm(forms.Form):
    """部门初审 / 财政业务审核 / 财政技术审核: approve, or return with a comment."""

    DECISIONS = [("approve", _("审核通过")), ("return", _("退回修改"))]

    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea, max_length=4000)
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


class ViolationForm(forms.Form):
    """Finance records a violation found (挤占、挪用 …): the grade goes one band lower [003 二(四)]."""

    violation = forms.BooleanField(label=_("存在违规问题（挤占、挪用等）"), required=False)
    violation_note = forms.CharField(label=_("违规问题说明"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["violation"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("violation") and not (data.get("violation_note") or "").strip():
            self.add_error("violation_note", _("请说明违规问题（如挤占、挪用资金）。"))
        return data


class EvidenceForm(forms.Form):
    """佐证材料 of one indicator row."""

    row = forms.TypedChoiceField(label=_("对应指标"), coerce=int)
    file = forms.FileField(label=_("佐证材料"))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = [("", _("请选择指标"))] + [(r.pk, r.name) for r in rows]
        _style(self)


class OpenSeasonForm(forms.Form):
    fiscal_year = forms.ModelChoiceField(label=_("预算年度"), queryset=FiscalYear.objects.none())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].queryset = years
        self.fields["fiscal_year"].empty_label = None
        _style(self)


class SelfEvaluationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("年度"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("年度")})
    )
    department = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=_departments, empty_label=_("全部主管部门")
    )
    unit = django_filters.ModelChoiceFilter(label=_("填报单位"), queryset=_units, empty_label=_("全部单位"))
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(s.value, s.label) for s in SELF_STATUSES],
        empty_label=_("全部状态"),
    )
    grade = django_filters.ChoiceFilter(
        label=_("评价等级"), field_name="grade_label", choices=[], empty_label=_("全部等级")
    )
    kind = django_filters.ChoiceFilter(
        label=_("类型"),
        choices=[("project", _("项目支出")), ("department", _("部门整体支出"))],
        empty_label=_("全部类型"),
        method="filter_kind",
    )
    q = django_filters.CharFilter(label=_("名称、项目编码或单位"), method="filter_text")

    class Meta:
        model = Evaluation
        fields = []

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["grade"].extra["choices"] = [(g, g) for g in grades]
        _style(self.form)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(is_department_overall=value == "department")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(project__code=value) | Q(unit__name__icontains=value)
        )


# --- scoring schemes -------------------------------------------------------------------------------


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SchemeEditForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    data = forms.CharField(
        label=_("评分规则（JSON）"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "form-control form-control-sm font-monospace"}),
    )


class CopyFromPolicyForm(StyledForm):
    fiscal_year = forms.ModelChoiceField(label=_("预算年度"), queryset=FiscalYear.objects.none())
    name = forms.CharField(label=_("名称"), max_length=100)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].queryset = years
        self.fields["fiscal_year"].empty_label = None


class ImportSchemeForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    file = forms.FileField(label=_("评分规则文件（JSON）"))


class CopySchemeForm(StyledForm):
    name = forms.CharField(label=_("新名称"), max_length=100)


class ApplySchemeForm(StyledForm):
    fiscal_year = forms.ModelChoiceField(label=_("应用到预算年度"), queryset=FiscalYear.objects.none())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].queryset = years
        self.fields["fiscal_year"].empty_label = None
