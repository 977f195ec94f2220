"""Pages of warnings (预警) and their measures, and the recalled-funds list (DESIGN.md §3.3).

Thin views: read the request, check access, call monitoring.measures, render. Every read goes
through visible_to(user): another unit's warning is a 404; a visible warning the user may not act
on is a 403.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organization, Role
from accounts.scoping import scope_of
from monitoring import measures
from monitoring.models import FundAction, Warning
from perfapp.access import deny, require_business_role, require_writer
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError

PAGE_SIZE = 20
FINANCE_ROLES = {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}
RECALLED_ROLES = FINANCE_ROLES | {Role.LEADER, Role.AUDITOR}
AGE_CHOICES = [
    ("", gettext_lazy("全部")),
    ("7", gettext_lazy("超过7天")),
    ("30", gettext_lazy("超过30天")),
    ("90", gettext_lazy("超过90天")),
]


# The numbers that raised a warning (Warning.numbers), labelled for the page.
NUMBER_LABELS = {
    "as_of": (gettext_lazy("数据截至"), "text"),
    "due": (gettext_lazy("报送截止日"), "text"),
    "days_overdue": (gettext_lazy("逾期天数"), "text"),
    "budget": (gettext_lazy("全年预算数（元）"), "money"),
    "annual_budget": (gettext_lazy("全年预算数（元）"), "money"),
    "spent": (gettext_lazy("执行数（元）"), "money"),
    "expected_carryover": (gettext_lazy("预计结转结余（元）"), "money"),
    "execution_rate": (gettext_lazy("预算执行率"), "pct"),
    "time_progress": (gettext_lazy("序时进度"), "pct"),
    "lag": (gettext_lazy("滞后（百分点）"), "num"),
    "tolerance": (gettext_lazy("容忍度（百分点）"), "num"),
    "serious": (gettext_lazy("严重滞后线（百分点）"), "num"),
    "share": (gettext_lazy("沉淀资金预警比例"), "pct"),
    "indicator": (gettext_lazy("绩效指标"), "text"),
    "comparator": (gettext_lazy("比较方式"), "text"),
    "target_value": (gettext_lazy("年度指标值"), "num"),
    "expected_value": (gettext_lazy("预计全年完成值"), "num"),
    "completed_value": (gettext_lazy("截至目前完成值"), "num"),
    "possibility": (gettext_lazy("完成目标可能性"), "possibility"),
}


def labelled_numbers(numbers: dict) -> list[tuple[str, str]]:
    """Warning.numbers as (label, shown value) rows: money with thousands separators, rates with %,
    decimals without trailing zeros; an unknown key is shown as stored."""
    from decimal import Decimal, InvalidOperation

    from monitoring.models import Possibility

    rows = []
    for key, value in (numbers or {}).items():
        label, kind = NUMBER_LABELS.get(key, (key, "text"))
        shown = "" if value is None else str(value)
        if key == "comparator":
            from targets.models import Comparator

            shown = dict(Comparator.choices).get(value, shown)
        elif kind == "possibility":
            shown = dict(Possibility.choices).get(value, shown)
        elif kind in ("money", "pct", "num") and shown:
            try:
                d = Decimal(shown)
            except InvalidOperation:
                pass
            else:
                if kind == "money":
                    shown = f"{d:,.2f}"
                else:
                    shown = format(d.normalize(), "f") + ("%" if kind == "pct" else "")
        rows.append((str(label), shown))
    return rows


class WarningFilterForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("预警等级"), required=False)
    rule = forms.ChoiceField(label=gettext_lazy("预警规则"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False)
    department = forms.ModelChoiceField(
        label=gettext_lazy("主管部门"), queryset=Organization.objects.none(), required=False
    )
    age = forms.ChoiceField(label=gettext_lazy("预警时长"), choices=AGE_CHOICES, required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", _("全部"))]
        self.fields["level"].choices = blank + list(Warning.Level.choices)
        self.fields["rule"].choices = blank + list(Warning.Rule.choices)
        self.fields["status"].choices = [("", _("未处置")), ("all", _("全部"))] + list(Warning.Status.choices)
        self.fields["department"].queryset = (
            departments if departments is not None else Organization.objects.none()
        )
        self.fields["department"].empty_label = _("全部")
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-select form-select-sm"

    def apply(self, qs):
        if not self.is_valid():
            return qs.filter(status__in=measures.OPEN_STATUSES)
        d = self.cleaned_data
        if d.get("level"):
            qs = qs.filter(level=d["level"])
        if d.get("rule"):
            qs = qs.filter(rule=d["rule"])
        status = d.get("status")
        if not status:
            qs = qs.filter(status__in=measures.OPEN_STATUSES)
        elif status != "all":
            qs = qs.filter(status=status)
        if d.get("department"):
            qs = qs.filter(department=d["department"])
        if d.get("age"):
            qs = qs.filter(raised_at__lt=timezone.now() - datetime.timedelta(days=int(d["age"])))
        return qs


class ResolveForm(forms.Form):
    measure = forms.ChoiceField(
        label=gettext_lazy("处置措施"),
        choices=Warning.Measure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择处置措施。")},
    )
    amount = forms.DecimalField(
        label=gettext_lazy("收回金额（元）"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    note = forms.CharField(
        label=gettext_lazy("处置说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        d = super().clean()
        if d.get("measure") == Warning.Measure.RECALL and not d.get("amount"):
            self.add_error("amount", _("请填写收回金额（大于0）。"))
        if d.get("measure") == Warning.Measure.ADJUST_TARGET and not (d.get("note") or "").strip():
            self.add_error("note", _("请说明调整原因。"))
        return d


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("单位说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@require_http_methods(["GET"])
def warning_list(request):
    require_business_role(request)
    visible = Warning.objects.visible_to(request.user)
    departments = Organization.objects.filter(
        kind=Organization.Kind.DEPARTMENT, pk__in=visible.values("department_id")
    ).order_by("code")
    data = request.GET.copy()
    data.pop("page", None)
    form = WarningFilterForm(data, departments=departments)
    qs = form.apply(visible.for_list()).order_by("-raised_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    roles = scope_of(request.user).roles
    return render(
        request,
        "monitoring/warnings/warning_list.html",
        {
            "form": form,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
            "can_see_recalled": bool(roles & RECALLED_ROLES),
        },
    )


def _detail(request, warning, *, resolve_form=None, ack_form=None, status=200):
    user = request.user
    return render(
        request,
        "monitoring/warnings/warning_detail.html",
        {
            "warning": warning,
            "numbers": labelled_numbers(warning.numbers),
            "fund_actions": list(warning.fund_actions.select_related("created_by", "lifted_by")),
            "can_acknowledge": measures.can_acknowledge(warning, user),
            "can_resolve": measures.can_resolve(warning, user),
            "can_lift": measures.is_finance_of(warning, user),
            "resolve_form": resolve_form or ResolveForm(),
            "ack_form": ack_form or AcknowledgeForm(),
        },
        status=status,
    )


def _get(request, pk):
    return get_visible_or_404(
        Warning.objects.select_related(
            "project",
            "unit",
            "department",
            "report__round",
            "indicator",
            "target",
            "acknowledged_by",
            "resolved_by",
        ),
        request.user,
        pk=pk,
    )


@require_http_methods(["GET"])
def warning_detail(request, pk):
    require_business_role(request)
    return _detail(request, _get(request, pk))


@require_POST
def warning_acknowledge(request, pk):
    require_writer(request)
    warning = _get(request, pk)
    form = AcknowledgeForm(request.POST)
    if not measures.can_acknowledge(warning, request.user):
        deny(request, _("只有责任单位可以确认待确认的预警。"), warning)
    if form.is_valid():
        try:
            measures.acknowledge(warning, request.user, form.cleaned_data["note"], request=request)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已确认预警。"))
            return redirect("monitoring:warning_detail", pk=warning.pk)
    return _detail(request, warning, ack_form=form, status=400)


@require_POST
def warning_resolve(request, pk):
    require_writer(request)
    warning = _get(request, pk)
    if not measures.can_resolve(warning, request.user):
        deny(request, _("只有财政部门可以处置未处置的预警。"), warning)
    form = ResolveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            measures.resolve(
                warning, request.user, d["measure"], d["note"], amount=d.get("amount"), request=request
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("预警已处置。"))
            return redirect("monitoring:warning_detail", pk=warning.pk)
    return _detail(request, warning, resolve_form=form, status=400)


@require_POST
def fund_action_lift(request, pk):
    require_writer(request)
    action = get_visible_or_404(FundAction.objects.select_related("project"), request.user, pk=pk)
    if not measures.is_finance_of(action, request.user):
        deny(request, _("只有财政部门可以解除暂缓拨款。"), action)
    try:
        measures.lift_suspension(action, request.user, request=request)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已解除暂缓拨款。"))
    if action.warning_id:
        return redirect("monitoring:warning_detail", pk=action.warning_id)
    return redirect("monitoring:warning_list")


@require_http_methods(["GET"])
def recalled_funds(request):
    require_business_role(request)
    if not scope_of(request.user).roles & RECALLED_ROLES:
        deny(request, _("收回资金清单仅供财政部门查看。"))
    page = Paginator(measures.recalled_funds(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/warnings/recalled_funds.html",
        {
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
        },
    )
