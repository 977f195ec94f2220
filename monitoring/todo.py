"""我的待办 of monitoring reports: reports to fill and returned ones for the declaring unit (the
department for its overall report), reports to review for the department and for finance; each
with the nearest due date of its open round."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from monitoring.models import MonitoringReport, MonitoringRound
from perfapp.todo import TodoItem, provider

KIND = gettext_lazy("绩效监控")
S = MonitoringReport.Status


@provider
def monitoring_todo(user) -> list[TodoItem]:
    roles = scope_of(user).roles
    wanted = []
    if roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER}:
        wanted += [(S.DRAFT, _("绩效监控报告待填报")), (S.RETURNED, _("退回的绩效监控报告待修改"))]
    if Role.DEPT_OFFICER in roles:
        wanted.append((S.SUBMITTED, _("绩效监控报告待部门审核")))
    if roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        wanted.append((S.DEPT_APPROVED, _("绩效监控报告待财政审核")))
    if not wanted:
        return []
    rows = (
        MonitoringReport.objects.visible_to(user)
        .filter(round__status=MonitoringRound.Status.OPEN, status__in=[s for s, _t in wanted])
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), due=Min("round__due"))
    )
    found = {r["status"]: r for r in rows}
    url = reverse("monitoring:report_list")
    items = []
    for status, title in wanted:
        row = found.get(status)
        if not row:
            continue
        # Declaring and reviewing are told apart by what the user may do on the row.
        if status in (S.DRAFT, S.RETURNED) and not _declares_any(user, roles, status):
            continue
        items.append(
            TodoItem(
                title=title, url=f"{url}?status={status}", kind=str(KIND), due=row["due"], count=row["n"]
            )
        )
    return items


def _declares_any(user, roles, status) -> bool:
    """A department officer sees its units' drafts too; only its own overall reports are its to-do."""
    if Role.UNIT_OFFICER in roles:
        return True
    scope = scope_of(user)
    return MonitoringReport.objects.filter(
        status=status, round__status=MonitoringRound.Status.OPEN, unit_id__in=scope.department_ids
    ).exists()
