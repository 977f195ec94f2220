"""我的待办 of self-evaluations (绩效自评) [003 三(一)]: to fill and returned ones for the declaring
unit (the department for its overall spending), to review for the department (初审), the finance
division (业务审核) and the performance administrator (技术审核); each with the season's due date."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from evaluation.models import Evaluation
from perfapp.todo import TodoItem, provider

KIND = gettext_lazy("绩效自评")
S = Evaluation.Status


@provider
def self_evaluation_todo(user) -> list[TodoItem]:
    scope = scope_of(user)
    roles = scope.roles
    # (status, title, which of the visible rows are this user's to act on)
    wanted = []
    declared = Q(pk__in=[])
    if Role.UNIT_OFFICER in roles and scope.unit_ids:
        declared |= Q(unit_id__in=scope.unit_ids, is_department_overall=False)
    if Role.DEPT_OFFICER in roles and scope.department_ids:
        declared |= Q(unit_id__in=scope.department_ids, is_department_overall=True)
    if roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER}:
        wanted += [
            (S.DRAFT, _("绩效自评待填报"), declared),
            (S.RETURNED, _("退回的绩效自评待修改"), declared),
        ]
    if Role.DEPT_OFFICER in roles and scope.department_ids:
        wanted.append((S.SUBMITTED, _("绩效自评待部门初审"), Q(department_id__in=scope.department_ids)))
    if Role.FINANCE_REVIEWER in roles and scope.department_ids:
        wanted.append(
            (S.DEPT_APPROVED, _("绩效自评待财政业务审核"), Q(department_id__in=scope.department_ids))
        )
    if Role.FINANCE_ADMIN in roles and scope.region_ids:
        wanted.append((S.BUSINESS_APPROVED, _("绩效自评待财政技术审核"), Q(region_id__in=scope.region_ids)))
    if not wanted:
        return []
    mine = Q(pk__in=[])
    for status, _title, q in wanted:
        mine |= Q(status=status) & q
    rows = (
        Evaluation.objects.visible_to(user)
        .filter(mine, kind=Evaluation.Kind.SELF)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), due=Min("fiscal_year__self_evaluation_season__deadline__due"))
    )
    found = {r["status"]: r for r in rows}
    url = reverse("evaluation:self_list")
    items = []
    for status, title, _q in wanted:
        row = found.get(status)
        if row:
            items.append(
                TodoItem(
                    title=title, url=f"{url}?status={status}", kind=str(KIND), due=row["due"], count=row["n"]
                )
            )
    return items
