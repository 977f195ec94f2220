"""Rebuild the dashboard's summary rows set-based, and keep them current (DESIGN §7: dashboards read
summaries, kept current on submit or refreshed by a task within 60 s).

`refresh(year, project_ids=None)` rewrites the ProjectYearSummary and ProjectMonthSpending rows of
a year (all projects, or the given ones) with a few INSERT … SELECT / ON CONFLICT statements over
the raw tables — the same SQL on PostgreSQL and on SQLite (`make run`) — and bumps the DataVersion
of every region whose rows it touched. `mark_dirty()` records stale project-years in the
transaction that changed them; `refresh_dirty()` (Celery, on commit and every 30 s from beat)
takes the marks and refreshes those project-years.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Region
from budgets.models import Allocation, Expenditure, Project
from dashboards.models import DataVersion, DirtyProject, ProjectMonthSpending, ProjectYearSummary
from evaluation.models import Evaluation
from monitoring.models import FundAction, MonitoringReport, Warning
from results.models import LinkageProposal, Rectification
from targets.models import Target

logger = logging.getLogger(__name__)

#: Statuses that count as a stage reached.
TARGET_APPROVED = (Target.Status.APPROVED, Target.Status.PUBLISHED)
REPORT_SUBMITTED = (
    MonitoringReport.Status.SUBMITTED,
    MonitoringReport.Status.DEPT_APPROVED,
    MonitoringReport.Status.ACCEPTED,
)
SELF_SUBMITTED = (
    Evaluation.Status.SUBMITTED,
    Evaluation.Status.DEPT_APPROVED,
    Evaluation.Status.BUSINESS_APPROVED,
    Evaluation.Status.ACCEPTED,
)
OPEN_WARNING = (Warning.Status.OPEN, Warning.Status.ACKNOWLEDGED)
CONFIRMED_LINKAGE = (LinkageProposal.Status.CONFIRMED, LinkageProposal.Status.OVERRIDDEN)

#: Dirty marks taken per round of refresh_dirty.
DIRTY_BATCH = 5000


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _project_filter(column: str) -> str:
    """SQL narrowing `column` to the %(ids)s parameter (an array on PostgreSQL, JSON on SQLite)."""
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(%(ids)s)"
    return f" AND {column} IN (SELECT value FROM json_each(%(ids)s))"


def _month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%%m', {column}) AS integer)"


def _project_years_sql(f) -> str:
    """The project-years that exist: money allocated in the year, or a project target of the year."""
    return f"""
        SELECT project_id FROM {_t(Allocation)} WHERE year = %(year)s{f("project_id")}
        UNION
        SELECT project_id FROM {_t(Target)}
         WHERE year = %(year)s AND kind = 'project' AND project_id IS NOT NULL{f("project_id")}
    """


SUMMARY_COLUMNS = (
    "project_id, year, unit_id, department_id, region_id, region_level, category, budget_type, "
    "is_major, budget, executed, target_approved, monitored, self_evaluated, dept_evaluated, "
    "fiscal_evaluated, grade, score, warn_yellow, warn_orange, warn_red, warn_oldest_at, rect_open, "
    "rect_overdue, rect_closed, moved_cut, moved_cancel, moved_recall, moved_suspend, suspended, "
    "refreshed_at"
)


def _summary_sql(f) -> str:
    ev = _t(Evaluation)
    updates = ", ".join(
        f"{c} = excluded.{c}"
        for c in (s.strip() for s in SUMMARY_COLUMNS.split(","))
        if c not in ("project_id", "year")
    )
    return f"""
    WITH py AS ({_project_years_sql(f)}),
    alloc AS (
        SELECT project_id, SUM(total_amount) AS budget FROM {_t(Allocation)}
         WHERE year = %(year)s{f("project_id")} GROUP BY project_id),
    spent AS (
        SELECT project_id, SUM(amount) AS executed FROM {_t(Expenditure)}
         WHERE year = %(year)s{f("project_id")} GROUP BY project_id),
    tgt AS (
        SELECT DISTINCT project_id FROM {_t(Target)}
         WHERE year = %(year)s AND kind = 'project' AND status IN {_in(TARGET_APPROVED)}{f("project_id")}),
    mon AS (
        SELECT DISTINCT project_id FROM {_t(MonitoringReport)}
         WHERE year = %(year)s AND project_id IS NOT NULL AND status IN {_in(REPORT_SUBMITTED)}{f("project_id")}),
    stage AS (
        SELECT project_id,
               MAX(CASE WHEN kind = 'self' AND status IN {_in(SELF_SUBMITTED)} THEN 1 ELSE 0 END) AS self_ev,
               MAX(CASE WHEN kind = 'department' AND status = 'final' THEN 1 ELSE 0 END) AS dept_ev,
               MAX(CASE WHEN kind IN ('fiscal', 're_evaluation') AND status = 'final' THEN 1 ELSE 0 END)
                   AS fiscal_ev
          FROM {ev} WHERE year = %(year)s AND project_id IS NOT NULL{f("project_id")} GROUP BY project_id),
    graded AS (
        SELECT project_id, grade_label, total_score FROM (
            SELECT project_id, grade_label, total_score,
                   ROW_NUMBER() OVER (
                       PARTITION BY project_id
                       ORDER BY CASE kind WHEN 're_evaluation' THEN 0 WHEN 'fiscal' THEN 1
                                          WHEN 'department' THEN 2 ELSE 3 END, id DESC) AS rn
              FROM {ev}
             WHERE year = %(year)s AND project_id IS NOT NULL AND grade_label <> ''
               AND ((kind IN ('re_evaluation', 'fiscal', 'department') AND status = 'final')
                    OR (kind = 'self' AND status = 'accepted')){f("project_id")}
        ) ranked WHERE rn = 1),
    warn AS (
        SELECT project_id,
               SUM(CASE WHEN level = 'yellow' THEN 1 ELSE 0 END) AS yellow,
               SUM(CASE WHEN level = 'orange' THEN 1 ELSE 0 END) AS orange,
               SUM(CASE WHEN level = 'red' THEN 1 ELSE 0 END) AS red,
               MIN(raised_at) AS oldest
          FROM {_t(Warning)}
         WHERE year = %(year)s AND project_id IS NOT NULL AND status IN {_in(OPEN_WARNING)}{f("project_id")}
         GROUP BY project_id),
    rect AS (
        SELECT project_id,
               SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END) AS open_n,
               SUM(CASE WHEN status <> 'closed' AND deadline < %(today)s THEN 1 ELSE 0 END) AS overdue_n,
               SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed_n
          FROM {_t(Rectification)}
         WHERE year = %(year)s AND project_id IS NOT NULL{f("project_id")} GROUP BY project_id),
    link AS (
        SELECT project_id,
               SUM(CASE WHEN action <> 'cancel' AND change < 0 THEN -change ELSE 0 END) AS cut,
               SUM(CASE WHEN action = 'cancel' THEN -change ELSE 0 END) AS cancel
          FROM {_t(LinkageProposal)}
         WHERE evaluated_year = %(year)s AND status IN {_in(CONFIRMED_LINKAGE)}{f("project_id")}
         GROUP BY project_id),
    fund AS (
        SELECT project_id,
               SUM(CASE WHEN kind = 'recall' THEN amount ELSE 0 END) AS recalled,
               MAX(CASE WHEN kind = 'suspend' AND lifted_at IS NULL THEN 1 ELSE 0 END) AS suspended
          FROM {_t(FundAction)} WHERE year = %(year)s{f("project_id")} GROUP BY project_id)
    INSERT INTO {_t(ProjectYearSummary)} ({SUMMARY_COLUMNS})
    SELECT p.id, %(year)s, p.unit_id, p.department_id, p.region_id, r.level, p.category, p.budget_type,
           p.is_major, COALESCE(alloc.budget, 0), COALESCE(spent.executed, 0),
           tgt.project_id IS NOT NULL, mon.project_id IS NOT NULL,
           COALESCE(stage.self_ev, 0) = 1, COALESCE(stage.dept_ev, 0) = 1, COALESCE(stage.fiscal_ev, 0) = 1,
           COALESCE(graded.grade_label, ''), graded.total_score,
           COALESCE(warn.yellow, 0), COALESCE(warn.orange, 0), COALESCE(warn.red, 0), warn.oldest,
           COALESCE(rect.open_n, 0), COALESCE(rect.overdue_n, 0), COALESCE(rect.closed_n, 0),
           COALESCE(link.cut, 0), COALESCE(link.cancel, 0), COALESCE(fund.recalled, 0),
           CASE WHEN COALESCE(fund.suspended, 0) = 1
                     AND COALESCE(alloc.budget, 0) > COALESCE(spent.executed, 0)
                THEN COALESCE(alloc.budget, 0) - COALESCE(spent.executed, 0) ELSE 0 END,
           COALESCE(fund.suspended, 0) = 1,
           %(now)s
      FROM py
      JOIN {_t(Project)} p ON p.id = py.project_id
      JOIN {_t(Region)} r ON r.id = p.region_id
      LEFT JOIN alloc ON alloc.project_id = p.id
      LEFT JOIN spent ON spent.project_id = p.id
      LEFT JOIN tgt ON tgt.project_id = p.id
      LEFT JOIN mon ON mon.project_id = p.id
      LEFT JOIN stage ON stage.project_id = p.id
      LEFT JOIN graded ON graded.project_id = p.id
      LEFT JOIN warn ON warn.project_id = p.id
      LEFT JOIN rect ON rect.project_id = p.id
      LEFT JOIN link ON link.project_id = p.id
      LEFT JOIN fund ON fund.project_id = p.id
     WHERE true
    ON CONFLICT (project_id, year) DO UPDATE SET {updates}
    """


def _month_sql(f) -> str:
    month = _month("e.date")
    return f"""
    INSERT INTO {_t(ProjectMonthSpending)}
           (project_id, year, month, unit_id, department_id, region_id, region_level, category,
            budget_type, amount)
    SELECT s.project_id, s.year, {month}, s.unit_id, s.department_id, s.region_id, s.region_level,
           s.category, s.budget_type, SUM(e.amount)
      FROM {_t(Expenditure)} e
      JOIN {_t(ProjectYearSummary)} s ON s.project_id = e.project_id AND s.year = e.year
     WHERE e.year = %(year)s{f("e.project_id")}
     GROUP BY s.project_id, s.year, {month}, s.unit_id, s.department_id, s.region_id, s.region_level,
              s.category, s.budget_type
    """


def refresh(year: int, project_ids: Iterable[int] | None = None) -> int:
    """Rebuild the summary of `year` for `project_ids` (None: every project of the year), bump the
    DataVersion of each region touched, and return the number of summary rows written."""
    ids = None if project_ids is None else sorted({int(i) for i in project_ids})
    if ids is not None and not ids:
        return 0
    if ids is None:

        def f(column):
            return ""

        params = {"year": year}
    else:

        def f(column):
            return _project_filter(column)

        params = {"year": year, "ids": ids if connection.vendor == "postgresql" else json.dumps(ids)}
    now = timezone.now()
    params.update(today=timezone.localdate().isoformat(), now=connection.ops.adapt_datetimefield_value(now))
    summaries = ProjectYearSummary.objects.filter(year=year)
    months = ProjectMonthSpending.objects.filter(year=year)
    if ids is not None:
        summaries, months = summaries.filter(project_id__in=ids), months.filter(project_id__in=ids)
    marks = DirtyProject.objects.filter(year=year)
    if ids is not None:
        marks = marks.filter(project_id__in=ids)
    with transaction.atomic(), connection.cursor() as cursor:
        # Marks first: a change that commits after this point marks its project again.
        marks.delete()
        regions = set(summaries.values_list("region_id", flat=True).distinct())
        # Project-years that no longer exist (allocation and target gone) lose their rows.
        cursor.execute(
            f"DELETE FROM {_t(ProjectYearSummary)} WHERE year = %(year)s{f('project_id')}"
            f" AND project_id NOT IN ({_project_years_sql(f)})",
            params,
        )
        cursor.execute(_summary_sql(f), params)
        written = cursor.rowcount
        months.delete()
        cursor.execute(_month_sql(f), params)
        regions |= set(summaries.values_list("region_id", flat=True).distinct())
        bump(year, regions)
    return written


def bump(year: int, region_ids: Iterable[int]) -> None:
    """A new data version for these regions' year: every cached figure over them goes stale."""
    region_ids = set(region_ids)
    if not region_ids:
        return
    stamp = uuid.uuid4().hex
    DataVersion.objects.filter(year=year, region_id__in=region_ids).update(
        version=F("version") + 1, stamp=stamp, updated_at=timezone.now()
    )
    DataVersion.objects.bulk_create(
        [DataVersion(region_id=r, year=year, version=1, stamp=stamp) for r in region_ids],
        ignore_conflicts=True,
    )


def years_to_refresh() -> list[int]:
    """Every year that has money allocated or a project target."""
    years = set(Allocation.objects.values_list("year", flat=True).distinct())
    years |= set(Target.objects.filter(kind=Target.Kind.PROJECT).values_list("year", flat=True).distinct())
    return sorted(years)


def refresh_all(years: Iterable[int] | None = None) -> dict[int, int]:
    """Rebuild every year (the nightly run, since 逾期 moves with the date; and `refresh_summaries`)."""
    return {year: refresh(year) for year in (years_to_refresh() if years is None else years)}


# --- staleness --------------------------------------------------------------------------------


def mark_dirty(pairs: Iterable[tuple[int, int]]) -> None:
    """Record (project_id, year) pairs as stale, in the caller's transaction, and ask for a refresh
    once it commits (a rolled-back change leaves no mark)."""
    pairs = {(int(p), int(y)) for p, y in pairs if p and y}
    if not pairs:
        return
    DirtyProject.objects.bulk_create(
        [DirtyProject(project_id=p, year=y) for p, y in sorted(pairs)], ignore_conflicts=True
    )
    transaction.on_commit(_kick)


def _kick() -> None:
    from dashboards.tasks import schedule_refresh

    schedule_refresh()


def take_dirty(limit: int = DIRTY_BATCH) -> dict[int, set[int]]:
    """Remove up to `limit` marks and return them by year. A change committed after this point marks
    its project again, and a change committed before it is seen by the refresh that follows."""
    table = _t(DirtyProject)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s)"
            " RETURNING project_id, year",
            [limit],
        )
        rows = cursor.fetchall()
    by_year: dict[int, set[int]] = defaultdict(set)
    for project_id, year in rows:
        by_year[year].add(project_id)
    return by_year


def refresh_dirty(limit: int = DIRTY_BATCH) -> int:
    """Refresh the stale project-years (until none are left). Returns the project-years refreshed."""
    done = 0
    while True:
        by_year = take_dirty(limit)
        if not by_year:
            return done
        for year, ids in by_year.items():
            try:
                refresh(year, ids)
            except Exception:
                # Put the marks back so the next run retries them, then let the task fail loudly.
                mark_dirty((p, year) for p in ids)
                raise
            done += len(ids)
