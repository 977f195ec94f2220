"""评价结果反馈 [003 三(五)]: a final department or fiscal evaluation's findings and recommendations
are fed back to the evaluated department in a letter (反馈意见函) within the Policy's
`linkage.feedback_days`; finance approves and sends it, and sending opens the rectification
ledger items (results/rectification.py, [000 #17]).

Reminders: one daily function, `feedback_reminders(today)`, reminds finance before each unsent
letter's due date and tells it once when the letter is overdue. The claim is monitoring's
SentReminder (exactly once per person, step and subject); its `deadline` foreign key points at one
anchor Deadline per fiscal year (stage OTHER, `ANCHOR_NAME`), because a letter's due date is its own
and not a stage's.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment
from budgets.models import Deadline, FiscalYear
from evaluation.models import Evaluation, EvaluationReport
from perfapp import audit
from perfapp.models import EventKind
from perfapp.notify import notify
from results.models import Feedback

#: Evaluations that receive a feedback letter [003 三(五)].
FEEDBACK_KINDS = (Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL)
ANCHOR_NAME = "结果应用催办（反馈与整改）"


class FeedbackError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------
# Generating


def source_texts(evaluation: Evaluation) -> tuple[str, str]:
    """(findings, recommendations) of the latest final report, else of the evaluation itself."""
    report = (
        EvaluationReport.objects.filter(evaluation=evaluation, status=EvaluationReport.Status.FINAL)
        .order_by("-number")
        .first()
    )
    if report is not None and (report.findings or report.recommendations):
        return report.findings, report.recommendations
    return evaluation.findings, evaluation.recommendations


def _subject_name(evaluation: Evaluation) -> str:
    if evaluation.project_id:
        return evaluation.project.name
    return evaluation.name


def compose(evaluation: Evaluation) -> tuple[str, str]:
    """The letter's title and body [003 三(五)]."""
    findings, recommendations = source_texts(evaluation)
    name = _subject_name(evaluation)
    title = _("关于%(name)s项目绩效评价结果的反馈意见函") % {"name": name.removesuffix("项目")}
    score = f"{evaluation.total_score}" if evaluation.total_score is not None else "—"
    body = "\n".join(
        [
            _("%(dept)s、%(unit)s：") % {"dept": evaluation.department.name, "unit": evaluation.unit.name},
            _(
                "根据%(year)s年度%(kind)s工作安排，已完成对%(name)s的绩效评价，"
                "评价得分%(score)s分，评价等级为“%(grade)s”。现将评价结果反馈如下："
            )
            % {
                "year": evaluation.year,
                "kind": evaluation.get_kind_display(),
                "name": name,
                "score": score,
                "grade": evaluation.grade_label or "—",
            },
            _("一、发现的主要问题"),
            findings.strip() or _("无"),
            _("二、整改意见和建议"),
            recommendations.strip() or _("无"),
            _("请按要求认真整改，并在整改期限内将整改情况及佐证材料报送财政部门。"),
        ]
    )
    return title[:200], body


def feedback_due(evaluation: Evaluation) -> datetime.date:
    """Finalized date + Policy linkage.feedback_days [003 三(五)]."""
    days = evaluation.fiscal_year.policy.linkage.feedback_days
    finalized = evaluation.finalized_at or timezone.now()
    return timezone.localtime(finalized).date() + datetime.timedelta(days=days)


def generate_feedback(evaluation: Evaluation, user) -> Feedback:
    """The evaluation's feedback letter, made once (a second call returns the existing one)."""
    if evaluation.kind not in FEEDBACK_KINDS:
        raise FeedbackError(_("只有部门评价和财政重点评价需要反馈评价结果。"))
    if evaluation.status != Evaluation.Status.FINAL:
        raise FeedbackError(_("评价尚未定稿，不能生成反馈意见函。"))
    existing = Feedback.objects.filter(evaluation=evaluation).first()
    if existing is not None:
        return existing
    title, body = compose(evaluation)
    with transaction.atomic():
        feedback, created = Feedback.objects.get_or_create(
            evaluation=evaluation,
            defaults={
                "year": evaluation.year,
                "unit_id": evaluation.unit_id,
                "department_id": evaluation.department_id,
                "region_id": evaluation.region_id,
                "title": title,
                "body": body,
                "due": feedback_due(evaluation),
            },
        )
        if created:
            audit.record(EventKind.CREATED, user, feedback, summary=str(feedback))
    return feedback


def pending_evaluations(user, year: int | None = None):
    """Final department/fiscal evaluations visible to `user` without a letter yet."""
    qs = Evaluation.objects.visible_to(user).filter(
        kind__in=FEEDBACK_KINDS, status=Evaluation.Status.FINAL, feedback__isnull=True
    )
    if year:
        qs = qs.filter(year=year)
    return qs


def generate_all(year: int | None, user) -> list[Feedback]:
    """Finance admin: a letter for every final evaluation of `year` still without one."""
    if Role.FINANCE_ADMIN not in user.roles:
        raise FeedbackError(_("只有财政绩效管理人员可以批量生成反馈意见函。"))
    evaluations = pending_evaluations(user, year).select_related(
        "project", "unit", "department", "fiscal_year"
    )
    return [generate_feedback(e, user) for e in evaluations.order_by("pk")]


# ---------------------------------------------------------------------------------------------
# State


def is_overdue(feedback: Feedback, today: datetime.date | None = None) -> bool:
    """Not sent by its due date."""
    today = today or timezone.localdate()
    return feedback.status != Feedback.Status.SENT and feedback.due < today


def overdue_filter(qs, overdue: bool, today: datetime.date | None = None):
    today = today or timezone.localdate()
    late = qs.exclude(status=Feedback.Status.SENT).filter(due__lt=today)
    return late if overdue else qs.exclude(pk__in=late.values("pk"))


def officers_of(org_ids) -> list:
    """Active unit and department officers of the organizations."""
    seen, people = set(), []
    for ra in RoleAssignment.objects.filter(
        organization_id__in=list(org_ids),
        role__in=[Role.UNIT_OFFICER, Role.DEPT_OFFICER],
        user__is_active=True,
    ).select_related("user"):
        if ra.user_id not in seen:
            seen.add(ra.user_id)
            people.append(ra.user)
    return people


def after_transition(feedback: Feedback, name: str, user, comment: str) -> None:
    now = timezone.now()
    if name == "approve":
        feedback.approved_by, feedback.approved_at = user, now
        feedback.save(update_fields=["approved_by", "approved_at"])
    elif name == "send":
        feedback.sent_by, feedback.sent_at = user, now
        feedback.save(update_fields=["sent_by", "sent_at"])
        from results.rectification import create_from_feedback

        create_from_feedback(feedback, user)
        notify(
            EventKind.TRANSITION,
            user,
            feedback,
            officers_of({feedback.unit_id, feedback.department_id}),
            title=feedback.title,
            body=feedback.body,
            url=reverse("results:feedback_detail", args=[feedback.pk]),
        )


# ---------------------------------------------------------------------------------------------
# Reminders


def anchor_deadline(fiscal_year: FiscalYear) -> Deadline:
    """The Deadline row the SentReminder claims of this year's letters and ledger items point at."""
    deadline, _created = Deadline.objects.get_or_create(
        fiscal_year=fiscal_year,
        stage=Deadline.Stage.OTHER,
        name=ANCHOR_NAME,
        defaults={"due": datetime.date(fiscal_year.year, 12, 31), "note": _("系统用于结果应用催办去重")},
    )
    return deadline


def send_item_reminders(fiscal_year: FiscalYear, planned: dict, title_of, today) -> Counter:
    """Claim and send `planned` {(user_id, step, days, subject): (user, obj, due)} at most once each."""
    from monitoring.reminders import claim

    counts = Counter()
    if not planned:
        return counts
    deadline = anchor_deadline(fiscal_year)
    with transaction.atomic():
        claimed = claim(deadline, list(planned))
        for key in planned:
            if key not in claimed:
                continue
            user, obj, due, url = planned[key]
            notify(
                EventKind.REMINDER,
                None,
                obj,
                [user],
                title=title_of(obj, key[1], key[2]),
                body=_("期限：%(due)s\n%(item)s") % {"due": f"{due:%Y-%m-%d}", "item": obj},
                url=url,
                due=due,
            )
            counts[key[1]] += 1
    return counts


def steps_for(fiscal_year: FiscalYear, due: datetime.date, today: datetime.date):
    """Monitoring's reminder steps (Policy.monitoring reminder days and escalation) for one due date."""
    from monitoring.reminders import steps_due

    return steps_due(SimpleNamespace(due=due, fiscal_year=fiscal_year), today)


def _feedback_title(feedback, step, days):
    if step == "before":
        if days == 0:
            return _("今日到期：评价结果反馈意见函尚未发送")
        return _("还有%(days)s天到期：评价结果反馈意见函尚未发送") % {"days": days}
    return _("已逾期：评价结果反馈意见函尚未发送")


def feedback_reminders(today: datetime.date | None = None) -> Counter:
    """Remind finance of every unsent letter before its due date; tell it once when overdue."""
    from monitoring.reminders import _finance_of_departments

    today = today or timezone.localdate()
    counts = Counter()
    pending = (
        Feedback.objects.exclude(status=Feedback.Status.SENT)
        .select_related("evaluation__fiscal_year")
        .order_by("pk")
    )
    by_year = defaultdict(list)
    for fb in pending:
        by_year[fb.evaluation.fiscal_year].append(fb)
    for fiscal_year, letters in by_year.items():
        finance = _finance_of_departments({f.department_id for f in letters}, fiscal_year.region_id)
        planned = {}
        for fb in letters:
            url = reverse("results:feedback_detail", args=[fb.pk])
            for step, days in steps_for(fiscal_year, fb.due, today):
                if step not in ("before", "overdue"):
                    continue
                for user in finance.get(fb.department_id, []):
                    planned[(user.pk, str(step), days, f"results.feedback:{fb.pk}")] = (user, fb, fb.due, url)
        counts.update(send_item_reminders(fiscal_year, planned, _feedback_title, today))
    return counts
