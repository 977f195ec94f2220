"""我的待办 of performance targets: what waits for each role in the target workflow.

unit officer → drafts to declare, returned targets and targets to complete after a 良 grade;
department officer → targets to review (初审); finance → targets to review and grade. Each item
carries the year's target-declaration deadline when one is set.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scoping import scope_of
from budgets.models import Deadline, FiscalYear, today
from perfapp.todo import TodoItem, provider
from targets.models import Target

KIND = gettext_lazy("绩效目标")


def _declaration_deadline(user):
    """The nearest coming target_declaration deadline of the current years the user can see (else
    the latest past one)."""
    years = FiscalYear.objects.visible_to(user).filter(is_current=True)
    deadlines = Deadline.objects.filter(fiscal_year__in=years, stage=Deadline.Stage.TARGET_DECLARATION)
    deadline = (
        deadlines.filter(due__gte=today()).order_by("due").first() or deadlines.order_by("-due").first()
    )
    return deadline.due if deadline else None


def _counts(user) -> dict[str, int]:
    rows = Target.objects.visible_to(user).current().order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


@provider
def targets_todo(user) -> list[TodoItem]:
    roles = scope_of(user).roles
    if not roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER, Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        return []
    counts = _counts(user)
    list_url = reverse("targets:target_list")
    wanted = []
    if Role.UNIT_OFFICER in roles:
        wanted += [
            (Target.Status.DRAFT, _("填报中的绩效目标待申报"), f"{list_url}?status={Target.Status.DRAFT}"),
            (
                Target.Status.RETURNED,
                _("被退回的绩效目标待修改后重新申报"),
                f"{list_url}?status={Target.Status.RETURNED}",
            ),
            (
                Target.Status.FIXES_REQUIRED,
                _("绩效目标待按审核意见完善"),
                f"{list_url}?status={Target.Status.FIXES_REQUIRED}",
            ),
        ]
    if Role.DEPT_OFFICER in roles:
        wanted.append((Target.Status.SUBMITTED, _("单位申报的绩效目标待初审"), reverse("targets:dept_queue")))
    if roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
        wanted.append(
            (Target.Status.DEPT_APPROVED, _("初审通过的绩效目标待财政审核"), reverse("targets:review_queue"))
        )
    wanted = [(status, title, url) for status, title, url in wanted if counts.get(status)]
    if not wanted:
        return []
    due = _declaration_deadline(user)
    return [
        TodoItem(title=title, url=url, kind=str(KIND), due=due, count=counts[status])
        for status, title, url in wanted
    ]


# --- notifications: tell the next person that something waits for them -------------------------


def _users_with(role, **assignment):
    from accounts.models import User

    filters = {f"role_assignments__{key}": value for key, value in assignment.items()}
    return list(User.objects.filter(is_active=True, role_assignments__role=role, **filters).distinct())


def _declarers(target):
    if target.kind == Target.Kind.DEPARTMENT and target.unit_id == target.department_id:
        return _users_with(Role.DEPT_OFFICER, organization_id=target.department_id)
    return _users_with(Role.UNIT_OFFICER, organization_id=target.unit_id)


def _finance(target):
    people = _users_with(Role.FINANCE_ADMIN, organization__region_id=target.region_id)
    division_id = target.department.division_id
    if division_id:
        people += _users_with(Role.FINANCE_REVIEWER, division_id=division_id)
    return people


#: What the declarer is told after each review outcome.
_OUTCOMES = {
    "dept_return": gettext_lazy("绩效目标被主管部门退回"),
    "finance_return": gettext_lazy("绩效目标被财政退回，请修改后重新申报"),
    "require_fixes": gettext_lazy("绩效目标须按审核意见完善"),
    "block": gettext_lazy("绩效目标审核未通过"),
    "approve": gettext_lazy("绩效目标已批复"),
}


def notify_transition(target, name: str, actor, comment: str) -> None:
    """After a transition: 申报 → the department's officers; 初审通过 or 完善后报送 → the finance
    division that manages the department (and the region's finance admins); review outcomes →
    the declaring officers."""
    from perfapp.models import EventKind
    from perfapp.notify import notify

    url = reverse("targets:target_detail", args=[target.pk])
    if name == "submit":
        recipients = _users_with(Role.DEPT_OFFICER, organization_id=target.department_id)
        title = _("待初审绩效目标：%(n)s") % {"n": target.name}
    elif name in ("dept_approve", "submit_fixes"):
        recipients = _finance(target)
        title = _("待财政审核绩效目标：%(n)s") % {"n": target.name}
    elif name in _OUTCOMES:
        recipients = _declarers(target)
        title = f"{_OUTCOMES[name]}：{target.name}"
    else:
        return
    notify(EventKind.TRANSITION, actor, target, recipients, title=title, body=comment, url=url)
