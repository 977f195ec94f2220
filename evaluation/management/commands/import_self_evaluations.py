"""manage.py import_self_evaluations FOLDER --year YYYY --scheme NAME [--region CODE] [--user NAME]

Historical import for bureaus moving off Excel (issue 5): every .xlsx 自评表 under FOLDER becomes an
accepted self-evaluation of YEAR (its project created when the region has none of that name and
unit), scored under the ScoringScheme NAME; each file imports all-or-nothing and a bad file is
listed with its reason. The report (published vs computed totals and row scores) is written as CSV
and JSON beside the HistoricalImport row, and its paths are printed.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.selfeval_import import import_historical, workbooks_in_folder


class Command(BaseCommand):
    help = "导入往年已填写的项目支出绩效自评表（.xlsx），按指定评分规则重新计算得分并输出对比报告。"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="存放自评表 .xlsx 文件的目录（含子目录）")
        parser.add_argument("--year", type=int, required=True, help="自评所属年度，如 2024")
        parser.add_argument("--scheme", required=True, help="评分规则名称（自评评分规则库中的名称）")
        parser.add_argument(
            "--region",
            help="行政区划代码；默认为该年度唯一（或代码最小）的省级预算年度所在区划",
        )
        parser.add_argument("--user", help="记为导入人的用户名（可选）")

    def handle(self, *args, folder, year, scheme, region=None, user=None, **options):
        from accounts.models import Region, User
        from budgets.models import FiscalYear
        from evaluation.models import ScoringScheme

        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"目录不存在：{folder}")
        years = FiscalYear.objects.filter(year=year).select_related("region")
        if region:
            fiscal_year = years.filter(region__code=region).first()
            if fiscal_year is None:
                raise CommandError(f"行政区划 {region} 没有 {year} 年度的预算年度，请先建立预算年度。")
        else:
            fiscal_year = years.filter(region__level=Region.Level.PROVINCE).order_by("region__code").first()
            if fiscal_year is None:
                raise CommandError(
                    f"没有 {year} 年度的省级预算年度，请先建立预算年度或用 --region 指定区划。"
                )
        chosen = ScoringScheme.objects.filter(region=fiscal_year.region, name=scheme).first()
        if chosen is None:
            names = "、".join(
                ScoringScheme.objects.filter(region=fiscal_year.region).values_list("name", flat=True)
            )
            raise CommandError(
                f"{fiscal_year.region.name}没有名为“{scheme}”的评分规则。现有：{names or '无'}"
            )
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户不存在：{user}")
        files = list(workbooks_in_folder(root))
        if not files:
            raise CommandError(f"目录中没有 .xlsx 文件：{folder}")

        def progress(n, total):
            self.stdout.write(f"\r{n}/{total}", ending="")
            self.stdout.flush()

        record = import_historical(
            files, fiscal_year=fiscal_year, scoring_scheme=chosen, user=actor, progress=progress
        )
        self.stdout.write("")
        for f in record.report.get("files", []):
            if f["status"] == "imported":
                total = f"原表总分 {f['published_total'] or '未填写'}，计算 {f['computed_total']}（{f['computed_grade']}）"
                mark = "≠" if f["difference"] not in (None, "0.00") else "="
                self.stdout.write(f"  已导入 {f['file']}：{f['project']}，{total} {mark}")
            else:
                self.stdout.write(self.style.WARNING(f"  未导入 {f['file']}：{f['reason']}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{fiscal_year.region.name} {year} 年度：共 {record.files_total} 个文件，"
                f"导入 {record.files_imported} 个，未导入 {record.files_failed} 个。"
            )
        )
        for label, file in (("CSV", record.report_csv), ("JSON", record.report_json)):
            try:
                where = file.path
            except NotImplementedError:  # object storage: no local path
                where = file.name
            self.stdout.write(f"报告（{label}）：{where}")
