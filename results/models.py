"""结果应用: feedback, rectification ledger, budget linkage, disclosure and accountability
(DESIGN.md §3.5).

[003 三(五)] results are fed back to the evaluated department within the Policy's days and
rectified; [000 #17] 整改台账; [002 三(五)][000 #21][004 第四十条] 三个挂钩 — results decide next
year's budget; [003][004 第四十三条] results are made public; [004 第四十四—四十六条] accountability.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.guards import finance_of, unit_officer_of
from accounts.models import Organization, Region
from budgets.models import MONEY, Allocation, FiscalYear, Project
from evaluation.models import Evaluation
from perfapp.scoping import ScopedQuerySet
from perfapp.workflow import VersionedModel


def _user_fk(label, related="+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related,
    )


class Feedback(VersionedModel):
    """评价结果反馈意见函 of a final fiscal or department evaluation, generated from the report's
    findings and recommendations, approved and sent within the Policy's days [003 三(五)]."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待审批")
        APPROVED = "approved", _("已审批")
        SENT = "sent", _("已发送")

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.PROTECT, related_name="feedback"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    unit = models.ForeignKey(
        Organization, verbose_name=_("被评价单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    due = models.DateField(_("反馈期限"))
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    approved_by = _user_fk(_("审批人"))
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    sent_by = _user_fk(_("发送人"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评价结果反馈")
        verbose_name_plural = _("评价结果反馈")
        ordering = ["due", "id"]

    def __str__(self):
        return self.title

    @transition(field=status, source=Status.DRAFT, target=Status.APPROVED, permission=finance_of)
    def approve(self, user=None, comment="", **kwargs):
        """财政审批反馈意见函."""

    @transition(field=status, source=Status.APPROVED, target=Status.SENT, permission=finance_of)
    def send(self, user=None, comment="", **kwargs):
        """发送至被评价部门."""

    def after_transition(self, name, user, source, target, comment):
        from results.feedback import after_transition

        after_transition(self, name, user, comment)


class Rectification(VersionedModel):
    """整改台账 item [000 #17]: a finding from an evaluation, an audit or an inspection, with its
    requirement, owner unit, deadline and evidence; 待整改 → 整改中 → 已整改待核实 → 已销号, or returned
    by finance as insufficient; overdue is computed from the deadline."""

    class Source(models.TextChoices):
        EVALUATION = "evaluation", _("绩效评价")
        SPOT_CHECK = "spot_check", _("抽查复核")
        AUDIT = "audit", _("审计")
        INSPECTION = "inspection", _("监督检查")

    class Status(models.TextChoices):
        PENDING = "pending", _("待整改")
        IN_PROGRESS = "in_progress", _("整改中")
        SUBMITTED = "submitted", _("已整改待核实")
        CLOSED = "closed", _("已销号")

    source = models.CharField(_("问题来源"), max_length=16, choices=Source.choices, default=Source.EVALUATION)
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("绩效评价"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    problem = models.TextField(_("问题"))
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    measures = models.TextField(_("整改措施及成效"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    status = FSMField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING, protected=False
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    created_by = _user_fk(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改台账")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["region", "year", "status"]),
            models.Index(fields=["department", "year", "status"]),
            models.Index(fields=["unit", "year", "status"]),
        ]

    def __str__(self):
        return self.problem[:40]

    @transition(field=status, source=Status.PENDING, target=Status.IN_PROGRESS, permission=unit_officer_of)
    def start(self, user=None, comment="", **kwargs):
        """单位开始整改."""

    @transition(
        field=status,
        source=[Status.PENDING, Status.IN_PROGRESS],
        target=Status.SUBMITTED,
        permission=unit_officer_of,
    )
    def submit(self, user=None, comment="", **kwargs):
        """单位报送整改结果 (measures and evidence required)."""
        from results.rectification import before_submit

        before_submit(self)

    @transition(field=status, source=Status.SUBMITTED, target=Status.CLOSED, permission=finance_of)
    def close(self, user=None, comment="", **kwargs):
        """财政核实销号."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.IN_PROGRESS, permission=finance_of)
    def send_back(self, user=None, comment="", **kwargs):
        """财政退回：整改不到位 (reason required)."""
        from results.rectification import before_send_back

        before_send_back(self, comment)

    def after_transition(self, name, user, source, target, comment):
        from results.rectification import after_transition

        after_transition(self, name, user, comment)


class RectificationEvidence(models.Model):
    item = models.ForeignKey(
        Rectification, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to="results/rectification/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = _user_fk(_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
        ordering = ["item", "uploaded_at", "id"]


class LinkageProposal(models.Model):
    """三个挂钩: the proposed next-year budget action of a project from its latest grade, its
    rectification state and its monitoring measures, by the Policy's table; confirmed or overridden
    (with a reason) by finance; a confirmed action becomes an adjustment on next year's Allocation
    [002 三(五)][000 #21][004 第四十条]."""

    class Action(models.TextChoices):
        PRIORITY = "priority", _("优先保障")
        NORMAL = "normal", _("正常安排")
        CUT = "cut", _("压减预算")
        CANCEL = "cancel", _("取消预算")
        NO_REGRANT = "no_regrant", _("收回资金不再安排")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        OVERRIDDEN = "overridden", _("已调整确认")

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.PROTECT, related_name="linkage_proposals"
    )
    year = models.PositiveSmallIntegerField(_("编制预算年度"), db_index=True)
    evaluated_year = models.PositiveSmallIntegerField(_("评价年度"))
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="linkage_proposals"
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("依据的评价"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    grade_label = models.CharField(_("评价等级"), max_length=8, blank=True)
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    base_amount = models.DecimalField(_("基数（元）"), default=Decimal("0"), **MONEY)
    proposed_action = models.CharField(_("建议措施"), max_length=16, choices=Action.choices)
    proposed_change = models.DecimalField(_("建议调整额（元）"), default=Decimal("0"), **MONEY)
    action = models.CharField(_("确认措施"), max_length=16, choices=Action.choices, blank=True)
    change = models.DecimalField(_("确认调整额（元）"), null=True, blank=True, **MONEY)
    override_reason = models.TextField(_("调整理由"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("下年度预算安排"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = _user_fk(_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算挂钩建议")
        verbose_name_plural = _("预算挂钩建议")
        ordering = ["department_id", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "project"], name="one_linkage_per_project_year")
        ]

    def __str__(self):
        return f"{self.year} {self.project} {self.get_proposed_action_display()}"


class AccountabilityCase(VersionedModel):
    """问责 [004 第四十四—四十六条]: the organization or person, the facts and the measure taken,
    linked to the project and evaluation. A case opened from a system suggestion remembers it
    (`source`, `source_ref`) so the suggestion is not offered again (results/accountability.py)."""

    class Case(models.TextChoices):
        NO_TARGET = "no_target", _("未按要求设定绩效目标")
        REPORT_ALTERED = "report_altered", _("篡改或虚报评价结果")
        NO_MONITORING = "no_monitoring", _("未按要求开展绩效监控")
        TARGET_MISSED = "target_missed", _("绩效目标严重偏离")
        POOR_GRADE = "poor_grade", _("绩效评价结果为差")
        RECTIFICATION_OVERDUE = "rectification_overdue", _("整改不到位或逾期未整改")
        OTHER = "other", _("其他")

    class Measure(models.TextChoices):
        NO_BUDGET = "no_budget", _("不予安排预算")
        RECALL = "recall", _("收回资金")
        REDUCE = "reduce", _("减少下年度预算")
        INTERVIEW = "interview", _("约谈整改")
        CIRCULATE = "circulate", _("通报批评")
        REFER = "refer", _("移送有关部门处理")

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    case = models.CharField(_("问责情形"), max_length=32, choices=Case.choices)
    unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("责任人"), max_length=100, blank=True)
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("绩效评价"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    facts = models.TextField(_("事实"))
    measure = models.CharField(_("处理措施"), max_length=16, choices=Measure.choices)
    measure_note = models.TextField(_("处理说明"), blank=True)
    decided_on = models.DateField(_("决定日期"))
    source = models.CharField(_("线索类型"), max_length=32, choices=Case.choices, blank=True)
    source_ref = models.PositiveIntegerField(_("线索对象"), null=True, blank=True)
    created_by = _user_fk(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["source", "source_ref"]),
            models.Index(fields=["region", "year"]),
            models.Index(fields=["department", "year"]),
            models.Index(fields=["unit", "year"]),
        ]

    def __str__(self):
        return f"{self.get_case_display()} · {self.unit}"


class AccountabilityDismissal(models.Model):
    """A system suggestion of accountability that finance decided not to pursue, with the reason
    [004 第四十四—四十六条]; the suggestion is not offered again."""

    source = models.CharField(_("线索类型"), max_length=32, choices=AccountabilityCase.Case.choices)
    source_ref = models.PositiveIntegerField(_("线索对象"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("不予问责理由"))
    dismissed_by = _user_fk(_("处理人"))
    dismissed_at = models.DateTimeField(_("处理时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("不予问责的线索")
        verbose_name_plural = _("不予问责的线索")
        ordering = ["-dismissed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref", "year"], name="one_dismissal_per_suggestion"
            )
        ]


class Disclosure(models.Model):
    """信息公开 of a final evaluation result [003][004 第四十三条]: finance marks it for the public
    portal; a secret (涉密) target's evaluation never appears whatever the mark."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="disclosure"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    disclosed = models.BooleanField(_("公开"), default=True)
    disclosed_by = _user_fk(_("公开人"))
    disclosed_at = models.DateTimeField(_("公开时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价结果公开")
        verbose_name_plural = _("评价结果公开")
        ordering = ["-year", "evaluation_id"]
