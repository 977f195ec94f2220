"""我的待办 of the project library: what waits for each role in the library workflow.

unit officer → drafts to declare and returned projects to fix; department officer → projects to
review (初审); finance → projects to admit (入库). Each item carries the year's project-declaration
deadline when one is set.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from budgets.models import Deadline, FiscalYear, Project, today
from perfapp.todo import TodoItem, provider

KIND = gettext_lazy("项目库")


def _declaration_deadline(user):
    """The nearest coming project_declaration deadline of the current years the user can see."""
    years = FiscalYear.objects.visible_to(user).filter(is_current=True)
    deadline = (
        Deadline.objects.filter(
            fiscal_year__in=years, stage=Deadline.Stage.PROJECT_DECLARATION, due__gte=today()
        )
        .order_by("due")
        .first()
    )
    if deadline is None:
        deadline = (
            Deadline.objects.filter(fiscal_year__in=years, stage=Deadline.Stage.PROJECT_DECLARATION)
            .order_by("-due")
            .first()
        )
    return deadline.due if deadline else None


def _counts(user) -> dict[str, int]:
    rows = Project.objects.visible_to(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


@provider
def library_todo(user) -> list[TodoItem]:
    roles = scope_of(user).roles
    if not roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER, Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        return []
    counts = _counts(user)
    wanted = []
    list_url = reverse("budgets:project_list")
    if Role.UNIT_OFFICER in roles:
        wanted.append(
            (Project.Status.DRAFT, _("储备项目待申报"), f"{list_url}?status={Project.Status.DRAFT}")
        )
        wanted.append(
            (
                Project.Status.RETURNED,
                _("被退回的项目待修改后重新申报"),
                f"{list_url}?status={Project.Status.RETURNED}",
            )
        )
    if Role.DEPT_OFFICER in roles:
        wanted.append((Project.Status.SUBMITTED, _("单位申报的项目待初审"), reverse("budgets:review_queue")))
    if roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        wanted.append(
            (Project.Status.DEPT_APPROVED, _("初审通过的项目待入库审核"), reverse("budgets:admission_queue"))
        )
    wanted = [(status, title, url) for status, title, url in wanted if counts.get(status)]
    if not wanted:
        return []
    due = _declaration_deadline(user)
    return [
        TodoItem(title=title, url=url, kind=str(KIND), due=due, count=counts[status])
        for status, title, url in wanted
    ]


#: How far ahead the home page lists the year's deadlines.
DEADLINE_HORIZON_DAYS = 90


@provider
def upcoming_deadlines(user) -> list[TodoItem]:
    """Every business role sees the coming deadlines of the current years it can see, so nothing
    is missed even before a stage has work for them."""
    if not scope_of(user).roles - {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}:
        return []
    start = today()
    end = start + datetime.timedelta(days=DEADLINE_HORIZON_DAYS)
    years = FiscalYear.objects.visible_to(user).filter(is_current=True)
    deadlines = Deadline.objects.filter(fiscal_year__in=years, due__gte=start, due__lte=end).select_related(
        "fiscal_year__region"
    )
    url = reverse("budgets:year_list")
    return [
        TodoItem(
            title=_("截止日期：%(region)s %(name)s") % {"region": d.fiscal_year.region.name, "name": d.name},
            url=url,
            kind=str(gettext_lazy("截止日期")),
            due=d.due,
            count=1,
        )
        for d in deadlines[:10]
    ]
