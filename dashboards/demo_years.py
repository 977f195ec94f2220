"""Demo history for the comparisons across years (跨年度对比): a multi-year project in progress
this year also had, last year, an approved target with the same indicators and an accepted
self-evaluation of them [004 第二十二条, 第三十三条] — so a project's indicators, a department's grades
and the region's coverage have two years to compare.

Written last (after the stages' demos, before the dashboard summaries), only where last year has
no target of the project yet, with `bulk_create`; deterministic by the seed and project codes.
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from budgets.models import FiscalYear, Project
from evaluation.models import Evaluation, SelfEvaluationRow
from targets.models import Indicator, Target

CAP = 200  # at most this many projects a region: enough to compare, cheap at every scale


def _scaled(value: Decimal, factor: str) -> Decimal:
    """`value` × `factor`, whole when `value` is whole (a count of households stays a count)."""
    exponent = Decimal("1") if value == value.to_integral_value() else Decimal("0.01")
    return (value * Decimal(factor)).quantize(exponent)


def _grade(policy, score: Decimal) -> tuple[str, str]:
    for band in policy.self_evaluation.bands:
        if score >= band.min_score:
            return band.grade, band.label
    last = policy.self_evaluation.bands[-1]
    return last.grade, last.label


def seed(region_ids: list[int], current_year: int, *, seed: int, log=print) -> Counter:
    counts: Counter = Counter()
    last = current_year - 1
    years = {fy.region_id: fy for fy in FiscalYear.objects.filter(region_id__in=region_ids, year=last)}
    current = {
        t.project_id: t
        for t in Target.objects.filter(
            region_id__in=region_ids,
            year=current_year,
            kind=Target.Kind.PROJECT,
            status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED],
            project__start_year__lte=last,
            project__status=Project.Status.IN_PROGRESS,
        )
        .current()
        .exclude(project__targets__year=last)
        .select_related("project")
        .order_by("region_id", "project__code")
    }
    per_region: Counter = Counter()
    plans = []
    for target in current.values():
        fy = years.get(target.region_id)
        if fy is None or per_region[target.region_id] >= CAP:
            continue
        per_region[target.region_id] += 1
        plans.append((target, fy, random.Random(f"{seed}:history:{target.project.code}")))
    if not plans:
        return counts
    indicators = {}
    for ind in Indicator.objects.filter(target__in=[t for t, *_ in plans]).order_by(
        "target_id", "order", "pk"
    ):
        indicators.setdefault(ind.target_id, []).append(ind)
    old_targets = Target.objects.bulk_create(
        [
            Target(
                kind=Target.Kind.PROJECT,
                fiscal_year=fy,
                year=last,
                project_id=t.project_id,
                name=t.name.replace(str(current_year), str(last)),
                unit_id=t.unit_id,
                department_id=t.department_id,
                region_id=t.region_id,
                category=t.category,
                overall_goal=t.overall_goal.replace(f"{current_year}年", f"{last}年"),
                amount=(t.amount * Decimal(rng.choice(("0.85", "0.9", "0.95", "1")))).quantize(
                    Decimal("0.01")
                ),
                grade=rng.choice(("优", "良", "良")),
                status=Target.Status.PUBLISHED,
                created_by_id=t.created_by_id,
            )
            for t, fy, rng in plans
        ]
    )
    new_indicators, evaluations, rows_of = [], [], []
    for (t, fy, rng), old in zip(plans, old_targets, strict=True):
        pairs = []
        for ind in indicators.get(t.pk, []):
            value = ind.target_value
            if value is not None:  # last year's target a little lower, its actual around it
                value = _scaled(value, rng.choice(("0.8", "0.9", "0.95", "1")))
            copy = Indicator(
                target=old,
                template_id=ind.template_id,
                level1=ind.level1,
                level2=ind.level2,
                name=ind.name,
                comparator=ind.comparator,
                target_value=value,
                qualitative_value=ind.qualitative_value,
                unit=ind.unit,
                weight=ind.weight,
                order=ind.order,
            )
            new_indicators.append(copy)
            pairs.append((copy, rng.choice(("0.9", "0.97", "1", "1.03", "1.1"))))
        score = Decimal(rng.randint(72, 97))
        grade, label = _grade(fy.policy, score)
        evaluations.append(
            Evaluation(
                kind=Evaluation.Kind.SELF,
                fiscal_year=fy,
                year=last,
                target=old,
                project_id=t.project_id,
                name=f"{old.name}自评",
                unit_id=t.unit_id,
                department_id=t.department_id,
                region_id=t.region_id,
                category=t.category,
                annual_budget=old.amount,
                initial_budget=old.amount,
                spent=(old.amount * score / 100).quantize(Decimal("0.01")),
                total_score=score,
                grade=grade,
                grade_label=label,
                status=Evaluation.Status.ACCEPTED,
            )
        )
        rows_of.append(pairs)
    Indicator.objects.bulk_create(new_indicators)
    Evaluation.objects.bulk_create(evaluations)
    rows = []
    for evaluation, pairs in zip(evaluations, rows_of, strict=True):
        for ind, factor in pairs:
            actual = (
                (ind.target_value * Decimal(factor)).quantize(Decimal("0.01")) if ind.target_value else None
            )
            rows.append(
                SelfEvaluationRow(
                    evaluation=evaluation,
                    indicator=ind,
                    order=ind.order,
                    level1=ind.level1,
                    level2=ind.level2,
                    name=ind.name,
                    comparator=ind.comparator,
                    target_value=ind.target_value,
                    target_text=ind.qualitative_value,
                    unit=ind.unit,
                    weight=ind.weight,
                    actual_value=actual,
                    actual_text="" if actual is not None else "基本达成",
                )
            )
    SelfEvaluationRow.objects.bulk_create(rows)
    counts.update(history_targets=len(old_targets), history_indicators=len(new_indicators))
    counts.update(history_self_evaluations=len(evaluations))
    log(f"跨年度对比：补充上年度绩效目标 {len(old_targets)} 个、已审核自评 {len(evaluations)} 份")
    return counts
