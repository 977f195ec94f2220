"""The operations `make bench` measures, each against its bare limit (DESIGN.md §7, issue 7).

OPERATIONS at the bottom is the list run.py walks, in order; each entry is a function that takes
the Bench context and returns Result lines. To add one (e.g. the dashboard aggregate once
dashboards/summary.py lands), write a function like `project_list` below and append it:

    def dashboard(bench):   # ≤ 1.3× bare SQL on the same summary table + 30 ms; cached hit ≤ 20 ms;
        ...                 # summary ≤ 0.1× the aggregate over the raw indicator rows
        t = abab(system, bare, factor=1.3, slack_ms=30, rounds=bench.rounds)
        return [timing_result("dashboard aggregate", "≤ 1.3× bare SQL + 30 ms", t)]

    OPERATIONS.append(Operation("dashboard", dashboard, plan_urls=["/dashboards/?year=2026"]))

`plan_urls` of every operation are also EXPLAINed by the `plans` operation (no Seq Scan on the
project, target, indicator or evaluation tables).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client

from accounts.models import Organization, Region, Role, RoleAssignment, User
from benchmarks.harness import (
    Result,
    abab,
    captured,
    form_data,
    memory_growth_mb,
    plan_check,
    query_count,
    same_count_check,
    timed_ms,
    timing_result,
)
from budgets import demo
from budgets.models import Project
from targets.models import Target

#: The query budget of a list page (issue 7).
LIST_MAX_QUERIES = 6


@dataclass
class Operation:
    name: str
    run: Callable[[Bench], list[Result]]
    #: Pages whose SELECTs the `plans` operation EXPLAINs (built from the Bench, may be empty).
    plan_urls: Callable[[Bench], list[tuple[str, str]]] = lambda bench: []


@dataclass
class Bench:
    """What every operation shares: the data set, the year, logged-in clients, the rounds."""

    scale: str
    year: int
    rounds: int
    city: Region
    clients: dict[str, Client] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    picks: dict = field(default_factory=dict)

    def client(self, username: str) -> Client:
        if username not in self.clients:
            client = Client()
            client.force_login(User.objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]

    def get(self, username: str, url: str, status: int = 200):
        response = self.client(username).get(url)
        assert response.status_code == status, (url, response.status_code)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        return response


def make_bench(scale: str, rounds: int) -> Bench:
    city = Region.objects.get(code=demo.DEMO_CITY)
    year = Project.objects.filter(region=city).order_by("-start_year").values_list("start_year", flat=True)[0]
    return Bench(scale=scale, year=year, rounds=rounds, city=city)


def bench_user(username: str, role: str, organization: Organization) -> User:
    """A bench-only account holding `role` at `organization` (created once in the bench database)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"organization": organization, "full_name": "基准测试"}
    )
    if created:
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role=role, organization=organization)
    return user


# --- list pages -------------------------------------------------------------------------------------


def _project_filters(bench: Bench) -> dict[str, dict]:
    """Two filters of the finance admin's project list: one giving a short page (≈ 10 rows) and
    one giving a full page, so the query count can be compared across sizes."""
    if "project_filters" in bench.picks:
        return bench.picks["project_filters"]
    pairs = list(
        Project.objects.filter(region=bench.city)
        .values("department_id", "category")
        .annotate(n=Count("id"))
        .order_by("n", "department_id", "category")
    )
    # The same filter (a department and a fund category) giving about ten rows and a full page:
    # only the number of rows differs between the two requests.
    few = next((p for p in pairs if 6 <= p["n"] <= 12), pairs[0])
    many = pairs[-1]
    picks = {
        key: {"department": p["department_id"], "category": p["category"]}
        for key, p in (("few", few), ("many", many))
    }
    bench.picks["project_filters"] = picks
    return picks


RAW_PROJECT_PAGE = """
SELECT p.id, p.code, p.name, p.category, p.status, p.start_year, p.end_year, p.total_amount,
       u.name, d.name,
       (SELECT sum(a.total_amount) FROM budgets_allocation a WHERE a.project_id = p.id AND a.year = %(year)s),
       (SELECT sum(e.amount) FROM budgets_expenditure e WHERE e.project_id = p.id AND e.year = %(year)s)
FROM budgets_project p
JOIN accounts_organization u ON u.id = p.unit_id
JOIN accounts_organization d ON d.id = p.department_id
WHERE p.region_id = ANY(%(regions)s) AND {where}
ORDER BY p.start_year DESC, p.code, p.id
LIMIT %(limit)s
"""


def _bare_projects(regions: list[int], where: str, value: int, year: int, limit: int, category: str):
    def run():
        with connection.cursor() as cursor:
            params = {"regions": regions, "value": value, "year": year, "limit": limit, "category": category}
            cursor.execute(
                f"SELECT count(*) FROM budgets_project p WHERE p.region_id = ANY(%(regions)s) AND {where}",
                params,
            )
            cursor.fetchone()
            cursor.execute(RAW_PROJECT_PAGE.format(where=where), params)
            return cursor.fetchall()

    return run


def _admin_regions(bench: Bench) -> list[int]:
    from accounts.scoping import scope_of

    scope = scope_of(User.objects.get(username="fin_admin"))
    return sorted(scope.region_ids or [])


PROJECT_LISTS = (
    ("project list page", "/budgets/projects/", 20),
    ("project list API", "/api/v1/projects/", 50),
)


def list_query_checks(bench: Bench) -> list[Result]:
    """The query count of /budgets/projects/ and /api/v1/projects/ at a short and a full page."""
    filters = _project_filters(bench)
    regions = _admin_regions(bench)
    out = []
    for label, path, size in PROJECT_LISTS:
        counts = {}
        for key, params in filters.items():
            url = f"{path}?{urlencode(params)}"
            rows = Project.objects.filter(
                region_id__in=regions, department_id=params["department"], category=params["category"]
            ).count()
            counts[f"{key} {min(rows, size)} rows"] = query_count(lambda url=url: bench.get("fin_admin", url))
        out.append(same_count_check(f"{label}: queries", counts, LIST_MAX_QUERIES))
    return out


def project_list(bench: Bench) -> list[Result]:
    """/budgets/projects/ (20 a page) and /api/v1/projects/ (50 a page), filtered, as fin_admin."""
    filters = _project_filters(bench)
    regions = _admin_regions(bench)
    out = list_query_checks(bench)
    dept = filters["many"]["department"]
    for label, path, size in PROJECT_LISTS:
        url = f"{path}?{urlencode(filters['many'])}"
        t = abab(
            lambda url=url: bench.get("fin_admin", url),
            _bare_projects(
                regions,
                "p.department_id = %(value)s AND p.category = %(category)s",
                dept,
                bench.year,
                size,
                filters["many"]["category"],
            ),
            factor=3.0,
            rounds=bench.rounds,
        )
        out.append(timing_result(f"{label}: {size} rows", "≤ 3× bare SQL", t))
    return out


def _project_plan_urls(bench: Bench) -> list[tuple[str, str]]:
    filters = _project_filters(bench)
    return [
        ("fin_admin", f"/budgets/projects/?{urlencode(filters['many'])}"),
        ("fin_admin", f"/api/v1/projects/?{urlencode(filters['many'])}"),
        ("fin_admin", "/budgets/projects/?q=教育"),
    ]


# --- the finance review queue -------------------------------------------------------------------------


def _queue_filters(bench: Bench) -> dict[str, dict]:
    """Filters of fin_reviewer's queue giving ≈ 10 rows and a full page of 50."""
    if "queue_filters" in bench.picks:
        return bench.picks["queue_filters"]
    from targets.views import QUEUE_PAGE_SIZE

    user = User.objects.get(username="fin_reviewer")
    waiting = Target.objects.visible_to(user).current().filter(status=Target.Status.DEPT_APPROVED)
    by_category = list(waiting.values("category").annotate(n=Count("id")).order_by("n", "category"))
    # The same filter (one fund category) giving few rows and (nearly) a full page of 50.
    few = next((r for r in by_category if r["n"] >= 5), by_category[0])
    many = by_category[-1]
    picks = {
        "few": {"category": few["category"]},
        "many": {"category": many["category"]},
        "_rows": {"few": min(few["n"], QUEUE_PAGE_SIZE), "many": min(many["n"], QUEUE_PAGE_SIZE)},
    }
    bench.picks["queue_filters"] = picks
    return picks


BARE_QUEUE = """
SELECT t.id, t.name, t.amount, t.grade, t.category, t.version, p.code, p.name, u.name, d.name, fy.year,
       COALESCE((SELECT l.at FROM perfapp_transitionlog l
                 WHERE l.content_type_id = %(ct)s AND l.object_id = t.id AND l.target = %(status)s
                 ORDER BY l.at DESC LIMIT 1), t.updated_at) AS waiting_since,
       (SELECT count(*) FROM targets_indicator i WHERE i.target_id = t.id)
FROM targets_target t
LEFT JOIN budgets_project p ON p.id = t.project_id
JOIN accounts_organization u ON u.id = t.unit_id
JOIN accounts_organization d ON d.id = t.department_id
JOIN budgets_fiscalyear fy ON fy.id = t.fiscal_year_id
WHERE t.department_id = ANY(%(departments)s) AND t.status = %(status)s AND t.category = %(category)s
  AND NOT EXISTS (SELECT 1 FROM targets_target n WHERE n.previous_id = t.id)
ORDER BY waiting_since, t.id
LIMIT 50
"""


def _bare_queue(bench: Bench, category: str):
    from django.contrib.contenttypes.models import ContentType

    from accounts.scoping import scope_of

    scope = scope_of(User.objects.get(username="fin_reviewer"))
    params = {
        "ct": ContentType.objects.get_for_model(Target).pk,
        "status": Target.Status.DEPT_APPROVED,
        "departments": sorted(scope.department_ids),
        "category": category,
    }

    def run():
        with connection.cursor() as cursor:
            cursor.execute(BARE_QUEUE, params)
            rows = cursor.fetchall()
            # The indicators of the page's targets (the review hints read them).
            cursor.execute(
                "SELECT target_id, level1, level2, name, comparator, target_value, unit, last_year_actual "
                "FROM targets_indicator WHERE target_id = ANY(%s)",
                [[r[0] for r in rows]],
            )
            cursor.fetchall()
            return rows

    return run


def review_queue(bench: Bench) -> list[Result]:
    """/targets/review/ as fin_reviewer (财政业务科室): 50 a page, filtered."""
    filters = _queue_filters(bench)
    counts = {}
    for key in ("few", "many"):
        url = f"/targets/review/?{urlencode(filters[key])}"
        counts[f"{key} {filters['_rows'][key]} rows"] = query_count(
            lambda url=url: bench.get("fin_reviewer", url)
        )
    out = [same_count_check("review queue: queries", counts, LIST_MAX_QUERIES)]
    many = f"/targets/review/?{urlencode(filters['many'])}"
    t = abab(
        lambda: bench.get("fin_reviewer", many),
        _bare_queue(bench, filters["many"]["category"]),
        factor=3.0,
        rounds=bench.rounds,
    )
    out.append(timing_result(f"review queue: {filters['_rows']['many']} rows", "≤ 3× bare SQL", t))
    return out


def _queue_plan_urls(bench: Bench) -> list[tuple[str, str]]:
    filters = _queue_filters(bench)
    return [
        ("fin_reviewer", "/targets/review/"),
        ("fin_reviewer", f"/targets/review/?{urlencode(filters['many'])}"),
    ]


# --- the self-evaluation form --------------------------------------------------------------------------


def _self_evaluations(bench: Bench) -> dict:
    """Two project self-evaluations of one unit of the demo city with the fewest and the most
    rows, made editable (填报中) for a bench unit officer of the unit."""
    if "self" in bench.picks:
        return bench.picks["self"]
    from evaluation.models import Evaluation

    done = (
        Evaluation.objects.filter(
            region=bench.city,
            kind=Evaluation.Kind.SELF,
            status=Evaluation.Status.ACCEPTED,
            project__isnull=False,
        )
        .annotate(n=Count("rows"))
        .order_by("n", "pk")
    )
    # Both of one unit (the same people are notified), with the widest spread of row counts.
    by_unit: dict[int, list] = {}
    for evaluation in done:
        by_unit.setdefault(evaluation.unit_id, []).append(evaluation)
    few, many = max(
        ((rows[0], rows[-1]) for rows in by_unit.values()),
        key=lambda pair: (pair[1].n - pair[0].n, -pair[0].pk),
    )
    picks = {}
    for key, evaluation in (("few", few), ("many", many)):
        unit = Organization.objects.get(pk=evaluation.unit_id)
        user = bench_user(f"bench_unit_{unit.code}", Role.UNIT_OFFICER, unit)
        picks[key] = {"pk": evaluation.pk, "rows": evaluation.n, "user": user.username}
    bench.picks["self"] = picks
    return picks


def _reopen(pk: int) -> None:
    """Put a self-evaluation back to 填报中 (bench database only) so it can be submitted again."""
    from evaluation.models import Evaluation

    Evaluation.objects.filter(pk=pk).update(status=Evaluation.Status.DRAFT)


def _post_data(bench: Bench, pick: dict, action: str) -> list[tuple[str, str]]:
    html = bench.get(pick["user"], f"/evaluation/self/{pick['pk']}/").content.decode()
    data = [(k, v) for k, v in form_data(html, containing="row-TOTAL_FORMS") if k != "action"]
    return data + [("action", action)]


def _post(bench: Bench, pick: dict, action: str):
    url = f"/evaluation/self/{pick['pk']}/"
    data = _post_data(bench, pick, action)
    body = {}
    for k, v in data:
        body.setdefault(k, []).append(v)
    response = bench.client(pick["user"]).post(url, body)
    assert response.status_code == 302, (url, response.status_code, response.content[:2000])
    return response


def _bare_rows(pk: int):
    """A bare executemany of the same rows the submit writes, and the evaluation's own row."""
    from evaluation.models import SelfEvaluationRow

    rows = list(
        SelfEvaluationRow.objects.filter(evaluation_id=pk).values_list(
            "pk", "actual_value", "actual_text", "deviation_reason", "points", "score"
        )
    )

    def run():
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE evaluation_selfevaluationrow SET actual_value = %s, actual_text = %s, "
                "deviation_reason = %s, points = %s, score = %s WHERE id = %s",
                [(v, t, r, p, s, pk_) for pk_, v, t, r, p, s in rows],
            )
            cursor.execute(
                "UPDATE evaluation_evaluation SET status = status, version = version WHERE id = %s", [pk]
            )

    return run


def selfeval_form(bench: Bench) -> list[Result]:
    """GET and 保存并报送 of /evaluation/self/<pk>/ by the unit: query counts at the fewest and
    the most indicator rows; submit timed against a bare executemany of the same rows."""
    picks = _self_evaluations(bench)
    for pick in picks.values():
        _reopen(pick["pk"])
    get_counts = {
        f"{key} {p['rows']} rows": query_count(
            lambda p=p: bench.get(p["user"], f"/evaluation/self/{p['pk']}/")
        )
        for key, p in picks.items()
    }
    out = [same_count_check("self-evaluation form GET: queries", get_counts, None)]
    post_counts = {}
    for key, p in picks.items():
        data = _post_data(bench, p, "submit")

        def submit(p=p, data=data):
            body = {}
            for k, v in data:
                body.setdefault(k, []).append(v)
            response = bench.client(p["user"]).post(f"/evaluation/self/{p['pk']}/", body)
            assert response.status_code == 302, response.status_code
            return response

        def reopen(p=p, data=data):
            _reopen(p["pk"])
            # The version moved on with the last submit: post the current one.
            data[:] = [(k, str(_version(p["pk"])) if k == "version" else v) for k, v in data]

        post_counts[f"{key} {p['rows']} rows"] = query_count(submit, before=reopen)
        _reopen(p["pk"])
    out.append(same_count_check("self-evaluation submit: queries", post_counts, None))
    many = picks["many"]
    data = _post_data(bench, many, "submit")
    body = {}
    for k, v in data:
        body.setdefault(k, []).append(v)
    client = bench.client(many["user"])
    url = f"/evaluation/self/{many['pk']}/"

    def submit_many():
        response = client.post(url, body)
        assert response.status_code == 302, response.status_code

    def reopen():
        _reopen(many["pk"])
        # The version moved on with the last submit: the next post must carry the new one.
        body["version"] = [str(_version(many["pk"]))]

    t = abab(submit_many, _bare_rows(many["pk"]), factor=4.0, rounds=bench.rounds, before=reopen)
    out.append(timing_result(f"self-evaluation submit: {many['rows']} rows", "≤ 4× bare executemany", t))
    return out


def _version(pk: int) -> int:
    from evaluation.models import Evaluation

    return Evaluation.objects.filter(pk=pk).values_list("version", flat=True)[0]


# --- the indicator export ------------------------------------------------------------------------------

BARE_INDICATORS = """
SELECT p.code, t.name, d.name, u.name, t.status, i.level1, i.level2, i.name, i.comparator,
       i.target_value, i.qualitative_value, i.unit, i.weight, i.last_year_actual, i.data_source
FROM targets_indicator i
JOIN targets_target t ON t.id = i.target_id
LEFT JOIN budgets_project p ON p.id = t.project_id
JOIN accounts_organization d ON d.id = t.department_id
JOIN accounts_organization u ON u.id = t.unit_id
WHERE t.region_id = %s AND t.year = %s AND NOT EXISTS (SELECT 1 FROM targets_target n WHERE n.previous_id = t.id)
ORDER BY i.target_id, i."order", i.id
"""


def _bare_export(region_id: int, year: int):
    from openpyxl import Workbook

    def run():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        with connection.cursor() as cursor:
            cursor.execute(BARE_INDICATORS, [region_id, year])
            while chunk := cursor.fetchmany(2000):
                for row in chunk:
                    # The indicator's value: its number, or its text when qualitative.
                    sheet.append([*row[:9], row[10] if row[9] is None else row[9], *row[11:]])
        with tempfile.TemporaryFile() as spool:
            workbook.save(spool)

    return run


def indicator_export(bench: Bench) -> list[Result]:
    """/targets/documents/indicators.xlsx of the demo city's year, as its finance admin."""
    from targets.indicator_export import indicator_rows

    admin = User.objects.get(username="fin_admin")
    rows = indicator_rows(admin, bench.city.pk, bench.year).count()
    url = f"/targets/documents/indicators.xlsx?region={bench.city.pk}&year={bench.year}"
    growth, _ = memory_growth_mb(lambda: bench.get("fin_admin", url))
    bare_growth, _ = memory_growth_mb(_bare_export(bench.city.pk, bench.year))
    out = [
        Result(
            f"indicator export: memory ({rows:,} rows)",
            "growth ≤ 64 MB",
            growth <= 64,
            f"{growth:.1f} MB (bare {bare_growth:.1f} MB)",
            details={"rows": rows, "growth_mb": round(growth, 1), "bare_growth_mb": round(bare_growth, 1)},
        )
    ]
    t = abab(
        lambda: bench.get("fin_admin", url),
        _bare_export(bench.city.pk, bench.year),
        factor=1.3,
        rounds=max(3, bench.rounds // 2),
        warmup=1,
    )
    out.append(timing_result(f"indicator export: {rows:,} rows", "≤ 1.3× bare openpyxl", t, rows=rows))
    return out


# --- the evaluation report PDF -------------------------------------------------------------------------


def report_pdf(bench: Bench) -> list[Result]:
    """evaluation.reports.report_pdf of a final evaluation report vs bare WeasyPrint on its HTML."""
    from weasyprint import HTML

    from evaluation.models import EvaluationReport
    from evaluation.reports import pdf_context, report_pdf
    from perfapp.documents import render_html

    report = (
        EvaluationReport.objects.filter(status=EvaluationReport.Status.FINAL).order_by("pk").first()
        or EvaluationReport.objects.order_by("pk").first()
    )
    if report is None:
        return [Result("evaluation report PDF", "≤ 1.2× bare WeasyPrint", None, "no report in the data set")]
    html = render_html("evaluation/pdf/evaluation_report.html", pdf_context(report))
    base = str(settings.BASE_DIR / "static")
    t = abab(
        lambda: report_pdf(report),
        lambda: HTML(string=html, base_url=base).write_pdf(),
        factor=1.2,
        rounds=bench.rounds,
        warmup=1,
    )
    return [timing_result("evaluation report PDF", "≤ 1.2× bare WeasyPrint", t, report=report.pk)]


# --- query plans ----------------------------------------------------------------------------------------


def plans(bench: Bench) -> list[Result]:
    """EXPLAIN every SELECT the list, queue (and later dashboard) pages run."""
    out = []
    for op in OPERATIONS:
        for username, url in op.plan_urls(bench):
            _, queries = captured(lambda u=username, url=url: bench.get(u, url))
            out.append(plan_check(f"plan: {url[:44]}", queries))
    return out


def load_mix(bench: Bench) -> list[Result]:
    from benchmarks.load import run_load_mix

    return run_load_mix(bench)


def _other_list_urls(bench: Bench) -> list[tuple[str, str]]:
    """The other list pages of the finance admin, EXPLAINed for information."""
    return [
        ("fin_admin", "/budgets/projects/"),
        ("fin_admin", "/targets/"),
        ("fin_admin", "/evaluation/self/"),
    ]


# --- the leader dashboard --------------------------------------------------------------------------

RAW_DASHBOARD = """
WITH alloc AS (
    SELECT project_id, sum(total_amount) AS budget FROM budgets_allocation
    WHERE year = %(year)s AND region_id = ANY(%(regions)s) GROUP BY project_id),
spent AS (
    SELECT project_id, sum(amount) AS spent FROM budgets_expenditure
    WHERE year = %(year)s AND region_id = ANY(%(regions)s) GROUP BY project_id),
tg AS (
    SELECT t.project_id, count(i.id) AS indicators FROM targets_target t
    JOIN targets_indicator i ON i.target_id = t.id
    WHERE t.year = %(year)s AND t.region_id = ANY(%(regions)s) AND t.kind = 'project'
      AND t.status IN ('approved', 'published')
    GROUP BY t.project_id),
mr AS (
    SELECT DISTINCT project_id FROM monitoring_monitoringreport
    WHERE year = %(year)s AND region_id = ANY(%(regions)s) AND status <> 'draft'),
ev AS (
    SELECT project_id,
           bool_or(kind = 'self' AND status = 'accepted') AS se,
           bool_or(kind = 'department' AND status = 'final') AS de,
           bool_or(kind = 'fiscal' AND status = 'final') AS fe
    FROM evaluation_evaluation
    WHERE year = %(year)s AND region_id = ANY(%(regions)s) AND project_id IS NOT NULL
    GROUP BY project_id)
SELECT p.department_id, count(*), sum(alloc.budget), sum(spent.spent), count(tg.project_id),
       sum(tg.indicators), count(mr.project_id), count(*) FILTER (WHERE ev.se),
       count(*) FILTER (WHERE ev.de), count(*) FILTER (WHERE ev.fe)
FROM budgets_project p
JOIN alloc ON alloc.project_id = p.id
LEFT JOIN spent ON spent.project_id = p.id
LEFT JOIN tg ON tg.project_id = p.id
LEFT JOIN mr ON mr.project_id = p.id
LEFT JOIN ev ON ev.project_id = p.id
GROUP BY p.department_id
"""


#: The same figures as RAW_DASHBOARD (per department: projects, budget, spent, approved targets,
#: monitored, self-/department-/fiscal-evaluated), read from the summary table instead.
SUMMARY_DASHBOARD = """
SELECT department_id, count(*), sum(budget), sum(executed), count(*) FILTER (WHERE target_approved),
       count(*) FILTER (WHERE monitored), count(*) FILTER (WHERE self_evaluated),
       count(*) FILTER (WHERE dept_evaluated), count(*) FILTER (WHERE fiscal_evaluated)
FROM dashboards_projectyearsummary
WHERE year = %(year)s AND region_id = ANY(%(regions)s)
GROUP BY department_id
"""


def _replay(sqls: list[str]):
    """The bare side: the very SQL the dashboard ran on the summary tables, through a raw cursor."""

    def run():
        with connection.cursor() as cursor:
            for sql in sqls:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def dashboard(bench: Bench) -> list[Result]:
    """The dashboard aggregate (dashboards.figures.compute, uncached) vs the same SQL replayed bare
    (≤ 1.3× + 30 ms); a cached hit (figures.dashboard, ≤ 20 ms); the coverage by department from
    the summary table vs the same figures aggregated over the raw allocation, expenditure, target,
    indicator, monitoring and evaluation rows (≤ 0.1×)."""
    from django.core.cache import caches

    from accounts.scoping import scope_of
    from dashboards import figures

    user = User.objects.get(username="fin_admin")
    year = bench.year
    _, queries = captured(lambda: figures.compute(user, year))
    summary_sql = [q["sql"] for q in queries if "dashboards_" in q["sql"]]
    t = abab(
        lambda: figures.compute(user, year),
        _replay(summary_sql),
        factor=1.3,
        slack_ms=30,
        rounds=bench.rounds,
    )
    out = [timing_result("dashboard aggregate", "≤ 1.3× bare SQL + 30 ms", t, queries=len(summary_sql))]
    caches["dashboards"].clear()
    figures.dashboard(user, year)
    hit_ms = timed_ms(lambda: figures.dashboard(user, year), rounds=max(bench.rounds, 5))
    out.append(
        Result(
            "dashboard cached hit", "≤ 20 ms", hit_ms <= 20, f"{hit_ms:.1f} ms", system_ms=round(hit_ms, 1)
        )
    )
    regions = sorted(scope_of(user).region_ids or [])

    def by_sql(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, {"year": year, "regions": regions})
                return cursor.fetchall()

        return run

    t = abab(by_sql(SUMMARY_DASHBOARD), by_sql(RAW_DASHBOARD), factor=0.1, rounds=bench.rounds, warmup=1)
    out.append(timing_result("dashboard summary vs raw rows", "≤ 0.1× the raw aggregate", t))
    return out


def _dashboard_plan_urls(bench: Bench) -> list[tuple[str, str]]:
    return [("fin_admin", f"/dashboards/?year={bench.year}")]


OPERATIONS: list[Operation] = [
    Operation("project_list", project_list, _project_plan_urls),
    Operation("review_queue", review_queue, _queue_plan_urls),
    Operation("selfeval_form", selfeval_form),
    Operation("indicator_export", indicator_export),
    Operation("report_pdf", report_pdf),
    Operation("dashboard", dashboard, _dashboard_plan_urls),
    Operation("other_lists", lambda bench: [], _other_list_urls),
    Operation("plans", plans),
    Operation("load_mix", load_mix),
]
