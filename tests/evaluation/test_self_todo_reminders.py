"""我的待办 and reminders of self-evaluations [003 三(一)]: each role sees what waits for it with the
season's due date; the season's deadline reminds the units whose self-evaluation is not submitted."""

import datetime

import pytest
import time_machine

from budgets.models import Deadline
from evaluation import selfeval as se
from evaluation.models import Evaluation
from monitoring import reminders
from perfapp.models import EventKind, Notification
from perfapp.todo import todo_for
from perfapp.workflow import perform
from tests.evaluation.self_helpers import funded_target, self_evaluation_a, submitted
from tests.monitoring.conftest import quick_approved_target

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 5, 31)


def mine(user):
    return {i.title: (i.count, i.due, i.url) for i in todo_for(user) if i.kind == "绩效自评"}


def test_each_role_sees_what_waits_for_it(personas):
    e = self_evaluation_a(personas)
    quick_approved_target(personas, unit=personas.unit_b)
    se.open_season(personas.year, personas.finance_admin)
    assert mine(personas.officer_a) == {"绩效自评待填报": (1, DUE, "/evaluation/self/?status=draft")}
    assert mine(personas.officer_b) == {"绩效自评待填报": (1, DUE, "/evaluation/self/?status=draft")}
    assert mine(personas.dept_d_officer) == {}  # the units' drafts are theirs to fill
    assert mine(personas.officer_c) == {} and mine(personas.expert) == {}

    e = submitted(personas, e)
    assert mine(personas.dept_d_officer) == {
        "绩效自评待部门初审": (1, DUE, "/evaluation/self/?status=submitted")
    }
    assert mine(personas.dept_e_officer) == {}
    e = perform(e, "dept_approve", personas.dept_d_officer, seen_version=e.version)
    assert mine(personas.finance_reviewer) == {
        "绩效自评待财政业务审核": (1, DUE, "/evaluation/self/?status=dept_approved")
    }
    assert mine(personas.finance_admin) == {}
    e = perform(e, "business_approve", personas.finance_reviewer, seen_version=e.version)
    assert mine(personas.finance_admin) == {
        "绩效自评待财政技术审核": (1, DUE, "/evaluation/self/?status=business_approved")
    }
    e = perform(e, "technical_return", personas.finance_admin, comment="补充佐证", seen_version=e.version)
    assert mine(personas.officer_a)["退回的绩效自评待修改"][0] == 1


def test_the_department_fills_its_overall_self_evaluation(personas):
    from tests.evaluation.test_self_season import department_target

    department_target(personas)
    se.open_season(personas.year, personas.finance_admin)
    assert mine(personas.dept_d_officer) == {"绩效自评待填报": (1, DUE, "/evaluation/self/?status=draft")}
    assert mine(personas.dept_e_officer) == {}


def run_on(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 0)), tick=False):
        return reminders.send_reminders()


def test_the_seasons_deadline_reminds_units_that_have_not_submitted(personas):
    e = self_evaluation_a(personas)
    b = funded_target(personas, unit=personas.unit_b, quick=True)
    se.open_season(personas.year, personas.finance_admin)
    submitted(personas, Evaluation.objects.get(target=b), user=personas.officer_b)
    deadline = Deadline.objects.get(stage=Deadline.Stage.SELF_EVALUATION)
    items = reminders.RESPONSIBLE[Deadline.Stage.SELF_EVALUATION](deadline)
    assert [(i.subject, i.unit_id, i.url, i.label) for i in items] == [
        (f"evaluation.evaluation:{e.pk}", personas.unit_a.pk, f"/evaluation/self/{e.pk}/", e.name)
    ]
    run_on(datetime.date(2027, 5, 24))
    told = Notification.objects.filter(kind=EventKind.REMINDER)
    assert [n.recipient for n in told] == [personas.officer_a]
    assert "2027-05-31" in told.get().title
    run_on(datetime.date(2027, 6, 8))  # overdue a week: the department and finance are told
    assert Notification.objects.filter(kind=EventKind.REMINDER, recipient=personas.dept_d_officer).exists()
    assert Notification.objects.filter(kind=EventKind.REMINDER, recipient=personas.finance_reviewer).exists()


def test_a_default_deadline_made_before_the_season_names_nothing(personas):
    self_evaluation_a(personas)
    stray = Deadline.objects.create(
        fiscal_year=personas.year,
        stage=Deadline.Stage.SELF_EVALUATION,
        name="绩效自评截止",
        due=datetime.date(2026, 5, 31),
    )
    assert reminders.RESPONSIBLE[Deadline.Stage.SELF_EVALUATION](stray) == []
