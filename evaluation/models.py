"""绩效评价: self-evaluation scored by rule, department and fiscal evaluations with experts, spot
checks, and the reports auditors read (DESIGN.md §3.4).

[003 三(一)] every unit self-evaluates every project and the department's overall spending by the
end of May, reviewed unit → department (初审) → finance (业务 and 技术 review);
[003 三(二)] departments evaluate at least the Policy's share of their projects;
[003 三(三)] finance evaluates key projects, with on-site work;
[003 三(五)][002 三(四)] finance spot-checks the departments' evaluations;
[004 第三十—三十八条] evaluation subjects, content, methods, grades and reports;
财预〔2020〕10号 the self-evaluation form and its scoring; 财预〔2021〕6号 third parties and experts.

Scores are computed (evaluation.scoring), never typed; the scheme they were computed under is kept
with the evaluation (`scheme_data`), so a later Policy change never moves an old score.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.guards import dept_officer_of, finance_admin_of, finance_of, unit_officer_of
from accounts.models import Organization, Region
from accounts.scoping import scope_of
from budgets.models import MONEY, Category, Deadline, FiscalYear, Project
from perfapp.scoping import ScopedQuerySet
from perfapp.workflow import VersionedModel
from targets.models import Comparator, Indicator, Level1, Target

SCORE = {"max_digits": 7, "decimal_places": 2}


# --- scoring schemes -----------------------------------------------------------------------------


class ScoringScheme(models.Model):
    """A named self-evaluation scoring scheme (budgets.policy.SelfEvaluation as JSON).

    Finance admin keeps a library of them: the year's Policy carries the one in force; another
    bureau's scheme is imported from JSON, copied and edited without code.
    """

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("评分规则"), default=dict)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("自评评分规则")
        verbose_name_plural = _("自评评分规则")
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="scoring_scheme_unique_name")]

    def __str__(self):
        return self.name

    @property
    def scheme(self):
        from budgets.policy import PolicyData

        return PolicyData.from_dict({"self_evaluation": self.data}).self_evaluation


class Scheme(models.Model):
    """评价指标体系 of department and fiscal evaluations: a weighted criteria tree (Criterion).

    Default 决策 / 过程 / 产出 / 效益 with 产出 + 效益 ≥ the Policy's share [003 三(三)]; one default per
    fund category [000 #4–#9]; 基础分 + 政策加分 for government investment funds [000 #10].
    """

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    category = models.CharField(_("资金类别"), max_length=32, choices=Category.choices, blank=True)
    description = models.TextField(_("说明"), blank=True)
    #: Points above 100 a scheme may add (基础分 + 政策加分 [000 #10]); 0 for ordinary schemes.
    bonus_points = models.DecimalField(_("政策加分上限"), default=Decimal("0"), **SCORE)
    is_default = models.BooleanField(_("该类别默认体系"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价指标体系")
        verbose_name_plural = _("评价指标体系")
        ordering = ["region", "category", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="scheme_unique_name")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A node of a Scheme: level 1 (决策/过程/产出/效益), level 2, level 3 with scoring guidance.

    A level-3 criterion is what experts score; the points of a parent are the sum of its children.
    """

    class Group(models.TextChoices):
        DECISION = "decision", _("决策")
        PROCESS = "process", _("过程")
        OUTPUT = "output", _("产出")
        OUTCOME = "outcome", _("效益")
        BONUS = "bonus", _("政策加分")

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("评价指标体系"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    group = models.CharField(_("一级指标类别"), max_length=16, choices=Group.choices)
    name = models.CharField(_("指标名称"), max_length=100)
    points = models.DecimalField(_("分值"), **SCORE)
    guidance = models.TextField(_("评分标准"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["scheme", "order", "id"]

    def __str__(self):
        return self.name


# --- seasons, plans and evaluations ----------------------------------------------------------------


class Season(models.Model):
    """The self-evaluation season of a year [003 三(一)]: opened once, with its Deadline."""

    fiscal_year = models.OneToOneField(
        FiscalYear,
        verbose_name=_("预算年度"),
        on_delete=models.PROTECT,
        related_name="self_evaluation_season",
    )
    deadline = models.OneToOneField(
        Deadline,
        verbose_name=_("截止日期"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开启人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("自评工作")
        verbose_name_plural = _("自评工作")

    def __str__(self):
        return f"{self.fiscal_year.year} {_('绩效自评')}"


class PlanQuerySet(ScopedQuerySet):
    unit_field = "department_id"


class EvaluationPlan(models.Model):
    """A department's evaluation plan [003 三(二)] or finance's key-evaluation plan [003 三(三)]."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("部门评价计划")
        FISCAL = "fiscal", _("财政重点评价计划")

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        CONFIRMED = "confirmed", _("已确定")

    kind = models.CharField(_("计划类型"), max_length=16, choices=Kind.choices)
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.PROTECT, related_name="evaluation_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    department = models.ForeignKey(
        Organization,
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编制人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确定时间"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价计划")
        verbose_name_plural = _("评价计划")
        ordering = ["-year", "kind", "department_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "department"],
                condition=Q(kind="department"),
                name="one_department_plan_a_year",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year"], condition=Q(kind="fiscal"), name="one_fiscal_plan_a_year"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}"


class EvaluationQuerySet(ScopedQuerySet):
    """Scoped like every business row; an expert sees only the evaluations assigned to them, only
    while the assignment is active."""

    def visible_to(self, user):
        ordinary = super().visible_to(user)
        scope = scope_of(user)
        if scope.expert_user_id is None:
            return ordinary
        assigned = self.filter(
            pk__in=Assignment.objects.filter(expert_id=scope.expert_user_id, active=True).values(
                "evaluation_id"
            )
        )
        return ordinary | assigned

    def for_list(self):
        return self.select_related("target", "project", "unit", "department")


def _self(instance) -> bool:
    return instance.kind == Evaluation.Kind.SELF


def _external(instance) -> bool:
    return instance.kind in (
        Evaluation.Kind.DEPARTMENT,
        Evaluation.Kind.FISCAL,
        Evaluation.Kind.RE_EVALUATION,
    )


def _declarer_of(instance, user) -> bool:
    """The unit for a project's self-evaluation; the department for its overall one."""
    if instance.target_id and instance.is_department_overall:
        return dept_officer_of(instance, user)
    return unit_officer_of(instance, user)


def _evaluator_of(instance, user) -> bool:
    """Who runs a department evaluation (the department) or a fiscal one (finance)."""
    if instance.kind == Evaluation.Kind.DEPARTMENT:
        return dept_officer_of(instance, user)
    return finance_of(instance, user)


class Evaluation(VersionedModel):
    """绩效评价 of every kind: self (自评), department (部门评价), fiscal (财政重点评价),
    re-evaluation (再评价) and spot check (抽查复核 re-scoring of another evaluation)."""

    class Kind(models.TextChoices):
        SELF = "self", _("绩效自评")
        DEPARTMENT = "department", _("部门评价")
        FISCAL = "fiscal", _("财政重点评价")
        RE_EVALUATION = "re_evaluation", _("再评价")
        SPOT_CHECK = "spot_check", _("抽查复核")

    class Status(models.TextChoices):
        # self-evaluation
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("待部门初审")
        DEPT_APPROVED = "dept_approved", _("待财政业务审核")
        BUSINESS_APPROVED = "business_approved", _("待财政技术审核")
        RETURNED = "returned", _("退回修改")
        ACCEPTED = "accepted", _("已审核")
        # department / fiscal evaluation and re-scoring
        PLANNED = "planned", _("已列入计划")
        IN_PROGRESS = "in_progress", _("评价中")
        JOINT_REVIEW = "joint_review", _("联评联审")
        FINAL = "final", _("已定稿")

    kind = models.CharField(_("评价类型"), max_length=16, choices=Kind.choices, default=Kind.SELF)
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    target = models.ForeignKey(
        Target,
        verbose_name=_("绩效目标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    name = models.CharField(_("名称"), max_length=200)
    is_department_overall = models.BooleanField(_("部门整体支出"), default=False)
    unit = models.ForeignKey(
        Organization, verbose_name=_("被评价单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("资金类别"), max_length=32, choices=Category.choices, blank=True)
    plan = models.ForeignKey(
        EvaluationPlan,
        verbose_name=_("评价计划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("评价指标体系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: For a spot check: the evaluation it re-scores.
    original = models.ForeignKey(
        "self",
        verbose_name=_("被复核的评价"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rechecks",
    )
    is_onsite = models.BooleanField(_("现场评价"), default=False)
    #: Flagged by audit or inspection: always evaluated on site [003 三(三)].
    flagged_by_audit = models.BooleanField(_("审计或督查发现问题"), default=False)
    #: A major reform project: a preferred candidate of a department's plan [003 三(二)].
    is_major_reform = models.BooleanField(_("重大改革发展项目"), default=False)
    # The self-evaluation scoring scheme it was scored under (snapshot of budgets.policy.SelfEvaluation)
    policy_version = models.PositiveIntegerField(_("评分所依据的政策版本"), null=True, blank=True)
    scheme_data = models.JSONField(_("评分规则快照"), default=dict, blank=True)
    # Money (self-evaluation: computed from Allocation/Expenditure, frozen at submission)
    initial_budget = models.DecimalField(_("年初预算数（元）"), default=Decimal("0"), **MONEY)
    annual_budget = models.DecimalField(_("全年预算数（元）"), default=Decimal("0"), **MONEY)
    spent = models.DecimalField(_("全年执行数（元）"), default=Decimal("0"), **MONEY)
    execution_rate = models.DecimalField(
        _("执行率（%）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    execution_score = models.DecimalField(_("预算执行率得分"), null=True, blank=True, **SCORE)
    execution_explanation = models.TextField(_("执行率偏低原因"), blank=True)
    # 年度总体目标 expected vs actual
    goal_expected = models.TextField(_("年度总体目标（预期）"), blank=True)
    goal_actual = models.TextField(_("年度总体目标实际完成情况"), blank=True)
    # Result
    total_score = models.DecimalField(_("总分"), null=True, blank=True, **SCORE)
    grade = models.CharField(_("评价等级"), max_length=16, blank=True)
    grade_label = models.CharField(_("评价等级名称"), max_length=8, blank=True)
    violation = models.BooleanField(_("存在违规问题"), default=False)
    violation_note = models.TextField(_("违规问题说明（挤占、挪用等）"), blank=True)
    downgraded = models.BooleanField(_("已降档"), default=False)
    findings = models.TextField(_("主要问题"), blank=True)
    recommendations = models.TextField(_("意见建议"), blank=True)
    status = FSMField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, protected=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("绩效评价")
        verbose_name_plural = _("绩效评价")
        ordering = ["-year", "department_id", "unit_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target"], condition=Q(kind="self"), name="one_self_evaluation_per_target"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "year", "kind", "status"]),
            models.Index(fields=["department", "year", "kind", "status"]),
            models.Index(fields=["region", "year", "kind", "status"]),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} · {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.kind == self.Kind.SELF and self.status in (self.Status.DRAFT, self.Status.RETURNED)

    # Self-evaluation: unit → department (初审) → finance 业务 → finance 技术 [003 三(一)]

    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.SUBMITTED,
        conditions=[_self],
        permission=_declarer_of,
    )
    def submit(self, user=None, comment="", **kwargs):
        """单位报送; refused while evaluation.selfeval.submission_errors() finds a gap; the money
        and the score are frozen."""
        from evaluation.selfeval import before_submit

        before_submit(self)

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.DEPT_APPROVED,
        conditions=[_self],
        permission=dept_officer_of,
    )
    def dept_approve(self, user=None, comment="", **kwargs):
        """主管部门初审通过."""

    @transition(
        field=status,
        source=Status.DEPT_APPROVED,
        target=Status.BUSINESS_APPROVED,
        conditions=[_self],
        permission=finance_of,
    )
    def business_approve(self, user=None, comment="", **kwargs):
        """财政业务审核通过 (the division that manages the department)."""

    @transition(
        field=status,
        source=Status.BUSINESS_APPROVED,
        target=Status.ACCEPTED,
        conditions=[_self],
        permission=finance_admin_of,
    )
    def accept(self, user=None, comment="", **kwargs):
        """财政技术审核通过 (绩效管理处): the self-evaluation is final."""

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        conditions=[_self],
        permission=dept_officer_of,
    )
    def dept_return(self, user=None, comment="", **kwargs):
        """主管部门退回."""

    @transition(
        field=status,
        source=[Status.DEPT_APPROVED],
        target=Status.RETURNED,
        conditions=[_self],
        permission=finance_of,
    )
    def business_return(self, user=None, comment="", **kwargs):
        """财政业务审核退回."""

    @transition(
        field=status,
        source=[Status.BUSINESS_APPROVED],
        target=Status.RETURNED,
        conditions=[_self],
        permission=finance_admin_of,
    )
    def technical_return(self, user=None, comment="", **kwargs):
        """财政技术审核退回."""

    # Department / fiscal evaluation and re-evaluation

    @transition(
        field=status,
        source=Status.PLANNED,
        target=Status.IN_PROGRESS,
        conditions=[_external],
        permission=_evaluator_of,
    )
    def start(self, user=None, comment="", **kwargs):
        """开始评价 (after experts or an agency are assigned)."""

    @transition(
        field=status,
        source=Status.IN_PROGRESS,
        target=Status.JOINT_REVIEW,
        conditions=[_external],
        permission=_evaluator_of,
    )
    def to_joint_review(self, user=None, comment="", **kwargs):
        """报告初稿提交联评联审."""

    @transition(
        field=status,
        source=Status.JOINT_REVIEW,
        target=Status.IN_PROGRESS,
        conditions=[_external],
        permission=_evaluator_of,
    )
    def back_to_work(self, user=None, comment="", **kwargs):
        """联评联审意见退回修改."""

    @transition(
        field=status,
        source=Status.JOINT_REVIEW,
        target=Status.FINAL,
        conditions=[_external],
        permission=_evaluator_of,
    )
    def finalize(self, user=None, comment="", **kwargs):
        """定稿: the report becomes immutable [004 第四十四条 (二)]."""
        from evaluation.external import before_finalize

        before_finalize(self, user)

    def after_transition(self, name, user, source, target, comment):
        from evaluation.selfeval import after_transition

        after_transition(self, name, user, comment)


class SelfEvaluationRow(models.Model):
    """One indicator row of the 项目支出绩效自评表: 年度指标值, 实际完成值, 分值, 得分 (computed),
    偏差原因分析及改进措施 [财预〔2020〕10号]."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="rows"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("绩效指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    level1 = models.CharField(_("一级指标"), max_length=16, choices=Level1.choices)
    level2 = models.CharField(_("二级指标"), max_length=32, blank=True)
    name = models.CharField(_("三级指标"), max_length=100)
    comparator = models.CharField(_("比较方式"), max_length=16, choices=Comparator.choices)
    target_value = models.DecimalField(
        _("年度指标值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_text = models.CharField(_("年度指标值（定性）"), max_length=100, blank=True)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    weight = models.DecimalField(_("申报分值"), null=True, blank=True, **SCORE)
    actual_value = models.DecimalField(
        _("实际完成值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    actual_text = models.CharField(_("实际完成情况"), max_length=200, blank=True)
    not_applicable = models.BooleanField(_("不适用"), default=False)
    band = models.CharField(_("定性评价档次"), max_length=16, blank=True)
    achievement = models.DecimalField(
        _("定性完成程度"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    deviation_reason = models.TextField(_("偏差原因分析及改进措施"), blank=True)
    # Computed by evaluation.scoring
    points = models.DecimalField(_("分值"), null=True, blank=True, **SCORE)
    score = models.DecimalField(_("得分"), null=True, blank=True, **SCORE)
    formula = models.CharField(_("计算过程"), max_length=255, blank=True)
    rule = models.CharField(_("依据"), max_length=255, blank=True)
    #: From a historical import: the score printed in the workbook, to compare with `score`.
    published_score = models.DecimalField(_("原表得分"), null=True, blank=True, **SCORE)

    class Meta:
        verbose_name = _("自评指标")
        verbose_name_plural = _("自评指标")
        ordering = ["evaluation", "order", "id"]


def attachment_path(instance, filename):
    return f"evaluation/{instance.evaluation_id}/{filename}"


class Attachment(models.Model):
    """An evidence file of a self-evaluation row, or a file of a work record; stored with its
    SHA-256."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="attachments"
    )
    row = models.ForeignKey(
        SelfEvaluationRow,
        verbose_name=_("自评指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    record = models.ForeignKey(
        "WorkRecord",
        verbose_name=_("工作记录"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["evaluation", "uploaded_at", "id"]

    def __str__(self):
        return self.name


# --- experts ---------------------------------------------------------------------------------------


class ExpertProfile(models.Model):
    """An expert of the pool (专家库) or a third-party agency's staff member [财预〔2021〕6号]."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="expert_profile",
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    expertise = models.CharField(_("专业领域"), max_length=200, blank=True)
    title = models.CharField(_("职称"), max_length=64, blank=True)
    #: Where the expert works; an expert of the evaluated unit's organization may not evaluate it.
    employer = models.ForeignKey(
        Organization,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Organization,
        verbose_name=_("所属第三方机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Organizations the expert declared a conflict of interest with (回避) [财预〔2021〕6号].
    declared_conflicts = models.ManyToManyField(
        Organization, verbose_name=_("申报回避单位"), blank=True, related_name="+"
    )
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self):
        return str(self.user)


class Assignment(models.Model):
    """An expert (or a third-party agency's staff member) assigned to an evaluation; the conflict
    of interest check runs before it is saved (evaluation.experts.assign)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("组长")
        MEMBER = "member", _("成员")
        AGENCY = "agency", _("第三方机构")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    agency = models.ForeignKey(
        Organization,
        verbose_name=_("第三方机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("有效"), default=True)
    no_conflict_declared = models.BooleanField(_("已声明无利益冲突"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指派人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("评分提交时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价指派")
        verbose_name_plural = _("评价指派")
        ordering = ["evaluation", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "expert"], name="assignment_once")]

    def __str__(self):
        return f"{self.expert} · {self.evaluation}"


class ExpertScore(models.Model):
    """One expert's score of one level-3 criterion; hidden from the others until submitted."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("评价指派"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("评价指标"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("得分"), **SCORE)
    comment = models.TextField(_("评分说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="expert_score_once")]


class CriterionResult(models.Model):
    """The panel's agreed score of a criterion (after every expert submitted)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="criterion_results"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("评价指标"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("认定得分"), **SCORE)
    comment = models.TextField(_("认定说明"), blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fixed_at = models.DateTimeField(_("认定时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标认定得分")
        verbose_name_plural = _("指标认定得分")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="criterion_result_once")
        ]


class WorkRecord(models.Model):
    """评价工作记录: plan, off-site review, on-site visit, exchange of opinions, draft report,
    joint review (联评联审) comments [004 第三十四条]."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("评价工作方案")
        OFFSITE = "offsite", _("非现场评审")
        ONSITE = "onsite", _("现场评价")
        EXCHANGE = "exchange", _("与被评价单位交换意见")
        DRAFT_REPORT = "draft_report", _("报告初稿")
        JOINT_REVIEW = "joint_review", _("联评联审意见")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="work_records"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    people = models.CharField(_("参加人员"), max_length=500, blank=True)
    content = models.TextField(_("内容与发现"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价工作记录")
        verbose_name_plural = _("评价工作记录")
        ordering = ["evaluation", "date", "id"]


class FinalReportImmutable(Exception):
    pass


class EvaluationReport(VersionedModel):
    """评价报告, versioned. A final version never changes [004 第四十四条 (二)]: a correction is a
    new version with its reason; earlier versions stay visible; the PDF is stored with its SHA-256."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FINAL = "final", _("定稿")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效评价"), on_delete=models.PROTECT, related_name="reports"
    )
    number = models.PositiveSmallIntegerField(_("版本号"), default=1)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("基本情况"), blank=True)
    findings = models.TextField(_("主要问题"), blank=True)
    recommendations = models.TextField(_("意见建议"), blank=True)
    total_score = models.DecimalField(_("总分"), null=True, blank=True, **SCORE)
    grade_label = models.CharField(_("评价等级"), max_length=8, blank=True)
    reason = models.TextField(_("更正原因"), blank=True)
    file = models.FileField(_("报告文件"), upload_to="evaluation/reports/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编制人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finalized_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价报告")
        verbose_name_plural = _("评价报告")
        ordering = ["evaluation", "-number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="report_version_once")]

    def __str__(self):
        return f"{self.evaluation.name} v{self.number}"

    def save(self, *args, **kwargs):
        """A final report is refused any change; only its rendered file and hash may be filled once."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values("status", "file", "sha256").first()
            if stored and stored["status"] == self.Status.FINAL:
                fields = set(kwargs.get("update_fields") or [])
                filling_file = fields and fields <= {"file", "sha256"} and not stored["sha256"]
                if not filling_file:
                    raise FinalReportImmutable(_("定稿的评价报告不能修改，请新建更正版本。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.FINAL:
            raise FinalReportImmutable(_("定稿的评价报告不能删除。"))
        return super().delete(*args, **kwargs)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


# --- spot checks -----------------------------------------------------------------------------------


class SpotCheckQuerySet(models.QuerySet):
    """A spot check is the finance bureau's own work: its finance staff, leaders and auditors see
    it; departments see their own items (SpotCheckItem), never the sample as a whole."""

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.is_empty or not scope.region_ids:
            return self.none()
        return self.filter(region_id__in=scope.region_ids)


class SpotCheck(models.Model):
    """抽查复核 [002 三(四)][003 三(五)]: a reproducible, risk-weighted sample of departments whose
    self- and department evaluations finance re-scores. The seed is recorded: drawing again with
    it gives the same sample."""

    class Status(models.TextChoices):
        DRAWN = "drawn", _("已抽取")
        IN_PROGRESS = "in_progress", _("复核中")
        DONE = "done", _("已完成")

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.PROTECT, related_name="spot_checks"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    seed = models.BigIntegerField(_("随机种子"))
    share = models.DecimalField(_("抽查比例"), max_digits=5, decimal_places=4)
    tolerance = models.DecimalField(_("分差容差（分）"), **SCORE)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAWN)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    objects = SpotCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查复核")
        verbose_name_plural = _("抽查复核")
        ordering = ["-year", "-drawn_at"]

    def __str__(self):
        return f"{self.year} {_('抽查复核')} #{self.pk}"


class SpotCheckItemQuerySet(ScopedQuerySet):
    unit_field = "department_id"


class SpotCheckItem(models.Model):
    """One evaluation re-scored in a spot check; flagged when the gap exceeds the tolerance or the
    grade differs [003 三(五)]."""

    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("抽查复核"), on_delete=models.CASCADE, related_name="items"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("被复核的评价"), on_delete=models.PROTECT, related_name="spot_check_items"
    )
    recheck = models.OneToOneField(
        Evaluation,
        verbose_name=_("复核评分"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    risk_reasons = models.JSONField(_("风险因素"), default=list, blank=True)
    original_score = models.DecimalField(_("原得分"), null=True, blank=True, **SCORE)
    original_grade = models.CharField(_("原等级"), max_length=8, blank=True)
    recheck_score = models.DecimalField(_("复核得分"), null=True, blank=True, **SCORE)
    recheck_grade = models.CharField(_("复核等级"), max_length=8, blank=True)
    gap = models.DecimalField(_("分差"), null=True, blank=True, **SCORE)
    flagged = models.BooleanField(_("差异较大"), default=False)
    note = models.TextField(_("复核意见"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    objects = SpotCheckItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查复核事项")
        verbose_name_plural = _("抽查复核事项")
        ordering = ["spot_check", "department_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "evaluation"], name="spot_check_item_once")
        ]


# --- historical import -----------------------------------------------------------------------------


class HistoricalImport(models.Model):
    """A folder of filled 自评表 workbooks imported for a past year (manage.py
    import_self_evaluations, or the upload page), with its report: per file the project, the
    published and the computed totals and grades, per row the published and computed scores."""

    class Status(models.TextChoices):
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    scoring_scheme = models.ForeignKey(
        ScoringScheme,
        verbose_name=_("评分规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    files_total = models.PositiveIntegerField(_("文件数"), default=0)
    files_imported = models.PositiveIntegerField(_("成功导入"), default=0)
    files_failed = models.PositiveIntegerField(_("未导入"), default=0)
    report = models.JSONField(_("导入报告"), default=dict, blank=True)
    report_csv = models.FileField(_("导入报告（CSV）"), upload_to="evaluation/imports/%Y/", blank=True)
    report_json = models.FileField(_("导入报告（JSON）"), upload_to="evaluation/imports/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史自评导入")
        verbose_name_plural = _("历史自评导入")
        ordering = ["-created_at"]
