"""Demo data of result application (issue 6 "seed_demo fills these stages"); budgets.demo calls these."""

from __future__ import annotations

from collections import Counter

from results import demo_accountability, demo_feedback, demo_linkage

PARTS = (demo_feedback, demo_linkage, demo_accountability)


def seed_results(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = Counter()
    for part in PARTS:
        counts.update(part.seed(region_ids, current_year, seed=seed, today=today, log=log))
    return counts


def reset_results(region_ids: list[int]) -> Counter:
    counts = Counter()
    for part in reversed(PARTS):
        counts.update(part.reset(region_ids))
    return counts
