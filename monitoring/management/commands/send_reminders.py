"""`manage.py send_reminders [--date YYYY-MM-DD]`: the beat job's code, run by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from monitoring import reminders


class Command(BaseCommand):
    help = "发送截止日期提醒、逾期通知和逾期升级提醒（每人每步骤只发送一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from exc
        counts = reminders.send_reminders(today)
        total = sum(counts.values())
        detail = "，".join(f"{reminders.Step(k).label}{v}条" for k, v in sorted(counts.items()))
        self.stdout.write(f"已发送提醒 {total} 条" + (f"（{detail}）" if detail else ""))
