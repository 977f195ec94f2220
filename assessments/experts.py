"""Re-assessment by experts or a third-party agency [004 第十六条]: assignment with the evaluation
stage's conflict-of-interest check, blind scoring of the five dimensions under the assessment's
scheme (default 20 points each, each graded 优/良/中/差), and the panel's result.

- Conflict of interest (回避): evaluation.experts.conflicts — an expert whose employer is the
  project's unit, its department or another unit of that department, or who declared a conflict
  with the unit or the department, is refused [财预〔2021〕6号].
- An expert sees an assessment only while assigned (PriorAssessment.objects.visible_to reads the
  active assignment); accounts.ExpertAssignment(purpose "assessment:<pk>") is kept in step so the
  project page opens for them too.
- Blind: until every active assignment has submitted, nobody sees anyone's scores but their own.
  Then finance, the region's read-only roles and the experts who submitted see every score; the
  unit sees the panel's means only once finance has concluded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import finance_of
from accounts.models import READ_ONLY_ROLES, ExpertAssignment, Organization, Role, RoleAssignment, User
from accounts.scoping import scope_of
from assessments.models import (
    AssessmentExpertAssignment,
    AssessmentExpertScore,
    Dimension,
    PriorAssessment,
)
from assessments.rules import AssessmentError, bands_of, finance_users, grade_of, points_of
from perfapp import audit
from perfapp.models import EventKind
from perfapp.notify import notify

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
S = PriorAssessment.Status


def _url(pk: int) -> str:
    from assessments.rules import _url as url

    return url("assessments:assessment_detail", pk)


def _purpose(assessment: PriorAssessment) -> str:
    return f"assessment:{assessment.pk}"


def _sync_project_access(assignment: AssessmentExpertAssignment) -> None:
    """Keep accounts.ExpertAssignment in step: the expert opens the project page while assigned."""
    ExpertAssignment.objects.update_or_create(
        expert_id=assignment.expert_id,
        project_id=assignment.assessment.project_id,
        purpose=_purpose(assignment.assessment),
        defaults={"active": assignment.active},
    )


def conflicts_of(expert: User, assessment: PriorAssessment, profile=None) -> list[str]:
    """The evaluation stage's conflict-of-interest rule, applied to the assessed project's unit and
    department (the assessment carries unit_id and department_id like an evaluation)."""
    from evaluation.experts import conflicts

    return conflicts(expert, assessment, profile)


def _require_finance(user, assessment: PriorAssessment, what: str) -> None:
    if not finance_of(assessment, user):
        raise AssessmentError(what, code="permission")


def assign(
    assessment: PriorAssessment, expert: User, user, *, no_conflict_declared: bool = False, request=None
) -> AssessmentExpertAssignment:
    """Assign a pool expert (or an agency's staff member) to re-assess.

    Refused: not finance; the assessment not 再评估中; the user not an active pool expert; a conflict
    of interest (code "conflict"). An ended assignment of the same expert is reactivated."""
    from evaluation.models import ExpertProfile

    _require_finance(user, assessment, _("只有财政部门可以指派评估专家。"))
    assessment.refresh_from_db(fields=["status"])
    if assessment.status != S.REASSESSMENT:
        raise AssessmentError(_("只有委托再评估中的事前绩效评估可以指派专家。"), code="state")
    profile = ExpertProfile.objects.filter(user=expert, active=True).select_related("agency").first()
    if profile is None or not RoleAssignment.objects.filter(user=expert, role=Role.EXPERT).exists():
        raise AssessmentError(_("“%(u)s”不是专家库中的在库专家。") % {"u": expert})
    reasons = conflicts_of(expert, assessment, profile)
    if reasons:
        raise AssessmentError(
            _("存在利益冲突，须回避：%(reasons)s。") % {"reasons": "；".join(reasons)}, code="conflict"
        )
    with transaction.atomic():
        assignment, created = AssessmentExpertAssignment.objects.select_for_update().get_or_create(
            assessment=assessment,
            expert=expert,
            defaults={
                "agency": profile.agency,
                "assigned_by": user,
                "no_conflict_declared": no_conflict_declared,
            },
        )
        if not created:
            if assignment.active:
                raise AssessmentError(_("“%(u)s”已指派到本评估。") % {"u": expert})
            assignment.active = True
            assignment.ended_at = None
            assignment.agency = profile.agency
            assignment.assigned_by = user
            assignment.no_conflict_declared = no_conflict_declared
            assignment.save()
        _sync_project_access(assignment)
        audit.record(
            EventKind.CREATED,
            user,
            assignment,
            summary=_("指派专家%(u)s参加%(a)s") % {"u": expert, "a": assessment},
            data={"assessment": assessment.pk, "expert": expert.pk},
            request=request,
        )
        notify(
            EventKind.TRANSITION,
            user,
            assessment,
            [expert],
            title=_("您被指派参加事前绩效评估：%(p)s") % {"p": assessment.project.name},
            url=_url(assessment.pk),
        )
    return assignment


def end_assignment(
    assignment: AssessmentExpertAssignment, user, *, request=None
) -> AssessmentExpertAssignment:
    """结束指派: the expert loses sight of the assessment (and its project) at once."""
    assessment = assignment.assessment
    _require_finance(user, assessment, _("只有财政部门可以调整评估专家。"))
    if not assignment.active:
        raise AssessmentError(_("该指派已结束。"), code="state")
    if assessment.status != S.REASSESSMENT:
        raise AssessmentError(_("评估已出具结论，不能再调整专家。"), code="state")
    with transaction.atomic():
        assignment.active = False
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["active", "ended_at"])
        _sync_project_access(assignment)
        audit.record(
            EventKind.UPDATED,
            user,
            assignment,
            summary=_("结束专家%(u)s对%(a)s的指派") % {"u": assignment.expert, "a": assessment},
            request=request,
        )
    return assignment


def my_assignment(assessment: PriorAssessment, user) -> AssessmentExpertAssignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return AssessmentExpertAssignment.objects.filter(
        assessment=assessment, expert_id=user.pk, active=True
    ).first()


def assignments_visible_to(user):
    """An expert sees only their own assignments; the others those of the assessments they see."""
    visible = PriorAssessment.objects.visible_to(user).values("pk")
    qs = AssessmentExpertAssignment.objects.filter(assessment_id__in=visible)
    if scope_of(user).roles <= {Role.EXPERT}:
        qs = qs.filter(expert_id=user.pk)
    return qs


# --- blind scoring ---------------------------------------------------------------------------------


def can_score(user, assignment: AssessmentExpertAssignment) -> tuple[bool, str]:
    if assignment.expert_id != getattr(user, "pk", None) or not assignment.active:
        return False, _("只有被指派的专家本人可以评分。")
    if assignment.submitted_at is not None:
        return False, _("评分已提交，不能修改。")
    if assignment.assessment.status != S.REASSESSMENT:
        return False, _("评估不在再评估阶段，当前不能评分。")
    return True, ""


def _refuse_scoring(user, assignment):
    ok, reason = can_score(user, assignment)
    if not ok:
        raise AssessmentError(reason, code="permission" if assignment.expert_id != user.pk else "state")


def grade_score(assessment: PriorAssessment, dimension: str, score: Decimal):
    """The band of one dimension's score: its percentage of the dimension's points."""
    points = points_of(assessment)[dimension]
    percent = (score / points * HUNDRED) if points else HUNDRED
    return grade_of(bands_of(assessment), percent)


def save_scores(
    assignment: AssessmentExpertAssignment, entries: dict[str, tuple], user, *, request=None
) -> list[AssessmentExpertScore]:
    """Save the expert's own scores {dimension: (score or None, comment)}; None clears one. All or
    nothing: a score outside 0..points refuses the lot, with a message per dimension."""
    _refuse_scoring(user, assignment)
    assessment = assignment.assessment
    points = points_of(assessment)
    labels = dict(Dimension.choices)
    errors = {}
    for dimension, (score, _comment) in entries.items():
        if dimension not in points:
            errors[dimension] = _("未知的评估维度：%(d)s") % {"d": dimension}
        elif score is not None and not (0 <= score <= points[dimension]):
            errors[dimension] = _("“%(d)s”的得分须在 0 到 %(p)s 分之间。") % {
                "d": labels[dimension],
                "p": f"{points[dimension].normalize():f}",
            }
    if errors:
        raise AssessmentError(_("评分有误，未保存：%(e)s") % {"e": "；".join(errors.values())}, errors=errors)
    saved = []
    with transaction.atomic():
        for dimension, (score, comment) in entries.items():
            if score is None:
                AssessmentExpertScore.objects.filter(assignment=assignment, dimension=dimension).delete()
                continue
            band = grade_score(assessment, dimension, score)
            row, _created = AssessmentExpertScore.objects.update_or_create(
                assignment=assignment,
                dimension=dimension,
                defaults={
                    "score": score,
                    "grade": band.grade,
                    "grade_label": band.label,
                    "comment": comment or "",
                },
            )
            saved.append(row)
        audit.record(
            EventKind.SCORE,
            user,
            assignment,
            summary=_("事前评估专家评分：%(a)s") % {"a": assessment},
            data={"scores": {d: str(s) for d, (s, _c) in entries.items()}},
            request=request,
        )
    return saved


def missing_dimensions(assignment: AssessmentExpertAssignment) -> list[str]:
    scored = set(assignment.scores.values_list("dimension", flat=True))
    return [str(label) for value, label in Dimension.choices if value not in scored]


def submit_scores(
    assignment: AssessmentExpertAssignment, user, *, request=None
) -> AssessmentExpertAssignment:
    """提交评分: every dimension scored; then frozen. When the last expert submits, the panel's result
    is stored and finance is told it can conclude."""
    _refuse_scoring(user, assignment)
    missing = missing_dimensions(assignment)
    if missing:
        raise AssessmentError(
            _("以下维度尚未评分，不能提交：%(names)s。") % {"names": "、".join(missing)}, code="incomplete"
        )
    assessment = assignment.assessment
    with transaction.atomic():
        updated = AssessmentExpertAssignment.objects.filter(
            pk=assignment.pk, submitted_at__isnull=True
        ).update(submitted_at=timezone.now())
        if not updated:
            raise AssessmentError(_("评分已提交，不能修改。"), code="state")
        assignment.refresh_from_db()
        audit.record(
            EventKind.SCORE,
            user,
            assignment,
            summary=_("专家提交事前评估评分：%(a)s") % {"a": assessment},
            request=request,
        )
        if panel_complete(assessment):
            store_result(assessment)
            notify(
                EventKind.SCORE,
                user,
                assessment,
                finance_users(assessment),
                title=_("专家已全部提交评分，请出具评估结论：%(p)s") % {"p": assessment.project.name},
                url=_url(assessment.pk),
            )
    return assignment


def panel_complete(assessment: PriorAssessment) -> bool:
    """Every active assignment has submitted (and there is at least one)."""
    active = AssessmentExpertAssignment.objects.filter(assessment=assessment, active=True)
    return active.exists() and not active.filter(submitted_at__isnull=True).exists()


def can_see_panel(user, assessment: PriorAssessment) -> bool:
    """After every expert submitted: finance, the region's read-only roles and the experts who
    submitted see every score. Before that nobody sees another expert's scores."""
    if not panel_complete(assessment):
        return False
    if finance_of(assessment, user):
        return True
    scope = scope_of(user)
    if scope.roles & READ_ONLY_ROLES and scope.region_ids and assessment.region_id in scope.region_ids:
        return True
    mine = my_assignment(assessment, user)
    return mine is not None and mine.submitted_at is not None


def can_see_summary(user, assessment: PriorAssessment) -> bool:
    """The panel's means and grade: whoever sees the panel, and the declarer once concluded."""
    if can_see_panel(user, assessment):
        return True
    return assessment.status == S.CONCLUDED and panel_complete(assessment)


def visible_scores(assessment: PriorAssessment, user):
    """The scores `user` may read: all once can_see_panel, otherwise only their own (blind)."""
    qs = AssessmentExpertScore.objects.filter(
        assignment__assessment=assessment, assignment__active=True
    ).select_related("assignment__expert")
    if can_see_panel(user, assessment):
        return qs
    return qs.filter(assignment__expert_id=getattr(user, "pk", None))


@dataclass
class PanelRow:
    dimension: str
    label: str
    points: Decimal
    #: (assignment, score row or None) in assignment order.
    scores: list
    mean: Decimal | None
    grade_label: str


@dataclass
class Result:
    total: Decimal | None
    grade: str
    grade_label: str
    rows: list[PanelRow]


def _q(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def panel(assessment: PriorAssessment) -> list[PanelRow]:
    """Each dimension with every active expert's score, the mean and its grade."""
    points = points_of(assessment)
    assignments = list(
        AssessmentExpertAssignment.objects.filter(assessment=assessment, active=True)
        .select_related("expert")
        .order_by("id")
    )
    by_key = {
        (s.assignment_id, s.dimension): s
        for s in AssessmentExpertScore.objects.filter(assignment__in=[a.pk for a in assignments])
    }
    rows = []
    for value, label in Dimension.choices:
        scores = [(a, by_key.get((a.pk, value))) for a in assignments]
        given = [s.score for _a, s in scores if s is not None]
        mean = _q(sum(given) / len(given)) if given else None
        grade = grade_score(assessment, value, mean).label if mean is not None else ""
        rows.append(PanelRow(value, str(label), points[value], scores, mean, grade))
    return rows


def result(assessment: PriorAssessment) -> Result:
    """The panel's total (sum of the dimension means) and its grade under the assessment's lines."""
    rows = panel(assessment)
    if not rows or any(r.mean is None for r in rows):
        return Result(None, "", "", rows)
    total = _q(sum(r.mean for r in rows))
    band = grade_of(bands_of(assessment), total)
    return Result(total, band.grade, band.label, rows)


def store_result(assessment: PriorAssessment) -> PriorAssessment:
    """Write the panel's total and grade onto the assessment (no version bump: not a user edit)."""
    res = result(assessment)
    assessment.expert_total = res.total
    assessment.expert_grade = res.grade
    assessment.expert_grade_label = res.grade_label
    PriorAssessment.objects.filter(pk=assessment.pk).update(
        expert_total=res.total, expert_grade=res.grade, expert_grade_label=res.grade_label
    )
    return assessment


def _region_ids(assessment: PriorAssessment) -> list[int]:
    """The assessment's region and the one above it (a city draws on the province's pool too)."""
    region = assessment.region
    return [region.pk] + ([region.parent_id] if region.parent_id else [])


def pool_for(assessment: PriorAssessment):
    """Active pool experts of the region (candidates; the conflict check runs on assign)."""
    from evaluation.models import ExpertProfile

    return (
        ExpertProfile.objects.filter(active=True, region_id__in=_region_ids(assessment))
        .select_related("user", "employer", "agency")
        .order_by("user__username")
    )


def agencies_for(assessment: PriorAssessment):
    """Third-party agencies that may be commissioned [004 第十六条]."""
    return Organization.objects.filter(
        kind=Organization.Kind.AGENCY, is_active=True, region_id__in=_region_ids(assessment)
    ).order_by("code")
