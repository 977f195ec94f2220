"""Across years (跨年度对比) [000 四(二)] 数据赋能: the same indicator of the same project across
years (target and actual), a department's grades and scores across years, and the region's
coverage across years.

Every function reads through `visible_to(user)` and runs a fixed number of queries whatever the
number of years, projects or indicators (one GROUP BY per measure, never a query per row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from budgets.models import Allocation, Project
from evaluation.models import Evaluation, SelfEvaluationRow
from monitoring.models import MonitoringReport
from targets.models import Target

#: Grade labels in the order they are shown [004 第三十七条 优/良/中/差].
GRADES = ("优", "良", "中", "差")
#: A self-evaluation counts once finance has accepted it; a department or fiscal evaluation once final.
SELF_DONE = (Evaluation.Status.ACCEPTED,)
EXTERNAL_DONE = (Evaluation.Status.FINAL,)
MONITORED = (
    MonitoringReport.Status.SUBMITTED,
    MonitoringReport.Status.DEPT_APPROVED,
    MonitoringReport.Status.ACCEPTED,
)


def _share(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# --- the same indicator of the same project across years -------------------------------------------


@dataclass
class IndicatorYear:
    target: str = ""
    target_value: Decimal | None = None
    actual: str = ""
    actual_value: Decimal | None = None
    score: Decimal | None = None
    weight: Decimal | None = None


@dataclass
class IndicatorHistory:
    level1: str
    level2: str
    name: str
    unit: str
    quantitative: bool
    years: dict[int, IndicatorYear] = field(default_factory=dict)


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def project_indicator_history(project: Project, user) -> tuple[list[int], list[IndicatorHistory]]:
    """Every indicator of `project` across the years it has an approved target: the approved
    target value (the current version after adjustments [004 第二十二条]) and the actual value of
    the accepted self-evaluation of that year [004 第三十三条]. Indicators are matched across years by
    their 一级/二级/三级 names. Three queries."""
    targets = list(
        Target.objects.visible_to(user)
        .current()
        .approved()
        .filter(project=project, kind=Target.Kind.PROJECT)
        .order_by("year")
        .prefetch_related("indicators")
    )
    years = sorted({t.year for t in targets})
    rows: dict[tuple, IndicatorHistory] = {}
    for t in targets:
        for ind in t.indicators.all():
            key = (ind.level1, ind.level2, ind.name)
            hist = rows.get(key)
            if hist is None:
                hist = rows[key] = IndicatorHistory(
                    level1=ind.get_level1_display(),
                    level2=ind.level2,
                    name=ind.name,
                    unit=ind.unit,
                    quantitative=ind.is_quantitative,
                )
            hist.years[t.year] = IndicatorYear(
                target=ind.value_display, target_value=ind.target_value, weight=ind.weight
            )
    self_rows = SelfEvaluationRow.objects.filter(
        evaluation__in=Evaluation.objects.visible_to(user).filter(
            project=project, kind=Evaluation.Kind.SELF, status__in=SELF_DONE
        )
    ).values("evaluation__year", "level1", "level2", "name", "actual_value", "actual_text", "unit", "score")
    for r in self_rows:
        hist = rows.get((r["level1"], r["level2"], r["name"]))
        if hist is None:
            continue
        cell = hist.years.setdefault(r["evaluation__year"], IndicatorYear())
        cell.actual_value = r["actual_value"]
        cell.actual = r["actual_text"] or (
            f"{_number(r['actual_value'])}{r['unit']}" if r["actual_value"] is not None else ""
        )
        cell.score = r["score"]
    return years, list(rows.values())


# --- a department's grades and scores across years ---------------------------------------------------


@dataclass
class EvaluationYear:
    year: int
    kind: str
    count: int = 0
    average: Decimal | None = None
    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))


def department_history(department, user) -> dict[str, list[EvaluationYear]]:
    """Per evaluation kind (self, department, fiscal), per year: how many finished evaluations of
    the department's projects, their average total score and the grade distribution. One query."""
    qs = (
        Evaluation.objects.visible_to(user)
        .filter(department=department, is_department_overall=False)
        .filter(
            Q(kind=Evaluation.Kind.SELF, status__in=SELF_DONE)
            | Q(kind__in=[Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL], status__in=EXTERNAL_DONE)
        )
        .values("kind", "year", "grade_label")
        .annotate(n=Count("pk"), scored=Count("total_score"), total=Sum("total_score"))
        .order_by("kind", "year")
    )
    out: dict[str, dict[int, EvaluationYear]] = defaultdict(dict)
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    scored: dict[tuple, int] = defaultdict(int)
    for r in qs:
        ey = out[r["kind"]].setdefault(r["year"], EvaluationYear(year=r["year"], kind=r["kind"]))
        ey.count += r["n"]
        if r["grade_label"] in ey.grades:
            ey.grades[r["grade_label"]] += r["n"]
        if r["total"] is not None:
            sums[(r["kind"], r["year"])] += Decimal(r["total"])
            scored[(r["kind"], r["year"])] += r["scored"]
    for kind, by_year in out.items():
        for year, ey in by_year.items():
            if scored[(kind, year)]:
                ey.average = (sums[(kind, year)] / scored[(kind, year)]).quantize(Decimal("0.01"))
    kinds = [Evaluation.Kind.SELF, Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL]
    return {k: sorted(out[k].values(), key=lambda e: e.year) for k in kinds if k in out}


# --- the region's coverage across years --------------------------------------------------------------


@dataclass
class CoverageYear:
    year: int
    projects: int = 0
    budget: Decimal = Decimal("0")
    stages: dict[str, tuple[int, Decimal]] = field(default_factory=dict)

    def share(self, stage: str) -> Decimal | None:
        return _share(self.stages.get(stage, (0, 0))[0], self.projects)

    def money_share(self, stage: str) -> Decimal | None:
        return _share(self.stages.get(stage, (0, 0))[1], self.budget)


#: Stages of the coverage table, in lifecycle order.
STAGES = ("targets", "monitored", "self", "department", "fiscal")


def coverage_history(user, *, department=None, years: list[int] | None = None) -> list[CoverageYear]:
    """Per year, of the projects with a budget in that year (visible to `user`, optionally one
    department's): how many — and how much of their money — have an approved target [004 第二十二条],
    a submitted monitoring report [004 第二十九条], an accepted self-evaluation [004 第三十三条], a final
    department evaluation and a final fiscal evaluation [004 第三十四、三十五条]; the money is the
    covered projects' 全年预算数 of that year. Six queries."""

    def scoped(qs):
        qs = qs.visible_to(user)
        if department is not None:
            qs = qs.filter(department=department)
        if years:
            qs = qs.filter(year__in=years)
        return qs

    result: dict[int, CoverageYear] = {}
    for r in (
        scoped(Allocation.objects)
        .values("year")
        .annotate(n=Count("project_id", distinct=True), money=Sum("total_amount"))
    ):
        result[r["year"]] = CoverageYear(year=r["year"], projects=r["n"], budget=r["money"] or Decimal("0"))

    allocations = scoped(Allocation.objects)

    def add(stage, qs):
        covered = allocations.filter(
            Exists(qs.filter(project_id=OuterRef("project_id"), year=OuterRef("year")))
        )
        for r in covered.values("year").annotate(
            n=Count("project_id", distinct=True), money=Sum("total_amount")
        ):
            cy = result.setdefault(r["year"], CoverageYear(year=r["year"]))
            cy.stages[stage] = (r["n"], r["money"] or Decimal("0"))

    evaluations = Evaluation.objects.visible_to(user)
    add("targets", Target.objects.visible_to(user).current().approved().filter(kind=Target.Kind.PROJECT))
    add("monitored", MonitoringReport.objects.visible_to(user).filter(status__in=MONITORED))
    add("self", evaluations.filter(kind=Evaluation.Kind.SELF, status__in=SELF_DONE))
    add("department", evaluations.filter(kind=Evaluation.Kind.DEPARTMENT, status__in=EXTERNAL_DONE))
    add("fiscal", evaluations.filter(kind=Evaluation.Kind.FISCAL, status__in=EXTERNAL_DONE))
    return [result[y] for y in sorted(result)]
