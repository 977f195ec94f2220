"""manage.py refresh_summaries [--year 2026 ...] [--dirty]: rebuild the dashboard's summary rows.

Without options every year is rebuilt (what the nightly task does); --dirty refreshes only the
project-years marked stale (what the task every 30 s does).
"""

import time

from django.core.management.base import BaseCommand

from dashboards import summary


class Command(BaseCommand):
    help = "重建领导驾驶舱的汇总数据（默认全部年度）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="只重建这些年度（可重复）")
        parser.add_argument("--dirty", action="store_true", help="只刷新被标记为过期的项目年度")

    def handle(self, *args, year=None, dirty=False, **options):
        started = time.monotonic()
        if dirty:
            n = summary.refresh_dirty()
            self.stdout.write(f"已刷新 {n} 个项目年度（{time.monotonic() - started:.1f} 秒）。")
            return
        for y, rows in summary.refresh_all(year).items():
            self.stdout.write(f"{y}年度：汇总 {rows:,} 行")
        self.stdout.write(self.style.SUCCESS(f"完成（{time.monotonic() - started:.1f} 秒）。"))
