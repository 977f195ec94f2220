"""`manage.py generate_warnings`: the daily warning generation by hand (same code as the beat job)."""

import datetime

from django.core.management.base import BaseCommand

from monitoring.warnings import generate_all


class Command(BaseCommand):
    help = "生成绩效运行监控预警（与每日定时任务相同），并自动关闭原因已消除的预警。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）计算，默认今天")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["date"]) if options.get("date") else None
        result = generate_all(today=today)
        self.stdout.write(
            f"新增 {result.created}，更新 {result.updated}，重新打开 {result.reopened}，自动关闭 {result.closed}"
        )
