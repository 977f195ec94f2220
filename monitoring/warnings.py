"""预警 of the dual monitoring ("双监控"): the rules, their generation and the automatic closing.

Warnings are generated from the numbers, never typed [002 三(三)] (DESIGN.md §3.3). Each rule is a
plain function taking the figures and its Policy parameters (fiscal_year.policy.monitoring).

Generation runs after every report submission (monitoring.reports), after every successful
expenditure import (budgets.imports.AFTER_IMPORT) and once a day (monitoring.tasks). It is
idempotent: a warning's `key` (rule:object:round) is unique, so a second or a concurrent run
inserts nothing (bulk insert, conflicts ignored); an open warning whose cause has gone away is
closed with the reason, and an automatically closed one whose cause comes back is reopened.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.indicators import Execution
from budgets.models import Allocation, Expenditure
from monitoring.models import (
    IndicatorProgress,
    MonitoringReport,
    MonitoringRound,
    Possibility,
    Warning,
)
from monitoring.reports import indicator_missed
from perfapp import workflow
from targets.models import Target

Level = Warning.Level
Rule = Warning.Rule

#: Reports whose typed figures count (the unit has submitted them; a returned one is being fixed).
SUBMITTED = (
    MonitoringReport.Status.SUBMITTED,
    MonitoringReport.Status.DEPT_APPROVED,
    MonitoringReport.Status.ACCEPTED,
)
#: Reports not (or no longer) submitted.
NOT_SUBMITTED = (MonitoringReport.Status.DRAFT, MonitoringReport.Status.RETURNED)
OPEN_STATUSES = (Warning.Status.OPEN, Warning.Status.ACKNOWLEDGED)


# --- the rules ---------------------------------------------------------------------------------


def execution_lag(
    execution_rate: Decimal | None, time_progress: Decimal, *, tolerance: Decimal, serious: Decimal
) -> str | None:
    """执行进度滞后 [002 三(三)]: the execution rate lags the time-progress line (序时进度) by more
    than `tolerance` points at the round's date → yellow; by more than `serious` points → red.
    None when there is no budget (no rate) or the lag is within the tolerance."""
    if execution_rate is None:
        return None
    lag = time_progress - execution_rate
    if lag > serious:
        return Level.RED
    if lag > tolerance:
        return Level.YELLOW
    return None


def indicator_miss(progress: IndicatorProgress) -> str | None:
    """指标预计无法完成 [004 第二十七条][002 三(三)]: the expected year-end value misses the
    indicator's target → orange; the unit says meeting it is 完全不可能 → red."""
    if progress.possibility == Possibility.IMPOSSIBLE:
        return Level.RED
    if indicator_missed(progress):
        return Level.ORANGE
    return None


def report_overdue(status: str, due: datetime.date, today: datetime.date) -> str | None:
    """监控报告逾期未报 [004 第二十六条]: the report is not submitted after the round's due date."""
    if status in NOT_SUBMITTED and today > due:
        return Level.YELLOW
    return None


def idle_funds(
    expected_carryover: Decimal | None, annual_budget: Decimal | None, *, share: Decimal
) -> str | None:
    """资金沉淀 [002 三(三)]: the money expected to stay unspent at year end exceeds `share` of the
    annual budget."""
    if expected_carryover is None or not annual_budget:
        return None
    if Decimal(expected_carryover) / Decimal(annual_budget) > share:
        return Level.ORANGE
    return None


def no_spending(spent: Decimal, budget: Decimal) -> str | None:
    """资金未支出 [002 三(三)]: money was allocated and nothing at all was spent by the date of the
    year's first monitoring round."""
    if budget and budget > 0 and not spent:
        return Level.RED
    return None


# --- keys ---------------------------------------------------------------------------------------


def warning_key(rule: str, kind: str, object_id: int, round_id: int) -> str:
    """rule:object:round — the identity of a cause."""
    return f"{rule}:{kind}{object_id}:round{round_id}"


# --- figures in bulk ----------------------------------------------------------------------------


def _executions(reports: list[MonitoringReport], round: MonitoringRound) -> dict[int, Execution]:
    """Execution at the round's date per report, in at most four queries (by project and, for
    departments' overall targets, by department)."""
    year, as_of = round.year, round.data_as_of
    project_ids = {r.project_id for r in reports if r.target.kind != Target.Kind.DEPARTMENT and r.project_id}
    dept_ids = {r.department_id for r in reports if r.target.kind == Target.Kind.DEPARTMENT}
    zero = Decimal("0")

    def sums(model, key, ids, **extra):
        if not ids:
            return {}
        rows = model.objects.filter(**{f"{key}__in": ids}, year=year, **extra).values(key)
        return rows

    budget_by = {}
    spent_by = {}
    for key, ids in (("project_id", project_ids), ("department_id", dept_ids)):
        if not ids:
            continue
        for row in sums(Allocation, key, ids).annotate(
            initial=Sum("initial_amount"),
            budget=Sum("total_amount"),
            detailed=Sum("initial_amount", filter=Q(detailed=True)),
        ):
            budget_by[(key, row[key])] = row
        for row in sums(Expenditure, key, ids, date__lte=as_of).annotate(s=Sum("amount")):
            spent_by[(key, row[key])] = row["s"]
    out = {}
    for r in reports:
        k = (
            ("department_id", r.department_id)
            if r.target.kind == Target.Kind.DEPARTMENT
            else ("project_id", r.project_id)
        )
        b = budget_by.get(k, {})
        out[r.pk] = Execution(
            year=year,
            as_of=as_of,
            initial_budget=b.get("initial") or zero,
            budget=b.get("budget") or zero,
            detailed_budget=b.get("detailed") or zero,
            spent=spent_by.get(k) or zero,
        )
    return out


def _fmt(value) -> str:
    return "" if value is None else str(value)


def _plain(value) -> str:
    """Decimal("420.0000") → "420" for messages."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


# --- generation ---------------------------------------------------------------------------------


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    reopened: int = 0
    closed: int = 0
    keys: set = field(default_factory=set)

    def __add__(self, other: Result) -> Result:
        return Result(
            self.created + other.created,
            self.updated + other.updated,
            self.reopened + other.reopened,
            self.closed + other.closed,
            self.keys | other.keys,
        )


def _new(report: MonitoringReport, rule: str, key: str, level: str, message: str, numbers: dict, **extra):
    return Warning(
        key=key,
        rule=rule,
        level=level,
        year=report.year,
        round_id=report.round_id,
        project_id=report.project_id,
        target_id=report.target_id,
        report=report,
        unit_id=report.unit_id,
        department_id=report.department_id,
        region_id=report.region_id,
        message=message[:255],
        numbers=numbers,
        **extra,
    )


def evaluate_round(round: MonitoringRound, reports: list[MonitoringReport], today: datetime.date):
    """What the rules say about `reports` of one round: (firing warnings, {rule: evaluated report ids})."""
    policy = round.fiscal_year.policy.monitoring
    firing: list[Warning] = []
    evaluated: dict[str, set[int]] = defaultdict(set)
    if round.data_as_of > today:
        return firing, evaluated
    first_round_id = (
        MonitoringRound.objects.filter(fiscal_year_id=round.fiscal_year_id)
        .order_by("data_as_of", "id")
        .values_list("pk", flat=True)
        .first()
    )
    executions = _executions(reports, round)
    submitted = [r for r in reports if r.status in SUBMITTED]
    progress_by_report = defaultdict(list)
    if submitted:
        for p in IndicatorProgress.objects.filter(report__in=submitted).select_related("indicator"):
            progress_by_report[p.report_id].append(p)
    for r in reports:
        ex = executions[r.pk]
        name = r.target.name
        # Execution lag at the round's date.
        evaluated[Rule.EXECUTION_LAG].add(r.pk)
        level = execution_lag(
            ex.execution_rate,
            ex.time_progress,
            tolerance=policy.execution_lag_tolerance,
            serious=policy.execution_lag_serious,
        )
        if level:
            lag = ex.time_progress - ex.execution_rate
            firing.append(
                _new(
                    r,
                    Rule.EXECUTION_LAG,
                    warning_key(Rule.EXECUTION_LAG, "target", r.target_id, round.pk),
                    level,
                    _("%(name)s：截至%(date)s执行率%(rate)s%%，低于序时进度%(tp)s%% %(lag)s个百分点")
                    % {
                        "name": name,
                        "date": round.data_as_of,
                        "rate": ex.execution_rate,
                        "tp": ex.time_progress,
                        "lag": lag,
                    },
                    {
                        "as_of": round.data_as_of.isoformat(),
                        "budget": _fmt(ex.budget),
                        "spent": _fmt(ex.spent),
                        "execution_rate": _fmt(ex.execution_rate),
                        "time_progress": _fmt(ex.time_progress),
                        "lag": _fmt(lag),
                        "tolerance": _fmt(policy.execution_lag_tolerance),
                        "serious": _fmt(policy.execution_lag_serious),
                    },
                )
            )
        # No spending at all by the first round.
        if round.pk == first_round_id:
            evaluated[Rule.NO_SPENDING].add(r.pk)
            level = no_spending(ex.spent, ex.budget)
            if level:
                firing.append(
                    _new(
                        r,
                        Rule.NO_SPENDING,
                        warning_key(Rule.NO_SPENDING, "target", r.target_id, round.pk),
                        level,
                        _("%(name)s：截至%(date)s全年预算%(budget)s元尚未支出")
                        % {"name": name, "date": round.data_as_of, "budget": ex.budget},
                        {
                            "as_of": round.data_as_of.isoformat(),
                            "budget": _fmt(ex.budget),
                            "spent": _fmt(ex.spent),
                        },
                    )
                )
        # Report overdue.
        evaluated[Rule.REPORT_OVERDUE].add(r.pk)
        level = report_overdue(r.status, round.due, today)
        if level:
            firing.append(
                _new(
                    r,
                    Rule.REPORT_OVERDUE,
                    warning_key(Rule.REPORT_OVERDUE, "report", r.pk, round.pk),
                    level,
                    _("%(name)s：%(round)s监控报告应于%(due)s前报送，已逾期%(days)s天")
                    % {"name": name, "round": round.name, "due": round.due, "days": (today - round.due).days},
                    {"due": round.due.isoformat(), "days_overdue": (today - round.due).days},
                )
            )
        if r.status not in SUBMITTED:
            continue
        # Idle funds, from the unit's expected carryover.
        evaluated[Rule.IDLE_FUNDS].add(r.pk)
        budget = r.annual_budget or ex.budget
        level = idle_funds(r.expected_carryover, budget, share=policy.idle_funds_share)
        if level:
            firing.append(
                _new(
                    r,
                    Rule.IDLE_FUNDS,
                    warning_key(Rule.IDLE_FUNDS, "report", r.pk, round.pk),
                    level,
                    _("%(name)s：预计结转结余%(c)s元，占全年预算%(b)s元的%(s)s%%")
                    % {
                        "name": name,
                        "c": r.expected_carryover,
                        "b": budget,
                        "s": (Decimal(r.expected_carryover) * 100 / Decimal(budget)).quantize(
                            Decimal("0.01")
                        ),
                    },
                    {
                        "expected_carryover": _fmt(r.expected_carryover),
                        "annual_budget": _fmt(budget),
                        "share": _fmt(policy.idle_funds_share),
                    },
                )
            )
        # Indicators expected to miss.
        evaluated[Rule.INDICATOR_MISS].add(r.pk)
        for p in progress_by_report[r.pk]:
            level = indicator_miss(p)
            if level:
                ind = p.indicator
                firing.append(
                    _new(
                        r,
                        Rule.INDICATOR_MISS,
                        warning_key(Rule.INDICATOR_MISS, "indicator", ind.pk, round.pk),
                        level,
                        _("%(name)s：指标“%(ind)s”预计全年完成%(exp)s，目标值%(tv)s（%(poss)s）")
                        % {
                            "name": name,
                            "ind": ind.name,
                            "exp": _plain(p.expected_value) or p.expected_text,
                            "tv": _plain(ind.target_value) or ind.qualitative_value,
                            "poss": p.get_possibility_display(),
                        },
                        {
                            "indicator": ind.name,
                            "comparator": ind.comparator,
                            "target_value": _fmt(ind.target_value),
                            "expected_value": _fmt(p.expected_value),
                            "completed_value": _fmt(p.completed_value),
                            "possibility": p.possibility,
                        },
                        indicator=ind,
                    )
                )
    return firing, evaluated


CLOSE_REASONS = {
    Rule.EXECUTION_LAG: gettext_lazy("执行进度已恢复到容忍范围内"),
    Rule.INDICATOR_MISS: gettext_lazy("最新报告显示指标预计可以完成"),
    Rule.REPORT_OVERDUE: gettext_lazy("监控报告已报送"),
    Rule.IDLE_FUNDS: gettext_lazy("预计结转结余已不超过规定比例"),
    Rule.NO_SPENDING: gettext_lazy("项目已有支出"),
}


def _apply(firing: list[Warning], evaluated: dict[str, set[int]]) -> Result:
    """Insert new warnings (conflicts ignored), refresh open ones, reopen auto-closed ones, and
    close open ones in the evaluated scope whose cause is gone."""
    result = Result()
    now = timezone.now()
    by_key = {w.key: w for w in firing}
    with transaction.atomic():
        existing = {w.key: w for w in Warning.objects.select_for_update().filter(key__in=list(by_key))}
        new = [w for k, w in by_key.items() if k not in existing]
        if new:
            before = Warning.objects.filter(key__in=[w.key for w in new]).count()
            Warning.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
            result.created = Warning.objects.filter(key__in=[w.key for w in new]).count() - before
        changed = []
        for key, old in existing.items():
            w = by_key[key]
            if old.status == Warning.Status.CLOSED:
                old.status = Warning.Status.OPEN
                old.closed_at = None
                old.closed_reason = ""
                old.level, old.numbers, old.message = w.level, w.numbers, w.message
                changed.append(old)
                result.reopened += 1
            elif old.status in OPEN_STATUSES and (
                old.level != w.level or old.numbers != w.numbers or old.message != w.message
            ):
                old.level, old.numbers, old.message = w.level, w.numbers, w.message
                changed.append(old)
                result.updated += 1
        if changed:
            Warning.objects.bulk_update(
                changed, ["status", "closed_at", "closed_reason", "level", "numbers", "message"]
            )
        scope = Q(pk__in=[])
        for rule, report_ids in evaluated.items():
            if report_ids:
                scope |= Q(rule=rule, report_id__in=report_ids)
        gone = list(
            Warning.objects.select_for_update()
            .filter(scope, status__in=OPEN_STATUSES)
            .exclude(key__in=list(by_key))
        )
        for w in gone:
            w.status = Warning.Status.CLOSED
            w.closed_at = now
            w.closed_reason = str(CLOSE_REASONS.get(w.rule, _("预警原因已消除")))
        if gone:
            Warning.objects.bulk_update(gone, ["status", "closed_at", "closed_reason"])
        result.closed = len(gone)
        workflow.changed([*new, *changed, *gone])
    result.keys = set(by_key)
    return result


def _reports(qs) -> list[MonitoringReport]:
    return list(qs.select_related("target", "round__fiscal_year"))


def generate(reports_qs=None, *, today: datetime.date | None = None) -> Result:
    """Run every rule over the reports of rounds that have started (not draft) and whose date is
    reached; `reports_qs` narrows the reports (default: all)."""
    today = today or timezone.localdate()
    qs = MonitoringReport.objects.all() if reports_qs is None else reports_qs
    qs = qs.exclude(round__status=MonitoringRound.Status.DRAFT).filter(round__data_as_of__lte=today)
    by_round = defaultdict(list)
    for r in _reports(qs.order_by("round_id", "pk")):
        by_round[r.round_id].append(r)
    result = Result()
    for reports in by_round.values():
        # One FiscalYear instance per round so its policy is read once.
        round = reports[0].round
        for r in reports:
            r.round = round
        firing, evaluated = evaluate_round(round, reports, today)
        result = result + _apply(firing, evaluated)
    return result


def generate_for_reports(report_ids, *, today: datetime.date | None = None) -> Result:
    """After a report's submission (monitoring.reports.after_transition)."""
    return generate(MonitoringReport.objects.filter(pk__in=list(report_ids)), today=today)


def generate_for_projects(project_ids, *, today: datetime.date | None = None) -> Result:
    """After expenditures of these projects changed: their reports and their departments' overall ones."""
    project_ids = list(project_ids)
    from budgets.models import Project

    dept_ids = Project.objects.filter(pk__in=project_ids).values("department_id")
    return generate(
        MonitoringReport.objects.filter(
            Q(project_id__in=project_ids) | Q(target__kind=Target.Kind.DEPARTMENT, department_id__in=dept_ids)
        ),
        today=today,
    )


def generate_all(*, today: datetime.date | None = None) -> Result:
    """The daily run (Celery beat and `manage.py generate_warnings`)."""
    return generate(today=today)


def after_expenditure_import(batch) -> None:
    """budgets.imports.AFTER_IMPORT hook: warnings for the projects a finished import touched."""
    from budgets.models import ImportBatch

    if batch.kind != ImportBatch.Kind.EXPENDITURES or batch.status != ImportBatch.Status.DONE:
        return
    project_ids = set(Expenditure.objects.filter(batch_id=batch.pk).values_list("project_id", flat=True))
    if project_ids:
        generate_for_projects(project_ids)


def _register() -> None:
    from budgets import imports

    hooks = getattr(imports, "AFTER_IMPORT", None)
    if hooks is not None and after_expenditure_import not in hooks:
        hooks.append(after_expenditure_import)


_register()
