"""Forms of spot checks (抽查复核): the draw, finance's re-scoring of an item, the flagged-list filter.

Scores are never typed for a self-evaluation: finance types what it found (actual values,
qualitative achievement, a violation) and the recheck is scored by rule. A department evaluation,
scored by a panel, gets a typed total with a note [003 三(五)].
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from evaluation.spotchecks import RowEdit
from perfapp.forms import style_form
from targets.models import Comparator


class PlainNumberInput(forms.NumberInput):
    """Shows a stored Decimal("250.0000") as "250"."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().format_value(value)


_style = style_form


class DrawForm(forms.Form):
    """抽取样本: the seed is optional (a fresh one is chosen and recorded); giving a recorded seed
    draws the same sample again over the same data."""

    seed = forms.IntegerField(
        label=_("随机种子"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=_("留空则自动生成；填写已记录的种子可复现同一样本。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RescoreForm(forms.Form):
    """The part of the re-score common to both kinds: the version seen and the note."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(label=_("复核意见"), required=False, widget=forms.Textarea, max_length=4000)
    violation = forms.BooleanField(label=_("存在违规问题（挤占、挪用等，降一档）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SelfRescoreForm(RescoreForm):
    """A self-evaluation's re-score: per row (original row id in the field names) the actual value,
    or for a qualitative row the band and the achievement share finance accepts."""

    violation_note = forms.CharField(
        label=_("违规问题说明"), required=False, widget=forms.Textarea, max_length=4000
    )

    def __init__(self, *args, pairs, band_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = pairs
        for original, recheck in pairs:
            shown = recheck or original
            key = original.pk
            if original.comparator == Comparator.QUALITATIVE:
                self.fields[f"band_{key}"] = forms.ChoiceField(
                    label=_("定性评价档次"),
                    required=False,
                    choices=[("", "—"), *band_choices],
                    initial=shown.band,
                )
                self.fields[f"achievement_{key}"] = forms.DecimalField(
                    label=_("完成程度（0—1）"),
                    required=False,
                    max_digits=5,
                    decimal_places=4,
                    validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
                    initial=shown.achievement,
                    widget=PlainNumberInput(attrs={"step": "any"}),
                )
                self.fields[f"text_{key}"] = forms.CharField(
                    label=_("实际完成情况"), required=False, max_length=200, initial=shown.actual_text
                )
            else:
                self.fields[f"actual_{key}"] = forms.DecimalField(
                    label=_("实际完成值"),
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                    initial=shown.actual_value,
                    widget=PlainNumberInput(attrs={"step": "any"}),
                )
        _style(self)

    def rows(self):
        """One form row per indicator: (original row, recheck row or None, its bound fields)."""
        out = []
        for original, recheck in self.pairs:
            key = original.pk
            names = (
                [f"band_{key}", f"achievement_{key}", f"text_{key}"]
                if original.comparator == Comparator.QUALITATIVE
                else [f"actual_{key}"]
            )
            out.append({"original": original, "recheck": recheck, "fields": [self[n] for n in names]})
        return out

    def edits(self) -> list[RowEdit]:
        data = self.cleaned_data
        edits = []
        for original, _recheck in self.pairs:
            key = original.pk
            if original.comparator == Comparator.QUALITATIVE:
                edits.append(
                    RowEdit(
                        row_id=key,
                        achievement=data.get(f"achievement_{key}"),
                        band=data.get(f"band_{key}") or "",
                        actual_text=data.get(f"text_{key}") or "",
                    )
                )
            else:
                edits.append(
                    RowEdit(
                        row_id=key, actual_value=data.get(f"actual_{key}"), actual_text=original.actual_text
                    )
                )
        return edits


class DepartmentRescoreForm(RescoreForm):
    """A department evaluation's re-score: the total finance finds, and the note saying why."""

    total = forms.DecimalField(
        label=_("复核总分"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        widget=PlainNumberInput(attrs={"step": "0.01"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True
        _style(self)


class FlaggedFilterForm(forms.Form):
    """Filter of the flagged list: year and department (choices from the visible items)."""

    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("主管部门"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部")), *[(y, str(y)) for y in years]]
        self.fields["department"].choices = [("", _("全部")), *[(d.pk, d.name) for d in departments]]
        _style(self)
