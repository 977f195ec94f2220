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
from budgets.models import Allocation, Deadline, Expenditure
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound, Possibility
from perfapp import audit
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.workflow import TransitionRefused
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


def submission_errors(report: MonitoringReport) -> list[str]:
    """What is missing before the report can be submitted; a deviation needs a reason and a measure."""
    errors = []
    if report.expected_full_year is None:
        errors.append(_("请填写预计全年执行数。"))
    rows = {p.indicator_id: p for p in report.progress.select_related("indicator")}
    for ind in report.target.indicators.all():
        p = rows.get(ind.pk)
        name = ind.name
        if p is None or not p.possibility:
            errors.append(_("“%(n)s”：请选择完成目标可能性。") % {"n": name})
            continue
        if ind.comparator != Comparator.QUALITATIVE and p.expected_value is None:
            errors.append(_("“%(n)s”：请填写预计全年完成值。") % {"n": name})
        if p.possibility != Possibility.CERTAIN or indicator_missed(p):
            if not p.deviation:
                errors.append(_("“%(n)s”存在偏差：请选择偏差原因分类。") % {"n": name})
            if not p.deviation_reason.strip():
                errors.append(_("“%(n)s”存在偏差：请说明偏差原因。") % {"n": name})
            if not p.measure.strip():
                errors.append(_("“%(n)s”存在偏差：请填写纠偏措施。") % {"n": name})
    return errors


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
            from monitoring.warnings import generate_for_reports

            generate_for_reports([report.pk])

        transaction.on_commit(generate)
