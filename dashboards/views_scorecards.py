"""Pages of the scorecards [000 #1 #2]: list, configuration (finance admin, drafts only), entered
values with evidence, the ranking with a radar portrait and last year's comparison, a subject's
detail, and the Excel and PDF exports of the ranking.

Thin views: every read goes through visible_to(user) (another's scorecard or result is a 404);
the rules are in dashboards/scorecards.py.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.guards import finance_admin_of
from accounts.models import Region
from dashboards import scorecard_indicators as registry
from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard, ScorecardIndicator, ScoreEntry, ScoreResult
from perfapp import audit
from perfapp.access import deny, require_business_role, require_writer
from perfapp.documents import PDF_CONTENT_TYPE, Sheet, render_pdf, xlsx_response
from perfapp.forms import style_form
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError

# --- forms ------------------------------------------------------------------------------------


class ScorecardForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("评价类型"), choices=Scorecard.Kind.choices)
    year = forms.IntegerField(label=gettext_lazy("评价年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    subject_level = forms.ChoiceField(
        label=gettext_lazy("评价对象级次（市县评价）"),
        choices=[
            ("", "—"),
            (Region.Level.CITY, gettext_lazy("市")),
            (Region.Level.COUNTY, gettext_lazy("县（区）")),
        ],
        required=False,
    )
    template = forms.ModelChoiceField(
        label=gettext_lazy("复制指标自"), queryset=Scorecard.objects.none(), required=False
    )
    note = forms.CharField(label=gettext_lazy("说明"), widget=forms.Textarea, required=False)

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates
        style_form(self)


RULE_CHOICES = [
    ("linear", gettext_lazy("按比例（满分值—零分值之间线性）")),
    ("threshold", gettext_lazy("达标得分")),
    ("steps", gettext_lazy("分档得分")),
    ("per_unit", gettext_lazy("按件/按单位计分（封顶）")),
]


class IndicatorForm(forms.ModelForm):
    """The indicator with its rule in plain fields (the rule is kept as validated JSON)."""

    rule_type = forms.ChoiceField(label=gettext_lazy("评分方法"), choices=RULE_CHOICES)
    full = forms.DecimalField(label=gettext_lazy("满分值"), required=False)
    zero = forms.DecimalField(label=gettext_lazy("零分值"), required=False)
    at = forms.DecimalField(label=gettext_lazy("达标值"), required=False)
    compare = forms.ChoiceField(label=gettext_lazy("比较方式"), choices=[("gte", "≥"), ("lte", "≤")])
    steps = forms.CharField(
        label=gettext_lazy("分档（值:得分比例，逗号分隔）"), required=False, help_text="95:1, 90:0.8, 80:0.5"
    )
    each = forms.DecimalField(label=gettext_lazy("每单位分值"), required=False)
    missing = forms.ChoiceField(
        label=gettext_lazy("无数据时"),
        choices=[("zero", gettext_lazy("计 0 分")), ("full", gettext_lazy("计满分"))],
    )

    class Meta:
        model = ScorecardIndicator
        fields = ["order", "kind", "group", "name", "points", "source", "measure", "unit", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"] = forms.ChoiceField(
            label=gettext_lazy("计算口径"), choices=[("", "—"), *registry.choices()], required=False
        )
        rule = self.instance.rule or {}
        if rule and not self.is_bound:
            self.initial.update(
                rule_type=rule.get("type"),
                full=rule.get("full"),
                zero=rule.get("zero"),
                at=rule.get("at"),
                compare=rule.get("compare", "gte"),
                each=rule.get("each"),
                missing=rule.get("missing", "zero"),
                steps=", ".join(f"{b}:{s}" for b, s in rule.get("steps", [])),
            )
        style_form(self)

    def rule(self) -> dict:
        data = self.cleaned_data
        steps = []
        for part in (data.get("steps") or "").replace("，", ",").split(","):
            if part.strip():
                bound, _sep, share = part.replace("：", ":").partition(":")
                steps.append([bound.strip(), share.strip()])
        return {
            "type": data["rule_type"],
            "full": data.get("full"),
            "zero": data.get("zero"),
            "at": data.get("at"),
            "compare": data.get("compare"),
            "steps": steps,
            "each": data.get("each"),
            "missing": data.get("missing"),
        }


class EntryForm(forms.Form):
    value = forms.DecimalField(label=gettext_lazy("填报值"), max_digits=18, decimal_places=4)
    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=500)
    evidence = forms.FileField(label=gettext_lazy("佐证材料"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


# --- pages ------------------------------------------------------------------------------------


def _scorecard(request, pk) -> Scorecard:
    require_business_role(request)
    return get_visible_or_404(Scorecard.objects.select_related("region"), request.user, pk=pk)


def _configurable(request, scorecard):
    require_writer(request)
    ok, reason = rules.can_configure(request.user, scorecard)
    if not ok:
        deny(request, reason, scorecard)


@require_GET
def scorecard_list(request):
    require_business_role(request)
    cards = (
        Scorecard.objects.visible_to(request.user)
        .select_related("region")
        .order_by("-year", "kind", "-number")
    )
    region = rules.home_region(request.user)
    return render(
        request,
        "dashboards/scorecard_list.html",
        {"cards": cards, "can_create": rules.can_create(request.user, region)[0]},
    )


@require_http_methods(["GET", "POST"])
def scorecard_create(request):
    require_writer(request)
    region = rules.home_region(request.user)
    ok, reason = rules.can_create(request.user, region)
    if not ok:
        deny(request, reason)
    templates = Scorecard.objects.filter(region=region)
    form = ScorecardForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        card = rules.create_scorecard(
            request.user,
            kind=d["kind"],
            year=d["year"],
            region=region,
            name=d["name"],
            subject_level=d["subject_level"],
            note=d["note"],
            template=d["template"],
            request=request,
        )
        return redirect("dashboards:scorecard_detail", card.pk)
    return render(request, "dashboards/scorecard_form.html", {"form": form})


@require_GET
def scorecard_detail(request, pk):
    """The ranking page: the results the user may see, the radar portrait and last year."""
    card = _scorecard(request, pk)
    rows = rules.ranking(card, request.user)
    indicators = list(card.indicators.all())
    for ind in indicators:
        ind.rule_text = rules.describe(ind)
        measure = registry.REGISTRY.get(ind.measure)
        ind.source_text = f"{measure.label}（{measure.unit}）" if measure else ind.get_source_display()
    is_admin = finance_admin_of(card, request.user)
    return render(
        request,
        "dashboards/scorecard_detail.html",
        {
            "card": card,
            "rows": rows,
            "indicators": indicators,
            "previous": rules.previous_of(card) if rows else None,
            "radar": rules.radar(card, [r.result for r in rows]),
            "can_configure": rules.can_configure(request.user, card)[0],
            "is_admin": is_admin,
        },
    )


@require_POST
def scorecard_action(request, pk, action):
    """compute (draft), publish (draft), copy (a new draft version)."""
    card = _scorecard(request, pk)
    require_writer(request)
    try:
        if action == "compute":
            results = rules.compute(card, request.user, request=request)
            messages.success(request, _("已计算 %(n)s 个评价对象的得分。") % {"n": len(results)})
        elif action == "publish":
            rules.publish(card, request.user, request=request, seen_version=request.POST.get("version"))
            messages.success(request, _("评价结果已发布。"))
        elif action == "copy":
            card = rules.copy_to_draft(card, request.user, request=request)
            messages.success(request, _("已复制为第 %(n)s 版草稿。") % {"n": card.number})
        else:
            deny(request, _("不存在的操作。"), card)
    except WorkflowError as exc:
        if exc.code == "permission":
            deny(request, exc.message, card)
        messages.error(request, exc.message)
    return redirect("dashboards:scorecard_detail", card.pk)


@require_http_methods(["GET", "POST"])
def indicator_form(request, pk, indicator_pk=None):
    card = _scorecard(request, pk)
    _configurable(request, card)
    indicator = (
        get_object_or_404(card.indicators.all(), pk=indicator_pk)
        if indicator_pk
        else ScorecardIndicator(scorecard=card, order=card.indicators.count() + 1)
    )
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.rule = form.rule()
        try:
            rules.save_indicator(obj, request.user, request=request)
        except rules.ScorecardError as exc:
            if exc.code == "permission":
                deny(request, exc.message, card)
            form.add_error(None, exc.message)
        else:
            return redirect("dashboards:scorecard_detail", card.pk)
    return render(request, "dashboards/scorecard_indicator_form.html", {"card": card, "form": form})


@require_POST
def indicator_delete(request, pk, indicator_pk):
    card = _scorecard(request, pk)
    _configurable(request, card)
    indicator = get_object_or_404(card.indicators.all(), pk=indicator_pk)
    rules.delete_indicator(indicator, request.user, request=request)
    return redirect("dashboards:scorecard_detail", card.pk)


@require_http_methods(["GET", "POST"])
def entries(request, pk, indicator_pk):
    """The values of one entered indicator, one row per subject, each with its evidence."""
    card = _scorecard(request, pk)
    if not finance_admin_of(card, request.user):
        deny(request, _("只有组织评价的财政绩效管理人员可以填报评价指标。"), card)
    # The scorecard is visible; its indicators are reached only through it.
    indicator = get_object_or_404(
        card.indicators.filter(source=ScorecardIndicator.Source.ENTERED), pk=indicator_pk
    )
    subjects, _ctx = rules.subjects_and_context(card)
    error_key, error_form = None, None
    if request.method == "POST":
        _configurable(request, card)
        key = (int(request.POST.get("region") or 0), int(request.POST.get("department") or 0) or None)
        subject = next((s for s in subjects if s.key == key), None)
        if subject is None:
            deny(request, _("评价对象不在本评价计分表范围内。"), card)
        form = EntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rules.set_entry(
                    indicator,
                    subject,
                    request.user,
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data["evidence"],
                    request=request,
                )
            except rules.ScorecardError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存：%(s)s") % {"s": subject.name})
                return redirect("dashboards:scorecard_entries", card.pk, indicator.pk)
        error_key, error_form = key, form
    existing = {
        (e.subject_region_id, e.department_id): e for e in ScoreEntry.objects.filter(indicator=indicator)
    }
    rows = []
    for s in subjects:
        entry = existing.get(s.key)
        form = (
            error_form
            if s.key == error_key
            else EntryForm(initial={"value": rules.plain(entry.value), "note": entry.note} if entry else None)
        )
        rows.append({"subject": s, "entry": entry, "form": form})
    return render(
        request,
        "dashboards/scorecard_entries.html",
        {
            "card": card,
            "indicator": indicator,
            "rows": rows,
            "editable": card.is_draft,
            "rule_text": rules.describe(indicator),
        },
    )


@require_GET
def entry_evidence(request, pk, entry_pk):
    """The evidence file of an entered value the user may see (another subject's: 404)."""
    card = _scorecard(request, pk)
    entry = get_visible_or_404(ScoreEntry.objects.filter(scorecard=card), request.user, pk=entry_pk)
    if not entry.evidence:
        raise Http404
    name = entry.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(entry.evidence.open("rb"), as_attachment=True, filename=name)


@require_GET
def subject_detail(request, pk, result_pk):
    """One subject's points per indicator, with the value and how it was computed."""
    card = _scorecard(request, pk)
    result = get_visible_or_404(ScoreResult.objects.filter(scorecard=card), request.user, pk=result_pk)
    row = next((r for r in rules.ranking(card, request.user) if r.result.pk == result.pk), None)
    indicators = {i.pk: i for i in card.indicators.all()}
    details = []
    for d in result.details:
        ind = indicators.get(d["indicator"])
        details.append({**d, "rule_text": rules.describe(ind) if ind else ""})
    return render(
        request,
        "dashboards/scorecard_subject.html",
        {
            "card": card,
            "result": result,
            "row": row,
            "details": details,
            "count": ScoreResult.objects.filter(scorecard=card).count(),
            "radar": rules.radar(card, [result]),
        },
    )


def _export(request, pk, fmt):
    """The scorecard, and the headers and rows of its ranking as `request.user` may see it; the
    export is audited."""
    card = _scorecard(request, pk)
    headers, body = rules.ranking_sheet(card, rules.ranking(card, request.user))
    audit.record(
        EventKind.EXPORT,
        request.user,
        card,
        summary=_("导出评价排名：%(s)s") % {"s": card},
        data={"format": fmt},
        request=request,
    )
    return card, headers, body


@require_GET
def export_xlsx(request, pk):
    card, headers, body = _export(request, pk, "xlsx")
    widths = (6, 28, *([12] * (len(headers) - 2)))
    return xlsx_response(f"{card.year}_{card.name}_排名.xlsx", [Sheet(_("排名"), headers, body, widths)])


@require_GET
def export_pdf(request, pk):
    card, headers, body = _export(request, pk, "pdf")
    context = {
        "title": card.name,
        "card": card,
        "headers": headers,
        "body": [[_fmt(v) for v in line] for line in body],
    }
    response = HttpResponse(
        render_pdf("dashboards/scorecard_pdf.html", context), content_type=PDF_CONTENT_TYPE
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''scorecard_{card.pk}.pdf"
    return response


def _fmt(value):
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value
