"""整改台账 [000 #17]: each finding of a sent feedback letter [003 三(五)], or of an audit or an
inspection entered by finance, becomes a Rectification item with its requirement, owner unit and
deadline (sent date + Policy `linkage.rectification_days`). The unit submits its measures with
evidence; finance closes it (销号) or sends it back with a reason. Overdue is computed: the deadline
has passed and the item is not closed.

Reminders (`rectification_reminders(today)`) use the same claim as the letters (results/feedback.py):
the unit's officers before the deadline and when overdue, then the department's officers and finance
after the Policy.monitoring escalation days.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter, defaultdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import FiscalYear
from monitoring.reminders import daily_reminder
from perfapp import audit, workflow
from perfapp.models import EventKind
from perfapp.workflow import TransitionRefused
from results.models import Feedback, Rectification, RectificationEvidence

S = Rectification.Status

#: "1." "1、" "（1）" "(1)" "一、" at the start of a line.
_ITEM = re.compile(r"^\s*(?:\d+\s*[.．、)）]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*、)\s*")


def evidence_max_bytes() -> int:
    """The size limit of one evidence file (settings.RECTIFICATION_FILE_MAX_BYTES, default 20 MB)."""
    return int(getattr(settings, "RECTIFICATION_FILE_MAX_BYTES", 20 * 1024 * 1024))


def split_findings(text: str) -> list[str]:
    """One problem per numbered item ("1." "（1）" "一、") or, without numbering, per non-empty line."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return []
    if any(_ITEM.match(line) for line in lines):
        items: list[str] = []
        for line in lines:
            if _ITEM.match(line):
                items.append(_ITEM.sub("", line, count=1).strip())
            elif items:
                items[-1] += line
            else:
                items.append(line)
        return [i for i in items if i]
    return lines


def rectification_deadline(fiscal_year: FiscalYear, start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=fiscal_year.policy.linkage.rectification_days)


def create_from_feedback(feedback: Feedback, user) -> list[Rectification]:
    """One item per finding of the sent letter (once: a second call adds nothing) [000 #17]."""
    evaluation = feedback.evaluation
    if Rectification.objects.filter(evaluation=evaluation, source=Rectification.Source.EVALUATION).exists():
        return []
    from results.feedback import source_texts

    findings, recommendations = source_texts(evaluation)
    sent = timezone.localtime(feedback.sent_at or timezone.now()).date()
    deadline = rectification_deadline(evaluation.fiscal_year, sent)
    requirement = recommendations.strip() or _("按评价意见认真整改。")
    items = [
        Rectification(
            source=Rectification.Source.EVALUATION,
            evaluation=evaluation,
            project_id=evaluation.project_id,
            year=feedback.year,
            unit_id=feedback.unit_id,
            department_id=feedback.department_id,
            region_id=feedback.region_id,
            problem=problem,
            requirement=requirement,
            deadline=deadline,
            created_by=user,
        )
        for problem in split_findings(findings)
    ]
    created = Rectification.objects.bulk_create(items)
    for item in created:
        audit.record(EventKind.CREATED, user, item, summary=str(item))
    workflow.changed(created)
    return created


def create_item(user, *, source, unit, problem, requirement, deadline, year, project=None) -> Rectification:
    """Finance admin enters a finding of an audit or an inspection."""
    from accounts.guards import finance_admin_of

    item = Rectification(
        source=source,
        year=year,
        unit=unit,
        department=unit.parent if unit.parent_id else unit,
        region_id=unit.region_id,
        project=project,
        problem=problem,
        requirement=requirement,
        deadline=deadline,
        created_by=user,
    )
    if not finance_admin_of(item, user):
        raise TransitionRefused(_("只有本地区财政绩效管理人员可以登记整改事项。"), code="permission")
    with transaction.atomic():
        item.save()
        audit.record(EventKind.CREATED, user, item, summary=str(item))
    return item


def check_evidence_size(size: int) -> None:
    limit = evidence_max_bytes()
    if size > limit:
        raise TransitionRefused(
            _("文件超过 %(mb)s MB，已拒绝。") % {"mb": limit // (1024 * 1024)}, code="invalid"
        )


def add_evidence(item: Rectification, user, name: str, data: bytes) -> RectificationEvidence:
    """A file of evidence for an item the unit is still working on (size limited, sha256 kept)."""
    from accounts.guards import unit_officer_of

    if not unit_officer_of(item, user):
        raise TransitionRefused(_("只有责任单位可以上传整改佐证材料。"), code="permission")
    if item.status not in (S.PENDING, S.IN_PROGRESS):
        raise TransitionRefused(_("当前状态不能上传佐证材料。"), code="state")
    if not data:
        raise TransitionRefused(_("文件为空。"), code="invalid")
    check_evidence_size(len(data))
    name = (name or "evidence").rsplit("/", 1)[-1][:200]
    evidence = RectificationEvidence(
        item=item, name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user
    )
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    audit.record(EventKind.UPDATED, user, item, summary=_("上传佐证材料：%(name)s") % {"name": name})
    return evidence


def before_submit(item: Rectification) -> None:
    if not item.measures.strip():
        raise TransitionRefused(_("请填写整改措施及成效后再报送。"), code="invalid")
    if not item.evidence.exists():
        raise TransitionRefused(_("请至少上传一份整改佐证材料后再报送。"), code="invalid")


def before_send_back(item: Rectification, comment: str) -> None:
    if not (comment or "").strip():
        raise TransitionRefused(_("退回时必须填写退回原因。"), code="invalid")
    item.return_reason = comment.strip()
    item.returned_count += 1


def after_transition(item: Rectification, name: str, user, comment: str) -> None:
    if name == "close":
        item.closed_at = timezone.now()
        item.save(update_fields=["closed_at"])


def is_overdue(item: Rectification, today: datetime.date | None = None) -> bool:
    """逾期: the deadline has passed and the item is not closed."""
    today = today or timezone.localdate()
    return item.status != S.CLOSED and item.deadline < today


def overdue_filter(qs, overdue: bool, today: datetime.date | None = None):
    today = today or timezone.localdate()
    if overdue:
        return qs.exclude(status=S.CLOSED).filter(deadline__lt=today)
    return qs.exclude(pk__in=qs.exclude(status=S.CLOSED).filter(deadline__lt=today).values("pk"))


# ---------------------------------------------------------------------------------------------
# Ledger export

LEDGER_HEADERS = (
    "序号",
    "年度",
    "问题来源",
    "主管部门",
    "责任单位",
    "项目",
    "问题",
    "整改要求",
    "整改期限",
    "状态",
    "是否逾期",
    "退回次数",
    "整改措施及成效",
)


def ledger_rows(qs, today: datetime.date | None = None):
    today = today or timezone.localdate()
    for n, item in enumerate(qs.iterator(chunk_size=500), start=1):
        yield (
            n,
            item.year,
            item.get_source_display(),
            item.department.name,
            item.unit.name,
            item.project.name if item.project_id else "",
            item.problem,
            item.requirement,
            item.deadline,
            item.get_status_display(),
            _("逾期") if is_overdue(item, today) else "",
            item.returned_count,
            item.measures,
        )


# ---------------------------------------------------------------------------------------------
# Reminders


def _title(item, step, days):
    if step == "before":
        if days == 0:
            return _("今日到期：整改事项尚未报送")
        return _("还有%(days)s天到期：整改事项尚未报送") % {"days": days}
    if step == "overdue":
        return _("整改逾期：整改事项尚未报送")
    return _("整改逾期提醒（督办）：整改事项尚未报送")


def _fiscal_years(items) -> dict:
    keys = {(i.region_id, i.year) for i in items}
    found = {}
    for fy in FiscalYear.objects.filter(region_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}):
        found[(fy.region_id, fy.year)] = fy
    out = {}
    for key in keys:
        fy = found.get(key) or FiscalYear.objects.filter(region_id=key[0], is_current=True).first()
        if fy is not None:
            out[key] = fy
    return out


def rectification_reminders(today: datetime.date | None = None) -> Counter:
    """Remind the unit before the deadline and when overdue; escalate to the department and finance."""
    from monitoring.reminders import _finance_of_departments, _officers
    from results.feedback import send_item_reminders, steps_for

    today = today or timezone.localdate()
    counts = Counter()
    items = list(Rectification.objects.filter(status__in=[S.PENDING, S.IN_PROGRESS]).order_by("pk"))
    if not items:
        return counts
    years = _fiscal_years(items)
    by_year = defaultdict(list)
    for item in items:
        fy = years.get((item.region_id, item.year))
        if fy is not None:
            by_year[fy].append(item)
    for fiscal_year, its in by_year.items():
        officers = _officers({i.unit_id for i in its} | {i.department_id for i in its})
        finance = None
        planned = {}
        for item in its:
            url = reverse("results:rectification_detail", args=[item.pk])
            for step, days in steps_for(fiscal_year, item.deadline, today):
                if step in ("before", "overdue"):
                    people = officers.get(item.unit_id, [])
                elif step == "escalate_department":
                    people = officers.get(item.department_id, [])
                else:
                    if finance is None:
                        finance = _finance_of_departments(
                            {i.department_id for i in its}, fiscal_year.region_id
                        )
                    people = finance.get(item.department_id, [])
                for user in people:
                    key = (user.pk, str(step), days, f"results.rectification:{item.pk}")
                    planned[key] = (user, item, item.deadline, url)
        counts.update(send_item_reminders(fiscal_year, planned, _title, today))
    return counts


@daily_reminder
def results_reminders(today: datetime.date | None = None) -> Counter:
    """The daily run of both: letters not sent and ledger items not submitted."""
    from results.feedback import feedback_reminders

    counts = feedback_reminders(today)
    counts.update(rectification_reminders(today))
    return counts
