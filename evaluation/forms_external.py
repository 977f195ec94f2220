"""Forms of plans, schemes, the expert pool, assignment and scoring (department and fiscal
evaluations). The forms parse; the rules live in evaluation.plans / schemes / experts / external."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from evaluation.models import Assignment, Criterion, ExpertProfile, Scheme
from evaluation.schemes import Node
from perfapp.forms import style_form

_style = style_form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# --- plans -----------------------------------------------------------------------------------------


class AddProjectForm(StyledForm):
    project = forms.ModelChoiceField(label=_("项目"), queryset=None)
    is_onsite = forms.BooleanField(label=_("现场评价"), required=False)
    flagged_by_audit = forms.BooleanField(label=_("审计或督查发现问题"), required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}（{p.unit.name}）"


class PlanItemForm(StyledForm):
    is_onsite = forms.BooleanField(label=_("现场评价"), required=False)
    flagged_by_audit = forms.BooleanField(label=_("审计或督查发现问题"), required=False)
    is_major_reform = forms.BooleanField(label=_("重大改革发展项目"), required=False)


# --- schemes ---------------------------------------------------------------------------------------


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["name", "category", "description", "bonus_points", "is_default"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bonus_points"].validators.append(MinValueValidator(Decimal("0")))
        self.fields["bonus_points"].help_text = _("“基础分+政策加分”时填写政策加分上限，否则为 0。")
        _style(self)


class CriterionRowForm(StyledForm):
    """One outline row: code 1 / 1.1 / 1.1.1; level-1 rows choose their group. A row whose code
    and name are both empty is ignored (that is how a row is deleted)."""

    code = forms.CharField(label=_("编号"), max_length=12, required=False)
    group = forms.ChoiceField(
        label=_("一级指标类别"), choices=[("", "—")] + list(Criterion.Group.choices), required=False
    )
    name = forms.CharField(label=_("指标名称"), max_length=100, required=False)
    points = forms.DecimalField(label=_("分值"), max_digits=7, decimal_places=2, required=False)
    guidance = forms.CharField(label=_("评分标准"), widget=forms.Textarea, required=False)

    def clean(self):
        data = super().clean()
        code, name = (data.get("code") or "").strip(), (data.get("name") or "").strip()
        if not code and not name:
            data["empty"] = True
            return data
        if not code:
            self.add_error("code", _("请填写编号。"))
        if not name:
            self.add_error("name", _("请填写指标名称。"))
        if data.get("points") is None:
            self.add_error("points", _("请填写分值。"))
        return data

    def node(self) -> Node | None:
        d = self.cleaned_data
        if d.get("empty"):
            return None
        return Node(
            code=d["code"].strip(),
            name=d["name"].strip(),
            points=d["points"],
            group=d.get("group") or "",
            guidance=d.get("guidance") or "",
        )


CriterionFormSet = forms.formset_factory(CriterionRowForm, extra=3, max_num=300, validate_max=True)


class CopySchemeForm(StyledForm):
    name = forms.CharField(label=_("新体系名称"), max_length=100)


class ImportSchemeForm(StyledForm):
    file = forms.FileField(label=_("指标体系文件（JSON）"))
    name = forms.CharField(label=_("名称（留空则用文件中的名称）"), max_length=100, required=False)


# --- experts ---------------------------------------------------------------------------------------


class ExpertProfileForm(forms.ModelForm):
    class Meta:
        model = ExpertProfile
        fields = [
            "user",
            "region",
            "expertise",
            "title",
            "employer",
            "employer_name",
            "agency",
            "declared_conflicts",
            "active",
        ]
        widgets = {"declared_conflicts": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, users, regions, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name}（{u.username}）"
        self.fields["region"].queryset = regions
        self.fields["employer"].queryset = organizations
        self.fields["agency"].queryset = organizations.filter(kind=Organization.Kind.AGENCY)
        self.fields["declared_conflicts"].queryset = organizations.exclude(kind=Organization.Kind.AGENCY)
        self.fields["declared_conflicts"].required = False
        if self.instance.pk:
            self.fields["user"].disabled = True
        _style(self)


class AssignForm(StyledForm):
    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)
    role = forms.ChoiceField(label=_("角色"), choices=Assignment.Role.choices, initial=Assignment.Role.MEMBER)
    no_conflict_declared = forms.BooleanField(label=_("专家已声明与被评价单位无利益冲突"), required=False)

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["expert"].queryset = User.objects.filter(
            pk__in=profiles.filter(active=True).values("user_id")
        ).select_related("expert_profile")
        self.fields["expert"].label_from_instance = _expert_label


def _expert_label(user) -> str:
    profile = getattr(user, "expert_profile", None)
    extra = "，".join(x for x in (getattr(profile, "expertise", ""), getattr(profile, "title", "")) if x)
    return f"{user.display_name}（{extra}）" if extra else user.display_name


# --- scores ----------------------------------------------------------------------------------------


class CriterionScoresForm(StyledForm):
    """One score and one comment per level-3 criterion (an expert's scores, or the agreed ones)."""

    def __init__(self, *args, criteria, initial_scores=None, initial_comments=None, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        initial_comments = initial_comments or {}
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=c.name,
                max_digits=7,
                decimal_places=2,
                required=required,
                min_value=Decimal("0"),
                max_value=c.points,
                initial=initial_scores.get(c.pk),
                widget=forms.NumberInput(attrs={"step": "0.01", "class": "form-control form-control-sm"}),
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("说明"),
                required=False,
                initial=initial_comments.get(c.pk, ""),
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def entries(self) -> dict[int, tuple]:
        d = self.cleaned_data
        return {c.pk: (d.get(f"score_{c.pk}"), d.get(f"comment_{c.pk}") or "") for c in self.criteria}

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class EvaluationEditForm(StyledForm):
    scheme = forms.ModelChoiceField(label=_("评价指标体系"), queryset=None, required=False)
    violation = forms.BooleanField(label=_("存在违规问题（挤占、挪用等，降一档）"), required=False)
    violation_note = forms.CharField(label=_("违规问题说明"), widget=forms.Textarea, required=False)
    findings = forms.CharField(label=_("主要问题"), widget=forms.Textarea, required=False)
    recommendations = forms.CharField(label=_("意见建议"), widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class TransitionForm(StyledForm):
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea, required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)
