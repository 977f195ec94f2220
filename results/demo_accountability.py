"""Demo data of results (accountability part): disclosure marks for most final demo evaluations of
year current_year − 1 [004 第四十三条], and accountability cases [004 第四十四—四十六条] opened by
each region's finance admin from the system's own suggestions (up to two of each kind, the measure
picked by the seeded RNG, at least one of each kind left open), plus one suggestion dismissed
with a reason — the rest stay on the suggestions page for finance to decide on."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from evaluation.models import Evaluation
from results import accountability, disclosure
from results.demo_linkage import _admin
from results.models import AccountabilityCase, AccountabilityDismissal, Disclosure

M = AccountabilityCase.Measure
#: The measures a finance bureau would weigh for each kind of case [004 第四十六条].
MEASURES = {
    accountability.Case.NO_TARGET: [M.NO_BUDGET, M.INTERVIEW, M.CIRCULATE],
    accountability.Case.NO_MONITORING: [M.INTERVIEW, M.CIRCULATE],
    accountability.Case.POOR_GRADE: [M.REDUCE, M.RECALL, M.NO_BUDGET],
    accountability.Case.RECTIFICATION_OVERDUE: [M.INTERVIEW, M.CIRCULATE, M.REDUCE],
}
NOTES = {
    M.NO_BUDGET: "下一年度不予安排该项目预算。",
    M.RECALL: "收回年度未执行资金，统筹用于急需领域。",
    M.REDUCE: "按评价结果压减下年度预算。",
    M.INTERVIEW: "约谈单位主要负责人，责令限期整改并报送整改情况。",
    M.CIRCULATE: "在全市预算绩效管理工作会议上通报批评。",
    M.REFER: "移送纪检监察机关处理。",
}
PERSONS = ("单位主要负责人", "分管负责人", "项目负责人", "财务负责人")
PER_KIND = 2
DISMISS_REASON = "该项目年中新增，目标已随预算调整一并申报，经核实不予问责。"


def _mark_disclosures(region_ids, current_year, rng, counts):
    qs = Evaluation.objects.filter(
        region_id__in=region_ids,
        year=current_year - 1,
        status__in=disclosure.FINISHED,
        kind__in=disclosure.PUBLIC_KINDS,
    ).order_by("pk")
    for evaluation in qs:
        if rng.random() < 0.8:
            disclosure.mark(evaluation, None)
            counts["disclosures"] += 1


def _open_cases(region_id, admin, rng, today, counts):
    """Cases from the region's own suggestions, deterministic for one seed."""
    for kind in accountability.SUGGESTION_KINDS:
        rows = accountability.suggestion_rows(admin, kind, None, today)
        found = [s for s in accountability.build(kind, rows[:50], today) if s.region_id == region_id]
        # Leave at least one of each kind (when there are two or more) for finance to decide on.
        for s in found[: min(PER_KIND, max(1, len(found) - 1))]:
            measure = rng.choice(MEASURES[kind])
            data = accountability.CaseData(
                year=s.year,
                case=kind,
                facts=s.facts,
                measure=measure,
                measure_note=NOTES[measure],
                decided_on=today - datetime.timedelta(days=rng.randint(1, 60)),
                person=rng.choice(PERSONS),
                unit=s.unit,
                project=s.project,
                evaluation=s.evaluation,
            )
            accountability.create_case(admin, data, source=kind, source_ref=s.ref, today=today)
            counts["accountability_cases"] += 1
        if kind == accountability.Case.NO_TARGET and len(found) > PER_KIND + 1:
            s = found[PER_KIND]
            accountability.dismiss(admin, kind, s.ref, s.year, DISMISS_REASON, today=today)
            counts["accountability_dismissed"] += 1


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    rng = random.Random(seed)
    counts: Counter = Counter()
    today = today or timezone.localdate()
    _mark_disclosures(region_ids, current_year, rng, counts)
    log(f"评价结果公开标记 {counts['disclosures']} 条")
    for region_id in region_ids:
        admin = _admin(region_id)
        if admin is None:
            continue
        with transaction.atomic():
            _open_cases(region_id, admin, rng, today, counts)
    log(
        f"绩效问责：问责记录 {counts['accountability_cases']} 条，"
        f"不予问责线索 {counts['accountability_dismissed']} 条"
    )
    return counts


def reset(region_ids: list[int]) -> Counter:
    cases, _ = AccountabilityCase.objects.filter(region_id__in=region_ids).delete()
    dismissed, _ = AccountabilityDismissal.objects.filter(region_id__in=region_ids).delete()
    deleted, _ = Disclosure.objects.filter(region_id__in=region_ids).delete()
    return Counter(
        {"disclosures": deleted, "accountability_cases": cases, "accountability_dismissed": dismissed}
    )
