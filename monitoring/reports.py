"""Rules of monitoring reports: opening a round, the computed execution, what a report must say.

[004 第二十七条] the report covers budget execution and, per indicator, progress, the expected
year-end value, the likelihood of meeting it, the cause of any deviation and the corrective measure.
[002 三(二)] execution figures are computed from Allocation and Expenditure, never typed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from budgets.indicators import Execution, execution_for
from budgets.models import Allocation, Deadline, Expenditure, FiscalYear
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound, Possibility
from perfapp import audit
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.workflow import TransitionRefused, perform, save_edit
from targets.models import Comparator, Target


def execution_of(target: Target, as_of: datetime.date) -> Execution:
    """Budget execution of a target's money at `as_of`: the project's, or for a department's
    overall target every project of the department."""
    if target.kind == Target.Kind.DEPARTMENT:
        allocations = Allocation.objects.filter(department_id=target.department_id)
        expenditures = Expenditure.objects.filter(department_id=target.department_id)
    else:
        allocations = Allocation.objects.filter(project_id=target.project_id)
        expenditures = Expenditure.objects.filter(project_id=target.project_id)
    return execution_for(allocations, expenditures, target.year, as_of)


def targets_in_round(round: MonitoringRound):
    """The approved targets (current versions) of the round's region and year."""
    return (
        Target.objects.filter(region_id=round.fiscal_year.region_id, year=round.year)
        .approved()
        .exclude(superseded_by__status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED])
        .select_related("unit", "project")
    )


def open_round(round: MonitoringRound, user, request=None) -> int:
    """Open a round: one report per approved target in scope, a Deadline for reminders, and a
    notice to every declaring unit. Idempotent: reports that exist are kept. Returns how many
    reports were created."""
    with transaction.atomic():
        round = MonitoringRound.objects.select_for_update().get(pk=round.pk)
        key_ids = set(round.key_projects.values_list("pk", flat=True))
        existing = set(round.reports.values_list("target_id", flat=True))
        new = [
            MonitoringReport(
                round=round,
                target=t,
                project=t.project,
                year=round.year,
                unit_id=t.unit_id,
                department_id=t.department_id,
                region_id=t.region_id,
                is_key=t.project_id in key_ids,
            )
            for t in targets_in_round(round)
            if t.pk not in existing
        ]
        MonitoringReport.objects.bulk_create(new, batch_size=1000)
        if round.deadline_id is None:
            round.deadline = Deadline.objects.create(
                fiscal_year=round.fiscal_year,
                stage=Deadline.Stage.MONITORING,
                name=_("%(round)s监控报告报送") % {"round": round.name},
                due=round.due,
            )
        round.status = MonitoringRound.Status.OPEN
        round.opened_at = round.opened_at or timezone.now()
        round.opened_by = round.opened_by or user
        round.save()
        audit.record(
            EventKind.TRANSITION,
            user,
            round,
            summary=_("开启监控轮次：%(r)s") % {"r": round},
            data={"reports": len(new)},
            request=request,
        )
        unit_ids = {r.unit_id for r in new}
        recipients = User.objects.filter(
            is_active=True,
            role_assignments__role__in=[Role.UNIT_OFFICER, Role.DEPT_OFFICER],
            role_assignments__organization_id__in=unit_ids,
        ).distinct()
        try:
            url = reverse("monitoring:report_list")
        except NoReverseMatch:
            url = ""
        notify(
            EventKind.TRANSITION,
            user,
            round,
            list(recipients),
            title=_("请填报%(round)s绩效监控报告") % {"round": round},
            url=url,
            due=round.due,
        )
    return len(new)


def indicator_missed(progress: IndicatorProgress) -> bool:
    """The expected year-end value misses the target, or the unit says it is 完全不可能."""
    if progress.possibility == Possibility.IMPOSSIBLE:
        return True
    ind = progress.indicator
    if (
        ind.comparator == Comparator.QUALITATIVE
        or ind.target_value is None
        or progress.expected_value is None
    ):
        return False
    if ind.comparator == Comparator.GTE:
        return progress.expected_value < ind.target_value
    if ind.comparator == Comparator.LTE:
        return progress.expected_value > ind.target_value
    return progress.expected_value != ind.target_value


def progress_problems(report: MonitoringReport, rows) -> list[tuple[int | None, str, str]]:
    """What is missing before the report can be submitted, as (indicator id or None, field, message).

    `rows` are the report's IndicatorProgress objects (saved or not), so a form can be checked
    before anything is written. A deviation needs its category, a reason and a measure
    [004 第二十七条].
    """
    problems = []
    if report.expected_full_year is None:
        problems.append((None, "expected_full_year", _("请填写预计全年执行数。")))
    by_indicator = {p.indicator_id: p for p in rows}
    for ind in report.target.indicators.all():
        p = by_indicator.get(ind.pk)
        name = ind.name
        if p is None or not p.possibility:
            problems.append((ind.pk, "possibility", _("“%(n)s”：请选择完成目标可能性。") % {"n": name}))
            continue
        p.indicator = ind
        if ind.comparator != Comparator.QUALITATIVE and p.expected_value is None:
            problems.append((ind.pk, "expected_value", _("“%(n)s”：请填写预计全年完成值。") % {"n": name}))
        if p.possibility != Possibility.CERTAIN or indicator_missed(p):
            if not p.deviation:
                problems.append(
                    (ind.pk, "deviation", _("“%(n)s”存在偏差：请选择偏差原因分类。") % {"n": name})
                )
            if not p.deviation_reason.strip():
                problems.append(
                    (ind.pk, "deviation_reason", _("“%(n)s”存在偏差：请说明偏差原因。") % {"n": name})
                )
            if not p.measure.strip():
                problems.append((ind.pk, "measure", _("“%(n)s”存在偏差：请填写纠偏措施。") % {"n": name}))
    return problems


def submission_errors(report: MonitoringReport) -> list[str]:
    """What is missing before the report can be submitted; a deviation needs a reason and a measure."""
    rows = list(report.progress.all())
    return [message for _ind, _field, message in progress_problems(report, rows)]


def before_submit(report: MonitoringReport) -> None:
    errors = submission_errors(report)
    if errors:
        raise TransitionRefused("；".join(errors), code="invalid")
    execution = execution_of(report.target, report.round.data_as_of)
    report.initial_budget = execution.initial_budget
    report.annual_budget = execution.budget
    report.spent = execution.spent
    report.execution_rate = execution.execution_rate
    report.time_progress = execution.time_progress
    report.submitted_at = timezone.now()


def after_transition(report: MonitoringReport, name: str, user, comment: str) -> None:
    """Warnings follow every submission (generated after commit); the next person is told."""
    if name == "submit":

        def generate():
            try:
                from monitoring.warnings import generate_for_reports
            except ImportError:  # the warning rules are not installed (yet)
                return
            generate_for_reports([report.pk])

        transaction.on_commit(generate)


# --- rounds ---------------------------------------------------------------------------------------


def rounds_visible_to(user):
    """Rounds of the fiscal years the user can see (business roles of the region)."""
    return MonitoringRound.objects.filter(fiscal_year__in=FiscalYear.objects.visible_to(user))


def _date_of(year: int, month_day: str) -> datetime.date:
    month, day = (int(p) for p in month_day.split("-"))
    return datetime.date(year, month, day)


def rounds_from_policy(fiscal_year: FiscalYear, user, request=None) -> list[MonitoringRound]:
    """Create the year's rounds from the Policy (month-days of the year) [000 #15]; rounds that
    exist under the same name are kept. Returns the rounds created."""
    created = []
    for spec in fiscal_year.policy.monitoring.rounds:
        rnd, new = MonitoringRound.objects.get_or_create(
            fiscal_year=fiscal_year,
            name=spec.name,
            defaults={
                "data_as_of": _date_of(fiscal_year.year, spec.data_as_of),
                "due": _date_of(fiscal_year.year, spec.due),
            },
        )
        if new:
            created.append(rnd)
            audit.record(
                EventKind.CREATED, user, rnd, summary=_("新建监控轮次：%(r)s") % {"r": rnd}, request=request
            )
    return created


def key_candidates(round: MonitoringRound):
    """Projects that may be put under key monitoring: those with an approved target in the round."""
    from budgets.models import Project

    return Project.objects.filter(
        pk__in=targets_in_round(round).filter(project__isnull=False).values("project_id")
    ).order_by("code")


def set_key_projects(round: MonitoringRound, projects, user, request=None) -> None:
    """财政重点监控: the chosen projects; reports already created follow the choice."""
    with transaction.atomic():
        round.key_projects.set(projects)
        ids = [p.pk for p in projects]
        round.reports.update(is_key=False)
        round.reports.filter(project_id__in=ids).update(is_key=True)
        audit.record(
            EventKind.UPDATED,
            user,
            round,
            summary=_("设置财政重点监控项目：%(r)s") % {"r": round},
            data={"projects": ids},
            request=request,
        )


# --- reports --------------------------------------------------------------------------------------


def can_edit_report(user, report: MonitoringReport) -> tuple[bool, str]:
    """Only the declarer (the unit; the department for its overall report), only while editable."""
    from monitoring.models import _declarer_of

    if not report.is_editable:
        return False, _("监控报告已报送，不能修改。")
    if not _declarer_of(report, user):
        return False, _("只有填报单位可以填写监控报告。")
    return True, ""


def ensure_progress(report: MonitoringReport) -> list[IndicatorProgress]:
    """One progress row per indicator of the target (created on first edit), in indicator order."""
    indicators = list(report.target.indicators.all())
    rows = IndicatorProgress.objects.filter(report=report)  # not a prefetched (stale) cache
    have = {p.indicator_id: p for p in rows}
    missing = [IndicatorProgress(report=report, indicator=i) for i in indicators if i.pk not in have]
    if missing:
        IndicatorProgress.objects.bulk_create(missing, ignore_conflicts=True)
        have = {p.indicator_id: p for p in rows.all()}
    return [have[i.pk] for i in indicators if i.pk in have]


def save_report(report: MonitoringReport, rows, seen_version, user, request=None) -> MonitoringReport:
    """Save the unit's answers unless someone changed the report since the form was loaded."""
    with transaction.atomic():
        save_edit(report, seen_version, user, request=request)
        for row in rows:
            row.report = report
            row.save()
    return report


def shown_execution(report: MonitoringReport) -> dict:
    """The money columns: frozen on submission, computed live from Expenditure before."""
    if report.submitted_at and not report.is_editable:
        return {
            "initial_budget": report.initial_budget,
            "budget": report.annual_budget,
            "spent": report.spent,
            "execution_rate": report.execution_rate,
            "time_progress": report.time_progress,
        }
    e = execution_of(report.target, report.round.data_as_of)
    return {
        "initial_budget": e.initial_budget,
        "budget": e.budget,
        "spent": e.spent,
        "execution_rate": e.execution_rate,
        "time_progress": e.time_progress,
    }


RETURNS = ("dept_return", "finance_return")


def run_transition(
    report: MonitoringReport, name: str, user, *, comment="", conclusion="", seen_version=None, request=None
) -> MonitoringReport:
    """Any report transition with the rules around it: a return needs a comment; finance must
    record its 财政重点监控结论 for a key-monitoring project before accepting [002 三(三)]."""
    comment, conclusion = comment.strip(), conclusion.strip()
    if name in RETURNS and not comment:
        raise TransitionRefused(_("退回时请填写退回意见。"), code="invalid")
    if name == "accept" and report.is_key and not conclusion:
        raise TransitionRefused(_("财政重点监控项目须填写财政重点监控结论。"), code="conclusion")
    with transaction.atomic():
        done = perform(report, name, user, comment=comment, seen_version=seen_version, request=request)
        if name in ("accept", "finance_return") and conclusion:
            done.finance_conclusion = conclusion
            MonitoringReport.objects.filter(pk=done.pk).update(finance_conclusion=conclusion)
    return done


def review_report(
    report: MonitoringReport,
    user,
    *,
    approved: bool,
    comment: str = "",
    conclusion: str = "",
    seen_version=None,
    request=None,
) -> MonitoringReport:
    """Department review (submitted) or finance review (dept_approved) of a report."""
    if report.status == MonitoringReport.Status.SUBMITTED:
        name = "dept_approve" if approved else "dept_return"
    elif report.status == MonitoringReport.Status.DEPT_APPROVED:
        name = "accept" if approved else "finance_return"
    else:
        raise TransitionRefused(_("当前状态不能审核。"), code="state")
    return run_transition(
        report, name, user, comment=comment, conclusion=conclusion, seen_version=seen_version, request=request
    )


def is_round_admin(user, fiscal_year: FiscalYear) -> bool:
    """Finance admins of the year's region create, configure and open rounds."""
    from accounts.scoping import scope_of

    scope = scope_of(user)
    return (
        Role.FINANCE_ADMIN in scope.roles
        and scope.region_ids is not None
        and fiscal_year.region_id in scope.region_ids
    )
