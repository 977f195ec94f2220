"""我的待办 of prior assessments: projects that need an assessment and have none, drafts and returned
ones for the unit (or its department); assessments to review or conclude for finance; projects
waiting for a joint review; an expert's re-assessments still to score."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from assessments.experts import panel_complete
from assessments.models import AssessmentExpertAssignment, JointReview, PriorAssessment
from assessments.rules import RulesCache, candidate_projects, needs_assessment, needs_joint_review
from budgets.models import Project
from perfapp.todo import TodoItem, provider

KIND = gettext_lazy("事前绩效评估")
S = PriorAssessment.Status
#: At most this many candidate projects are checked one by one (the to-do shows a count).
CANDIDATES_CHECKED = 200


def _declarer_q(scope) -> Q:
    q = Q(pk__in=[])
    if Role.UNIT_OFFICER in scope.roles:
        q |= Q(unit_id__in=scope.unit_ids)
    if Role.DEPT_OFFICER in scope.roles:
        q |= Q(department_id__in=scope.department_ids)
    return q


@provider
def assessment_todo(user) -> list[TodoItem]:
    scope = scope_of(user)
    roles = scope.roles
    rules = RulesCache()
    items = []
    list_url = reverse("assessments:assessment_list")
    if roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER}:
        have = PriorAssessment.objects.values("project_id")
        candidates = candidate_projects(user).exclude(pk__in=have)[:CANDIDATES_CHECKED]
        missing = [p for p in candidates if needs_assessment(p, rules(p))]
        if missing:
            items.append(
                TodoItem(
                    title=_("须开展事前绩效评估的项目"),
                    url=reverse("assessments:assessment_create"),
                    kind=str(KIND),
                    count=len(missing),
                )
            )
        mine = PriorAssessment.objects.visible_to(user).filter(_declarer_q(scope))
        for status, title in (
            (S.DRAFT, _("事前绩效评估待填报")),
            (S.RETURNED, _("退回的事前绩效评估待修改")),
        ):
            n = mine.filter(status=status).count()
            if n:
                items.append(
                    TodoItem(title=title, url=f"{list_url}?status={status}", kind=str(KIND), count=n)
                )
    if roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        visible = PriorAssessment.objects.visible_to(user)
        for status, title in (
            (S.SUBMITTED, _("事前绩效评估待受理审核")),
            (S.UNDER_REVIEW, _("事前绩效评估待出具结论")),
        ):
            n = visible.filter(status=status).count()
            if n:
                items.append(
                    TodoItem(title=title, url=f"{list_url}?status={status}", kind=str(KIND), count=n)
                )
        waiting = [a for a in visible.filter(status=S.REASSESSMENT)[:CANDIDATES_CHECKED] if panel_complete(a)]
        if waiting:
            items.append(
                TodoItem(
                    title=_("专家再评估已完成，待出具结论"),
                    url=f"{list_url}?status={S.REASSESSMENT}",
                    kind=str(KIND),
                    count=len(waiting),
                )
            )
        reviewed = JointReview.objects.values("project_id")
        pending = (
            Project.objects.visible_to(user)
            .filter(status=Project.Status.DEPT_APPROVED)
            .exclude(pk__in=reviewed)
            .select_related("region")[:CANDIDATES_CHECKED]
        )
        due = [p for p in pending if needs_joint_review(p, rules(p))]
        if due:
            items.append(
                TodoItem(
                    title=_("待联合会审的项目"),
                    url=reverse("assessments:joint_review_list") + "?pending=1",
                    kind=str(KIND),
                    count=len(due),
                )
            )
    if Role.EXPERT in roles:
        n = AssessmentExpertAssignment.objects.filter(
            expert_id=user.pk, active=True, submitted_at__isnull=True, assessment__status=S.REASSESSMENT
        ).count()
        if n:
            items.append(
                TodoItem(title=_("事前绩效评估待评分"), url=f"{list_url}?mine=1", kind=str(KIND), count=n)
            )
    return items
