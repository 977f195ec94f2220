"""Evaluation plans: what a department evaluates [003 三(二)] and what finance evaluates as key
projects [003 三(三)], with their coverage against the year's Policy and suggested candidates.

Department plan (部门评价计划): the department lists the projects it evaluates; their number OR
their money (全年预算数 of the year, from Allocation) reaches `evaluation.department_share` of the
department's budgeted projects of the year (default 20 %; "项目数量或资金规模" [003 三(二)]).
Preferred: major reform projects, low self-evaluation scores, projects with many review problems.

Fiscal plan (财政重点评价计划): finance admin chooses key projects; their money reaches
`evaluation.fiscal_share` of the key projects' money (default 10 %); on-site evaluation covers
`evaluation.onsite_share` of the plan's items by number or money (default 20 %), and every item
flagged by audit or inspection is evaluated on site [003 三(三)].

Coverage below a share is a warning when the plan is confirmed, never a block (the bureau may
have reasons); an item flagged by audit but not on site refuses the confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import dept_officer_of, finance_admin_of
from accounts.models import Organization, Role
from accounts.scoping import scope_of
from budgets.models import Allocation, FiscalYear, Project
from evaluation.models import Evaluation, EvaluationPlan
from evaluation.schemes import default_scheme_for
from perfapp import audit
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError
from targets.models import Target, TargetReview

#: Project statuses that mean the project is in the year's budget (入库 and later).
BUDGETED = (Project.Status.ADMITTED, Project.Status.IN_PROGRESS, Project.Status.COMPLETED)
#: How many candidates of each kind the plan page suggests.
CANDIDATE_LIMIT = 10
#: Review grades that count as a review problem [财预〔2015〕88号: 中 returned, 差 blocked].
PROBLEM_GRADES = (TargetReview.Grade.FAIR, TargetReview.Grade.POOR)
SHARE_PLACES = Decimal("0.0001")
ZERO = Decimal("0")
K = EvaluationPlan.Kind


class PlanError(WorkflowError):
    pass


# --- access ----------------------------------------------------------------------------------------


def plans_visible_to(user):
    """A department sees its own plans; finance admin, leaders and auditors their region's;
    a finance reviewer the plans of the departments its division manages."""
    return EvaluationPlan.objects.visible_to(user)


def get_plan_for_user(user, pk) -> EvaluationPlan:
    qs = EvaluationPlan.objects.select_related("fiscal_year__region", "department", "region")
    return get_visible_or_404(qs, user, pk=pk)


def can_manage_plan(user, plan: EvaluationPlan) -> tuple[bool, str]:
    """The department's officer makes its plan; the region's finance admin makes the fiscal plan."""
    if plan.kind == K.DEPARTMENT:
        if dept_officer_of(plan, user):
            return True, ""
        return False, _("只有本部门的经办人可以编制部门评价计划。")
    if finance_admin_of(plan, user):
        return True, ""
    return False, _("只有财政绩效管理员可以编制财政重点评价计划。")


def can_edit_plan(user, plan: EvaluationPlan) -> tuple[bool, str]:
    ok, reason = can_manage_plan(user, plan)
    if not ok:
        return ok, reason
    if plan.status != EvaluationPlan.Status.DRAFT:
        return False, _("评价计划已确定，如需调整请先退回编制。")
    return True, ""


def _require_manager(user, plan: EvaluationPlan) -> None:
    ok, reason = can_manage_plan(user, plan)
    if not ok:
        raise PlanError(reason, code="permission")


def _require_editor(user, plan: EvaluationPlan) -> None:
    _require_manager(user, plan)
    ok, reason = can_edit_plan(user, plan)
    if not ok:
        raise PlanError(reason, code="state")


def departments_of(user, fiscal_year: FiscalYear):
    """The departments of the year's region whose plan `user` may make."""
    scope = scope_of(user)
    if Role.DEPT_OFFICER not in scope.roles:
        return Organization.objects.none()
    return Organization.objects.filter(
        pk__in=scope.department_ids,
        kind=Organization.Kind.DEPARTMENT,
        region_id=fiscal_year.region_id,
    )


def create_plan(fiscal_year: FiscalYear, kind: str, user, *, department=None, request=None) -> EvaluationPlan:
    """The year's plan of `department` (kind department) or of finance (kind fiscal); the existing
    one when it is already there (one per department and year, one fiscal plan per year)."""
    plan = EvaluationPlan(
        kind=kind,
        fiscal_year=fiscal_year,
        year=fiscal_year.year,
        department=department if kind == K.DEPARTMENT else None,
        region_id=fiscal_year.region_id,
        created_by=user,
    )
    if kind == K.DEPARTMENT:
        if department is None or department.region_id != fiscal_year.region_id:
            raise PlanError(_("请选择本地区的主管部门。"), code="invalid")
    elif kind != K.FISCAL:
        raise PlanError(_("未知的计划类型。"), code="invalid")
    _require_manager(user, plan)
    existing = EvaluationPlan.objects.filter(
        fiscal_year=fiscal_year, kind=kind, department=plan.department
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            plan.save()
            audit.record(
                EventKind.CREATED, user, plan, summary=_("新建%(plan)s") % {"plan": plan}, request=request
            )
    except IntegrityError:
        return EvaluationPlan.objects.get(fiscal_year=fiscal_year, kind=kind, department=plan.department)
    return plan


# --- which projects --------------------------------------------------------------------------------


def _money_subquery(year: int):
    """全年预算数 of a project in `year` (sum over fund sources), 0 when nothing is allocated."""
    rows = (
        Allocation.objects.filter(project_id=OuterRef("pk"), year=year)
        .order_by()
        .values("project_id")
        .annotate(total=Sum("total_amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows), Value(ZERO), output_field=DecimalField(max_digits=18, decimal_places=2))


def pool(plan: EvaluationPlan):
    """Projects the plan may list: the department's (or, for the fiscal plan, the region's)
    projects in the year's budget, annotated with `money` (全年预算数 of the year)."""
    qs = Project.objects.in_year(plan.year).filter(status__in=BUDGETED)
    if plan.kind == K.DEPARTMENT:
        qs = qs.filter(department_id=plan.department_id)
    else:
        qs = qs.filter(region_id=plan.region_id)
    return qs.annotate(money=_money_subquery(plan.year))


def key_project_ids(plan: EvaluationPlan) -> set[int]:
    """财政重点项目 of the year: major projects (at or above the Policy's major threshold, the
    Project's `is_major`) and the projects finance chose for key monitoring (财政重点监控)."""
    from monitoring.models import MonitoringRound

    ids = set(pool(plan).filter(is_major=True).values_list("pk", flat=True))
    monitored = MonitoringRound.key_projects.through.objects.filter(
        monitoringround__fiscal_year_id=plan.fiscal_year_id
    ).values_list("project_id", flat=True)
    ids |= set(pool(plan).filter(pk__in=monitored).values_list("pk", flat=True))
    return ids


def base(plan: EvaluationPlan):
    """The projects coverage is measured against: the department's budgeted projects; for the
    fiscal plan the key projects (all budgeted projects of the region when none is marked key)."""
    qs = pool(plan)
    if plan.kind == K.FISCAL:
        keys = key_project_ids(plan)
        if keys:
            return qs.filter(pk__in=keys)
    return qs


def base_label(plan: EvaluationPlan) -> str:
    if plan.kind == K.DEPARTMENT:
        return _("本部门本年度预算项目")
    return _("本年度重点项目") if key_project_ids(plan) else _("本年度预算项目（未标记重点项目）")


# --- coverage --------------------------------------------------------------------------------------


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(SHARE_PLACES, ROUND_HALF_UP)


def _reaches(part: Decimal, whole: Decimal, required: Decimal) -> bool:
    """part / whole ≥ required, compared exactly (no rounding decides a borderline plan)."""
    return bool(whole) and Decimal(part) >= required * Decimal(whole)


@dataclass(frozen=True)
class Onsite:
    """On-site evaluation of a fiscal plan's items [003 三(三)]."""

    required: Decimal
    count: int
    total_count: int
    money: Decimal
    total_money: Decimal
    count_share: Decimal | None
    money_share: Decimal | None
    met: bool
    #: Items flagged by audit or inspection that are not (yet) on site: confirmation is refused.
    flagged_offsite: list = field(default_factory=list)

    @property
    def count_pct(self) -> str:
        return _pct(self.count_share)

    @property
    def money_pct(self) -> str:
        return _pct(self.money_share)

    @property
    def required_pct(self) -> str:
        return _pct(self.required)


@dataclass(frozen=True)
class Coverage:
    """Coverage of a plan against the Policy's share: by count and by money (department), by
    money of key projects (fiscal)."""

    kind: str
    required: Decimal
    base_label: str
    base_count: int
    base_money: Decimal
    planned_count: int
    planned_money: Decimal
    count_share: Decimal | None
    money_share: Decimal | None
    met: bool
    onsite: Onsite | None = None

    @property
    def by_count_counts(self) -> bool:
        """A department plan may meet its share by number; the fiscal plan only by money."""
        return self.kind == K.DEPARTMENT

    @property
    def count_pct(self) -> str:
        return _pct(self.count_share)

    @property
    def money_pct(self) -> str:
        return _pct(self.money_share)

    @property
    def required_pct(self) -> str:
        return _pct(self.required)


def coverage(plan: EvaluationPlan) -> Coverage:
    """Coverage by count and by money against the year's Policy [003 三(二)(三)].

    A department plan meets its share by number OR by money; the fiscal plan by the money of key
    projects. Money is each project's 全年预算数 of the plan's year (Allocation)."""
    rules = plan.fiscal_year.policy.evaluation
    required = rules.department_share if plan.kind == K.DEPARTMENT else rules.fiscal_share
    base_rows = list(base(plan).values_list("pk", "money"))
    base_ids = {pk for pk, _m in base_rows}
    base_money = sum((m for _pk, m in base_rows), ZERO)
    items = list(items_of(plan))
    counted = [e for e in items if e.project_id in base_ids]
    planned_count = len({e.project_id for e in counted})
    planned_money = sum((e.money for e in {e.project_id: e for e in counted}.values()), ZERO)
    if plan.kind == K.DEPARTMENT:
        met = _reaches(planned_count, len(base_rows), required) or _reaches(
            planned_money, base_money, required
        )
    else:
        met = _reaches(planned_money, base_money, required)
    onsite = _onsite(plan, items, rules.onsite_share) if plan.kind == K.FISCAL else None
    return Coverage(
        kind=plan.kind,
        required=required,
        base_label=base_label(plan),
        base_count=len(base_rows),
        base_money=base_money,
        planned_count=planned_count,
        planned_money=planned_money,
        count_share=_share(planned_count, len(base_rows)),
        money_share=_share(planned_money, base_money),
        met=met,
        onsite=onsite,
    )


def _onsite(plan: EvaluationPlan, items: list[Evaluation], required: Decimal) -> Onsite:
    """On site: at least `required` of the items by number OR money, and all flagged items."""
    total_money = sum((e.money for e in items), ZERO)
    on = [e for e in items if e.is_onsite]
    money = sum((e.money for e in on), ZERO)
    return Onsite(
        required=required,
        count=len(on),
        total_count=len(items),
        money=money,
        total_money=total_money,
        count_share=_share(len(on), len(items)),
        money_share=_share(money, total_money),
        met=_reaches(len(on), len(items), required) or _reaches(money, total_money, required),
        flagged_offsite=[e for e in items if e.flagged_by_audit and not e.is_onsite],
    )


def items_of(plan: EvaluationPlan):
    """The plan's evaluations, each with `money` (the project's 全年预算数 of the year)."""
    return (
        plan.evaluations.select_related("project", "unit", "department", "scheme")
        .annotate(money=_money_of_evaluation(plan.year))
        .order_by("department__code", "unit__code", "project__code", "pk")
    )


def _money_of_evaluation(year: int):
    rows = (
        Allocation.objects.filter(project_id=OuterRef("project_id"), year=year)
        .order_by()
        .values("project_id")
        .annotate(total=Sum("total_amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows), Value(ZERO), output_field=DecimalField(max_digits=18, decimal_places=2))


def coverage_warnings(cov: Coverage) -> list[str]:
    """Where a plan falls short of the Policy (shown on the page and when confirming)."""
    out = []
    pct = _pct
    if not cov.met:
        if cov.kind == K.DEPARTMENT:
            out.append(
                _("评价项目数量占比 %(count)s、资金占比 %(money)s，均低于政策要求的 %(required)s。")
                % {
                    "count": pct(cov.count_share),
                    "money": pct(cov.money_share),
                    "required": pct(cov.required),
                }
            )
        else:
            out.append(
                _("评价资金占重点项目资金的 %(money)s，低于政策要求的 %(required)s。")
                % {"money": pct(cov.money_share), "required": pct(cov.required)}
            )
    if cov.onsite is not None and cov.onsite.total_count and not cov.onsite.met:
        out.append(
            _("现场评价项目数量占比 %(count)s、资金占比 %(money)s，均低于政策要求的 %(required)s。")
            % {
                "count": pct(cov.onsite.count_share),
                "money": pct(cov.onsite.money_share),
                "required": pct(cov.onsite.required),
            }
        )
    return out


def _pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


# --- candidates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    project: Project
    reason: str
    money: Decimal


def candidates(plan: EvaluationPlan, limit: int = CANDIDATE_LIMIT) -> dict[str, list[Candidate]]:
    """Projects to prefer [003 三(二) 1. 优选项目], not yet in the plan:

    - "major": major projects (Project.is_major: at or above the Policy's major threshold), the
      largest first — the projects that embody the department's reform and duties;
    - "low_score": the lowest self-evaluation totals of the year;
    - "review_problems": the most target-review problems of the year (review opinions not
      approved, or graded 中/差).
    """
    planned = plan.evaluations.values("project_id")
    available = pool(plan).exclude(pk__in=planned).select_related("unit")
    major = [
        Candidate(p, _("重大项目（%(amount)s 万元）") % {"amount": _wan(p.total_amount)}, p.money)
        for p in available.filter(is_major=True).order_by("-total_amount", "code")[:limit]
    ]
    self_scores = (
        Evaluation.objects.filter(
            kind=Evaluation.Kind.SELF,
            year=plan.year,
            project_id=OuterRef("pk"),
            total_score__isnull=False,
        )
        .order_by("total_score")
        .values("total_score")[:1]
    )
    low = [
        Candidate(p, _("自评得分 %(score)s") % {"score": p.self_score}, p.money)
        for p in available.annotate(self_score=Subquery(self_scores))
        .filter(self_score__isnull=False)
        .order_by("self_score", "code")[:limit]
    ]
    problem = Q(targets__year=plan.year) & (
        Q(targets__reviews__approved=False) | Q(targets__reviews__grade__in=PROBLEM_GRADES)
    )
    reviewed = [
        Candidate(p, _("目标审核问题 %(n)s 次") % {"n": p.problems}, p.money)
        for p in available.annotate(problems=Count("targets__reviews", filter=problem, distinct=True))
        .filter(problems__gt=0)
        .order_by("-problems", "code")[:limit]
    ]
    return {"major": major, "low_score": low, "review_problems": reviewed}


def _wan(amount: Decimal) -> str:
    return f"{(Decimal(amount) / 10000).quantize(Decimal('0.01'), ROUND_HALF_UP)}"


# --- items -----------------------------------------------------------------------------------------


def approved_target(project: Project, year: int) -> Target | None:
    return (
        Target.objects.filter(
            project=project,
            year=year,
            kind=Target.Kind.PROJECT,
            status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED],
        )
        .order_by("-adjustment_no", "-pk")
        .first()
    )


def add_project(
    plan: EvaluationPlan,
    project: Project,
    user,
    *,
    is_onsite: bool = False,
    flagged_by_audit: bool = False,
    is_major_reform: bool | None = None,
    request=None,
) -> Evaluation:
    """List `project` in the plan: an Evaluation of the plan's kind, 已列入计划, with the project's
    approved target of the year (if any), its unit/department/region and its category's default
    scheme. Refused when the plan is confirmed, the project is not in the plan's pool, or listed."""
    _require_editor(user, plan)
    found = pool(plan).filter(pk=project.pk).first()
    if found is None:
        message = (
            _("项目“%(p)s”不是本部门本年度已入库的预算项目，不能列入计划。")
            if plan.kind == K.DEPARTMENT
            else _("项目“%(p)s”不是本地区本年度已入库的预算项目，不能列入计划。")
        )
        raise PlanError(message % {"p": project.name}, code="invalid")
    if plan.evaluations.filter(project=project).exists():
        raise PlanError(_("项目“%(p)s”已列入本计划。") % {"p": project.name}, code="invalid")
    scheme = default_scheme_for(plan.region_id, project.category)
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            kind=plan.kind,
            fiscal_year=plan.fiscal_year,
            year=plan.year,
            target=approved_target(project, plan.year),
            project=project,
            name=project.name,
            unit_id=project.unit_id,
            department_id=project.department_id,
            region_id=project.region_id,
            category=project.category,
            plan=plan,
            scheme=scheme,
            status=Evaluation.Status.PLANNED,
            is_onsite=is_onsite or flagged_by_audit,
            flagged_by_audit=flagged_by_audit,
            is_major_reform=project.is_major if is_major_reform is None else is_major_reform,
            annual_budget=found.money,
        )
        audit.record(
            EventKind.CREATED,
            user,
            evaluation,
            summary=_("%(plan)s列入项目：%(p)s") % {"plan": plan, "p": project.name},
            data={"plan": plan.pk, "project": project.pk},
            request=request,
        )
    return evaluation


def update_item(
    evaluation: Evaluation,
    user,
    *,
    is_onsite: bool | None = None,
    flagged_by_audit: bool | None = None,
    is_major_reform: bool | None = None,
    request=None,
) -> Evaluation:
    """Change an item's on-site / audit-flag / major-reform marks while the plan is a draft."""
    plan = evaluation.plan
    _require_editor(user, plan)
    changed = {}
    for name, value in (
        ("is_onsite", is_onsite),
        ("flagged_by_audit", flagged_by_audit),
        ("is_major_reform", is_major_reform),
    ):
        if value is not None and getattr(evaluation, name) != value:
            changed[name] = value
    if not changed:
        return evaluation
    with transaction.atomic():
        Evaluation.objects.filter(pk=evaluation.pk).update(**changed, version=evaluation.version + 1)
        audit.record(
            EventKind.UPDATED,
            user,
            evaluation,
            summary=_("修改评价计划项目：%(p)s") % {"p": evaluation.name},
            data={k: v for k, v in changed.items()},
            request=request,
        )
    evaluation.refresh_from_db()
    return evaluation


def remove_item(evaluation: Evaluation, user, *, request=None) -> None:
    """Take a not yet started evaluation off the draft plan."""
    plan = evaluation.plan
    _require_editor(user, plan)
    if evaluation.status != Evaluation.Status.PLANNED:
        raise PlanError(_("评价已开始，不能从计划中移除。"), code="state")
    from accounts.models import ExpertAssignment

    with transaction.atomic():
        ExpertAssignment.objects.filter(purpose=f"evaluation:{evaluation.pk}").delete()
        audit.record(
            EventKind.DELETED,
            user,
            evaluation,
            summary=_("%(plan)s移除项目：%(p)s") % {"plan": plan, "p": evaluation.name},
            request=request,
        )
        evaluation.delete()


def confirm_plan(plan: EvaluationPlan, user, *, request=None) -> list[str]:
    """确定计划. Refused when empty, or (fiscal) when an item flagged by audit or inspection is not
    on site [003 三(三)]; coverage below the Policy's shares is returned as warnings."""
    _require_editor(user, plan)
    cov = coverage(plan)
    if not plan.evaluations.exists():
        raise PlanError(_("计划中还没有评价项目，不能确定。"), code="invalid")
    if cov.onsite is not None and cov.onsite.flagged_offsite:
        names = "、".join(e.name for e in cov.onsite.flagged_offsite)
        raise PlanError(
            _("审计或督查发现问题的项目须全部开展现场评价，以下项目尚未安排现场评价：%(names)s。")
            % {"names": names},
            code="onsite",
        )
    warnings = coverage_warnings(cov)
    with transaction.atomic():
        plan.status = EvaluationPlan.Status.CONFIRMED
        plan.confirmed_at = timezone.now()
        plan.save(update_fields=["status", "confirmed_at"])
        audit.record(
            EventKind.TRANSITION,
            user,
            plan,
            summary=_("确定%(plan)s") % {"plan": plan},
            data={
                "items": cov.planned_count,
                "count_share": str(cov.count_share),
                "money_share": str(cov.money_share),
                "warnings": warnings,
            },
            request=request,
        )
    return warnings


def reopen_plan(plan: EvaluationPlan, user, *, request=None) -> EvaluationPlan:
    """退回编制: a confirmed plan becomes a draft again (items already started stay as they are)."""
    _require_manager(user, plan)
    if plan.status != EvaluationPlan.Status.CONFIRMED:
        raise PlanError(_("评价计划尚未确定。"), code="state")
    with transaction.atomic():
        plan.status = EvaluationPlan.Status.DRAFT
        plan.confirmed_at = None
        plan.save(update_fields=["status", "confirmed_at"])
        audit.record(
            EventKind.TRANSITION, user, plan, summary=_("退回编制%(plan)s") % {"plan": plan}, request=request
        )
    return plan
