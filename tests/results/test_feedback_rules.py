"""评价结果反馈 [003 三(五)]: letters generated from the final report's findings, approved and sent;
sending opens the rectification ledger [000 #17]; overdue and reminders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from evaluation.models import Evaluation, EvaluationReport
from perfapp.models import Notification
from perfapp.workflow import TransitionRefused, perform
from results import feedback as rules
from results.models import Feedback, Rectification
from results.rectification import split_findings
from tests.evaluation.reports_data import make_evaluation

FINDINGS = "1. 部分学校设备采购滞后。\n2. 资金支付进度慢于序时进度。\n（3）验收资料不完整。"


def final_evaluation(personas, **kwargs):
    evaluation = make_evaluation(personas, status=Evaluation.Status.FINAL, **kwargs)
    evaluation.finalized_at = timezone.make_aware(datetime.datetime(2026, 3, 1, 10, 0))
    evaluation.save(update_fields=["finalized_at"])
    return evaluation


@pytest.fixture
def evaluation(personas):
    ev = final_evaluation(personas)
    EvaluationReport.objects.create(
        evaluation=ev,
        number=1,
        status=EvaluationReport.Status.FINAL,
        findings=FINDINGS,
        recommendations="加快采购和支付进度，完善验收制度。",
    )
    return ev


def test_split_findings_by_numbered_items_and_lines():
    assert split_findings(FINDINGS) == [
        "部分学校设备采购滞后。",
        "资金支付进度慢于序时进度。",
        "验收资料不完整。",
    ]
    assert split_findings("一、问题甲\n补充说明\n二、问题乙") == ["问题甲补充说明", "问题乙"]
    assert split_findings("问题甲\n\n问题乙") == ["问题甲", "问题乙"]
    assert split_findings("") == []


def test_generated_from_the_final_report_findings(personas, evaluation):
    fb = rules.generate_feedback(evaluation, personas.finance_admin)
    assert fb.title == "关于义务教育薄弱环节改善与能力提升项目绩效评价结果的反馈意见函"
    assert "验收资料不完整" in fb.body and "完善验收制度" in fb.body
    assert "84.50" in fb.body and "良" in fb.body
    # finalized 2026-03-01 + Policy linkage.feedback_days (30)
    assert fb.due == datetime.date(2026, 3, 31)
    assert (fb.unit, fb.department, fb.region, fb.year) == (
        personas.unit_a,
        personas.dept_d,
        personas.province,
        2026,
    )
    # idempotent
    assert rules.generate_feedback(evaluation, personas.finance_admin).pk == fb.pk
    assert Feedback.objects.count() == 1


def test_falls_back_to_the_evaluation_texts(personas):
    ev = final_evaluation(personas, kind=Evaluation.Kind.DEPARTMENT)
    fb = rules.generate_feedback(ev, personas.finance_admin)
    assert "部分学校设备采购滞后" in fb.body


def test_not_final_or_self_refused(personas):
    ev = make_evaluation(personas, status=Evaluation.Status.JOINT_REVIEW)
    with pytest.raises(rules.FeedbackError, match="尚未定稿"):
        rules.generate_feedback(ev, personas.finance_admin)


def test_generate_all_for_finance_admin_only(personas, evaluation):
    other = final_evaluation(personas, unit=personas.unit_c, project_name="基层医疗设备更新项目")
    with pytest.raises(rules.FeedbackError):
        rules.generate_all(2026, personas.officer_a)
    made = rules.generate_all(2026, personas.finance_admin)
    assert {f.evaluation_id for f in made} == {evaluation.pk, other.pk}
    assert rules.generate_all(2026, personas.finance_admin) == []


def test_approve_send_opens_ledger_and_notifies(personas, evaluation):
    fb = rules.generate_feedback(evaluation, personas.finance_admin)
    with pytest.raises(TransitionRefused):
        perform(fb, "approve", personas.officer_a)
    fb = perform(fb, "approve", personas.finance_reviewer)
    assert fb.approved_by == personas.finance_reviewer
    fb = perform(fb, "send", personas.finance_admin)
    assert fb.status == Feedback.Status.SENT and fb.sent_at
    items = list(Rectification.objects.filter(evaluation=evaluation).order_by("pk"))
    assert [i.problem for i in items] == [
        "部分学校设备采购滞后。",
        "资金支付进度慢于序时进度。",
        "验收资料不完整。",
    ]
    sent = timezone.localtime(fb.sent_at).date()
    for item in items:
        assert item.unit == personas.unit_a and item.department == personas.dept_d
        assert item.requirement == "加快采购和支付进度，完善验收制度。"
        assert item.deadline == sent + datetime.timedelta(days=90)
        assert item.status == Rectification.Status.PENDING
    told = set(Notification.objects.filter(title=fb.title).values_list("recipient__username", flat=True))
    assert told == {"unit_a", "dept_d"}


def test_overdue_when_not_sent_by_due(personas, evaluation):
    fb = rules.generate_feedback(evaluation, personas.finance_admin)
    assert not rules.is_overdue(fb, today=datetime.date(2026, 3, 31))
    assert rules.is_overdue(fb, today=datetime.date(2026, 4, 1))
    qs = Feedback.objects.all()
    assert list(rules.overdue_filter(qs, True, datetime.date(2026, 4, 1))) == [fb]
    assert list(rules.overdue_filter(qs, False, datetime.date(2026, 4, 1))) == []
    fb = perform(perform(fb, "approve", personas.finance_admin), "send", personas.finance_admin)
    assert not rules.is_overdue(fb, today=datetime.date(2026, 4, 1))


def test_reminders_sent_once(personas, evaluation):
    fb = rules.generate_feedback(evaluation, personas.finance_admin)
    # 7 days before the due date (Policy.monitoring.reminder_days_before)
    counts = rules.feedback_reminders(datetime.date(2026, 3, 24))
    assert counts["before"] == 1
    assert rules.feedback_reminders(datetime.date(2026, 3, 24))["before"] == 0
    assert rules.feedback_reminders(datetime.date(2026, 4, 2))["overdue"] == 1
    assert rules.feedback_reminders(datetime.date(2026, 4, 3))["overdue"] == 0
    # finance reviewer of division X (managing department D) is told
    told = Notification.objects.filter(kind="reminder").values_list("recipient__username", flat=True)
    assert set(told) == {"fin_reviewer_x"}
    perform(perform(fb, "approve", personas.finance_admin), "send", personas.finance_admin)
    assert sum(rules.feedback_reminders(datetime.date(2026, 4, 10)).values()) == 0
