"""绩效运行监控 ("双监控"): rounds, reports, computed warnings and their measures, reminders.

[004 第二十五—二十九条] units track budget execution and target achievement during the year;
[002 三(三)] warnings for lagging spending and idle money, suspension and recall of funds;
[000 #15] several monitoring rounds a year.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.guards import dept_officer_of, finance_of, unit_officer_of
from accounts.models import Organization, Region
from budgets.models import MONEY, Deadline, FiscalYear, Project
from perfapp.scoping import ScopedQuerySet
from perfapp.workflow import VersionedModel
from targets.models import Indicator, Target


class MonitoringRound(models.Model):
    """A monitoring round of a year: data as of a date, reports due on another."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未开启")
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已结束")

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.PROTECT, related_name="monitoring_rounds"
    )
    name = models.CharField(_("名称"), max_length=64)
    data_as_of = models.DateField(_("数据截止日期"))
    due = models.DateField(_("报送截止日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    deadline = models.OneToOneField(
        Deadline,
        verbose_name=_("截止日期"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_round",
    )
    #: 财政重点监控: projects finance follows closely in this round.
    key_projects = models.ManyToManyField(
        Project, verbose_name=_("财政重点监控项目"), blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("开启时间"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开启人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("监控轮次")
        verbose_name_plural = _("监控轮次")
        ordering = ["fiscal_year", "data_as_of", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "name"], name="monitoring_round_unique_name")
        ]

    def __str__(self):
        return f"{self.fiscal_year.year} {self.name}"

    @property
    def year(self) -> int:
        return self.fiscal_year.year


class ReportQuerySet(ScopedQuerySet):
    expert_path = "project"

    def for_list(self):
        return self.select_related("round", "target", "unit", "department", "project")


def _declarer_of(instance, user):
    """The unit for a project report; the department for its overall (部门整体) report."""
    if instance.target.kind == Target.Kind.DEPARTMENT:
        return dept_officer_of(instance, user)
    return unit_officer_of(instance, user)


class MonitoringReport(VersionedModel):
    """项目支出绩效目标执行监控表: one per approved target and round.

    The money columns are computed from Allocation and Expenditure at the round's date, never typed
    (snapshot written on submission so the reviewed report does not move).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("待部门审核")
        DEPT_APPROVED = "dept_approved", _("待财政审核")
        RETURNED = "returned", _("退回修改")
        ACCEPTED = "accepted", _("已审核")

    round = models.ForeignKey(
        MonitoringRound, verbose_name=_("监控轮次"), on_delete=models.CASCADE, related_name="reports"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("绩效目标"), on_delete=models.PROTECT, related_name="monitoring_reports"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitoring_reports",
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    unit = models.ForeignKey(
        Organization, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    is_key = models.BooleanField(_("财政重点监控"), default=False)
    # Snapshot of the computed execution at the round's date (written on submission).
    initial_budget = models.DecimalField(_("年初预算数（元）"), default=Decimal("0"), **MONEY)
    annual_budget = models.DecimalField(_("全年预算数（元）"), default=Decimal("0"), **MONEY)
    spent = models.DecimalField(_("执行数（元）"), default=Decimal("0"), **MONEY)
    execution_rate = models.DecimalField(
        _("执行率（%）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_progress = models.DecimalField(
        _("序时进度（%）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Typed by the unit.
    expected_full_year = models.DecimalField(_("预计全年执行数（元）"), null=True, blank=True, **MONEY)
    expected_carryover = models.DecimalField(_("预计结转结余（元）"), null=True, blank=True, **MONEY)
    carryover_reason = models.TextField(_("结转结余原因"), blank=True)
    overall_progress = models.TextField(_("总体目标完成情况"), blank=True)
    finance_conclusion = models.TextField(_("财政重点监控结论"), blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("绩效监控报告")
        verbose_name_plural = _("绩效监控报告")
        ordering = ["round", "department_id", "unit_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "target"], name="monitoring_report_once")]
        indexes = [
            models.Index(fields=["unit", "year", "status"]),
            models.Index(fields=["department", "year", "status"]),
            models.Index(fields=["region", "year", "status"]),
        ]

    def __str__(self):
        return f"{self.round} · {self.target.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @transition(
        field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.SUBMITTED, permission=_declarer_of
    )
    def submit(self, user=None, comment="", **kwargs):
        """单位报送; refused while monitoring.reports.submission_errors() finds a gap, and the
        computed execution is frozen into the report."""
        from monitoring.reports import before_submit

        before_submit(self)

    @transition(
        field=status, source=Status.SUBMITTED, target=Status.DEPT_APPROVED, permission=dept_officer_of
    )
    def dept_approve(self, user=None, comment="", **kwargs):
        """主管部门审核通过."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED, permission=dept_officer_of)
    def dept_return(self, user=None, comment="", **kwargs):
        """主管部门退回."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.ACCEPTED, permission=finance_of)
    def accept(self, user=None, comment="", **kwargs):
        """财政审核通过 (with the key-monitoring conclusion where the project is under key monitoring)."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.RETURNED, permission=finance_of)
    def finance_return(self, user=None, comment="", **kwargs):
        """财政退回."""

    def after_transition(self, name, user, source, target, comment):
        from monitoring.reports import after_transition

        after_transition(self, name, user, comment)


class Possibility(models.TextChoices):
    CERTAIN = "certain", _("确定能")
    POSSIBLE = "possible", _("有可能")
    IMPOSSIBLE = "impossible", _("完全不可能")


class Deviation(models.TextChoices):
    FUNDING = "funding", _("经费保障")
    SYSTEM = "system", _("制度保障")
    STAFF = "staff", _("人员保障")
    HARDWARE = "hardware", _("硬件条件保障")
    OTHER = "other", _("其他")


class IndicatorProgress(models.Model):
    """Per indicator of a report: completion to date, expected year-end value, possibility,
    deviation with its reason and the corrective measure [004 第二十七条]."""

    report = models.ForeignKey(
        MonitoringReport, verbose_name=_("监控报告"), on_delete=models.CASCADE, related_name="progress"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("绩效指标"), on_delete=models.PROTECT, related_name="+"
    )
    completed_value = models.DecimalField(
        _("截至目前完成值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    completed_text = models.CharField(_("截至目前完成情况"), max_length=200, blank=True)
    expected_value = models.DecimalField(
        _("预计全年完成值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    expected_text = models.CharField(_("预计全年完成情况"), max_length=100, blank=True)
    possibility = models.CharField(
        _("完成目标可能性"), max_length=16, choices=Possibility.choices, blank=True
    )
    deviation = models.CharField(_("偏差原因分类"), max_length=16, choices=Deviation.choices, blank=True)
    deviation_reason = models.TextField(_("偏差原因说明"), blank=True)
    measure = models.TextField(_("纠偏措施"), blank=True)

    class Meta:
        verbose_name = _("指标完成情况")
        verbose_name_plural = _("指标完成情况")
        ordering = ["report", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_progress_once")
        ]


class WarningQuerySet(ScopedQuerySet):
    expert_path = "project"

    def open(self):
        return self.filter(status__in=[Warning.Status.OPEN, Warning.Status.ACKNOWLEDGED])

    def for_list(self):
        return self.select_related("project", "unit", "department", "report__round", "indicator")


class Warning(models.Model):
    """预警: raised by a rule in monitoring/warnings.py from the numbers, never typed.

    `key` identifies the cause (rule + object + round), so generating twice creates nothing new
    and a warning whose cause has gone away can be found and closed.
    """

    class Rule(models.TextChoices):
        EXECUTION_LAG = "execution_lag", _("执行进度滞后")
        INDICATOR_MISS = "indicator_miss", _("指标预计无法完成")
        REPORT_OVERDUE = "report_overdue", _("监控报告逾期未报")
        IDLE_FUNDS = "idle_funds", _("资金沉淀")
        NO_SPENDING = "no_spending", _("资金未支出")

    class Level(models.TextChoices):
        YELLOW = "yellow", _("黄色")
        ORANGE = "orange", _("橙色")
        RED = "red", _("红色")

    class Status(models.TextChoices):
        OPEN = "open", _("待确认")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        RESOLVED = "resolved", _("已处置")
        CLOSED = "closed", _("已自动关闭")

    class Measure(models.TextChoices):
        CONTINUE = "continue", _("继续执行")
        ADJUST_TARGET = "adjust_target", _("调整绩效目标")
        SUSPEND = "suspend", _("暂缓拨款")
        RECALL = "recall", _("收回资金")

    key = models.CharField(_("预警标识"), max_length=120, unique=True)
    rule = models.CharField(_("预警规则"), max_length=32, choices=Rule.choices)
    level = models.CharField(_("预警等级"), max_length=8, choices=Level.choices, default=Level.YELLOW)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    round = models.ForeignKey(
        MonitoringRound,
        verbose_name=_("监控轮次"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warnings",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warnings",
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("绩效目标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warnings",
    )
    report = models.ForeignKey(
        MonitoringReport,
        verbose_name=_("监控报告"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warnings",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("绩效指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("预警内容"), max_length=255)
    #: The numbers that raised it, e.g. {"execution_rate": "31.20", "time_progress": "49.59", "tolerance": "10"}.
    numbers = models.JSONField(_("预警数据"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    raised_at = models.DateTimeField(_("预警时间"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledgement = models.TextField(_("单位说明"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处置时间"), null=True, blank=True)
    measure = models.CharField(_("处置措施"), max_length=16, choices=Measure.choices, blank=True)
    measure_note = models.TextField(_("处置说明"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_reason = models.CharField(_("关闭原因"), max_length=255, blank=True)

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["region", "year", "status"]),
        ]

    def __str__(self):
        return self.message


class FundAction(models.Model):
    """A money measure taken on a warning [002 三(三)]: 暂缓拨款 (until lifted) or 收回 (an amount
    taken from the allocation into the recalled-funds list for reallocation)."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("暂缓拨款")
        RECALL = "recall", _("收回资金")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    warning = models.ForeignKey(
        Warning,
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_actions",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="fund_actions"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额（元）"), default=Decimal("0"), **MONEY)
    note = models.TextField(_("说明"), blank=True)
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False)
    department = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reallocated = models.BooleanField(_("已统筹安排"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金处置")
        verbose_name_plural = _("资金处置")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="suspend") | Q(amount__gt=0), name="fund_action_recall_amount"
            ),
        ]

    def save(self, *args, **kwargs):
        p = self.project
        self.unit_id, self.department_id, self.region_id = p.unit_id, p.department_id, p.region_id
        super().save(*args, **kwargs)


class SentReminder(models.Model):
    """One reminder step sent to one person for one deadline and one object — exactly once.

    The unique constraint is the claim: a second run (beat twice, two workers, a retry after a
    crash) inserts nothing and sends nothing.
    """

    class Step(models.TextChoices):
        BEFORE = "before", _("截止前提醒")
        OVERDUE = "overdue", _("逾期通知")
        ESCALATE_DEPARTMENT = "escalate_department", _("逾期提醒主管部门")
        ESCALATE_FINANCE = "escalate_finance", _("逾期提醒财政")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="sent_reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=24, choices=Step.choices)
    #: Days before the deadline for BEFORE steps (7, 1, …); 0 otherwise.
    days = models.SmallIntegerField(default=0)
    #: What the reminder is about, e.g. "monitoring.monitoringreport:42" ("" for the deadline itself).
    subject = models.CharField(max_length=80, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "step", "days", "subject"], name="sent_reminder_once"
            ),
        ]
