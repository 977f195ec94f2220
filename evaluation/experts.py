"""Experts and third-party agencies on department and fiscal evaluations [财预〔2021〕6号]:
the expert pool, assignment with the conflict-of-interest check, blind scoring, the panel's view
of the spread and the agreed score per criterion.

- Conflict of interest (回避): an expert whose employer is the evaluated unit, its department or
  another unit of that department, or who declared a conflict with the unit or the department,
  is refused [财预〔2021〕6号 第三方机构和专家回避].
- An expert sees an evaluation only while assigned (Evaluation.objects.visible_to reads the
  active Assignment); accounts.ExpertAssignment(purpose "evaluation:<pk>") is kept in step so the
  project page opens for them too, and ending the assignment closes both at once.
- Blind scoring: an expert scores every level-3 criterion and submits; until every active
  assignment has submitted nobody — the other experts, the evaluator, leaders — sees anyone's
  scores but their own. Then the panel sees each criterion's scores with their spread, the
  criteria where the experts disagree most highlighted, and fixes the agreed score
  (CriterionResult). The total is the sum of the agreed scores; the grade comes from the year's
  bands, one band lower for a recorded violation [004 第三十七条][003 二(四)].
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import dept_officer_of, finance_admin_of, finance_of
from accounts.models import READ_ONLY_ROLES, ExpertAssignment, Organization, Role, RoleAssignment, User
from accounts.scoping import scope_of
from evaluation.models import Assignment, Criterion, CriterionResult, Evaluation, ExpertProfile, ExpertScore
from evaluation.schemes import level3
from perfapp import audit
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.workflow import WorkflowError

CENT = Decimal("0.01")
ZERO = Decimal("0")
E = Evaluation.Status
EXTERNAL_KINDS = (Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL, Evaluation.Kind.RE_EVALUATION)
#: UI emphasis, not a rule: a criterion whose spread (max − min) reaches this share of its points
#: is highlighted for discussion before the agreed score is fixed …
DISAGREEMENT_SHARE = Decimal("0.20")
#: … and so are the criteria with the largest relative spread (at most this many, spread > 0).
TOP_DISAGREEMENTS = 3
#: Statuses in which experts can be assigned or ended.
ASSIGNABLE = (E.PLANNED, E.IN_PROGRESS)
#: Statuses in which the panel fixes agreed scores.
AGREEING = (E.IN_PROGRESS, E.JOINT_REVIEW)


class ExpertError(WorkflowError):
    """A refused expert action; `errors` maps a criterion id to its message when scores are bad."""

    def __init__(self, message: str, code: str = "refused", errors: dict | None = None):
        super().__init__(message, code=code)
        self.errors = errors or {}


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


# --- who ------------------------------------------------------------------------------------------


def is_evaluator(user, evaluation: Evaluation) -> bool:
    """Who runs the evaluation: the department for a department evaluation, finance (the managing
    division or the region's finance admin) for a fiscal one [003 三(二)(三)]."""
    if evaluation.kind == Evaluation.Kind.DEPARTMENT:
        return dept_officer_of(evaluation, user)
    return finance_of(evaluation, user)


def evaluators_of(evaluation: Evaluation) -> list[User]:
    """The users to notify on the evaluator's side."""
    if evaluation.kind == Evaluation.Kind.DEPARTMENT:
        q = Q(role=Role.DEPT_OFFICER, organization_id=evaluation.department_id)
    else:
        q = Q(role=Role.FINANCE_ADMIN, organization__region_id=evaluation.region_id)
        division = Organization.objects.filter(pk=evaluation.department_id).values_list(
            "division_id", flat=True
        )
        q |= Q(role=Role.FINANCE_REVIEWER, division_id__in=division)
    ids = RoleAssignment.objects.filter(q).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _require_evaluator(user, evaluation: Evaluation, what: str) -> None:
    if not is_evaluator(user, evaluation):
        raise ExpertError(what, code="permission")


# --- the pool --------------------------------------------------------------------------------------


def _pool_region_ids(user) -> set[int] | None:
    scope = scope_of(user)
    if scope.is_empty:
        return set()
    ids = set(scope.region_ids or ())
    ids |= set(Organization.objects.filter(pk__in=scope.organization_ids).values_list("region_id", flat=True))
    return ids


def profiles_visible_to(user):
    """The expert pool: finance sees its region's pool; departments choose experts from the pool
    of their region; an expert sees only their own profile."""
    scope = scope_of(user)
    if scope.is_empty:
        return ExpertProfile.objects.none()
    if scope.roles <= {Role.EXPERT}:
        return ExpertProfile.objects.filter(user_id=user.pk)
    return ExpertProfile.objects.filter(Q(region_id__in=_pool_region_ids(user)) | Q(user_id=user.pk))


def can_edit_profile(user, profile: ExpertProfile) -> tuple[bool, str]:
    if finance_admin_of(profile, user):
        return True, ""
    return False, _("只有财政绩效管理员可以维护专家库。")


def expert_users(region_ids) -> list[User]:
    """Users holding the expert role at an organization of the regions (candidates for the pool)."""
    ids = RoleAssignment.objects.filter(role=Role.EXPERT, organization__region_id__in=region_ids).values(
        "user_id"
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def save_profile(profile: ExpertProfile, conflicts, user, *, request=None) -> ExpertProfile:
    """Create or change a pool entry (finance admin of its region); the user must hold the expert
    role; `conflicts` are the organizations the expert declared a conflict with."""
    ok, reason = can_edit_profile(user, profile)
    if not ok:
        raise ExpertError(reason, code="permission")
    if not RoleAssignment.objects.filter(user_id=profile.user_id, role=Role.EXPERT).exists():
        raise ExpertError(_("该用户没有评审专家角色，不能加入专家库。"), code="invalid")
    if profile.agency_id and profile.agency.kind != Organization.Kind.AGENCY:
        raise ExpertError(_("所属第三方机构须为第三方机构类型的机构。"), code="invalid")
    created = profile.pk is None
    with transaction.atomic():
        profile.save()
        profile.declared_conflicts.set(conflicts)
        audit.record(
            EventKind.CREATED if created else EventKind.UPDATED,
            user,
            profile,
            summary=(_("专家入库：%(u)s") if created else _("修改专家信息：%(u)s")) % {"u": profile.user},
            data={"conflicts": [o.pk for o in conflicts], "active": profile.active},
            request=request,
        )
    return profile


# --- conflict of interest --------------------------------------------------------------------------


def conflicts(expert: User, evaluation: Evaluation, profile: ExpertProfile | None = None) -> list[str]:
    """Why `expert` may not evaluate `evaluation` (empty when there is no conflict)
    [财预〔2021〕6号]: works at the evaluated unit, at its department or at another unit of that
    department; or declared a conflict with the unit or the department."""
    profile = profile if profile is not None else ExpertProfile.objects.filter(user=expert).first()
    reasons = []
    employers = {expert.organization_id} - {None}
    if profile is not None and profile.employer_id:
        employers.add(profile.employer_id)
    evaluated = {evaluation.unit_id, evaluation.department_id}
    for org in Organization.objects.filter(pk__in=employers):
        if org.pk == evaluation.unit_id:
            reasons.append(_("专家工作单位“%(org)s”即被评价单位") % {"org": org.name})
        elif org.pk == evaluation.department_id:
            reasons.append(_("专家工作单位“%(org)s”是被评价单位的主管部门") % {"org": org.name})
        elif org.kind == Organization.Kind.UNIT and org.parent_id == evaluation.department_id:
            reasons.append(_("专家工作单位“%(org)s”与被评价单位同属一个主管部门") % {"org": org.name})
    if profile is not None and profile.pk:
        for org in profile.declared_conflicts.filter(pk__in=evaluated):
            reasons.append(_("专家已申报与“%(org)s”存在利益冲突") % {"org": org.name})
    return reasons


# --- assignment ------------------------------------------------------------------------------------


def assignments_visible_to(user):
    """An expert sees only their own assignments; the others see those of the evaluations they see."""
    visible = Evaluation.objects.visible_to(user).values("pk")
    qs = Assignment.objects.filter(evaluation_id__in=visible)
    if scope_of(user).roles <= {Role.EXPERT}:
        qs = qs.filter(expert_id=user.pk)
    return qs


def _purpose(evaluation: Evaluation) -> str:
    return f"evaluation:{evaluation.pk}"


def _sync_project_access(assignment: Assignment) -> None:
    """Keep accounts.ExpertAssignment in step: the expert opens the project page while assigned."""
    evaluation = assignment.evaluation
    if not evaluation.project_id:
        return
    ExpertAssignment.objects.update_or_create(
        expert_id=assignment.expert_id,
        project_id=evaluation.project_id,
        purpose=_purpose(evaluation),
        defaults={"active": assignment.active},
    )


def assign(
    evaluation: Evaluation,
    expert: User,
    user,
    *,
    role: str = Assignment.Role.MEMBER,
    no_conflict_declared: bool = False,
    request=None,
) -> Assignment:
    """Assign an expert of the pool (or an agency's staff member, role "agency") to the evaluation.

    Refused: not the evaluator; the evaluation past 评价中; the user not an active pool expert;
    a conflict of interest (Chinese reason, code "conflict"); role agency for an expert of no agency.
    An ended assignment of the same expert is reactivated."""
    _require_evaluator(user, evaluation, _("只有组织评价的部门或财政可以指派专家。"))
    if evaluation.kind not in EXTERNAL_KINDS:
        raise ExpertError(_("只有部门评价和财政评价可以指派专家。"), code="invalid")
    evaluation.refresh_from_db(fields=["status"])
    if evaluation.status not in ASSIGNABLE:
        raise ExpertError(_("评价已进入联评联审或已定稿，不能再调整专家。"), code="state")
    profile = ExpertProfile.objects.filter(user=expert, active=True).select_related("agency").first()
    if profile is None or not RoleAssignment.objects.filter(user=expert, role=Role.EXPERT).exists():
        raise ExpertError(_("“%(u)s”不是专家库中的在库专家。") % {"u": expert}, code="invalid")
    reasons = conflicts(expert, evaluation, profile)
    if reasons:
        raise ExpertError(
            _("存在利益冲突，须回避：%(reasons)s。") % {"reasons": "；".join(reasons)}, code="conflict"
        )
    if role not in Assignment.Role.values:
        raise ExpertError(_("未知的评价角色。"), code="invalid")
    agency = None
    if role == Assignment.Role.AGENCY:
        if not profile.agency_id:
            raise ExpertError(_("“%(u)s”不属于任何第三方机构。") % {"u": expert}, code="invalid")
        agency = profile.agency
    with transaction.atomic():
        assignment, created = Assignment.objects.select_for_update().get_or_create(
            evaluation=evaluation,
            expert=expert,
            defaults={
                "role": role,
                "agency": agency,
                "assigned_by": user,
                "no_conflict_declared": no_conflict_declared,
            },
        )
        if not created:
            if assignment.active:
                raise ExpertError(_("“%(u)s”已指派到本评价。") % {"u": expert}, code="invalid")
            assignment.active = True
            assignment.ended_at = None
            assignment.role = role
            assignment.agency = agency
            assignment.assigned_by = user
            assignment.no_conflict_declared = no_conflict_declared
            assignment.save()
        _sync_project_access(assignment)
        audit.record(
            EventKind.CREATED,
            user,
            assignment,
            summary=_("指派专家%(u)s参加%(e)s") % {"u": expert, "e": evaluation.name},
            data={"evaluation": evaluation.pk, "expert": expert.pk, "role": role},
            request=request,
        )
        notify(
            EventKind.TRANSITION,
            user,
            evaluation,
            [expert],
            title=_("您被指派参加绩效评价：%(e)s") % {"e": evaluation.name},
            url=_url("evaluation:evaluation_detail", evaluation.pk),
        )
    return assignment


def end_assignment(assignment: Assignment, user, *, request=None) -> Assignment:
    """结束指派: the expert loses sight of the evaluation (and its project) at once."""
    evaluation = assignment.evaluation
    _require_evaluator(user, evaluation, _("只有组织评价的部门或财政可以调整专家。"))
    if not assignment.active:
        raise ExpertError(_("该指派已结束。"), code="state")
    evaluation.refresh_from_db(fields=["status"])
    if evaluation.status not in ASSIGNABLE:
        raise ExpertError(_("评价已进入联评联审或已定稿，不能再调整专家。"), code="state")
    with transaction.atomic():
        assignment.active = False
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["active", "ended_at"])
        _sync_project_access(assignment)
        audit.record(
            EventKind.UPDATED,
            user,
            assignment,
            summary=_("结束专家%(u)s对%(e)s的指派") % {"u": assignment.expert, "e": evaluation.name},
            request=request,
        )
    return assignment


def my_assignment(evaluation: Evaluation, user) -> Assignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Assignment.objects.filter(evaluation=evaluation, expert_id=user.pk, active=True).first()


# --- blind scoring ---------------------------------------------------------------------------------


def can_score(user, assignment: Assignment) -> tuple[bool, str]:
    if assignment.expert_id != getattr(user, "pk", None) or not assignment.active:
        return False, _("只有被指派的专家本人可以评分。")
    if assignment.submitted_at is not None:
        return False, _("评分已提交，不能修改。")
    if assignment.evaluation.status != E.IN_PROGRESS:
        return False, _("评价尚未开始或已结束评分，当前不能评分。")
    if assignment.evaluation.scheme_id is None:
        return False, _("评价尚未确定评价指标体系。")
    return True, ""


def _check_entries(evaluation: Evaluation, entries: dict[int, tuple]) -> tuple[dict, dict[int, Criterion]]:
    """Validate {criterion id: (score, comment)} against the scheme's level-3 criteria."""
    criteria = {c.pk: c for c in level3(evaluation.scheme)}
    errors = {}
    for cid, (score, _comment) in entries.items():
        criterion = criteria.get(cid)
        if criterion is None:
            errors[cid] = _("指标不属于本评价的三级指标。")
        elif score is None:
            continue
        elif score < 0 or score > criterion.points:
            errors[cid] = _("“%(name)s”的得分须在 0 到 %(points)s 分之间。") % {
                "name": criterion.name,
                "points": _num(criterion.points),
            }
    return errors, criteria


def save_scores(
    assignment: Assignment, entries: dict[int, tuple], user, *, request=None
) -> list[ExpertScore]:
    """Save the expert's own scores {criterion id: (score or None, comment)}; None clears a score.
    All or nothing: a score outside 0..points refuses the lot (errors per criterion)."""
    ok, reason = can_score(user, assignment)
    if not ok:
        raise ExpertError(reason, code="permission" if assignment.expert_id != user.pk else "state")
    evaluation = assignment.evaluation
    errors, criteria = _check_entries(evaluation, entries)
    if errors:
        raise ExpertError(_("评分有误，未保存：%(e)s") % {"e": "；".join(errors.values())}, "invalid", errors)
    saved = []
    with transaction.atomic():
        for cid, (score, comment) in entries.items():
            if score is None:
                ExpertScore.objects.filter(assignment=assignment, criterion_id=cid).delete()
                continue
            row, _created = ExpertScore.objects.update_or_create(
                assignment=assignment,
                criterion=criteria[cid],
                defaults={"score": score, "comment": comment or ""},
            )
            saved.append(row)
        audit.record(
            EventKind.SCORE,
            user,
            assignment,
            summary=_("专家评分：%(e)s") % {"e": evaluation.name},
            data={"scores": {str(cid): str(s) for cid, (s, _c) in entries.items()}},
            request=request,
        )
    return saved


def missing_scores(assignment: Assignment) -> list[Criterion]:
    scored = set(assignment.scores.values_list("criterion_id", flat=True))
    return [c for c in level3(assignment.evaluation.scheme) if c.pk not in scored]


def submit_scores(assignment: Assignment, user, *, request=None) -> Assignment:
    """提交评分: every level-3 criterion scored; then the scores are frozen. When the last expert
    submits, the evaluator is told that the panel can fix the agreed scores."""
    ok, reason = can_score(user, assignment)
    if not ok:
        raise ExpertError(reason, code="permission" if assignment.expert_id != user.pk else "state")
    missing = missing_scores(assignment)
    if missing:
        raise ExpertError(
            _("以下指标尚未评分，不能提交：%(names)s。") % {"names": "、".join(c.name for c in missing)},
            code="incomplete",
        )
    evaluation = assignment.evaluation
    with transaction.atomic():
        updated = Assignment.objects.filter(pk=assignment.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
        if not updated:
            raise ExpertError(_("评分已提交，不能修改。"), code="state")
        assignment.refresh_from_db()
        audit.record(
            EventKind.SCORE,
            user,
            assignment,
            summary=_("专家提交评分：%(e)s") % {"e": evaluation.name},
            request=request,
        )
        if panel_complete(evaluation):
            notify(
                EventKind.SCORE,
                user,
                evaluation,
                evaluators_of(evaluation),
                title=_("专家已全部提交评分，请认定得分：%(e)s") % {"e": evaluation.name},
                url=_url("evaluation:evaluation_detail", evaluation.pk),
            )
    return assignment


def panel_complete(evaluation: Evaluation) -> bool:
    """Every active assignment has submitted (and there is at least one)."""
    active = Assignment.objects.filter(evaluation=evaluation, active=True)
    return active.exists() and not active.filter(submitted_at__isnull=True).exists()


def can_see_panel(user, evaluation: Evaluation) -> bool:
    """After every expert submitted: the evaluator, finance, region-wide read-only roles and the
    experts who submitted see every score. Before that, nobody sees another expert's scores; the
    evaluated unit never sees individual experts' scores (only the agreed ones)."""
    if not panel_complete(evaluation):
        return False
    if is_evaluator(user, evaluation) or finance_of(evaluation, user):
        return True
    scope = scope_of(user)
    if scope.roles & READ_ONLY_ROLES and scope.region_ids and evaluation.region_id in scope.region_ids:
        return True
    mine = my_assignment(evaluation, user)
    return mine is not None and mine.submitted_at is not None


def visible_scores(evaluation: Evaluation, user):
    """The expert scores of `evaluation` that `user` may read: all of them once can_see_panel,
    otherwise only the user's own (blind scoring)."""
    qs = ExpertScore.objects.filter(assignment__evaluation=evaluation).select_related(
        "assignment__expert", "criterion"
    )
    if can_see_panel(user, evaluation):
        return qs.filter(assignment__active=True)
    return qs.filter(assignment__expert_id=getattr(user, "pk", None), assignment__active=True)


# --- the panel: spread and agreed scores -----------------------------------------------------------


@dataclass
class PanelRow:
    criterion: Criterion
    #: (assignment, score or None) in assignment order.
    scores: list
    mean: Decimal | None
    spread: Decimal | None
    stdev: Decimal | None
    relative_spread: Decimal | None
    highlighted: bool
    agreed: CriterionResult | None


def _q(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def panel(evaluation: Evaluation) -> list[PanelRow]:
    """Each level-3 criterion with every active expert's score, the mean, the spread (max − min)
    and the population standard deviation; the criteria where the experts disagree most are
    highlighted (DISAGREEMENT_SHARE, TOP_DISAGREEMENTS — emphasis for the discussion, not a rule)."""
    if evaluation.scheme_id is None:
        return []
    assignments = list(
        Assignment.objects.filter(evaluation=evaluation, active=True)
        .select_related("expert")
        .order_by("role", "id")
    )
    scores = {
        (s.assignment_id, s.criterion_id): s for s in ExpertScore.objects.filter(assignment__in=assignments)
    }
    agreed = {r.criterion_id: r for r in CriterionResult.objects.filter(evaluation=evaluation)}
    rows = []
    for criterion in level3(evaluation.scheme):
        cells = [(a, scores.get((a.pk, criterion.pk))) for a in assignments]
        values = [s.score for _a, s in cells if s is not None]
        if values:
            spread = max(values) - min(values)
            mean = _q(sum(values, ZERO) / len(values))
            stdev = _q(statistics.pstdev(values)) if len(values) > 1 else ZERO
            relative = (spread / criterion.points).quantize(Decimal("0.0001")) if criterion.points else ZERO
        else:
            spread = mean = stdev = relative = None
        rows.append(
            PanelRow(criterion, cells, mean, spread, stdev, relative, False, agreed.get(criterion.pk))
        )
    ranked = sorted((r for r in rows if r.spread), key=lambda r: r.relative_spread, reverse=True)
    top = {id(r) for r in ranked[:TOP_DISAGREEMENTS]}
    for r in rows:
        r.highlighted = bool(r.spread) and (id(r) in top or r.relative_spread >= DISAGREEMENT_SHARE)
    return rows


@dataclass(frozen=True)
class Result:
    total: Decimal
    complete: bool
    missing: list
    grade: str
    grade_label: str
    downgraded: bool


def result(evaluation: Evaluation) -> Result:
    """Total = sum of the agreed scores (政策加分 included); the grade by the year's bands, one band
    lower for a recorded violation [004 第三十七条][003 二(四)]."""
    from evaluation.scoring import grade_of

    criteria = level3(evaluation.scheme) if evaluation.scheme_id else []
    agreed = {r.criterion_id: r.score for r in CriterionResult.objects.filter(evaluation=evaluation)}
    missing = [c for c in criteria if c.pk not in agreed]
    total = _q(sum((agreed[c.pk] for c in criteria if c.pk in agreed), ZERO))
    band, downgraded = grade_of(
        evaluation.fiscal_year.policy.self_evaluation, total, violation=evaluation.violation
    )
    return Result(total, bool(criteria) and not missing, missing, band.grade, band.label, downgraded)


def store_result(evaluation: Evaluation) -> Evaluation:
    """Write the total and grade on the evaluation when every criterion has its agreed score."""
    res = result(evaluation)
    fields = {
        "total_score": res.total if res.complete else None,
        "grade": res.grade if res.complete else "",
        "grade_label": res.grade_label if res.complete else "",
        "downgraded": res.downgraded if res.complete else False,
        "policy_version": evaluation.fiscal_year.policy_row.version or None,
    }
    Evaluation.objects.filter(pk=evaluation.pk).update(**fields, version=F("version") + 1)
    evaluation.refresh_from_db()
    return evaluation


def fix_agreed_scores(evaluation: Evaluation, entries: dict[int, tuple], user, *, request=None) -> Evaluation:
    """认定得分 {criterion id: (score, comment)} by the evaluator, once every expert submitted,
    while the evaluation is 评价中 or in 联评联审. All or nothing."""
    _require_evaluator(user, evaluation, _("只有组织评价的部门或财政可以认定得分。"))
    # The state is read from the row, never from the caller's possibly older copy.
    evaluation = Evaluation.objects.select_related("fiscal_year", "scheme").get(pk=evaluation.pk)
    if evaluation.status not in AGREEING:
        raise ExpertError(
            _("当前状态（%(s)s）不能认定得分。") % {"s": evaluation.get_status_display()}, "state"
        )
    if not panel_complete(evaluation):
        raise ExpertError(_("专家尚未全部提交评分，不能认定得分。"), code="state")
    errors, criteria = _check_entries(evaluation, entries)
    blanks = [cid for cid, (s, _c) in entries.items() if s is None and cid in criteria]
    for cid in blanks:
        errors[cid] = _("“%(name)s”请填写认定得分。") % {"name": criteria[cid].name}
    if errors:
        raise ExpertError(
            _("认定得分有误，未保存：%(e)s") % {"e": "；".join(errors.values())}, "invalid", errors
        )
    with transaction.atomic():
        for cid, (score, comment) in entries.items():
            CriterionResult.objects.update_or_create(
                evaluation=evaluation,
                criterion=criteria[cid],
                defaults={"score": score, "comment": comment or "", "fixed_by": user},
            )
        evaluation = store_result(evaluation)
        audit.record(
            EventKind.SCORE,
            user,
            evaluation,
            summary=_("认定评价得分：%(e)s") % {"e": evaluation.name},
            data={
                "scores": {str(cid): str(s) for cid, (s, _c) in entries.items()},
                "total": str(evaluation.total_score) if evaluation.total_score is not None else None,
            },
            request=request,
        )
    return evaluation


def suggested_agreed(rows: list[PanelRow]) -> dict[int, Decimal]:
    """What the agreed-score form starts with: the agreed score if fixed, else the experts' mean."""
    return {r.criterion.pk: (r.agreed.score if r.agreed else r.mean) for r in rows}
