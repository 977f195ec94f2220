"""The measuring tools of `make bench`: ABAB timing against a bare limit, query counts, query
plans, memory growth, HTML forms, and the table/JSON the run prints and writes.

Import after django.setup(). Nothing here knows about a particular page: benchmarks/ops.py uses
these to measure each operation (DESIGN.md §7: "each measured against its bare limit … in the
same run by a benchmark, not by timed tests").
"""

from __future__ import annotations

import gc
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

#: ABAB rounds after the warm-up (BENCH_ROUNDS overrides it in run.py).
ROUNDS = 7
WARMUP = 2


@dataclass
class Result:
    """One measured line of the table."""

    name: str
    limit: str
    passed: bool | None  # None: measured, no limit to hold it to
    value: str  # what was measured, as printed
    system_ms: float | None = None
    bare_ms: float | None = None
    ratio: float | None = None
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Timing:
    system_ms: float
    bare_ms: float
    #: Median over the rounds of system / bare (each round's pair measured back to back).
    ratio: float
    #: Median over the rounds of system / (factor × bare + slack): ≤ 1 passes.
    margin: float
    rounds: int


def abab(
    system: Callable[[], object],
    bare: Callable[[], object],
    *,
    factor: float,
    slack_ms: float = 0.0,
    rounds: int = ROUNDS,
    warmup: int = WARMUP,
    before: Callable[[], object] | None = None,
) -> Timing:
    """Time `system` and `bare` alternately (A B A B …) after `warmup` runs of each.

    Alternating keeps a burst of load from the other processes on this shared machine from
    landing on one side only; the median of the per-round ratios is what the limit is held to.
    """
    for _ in range(warmup):
        if before:
            before()
        system()
        bare()
    sys_times, bare_times, ratios, margins = [], [], [], []
    for _ in range(rounds):
        gc.collect()
        if before:
            before()  # untimed: e.g. put back what the last POST changed
        a = _seconds(system)
        b = _seconds(bare)
        sys_times.append(a)
        bare_times.append(b)
        ratios.append(a / b if b else float("inf"))
        margins.append(a / (factor * b + slack_ms / 1000))
    return Timing(
        system_ms=statistics.median(sys_times) * 1000,
        bare_ms=statistics.median(bare_times) * 1000,
        ratio=statistics.median(ratios),
        margin=statistics.median(margins),
        rounds=rounds,
    )


def timed_ms(func: Callable[[], object], rounds: int = ROUNDS, warmup: int = WARMUP) -> float:
    for _ in range(warmup):
        func()
    return statistics.median(_seconds(func) for _ in range(rounds)) * 1000


def _seconds(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def timing_result(name: str, limit: str, t: Timing, **details) -> Result:
    return Result(
        name=name,
        limit=limit,
        passed=t.margin <= 1.0,
        value=f"{t.ratio:.2f}×",
        system_ms=round(t.system_ms, 1),
        bare_ms=round(t.bare_ms, 1),
        ratio=round(t.ratio, 3),
        details={"margin": round(t.margin, 3), "rounds": t.rounds, **details},
    )


# --- queries ---------------------------------------------------------------------------------------


def captured(func: Callable[[], object]) -> tuple[object, list[dict]]:
    """Run `func` and return its result with the queries it ran ({'sql', 'time'} dicts)."""
    with CaptureQueriesContext(connection) as ctx:
        out = func()
    return out, list(ctx.captured_queries)


#: What every logged-in request runs before and after the page: the session (read, and the
#: idle-timeout write), the user, their roles and the scope's region tree. Counted, but apart.
REQUEST_OVERHEAD = (
    '"django_session"',
    "SAVEPOINT",
    'FROM "accounts_user" WHERE "accounts_user"."id" =',
    'FROM "accounts_roleassignment"',
    'FROM "accounts_region"',
)


def is_overhead(sql: str) -> bool:
    return any(mark in sql for mark in REQUEST_OVERHEAD)


@dataclass
class Queries:
    total: int
    page: int  # total minus REQUEST_OVERHEAD
    sql: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.page} (+{self.total - self.page})"


def query_count(func: Callable[[], object], before: Callable[[], object] | None = None) -> Queries:
    """Queries of one call after a first (warming) call: per-process caches (content types,
    templates) are not what a page costs at steady state. `before` runs (uncounted) before each
    call, e.g. to put back what a POST changed."""
    if before:
        before()
    func()
    if before:
        before()
    sql = [q["sql"] for q in captured(func)[1]]
    return Queries(len(sql), sum(1 for s in sql if not is_overhead(s)), sql)


def same_count_check(name: str, counts: dict[str, Queries | int], most: int | None) -> Result:
    """The query count must not grow with the rows shown, and the page's own queries (without
    the request overhead) stay within `most`."""
    counts = {k: v if isinstance(v, Queries) else Queries(v, v) for k, v in counts.items()}
    same = len({q.total for q in counts.values()}) == 1
    within = most is None or max(q.page for q in counts.values()) <= most
    limit = "same at every size" + (f", page ≤ {most}" if most is not None else "")
    shown = " / ".join(f"{k}: {q}" for k, q in counts.items())
    return Result(
        name,
        limit,
        same and within,
        shown,
        details={
            "counts": {k: q.total for k, q in counts.items()},
            "page_counts": {k: q.page for k, q in counts.items()},
            "same": same,
            "sql": {k: [s[:300] for s in q.sql] for k, q in counts.items()},
        },
    )


#: Tables the plans must never scan sequentially at city scale (DESIGN.md §7).
BIG_TABLES = frozenset(
    {
        "budgets_project",
        "targets_target",
        "targets_indicator",
        "evaluation_evaluation",
        "evaluation_selfevaluationrow",
    }
)


def seq_scans(sql: str, tables: frozenset[str] = BIG_TABLES) -> list[str]:
    """The big tables a statement's plan reads by Seq Scan (EXPLAIN, not ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    found = []

    def walk(node):
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in tables:
            found.append(node["Relation Name"])
        for child in node.get("Plans", ()):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def plan_check(name: str, queries: list[dict]) -> Result:
    """No Seq Scan of a big table in any SELECT a request ran."""
    scans: dict[str, list[str]] = {}
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    for n, sql in enumerate(selects):
        found = seq_scans(sql)
        if found:
            scans[f"#{n + 1}"] = found
            scans.setdefault("sql", []).append(sql[:400])
    tables = sorted({t for k, v in scans.items() if k != "sql" for t in v})
    return Result(
        name,
        "no Seq Scan on " + ", ".join(sorted(BIG_TABLES)),
        not tables,
        f"{len(selects)} SELECTs; seq scans: {', '.join(tables) or 'none'}",
        details={"scans": scans},
    )


# --- memory ----------------------------------------------------------------------------------------


def memory_growth_mb(func: Callable[[], object]) -> tuple[float, object]:
    """Peak Python allocation growth while `func` runs (tracemalloc), in MB, and its result."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        out = func()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - base) / (1024 * 1024), out


# --- HTML forms ------------------------------------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.forms: list[dict] = []
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.form_id is None or a.get("id") == self.form_id:
                self._in_form = True
                self.forms.append({"action": a.get("action", ""), "data": []})
            return
        if not self._in_form:
            return
        data = self.forms[-1]["data"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_value = name, None, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._select_value = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select:
            value = self._select_value if self._select_value is not None else self._select_first
            self.forms[-1]["data"].append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1]["data"].append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, *, containing: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The fields a browser would post from the first form with a field named `containing`."""
    parser = _FormParser(form_id)
    parser.feed(html)
    for form in parser.forms:
        if any(name == containing for name, _ in form["data"]):
            return form["data"]
    raise LookupError(f"no form with a field {containing!r}")


# --- output ----------------------------------------------------------------------------------------


def print_table(results: list[Result], out=print) -> None:
    mark = {True: "ok", False: "OVER", None: "—"}
    out(f"{'operation':<46} {'system ms':>10} {'bare ms':>9} {'measured':>28}  {'limit':<34} result")
    for r in results:
        sys_ms = f"{r.system_ms:.1f}" if r.system_ms is not None else ""
        bare_ms = f"{r.bare_ms:.1f}" if r.bare_ms is not None else ""
        out(f"{r.name:<46} {sys_ms:>10} {bare_ms:>9} {r.value:>28}  {r.limit:<34} {mark[r.passed]}")
