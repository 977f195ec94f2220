"""我的待办 of the budget linkage: proposals waiting for finance to confirm [004 第四十条]."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from perfapp.todo import TodoItem, provider
from results.models import LinkageProposal

KIND = gettext_lazy("预算挂钩")


@provider
def linkage_todo(user) -> list[TodoItem]:
    if not scope_of(user).roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        return []
    rows = (
        LinkageProposal.objects.visible_to(user)
        .filter(status=LinkageProposal.Status.PROPOSED)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    url = reverse("results:linkage_list")
    return [
        TodoItem(
            title=_("%(year)s年度预算挂钩建议待确认") % {"year": r["year"]},
            url=f"{url}?year={r['year']}&status=proposed",
            kind=str(KIND),
            count=r["n"],
        )
        for r in rows
    ]
