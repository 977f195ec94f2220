"""Demo monitoring for `manage.py seed_demo` (called by budgets.demo.seed after the targets).

For each seeded region's current year: the first round of the year's Policy.monitoring (data as of
06-30, due 07-15), finished (已结束): one report per approved target, submitted and reviewed by
finance (已审核), with the execution frozen from the demo's allocations and expenditures at the
round's date, and realistic deviations — about one report in six has an indicator that will
probably or certainly be missed, with its cause, reason and corrective measure, and lagging
projects expect a year-end balance with a reason. Then monitoring.warnings generates the warnings,
which stay open.

Deterministic (random.Random seeded with the seed, the project code and the target's name); written with bulk_create a
chunk at a time, so memory stays flat at any scale.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from budgets.models import Deadline, FiscalYear, Project
from monitoring.models import (
    Deviation,
    FundAction,
    IndicatorProgress,
    MonitoringReport,
    MonitoringRound,
    Possibility,
    Warning,
)
from monitoring.reports import targets_in_round
from targets.models import Comparator

Log = Callable[[str], None]
CHUNK = 1000
CENT = Decimal("0.01")
R = MonitoringReport.Status

DEVIATIONS = (
    (
        Deviation.FUNDING,
        "上级补助资金下达较晚，配套资金未能按期到位",
        "加快资金拨付，督促配套资金三季度前到位",
    ),
    (Deviation.STAFF, "项目实施人员调整，部分工作推迟开展", "充实项目工作专班，倒排工期，确保四季度完成"),
    (Deviation.SYSTEM, "政府采购流程较长，合同签订晚于计划", "优化采购流程，合同签订后即启动实施"),
    (Deviation.HARDWARE, "场地改造未完工，相关活动暂缓开展", "协调施工单位加快进度，改造完成后集中开展"),
    (Deviation.OTHER, "受天气等客观因素影响，施工进度滞后", "合理安排施工计划，增加作业班组抢抓工期"),
)
CARRYOVER_REASONS = (
    "部分合同按进度付款，尾款需在验收后支付",
    "项目采购结余，拟按规定收回统筹",
    "工程建设周期跨年，部分资金需结转下年使用",
)


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _date(year: int, month_day: str) -> datetime.date:
    month, day = (int(x) for x in month_day.split("-"))
    return datetime.date(year, month, day)


def seed_monitoring(
    region_ids: list[int],
    current_year: int,
    *,
    seed: int,
    today: datetime.date | None = None,
    log: Log = print,
) -> Counter:
    counts = Counter()
    rounds = []
    for fy in FiscalYear.objects.filter(region_id__in=region_ids, year=current_year).select_related("region"):
        spec = fy.policy.monitoring.rounds[0]
        due = _date(fy.year, spec.due)
        deadline = Deadline.objects.create(
            fiscal_year=fy, stage=Deadline.Stage.MONITORING, name=f"{spec.name}监控报告报送", due=due
        )
        round = MonitoringRound.objects.create(
            fiscal_year=fy,
            name=spec.name,
            data_as_of=_date(fy.year, spec.data_as_of),
            due=due,
            status=MonitoringRound.Status.CLOSED,
            deadline=deadline,
            opened_at=timezone.make_aware(
                datetime.datetime.combine(_date(fy.year, spec.data_as_of), datetime.time(9))
            ),
        )
        counts.update(_reports(round, seed))
        rounds.append(round)
        counts["monitoring_round"] += 1
    if rounds:
        log(f"  绩效监控：{counts['monitoring_round']} 个轮次，监控报告 {counts['monitoring_report']:,} 份")
        counts.update(_warnings(rounds, today))
    return counts


def _reports(round: MonitoringRound, seed: int) -> Counter:
    from monitoring.warnings import _executions

    counts = Counter()
    key_projects = list(
        Project.objects.filter(
            region_id=round.fiscal_year.region_id,
            status=Project.Status.IN_PROGRESS,
            targets__year=round.year,
        )
        .order_by("-total_amount", "pk")
        .values_list("pk", flat=True)
        .distinct()[:5]
    )
    round.key_projects.set(key_projects)
    submitted_at = timezone.make_aware(datetime.datetime.combine(round.due, datetime.time(10)))
    targets = targets_in_round(round).prefetch_related("indicators").order_by("pk")
    last = 0
    while True:
        chunk = list(targets.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        reports = MonitoringReport.objects.bulk_create(
            [
                MonitoringReport(
                    round=round,
                    target=t,
                    project=t.project,
                    year=round.year,
                    unit_id=t.unit_id,
                    department_id=t.department_id,
                    region_id=t.region_id,
                    is_key=t.project_id in key_projects,
                    status=R.ACCEPTED,
                    submitted_at=submitted_at,
                )
                for t in chunk
            ]
        )
        executions = _executions(reports, round)
        progress = []
        for report in reports:
            t = report.target
            rng = random.Random(f"{seed}-monitoring-{t.project.code if t.project else t.unit.code}-{t.name}")
            e = executions[report.pk]
            report.initial_budget, report.annual_budget, report.spent = e.initial_budget, e.budget, e.spent
            report.execution_rate, report.time_progress = e.execution_rate, e.time_progress
            # A lagging project expects part of its money to remain at year end.
            share = (
                Decimal("1")
                if (e.progress_gap or 0) >= -10
                else Decimal(rng.choice(("0.80", "0.85", "0.88")))
            )
            report.expected_full_year = _q(e.budget * share)
            report.expected_carryover = e.budget - report.expected_full_year
            if report.expected_carryover:
                report.carryover_reason = rng.choice(CARRYOVER_REASONS)
            deviating = rng.random() < 0.17
            report.overall_progress = (
                "项目按计划推进，部分指标进度滞后，已制定纠偏措施。"
                if deviating
                else "项目按计划推进，各项绩效指标预计能够按期完成。"
            )
            if report.is_key:
                report.finance_conclusion = "经财政重点监控，项目总体执行正常，督促单位加快支出进度。"
            rows = _progress(report, rng, deviating)
            progress += rows
            if any(p.possibility != Possibility.CERTAIN for p in rows):
                counts["monitoring_report_deviating"] += 1
        MonitoringReport.objects.bulk_update(
            reports,
            [
                "initial_budget",
                "annual_budget",
                "spent",
                "execution_rate",
                "time_progress",
                "expected_full_year",
                "expected_carryover",
                "carryover_reason",
                "overall_progress",
                "finance_conclusion",
            ],
            batch_size=CHUNK,
        )
        IndicatorProgress.objects.bulk_create(progress, batch_size=CHUNK)
        counts["monitoring_report"] += len(reports)
        counts["indicator_progress"] += len(progress)
    return counts


def _progress(report: MonitoringReport, rng: random.Random, deviating: bool) -> list[IndicatorProgress]:
    indicators = list(report.target.indicators.all())
    quantitative = [i for i in indicators if i.comparator != Comparator.QUALITATIVE and i.target_value]
    missed = rng.choice(quantitative) if deviating and quantitative else None
    out = []
    for ind in indicators:
        p = IndicatorProgress(report=report, indicator=ind, possibility=Possibility.CERTAIN)
        if ind.comparator == Comparator.QUALITATIVE or ind.target_value is None:
            p.completed_text = "按计划推进"
            p.expected_text = ind.qualitative_value or "达到预期"
        else:
            p.expected_value = ind.target_value
            p.completed_value = _q(ind.target_value * Decimal(rng.choice(("0.45", "0.5", "0.55", "0.6"))))
            if ind.comparator in (Comparator.LTE,):
                p.completed_value = _q(ind.target_value * Decimal("0.5"))
        if ind is missed:
            factor = Decimal(rng.choice(("0.80", "0.85", "0.90")))
            if ind.comparator == Comparator.LTE:
                factor = 2 - factor  # a cost over its ceiling
            p.expected_value = _q(ind.target_value * factor)
            p.possibility = rng.choice((Possibility.POSSIBLE, Possibility.POSSIBLE, Possibility.IMPOSSIBLE))
            p.deviation, p.deviation_reason, p.measure = rng.choice(DEVIATIONS)
        out.append(p)
    return out


def _warnings(rounds: list[MonitoringRound], today: datetime.date | None) -> Counter:
    """Open warnings from the rules, as of the round's due date at the earliest."""
    try:
        from monitoring.warnings import generate
    except ImportError:
        return Counter()
    today = max(today or timezone.localdate(), max(r.due for r in rounds))
    generate(MonitoringReport.objects.filter(round__in=rounds), today=today)
    return Counter({"warning": Warning.objects.filter(round__in=rounds).count()})


def reset_monitoring(region_ids: list[int]) -> Counter:
    """Remove the regions' monitoring (reports protect targets and projects), by raw DELETEs."""
    counts = Counter()
    db = MonitoringReport.objects.db
    counts["fund_action"] = FundAction.objects.filter(region_id__in=region_ids)._raw_delete(db)
    counts["warning"] = Warning.objects.filter(region_id__in=region_ids)._raw_delete(db)
    reports = MonitoringReport.objects.filter(region_id__in=region_ids)
    counts["indicator_progress"] = IndicatorProgress.objects.filter(report__in=reports)._raw_delete(db)
    counts["monitoring_report"] = reports._raw_delete(db)
    rounds = MonitoringRound.objects.filter(fiscal_year__region_id__in=region_ids)
    MonitoringRound.key_projects.through.objects.filter(monitoringround__in=rounds)._raw_delete(db)
    counts["monitoring_round"] = rounds.delete()[0]
    return counts
