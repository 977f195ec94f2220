"""Demo data of results (linkage part): the 三个挂钩 proposals of the demo regions' current year
(the year being budgeted) from the evaluations of the year before — some confirmed, one overridden
with a reason [002 三(五)][000 #21][004 第四十条]."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from accounts.models import Role, User
from budgets.models import Allocation, Expenditure, FiscalYear
from results import linkage
from results.models import LinkageProposal

#: Proposals confirmed as proposed, by action (a cancel is left for finance to decide on the page).
CONFIRM = {"priority": 2, "normal": 2, "cut": 2, "no_regrant": 1}
OVERRIDE_REASON = "该项目属重点民生保障项目，经局务会研究，压减比例减半执行。"


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


def _room(project_ids, year: int) -> dict[int, Decimal]:
    """Budget left above what was already paid in `year`: the demo's cuts keep spending within
    the budget."""
    budget = dict(
        Allocation.objects.filter(project_id__in=project_ids, year=year)
        .values("project_id")
        .annotate(t=Sum("total_amount"))
        .values_list("project_id", "t")
    )
    spent = dict(
        Expenditure.objects.filter(project_id__in=project_ids, year=year)
        .values("project_id")
        .annotate(t=Sum("amount"))
        .values_list("project_id", "t")
    )
    return {pid: budget.get(pid, base) - spent.get(pid, Decimal("0")) for pid, base in project_ids.items()}


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = Counter()
    for region_id in region_ids:
        fiscal_year = FiscalYear.objects.filter(region_id=region_id, year=current_year).first()
        admin = _admin(region_id)
        if fiscal_year is None or admin is None:
            continue
        with transaction.atomic():
            proposals = linkage.propose(fiscal_year, admin)
            counts["linkage_proposal"] += len(proposals)
            room = _room({p.project_id: p.base_amount for p in proposals}, current_year)
            graded = sorted(
                (p for p in proposals if p.grade_label and room[p.project_id] + p.proposed_change >= 0),
                key=lambda p: p.pk,
            )
            cuts = [p for p in graded if p.proposed_action == LinkageProposal.Action.CUT]
            overridden = None
            if cuts:
                p = overridden = cuts[0]
                linkage.override(
                    p,
                    admin,
                    LinkageProposal.Action.CUT,
                    (p.proposed_change / 2).quantize(Decimal("0.01")),
                    OVERRIDE_REASON,
                )
                counts["linkage_overridden"] += 1
            chosen, left = [], dict(CONFIRM)
            for p in graded:
                if p is not overridden and left.get(p.proposed_action, 0) > 0:
                    left[p.proposed_action] -= 1
                    chosen.append(p)
            if chosen:
                linkage.confirm(chosen, admin)
                counts["linkage_confirmed"] += len(chosen)
        log(
            f"预算挂钩：{current_year}年度建议 {len(proposals)} 条，"
            f"已确认 {counts['linkage_confirmed']} 条，调整确认 {counts['linkage_overridden']} 条"
        )
    return counts


def reset(region_ids: list[int]) -> Counter:
    """Delete the proposals; the adjustments they made go with the allocations budgets.demo resets."""
    counts = Counter()
    qs = LinkageProposal.objects.filter(region_id__in=region_ids)
    counts["linkage_proposal"] = qs.delete()[0]
    return counts
