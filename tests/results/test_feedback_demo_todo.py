"""Demo data of letters and ledger, and 我的待办 of both."""

from __future__ import annotations

import datetime

from evaluation.models import Evaluation
from perfapp.todo import todo_for
from results import demo_feedback
from results import rectification as rules
from results.models import Feedback, Rectification
from tests.evaluation.reports_data import make_evaluation


def test_demo_seed_and_reset(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ev = make_evaluation(personas, status=Evaluation.Status.FINAL, scored=False, money=False)
    ev.findings = "1. 问题一\n2. 问题二\n3. 问题三\n4. 问题四\n5. 问题五"
    ev.save()
    make_evaluation(
        personas, status=Evaluation.Status.FINAL, kind=Evaluation.Kind.DEPARTMENT, unit=personas.unit_c
    )
    today = datetime.date(2026, 11, 22)
    counts = demo_feedback.seed([personas.province.pk], 2026, seed=1, today=today, log=lambda *a: None)
    assert counts["feedback"] == 2 and counts["feedback_sent"] == 1 and counts["feedback_overdue"] == 1
    assert Feedback.objects.filter(status=Feedback.Status.SENT).count() == 1
    statuses = set(Rectification.objects.values_list("status", flat=True))
    assert statuses == {"pending", "in_progress", "submitted", "closed"}
    assert Rectification.objects.filter(returned_count=1, status="in_progress").exists()
    assert any(rules.is_overdue(i, today) for i in Rectification.objects.all())
    assert Rectification.objects.filter(source="audit").count() == 1
    again = demo_feedback.seed([personas.province.pk], 2026, seed=1, today=today, log=lambda *a: None)
    assert sum(again.values()) == 0 and Rectification.objects.count() == 6
    reset = demo_feedback.reset([personas.province.pk])
    assert reset["feedback"] == 2 and not Rectification.objects.exists()


def test_todo(personas):
    ev = make_evaluation(personas, status=Evaluation.Status.FINAL, scored=False, money=False)
    Feedback.objects.create(
        evaluation=ev,
        year=2026,
        unit=ev.unit,
        department=ev.department,
        region=ev.region,
        title="t",
        body="b",
        due=datetime.date(2026, 5, 1),
    )
    Rectification.objects.create(
        year=2026,
        unit=personas.unit_a,
        department=personas.dept_d,
        region=personas.province,
        problem="p",
        requirement="r",
        deadline=datetime.date(2026, 6, 1),
    )
    titles = {i.title: i.count for i in todo_for(personas.finance_admin)}
    assert titles.get("评价结果反馈意见函待审批") == 1
    assert {i.title for i in todo_for(personas.officer_a)} >= {"整改事项待整改"}
    assert "整改事项待整改" not in {i.title for i in todo_for(personas.officer_b)}
