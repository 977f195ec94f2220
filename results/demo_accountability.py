"""Demo data of results (accountability part): disclosure marks for most final demo evaluations of
year current_year − 1 [004 第四十三条]. (Accountability cases: not yet seeded.)"""

from __future__ import annotations

import random
from collections import Counter

from evaluation.models import Evaluation
from results import disclosure
from results.models import Disclosure


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    rng = random.Random(seed)
    counts: Counter = Counter()
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
    log(f"评价结果公开标记 {counts['disclosures']} 条")
    return counts


def reset(region_ids: list[int]) -> Counter:
    deleted, _ = Disclosure.objects.filter(region_id__in=region_ids).delete()
    return Counter({"disclosures": deleted})
