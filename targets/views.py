"""Pages of performance targets (绩效目标): list, declaration, detail with reviews, the reviewers'
queues, version comparison and the indicator library.

Views are thin: they read the request, check access, call the rules (targets.validation,
targets.hints, targets.review, perfapp.workflow) and render. Every read goes through
visible_to(user): another unit's target is a 404; a visible target the user may not change is a 403.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    TextField,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.scoping import scope_of
from budgets.library import officer_unit
from budgets.models import Policy, Project
from perfapp import audit
from perfapp.access import deny, is_read_only, require_business_role, require_writer
from perfapp.models import EventKind, TransitionLog
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import StaleObject, WorkflowError, available_transitions, history_of, perform, save_edit
from targets.filters import QueueFilter, TargetFilter, TemplateFilter
from targets.forms import (
    AdjustmentForm,
    DepartmentReviewForm,
    FinanceReviewForm,
    IndicatorFormSet,
    RejectForm,
    TargetForm,
    TemplateForm,
    declarable_projects,
    fiscal_years_for,
    framework_of,
)
from targets.hints import QUANTITY_LEVEL2, hints_for
from targets.models import (
    Indicator,
    IndicatorTemplate,
    Level1,
    Target,
    can_edit_target,
    declaring_department,
    default_amount,
    is_declarer,
)
from targets.review import (
    INDICATOR_FIELDS,
    TARGET_FIELDS,
    Opinions,
    approve_many,
    diff,
    review_by_department,
    review_by_finance,
    start_adjustment,
    versions_of,
)
from targets.validation import indicator_errors

PAGE_SIZE = 20
#: The order of the level-1 groups on the library page (as on the official forms).
LEVEL1_ORDER = (Level1.OUTPUT, Level1.COST, Level1.OUTCOME, Level1.SATISFACTION)
QUEUE_PAGE_SIZE = 50
PREFIX = "ind"

#: Button labels of the target transitions (machine name → Chinese label).
TRANSITION_LABELS = {
    "submit": _("申报"),
    "submit_fixes": _("完善后报送财政"),
    "dept_approve": _("初审通过"),
    "dept_return": _("初审退回"),
    "approve": _("审核通过"),
    "require_fixes": _("按意见完善"),
    "finance_return": _("财政退回"),
    "block": _("审核未通过"),
    "publish": _("公开"),
}
#: Transitions run directly from the detail page (the reviews go through their own forms).
DIRECT_TRANSITIONS = ("submit", "submit_fixes", "publish")
FINANCE_ROLES = {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}


def transition_label(name: str) -> str:
    label = TRANSITION_LABELS.get(name)
    return str(label) if label else name


# --- hints for many targets without per-row queries ----------------------------------------------


def _share_fiscal_years(targets):
    """One FiscalYear instance per year, so its Policy is read once for all rows (or not at all
    when the rows carry it, see with_policy)."""
    years = {}
    for t in targets:
        t.fiscal_year = years.setdefault(t.fiscal_year_id, t.fiscal_year)
        data = getattr(t, "policy_data", None)
        if data is not None and "policy_row" not in t.fiscal_year.__dict__:
            t.fiscal_year.policy_row = Policy(
                pk=t.policy_pk, fiscal_year=t.fiscal_year, version=t.policy_version, data=json.loads(data)
            )


def with_policy(queryset):
    """Targets with their year's Policy in force (the latest version, as FiscalYear.policy_row
    reads it) in the same query: hints_for reads the thresholds and word lists from it. The rules
    come as text, decoded once per year (_share_fiscal_years), not once per row."""
    latest = Policy.objects.filter(fiscal_year=OuterRef("fiscal_year_id")).order_by("-version")
    return queryset.annotate(
        policy_pk=Subquery(latest.values("pk")[:1]),
        policy_version=Subquery(latest.values("version")[:1]),
        policy_data=Subquery(
            latest.annotate(text=Cast("data", TextField())).values("text")[:1], output_field=TextField()
        ),
    )


class _Counted:
    """The rows of one page standing for the whole filtered list, for Paginator: its length is
    the total counted with the page (COUNT(*) OVER ()), its slices are the page's rows."""

    def __init__(self, rows, total, offset):
        self.rows, self.total, self.offset = rows, total, offset

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        start = (key.start or 0) - self.offset
        return self.rows[max(start, 0) : max(start, 0) + (key.stop - key.start)]


def sql_page(queryset, number, size):
    """One page of `queryset` paged in SQL (LIMIT/OFFSET) with the total counted in the same
    query; an out-of-range page number shows the last page (as Paginator.get_page does)."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(total_rows=Window(Count("pk")))
    offset = (number - 1) * size
    rows = list(counted[offset : offset + size])
    if rows:
        total = rows[0].total_rows
    else:
        total = queryset.count() if number > 1 else 0
        if total:
            number = (total + size - 1) // size
            offset = (number - 1) * size
            rows = list(counted[offset : offset + size])
    return Paginator(_Counted(rows, total, offset), size).get_page(number), rows


def _comparables(targets) -> dict:
    """Unit costs of comparable targets (same category, year and region), in one query.

    Read as plain (category, year, amount, quantity) tuples of the output-quantity indicators,
    first per target as targets.hints.unit_cost takes it, not as model instances with their
    indicators: at city scale the comparable targets number thousands (make bench: 2.7 s of a
    2.7 s review queue before; README, Benchmarks)."""
    if not targets:
        return {}
    # Filtered through the join with NOT EXISTS for "current" (an index probe per comparable
    # target), not `target__in=Target.objects.current()…`: that IN-subquery hash-joins a Seq Scan
    # of every target (make bench, review queue).
    superseded = Target.objects.filter(previous_id=OuterRef("target_id"))
    rows = (
        Indicator.objects.filter(
            target__kind=Target.Kind.PROJECT,
            target__category__in={t.category for t in targets},
            target__year__in={t.year for t in targets},
            target__region_id__in={t.region_id for t in targets},
            level1=Level1.OUTPUT,
            level2=QUANTITY_LEVEL2,
            target_value__isnull=False,
        )
        .exclude(target__status=Target.Status.BLOCKED)
        .exclude(target_value=0)
        .filter(~Exists(superseded))
        .order_by("target_id", "order", "id")
        .values_list("target_id", "target__category", "target__year", "target__amount", "target_value")
    )
    if connection.features.can_distinct_on_fields:
        rows = rows.distinct("target_id")  # PostgreSQL: only the first per target is sent
    out: dict[tuple[str, int], list[Decimal]] = {}
    last = None
    for target_id, category, year, amount, quantity in rows:
        if target_id == last:
            continue
        last = target_id
        if amount:
            out.setdefault((category, year), []).append(amount / quantity)
    # Sorted once here: hints_for takes the median for each row, and sorting a sorted list is linear.
    return {key: sorted(costs) for key, costs in out.items()}


def hints_by_target(targets) -> dict[int, list]:
    """{target pk: [Hint]} for targets whose indicators are prefetched."""
    _share_fiscal_years(targets)
    costs = _comparables(targets)
    return {t.pk: hints_for(t, list(t.indicators.all()), costs.get((t.category, t.year))) for t in targets}


def _filter_by_hints(targets, hints, bounds):
    low, high = bounds
    return [
        t
        for t in targets
        if (low is None or len(hints[t.pk]) >= low) and (high is None or len(hints[t.pk]) <= high)
    ]


# --- list ---------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def target_list(request):
    require_business_role(request)
    data = request.GET.copy()
    data.pop("page", None)
    base = (
        Target.objects.visible_to(request.user)
        .current()
        .for_list()
        .select_related("fiscal_year")
        # By the table's own columns (grouped by department, then unit), read in the order of the
        # index targets_target_list_order: ordering by the joined codes sorted every visible target.
        .order_by("-year", "department_id", "unit_id", "pk")
    )
    filterset = TargetFilter(data, queryset=base, request=request)
    bounds = filterset.hint_bounds()
    if bounds != (None, None):
        # The hint filter needs every filtered row's hints (computed, prefetched, no per-row query).
        targets = list(filterset.qs.prefetch_related("indicators"))
        hints = hints_by_target(targets)
        page = Paginator(_filter_by_hints(targets, hints, bounds), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = list(page.object_list)
    else:
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        prefetch_related_objects(rows, "indicators")
        hints = hints_by_target(rows)
    roles = scope_of(request.user).roles
    return render(
        request,
        "targets/target_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": [{"target": t, "hints": hints[t.pk]} for t in rows],
            "can_declare_project": officer_unit(request.user) is not None,
            "can_declare_department": declaring_department(request.user) is not None,
            "queues": _queue_tabs(roles),
        },
    )


def _queue_tabs(roles):
    tabs = []
    if Role.DEPT_OFFICER in roles:
        tabs.append((reverse("targets:dept_queue"), _("待部门初审")))
    if roles & FINANCE_ROLES:
        tabs.append((reverse("targets:review_queue"), _("待财政审核")))
    return tabs


# --- declaration and edit -----------------------------------------------------------------------


def _chosen_year(request, years):
    """The fiscal year the form is for: the one posted or asked for, else the current one."""
    raw = request.POST.get("fiscal_year") or request.GET.get("fiscal_year")
    years = list(years)
    if raw and raw.isdigit():
        for fy in years:
            if fy.pk == int(raw):
                return fy
    year = request.GET.get("year")
    for fy in years:
        if year and str(fy.year) == year:
            return fy
    return next((fy for fy in years if fy.is_current), years[0] if years else None)


def _blank_rows(framework):
    """A new target starts with one row per level-1 group of the year's framework."""
    return [{"level1": key, "level2": names[0]} for key, names in framework.items()]


def _indicator_initial(target):
    return [
        {
            "template": i.template_id,
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "comparator": i.comparator,
            "target_value": i.target_value,
            "qualitative_value": i.qualitative_value,
            "unit": i.unit,
            "weight": i.weight,
            "last_year_actual": i.last_year_actual,
            "data_source": i.data_source,
        }
        for i in target.indicators.all()
    ]


def _with_extra_row(post, framework, template=None):
    """The posted data with one more indicator row (blank, or filled from a library template)."""
    data = post.copy()
    total = int(data.get(f"{PREFIX}-TOTAL_FORMS") or 0)
    data[f"{PREFIX}-TOTAL_FORMS"] = str(total + 1)
    first = next(iter(framework))
    row = {"level1": first, "level2": framework[first][0], "comparator": "gte"}
    if template is not None:
        row = {
            "template": str(template.pk),
            "level1": template.level1,
            "level2": template.level2,
            "name": template.name,
            "unit": template.unit,
            "comparator": template.comparator,
            "data_source": template.data_source,
        }
    for key, value in row.items():
        data[f"{PREFIX}-{total}-{key}"] = value
    return data


def _rows_to_save(formset):
    """[(form, unsaved Indicator)] for the rows kept: not deleted, not left blank."""
    kept = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.is_blank():
            continue
        data = form.cleaned_data
        kept.append(
            (
                form,
                Indicator(
                    template_id=data.get("template") or None,
                    level1=data["level1"],
                    level2=data["level2"],
                    name=(data.get("name") or "").strip(),
                    comparator=data["comparator"],
                    target_value=data.get("target_value"),
                    qualitative_value=data.get("qualitative_value") or "",
                    unit=(data.get("unit") or "").strip(),
                    weight=data.get("weight"),
                    last_year_actual=data.get("last_year_actual"),
                    data_source=(data.get("data_source") or "").strip(),
                ),
            )
        )
    return kept


def _place_errors(formset, kept, policy) -> bool:
    """Run targets.validation on the kept rows and put each error next to its row's field."""
    errors = indicator_errors([ind for _form, ind in kept], policy)
    general = []
    for e in errors:
        if e.indicator_index is None:
            general.append(e.message)
        else:
            form = kept[e.indicator_index][0]
            field = e.field if e.field in form.fields else None
            form.add_error(field, e.message)
    formset.general_errors = general
    return not errors


def _save_indicators(target, kept):
    target.indicators.all().delete()
    valid_templates = set(
        IndicatorTemplate.objects.filter(
            pk__in=[i.template_id for _f, i in kept if i.template_id]
        ).values_list("pk", flat=True)
    )
    rows = []
    for n, (_form, ind) in enumerate(kept):
        ind.target = target
        ind.order = n
        if ind.template_id not in valid_templates:
            ind.template_id = None
        rows.append(ind)
    Indicator.objects.bulk_create(rows)


def _declaration(request, *, target=None, kind=Target.Kind.PROJECT, unit=None):
    """Create (target None) or edit a target with its indicators; one page for both."""
    creating = target is None
    if creating:
        years = fiscal_years_for(request.user, unit.region)
        fy = _chosen_year(request, years)
        if fy is None:
            deny(request, _("本地区尚未设置预算年度，暂不能申报绩效目标。"))
        instance = Target(kind=kind, unit=unit, fiscal_year=fy, year=fy.year, created_by=request.user)
        projects = declarable_projects(unit) if kind == Target.Kind.PROJECT else None
    else:
        years, fy, instance, projects = None, target.fiscal_year, target, None
    framework = framework_of(fy)
    policy = fy.policy
    action = request.POST.get("action", "save") if request.method == "POST" else None
    status = 200
    show_errors = False
    post = request.POST
    if action == "add_row":
        post = _with_extra_row(request.POST, framework)
    elif action and action.startswith("add_template:"):
        raw = action.removeprefix("add_template:")
        template = IndicatorTemplate.objects.usable().filter(pk=int(raw) if raw.isdigit() else 0).first()
        post = _with_extra_row(request.POST, framework, template)
        if template is None:
            messages.warning(request, _("所选指标不在指标库中。"))

    initial = {}
    if creating and request.method == "GET":
        project = None
        raw = request.GET.get("project", "")
        if projects is not None and raw.isdigit():
            project = projects.filter(pk=int(raw)).first()
        initial = {"fiscal_year": fy.pk, "project": project.pk if project else None}
        if project is not None:
            initial["amount"] = default_amount(project, fy.year)
    form = TargetForm(
        post if request.method == "POST" else None,
        instance=instance,
        projects=projects,
        years=years,
        initial=initial,
    )
    if request.method == "POST":
        formset = IndicatorFormSet(post, prefix=PREFIX, form_kwargs={"framework": framework})
    else:
        rows = _blank_rows(framework) if creating else _indicator_initial(target)
        formset = IndicatorFormSet(initial=rows, prefix=PREFIX, form_kwargs={"framework": framework})
    formset.general_errors = []

    if action == "save":
        show_errors = True
        status = 400
        form_ok = form.is_valid()
        sets_ok = formset.is_valid()
        kept = _rows_to_save(formset) if sets_ok else []
        rows_ok = sets_ok and _place_errors(formset, kept, policy)
        duplicate = _duplicate_target(form, instance, creating) if form_ok else None
        if duplicate:
            form.add_error(None, duplicate)
            form_ok = False
        if form_ok and rows_ok:
            try:
                saved = _save_target(request, form, kept, creating)
            except StaleObject as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("绩效目标已保存，核对无误后可提交申报。"))
                return redirect("targets:target_detail", pk=saved.pk)
    return render(
        request,
        "targets/target_form.html",
        {
            "form": form,
            "formset": formset,
            "target": target,
            "kind": kind if creating else target.kind,
            "unit": unit if creating else target.unit,
            "fiscal_year": fy,
            "framework": {str(Level1(k).label): list(v) for k, v in framework.items()},
            "show_errors": show_errors,
            "library_levels": [(k, Level1(k).label) for k in framework],
        },
        status=status,
    )


def _duplicate_target(form, instance, creating):
    """One current target per project-year, and one overall target per department-year."""
    if not creating:
        return None
    fy = form.cleaned_data.get("fiscal_year") or instance.fiscal_year
    qs = Target.objects.current().filter(year=fy.year)
    if instance.kind == Target.Kind.PROJECT:
        project = form.cleaned_data.get("project")
        if project and qs.filter(project=project).exists():
            return _("该项目 %(y)s 年度已有绩效目标，请在原目标上修改。") % {"y": fy.year}
    elif qs.filter(kind=Target.Kind.DEPARTMENT, unit=instance.unit).exists():
        return _("本部门 %(y)s 年度已有部门整体支出绩效目标。") % {"y": fy.year}
    return None


def _save_target(request, form, kept, creating):
    """Save the header and replace the indicators in one transaction; an edit checks the version
    first (perfapp.workflow.save_edit), so a stale form changes nothing."""
    with transaction.atomic():
        target = form.instance
        if creating:
            fy = form.cleaned_data["fiscal_year"]
            target.fiscal_year, target.year = fy, fy.year
            project = form.cleaned_data.get("project")
            if project is not None:
                target.project = project
                target.category = project.category
                target.name = _("%(p)s %(y)s年度绩效目标") % {"p": project.name, "y": fy.year}
            else:
                target.name = _("%(d)s %(y)s年度部门整体支出绩效目标") % {"d": target.unit.name, "y": fy.year}
            target.save()
            audit.record(
                EventKind.CREATED,
                request.user,
                target,
                summary=_("新建绩效目标 %(t)s") % {"t": target},
                request=request,
            )
        else:
            save_edit(target, form.cleaned_data["seen_version"], request.user, request=request)
        _save_indicators(target, kept)
    return target


@require_http_methods(["GET", "POST"])
def target_create(request):
    """单位申报项目支出绩效目标 [004 第十九条 谁申请资金，谁设定目标]."""
    require_business_role(request)
    unit = officer_unit(request.user)
    if unit is None:
        deny(request, _("只有预算单位经办人可以申报本单位项目的绩效目标。"))
    return _declaration(request, kind=Target.Kind.PROJECT, unit=unit)


@require_http_methods(["GET", "POST"])
def target_create_department(request):
    """主管部门申报部门整体支出绩效目标."""
    require_business_role(request)
    department = declaring_department(request.user)
    if department is None:
        deny(request, _("只有主管部门经办人可以申报本部门整体支出绩效目标。"))
    return _declaration(request, kind=Target.Kind.DEPARTMENT, unit=department)


@require_http_methods(["GET", "POST"])
def target_edit(request, pk):
    require_business_role(request)
    target = _target(request, pk)
    ok, reason = can_edit_target(request.user, target)
    if not ok:
        deny(request, reason, target)
    return _declaration(request, target=target)


# --- detail and actions -------------------------------------------------------------------------


def _target(request, pk):
    qs = Target.objects.select_related("project", "unit", "department", "fiscal_year__region", "created_by")
    return get_visible_or_404(qs, request.user, pk=pk)


def _status_label(value):
    try:
        return Target.Status(value).label
    except ValueError:
        return value


def _review_rounds(target):
    """Reviews grouped by round, rounds side by side for 两上两下 [000 #14]."""
    rounds: dict[int, list] = {}
    for r in target.reviews.select_related("reviewer").order_by("created_at", "id"):
        rounds.setdefault(r.review_round, []).append(r)
    return [{"round": n, "reviews": rounds[n]} for n in sorted(rounds)]


def _detail_context(request, target, *, error=None, dept_form=None, finance_form=None, adjust_form=None):
    indicators = list(target.indicators.all())
    hints = hints_for(target, indicators, _comparables([target]).get((target.category, target.year)))
    by_indicator: dict[int, list] = {}
    for h in hints:
        by_indicator.setdefault(h.indicator_id, []).append(h)
    names = {t.name for t in available_transitions(target, request.user)}
    read_only = is_read_only(request.user)
    policy = target.fiscal_year.policy
    versions = versions_of(target)
    has_next = versions[-1].pk != target.pk
    rounds_allowed = policy.targets.special_fund_rounds
    return {
        "target": target,
        "rows": [{"ind": i, "hints": by_indicator.get(i.pk, [])} for i in indicators],
        "target_hints": by_indicator.get(None, []),
        "hint_count": len(hints),
        "rounds": _review_rounds(target),
        "actions": []
        if read_only
        else [{"name": n, "label": transition_label(n)} for n in DIRECT_TRANSITIONS if n in names],
        "can_dept_review": not read_only and "dept_approve" in names,
        "can_finance_review": not read_only and "approve" in names,
        "dept_form": dept_form or DepartmentReviewForm(initial={"version": target.version}),
        "finance_form": finance_form or FinanceReviewForm(initial={"version": target.version}, policy=policy),
        "first_round": target.is_special_fund and target.review_round < rounds_allowed,
        "adjust_form": adjust_form or AdjustmentForm(),
        "can_edit": can_edit_target(request.user, target)[0],
        "can_adjust": not read_only
        and target.is_frozen
        and not has_next
        and is_declarer(request.user, target),
        "transitions": [
            {
                "log": log,
                "label": transition_label(log.transition),
                "source": _status_label(log.source),
                "target": _status_label(log.target),
            }
            for log in history_of(target).order_by("-at", "-id")
        ],
        "versions": versions,
        "error": error,
    }


@require_http_methods(["GET"])
def target_detail(request, pk):
    require_business_role(request)
    target = _target(request, pk)
    return render(request, "targets/target_detail.html", _detail_context(request, target))


def _refused(request, target, exc, **forms):
    status = {"stale": 409, "permission": 403}.get(exc.code, 400)
    if exc.code == "permission":
        audit.record(EventKind.ACCESS_DENIED, request.user, target, summary=exc.message, request=request)
    target.refresh_from_db()
    context = _detail_context(request, target, error=exc.message, **forms)
    return render(request, "targets/target_detail.html", context, status=status)


@require_POST
def target_transition(request, pk, name):
    """申报 / 完善后报送 / 公开 through perfapp.workflow.perform (locks, checks version, audits)."""
    if name not in DIRECT_TRANSITIONS:
        raise Http404
    require_business_role(request)
    target = _target(request, pk)
    require_writer(request, _("只读角色不能办理绩效目标流程。"))
    try:
        perform(
            target,
            name,
            request.user,
            comment=request.POST.get("comment", "").strip(),
            seen_version=request.POST.get("version") or None,
            request=request,
        )
    except WorkflowError as exc:
        return _refused(request, target, exc)
    messages.success(request, _("已办理“%(a)s”：%(t)s") % {"a": transition_label(name), "t": target.name})
    return redirect("targets:target_detail", pk=target.pk)


def _opinions(form) -> Opinions:
    d = form.cleaned_data
    return Opinions(
        d.get("completeness", ""),
        d.get("relevance", ""),
        d.get("appropriateness", ""),
        d.get("feasibility", ""),
    )


@require_POST
def target_dept_review(request, pk):
    """主管部门初审 [004 第二十条]: approve to finance or return, with the four opinions."""
    require_business_role(request)
    target = _target(request, pk)
    require_writer(request, _("只读角色不能审核绩效目标。"))
    form = DepartmentReviewForm(request.POST)
    if not form.is_valid():
        target.refresh_from_db()
        ctx = _detail_context(request, target, error=_("请完成初审意见。"), dept_form=form)
        return render(request, "targets/target_detail.html", ctx, status=400)
    approved = form.cleaned_data["decision"] == "approve"
    try:
        review_by_department(
            target,
            request.user,
            approved=approved,
            opinions=_opinions(form),
            comment=form.cleaned_data["comment"].strip(),
            seen_version=form.cleaned_data["version"],
            request=request,
        )
    except WorkflowError as exc:
        return _refused(request, target, exc, dept_form=form)
    messages.success(
        request,
        (_("初审通过，已报财政审核：%(t)s") if approved else _("已退回单位修改：%(t)s")) % {"t": target.name},
    )
    return redirect("targets:target_detail", pk=target.pk)


@require_POST
def target_finance_review(request, pk):
    """财政审核 with a grade; its consequence follows 财预〔2015〕88号 (targets.review)."""
    require_business_role(request)
    target = _target(request, pk)
    require_writer(request, _("只读角色不能审核绩效目标。"))
    form = FinanceReviewForm(request.POST, policy=target.fiscal_year.policy)
    if not form.is_valid():
        target.refresh_from_db()
        ctx = _detail_context(request, target, error=_("请选择审核等级并填写意见。"), finance_form=form)
        return render(request, "targets/target_detail.html", ctx, status=400)
    try:
        done = review_by_finance(
            target,
            request.user,
            grade=form.cleaned_data["grade"],
            opinions=_opinions(form),
            comment=form.cleaned_data["comment"].strip(),
            seen_version=form.cleaned_data["version"],
            request=request,
        )
    except WorkflowError as exc:
        return _refused(request, target, exc, finance_form=form)
    messages.success(
        request,
        _("已评为“%(g)s”，%(t)s：%(s)s")
        % {"g": form.cleaned_data["grade"], "t": target.name, "s": done.get_status_display()},
    )
    return redirect("targets:target_detail", pk=target.pk)


@require_POST
def target_adjust(request, pk):
    """调整 an approved target [004 第二十四条]: a new draft version through the same review."""
    require_business_role(request)
    target = _target(request, pk)
    require_writer(request, _("只读角色不能调整绩效目标。"))
    if not is_declarer(request.user, target):
        deny(request, _("只有填报单位的经办人可以调整绩效目标。"), target)
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        target.refresh_from_db()
        ctx = _detail_context(request, target, error=_("请说明调整原因。"), adjust_form=form)
        return render(request, "targets/target_detail.html", ctx, status=400)
    try:
        new = start_adjustment(target, request.user, reason=form.cleaned_data["reason"])
    except WorkflowError as exc:
        return _refused(request, target, exc, adjust_form=form)
    audit.record(
        EventKind.CREATED,
        request.user,
        new,
        summary=_("调整绩效目标 %(t)s（第 %(n)s 次调整）") % {"t": new, "n": new.adjustment_no},
        data={"previous": target.pk, "reason": new.adjustment_reason},
        request=request,
    )
    messages.success(request, _("已生成调整版本，请修改后重新申报；原批复目标在新版本批复前继续有效。"))
    return redirect("targets:target_edit", pk=new.pk)


# --- version comparison -------------------------------------------------------------------------


def _shown(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if hasattr(value, "normalize"):
        return f"{value:,.2f}"
    return str(value)


@require_http_methods(["GET"])
def target_compare(request, pk):
    """Any two versions side by side, the changed fields highlighted (targets.review.diff)."""
    require_business_role(request)
    target = _target(request, pk)
    versions = versions_of(target)
    by_pk = {v.pk: v for v in versions}
    default_old = versions[-2].pk if len(versions) > 1 else versions[0].pk
    try:
        old = by_pk[int(request.GET.get("a") or default_old)]
        new = by_pk[int(request.GET.get("b") or versions[-1].pk)]
    except (KeyError, ValueError):
        raise Http404
    changes = diff(old, new)
    header = []
    for f in TARGET_FIELDS:
        field = Target._meta.get_field(f)
        a, b = getattr(old, f), getattr(new, f)
        if field.choices:
            a, b = dict(field.choices).get(a, a), dict(field.choices).get(b, b)
        header.append({"label": field.verbose_name, "old": _shown(a), "new": _shown(b), "changed": a != b})
    olds = {(i.level1, i.name): i for i in old.indicators.all()}
    news = {(i.level1, i.name): i for i in new.indicators.all()}
    keys = list(olds) + [k for k in news if k not in olds]
    grid = []
    for key in keys:
        a, b = olds.get(key), news.get(key)
        changed = {
            f for f in INDICATOR_FIELDS if a is not None and b is not None and getattr(a, f) != getattr(b, f)
        }
        grid.append(
            {
                "level1": Level1(key[0]).label,
                "name": key[1],
                "old": a,
                "new": b,
                "changed": changed,
                "state": "removed" if b is None else "added" if a is None else "",
            }
        )
    return render(
        request,
        "targets/target_compare.html",
        {
            "target": target,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
            "header": header,
            "grid": grid,
        },
    )


# --- review queues ------------------------------------------------------------------------------


def _queue(request, *, status, title, url_name, roles, bulk):
    require_business_role(request)
    if not scope_of(request.user).roles & roles:
        deny(request, _("您的角色没有此审核队列。"))
    logs = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Target), object_id=OuterRef("pk"), target=status
    ).order_by("-at")
    base = (
        Target.objects.visible_to(request.user)
        .current()
        .filter(status=status)
        .for_list()
        .select_related("fiscal_year")
        .annotate(waiting_since=Coalesce(Subquery(logs.values("at")[:1]), "updated_at"))
        .order_by("waiting_since", "pk")
    )
    data = request.GET.copy()
    data.pop("page", None)
    filterset = QueueFilter(data, queryset=base, request=request)
    bounds = filterset.hint_bounds()
    if bounds != (None, None):
        # The hint filter needs every filtered row's hints (computed, prefetched, no per-row query).
        targets = list(with_policy(filterset.qs).prefetch_related("indicators"))
        hints = hints_by_target(targets)
        page = Paginator(_filter_by_hints(targets, hints, bounds), QUEUE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        targets = list(page.object_list)
    else:
        # Paged in SQL; the hints are computed for the page's rows only.
        page, targets = sql_page(with_policy(filterset.qs), request.GET.get("page"), QUEUE_PAGE_SIZE)
        prefetch_related_objects(targets, "indicators")
        hints = hints_by_target(targets)
    now = timezone.now()
    rows = [{"target": t, "hints": hints[t.pk], "age": (now - t.waiting_since).days} for t in targets]
    return render(
        request,
        "targets/review_queue.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": rows,
            "title": title,
            "url_name": url_name,
            "bulk": bulk and not is_read_only(request.user),
            "query": data.urlencode(),
            "queues": _queue_tabs(scope_of(request.user).roles),
        },
    )


@require_http_methods(["GET"])
def review_queue(request):
    """财政审核队列: targets waiting for the finance division that manages their department."""
    return _queue(
        request,
        status=Target.Status.DEPT_APPROVED,
        title=_("待财政审核的绩效目标"),
        url_name="targets:review_queue",
        roles=FINANCE_ROLES,
        bulk=True,
    )


@require_http_methods(["GET"])
def dept_queue(request):
    """主管部门初审队列."""
    return _queue(
        request,
        status=Target.Status.SUBMITTED,
        title=_("待部门初审的绩效目标"),
        url_name="targets:dept_queue",
        roles={Role.DEPT_OFFICER},
        bulk=False,
    )


@require_POST
def bulk_approve(request):
    """批量审核通过（优）: each target in its own transaction; the result of each is shown."""
    require_business_role(request)
    if not scope_of(request.user).roles & FINANCE_ROLES:
        deny(request, _("只有财政审核人员可以批量审核。"))
    back = reverse("targets:review_queue") + (
        f"?{request.POST['query']}" if request.POST.get("query") else ""
    )
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    if not ids:
        messages.warning(request, _("请先勾选要审核通过的绩效目标。"))
        return redirect(back)
    targets = list(
        Target.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("project", "fiscal_year")
        .order_by("pk")
    )
    if len(targets) != len(set(ids)):
        messages.error(request, _("部分所选目标不存在或无权查看，已忽略。"))
    results = approve_many(
        targets, request.user, comment=request.POST.get("comment", "").strip(), request=request
    )
    done = [r for r in results if r.ok]
    if done:
        messages.success(
            request,
            _("已审核通过（优）%(n)s 个：%(names)s")
            % {"n": len(done), "names": "、".join(r.target.name for r in done)},
        )
    for r in results:
        if not r.ok:
            messages.error(request, _("“%(t)s”未通过：%(m)s") % {"t": r.target.name, "m": r.message})
    return redirect(back)


# --- indicator library --------------------------------------------------------------------------


def _is_finance_admin(user) -> bool:
    return Role.FINANCE_ADMIN in scope_of(user).roles


def _library_qs(user):
    """Everyone sees the confirmed library; finance admins see every entry; a department also
    sees its own proposals (pending or rejected)."""
    qs = IndicatorTemplate.objects.select_related("proposed_by")
    if _is_finance_admin(user):
        return qs
    department = declaring_department(user)
    q = Q(status=IndicatorTemplate.Status.CONFIRMED)
    if department is not None:
        q |= Q(proposed_by=department)
    return qs.filter(q)


@require_http_methods(["GET"])
def library(request):
    require_business_role(request)
    data = request.GET.copy()
    data.pop("page", None)
    order = Case(*[When(level1=key, then=n) for n, key in enumerate(LEVEL1_ORDER)], default=len(LEVEL1_ORDER))
    qs = _library_qs(request.user).order_by(order, "level2", "name")
    filterset = TemplateFilter(data, queryset=qs)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = (
        IndicatorTemplate.objects.filter(status=IndicatorTemplate.Status.PROPOSED).count()
        if _is_finance_admin(request.user)
        else 0
    )
    return render(
        request,
        "targets/library.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "is_finance_admin": _is_finance_admin(request.user),
            "can_propose": declaring_department(request.user) is not None,
            "pending": pending,
            "reject_form": RejectForm(),
            "category_labels": dict(Project._meta.get_field("category").choices),
        },
    )


@require_http_methods(["GET"])
def library_search(request):
    """The declaration page's library panel (htmx): usable templates by text, category and level."""
    require_business_role(request)
    templates = IndicatorTemplate.objects.search(
        request.GET.get("lib_q", "").strip(),
        request.GET.get("lib_category", ""),
        request.GET.get("lib_level1", ""),
    )[:20]
    return render(request, "targets/partials/library_results.html", {"templates": templates})


@require_http_methods(["GET", "POST"])
def template_create(request):
    """Finance adds to the common library; a department proposes an addition (待确认)."""
    require_business_role(request)
    department = declaring_department(request.user)
    finance = _is_finance_admin(request.user)
    if not finance and department is None:
        deny(request, _("只有财政绩效管理员或主管部门经办人可以新增指标。"))
    instance = IndicatorTemplate(
        status=IndicatorTemplate.Status.CONFIRMED if finance else IndicatorTemplate.Status.PROPOSED,
        proposed_by=None if finance else department,
    )
    form = TemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            template = form.save()
            audit.record(
                EventKind.CREATED,
                request.user,
                template,
                summary=(_("新增指标库指标 %(t)s") if finance else _("提议新增指标 %(t)s")) % {"t": template},
                request=request,
            )
        messages.success(
            request, _("指标已加入指标库。") if finance else _("已提交新增指标的提议，待财政确认。")
        )
        return redirect("targets:library")
    return render(
        request,
        "targets/template_form.html",
        {"form": form, "template": None, "finance": finance},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    require_business_role(request)
    if not _is_finance_admin(request.user):
        deny(request, _("只有财政绩效管理员可以修改指标库。"))
    template = IndicatorTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(
                EventKind.UPDATED,
                request.user,
                template,
                summary=_("修改指标库指标 %(t)s") % {"t": template},
                data={"changed": form.changed_data},
                request=request,
            )
        messages.success(request, _("指标已保存。"))
        return redirect("targets:library")
    return render(
        request,
        "targets/template_form.html",
        {"form": form, "template": template, "finance": True},
        status=400 if form.is_bound else 200,
    )


@require_POST
def template_decide(request, pk, decision):
    """Finance confirms a department's proposal into the library, or rejects it with a reason."""
    require_business_role(request)
    if not _is_finance_admin(request.user):
        deny(request, _("只有财政绩效管理员可以确认或驳回提议的指标。"))
    if decision not in ("confirm", "reject"):
        raise Http404
    template = IndicatorTemplate.objects.filter(pk=pk, status=IndicatorTemplate.Status.PROPOSED).first()
    if template is None:
        raise Http404
    if decision == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("驳回时须填写理由。"))
            return redirect(reverse("targets:library") + "?status=proposed")
        template.status = IndicatorTemplate.Status.REJECTED
        template.reject_reason = form.cleaned_data["reason"].strip()
        summary = _("驳回提议的指标 %(t)s：%(r)s") % {"t": template, "r": template.reject_reason}
    else:
        template.status = IndicatorTemplate.Status.CONFIRMED
        template.reject_reason = ""
        summary = _("确认提议的指标 %(t)s") % {"t": template}
    with transaction.atomic():
        template.save(update_fields=["status", "reject_reason"])
        audit.record(EventKind.UPDATED, request.user, template, summary=summary, request=request)
    messages.success(request, summary)
    return redirect(reverse("targets:library") + "?status=proposed")


@require_POST
def target_import(request, pk):
    """Replace an editable target's content with an uploaded 项目支出绩效目标申报表 (all-or-nothing:
    a bad file gets the per-cell error list and changes nothing)."""
    from targets.imports import FormRefused, import_form

    require_business_role(request)
    target = _target(request, pk)
    ok, reason = can_edit_target(request.user, target)
    if not ok:
        deny(request, reason, target)
    upload = request.FILES.get("file")
    if upload is None:
        return _refused(request, target, WorkflowError(_("请选择要导入的申报表文件。"), code="invalid"))
    try:
        import_form(
            target, upload, request.user, seen_version=request.POST.get("version") or None, request=request
        )
    except FormRefused as exc:
        target.refresh_from_db()
        context = _detail_context(request, target, error=_("申报表未导入。"))
        context["import_errors"] = exc.as_dicts()
        return render(request, "targets/target_detail.html", context, status=400)
    except WorkflowError as exc:
        return _refused(request, target, exc)
    messages.success(request, _("已从申报表导入：%(t)s") % {"t": target.name})
    return redirect("targets:target_detail", pk=target.pk)
