"""Pages of department and fiscal evaluations: plans with coverage and candidates, schemes
(评价指标体系), the expert pool, and the evaluation page (assignment, blind scoring, the panel's
spread and agreed scores, transitions).

Views are thin: they check access, call the rules in evaluation.plans / schemes / experts /
external, and render. Reads go through visible_to(user) (another department's plan is a 404); a
visible object the user may not change is a 403.
"""

from __future__ import annotations

import importlib.util

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.guards import finance_admin_of
from accounts.models import Organization, Region, Role
from accounts.scoping import scope_of
from budgets.models import FiscalYear
from evaluation import experts as ex
from evaluation import plans as pl
from evaluation import schemes as sc
from evaluation.external import (
    TRANSITION_LABELS,
    can_edit_evaluation,
    get_evaluation_for_user,
    run_transition,
    schemes_for,
    start_blockers,
    update_evaluation,
)
from evaluation.forms_external import (
    AddProjectForm,
    AssignForm,
    CopySchemeForm,
    CriterionFormSet,
    CriterionScoresForm,
    EvaluationEditForm,
    ExpertProfileForm,
    ImportSchemeForm,
    PlanItemForm,
    SchemeForm,
    TransitionForm,
)
from evaluation.models import Assignment, Evaluation, EvaluationPlan, ExpertProfile, Scheme
from perfapp import audit
from perfapp.access import deny, is_read_only, require_business_role, require_writer
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, available_transitions, history_of

STATUS_OF_CODE = {"stale": 409, "permission": 403}
#: Whether the reports part (work records, reports, 定稿报告) is installed beside this one.
REPORTS_PANEL = importlib.util.find_spec("evaluation.views_reports") is not None


def _status(exc: WorkflowError) -> int:
    return STATUS_OF_CODE.get(exc.code, 400)


def _refuse_if_permission(request, exc: WorkflowError, obj=None) -> None:
    if exc.code == "permission":
        deny(request, exc.message, obj)


# --- plans -----------------------------------------------------------------------------------------


def _years(user):
    return list(
        FiscalYear.objects.visible_to(user).select_related("region").order_by("-year", "region__code")
    )


@require_http_methods(["GET", "POST"])
def plan_list(request):
    """Evaluation plans; a department officer makes its department's plan, finance admin the
    fiscal key-evaluation plan of a year."""
    require_business_role(request)
    years = _years(request.user)
    if request.method == "POST":
        require_writer(request, _("只读角色不能编制评价计划。"))
        year = next((y for y in years if str(y.pk) == request.POST.get("year")), None)
        if year is None:
            raise Http404
        kind = request.POST.get("kind")
        department = None
        if kind == EvaluationPlan.Kind.DEPARTMENT:
            departments = pl.departments_of(request.user, year)
            chosen = request.POST.get("department")
            department = departments.filter(pk=chosen).first() if chosen else departments.first()
            if department is None:
                deny(request, _("只有主管部门经办人可以编制部门评价计划。"))
        try:
            plan = pl.create_plan(year, kind, request.user, department=department, request=request)
        except WorkflowError as exc:
            _refuse_if_permission(request, exc)
            messages.error(request, exc.message)
            return redirect("evaluation:plan_list")
        return redirect("evaluation:plan_detail", pk=plan.pk)
    plans = (
        pl.plans_visible_to(request.user)
        .select_related("fiscal_year__region", "department")
        .annotate(items=Count("evaluations"))
        .order_by("-year", "kind", "department__code")
    )
    roles = scope_of(request.user).roles
    creatable = []
    if not is_read_only(request.user):
        for y in years:
            if Role.DEPT_OFFICER in roles:
                for d in pl.departments_of(request.user, y):
                    creatable.append((y, EvaluationPlan.Kind.DEPARTMENT, d))
            if finance_admin_of(y, request.user):
                creatable.append((y, EvaluationPlan.Kind.FISCAL, None))
    existing = {(p.fiscal_year_id, p.kind, p.department_id) for p in plans}
    creatable = [c for c in creatable if (c[0].pk, c[1], c[2].pk if c[2] else None) not in existing]
    return render(request, "evaluation/external/plan_list.html", {"plans": plans, "creatable": creatable})


def _plan_context(request, plan, *, add_form=None, error=None):
    editable, _reason = pl.can_edit_plan(request.user, plan)
    manager, _r = pl.can_manage_plan(request.user, plan)
    editable = editable and not is_read_only(request.user)
    cov = pl.coverage(plan)
    items = list(pl.items_of(plan))
    if editable and add_form is None:
        add_form = AddProjectForm(projects=_addable(plan))
    return {
        "plan": plan,
        "coverage": cov,
        "warnings": pl.coverage_warnings(cov),
        "items": items,
        "candidates": pl.candidates(plan) if editable else {},
        "candidate_labels": {
            "major": _("重大改革发展项目（重大项目）"),
            "low_score": _("自评得分较低"),
            "review_problems": _("目标审核问题较多"),
        },
        "editable": editable,
        "can_reopen": manager
        and plan.status == EvaluationPlan.Status.CONFIRMED
        and not is_read_only(request.user),
        "add_form": add_form if editable else None,
        "error": error,
    }


def _addable(plan):
    return (
        pl.pool(plan)
        .exclude(pk__in=plan.evaluations.values("project_id"))
        .select_related("unit")
        .order_by("code")
    )


@require_GET
def plan_detail(request, pk):
    require_business_role(request)
    plan = pl.get_plan_for_user(request.user, pk)
    return render(request, "evaluation/external/plan_detail.html", _plan_context(request, plan))


def _plan_refused(request, plan, exc, **kwargs):
    _refuse_if_permission(request, exc, plan)
    ctx = _plan_context(request, plan, error=exc.message, **kwargs)
    return render(request, "evaluation/external/plan_detail.html", ctx, status=_status(exc))


@require_POST
def plan_add(request, pk):
    """列入计划: a project of the pool (or a suggested candidate)."""
    require_business_role(request)
    plan = pl.get_plan_for_user(request.user, pk)
    require_writer(request, _("只读角色不能编制评价计划。"))
    ok, reason = pl.can_manage_plan(request.user, plan)
    if not ok:
        deny(request, reason, plan)
    form = AddProjectForm(request.POST, projects=_addable(plan))
    if not form.is_valid():
        ctx = _plan_context(request, plan, add_form=form, error=_("请选择可列入计划的项目。"))
        return render(request, "evaluation/external/plan_detail.html", ctx, status=400)
    d = form.cleaned_data
    try:
        pl.add_project(
            plan,
            d["project"],
            request.user,
            is_onsite=d["is_onsite"],
            flagged_by_audit=d["flagged_by_audit"],
            request=request,
        )
    except WorkflowError as exc:
        return _plan_refused(request, plan, exc, add_form=form)
    messages.success(request, _("已列入计划：%(p)s") % {"p": d["project"].name})
    return redirect("evaluation:plan_detail", pk=plan.pk)


def _plan_item(request, pk, item_pk):
    plan = pl.get_plan_for_user(request.user, pk)
    evaluation = plan.evaluations.filter(pk=item_pk).first()
    if evaluation is None:
        raise Http404
    return plan, evaluation


@require_POST
def plan_item(request, pk, item_pk):
    """Change an item's marks (现场评价, 审计发现问题, 重大改革) or remove it (action=remove)."""
    require_business_role(request)
    plan, evaluation = _plan_item(request, pk, item_pk)
    require_writer(request, _("只读角色不能编制评价计划。"))
    try:
        if request.POST.get("action") == "remove":
            pl.remove_item(evaluation, request.user, request=request)
            messages.success(request, _("已从计划中移除：%(p)s") % {"p": evaluation.name})
        else:
            form = PlanItemForm(request.POST)
            form.is_valid()
            d = form.cleaned_data
            pl.update_item(
                evaluation,
                request.user,
                is_onsite=d.get("is_onsite", False),
                flagged_by_audit=d.get("flagged_by_audit", False),
                is_major_reform=d.get("is_major_reform", False),
                request=request,
            )
            messages.success(request, _("已保存：%(p)s") % {"p": evaluation.name})
    except WorkflowError as exc:
        return _plan_refused(request, plan, exc)
    return redirect("evaluation:plan_detail", pk=plan.pk)


@require_POST
def plan_confirm(request, pk):
    require_business_role(request)
    plan = pl.get_plan_for_user(request.user, pk)
    require_writer(request, _("只读角色不能确定评价计划。"))
    try:
        warnings = pl.confirm_plan(plan, request.user, request=request)
    except WorkflowError as exc:
        return _plan_refused(request, plan, exc)
    messages.success(request, _("评价计划已确定。"))
    for w in warnings:
        messages.warning(request, w)
    return redirect("evaluation:plan_detail", pk=plan.pk)


@require_POST
def plan_reopen(request, pk):
    require_business_role(request)
    plan = pl.get_plan_for_user(request.user, pk)
    require_writer(request, _("只读角色不能修改评价计划。"))
    try:
        pl.reopen_plan(plan, request.user, request=request)
    except WorkflowError as exc:
        return _plan_refused(request, plan, exc)
    messages.success(request, _("评价计划已退回编制。"))
    return redirect("evaluation:plan_detail", pk=plan.pk)


# --- schemes ---------------------------------------------------------------------------------------


def _admin_regions(user):
    """The regions whose schemes and expert pool `user` administers (finance admin's bureau region)."""
    scope = scope_of(user)
    if Role.FINANCE_ADMIN not in scope.roles or not scope.region_ids:
        return Region.objects.none()
    own = Organization.objects.filter(
        pk__in=scope.organization_ids, kind=Organization.Kind.FINANCE_BUREAU
    ).values("region_id")
    return Region.objects.filter(pk__in=own)


@require_http_methods(["GET", "POST"])
def scheme_list(request):
    """评价指标体系: the defaults of the region (created on first visit), copies, imports."""
    require_business_role(request)
    regions = list(_admin_regions(request.user))
    for region in regions:
        sc.ensure_default_schemes(region.pk)
    import_form = ImportSchemeForm() if regions and not is_read_only(request.user) else None
    status = 200
    if request.method == "POST":
        require_writer(request, _("只读角色不能导入评价指标体系。"))
        if not regions:
            deny(request, _("只有财政绩效管理员可以维护评价指标体系。"))
        import_form = ImportSchemeForm(request.POST, request.FILES)
        if import_form.is_valid():
            try:
                scheme = sc.scheme_from_json(
                    import_form.cleaned_data["file"].read(),
                    regions[0].pk,
                    request.user,
                    name=import_form.cleaned_data["name"],
                    request=request,
                )
            except sc.SchemeError as exc:
                for e in exc.errors:
                    import_form.add_error("file", e)
            else:
                messages.success(request, _("已导入评价指标体系：%(s)s") % {"s": scheme.name})
                return redirect("evaluation:scheme_detail", pk=scheme.pk)
        status = 400
    schemes = (
        sc.schemes_visible_to(request.user)
        .select_related("region")
        .annotate(n=Count("criteria", filter=Q(criteria__level=3)))
        .order_by("region__code", "category", "name")
    )
    return render(
        request,
        "evaluation/external/scheme_list.html",
        {"schemes": schemes, "import_form": import_form, "can_edit": bool(regions)},
        status=status,
    )


def _scheme(request, pk) -> Scheme:
    scheme = sc.schemes_visible_to(request.user).select_related("region").filter(pk=pk).first()
    if scheme is None:
        raise Http404
    return scheme


def _initial_rows(scheme):
    return [
        {
            "code": n.code,
            "group": n.group if n.level == 1 else "",
            "name": n.name,
            "points": n.points,
            "guidance": n.guidance,
        }
        for n in sc.nodes_of(scheme)
    ]


@require_http_methods(["GET", "POST"])
def scheme_detail(request, pk):
    """A scheme's tree; finance admin edits it (name, category, 政策加分 and the outline rows)."""
    require_business_role(request)
    scheme = _scheme(request, pk)
    can_edit = finance_admin_of(scheme, request.user) and not is_read_only(request.user)
    in_use = sc.is_in_use(scheme)
    form = formset = None
    errors: list[str] = []
    status = 200
    if can_edit and not in_use:
        form = SchemeForm(instance=scheme)
        formset = CriterionFormSet(initial=_initial_rows(scheme), prefix="c")
    if request.method == "POST":
        require_writer(request, _("只读角色不能修改评价指标体系。"))
        if not can_edit:
            deny(request, _("只有财政绩效管理员可以修改评价指标体系。"), scheme)
        form = SchemeForm(request.POST, instance=scheme)
        formset = CriterionFormSet(request.POST, prefix="c")
        if form.is_valid() and formset.is_valid():
            nodes = [n for f in formset.forms if (n := f.node()) is not None]
            try:
                sc.save_scheme(form.save(commit=False), nodes, request.user, request=request)
            except sc.SchemeError as exc:
                errors = exc.errors
            else:
                messages.success(request, _("评价指标体系已保存。"))
                return redirect("evaluation:scheme_detail", pk=scheme.pk)
        else:
            errors = [_("请修正标出的错误。")]
        status = 400
        scheme = Scheme.objects.get(pk=scheme.pk)
    return render(
        request,
        "evaluation/external/scheme_detail.html",
        {
            "scheme": scheme,
            "tree": sc.tree_of(scheme),
            "problems": sc.scheme_errors(scheme),
            "can_edit": can_edit,
            "in_use": in_use,
            "form": form,
            "formset": formset,
            "errors": errors,
            "copy_form": CopySchemeForm(initial={"name": _("%(name)s（副本）") % {"name": scheme.name}})
            if can_edit
            else None,
        },
        status=status,
    )


@require_POST
def scheme_copy(request, pk):
    require_business_role(request)
    scheme = _scheme(request, pk)
    require_writer(request, _("只读角色不能复制评价指标体系。"))
    if not finance_admin_of(scheme, request.user):
        deny(request, _("只有财政绩效管理员可以复制评价指标体系。"), scheme)
    form = CopySchemeForm(request.POST)
    if form.is_valid():
        try:
            copy = sc.copy_scheme(scheme, form.cleaned_data["name"], request.user, request=request)
        except sc.SchemeError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已复制为：%(s)s") % {"s": copy.name})
            return redirect("evaluation:scheme_detail", pk=copy.pk)
    else:
        messages.error(request, _("请填写新体系名称。"))
    return redirect("evaluation:scheme_detail", pk=scheme.pk)


@require_GET
def scheme_export(request, pk):
    """The scheme as JSON, for another bureau to import."""
    require_business_role(request)
    scheme = _scheme(request, pk)
    audit.record(
        EventKind.EXPORT,
        request.user,
        scheme,
        summary=_("导出评价指标体系：%(s)s") % {"s": scheme.name},
        request=request,
    )
    response = HttpResponse(sc.scheme_to_json(scheme), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scheme-{scheme.pk}.json"'
    return response


# --- expert pool -----------------------------------------------------------------------------------


@require_GET
def expert_list(request):
    require_business_role(request)
    profiles = (
        ex.profiles_visible_to(request.user)
        .select_related("user", "employer", "agency", "region")
        .prefetch_related("declared_conflicts")
        .annotate(
            active_assignments=Count(
                "user__evaluation_assignments", filter=Q(user__evaluation_assignments__active=True)
            )
        )
        .order_by("-active", "user__username")
    )
    return render(
        request,
        "evaluation/external/expert_list.html",
        {
            "profiles": profiles,
            "can_edit": _admin_regions(request.user).exists() and not is_read_only(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def expert_edit(request, pk=None):
    """专家入库 / 修改 (finance admin of the region)."""
    require_writer(request, _("只读角色不能维护专家库。"))
    regions = _admin_regions(request.user)
    if not regions.exists():
        deny(request, _("只有财政绩效管理员可以维护专家库。"))
    if pk is not None:
        profile = ex.profiles_visible_to(request.user).filter(pk=pk).first()
        if profile is None:
            raise Http404
        if not finance_admin_of(profile, request.user):
            deny(request, _("只有财政绩效管理员可以维护专家库。"), profile)
    else:
        profile = ExpertProfile(region=regions.first())
    region_ids = list(scope_of(request.user).region_ids or [])
    from accounts.models import User

    users = User.objects.filter(pk__in=[u.pk for u in ex.expert_users(region_ids)])
    if pk is None:
        users = users.exclude(expert_profile__isnull=False)
    form = ExpertProfileForm(
        request.POST or None,
        instance=profile,
        users=users,
        regions=regions,
        organizations=Organization.objects.filter(region_id__in=region_ids).order_by("kind", "code"),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ex.save_profile(
                    form.save(commit=False),
                    form.cleaned_data["declared_conflicts"],
                    request.user,
                    request=request,
                )
            except WorkflowError as exc:
                _refuse_if_permission(request, exc, profile)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("专家信息已保存。"))
                return redirect("evaluation:expert_list")
        status = 400
    return render(
        request, "evaluation/external/expert_form.html", {"form": form, "profile": profile}, status=status
    )


# --- one evaluation --------------------------------------------------------------------------------


def _detail_context(
    request, evaluation, *, error=None, edit_form=None, assign_form=None, score_form=None, agreed_form=None
):
    user = request.user
    read_only = is_read_only(user)
    evaluator = ex.is_evaluator(user, evaluation) and not read_only
    editable, _r = can_edit_evaluation(user, evaluation)
    schemes = schemes_for(evaluation, user)
    if evaluator and editable and edit_form is None:
        edit_form = EvaluationEditForm(
            schemes=schemes,
            initial={
                "scheme": evaluation.scheme_id,
                "violation": evaluation.violation,
                "violation_note": evaluation.violation_note,
                "findings": evaluation.findings,
                "recommendations": evaluation.recommendations,
                "version": evaluation.version,
            },
        )
    assignments = list(
        ex.assignments_visible_to(user)
        .filter(evaluation=evaluation)
        .select_related("expert", "agency")
        .order_by("role", "id")
    )
    can_assign = evaluator and evaluation.status in ex.ASSIGNABLE
    if can_assign and assign_form is None:
        assign_form = AssignForm(profiles=ex.profiles_visible_to(user))
    mine = ex.my_assignment(evaluation, user)
    criteria = sc.level3(evaluation.scheme) if evaluation.scheme_id else []
    my_scores = {}
    if mine is not None:
        my_scores = {s.criterion_id: s for s in mine.scores.all()}
        if score_form is None and ex.can_score(user, mine)[0]:
            score_form = CriterionScoresForm(
                criteria=criteria,
                initial_scores={k: v.score for k, v in my_scores.items()},
                initial_comments={k: v.comment for k, v in my_scores.items()},
                prefix="s",
            )
    if mine is None or not ex.can_score(user, mine)[0]:
        score_form = None
    see_panel = ex.can_see_panel(user, evaluation)
    rows = ex.panel(evaluation) if see_panel else []
    can_agree = see_panel and evaluator and evaluation.status in ex.AGREEING
    if can_agree and agreed_form is None:
        agreed = {r.criterion.pk: r.agreed for r in rows}
        agreed_form = CriterionScoresForm(
            criteria=criteria,
            initial_scores=ex.suggested_agreed(rows),
            initial_comments={k: v.comment for k, v in agreed.items() if v},
            required=True,
            prefix="a",
        )
    if not can_agree:
        agreed_form = None
    panel_rows = (
        list(zip(rows, agreed_form.rows(), strict=False)) if agreed_form else [(r, None) for r in rows]
    )
    fixed = {r.criterion_id: r for r in evaluation.criterion_results.all()} if evaluation.scheme_id else {}
    res = ex.result(evaluation) if fixed else None
    agreed_rows = [(c, fixed.get(c.pk)) for c in criteria] if fixed else []
    transitions = (
        []
        if read_only
        else [
            {"name": t.name, "label": str(TRANSITION_LABELS.get(t.name, t.name))}
            for t in available_transitions(evaluation, user)
            # 定稿 goes with the final report on the reports part's panel (定稿报告) when it is there.
            if not (t.name == "finalize" and REPORTS_PANEL)
        ]
    )
    panel_status = (
        [
            (a, a.submitted_at is not None)
            for a in Assignment.objects.filter(evaluation=evaluation, active=True).select_related("expert")
        ]
        if evaluator or see_panel
        else []
    )
    labels = dict(Evaluation.Status.choices)
    return {
        "evaluation": evaluation,
        "external_error": error,
        "evaluator": evaluator,
        "edit_form": edit_form if evaluator and editable else None,
        "assignments": assignments,
        "assign_form": assign_form if can_assign else None,
        "mine": mine,
        "my_scores": [(c, my_scores.get(c.pk)) for c in criteria] if mine else [],
        "score_form": score_form,
        "see_panel": see_panel,
        "panel": rows,
        "panel_rows": panel_rows,
        "panel_experts": [a for a, _s in rows[0].scores] if rows else [],
        "panel_status": panel_status,
        "disagreement_pct": f"{ex.DISAGREEMENT_SHARE * 100:.0f}%",
        "agreed_form": agreed_form,
        "agreed_rows": agreed_rows,
        "result": res,
        "transitions": transitions,
        "transition_form": TransitionForm(initial={"version": evaluation.version}),
        "start_blockers": start_blockers(evaluation)
        if evaluator and evaluation.status == Evaluation.Status.PLANNED
        else [],
        "external_history": [
            {
                "at": log.at,
                "actor": log.actor,
                "label": str(TRANSITION_LABELS.get(log.transition, log.transition)),
                "source": labels.get(log.source, log.source),
                "target": labels.get(log.target, log.target),
                "comment": log.comment,
            }
            for log in history_of(evaluation).order_by("-at", "-id")
        ],
        "tree": sc.tree_of(evaluation.scheme) if evaluation.scheme_id else [],
    }


def panel_context(request, evaluation, **forms) -> dict:
    """The context of templates/evaluation/external/_panel.html, which the evaluation page
    (evaluation.views_reports.evaluation_detail) includes."""
    return _detail_context(request, evaluation, **forms)


def _render_detail(request, evaluation, status=200, **kwargs):
    """After a refused action of this part: the evaluation with this part's panel keeping the
    user's input (and the reports part's panel when it is there)."""
    context = _detail_context(request, evaluation, **kwargs)
    try:
        from evaluation.views_reports import reports_panel_context

        context.update(reports_panel_context(request, evaluation))
        context["reports_panel"] = True
    except ImportError:
        pass
    return render(request, "evaluation/external/evaluation_detail.html", context, status=status)


def _refused(request, evaluation, exc, **forms):
    _refuse_if_permission(request, exc, evaluation)
    evaluation = get_evaluation_for_user(request.user, evaluation.pk)
    return _render_detail(request, evaluation, status=_status(exc), error=exc.message, **forms)


@require_POST
def evaluation_edit(request, pk):
    require_business_role(request)
    evaluation = get_evaluation_for_user(request.user, pk)
    require_writer(request, _("只读角色不能修改评价。"))
    ok, reason = can_edit_evaluation(request.user, evaluation)
    if not ok:
        if not ex.is_evaluator(request.user, evaluation):
            deny(request, reason, evaluation)
        return _render_detail(request, evaluation, status=400, error=reason)
    form = EvaluationEditForm(request.POST, schemes=schemes_for(evaluation, request.user))
    if not form.is_valid():
        return _render_detail(request, evaluation, status=400, error=_("请修正标出的错误。"), edit_form=form)
    d = form.cleaned_data
    changes = {k: d[k] for k in ("violation", "violation_note", "findings", "recommendations")}
    if d["scheme"] is not None:
        changes["scheme"] = d["scheme"]
    try:
        update_evaluation(evaluation, request.user, d["version"], request=request, **changes)
    except WorkflowError as exc:
        return _refused(request, evaluation, exc, edit_form=form)
    messages.success(request, _("评价信息已保存。"))
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def evaluation_assign(request, pk):
    require_business_role(request)
    evaluation = get_evaluation_for_user(request.user, pk)
    require_writer(request, _("只读角色不能指派专家。"))
    if not ex.is_evaluator(request.user, evaluation):
        deny(request, _("只有组织评价的部门或财政可以指派专家。"), evaluation)
    form = AssignForm(request.POST, profiles=ex.profiles_visible_to(request.user))
    if not form.is_valid():
        return _render_detail(request, evaluation, status=400, error=_("请选择专家。"), assign_form=form)
    d = form.cleaned_data
    try:
        ex.assign(
            evaluation,
            d["expert"],
            request.user,
            role=d["role"],
            no_conflict_declared=d["no_conflict_declared"],
            request=request,
        )
    except WorkflowError as exc:
        if exc.code == "conflict":
            form.add_error("expert", exc.message)
        return _refused(request, evaluation, exc, assign_form=form)
    messages.success(request, _("已指派专家：%(u)s") % {"u": d["expert"]})
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def assignment_end(request, pk, assignment_pk):
    require_business_role(request)
    evaluation = get_evaluation_for_user(request.user, pk)
    require_writer(request, _("只读角色不能调整专家。"))
    assignment = (
        ex.assignments_visible_to(request.user).filter(evaluation=evaluation, pk=assignment_pk).first()
    )
    if assignment is None:
        raise Http404
    try:
        ex.end_assignment(assignment, request.user, request=request)
    except WorkflowError as exc:
        return _refused(request, evaluation, exc)
    messages.success(request, _("已结束指派：%(u)s") % {"u": assignment.expert})
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def evaluation_scores(request, pk):
    """The expert's own scores: 保存 or 提交 (after which they are frozen)."""
    require_business_role(request)
    evaluation = get_evaluation_for_user(request.user, pk)
    mine = ex.my_assignment(evaluation, request.user)
    if mine is None:
        deny(request, _("只有被指派的专家本人可以评分。"), evaluation)
    ok, reason = ex.can_score(request.user, mine)
    if not ok:
        return _render_detail(request, evaluation, status=400, error=reason)
    form = CriterionScoresForm(request.POST, criteria=sc.level3(evaluation.scheme), prefix="s")
    if not form.is_valid():
        return _render_detail(request, evaluation, status=400, error=_("请修正标出的错误。"), score_form=form)
    try:
        ex.save_scores(mine, form.entries(), request.user, request=request)
        if request.POST.get("action") == "submit":
            ex.submit_scores(mine, request.user, request=request)
            messages.success(request, _("评分已提交。"))
        else:
            messages.success(request, _("评分已保存。"))
    except WorkflowError as exc:
        return _refused(request, evaluation, exc, score_form=form)
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def evaluation_agreed(request, pk):
    """认定得分 of every level-3 criterion by the panel (the evaluator)."""
    require_business_role(request)
    evaluation = get_evaluation_for_user(request.user, pk)
    require_writer(request, _("只读角色不能认定得分。"))
    if not ex.is_evaluator(request.user, evaluation):
        deny(request, _("只有组织评价的部门或财政可以认定得分。"), evaluation)
    criteria = sc.level3(evaluation.scheme) if evaluation.scheme_id else []
    form = CriterionScoresForm(request.POST, criteria=criteria, required=True, prefix="a")
    if not form.is_valid():
        return _render_detail(
            request, evaluation, status=400, error=_("请修正标出的错误。"), agreed_form=form
        )
    try:
        ex.fix_agreed_scores(evaluation, form.entries(), request.user, request=request)
    except WorkflowError as exc:
        return _refused(request, evaluation, exc, agreed_form=form)
    messages.success(request, _("认定得分已保存。"))
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


@require_POST
def evaluation_transition(request, pk, name):
    require_business_role(request)
    evaluation = get_evaluation_for_user(request.user, pk)
    require_writer(request, _("只读角色不能办理评价流程。"))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, evaluation, status=400, error=_("请刷新页面后重试。"))
    try:
        run_transition(
            evaluation,
            name,
            request.user,
            comment=form.cleaned_data["comment"],
            seen_version=form.cleaned_data["version"],
            request=request,
        )
    except WorkflowError as exc:
        return _refused(request, evaluation, exc)
    messages.success(request, _("已办理：%(t)s") % {"t": TRANSITION_LABELS.get(name, name)})
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)
