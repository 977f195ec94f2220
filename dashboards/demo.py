"""Demo data of the dashboards: the scorecards (dashboards.demo_scorecards), last year's history of
multi-year projects for the comparisons across years (dashboards.demo_years) and the summary tables
the leader dashboard reads, rebuilt once the other stages are loaded (the bulk loader writes with
COPY and bulk_create, which mark nothing stale)."""

from __future__ import annotations

import time
from collections import Counter

from budgets.models import Project
from dashboards import demo_scorecards, demo_years, summary
from dashboards.models import DataVersion, DirtyProject, ProjectMonthSpending, ProjectYearSummary


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = demo_scorecards.seed(region_ids, current_year, seed=seed, today=today, log=log)
    counts.update(demo_years.seed(region_ids, current_year, seed=seed, log=log))
    started = time.monotonic()
    rows = summary.refresh_all()
    counts["summary_rows"] = sum(rows.values())
    log(f"驾驶舱汇总表 {counts['summary_rows']:,} 行（{time.monotonic() - started:.1f} 秒）")
    return counts


def reset(region_ids: list[int]) -> Counter:
    counts = demo_scorecards.reset(region_ids)
    for model in (ProjectYearSummary, ProjectMonthSpending, DataVersion):
        counts[model._meta.model_name] = model.objects.filter(region_id__in=region_ids)._raw_delete(
            model.objects.db
        )
    DirtyProject.objects.filter(
        project_id__in=Project.objects.filter(region_id__in=region_ids).values("pk")
    ).delete()
    return counts
