"""Performance targets (绩效目标): the indicator library, targets with their indicators, reviews.

[004 第十九—二十四条]: 谁申请资金，谁设定目标 (the unit declares); 谁分配资金，谁审核目标 (the
department, then the finance division review 完整性/相关性/适当性/可行性); 谁批复预算，谁批复目标
(approved with the budget, then frozen); an adjustment follows the same process as a new version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.guards import dept_officer_of, finance_of, unit_officer_of
from accounts.models import Organization, Region, Role
from budgets.models import Category, FiscalYear, Project
from perfapp.scoping import ScopedQuerySet
from perfapp.workflow import VersionedModel


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="
    QUALITATIVE = "qualitative", _("定性")


QUALITATIVE_GRADES = ("好", "较好", "一般", "差")
#: Project statuses that count as "in the library" (入库 and after).
LIBRARY_STATUSES = (Project.Status.ADMITTED, Project.Status.IN_PROGRESS, Project.Status.COMPLETED)


class Level1(models.TextChoices):
    """Level-1 indicator groups; which of them a year uses is Policy data (targets.framework)."""

    OUTPUT = "output", _("产出指标")
    OUTCOME = "outcome", _("效益指标")
    SATISFACTION = "satisfaction", _("满意度指标")
    COST = "cost", _("成本指标")


#: Level-2 names under each level-1 group, per framework [财预〔2020〕10号; 财预〔2021〕101号].
FRAMEWORKS: dict[str, dict[str, tuple[str, ...]]] = {
    "2020": {
        Level1.OUTPUT: ("数量指标", "质量指标", "时效指标", "成本指标"),
        Level1.OUTCOME: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        Level1.SATISFACTION: ("服务对象满意度指标",),
    },
    "2021": {
        Level1.OUTPUT: ("数量指标", "质量指标", "时效指标"),
        Level1.COST: ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        Level1.OUTCOME: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        Level1.SATISFACTION: ("服务对象满意度指标",),
    },
}


class IndicatorTemplateQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(status=IndicatorTemplate.Status.CONFIRMED)

    def search(self, text="", category="", level1=""):
        qs = self.usable()
        if text:
            qs = qs.filter(
                Q(name__icontains=text) | Q(level2__icontains=text) | Q(definition__icontains=text)
            )
        if category:
            qs = qs.filter(Q(categories__contains=[category]) | Q(categories=[]))
        if level1:
            qs = qs.filter(level1=level1)
        return qs


class IndicatorTemplate(models.Model):
    """绩效指标库 entry. Finance keeps the common library; departments propose additions."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已驳回")

    level1 = models.CharField(_("一级指标"), max_length=16, choices=Level1.choices)
    level2 = models.CharField(_("二级指标"), max_length=32)
    name = models.CharField(_("三级指标"), max_length=100)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    comparator = models.CharField(
        _("指标性质"), max_length=16, choices=Comparator.choices, default=Comparator.GTE
    )
    definition = models.TextField(_("指标解释"), blank=True)
    data_source = models.CharField(_("数据来源"), max_length=100, blank=True)
    categories = models.JSONField(_("适用资金类别"), default=list, blank=True)
    function_codes = models.JSONField(_("适用功能分类"), default=list, blank=True)
    project_kinds = models.JSONField(_("适用项目类型"), default=list, blank=True)
    #: {"industry": "...", "plan": "...", "history": "..."}
    reference_values = models.JSONField(_("参考值"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    proposed_by = models.ForeignKey(
        Organization,
        verbose_name=_("提议部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_reason = models.CharField(_("驳回理由"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = IndicatorTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("绩效指标库")
        verbose_name_plural = _("绩效指标库")
        ordering = ["level1", "level2", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["level1", "level2", "name", "unit"], name="indicator_template_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_level1_display()}/{self.level2}/{self.name}"


class TargetQuerySet(ScopedQuerySet):
    expert_path = "project"

    def for_list(self):
        # A correlated count, not Count("indicators"): a join + GROUP BY counts every filtered
        # target's indicators before LIMIT (3.4 s for the city-scale target list, make bench).
        counts = (
            Indicator.objects.filter(target=models.OuterRef("pk"))
            .order_by()
            .values("target")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.select_related("project", "unit", "department").annotate(
            indicator_count=Coalesce(models.Subquery(counts), 0)
        )

    def current(self):
        """The latest version of each target (earlier versions stay for comparison).

        NOT EXISTS a newer version, not `superseded_by__isnull`: Django writes that as a LEFT JOIN
        … IS NULL on the newer version's id, which PostgreSQL cannot turn into an anti-join, so a
        list read in index order up to its LIMIT became a hash join over two Seq Scans of every
        target (make bench, /targets/)."""
        return self.filter(~models.Exists(Target.objects.filter(previous_id=models.OuterRef("pk"))))

    def approved(self):
        return self.filter(status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED])


def _unit_officer_of(instance, user):
    """The declaring officer: the unit's officer, or for a department's overall target (its `unit`
    is the department itself) the department's officer [004 第十九条 谁申请资金，谁设定目标]."""
    if instance.kind == Target.Kind.DEPARTMENT and instance.unit_id == instance.department_id:
        return dept_officer_of(instance, user)
    return unit_officer_of(instance, user)


def is_declarer(user, target) -> bool:
    """Whether `user` declares (creates, edits, submits, adjusts) `target`."""
    return _unit_officer_of(target, user)


def declaring_department(user):
    """The department a department officer declares the overall target for (its own), or None."""
    from accounts.scoping import scope_of

    org = user.organization
    if (
        org is None
        or org.kind != Organization.Kind.DEPARTMENT
        or Role.DEPT_OFFICER not in user.roles
        or org.pk not in scope_of(user).department_ids
    ):
        return None
    return org


#: Project statuses a target may be declared for: in the library or being declared [004 第十九条].
DECLARABLE_PROJECT_STATUSES = (
    Project.Status.DRAFT,
    Project.Status.SUBMITTED,
    Project.Status.DEPT_APPROVED,
    Project.Status.RETURNED,
    *LIBRARY_STATUSES,
)


def default_amount(project, year: int) -> Decimal:
    """The amount a project target starts with: the project's 全年预算数 for the year where
    allocations exist, else the project's total amount."""
    from budgets.models import project_year_totals

    budget = project_year_totals([project.pk], year)[project.pk]["budget"]
    return budget if budget else project.total_amount


def can_edit_target(user, target) -> tuple[bool, str]:
    """The declarer edits while the target is 填报中, 退回修改 or 按意见完善; an approved target is
    frozen [004 第二十二条] and changes only through an adjustment (a new version)."""
    if not is_declarer(user, target):
        return False, _("只有填报单位的经办人可以修改绩效目标。")
    if target.is_frozen:
        return False, _("绩效目标已批复，不能修改；如需变更请发起调整。")
    if not target.is_editable:
        return False, _("绩效目标处于“%(s)s”状态，不能修改。") % {"s": target.get_status_display()}
    if Target.objects.filter(previous=target).exists():
        return False, _("该版本已被新版本取代，不能修改。")
    return True, ""


class Target(VersionedModel):
    """绩效目标 of a project-year, of a department's overall spending, or of a policy."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("项目支出绩效目标")
        DEPARTMENT = "department", _("部门整体支出绩效目标")
        POLICY = "policy", _("政策绩效目标")

    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("待部门初审")
        DEPT_APPROVED = "dept_approved", _("待财政审核")
        FIXES_REQUIRED = "fixes_required", _("按意见完善")
        RETURNED = "returned", _("退回修改")
        BLOCKED = "blocked", _("审核未通过")
        APPROVED = "approved", _("已批复")
        PUBLISHED = "published", _("已公开")

    kind = models.CharField(_("目标类型"), max_length=16, choices=Kind.choices, default=Kind.PROJECT)
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    name = models.CharField(_("名称"), max_length=200)
    unit = models.ForeignKey(
        Organization, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="targets"
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        related_name="department_targets",
        editable=False,
    )
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    category = models.CharField(
        _("资金类别"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    overall_goal = models.TextField(_("年度总体目标"))
    period_goal = models.TextField(_("实施期总体目标"), blank=True)
    amount = models.DecimalField(
        _("年度资金总额（元）"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    is_special_fund = models.BooleanField(_("专项资金"), default=False)
    #: 两上两下 [000 #14]: which round of submission a special fund is in.
    review_round = models.PositiveSmallIntegerField(_("审核轮次"), default=1)
    adjustment_no = models.PositiveSmallIntegerField(_("调整版本号"), default=0)
    adjustment_reason = models.TextField(_("调整原因"), blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    is_secret = models.BooleanField(_("涉密"), default=False)
    disclose = models.BooleanField(_("公开"), default=True)
    grade = models.CharField(_("审核等级"), max_length=4, blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("绩效目标")
        verbose_name_plural = _("绩效目标")
        ordering = ["-year", "unit_id", "id"]
        indexes = [
            models.Index(fields=["unit", "year", "status"]),
            models.Index(fields=["department", "year", "status"]),
            models.Index(fields=["region", "year", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="department") | Q(project__isnull=False), name="target_project_required"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    def save(self, *args, **kwargs):
        self.department_id = self.unit.parent_id if self.unit.kind == Organization.Kind.UNIT else self.unit_id
        self.region_id = self.unit.region_id
        super().save(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        """[004 第二十二条] an approved target is frozen; only an adjustment (new version) changes it."""
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED, self.Status.FIXES_REQUIRED)

    def after_transition(self, name, user, source, target, comment):
        """Called by perfapp.workflow.perform: tell the next person what waits for them."""
        from targets.todo import notify_transition

        notify_transition(self, name, user, comment)

    # Transitions (targets/review.py holds the rules that decide between them).
    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED, Status.FIXES_REQUIRED],
        target=Status.SUBMITTED,
        permission=_unit_officer_of,
    )
    def submit(self, user=None, comment="", **kwargs):
        """单位申报 [004 第十九条]; refused while targets.validation finds errors."""
        from perfapp.workflow import TransitionRefused
        from targets.validation import submission_errors

        errors = submission_errors(self)
        if errors:
            raise TransitionRefused("；".join(errors), code="invalid")

    @transition(
        field=status, source=Status.FIXES_REQUIRED, target=Status.DEPT_APPROVED, permission=_unit_officer_of
    )
    def submit_fixes(self, user=None, comment="", **kwargs):
        """良: the unit makes the agreed fixes and the target goes back to finance, not to 初审."""
        from perfapp.workflow import TransitionRefused
        from targets.validation import submission_errors

        errors = submission_errors(self)
        if errors:
            raise TransitionRefused("；".join(errors), code="invalid")

    @transition(
        field=status, source=Status.SUBMITTED, target=Status.DEPT_APPROVED, permission=dept_officer_of
    )
    def dept_approve(self, user=None, comment="", **kwargs):
        """主管部门初审通过."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED, permission=dept_officer_of)
    def dept_return(self, user=None, comment="", **kwargs):
        """主管部门初审退回."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.APPROVED, permission=finance_of)
    def approve(self, user=None, comment="", **kwargs):
        """财政审核 优 (or 良 once the agreed fixes are made): approved with the budget and frozen
        [004 第二十二条]. A project target is approved only for a project in the library."""
        from perfapp.workflow import TransitionRefused

        if self.project_id and self.project.status not in LIBRARY_STATUSES:
            raise TransitionRefused(_("项目尚未入库，不能批复其绩效目标。"), code="blocked")

    @transition(
        field=status,
        source=Status.DEPT_APPROVED,
        target=Status.FIXES_REQUIRED,
        permission=finance_of,
    )
    def require_fixes(self, user=None, comment="", **kwargs):
        """财政审核 良: proceeds after the agreed fixes are made [财预〔2015〕88号]."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.RETURNED, permission=finance_of)
    def finance_return(self, user=None, comment="", **kwargs):
        """财政审核 中 (or a 两上两下 first round): returned for resubmission."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.BLOCKED, permission=finance_of)
    def block(self, user=None, comment="", **kwargs):
        """财政审核 差: cannot proceed to the budget [001][002]."""

    @transition(field=status, source=Status.APPROVED, target=Status.PUBLISHED, permission=finance_of)
    def publish(self, user=None, comment="", **kwargs):
        """随预算公开 [004 第二十三条]."""


class Indicator(models.Model):
    """绩效指标 of a target."""

    target = models.ForeignKey(
        Target, verbose_name=_("绩效目标"), on_delete=models.CASCADE, related_name="indicators"
    )
    template = models.ForeignKey(
        IndicatorTemplate,
        verbose_name=_("指标库模板"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level1 = models.CharField(_("一级指标"), max_length=16, choices=Level1.choices)
    level2 = models.CharField(_("二级指标"), max_length=32)
    name = models.CharField(_("三级指标"), max_length=100)
    comparator = models.CharField(
        _("指标性质"), max_length=16, choices=Comparator.choices, default=Comparator.GTE
    )
    target_value = models.DecimalField(_("指标值"), max_digits=18, decimal_places=4, null=True, blank=True)
    qualitative_value = models.CharField(_("定性指标值"), max_length=100, blank=True)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, null=True, blank=True)
    last_year_actual = models.DecimalField(
        _("上年实际值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    data_source = models.CharField(_("数据来源"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("绩效指标")
        verbose_name_plural = _("绩效指标")
        ordering = ["target", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def is_quantitative(self) -> bool:
        return self.comparator != Comparator.QUALITATIVE

    @property
    def value_display(self) -> str:
        if not self.is_quantitative:
            return self.qualitative_value
        if self.target_value is None:
            return ""
        value = self.target_value.normalize()
        text = format(value, "f")
        return f"{self.get_comparator_display()}{text}{self.unit}"


class TargetReview(models.Model):
    """A review opinion [004 第二十条]: 完整性, 相关性, 适当性, 可行性, and a grade 优/良/中/差."""

    class Stage(models.TextChoices):
        DEPARTMENT = "department", _("主管部门初审")
        FINANCE = "finance", _("财政审核")

    class Grade(models.TextChoices):
        EXCELLENT = "优", _("优")
        GOOD = "良", _("良")
        FAIR = "中", _("中")
        POOR = "差", _("差")

    target = models.ForeignKey(
        Target, verbose_name=_("绩效目标"), on_delete=models.CASCADE, related_name="reviews"
    )
    stage = models.CharField(_("审核环节"), max_length=16, choices=Stage.choices)
    review_round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completeness = models.TextField(_("完整性"), blank=True)
    relevance = models.TextField(_("相关性"), blank=True)
    appropriateness = models.TextField(_("适当性"), blank=True)
    feasibility = models.TextField(_("可行性"), blank=True)
    grade = models.CharField(_("审核等级"), max_length=4, choices=Grade.choices, blank=True)
    approved = models.BooleanField(_("通过"), default=False)
    comment = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("绩效目标审核意见")
        verbose_name_plural = _("绩效目标审核意见")
        ordering = ["target", "created_at", "id"]
