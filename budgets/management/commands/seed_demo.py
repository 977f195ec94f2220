"""manage.py seed_demo --scale small|county|city|province --seed N [--year 2026] [--years 2] [--reset]

Loads the deterministic demo (budgets/demo.py) once; a second run on a seeded database says so
and exits 0 without duplicating anything. --reset wipes the demo first.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from accounts.models import Role, User
from budgets import demo


class Command(BaseCommand):
    help = "载入演示数据（吉林省及其市县、部门、单位、项目、预算安排、支出和各角色演示账号）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=demo.SCALES, default="small", help="数据规模")
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="随机种子（相同种子生成相同数据）"
        )
        parser.add_argument("--year", type=int, default=None, help="当前预算年度（默认今年）")
        parser.add_argument("--years", type=int, default=2, help="生成的年度数（含当前年度）")
        parser.add_argument("--reset", action="store_true", help="先清除已有演示数据再重新载入")

    def handle(self, *args, scale, seed, year, years, reset, **options):
        if years < 1:
            raise CommandError("--years 至少为 1。")
        # Reset and reload in one transaction: a failed load leaves the previous demo in place.
        with transaction.atomic():
            if reset and demo.is_seeded():
                self.stdout.write("清除已有演示数据……")
                try:
                    counts = demo.reset(log=self.stdout.write)
                except ProtectedError as exc:
                    raise CommandError(f"演示数据仍被其他记录引用，未清除：{exc.protected_objects}") from exc
                self.stdout.write(f"已清除：{dict(counts)}")
            elif demo.is_seeded():
                self.stdout.write(
                    self.style.WARNING(
                        "演示数据已存在，未重复载入（如需重新载入请加 --reset）。 "
                        "Demo data already loaded; nothing done (use --reset to reload)."
                    )
                )
                self._print_accounts()
                return
            self.stdout.write(f"载入演示数据：规模 {scale}，随机种子 {seed}……")
            report = demo.seed(scale=scale, seed=seed, year=year, years=years, log=self.stdout.write)
        seconds = demo.analyze()
        if seconds is not None:
            self.stdout.write(f"更新查询统计信息（ANALYZE）：{seconds:.1f} 秒")
        c = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"完成（{report.seconds:.1f} 秒）：年度 {report.years[0]}—{report.years[-1]}，"
                f"机构 {c['organizations']:,}，项目 {c['projects']:,}，预算安排 {c['allocations']:,}，"
                f"支出记录 {c['expenditures']:,}。"
            )
        )
        self._print_accounts(report.accounts)

    def _print_accounts(self, rows=None):
        if rows is None:
            users = {u.username: u for u in User.objects.select_related("organization")}
            rows = [
                (
                    a.username,
                    str(Role(a.role).label),
                    getattr(users.get(a.username), "organization", "") or "",
                    a.full_name,
                )
                for a in demo.ACCOUNTS
                if a.username in users
            ]
        self.stdout.write(f"\n演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        self.stdout.write(f"  {'账号':<14}{'角色':<14}{'姓名':<6}机构")
        for username, role, org, name in rows:
            self.stdout.write(f"  {username:<16}{role:<12}{name:<6}{org}")
