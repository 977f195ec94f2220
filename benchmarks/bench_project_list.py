"""Benchmark: the project list page, its API and its Excel export against their bare limits.

Run with `make benchmark` (or `python benchmarks/bench_project_list.py`). Uses DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/perfapp_bench), loads `seed_demo --scale county`
once, then times, as the region's finance admin (who sees every project):
  - GET /budgets/projects/ (page 1 and a deep page) vs. the same rows by raw SQL;
  - GET /api/v1/projects/ vs. the same raw SQL;
  - the filtered-list Excel export vs. bare openpyxl write_only over a raw SQL cursor.
Prints medians over N runs and the ratio to the bare limit. SCALE and N may be set in the env.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/perfapp_bench")
os.environ.setdefault("PERFAPP_TESTING", "1")  # no SECRET_KEY needed, no DEBUG query log
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfapp.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import User  # noqa: E402
from budgets.models import Project  # noqa: E402

SCALE = os.environ.get("SCALE", "county")
N = int(os.environ.get("N", "15"))


def ensure_database():
    import psycopg

    name = settings.DATABASES["default"]["NAME"]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(func, n=N):
    func()  # warm up
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


RAW_PAGE = """
SELECT p.id, p.code, p.name, d.name, u.name, p.category, p.start_year, p.end_year, p.total_amount, p.status,
       (SELECT sum(a.total_amount) FROM budgets_allocation a WHERE a.project_id = p.id AND a.year = %s),
       (SELECT sum(e.amount) FROM budgets_expenditure e WHERE e.project_id = p.id AND e.year = %s)
FROM budgets_project p JOIN accounts_organization d ON d.id = p.department_id
JOIN accounts_organization u ON u.id = p.unit_id
WHERE p.region_id = ANY(%s)
ORDER BY p.start_year DESC, p.code, p.id LIMIT %s OFFSET %s
"""


def main():
    ensure_database()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=SCALE, seed=2026, verbosity=0)
    admin = User.objects.get(username="fin_admin")
    client = Client()
    client.force_login(admin)
    region_ids = list(Project.objects.visible_to(admin).values_list("region_id", flat=True).distinct())
    total = Project.objects.visible_to(admin).count()
    year = 2026
    deep = max(1, total // 20 // 2)
    print(f"规模 {SCALE}：财政管理员可见项目 {total} 个；每项取 {N} 次的中位数")

    def raw(limit, offset):
        def run():
            with connection.cursor() as cur:
                cur.execute("SELECT count(*) FROM budgets_project WHERE region_id = ANY(%s)", [region_ids])
                cur.fetchone()
                cur.execute(RAW_PAGE, [year, year, region_ids, limit, offset])
                cur.fetchall()

        return run

    rows = [
        ("项目列表第1页", lambda: client.get("/budgets/projects/"), raw(20, 0)),
        (
            f"项目列表第{deep}页",
            lambda: client.get(f"/budgets/projects/?page={deep}"),
            raw(20, (deep - 1) * 20),
        ),
        ("API 项目列表", lambda: client.get("/api/v1/projects/"), raw(50, 0)),
    ]

    def bare_export():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        with connection.cursor() as cur:
            cur.execute(RAW_PAGE, [year, year, region_ids, total, 0])
            for row in cur:
                ws.append(list(row))
        wb.save(io.BytesIO())

    def page_export():
        response = client.get("/budgets/projects/export.xlsx")
        b"".join(response.streaming_content) if response.streaming else response.content

    rows.append((f"Excel 导出（{total} 行）", page_export, bare_export))
    print(f"{'项目':<22}{'系统（毫秒）':>12}{'裸极限（毫秒）':>14}{'倍数':>8}")
    for label, page, bare in rows:
        t_page, t_bare = timed(page), timed(bare)
        print(f"{label:<22}{t_page * 1000:>12.1f}{t_bare * 1000:>14.1f}{t_page / t_bare:>8.1f}")


if __name__ == "__main__":
    main()
