"""整改台账 [000 #17]: lifecycle with a returned item, evidence required, overdue and reminders."""

from __future__ import annotations

import datetime

import pytest

from perfapp.models import Notification
from perfapp.workflow import TransitionRefused, perform
from results import rectification as rules
from results.models import Rectification


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def audit_item(personas, unit=None, deadline=datetime.date(2026, 6, 30)):
    return rules.create_item(
        personas.finance_admin,
        source=Rectification.Source.AUDIT,
        unit=unit or personas.unit_a,
        problem="审计发现：专项资金滞留。",
        requirement="限期拨付到位。",
        deadline=deadline,
        year=2026,
    )


def test_audit_item_entered_by_finance_admin_only(personas):
    item = audit_item(personas)
    assert (item.department, item.region, item.status) == (personas.dept_d, personas.province, "pending")
    with pytest.raises(TransitionRefused):
        rules.create_item(
            personas.officer_a,
            source=Rectification.Source.AUDIT,
            unit=personas.unit_a,
            problem="x",
            requirement="y",
            deadline=datetime.date(2026, 6, 30),
            year=2026,
        )


def test_submit_without_measures_or_evidence_refused(personas, media):
    item = perform(audit_item(personas), "start", personas.officer_a)
    with pytest.raises(TransitionRefused, match="整改措施"):
        perform(item, "submit", personas.officer_a)
    item.measures = "已拨付全部资金。"
    item.save()
    with pytest.raises(TransitionRefused, match="佐证材料"):
        perform(item, "submit", personas.officer_a)
    item.refresh_from_db()
    assert item.status == Rectification.Status.IN_PROGRESS


def test_evidence_sha256_and_size_limit(personas, media, settings):
    item = audit_item(personas)
    ev = rules.add_evidence(item, personas.officer_a, "拨付凭证.pdf", b"%PDF-1.4 evidence")
    assert ev.size == 17
    import hashlib

    assert ev.sha256 == hashlib.sha256(b"%PDF-1.4 evidence").hexdigest()
    settings.RECTIFICATION_FILE_MAX_BYTES = 10
    with pytest.raises(TransitionRefused, match="文件超过"):
        rules.add_evidence(item, personas.officer_a, "big.pdf", b"x" * 11)
    with pytest.raises(TransitionRefused):
        rules.add_evidence(item, personas.officer_b, "other.pdf", b"x")


def test_lifecycle_with_a_returned_item(personas, media):
    item = audit_item(personas)
    with pytest.raises(TransitionRefused):
        perform(item, "start", personas.officer_b)
    item = perform(item, "start", personas.officer_a)
    item.measures = "已拨付部分资金。"
    item.save()
    rules.add_evidence(item, personas.officer_a, "凭证.pdf", b"evidence")
    item = perform(item, "submit", personas.officer_a)
    assert item.status == Rectification.Status.SUBMITTED
    with pytest.raises(TransitionRefused, match="退回原因"):
        perform(item, "send_back", personas.finance_admin, comment="  ")
    with pytest.raises(TransitionRefused):
        perform(item, "close", personas.officer_a)
    item = perform(item, "send_back", personas.finance_reviewer, comment="资金尚未全部拨付。")
    assert item.status == Rectification.Status.IN_PROGRESS
    assert (item.returned_count, item.return_reason) == (1, "资金尚未全部拨付。")
    item.measures = "已全部拨付。"
    item.save()
    item = perform(item, "submit", personas.officer_a)
    item = perform(item, "close", personas.finance_admin)
    assert item.status == Rectification.Status.CLOSED and item.closed_at
    assert item.returned_count == 1 and item.return_reason == "资金尚未全部拨付。"


def test_overdue_computed(personas):
    item = audit_item(personas, deadline=datetime.date(2026, 6, 30))
    assert not rules.is_overdue(item, datetime.date(2026, 6, 30))
    assert rules.is_overdue(item, datetime.date(2026, 7, 1))
    assert list(rules.overdue_filter(Rectification.objects.all(), True, datetime.date(2026, 7, 1))) == [item]
    item.status = Rectification.Status.CLOSED
    assert not rules.is_overdue(item, datetime.date(2026, 7, 1))


def test_reminders_once_then_escalation(personas):
    audit_item(personas, deadline=datetime.date(2026, 6, 30))
    assert rules.rectification_reminders(datetime.date(2026, 6, 23))["before"] == 1
    assert rules.rectification_reminders(datetime.date(2026, 6, 23))["before"] == 0
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"unit_a"}
    policy = personas.year.policy.monitoring
    late = datetime.date(2026, 6, 30) + datetime.timedelta(days=policy.escalate_finance_after_days)
    counts = rules.rectification_reminders(late)
    assert counts["overdue"] == 1 and counts["escalate_department"] == 1 and counts["escalate_finance"] == 1
    assert sum(rules.rectification_reminders(late).values()) == 0
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"unit_a", "dept_d", "fin_reviewer_x"}


def test_the_daily_reminder_run_includes_the_ledger(personas):
    """`manage.py send_reminders` and the beat task (monitoring.reminders.send_reminders) run the
    result-application reminders too, once."""
    from monitoring.reminders import send_reminders

    audit_item(personas, deadline=datetime.date(2026, 6, 30))
    assert send_reminders(datetime.date(2026, 6, 23))["before"] >= 1
    assert Notification.objects.filter(recipient__username="unit_a").count() == 1
    send_reminders(datetime.date(2026, 6, 23))
    assert Notification.objects.filter(recipient__username="unit_a").count() == 1
