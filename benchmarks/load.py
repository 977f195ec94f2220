"""The deadline load mix: gunicorn on 127.0.0.1 and locust (benchmarks/locustfile.py), headless,
bounded in time and requests, compared with the same stack's trivial endpoint (/healthz).

    BENCH_PORT=8105  BENCH_USERS=8  BENCH_SECONDS=40  BENCH_MAX_REQUESTS=4000
    BENCH_WORKERS=2  BENCH_THREADS=4  BENCH_BROKER_URL=redis://127.0.0.1:6379/5
    BENCH_DASHBOARD_URL  (default /dashboards/ when that page answers, else the home page 我的待办)

Limits (issue 7): throughput ≥ 0.15× the trivial endpoint's, 0 errors, p95 ≤ 1 s.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db.models import Count

from accounts.models import Organization, Role
from benchmarks.harness import Result, form_data

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _prepare(bench, users: int) -> dict:
    """One self-evaluation per locust user, put back to 填报中 with a bench unit officer each;
    sessions for them and for the finance admin; the URLs of the mix."""
    from benchmarks.ops import _reopen, bench_user
    from evaluation.models import Evaluation, SelfEvaluationRow

    chosen = list(
        Evaluation.objects.filter(
            region=bench.city,
            kind=Evaluation.Kind.SELF,
            status=Evaluation.Status.ACCEPTED,
            project__isnull=False,
        )
        .annotate(n=Count("rows"))
        .filter(n__gt=0)
        .order_by("pk")[: users * 3 : 3]
    )
    units = []
    for evaluation in chosen:
        _reopen(evaluation.pk)
        unit = Organization.objects.get(pk=evaluation.unit_id)
        user = bench_user(f"bench_unit_{unit.code}", Role.UNIT_OFFICER, unit)
        client = bench.client(user.username)
        html = client.get(f"/evaluation/self/{evaluation.pk}/").content.decode()
        fields = [(k, v) for k, v in form_data(html, containing="row-TOTAL_FORMS") if k != "action"]
        row = SelfEvaluationRow.objects.filter(evaluation=evaluation).order_by("order", "pk").first()
        units.append(
            {
                "pk": evaluation.pk,
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "fields": [(k, v) for k, v in fields if k not in ("csrfmiddlewaretoken", "version")],
                "row": row.pk,
            }
        )
    admin = bench.client("fin_admin")
    from benchmarks.ops import _project_filters

    filters = _project_filters(bench)
    dept = filters["many"]["department"]
    dashboard = os.environ.get("BENCH_DASHBOARD_URL") or (
        "/dashboards/" if admin.get("/dashboards/").status_code == 200 else "/"
    )
    return {
        "units": units,
        "admin_session": admin.cookies[settings.SESSION_COOKIE_NAME].value,
        "lists": [
            f"/budgets/projects/?department={dept}",
            f"/targets/?department={dept}",
            "/evaluation/self/",
        ],
        "dashboard": dashboard,
        # Large enough to go to a job (targets.documents.DEPARTMENT_SYNC_LIMIT): an enqueue.
        "export": f"/targets/documents/department.xlsx?department={dept}&year={bench.year}",
    }


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def _aggregate(prefix: str) -> dict:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    by_name = {
        r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]), "p95": r["95%"]}
        for r in rows
        if r["Name"] != "Aggregated"
    }
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p95_ms": float(total["95%"]),
        "by_name": by_name,
    }


def _locust(plan_path: str, base: str, mode: str, users: int, seconds: int, limit: int, workdir: str) -> dict:
    prefix = os.path.join(workdir, mode)
    env = {
        **os.environ,
        "BENCH_PLAN": plan_path,
        "BENCH_MODE": mode,
        "BENCH_MAX_REQUESTS": str(limit),
    }
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--csv",
            prefix,
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=ROOT,
        check=False,
        timeout=seconds + 120,
        stdout=subprocess.DEVNULL,
    )
    return _aggregate(prefix)


def run_load_mix(bench) -> list[Result]:
    port = int(_env("BENCH_PORT", "8105"))
    users = int(_env("BENCH_USERS", "8"))
    seconds = int(_env("BENCH_SECONDS", "40"))
    limit = int(_env("BENCH_MAX_REQUESTS", "4000"))
    base = f"http://127.0.0.1:{port}"
    workdir = tempfile.mkdtemp(prefix="perfapp-bench-")
    plan = _prepare(bench, users)
    plan["base"] = base
    plan_path = os.path.join(workdir, "plan.json")
    Path(plan_path).write_text(json.dumps(plan, ensure_ascii=False))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DEBUG": "0",
        "DB_POOL": "1",
        "CELERY_BROKER_URL": _env("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5"),
        "MEDIA_ROOT": os.path.join(workdir, "media"),
    }
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "perfapp.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            _env("BENCH_WORKERS", "2"),
            "--threads",
            _env("BENCH_THREADS", "4"),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(os.path.join(workdir, "gunicorn.log"), "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait(f"{base}/healthz")
        trivial = _locust(plan_path, base, "trivial", users, max(10, seconds // 2), limit, workdir)
        mix = _locust(plan_path, base, "mix", users, seconds, limit, workdir)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    share = mix["rps"] / trivial["rps"] if trivial["rps"] else 0.0
    details = {
        "mix": mix,
        "trivial": trivial,
        "users": users,
        "seconds": seconds,
        "dashboard": plan["dashboard"],
    }
    return [
        Result(
            "load mix: throughput",
            "≥ 0.15× /healthz",
            share >= 0.15,
            f"{mix['rps']:.1f}/s vs {trivial['rps']:.1f}/s = {share:.2f}×",
            ratio=round(share, 3),
            details=details,
        ),
        Result("load mix: errors", "0", mix["failures"] == 0, f"{mix['failures']} of {mix['requests']}"),
        Result("load mix: p95", "≤ 1000 ms", mix["p95_ms"] <= 1000, f"{mix['p95_ms']:.0f} ms"),
    ]
