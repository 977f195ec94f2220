"""Demo data of the evaluation stage (spot part): one spot check (抽查复核) in each demo region, for
the latest year that has accepted self-evaluations, with some items re-scored and flagged gaps
(issue 5 "seed_demo fills this stage … one spot check with flagged gaps").

It runs after the self and external parts (evaluation.demo), drawing through the same rule the
finance admin uses (evaluation.spotchecks.draw), so the demo spot check is reproducible from its
recorded seed like any other.
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from accounts.models import Role, User
from budgets.models import FiscalYear
from evaluation.models import Evaluation, SpotCheck, SpotCheckItem
from evaluation.spotchecks import RowEdit, SpotCheckError, draw, paired_rows, rescore_department, rescore_self
from targets.models import Comparator

#: At most this many items are re-scored in a demo spot check (the rest stay 待复核).
RESCORED = 12


def _finance_admin(region_id: int):
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.FINANCE_ADMIN,
            role_assignments__organization__region_id=region_id,
        )
        .order_by("pk")
        .first()
    )


def _year_with_self_evaluations(region_id: int) -> FiscalYear | None:
    year = (
        Evaluation.objects.filter(
            region_id=region_id, kind=Evaluation.Kind.SELF, status=Evaluation.Status.ACCEPTED
        )
        .order_by("-year")
        .values_list("fiscal_year_id", flat=True)
        .first()
    )
    return FiscalYear.objects.filter(pk=year).first() if year else None


def _found_less(item: SpotCheckItem, share: Decimal) -> list[RowEdit]:
    """Finance finds a smaller actual value than the unit reported on every "≥" row."""
    edits = []
    for original, _recheck in paired_rows(item):
        if original.comparator == Comparator.GTE and original.actual_value is not None:
            found = (original.actual_value * share).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            edits.append(RowEdit(row_id=original.pk, actual_value=found, actual_text=original.actual_text))
    return edits


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = Counter()
    for region_id in region_ids:
        fiscal_year = _year_with_self_evaluations(region_id)
        if fiscal_year is None:
            log("抽查复核：该地区没有已审核的绩效自评，未生成抽查复核。")
            continue
        admin = _finance_admin(region_id)
        if admin is None:
            log("抽查复核：该地区没有财政管理员账号，未生成抽查复核。")
            continue
        try:
            spot_check = draw(fiscal_year, admin, seed=seed)
        except SpotCheckError as exc:
            log(f"抽查复核：{exc.message}")
            continue
        counts["spot_check"] += 1
        rng = random.Random(seed)
        items = list(spot_check.items.select_related("spot_check", "evaluation", "recheck").order_by("pk"))
        counts["spot_check_item"] += len(items)
        for n, item in enumerate(items[:RESCORED]):
            # Every third item is re-scored far below the original (a flagged gap); the others close to it.
            harsh = n % 3 == 0
            if item.evaluation.kind == Evaluation.Kind.SELF:
                share = Decimal("0.55") if harsh else Decimal(str(rng.choice(["0.97", "0.99", "1"])))
                item = rescore_self(
                    item,
                    admin,
                    rows=_found_less(item, share),
                    note="抽查发现部分指标实际完成值与佐证材料不符。" if harsh else "复核无明显差异。",
                    seen_version=0,
                )
            else:
                delta = Decimal("15") if harsh else Decimal(str(rng.choice(["0", "2", "3.5"])))
                total = max(Decimal("0"), (item.original_score or Decimal("0")) - delta)
                item = rescore_department(
                    item,
                    admin,
                    total=total,
                    note="评价报告依据不足，复核扣减相应得分。" if harsh else "复核认可评价结论。",
                    seen_version=0,
                )
            counts["spot_check_rescored"] += 1
            counts["spot_check_flagged"] += int(item.flagged)
        log(
            f"抽查复核：{fiscal_year} 抽取 {spot_check.items.values('department_id').distinct().count()} 个部门、"
            f"{len(items)} 项评价（随机种子 {spot_check.seed}），复核 {counts['spot_check_rescored']} 项，"
            f"差异较大 {counts['spot_check_flagged']} 项。"
        )
    return counts


def reset(region_ids: list[int]) -> Counter:
    """Remove the regions' spot checks, their items and the recheck evaluations."""
    counts = Counter()
    items = SpotCheckItem.objects.filter(spot_check__region_id__in=region_ids)
    counts["spot_check_item"] = items.delete()[0]
    rechecks = Evaluation.objects.filter(region_id__in=region_ids, kind=Evaluation.Kind.SPOT_CHECK)
    counts["spot_check_recheck"] = rechecks.count()
    rechecks.delete()
    counts["spot_check"] = SpotCheck.objects.filter(region_id__in=region_ids).delete()[0]
    return counts
