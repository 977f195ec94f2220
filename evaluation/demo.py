"""Demo data of the evaluation stage (issue 5 "seed_demo fills this stage"): a completed
self-evaluation season with scores across all grades, department and fiscal evaluations, and one
spot check with flagged gaps. Each part lives in its own module; budgets.demo calls these two."""

from __future__ import annotations

from collections import Counter

from evaluation import demo_external, demo_self, demo_spot

PARTS = (demo_self, demo_external, demo_spot)


def seed_evaluation(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = Counter()
    for part in PARTS:
        counts.update(part.seed(region_ids, current_year, seed=seed, today=today, log=log))
    return counts


def reset_evaluation(region_ids: list[int]) -> Counter:
    counts = Counter()
    for part in reversed(PARTS):
        counts.update(part.reset(region_ids))
    return counts
