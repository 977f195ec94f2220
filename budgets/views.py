"""Pages of the project library (项目库) and of the fiscal years and their Policy.

Views are thin: they read the request, check access, call the rule (budgets.library, perfapp.workflow,
FiscalYear.add_policy_version) and render. Every read goes through visible_to(user): another unit's
project is a 404; a visible object the user may not change is a 403.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, DecimalField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import BUSINESS_ROLES, READ_ONLY_ROLES, Role
from accounts.scoping import scope_of
from budgets.documents import write_project_list
from budgets.filters import ProjectFilter
from budgets.forms import DeadlineForm, PolicyForm, ProjectForm, TransitionForm
from budgets.indicators import project_execution, ratio
from budgets.library import (
    COMMENT_REQUIRED,
    allocation_notices,
    can_create_project,
    can_edit_project,
    officer_unit,
    transition_label,
)
from budgets.models import (
    Allocation,
    Deadline,
    Expenditure,
    FiscalYear,
    FundSource,
    Project,
    today,
)
from budgets.policy import PolicyError, can_edit_policy, describe, labelled_diff
from perfapp import audit
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import StaleObject, WorkflowError, available_transitions, history_of, perform, save_edit

PAGE_SIZE = 20
EXPENDITURES_SHOWN = 50
CHANGES_SHOWN = 20

#: Preset filters of the library workflow queues: (status, title).
QUEUES = {
    "review": (Project.Status.SUBMITTED, _("待初审项目")),
    "admission": (Project.Status.DEPT_APPROVED, _("待入库审核项目")),
}


# --- access helpers -----------------------------------------------------------------------------


def _deny(request, reason: str):
    """403 with the reason, recorded as a refused access [issue #2 Audit]."""
    audit.record(
        EventKind.ACCESS_DENIED,
        request.user,
        summary=reason,
        data={"path": request.path, "method": request.method},
        request=request,
    )
    raise PermissionDenied(reason)


def _require_business_role(request):
    """三员 (system/security/audit admins) never see business data."""
    if not scope_of(request.user).roles & BUSINESS_ROLES:
        _deny(request, _("您的角色不能访问业务数据。"))


def _is_read_only(user) -> bool:
    roles = scope_of(user).roles
    return not (roles - READ_ONLY_ROLES) & BUSINESS_ROLES


def _int_param(request, name, default=None):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else default


def _default_year(project=None) -> int:
    """This year, or for a project the nearest year of its period."""
    year = today().year
    if project is not None:
        year = min(max(year, project.start_year), project.end_year)
    return year


# --- project list and export --------------------------------------------------------------------


def _filtered_projects(request, queue=None):
    data = request.GET.copy()
    data.pop("page", None)
    if queue and "status" not in data:
        data.setlist("status", [QUEUES[queue][0]])
    base = Project.objects.visible_to(request.user).for_list().order_by("-start_year", "code", "pk")
    return ProjectFilter(data, queryset=base, request=request)


def _figures_year(filterset) -> int:
    year = filterset.form.cleaned_data.get("year") if filterset.form.is_valid() else None
    return int(year) if year else _default_year()


def _export_query(request, queue) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    if queue:
        query["queue"] = queue
    return query.urlencode()


def _year_sum(model, field: str, year: int):
    """The project's sum of `field` over `model` rows of `year` (0 without any), as a subquery: the
    page's figures come with its rows (the same sums as project_year_totals)."""
    rows = model.objects.filter(project_id=OuterRef("pk"), year=year).order_by().values("project_id")
    money = DecimalField(max_digits=20, decimal_places=2)
    return Coalesce(
        Subquery(rows.annotate(s=Sum(field)).values("s"), output_field=money),
        Value(Decimal("0")),
        output_field=money,
    )


@require_http_methods(["GET"])
def project_list(request, queue=None):
    _require_business_role(request)
    filterset = _filtered_projects(request, queue)
    year = _figures_year(filterset)
    shown = ("code", "name", "is_major", "category", "start_year", "end_year", "total_amount", "status")
    listed = filterset.qs.only(*shown, "unit__name", "department__name").annotate(
        year_budget=_year_sum(Allocation, "total_amount", year),
        year_spent=_year_sum(Expenditure, "amount", year),
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "project": p,
            "budget": p.year_budget,
            "spent": p.year_spent,
            "rate": ratio(p.year_spent, p.year_budget),
        }
        for p in page.object_list
    ]
    roles = scope_of(request.user).roles
    queues = []
    if Role.DEPT_OFFICER in roles:
        queues.append(("review", QUEUES["review"][1]))
    if roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        queues.append(("admission", QUEUES["admission"][1]))
    return render(
        request,
        "budgets/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": rows,
            "year": year,
            "queue": queue,
            "queues": queues,
            "title": QUEUES[queue][1] if queue else _("项目库"),
            # Only a unit officer may create (saves reading the user's organization for the others).
            "can_create": Role.UNIT_OFFICER in roles and can_create_project(request.user)[0],
            "export_query": _export_query(request, queue),
        },
    )


@require_http_methods(["GET"])
def project_export(request):
    """The filtered list as .xlsx: the same FilterSet and visible_to as the page; audited as EXPORT."""
    _require_business_role(request)
    filterset = _filtered_projects(
        request, request.GET.get("queue") if request.GET.get("queue") in QUEUES else None
    )
    year = _figures_year(filterset)
    out, rows = write_project_list(filterset.qs, year)
    filters = {k: v for k, v in request.GET.lists() if k != "page"}
    audit.record(
        EventKind.EXPORT,
        request.user,
        summary=_("导出项目库 %(rows)s 行") % {"rows": rows},
        data={"what": "budgets.project_list", "rows": rows, "year": year, "filters": filters},
        request=request,
    )
    name = _("项目库-%(year)s年-%(date)s.xlsx") % {"year": year, "date": today().strftime("%Y%m%d")}
    return FileResponse(
        out,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- project detail and transitions -------------------------------------------------------------


def _project(request, pk):
    qs = Project.objects.select_related("unit", "department", "region", "created_by")
    return get_visible_or_404(qs, request.user, pk=pk)


def _display(project, field_name, value):
    """A historical value as the page shows it (labels for choices and fund sources)."""
    if value in (None, ""):
        return "—"
    if field_name == "fund_sources":
        labels = dict(FundSource.choices)
        return "、".join(str(labels.get(s, s)) for s in value or [])
    field = Project._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _change_history(project) -> list[dict]:
    """The latest model-history records, each with what changed against the one before it."""
    records = list(
        project.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : CHANGES_SHOWN + 1
        ]
    )
    out = []
    for i, record in enumerate(records[:CHANGES_SHOWN]):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if older is not None:
            delta = record.diff_against(older, excluded_fields=["status"])
            for change in delta.changes:
                changes.append(
                    {
                        "label": Project._meta.get_field(change.field).verbose_name,
                        "old": _display(project, change.field, change.old),
                        "new": _display(project, change.field, change.new),
                    }
                )
        out.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": {"+": _("新建"), "~": _("修改"), "-": _("删除")}.get(record.history_type, ""),
                "changes": changes,
                "status": record.get_status_display(),
            }
        )
    return out


def _allocation_years(project) -> list[dict]:
    """Allocations grouped by year with a subtotal per year, in one query."""
    years: dict[int, dict] = {}
    for a in project.allocations.order_by("year", "fund_source"):
        y = years.setdefault(a.year, {"year": a.year, "rows": [], "initial": 0, "adjustment": 0, "total": 0})
        y["rows"].append(a)
        y["initial"] += a.initial_amount
        y["adjustment"] += a.adjustment
        y["total"] += a.total_amount
    return list(years.values())


def _detail_context(request, project, *, error=None, failed=None, comment=""):
    year = _int_param(request, "year") or _default_year(project)
    as_of = today()
    execution = project_execution(project, year, as_of)
    expenditures = project.expenditures.order_by("-date", "-id")[:EXPENDITURES_SHOWN]
    spent_all = project.expenditures.aggregate(total=Sum("amount"), count=Count("id"))
    actions = [
        {"name": t.name, "label": transition_label(t.name), "comment_required": t.name in COMMENT_REQUIRED}
        for t in available_transitions(project, request.user)
    ]
    transitions = [
        {
            "log": log,
            "label": transition_label(log.transition),
            "source": _display(project, "status", log.source),
            "target": _display(project, "status", log.target),
        }
        for log in history_of(project).order_by("-at", "-id")
    ]
    return {
        "project": project,
        "year": year,
        "years": list(range(project.start_year, project.end_year + 1)),
        "execution": execution,
        "allocation_years": _allocation_years(project),
        "allocation_notices": allocation_notices(project, year),
        "expenditures": expenditures,
        "expenditure_total": spent_all["total"] or 0,
        "expenditure_count": spent_all["count"],
        "expenditures_shown": EXPENDITURES_SHOWN,
        "actions": actions,
        "transitions": transitions,
        "changes": _change_history(project),
        "can_edit": can_edit_project(request.user, project)[0],
        "error": error,
        "failed": failed,
        "comment": comment,
    }


@require_http_methods(["GET"])
def project_detail(request, pk):
    _require_business_role(request)
    project = _project(request, pk)
    return render(request, "budgets/project_detail.html", _detail_context(request, project))


@require_POST
def project_transition(request, pk, name):
    """Run one library transition through perfapp.workflow.perform (locks, checks version, audits)."""
    _require_business_role(request)
    project = _project(request, pk)
    if _is_read_only(request.user):
        _deny(request, _("只读角色不能办理项目流程。"))
    form = TransitionForm(request.POST)
    comment = request.POST.get("comment", "")
    error, status = None, 400
    if not form.is_valid():
        error = "；".join(str(e) for errors in form.errors.values() for e in errors)
    elif name in COMMENT_REQUIRED and not form.cleaned_data["comment"].strip():
        error = _("“%(action)s”须填写意见，说明需要修改的内容。") % {"action": transition_label(name)}
    else:
        try:
            perform(
                project,
                name,
                request.user,
                comment=form.cleaned_data["comment"].strip(),
                seen_version=form.cleaned_data["version"],
                request=request,
            )
        except WorkflowError as exc:
            error = exc.message
            status = {"stale": 409, "permission": 403}.get(exc.code, 400)
            if exc.code == "permission":
                audit.record(
                    EventKind.ACCESS_DENIED,
                    request.user,
                    project,
                    summary=exc.message,
                    data={"transition": name},
                    request=request,
                )
        else:
            messages.success(
                request,
                _("已办理“%(action)s”：%(name)s") % {"action": transition_label(name), "name": project.name},
            )
            return redirect("budgets:project_detail", pk=project.pk)
    project.refresh_from_db()
    context = _detail_context(request, project, error=error, failed=name, comment=comment)
    return render(request, "budgets/project_detail.html", context, status=status)


# --- create and edit ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def project_create(request):
    ok, reason = can_create_project(request.user)
    if not ok:
        _deny(request, reason)
    unit = officer_unit(request.user)
    form = ProjectForm(request.POST or None, instance=Project(created_by=request.user), unit=unit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            project = form.save()
            audit.record(
                EventKind.CREATED,
                request.user,
                project,
                summary=_("新建项目 %(project)s") % {"project": project},
                request=request,
            )
        messages.success(request, _("项目已保存为储备项目，可继续修改或提交申报。"))
        return redirect("budgets:project_detail", pk=project.pk)
    return render(
        request,
        "budgets/project_form.html",
        {"form": form, "unit": unit, "project": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = _project(request, pk)
    ok, reason = can_edit_project(request.user, project)
    if not ok:
        _deny(request, reason)
    form = ProjectForm(request.POST or None, instance=project, unit=project.unit)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save_edit(form.instance, form.cleaned_data["seen_version"], request.user, request=request)
            except StaleObject as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("项目已保存。"))
                return redirect("budgets:project_detail", pk=project.pk)
    return render(
        request,
        "budgets/project_form.html",
        {"form": form, "unit": project.unit, "project": project},
        status=status,
    )


# --- fiscal years, policy, deadlines ------------------------------------------------------------


def _fiscal_year(request, pk):
    try:
        return FiscalYear.objects.visible_to(request.user).select_related("region").get(pk=pk)
    except FiscalYear.DoesNotExist:
        raise Http404


@require_http_methods(["GET"])
def year_list(request):
    _require_business_role(request)
    years = (
        FiscalYear.objects.visible_to(request.user)
        .select_related("region")
        .annotate(policy_version=Max("policies__version"), deadline_count=Count("deadlines", distinct=True))
        .order_by("-year", "region__code")
    )
    return render(request, "budgets/year_list.html", {"years": years})


def _policy_versions(fiscal_year) -> list[dict]:
    rows = list(fiscal_year.policies.select_related("created_by").order_by("version"))
    versions = []
    previous = None
    for row in rows:
        versions.append(
            {
                "row": row,
                # Compare the rules as read (defaults filled in), not the stored JSON: a version saved
                # before a section existed has no key for it, and that is not a change.
                "changes": labelled_diff(previous.rules.to_dict(), row.rules.to_dict())
                if previous is not None
                else None,
            }
        )
        previous = row
    versions.reverse()
    return versions


@require_http_methods(["GET"])
def year_detail(request, pk):
    _require_business_role(request)
    fy = _fiscal_year(request, pk)
    return render(
        request,
        "budgets/year_detail.html",
        {
            "fy": fy,
            "policy_row": fy.policy_row,
            "sections": describe(fy.policy),
            "versions": _policy_versions(fy),
            "deadlines": fy.deadlines.all(),
            "can_edit": can_edit_policy(request.user, fy)[0],
            "today": today(),
        },
    )


def _editable_year(request, pk):
    fy = _fiscal_year(request, pk)
    ok, reason = can_edit_policy(request.user, fy)
    if not ok:
        _deny(request, reason)
    return fy


@require_http_methods(["GET", "POST"])
def policy_edit(request, pk):
    """Save the form as a NEW Policy version (never in place), validated, audited as POLICY_CHANGED."""
    fy = _editable_year(request, pk)
    current = fy.policy_row
    form = PolicyForm(request.POST or None, current=current.rules, current_version=current.version)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                row = fy.add_policy_version(
                    form.rules,
                    request.user,
                    seen_version=form.cleaned_data["seen_version"],
                    effective_from=form.cleaned_data["effective_from"],
                    comment=form.cleaned_data["comment"],
                    request=request,
                )
            except StaleObject as exc:
                form.add_error(None, exc.message)
                status = 409
            except PolicyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("政策参数已保存为第 %(version)s 版。") % {"version": row.version})
                return redirect("budgets:year_detail", pk=fy.pk)
    return render(
        request, "budgets/policy_form.html", {"fy": fy, "form": form, "current": current}, status=status
    )


@require_http_methods(["GET", "POST"])
def deadline_create(request, pk):
    fy = _editable_year(request, pk)
    form = DeadlineForm(request.POST or None, instance=Deadline(fiscal_year=fy))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            deadline = form.save()
            audit.record(
                EventKind.CREATED,
                request.user,
                deadline,
                summary=_("新增截止日期 %(d)s") % {"d": deadline},
                request=request,
            )
        messages.success(request, _("截止日期已保存。"))
        return redirect(reverse("budgets:year_detail", args=[fy.pk]) + "#deadlines")
    return render(
        request,
        "budgets/deadline_form.html",
        {"fy": fy, "form": form, "deadline": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def deadline_edit(request, pk):
    try:
        deadline = Deadline.objects.select_related("fiscal_year").get(
            pk=pk, fiscal_year__in=FiscalYear.objects.visible_to(request.user)
        )
    except Deadline.DoesNotExist:
        raise Http404
    fy = _editable_year(request, deadline.fiscal_year_id)
    form = DeadlineForm(request.POST or None, instance=deadline)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(
                EventKind.UPDATED,
                request.user,
                deadline,
                summary=_("修改截止日期 %(d)s") % {"d": deadline},
                data={"changed": form.changed_data},
                request=request,
            )
        messages.success(request, _("截止日期已保存。"))
        return redirect(reverse("budgets:year_detail", args=[fy.pk]) + "#deadlines")
    return render(
        request,
        "budgets/deadline_form.html",
        {"fy": fy, "form": form, "deadline": deadline},
        status=400 if form.is_bound else 200,
    )


@require_POST
def deadline_defaults(request, pk):
    """Create the year's Deadline rows from the Policy's default month-days."""
    fy = _editable_year(request, pk)
    created = fy.create_default_deadlines(request.user, request=request)
    if created:
        messages.success(request, _("已按政策参数生成 %(n)s 个截止日期。") % {"n": len(created)})
    else:
        messages.info(request, _("各环节的截止日期均已设置，未新增。"))
    return redirect(reverse("budgets:year_detail", args=[fy.pk]) + "#deadlines")
