"""Reminders before, on and after a monitoring deadline, escalation, and exactly-once sending."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from budgets.models import Deadline
from monitoring import reminders
from monitoring.models import MonitoringReport, MonitoringRound, SentReminder
from perfapp.models import EventKind, Notification
from targets.models import Target
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 7, 15)


def make_round(personas, due=DUE, status=MonitoringRound.Status.OPEN, units=None):
    """An open first round of 2026 with one draft report per unit (A, B of dept D; C of dept E)."""
    deadline = Deadline.objects.create(
        fiscal_year=personas.year, stage=Deadline.Stage.MONITORING, name="第一轮监控报告报送", due=due
    )
    round = MonitoringRound.objects.create(
        fiscal_year=personas.year,
        name="第一轮（1—6月）",
        data_as_of=datetime.date(2026, 6, 30),
        due=due,
        status=status,
        deadline=deadline,
    )
    reports = {}
    for unit in units or (personas.unit_a, personas.unit_b, personas.unit_c):
        target = make_target(personas, unit=unit, status=Target.Status.APPROVED, amount=Decimal("1000000.00"))
        reports[unit.code] = MonitoringReport.objects.create(
            round=round,
            target=target,
            project=target.project,
            year=2026,
            unit=unit,
            department_id=target.department_id,
            region_id=target.region_id,
        )
    return round, reports


def run_on(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 0)), tick=False):
        return reminders.send_reminders()


def inbox(user):
    return list(Notification.objects.filter(recipient=user, kind=EventKind.REMINDER).order_by("pk"))


def test_officers_are_reminded_seven_days_and_one_day_before_the_deadline(personas):
    make_round(personas)
    run_on(DUE - datetime.timedelta(days=8))
    assert inbox(personas.officer_a) == []

    run_on(DUE - datetime.timedelta(days=7))
    [first] = inbox(personas.officer_a)
    assert "7天后" in first.title and first.due == DUE

    run_on(DUE - datetime.timedelta(days=3))
    assert len(inbox(personas.officer_a)) == 1

    run_on(DUE - datetime.timedelta(days=1))
    titles = [n.title for n in inbox(personas.officer_a)]
    assert len(titles) == 2 and "1天后" in titles[1]
    # Nobody above the unit is told before the deadline.
    assert inbox(personas.dept_d_officer) == inbox(personas.finance_reviewer) == []


def test_a_missed_beat_catches_up_with_the_reminder_it_missed(personas):
    make_round(personas)
    run_on(DUE - datetime.timedelta(days=5))
    [n] = inbox(personas.officer_a)
    assert SentReminder.objects.get(recipient=personas.officer_a).days == 7
    assert "7天后" in n.title


def test_on_the_due_date_the_unit_is_told_it_is_due_today_and_nothing_is_overdue(personas):
    make_round(personas)
    run_on(DUE)
    [n] = inbox(personas.officer_a)
    assert "今天" in n.title
    assert not SentReminder.objects.filter(step=SentReminder.Step.OVERDUE).exists()


def test_after_the_deadline_the_unit_then_department_then_finance_are_told(personas):
    make_round(personas)
    run_on(DUE + datetime.timedelta(days=1))
    assert "逾期" in inbox(personas.officer_a)[-1].title
    assert inbox(personas.dept_d_officer) == []

    # Policy: department after 3 days, finance after 7.
    run_on(DUE + datetime.timedelta(days=2))
    assert inbox(personas.dept_d_officer) == []
    run_on(DUE + datetime.timedelta(days=3))
    [dept] = inbox(personas.dept_d_officer)
    assert "吉林省实验中学" in dept.body and "吉林省教育考试院" in dept.body
    assert "吉林省人民医院" not in dept.body  # unit C belongs to department E
    assert [n.title for n in inbox(personas.dept_e_officer)] != []
    assert inbox(personas.finance_reviewer) == []

    run_on(DUE + datetime.timedelta(days=7))
    [fin] = inbox(personas.finance_reviewer)
    assert "吉林省实验中学" in fin.body
    # Reviewer X covers division X (department D) only; department E's division has none → the
    # region's finance admin.
    assert "吉林省人民医院" not in fin.body
    assert "吉林省人民医院" in inbox(personas.finance_admin)[-1].body
    # The unit heard of it once.
    assert len([n for n in inbox(personas.officer_a) if "逾期" in n.title]) == 1


def test_escalation_days_come_from_the_years_policy(personas):
    row = personas.year.policy_row
    data = row.rules.to_dict()
    data["monitoring"]["escalate_department_after_days"] = 1
    row.data = data
    row.save()
    personas.year.__dict__.pop("policy_row", None)
    make_round(personas)
    run_on(DUE + datetime.timedelta(days=1))
    assert len(inbox(personas.dept_d_officer)) == 1


def test_running_the_job_twice_sends_once(personas):
    make_round(personas)
    mail.outbox.clear()
    day = DUE + datetime.timedelta(days=7)
    first = run_on(day)
    second = run_on(day)
    assert sum(first.values()) > 0
    assert sum(second.values()) == 0
    assert len(inbox(personas.officer_a)) == 1
    assert len(inbox(personas.finance_reviewer)) == 1
    assert Notification.objects.filter(kind=EventKind.REMINDER).count() == sum(first.values())


def test_a_claim_held_by_another_run_is_not_sent_again(personas):
    round, reports = make_round(personas, units=[personas.unit_a])
    SentReminder.objects.create(
        deadline=round.deadline,
        recipient=personas.officer_a,
        step=SentReminder.Step.OVERDUE,
        subject=f"monitoring.monitoringreport:{reports['A'].pk}",
    )
    run_on(DUE + datetime.timedelta(days=1))
    assert inbox(personas.officer_a) == []


def test_a_submitted_report_gets_no_reminder(personas):
    _, reports = make_round(personas, units=[personas.unit_a, personas.unit_b])
    MonitoringReport.objects.filter(pk=reports["A"].pk).update(status=MonitoringReport.Status.SUBMITTED)
    run_on(DUE + datetime.timedelta(days=7))
    assert inbox(personas.officer_a) == []
    assert len(inbox(personas.officer_b)) == 1
    assert "吉林省实验中学" not in inbox(personas.dept_d_officer)[0].body


def test_a_returned_report_is_reminded_again(personas):
    _, reports = make_round(personas, units=[personas.unit_a])
    MonitoringReport.objects.filter(pk=reports["A"].pk).update(status=MonitoringReport.Status.RETURNED)
    run_on(DUE + datetime.timedelta(days=1))
    assert len(inbox(personas.officer_a)) == 1


def test_a_round_not_open_sends_nothing(personas):
    make_round(personas, status=MonitoringRound.Status.CLOSED)
    assert run_on(DUE + datetime.timedelta(days=7)) == {}


def test_reminders_also_go_by_email(personas):
    personas.officer_a.email = "unit_a@example.cn"
    personas.officer_a.save()
    make_round(personas, units=[personas.unit_a])
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2026, 7, 8, 8, 0), tick=False):
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            reminders.send_reminders()
    assert [m.to for m in mail.outbox] == [["unit_a@example.cn"]]
    assert "7天后" in mail.outbox[0].subject


def test_a_stage_without_a_provider_is_skipped_and_a_registered_one_is_used(personas):
    deadline = Deadline.objects.create(
        fiscal_year=personas.year, stage=Deadline.Stage.OTHER, name="其他事项", due=DUE
    )
    assert run_on(DUE) == {}
    reminders.RESPONSIBLE[Deadline.Stage.OTHER] = lambda d: [
        reminders.Responsible("other:1", personas.unit_c.pk, personas.dept_e.pk, "/x", "专项事项")
    ]
    try:
        counts = run_on(DUE)
    finally:
        del reminders.RESPONSIBLE[Deadline.Stage.OTHER]
    assert counts == {"before": 1}
    assert inbox(personas.officer_c)[0].url == "/x"
    assert SentReminder.objects.get().deadline == deadline


def test_the_command_runs_the_same_code_for_a_given_date(personas):
    make_round(personas, units=[personas.unit_a])
    out = []

    class W:
        def write(self, s):
            out.append(s)

        def flush(self):
            pass

    call_command("send_reminders", "--date", "2026-07-16", stdout=W())
    assert "已发送提醒 1 条" in "".join(out)
    call_command("send_reminders", "--date", "2026-07-16", stdout=W())
    assert "已发送提醒 0 条" in "".join(out)
    assert len(inbox(personas.officer_a)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_at_once_send_once(personas):
    import threading

    from django.db import connection

    make_round(personas, units=[personas.unit_a])
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(sum(reminders.send_reminders(DUE + datetime.timedelta(days=1)).values()))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    assert len(inbox(personas.officer_a)) == 1
