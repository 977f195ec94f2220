"""Summary tables the leader dashboard (驾驶舱) reads [DESIGN §3.6, §7: dashboards read summaries].

One ProjectYearSummary row per project and year holds everything the dashboard counts — scope
keys, dimensions, money, stage flags, grade, open warnings, rectification and money moved by
results — so a figure is one indexed aggregate over this table, never a walk over the raw rows.
dashboards/summary.py rebuilds rows set-based; DataVersion changes whenever a region's rows of a
year change, and every cached figure names the versions it was computed from.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Region
from budgets.models import MONEY, BudgetType, Category, Project
from perfapp.scoping import ScopedQuerySet

#: Keys (no database constraint: a summary row never blocks deleting what it summarises).
KEY = {"on_delete": models.DO_NOTHING, "db_constraint": False, "related_name": "+"}


class ProjectYearSummary(models.Model):
    """A project's year as the dashboard sees it (a fact row; rebuilt, never edited)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), **KEY)
    year = models.PositiveSmallIntegerField(_("年度"))
    # Scope keys (copied from the project) so visible_to() is one indexed filter.
    unit = models.ForeignKey(Organization, verbose_name=_("预算单位"), **KEY)
    department = models.ForeignKey(Organization, verbose_name=_("主管部门"), **KEY)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), **KEY)
    # Dimensions.
    region_level = models.CharField(_("区划级次"), max_length=16, choices=Region.Level.choices)
    category = models.CharField(_("资金类别"), max_length=32, choices=Category.choices)
    budget_type = models.CharField(_("预算类型"), max_length=32, choices=BudgetType.choices)
    is_major = models.BooleanField(_("重大项目"), default=False)
    # Money (yuan): 全年预算数 and 执行数 of the year, and the spending of each month.
    budget = models.DecimalField(_("全年预算数（元）"), default=Decimal("0"), **MONEY)
    executed = models.DecimalField(_("执行数（元）"), default=Decimal("0"), **MONEY)
    # Stages reached.
    target_approved = models.BooleanField(_("绩效目标已批复"), default=False)
    monitored = models.BooleanField(_("已开展绩效监控"), default=False)
    self_evaluated = models.BooleanField(_("已开展绩效自评"), default=False)
    dept_evaluated = models.BooleanField(_("已开展部门评价"), default=False)
    fiscal_evaluated = models.BooleanField(_("已开展财政重点评价"), default=False)
    #: The grade label (优/良/中/差 …) of the most authoritative finished evaluation:
    #: re-evaluation, then fiscal, then department, then the accepted self-evaluation.
    grade = models.CharField(_("评价等级"), max_length=8, blank=True)
    score = models.DecimalField(_("评价得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    # Open (unresolved) warnings by level, and when the oldest of them was raised.
    warn_yellow = models.PositiveIntegerField(_("黄色预警"), default=0)
    warn_orange = models.PositiveIntegerField(_("橙色预警"), default=0)
    warn_red = models.PositiveIntegerField(_("红色预警"), default=0)
    warn_oldest_at = models.DateTimeField(_("最早未处置预警时间"), null=True, blank=True)
    # Rectification items (整改台账): open, open past their deadline (on `refreshed_at`), closed.
    rect_open = models.PositiveIntegerField(_("未销号整改事项"), default=0)
    rect_overdue = models.PositiveIntegerField(_("逾期整改事项"), default=0)
    rect_closed = models.PositiveIntegerField(_("已销号整改事项"), default=0)
    # Money moved by results (yuan, positive): next year's budget cut / cancelled by the confirmed
    # linkage of this year's grade; recalled by monitoring measures; the unspent budget of a
    # project whose payments are suspended (暂缓拨款, not yet lifted).
    moved_cut = models.DecimalField(_("压减预算（元）"), default=Decimal("0"), **MONEY)
    moved_cancel = models.DecimalField(_("取消预算（元）"), default=Decimal("0"), **MONEY)
    moved_recall = models.DecimalField(_("收回资金（元）"), default=Decimal("0"), **MONEY)
    moved_suspend = models.DecimalField(_("暂缓拨款（元）"), default=Decimal("0"), **MONEY)
    suspended = models.BooleanField(_("暂缓拨款中"), default=False)
    refreshed_at = models.DateTimeField(_("汇总时间"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目年度汇总")
        verbose_name_plural = _("项目年度汇总")
        ordering = ["year", "department_id", "project_id"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="project_year_summary_once")]
        indexes = [
            models.Index(fields=["year", "region"], name="pys_year_region"),
            models.Index(fields=["year", "department"], name="pys_year_department"),
            models.Index(fields=["year", "unit"], name="pys_year_unit"),
        ]

    def __str__(self):
        return f"{self.year} {self.project_id}"

    @property
    def execution_rate(self) -> Decimal | None:
        """执行率 (%), None without a budget."""
        from budgets.indicators import ratio

        return ratio(self.executed, self.budget)


# Twelve monthly columns would widen every row; the month split lives in its own narrow table.
class ProjectMonthSpending(models.Model):
    """执行数 of a project in one month (for the execution-vs-time-progress line)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), **KEY)
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    unit = models.ForeignKey(Organization, **KEY)
    department = models.ForeignKey(Organization, **KEY)
    region = models.ForeignKey(Region, **KEY)
    # The summary's dimensions, so the dashboard's filters apply to both tables alike.
    region_level = models.CharField(_("区划级次"), max_length=16, choices=Region.Level.choices)
    category = models.CharField(_("资金类别"), max_length=32, choices=Category.choices)
    budget_type = models.CharField(_("预算类型"), max_length=32, choices=BudgetType.choices)
    amount = models.DecimalField(_("执行数（元）"), default=Decimal("0"), **MONEY)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目月度执行")
        verbose_name_plural = _("项目月度执行")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="project_month_spending_once")
        ]
        indexes = [models.Index(fields=["year", "region"], name="pms_year_region")]


class DataVersion(models.Model):
    """Bumped whenever a region's summary rows of a year change; a cached figure names the
    versions (and their random stamps) it was computed from, so a change makes it unreachable."""

    region = models.ForeignKey(Region, **KEY)
    year = models.PositiveSmallIntegerField()
    version = models.PositiveIntegerField(default=0)
    #: Random per bump: two databases (or a rebuilt one) never share a cache key by accident.
    stamp = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="data_version_once")]


class DirtyProject(models.Model):
    """A project-year whose summary is stale; written in the transaction that changed it and
    cleared by dashboards.summary.refresh_dirty (a Celery task, within a minute)."""

    project_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project_id", "year"], name="dirty_project_once")]


from dashboards.models_scorecards import *  # noqa: E402, F403
