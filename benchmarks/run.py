"""`make bench`: every operation of benchmarks/ops.py against its bare limit, on one data set.

    BENCH_SCALE=city (default) | province   which demo data set (its own database, loaded once:
                                            seed_demo --scale S --years 3 when it is empty)
    BENCH_DATABASE_URL                       default postgres://postgres@127.0.0.1:5432/perfapp_bench_<scale>
    BENCH_ROUNDS=7                           ABAB rounds after the warm-up (medians of the ratios)
    BENCH_ONLY=project_list,plans            run only these operations
    BENCH_OUT=benchmarks/results/<scale>-<date>.json

Prints a table (operation, medians in ms, measured value, limit, ok/OVER) and writes it as JSON.
Exit status 0 even when a limit is exceeded: the table says so; 2 if an operation crashed.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCALE = os.environ.get("BENCH_SCALE", "city")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/perfapp_bench_{SCALE}"
)
os.environ.setdefault("DEBUG", "0")
# No SECRET_KEY needed and no DEBUG query log; the test-mode settings keep everything else real.
os.environ.setdefault("PERFAPP_TESTING", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfapp.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from benchmarks.harness import Result, print_table  # noqa: E402


def ensure_data(scale: str) -> None:
    import psycopg

    from budgets import demo

    name = settings.DATABASES["default"]["NAME"]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    if not demo.is_seeded():
        print(f"载入 {scale} 规模演示数据（seed_demo --scale {scale} --years 3），需要几分钟……")
        call_command("seed_demo", scale=scale, years=3, seed=demo.DEFAULT_SEED)


def main() -> int:
    from benchmarks import ops

    rounds = int(os.environ.get("BENCH_ROUNDS", "7"))
    only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
    ensure_data(SCALE)
    bench = ops.make_bench(SCALE, rounds)
    print(
        f"数据集 {SCALE}（{settings.DATABASES['default']['NAME']}），年度 {bench.year}，"
        f"ABAB {rounds} 轮（预热后），取比值中位数"
    )
    results: list[Result] = []
    crashed = False
    for op in ops.OPERATIONS:
        if only and op.name not in only:
            continue
        started = time.monotonic()
        try:
            part = op.run(bench)
        except Exception as exc:  # a crashed operation is a line of the table, not the end of the run
            crashed = True
            traceback.print_exc()
            part = [Result(op.name, "", False, f"error: {type(exc).__name__}: {str(exc)[:60]}")]
        for r in part:
            r.details.setdefault("operation", op.name)
        results.extend(part)
        print(f"  {op.name}: {time.monotonic() - started:.1f} s", flush=True)
    print()
    print_table(results)
    out = Path(
        os.environ.get(
            "BENCH_OUT",
            ROOT / "benchmarks" / "results" / f"{SCALE}-{datetime.datetime.now():%Y%m%d-%H%M%S}.json",
        )
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "scale": SCALE,
                "database": settings.DATABASES["default"]["NAME"],
                "year": bench.year,
                "rounds": rounds,
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load": os.getloadavg(),
                    "platform": platform.platform(),
                },
                "picks": {k: v for k, v in bench.picks.items()},
                "results": [r.as_dict() for r in results],
            },
            ensure_ascii=False,
            indent=2,
            default=str,
        )
    )
    print(f"\nJSON: {out}")
    return 2 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
