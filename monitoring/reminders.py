"""Reminders and escalation for every Deadline of the current years (issue 4 "Reminders and escalation").

[004 第二十六条] units report their monitoring on time; [002 三(三)] the finance bureau follows up.

For a deadline the stage's provider in RESPONSIBLE lists what is still outstanding, as
`Responsible(subject, unit_id, department_id, url)`. Then, on a given day (Policy.monitoring of the
deadline's year, never a literal here):

- before the due date: a reminder to the unit's officers at the tightest of `reminder_days_before`
  that has been reached (7, then 1 day before; a missed beat catches up with the step it missed);
- on the due date: a "due today" reminder (step BEFORE with days 0);
- after it: an overdue notice to the unit, then after `escalate_department_after_days` one to the
  department's officers, and after `escalate_finance_after_days` one to the finance reviewers of the
  department's division (the region's finance admins when no division is set).

Exactly once per person, deadline, step, days and subject: the SentReminder row is the claim. Rows
are inserted with INSERT … ON CONFLICT DO NOTHING RETURNING, in the same transaction as the inbox
entries, so only the rows this run inserted are sent: running twice, two workers at once (the second
waits on the unique index, then inserts nothing) or a retry after a crash (nothing was committed)
all send once. Emails leave after the commit (perfapp.notify).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, Role, RoleAssignment, User
from budgets.models import Deadline
from monitoring.models import MonitoringReport, MonitoringRound, SentReminder
from perfapp.models import EventKind
from perfapp.notify import notify

Step = SentReminder.Step


class Responsible(NamedTuple):
    """One outstanding item of a deadline: who must act and where."""

    subject: str  # e.g. "monitoring.monitoringreport:42"
    unit_id: int
    department_id: int
    url: str
    label: str = ""  # shown in the message, e.g. the target's name


#: Deadline stage → callable(deadline) → the outstanding items. Later stages register theirs.
RESPONSIBLE: dict[str, Callable[[Deadline], Iterable[Responsible]]] = {}


def responsible_for(stage: str):
    def register(func):
        RESPONSIBLE[str(stage)] = func
        return func

    return register


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@responsible_for(Deadline.Stage.MONITORING)
def monitoring_reports_outstanding(deadline: Deadline) -> list[Responsible]:
    """An open round's reports not yet submitted (填报中 or 退回修改) [004 第二十六条]."""
    round = MonitoringRound.objects.filter(deadline=deadline, status=MonitoringRound.Status.OPEN).first()
    if round is None:
        return []
    reports = (
        MonitoringReport.objects.filter(
            round=round, status__in=[MonitoringReport.Status.DRAFT, MonitoringReport.Status.RETURNED]
        )
        .select_related("target")
        .order_by("department_id", "unit_id", "pk")
    )
    list_url = _url("monitoring:report_list")
    out = []
    for r in reports:
        url = _url("monitoring:report_detail", r.pk) or list_url
        out.append(
            Responsible(f"monitoring.monitoringreport:{r.pk}", r.unit_id, r.department_id, url, r.target.name)
        )
    return out


# ---------------------------------------------------------------------------------------------
# Which steps are due on a day


def steps_due(deadline: Deadline, today: datetime.date) -> list[tuple[str, int]]:
    """The (step, days) pairs due for `deadline` on `today`, from the year's Policy.monitoring."""
    policy = deadline.fiscal_year.policy.monitoring
    days_left = (deadline.due - today).days
    if days_left > 0:
        reached = [d for d in policy.reminder_days_before if d >= days_left]
        return [(Step.BEFORE, min(reached))] if reached else []
    if days_left == 0:
        return [(Step.BEFORE, 0)]
    overdue = -days_left
    steps = [(Step.OVERDUE, 0)]
    if overdue >= policy.escalate_department_after_days:
        steps.append((Step.ESCALATE_DEPARTMENT, 0))
    if overdue >= policy.escalate_finance_after_days:
        steps.append((Step.ESCALATE_FINANCE, 0))
    return steps


# ---------------------------------------------------------------------------------------------
# Who is told


def _officers(org_ids: set[int]) -> dict[int, list[User]]:
    """Unit and department officers of each organization."""
    rows = RoleAssignment.objects.filter(
        organization_id__in=org_ids,
        role__in=[Role.UNIT_OFFICER, Role.DEPT_OFFICER],
        user__is_active=True,
    ).select_related("user")
    out: dict[int, list[User]] = defaultdict(list)
    for ra in rows:
        if ra.user not in out[ra.organization_id]:
            out[ra.organization_id].append(ra.user)
    return out


def _finance_of_departments(department_ids: set[int], region_id: int) -> dict[int, list[User]]:
    """Finance reviewers of each department's division; the region's finance admins otherwise."""
    divisions = dict(Organization.objects.filter(pk__in=department_ids).values_list("pk", "division_id"))
    reviewers: dict[int, list[User]] = defaultdict(list)
    for ra in RoleAssignment.objects.filter(
        role=Role.FINANCE_REVIEWER,
        division_id__in={d for d in divisions.values() if d},
        user__is_active=True,
    ).select_related("user"):
        if ra.user not in reviewers[ra.division_id]:
            reviewers[ra.division_id].append(ra.user)
    admins = None
    out = {}
    for dept_id in department_ids:
        people = reviewers.get(divisions.get(dept_id))
        if not people:
            if admins is None:
                admins = list(
                    User.objects.filter(
                        is_active=True,
                        role_assignments__role=Role.FINANCE_ADMIN,
                        role_assignments__organization__region_id=region_id,
                    ).distinct()
                )
            people = admins
        out[dept_id] = people
    return out


# ---------------------------------------------------------------------------------------------
# The claim


def claim(deadline: Deadline, rows: list[tuple[int, str, int, str]]) -> set[tuple[int, str, int, str]]:
    """Insert SentReminder rows (recipient_id, step, days, subject); return those this call inserted.

    ON CONFLICT DO NOTHING RETURNING: a row another run (or a concurrent worker) holds is skipped.
    """
    if not rows:
        return set()
    table = connection.ops.quote_name(SentReminder._meta.db_table)
    now = timezone.now()
    claimed = set()
    batch = 500
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        params = []
        for recipient_id, step, days, subject in chunk:
            params += [deadline.pk, recipient_id, step, days, subject, now]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (deadline_id, recipient_id, step, days, subject, sent_at) "  # noqa: S608
                f"VALUES {values} ON CONFLICT DO NOTHING "
                "RETURNING recipient_id, step, days, subject",
                params,
            )
            claimed.update(tuple(r) for r in cursor.fetchall())
    return claimed


# ---------------------------------------------------------------------------------------------
# The run


def _title(deadline: Deadline, step: str, days: int) -> str:
    names = {"deadline": deadline.name, "due": f"{deadline.due:%Y-%m-%d}", "days": days}
    if step == Step.BEFORE and days:
        return _("【催办】%(deadline)s将于%(days)s天后（%(due)s）截止") % names
    if step == Step.BEFORE:
        return _("【催办】%(deadline)s今天（%(due)s）截止") % names
    if step == Step.OVERDUE:
        return _("【逾期】%(deadline)s已于%(due)s截止，请尽快报送") % names
    if step == Step.ESCALATE_DEPARTMENT:
        return _("【逾期提醒】所属单位%(deadline)s逾期未报（截止%(due)s）") % names
    return _("【逾期提醒】%(deadline)s有单位逾期未报（截止%(due)s）") % names


def _line(item: Responsible, orgs: dict[int, str]) -> str:
    unit = orgs.get(item.unit_id, "")
    return f"{unit}：{item.label}" if item.label else unit


def remind_deadline(deadline: Deadline, today: datetime.date) -> Counter:
    """Send the steps due today for one deadline; returns how many people were told, by step."""
    counts = Counter()
    provider = RESPONSIBLE.get(deadline.stage)
    if provider is None:
        return counts
    steps = steps_due(deadline, today)
    if not steps:
        return counts
    items = list(provider(deadline))
    if not items:
        return counts
    unit_ids = {i.unit_id for i in items}
    dept_ids = {i.department_id for i in items}
    officers = _officers(unit_ids | dept_ids)
    finance = None
    # recipient → (step, days) → items
    planned: dict[tuple[int, str, int, str], tuple[User, Responsible]] = {}
    for step, days in steps:
        for item in items:
            if step in (Step.BEFORE, Step.OVERDUE):
                people = officers.get(item.unit_id, [])
            elif step == Step.ESCALATE_DEPARTMENT:
                people = officers.get(item.department_id, [])
            else:
                if finance is None:
                    finance = _finance_of_departments(dept_ids, deadline.fiscal_year.region_id)
                people = finance.get(item.department_id, [])
            for user in people:
                planned.setdefault((user.pk, str(step), days, item.subject[:80]), (user, item))
    if not planned:
        return counts
    orgs = dict(Organization.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    with transaction.atomic():
        claimed = claim(deadline, list(planned))
        grouped: dict[tuple[int, str, int], list[Responsible]] = defaultdict(list)
        users: dict[int, User] = {}
        for key in planned:
            if key in claimed:
                user, item = planned[key]
                users[user.pk] = user
                grouped[(user.pk, key[1], key[2])].append(item)
        for (user_id, step, days), its in grouped.items():
            lines = "\n".join(f"· {_line(i, orgs)}" for i in its)
            body = _("截止日期：%(due)s\n待报送事项（%(n)s项）：\n%(lines)s") % {
                "due": f"{deadline.due:%Y-%m-%d}",
                "n": len(its),
                "lines": lines,
            }
            urls = {i.url for i in its}
            notify(
                EventKind.REMINDER,
                None,
                deadline,
                [users[user_id]],
                title=_title(deadline, step, days),
                body=body,
                url=urls.pop() if len(urls) == 1 else (_url("monitoring:report_list") or ""),
                due=deadline.due,
            )
            counts[step] += 1
    return counts


#: Reminder runs of later stages that are not one Deadline each (result application's letters and
#: rectification items, each with its own date): callable(today) -> Counter, run by send_reminders.
DAILY_REMINDERS: list[Callable[[datetime.date], Counter]] = []


def daily_reminder(func):
    DAILY_REMINDERS.append(func)
    return func


def send_reminders(today: datetime.date | None = None) -> Counter:
    """Every deadline of the current and the previous fiscal year (a year's self-evaluation falls
    due in the next): send what is due on `today` (default: the local date)."""
    today = today or timezone.localdate()
    counts = Counter()
    deadlines = (
        Deadline.objects.filter(fiscal_year__year__in=[today.year - 1, today.year])
        .select_related("fiscal_year")
        .order_by("due", "pk")
    )
    for deadline in deadlines:
        counts.update(remind_deadline(deadline, today))
    for run in DAILY_REMINDERS:
        counts.update(run(today))
    return counts
