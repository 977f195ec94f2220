"""Rules of the project library (项目库): major projects, admission, who is told what."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from perfapp.models import EventKind
from perfapp.notify import notify


def policy_for(project):
    """The Policy of the project's region for its first year (defaults when none is configured)."""
    from budgets.models import FiscalYear
    from budgets.policy import PolicyData

    fy = (
        FiscalYear.objects.filter(region_id=project.region_id, year__lte=project.start_year)
        .order_by("-year")
        .first()
    )
    return fy.policy if fy else PolicyData()


def is_major(project) -> bool:
    """重大项目: total amount at or above the Policy threshold (default 30,000,000 yuan) [000 #16 #20]."""
    return (
        project.total_amount is not None
        and project.total_amount >= policy_for(project).project_library.major_threshold
    )


def needs_prior_assessment(project) -> bool:
    """[002 三(一)][004 第十五条][000 #16 #20]: new or much-changed projects at or above the
    threshold, and bond-funded projects, need a prior assessment before entering the library."""
    rules = policy_for(project).project_library
    if rules.bond_funded_needs_assessment and project.is_bond_funded:
        return True
    return project.nature in rules.natures_needing_assessment and is_major(project)


#: Checks that can block admission (入库); later stages (prior assessment) register theirs here.
#: Each takes a project and returns a reason in Chinese, or None.
ADMISSION_CHECKS: list[Callable] = []


def admission_check(func: Callable) -> Callable:
    ADMISSION_CHECKS.append(func)
    return func


def admission_blockers(project) -> list[str]:
    return [reason for check in ADMISSION_CHECKS if (reason := check(project))]


#: Checks that can block the start of execution (入库 → 执行中); the targets stage registers
#: "an approved target for the year" here [001][002: a target not approved cannot go on to budget].
START_CHECKS: list[Callable] = []


def start_check(func: Callable) -> Callable:
    START_CHECKS.append(func)
    return func


def start_blockers(project) -> list[str]:
    return [reason for check in START_CHECKS if (reason := check(project))]


#: Notices shown with a project's allocations (e.g. 暂缓拨款 from monitoring). Each takes
#: (project, year) and returns a list of messages in Chinese.
ALLOCATION_NOTICES: list[Callable] = []


def allocation_notice(func: Callable) -> Callable:
    ALLOCATION_NOTICES.append(func)
    return func


def allocation_notices(project, year: int) -> list[str]:
    return [message for notice in ALLOCATION_NOTICES for message in notice(project, year)]


def _users_with(role, **org_filter):
    return User.objects.filter(is_active=True, role_assignments__role=role, **org_filter).distinct()


def notify_transition(project, name: str, actor, comment: str) -> None:
    """Tell the next person in the library workflow that something waits for them."""
    url = reverse("budgets:project_detail", args=[project.pk])
    if name == "submit":
        recipients = _users_with(Role.DEPT_OFFICER, role_assignments__organization_id=project.department_id)
        title = _("待初审：%(name)s") % {"name": project.name}
    elif name == "dept_approve":
        division_id = project.department.division_id
        recipients = list(
            _users_with(Role.FINANCE_ADMIN, role_assignments__organization__region_id=project.region_id)
        )
        if division_id:
            recipients += list(_users_with(Role.FINANCE_REVIEWER, role_assignments__division_id=division_id))
        title = _("待入库审核：%(name)s") % {"name": project.name}
    elif name in ("dept_return", "finance_return", "reject", "admit"):
        recipients = _users_with(Role.UNIT_OFFICER, role_assignments__organization_id=project.unit_id)
        verb = {
            "dept_return": _("被主管部门退回"),
            "finance_return": _("被财政退回"),
            "reject": _("不予入库"),
            "admit": _("已入库"),
        }[name]
        title = _("项目%(verb)s：%(name)s") % {"verb": verb, "name": project.name}
    else:
        return
    notify(EventKind.TRANSITION, actor, project, list(recipients), title=title, body=comment, url=url)


#: Button labels of the library transitions (machine name → Chinese label).
TRANSITION_LABELS = {
    "submit": _("申报"),
    "dept_approve": _("初审通过"),
    "dept_return": _("初审退回"),
    "admit": _("审核入库"),
    "finance_return": _("退回修改"),
    "reject": _("不予入库"),
    "start": _("开始执行"),
    "complete": _("项目完结"),
}


def transition_label(name: str) -> str:
    label = TRANSITION_LABELS.get(name)
    return str(label) if label else name


def officer_unit(user):
    """The unit a unit officer declares for: the user's own organization, if it is a unit they hold
    the unit_officer role in. Never taken from a form [issue #2: unit officers, own unit only]."""
    from accounts.models import Organization
    from accounts.scoping import scope_of

    org = user.organization
    if (
        org is None
        or org.kind != Organization.Kind.UNIT
        or Role.UNIT_OFFICER not in scope_of(user).roles
        or org.pk not in scope_of(user).unit_ids
    ):
        return None
    return org


def can_create_project(user) -> tuple[bool, str]:
    """Only a unit officer creates projects, for their own unit."""
    if officer_unit(user) is None:
        return False, _("只有预算单位经办人可以新建本单位项目。")
    return True, ""


def can_edit_project(user, project) -> tuple[bool, str]:
    """The unit's officer edits a project while it is 储备 or 退回 (after that it is under review)."""
    unit = officer_unit(user)
    if unit is None or unit.pk != project.unit_id:
        return False, _("只有本单位经办人可以修改项目。")
    if not project.is_editable:
        return False, _("项目处于“%(status)s”状态，不能修改；只有储备或退回的项目可以修改。") % {
            "status": project.get_status_display()
        }
    return True, ""


#: Transitions that need a reason in the comment (the unit must know what to fix).
COMMENT_REQUIRED = frozenset({"dept_return", "finance_return", "reject"})


def next_project_code(unit, year: int) -> str:
    """A free project code: year + unit code + sequence, e.g. 2026A0003."""
    from budgets.models import Project

    prefix = f"{year}{unit.code}"
    n = Project.objects.filter(code__startswith=prefix).count() + 1
    while Project.objects.filter(code=f"{prefix}{n:04d}").exists():
        n += 1
    return f"{prefix}{n:04d}"
