"""我的待办 of feedback letters (finance: to approve, to send) and of the rectification ledger
(unit: to rectify / returned; finance: submitted items to verify) [003 三(五)][000 #17]."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from perfapp.todo import TodoItem, provider
from results.models import Feedback, Rectification

KIND = gettext_lazy("结果应用")
FINANCE = {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}


@provider
def feedback_todo(user) -> list[TodoItem]:
    roles = scope_of(user).roles
    items: list[TodoItem] = []
    if roles & FINANCE:
        rows = {
            r["status"]: r
            for r in Feedback.objects.visible_to(user)
            .exclude(status=Feedback.Status.SENT)
            .order_by()
            .values("status")
            .annotate(n=Count("pk"), due=Min("due"))
        }
        url = reverse("results:feedback_list")
        for status, title in (
            (Feedback.Status.DRAFT, _("评价结果反馈意见函待审批")),
            (Feedback.Status.APPROVED, _("评价结果反馈意见函待发送")),
        ):
            if status in rows:
                row = rows[status]
                items.append(
                    TodoItem(
                        title=title,
                        url=f"{url}?status={status}",
                        kind=str(KIND),
                        due=row["due"],
                        count=row["n"],
                    )
                )
    wanted = []
    if Role.UNIT_OFFICER in roles:
        wanted.append(
            (
                [Rectification.Status.PENDING, Rectification.Status.IN_PROGRESS],
                _("整改事项待整改"),
                scope_of(user).unit_ids,
            )
        )
    if roles & FINANCE:
        wanted.append(([Rectification.Status.SUBMITTED], _("整改结果待核实销号"), None))
    url = reverse("results:rectification_list")
    for statuses, title, unit_ids in wanted:
        qs = Rectification.objects.visible_to(user).filter(status__in=statuses)
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=unit_ids)
        row = qs.aggregate(n=Count("pk"), due=Min("deadline"))
        if row["n"]:
            query = f"?status={statuses[0]}" if len(statuses) == 1 else ""
            items.append(
                TodoItem(title=title, url=url + query, kind=str(KIND), due=row["due"], count=row["n"])
            )
    return items
