"""我的待办 of department and fiscal evaluations: the department's plan to make (due with the
部门评价 deadline [003 三(二)]), finance admin's fiscal plan (财政重点评价 deadline [003 三(三)]),
an expert's scores to submit, and the evaluator's agreed scores to fix once every expert
submitted."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organization, Role
from accounts.scoping import scope_of
from budgets.models import Deadline, FiscalYear
from evaluation.models import Assignment, Criterion, CriterionResult, Evaluation, EvaluationPlan
from perfapp.todo import TodoItem, provider

KIND = gettext_lazy("部门评价与财政评价")
E = Evaluation.Status


def _due(fiscal_year_id: int, stage: str):
    return (
        Deadline.objects.filter(fiscal_year_id=fiscal_year_id, stage=stage)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


def _plans_to_make(user, scope) -> list[TodoItem]:
    items = []
    url = reverse("evaluation:plan_list")
    if Role.DEPT_OFFICER in scope.roles and scope.department_ids:
        departments = Organization.objects.filter(
            pk__in=scope.department_ids, kind=Organization.Kind.DEPARTMENT
        )
        years = FiscalYear.objects.filter(
            is_current=True, region_id__in=departments.values("region_id")
        ).order_by("year")
        for fy in years:
            done = EvaluationPlan.objects.filter(
                fiscal_year=fy, kind=EvaluationPlan.Kind.DEPARTMENT, status=EvaluationPlan.Status.CONFIRMED
            ).values("department_id")
            n = departments.filter(region_id=fy.region_id).exclude(pk__in=done).count()
            if n:
                items.append(
                    TodoItem(
                        title=_("编制%(y)s年度部门评价计划") % {"y": fy.year},
                        url=url,
                        kind=str(KIND),
                        due=_due(fy.pk, Deadline.Stage.DEPARTMENT_EVALUATION),
                        count=n,
                    )
                )
    if Role.FINANCE_ADMIN in scope.roles:
        own = Organization.objects.filter(
            pk__in=scope.organization_ids, kind=Organization.Kind.FINANCE_BUREAU
        ).values("region_id")
        confirmed = EvaluationPlan.objects.filter(
            fiscal_year=OuterRef("pk"),
            kind=EvaluationPlan.Kind.FISCAL,
            status=EvaluationPlan.Status.CONFIRMED,
        )
        for fy in FiscalYear.objects.filter(is_current=True, region_id__in=own).exclude(Exists(confirmed)):
            items.append(
                TodoItem(
                    title=_("编制%(y)s年度财政重点评价计划") % {"y": fy.year},
                    url=url,
                    kind=str(KIND),
                    due=_due(fy.pk, Deadline.Stage.FISCAL_EVALUATION),
                )
            )
    return items


def _scores_to_submit(user) -> list[TodoItem]:
    pending = Assignment.objects.filter(
        expert_id=user.pk, active=True, submitted_at__isnull=True, evaluation__status=E.IN_PROGRESS
    )
    n = pending.count()
    if not n:
        return []
    return [
        TodoItem(
            title=_("待提交的专家评分"),
            url=reverse("evaluation:evaluation_list") + f"?status={E.IN_PROGRESS}",
            kind=str(KIND),
            count=n,
        )
    ]


def awaiting_agreed_scores(user):
    """Evaluations the user runs (department: its department evaluations; finance: fiscal ones)
    where every assigned expert submitted and some level-3 criterion has no agreed score."""
    scope = scope_of(user)
    q = Q(pk__in=[])
    if Role.DEPT_OFFICER in scope.roles and scope.department_ids:
        q |= Q(kind=Evaluation.Kind.DEPARTMENT, department_id__in=scope.department_ids)
    if Role.FINANCE_REVIEWER in scope.roles and scope.department_ids:
        q |= Q(kind=Evaluation.Kind.FISCAL, department_id__in=scope.department_ids)
    if Role.FINANCE_ADMIN in scope.roles and scope.region_ids:
        q |= Q(kind=Evaluation.Kind.FISCAL, region_id__in=scope.region_ids)
    active = Assignment.objects.filter(evaluation_id=OuterRef("pk"), active=True)
    level3 = (
        Criterion.objects.filter(scheme_id=OuterRef("scheme_id"), level=3)
        .order_by()
        .values("scheme_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    fixed = (
        CriterionResult.objects.filter(evaluation_id=OuterRef("pk"))
        .order_by()
        .values("evaluation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return (
        Evaluation.objects.filter(q, status__in=[E.IN_PROGRESS, E.JOINT_REVIEW], scheme__isnull=False)
        .filter(Exists(active))
        .exclude(Exists(active.filter(submitted_at__isnull=True)))
        .annotate(n_criteria=Coalesce(Subquery(level3), zero), n_fixed=Coalesce(Subquery(fixed), zero))
        .filter(n_fixed__lt=F("n_criteria"))
    )


@provider
def external_evaluation_todo(user) -> list[TodoItem]:
    scope = scope_of(user)
    if scope.is_empty:
        return []
    items = _plans_to_make(user, scope)
    if Role.EXPERT in scope.roles:
        items += _scores_to_submit(user)
    if scope.roles & {Role.DEPT_OFFICER, Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        n = awaiting_agreed_scores(user).count()
        if n:
            items.append(
                TodoItem(
                    title=_("专家已提交评分，待认定得分"),
                    url=reverse("evaluation:evaluation_list") + f"?status={E.IN_PROGRESS}",
                    kind=str(KIND),
                    count=n,
                )
            )
    return items
