"""Demo data of results (feedback part): letters for the demo's final department and fiscal
evaluations (most sent, one left overdue) and ledger items in every state, one returned and one
overdue, plus an audit finding [003 三(五)][000 #17]."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, Role, User
from evaluation.models import Evaluation
from results import feedback as fb_rules
from results.models import Feedback, Rectification, RectificationEvidence

S = Rectification.Status
AUDIT_PROBLEM = "审计发现：部分专项资金拨付不及时，形成资金沉淀。"


def _admin(region_id: int):
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.FINANCE_ADMIN,
            role_assignments__organization__region_id=region_id,
        )
        .order_by("pk")
        .first()
    )


def _evidence(item: Rectification, user) -> None:
    data = f"整改佐证材料：{item.problem}\n".encode()
    ev = RectificationEvidence(
        item=item,
        name="整改佐证材料.txt",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    ev.file.save("整改佐证材料.txt", ContentFile(data), save=False)
    ev.save()


def _set_states(items: list[Rectification], admin, today: datetime.date, counts: Counter) -> None:
    """Spread the items over the ledger's states (ORM: the demo shows states, not the rules)."""
    plan = [
        ("overdue", S.PENDING),
        ("returned", S.IN_PROGRESS),
        ("submitted", S.SUBMITTED),
        ("closed", S.CLOSED),
        ("in_progress", S.IN_PROGRESS),
    ]
    for item, (label, status) in zip(items, plan, strict=False):
        item.status = status
        if label == "overdue":
            item.deadline = today - datetime.timedelta(days=10)
        if status != S.PENDING:
            item.measures = "已制定整改方案，逐项落实整改措施，完善相关制度。"
        if label == "returned":
            item.returned_count = 1
            item.return_reason = "佐证材料不足，未见资金支付凭证，请补充后重新报送。"
        if status == S.CLOSED:
            item.closed_at = timezone.now()
        item.save()
        if status in (S.SUBMITTED, S.CLOSED) or label == "returned":
            _evidence(item, admin)
        counts[f"rectification_{label}"] += 1


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    from perfapp.workflow import perform

    today = today or timezone.localdate()
    counts = Counter()
    for region_id in region_ids:
        admin = _admin(region_id)
        if admin is None:
            continue
        evaluations = list(
            Evaluation.objects.filter(
                region_id=region_id, kind__in=fb_rules.FEEDBACK_KINDS, status=Evaluation.Status.FINAL
            )
            .select_related("project", "unit", "department", "fiscal_year")
            .order_by("pk")
        )
        if not evaluations:
            continue
        if Rectification.objects.filter(region_id=region_id, problem=AUDIT_PROBLEM).exists():
            continue  # already seeded (seed twice adds nothing)
        with transaction.atomic():
            letters = [fb_rules.generate_feedback(e, admin) for e in evaluations]
            counts["feedback"] += len(letters)
            # The last letter stays unsent and overdue; the others are approved and sent.
            late = letters[-1] if len(letters) > 1 else None
            if late is not None:
                Feedback.objects.filter(pk=late.pk).update(due=today - datetime.timedelta(days=5))
                counts["feedback_overdue"] += 1
            for letter in letters:
                if letter is late or letter.status == Feedback.Status.SENT:
                    continue
                if letter.status == Feedback.Status.DRAFT:
                    letter = perform(letter, "approve", admin)
                perform(letter, "send", admin)
                counts["feedback_sent"] += 1
            items = list(
                Rectification.objects.filter(
                    region_id=region_id, source=Rectification.Source.EVALUATION
                ).order_by("pk")
            )
            counts["rectification"] += len(items)
            _set_states(items, admin, today, counts)
            unit = (
                Organization.objects.filter(region_id=region_id, kind=Organization.Kind.UNIT)
                .order_by("code")
                .first()
            )
            if unit is not None:
                Rectification.objects.create(
                    source=Rectification.Source.AUDIT,
                    year=current_year - 1,
                    unit=unit,
                    department=unit.parent or unit,
                    region_id=region_id,
                    problem=AUDIT_PROBLEM,
                    requirement="限期将沉淀资金拨付到位或按规定收回统筹使用。",
                    deadline=today + datetime.timedelta(days=60),
                    created_by=admin,
                )
                counts["rectification"] += 1
    log(f"结果反馈与整改台账：{dict(counts)}")
    return counts


def reset(region_ids: list[int]) -> Counter:
    counts = Counter()
    items = Rectification.objects.filter(region_id__in=region_ids)
    counts["rectification_evidence"] = RectificationEvidence.objects.filter(item__in=items).delete()[0]
    counts["rectification"] = items.delete()[0]
    counts["feedback"] = Feedback.objects.filter(region_id__in=region_ids).delete()[0]
    return counts
