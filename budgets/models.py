"""Fiscal years and their Policy, the project library (项目库), allocations and expenditures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.guards import dept_officer_of, finance_of, unit_officer_of
from accounts.models import Organization, Region, Role
from budgets.policy import PolicyData
from perfapp.scoping import ScopedQuerySet
from perfapp.workflow import VersionedModel

MONEY = {"max_digits": 16, "decimal_places": 2}


class FiscalYearQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Region-wide roles see the years of their regions; other business roles (department and
        unit officers, reviewers, experts) see the years of their own organizations' regions, so
        they can read the rules and deadlines that apply to them. 三员 see none."""
        from accounts.scoping import scope_of

        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        q = Q(region__organizations__pk__in=scope.organization_ids)
        if scope.region_ids is not None:
            q |= Q(region_id__in=scope.region_ids)
        return self.filter(q).distinct()


#: Stages dated in the year after the fiscal year they concern (evaluation of a finished year).
EVALUATED_NEXT_YEAR = {"self_evaluation": 1, "department_evaluation": 1, "fiscal_evaluation": 1}


class FiscalYear(models.Model):
    """预算年度 of one region; holds the year's Policy versions and Deadlines."""

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="fiscal_years"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    is_current = models.BooleanField(_("当前年度"), default=False)

    objects = FiscalYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算年度")
        verbose_name_plural = _("预算年度")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="fiscal_year_unique")]

    def __str__(self):
        return f"{self.region.name} {self.year}年度"

    @cached_property
    def policy_row(self) -> Policy:
        return self.policies.order_by("-version").first() or Policy(fiscal_year=self, version=0, data={})

    @property
    def policy(self) -> PolicyData:
        """The rules in force now (the latest version)."""
        return self.policy_row.rules

    def policy_at(self, when: datetime.date) -> PolicyData:
        row = self.policies.filter(effective_from__lte=when).order_by("-version").first()
        return (row or self.policy_row).rules

    def add_policy_version(
        self,
        rules: PolicyData,
        user,
        *,
        seen_version: int | None,
        effective_from: datetime.date,
        comment: str = "",
        request=None,
    ) -> Policy:
        """Save `rules` as a NEW Policy version; the old versions stay as they were [DESIGN §4 Policy].

        Refused (PolicyError) when the rules do not validate; refused (StaleObject) when someone saved
        another version since `seen_version` was loaded. Audited as POLICY_CHANGED with the diff.
        """
        from django.db import transaction

        from budgets.policy import diff
        from perfapp import audit
        from perfapp.models import EventKind
        from perfapp.workflow import StaleObject

        rules.validate()
        with transaction.atomic():
            # Lock the year so two admins saving at once cannot both take the same version number.
            FiscalYear.objects.select_for_update().filter(pk=self.pk).first()
            latest = self.policies.order_by("-version").first()
            current_version = latest.version if latest else 0
            if seen_version is not None and int(seen_version) != current_version:
                raise StaleObject()
            old_data = latest.rules.to_dict() if latest else PolicyData().to_dict()
            new_data = rules.to_dict()
            row = Policy.objects.create(
                fiscal_year=self,
                version=current_version + 1,
                data=new_data,
                effective_from=effective_from,
                comment=comment,
                created_by=user,
            )
            changes = [{"key": k, "old": a, "new": b} for k, a, b in diff(old_data, new_data)]
            audit.record(
                EventKind.POLICY_CHANGED,
                user,
                row,
                summary=_("%(year)s 政策参数更新为第 %(version)s 版")
                % {"year": self, "version": row.version},
                data={"fiscal_year": self.pk, "version": row.version, "changes": changes},
                request=request,
            )
        self.__dict__.pop("policy_row", None)
        return row

    def create_default_deadlines(self, user=None, request=None) -> list[Deadline]:
        """Deadline rows for the stages the Policy dates (month-day), skipping stages already set.

        A year's spending is evaluated in the following year: its self-evaluation is due by the end
        of May [003 三(一)], department evaluations by July [003 三(二)] and fiscal ones by October
        [003 三(三)] of year + 1."""
        from budgets.policy import label_of, month_day
        from perfapp import audit
        from perfapp.models import EventKind

        existing = set(self.deadlines.values_list("stage", flat=True))
        created = []
        for name, value in self.policy.deadlines.__dict__.items():
            if name in existing or name not in Deadline.Stage.values:
                continue
            created.append(
                Deadline.objects.create(
                    fiscal_year=self,
                    stage=name,
                    name=label_of(f"deadlines.{name}"),
                    due=month_day(self.year + EVALUATED_NEXT_YEAR.get(name, 0), value),
                )
            )
        if created:
            audit.record(
                EventKind.CREATED,
                user,
                self,
                summary=_("按政策参数生成 %(n)s 个截止日期") % {"n": len(created)},
                data={"deadlines": [d.pk for d in created]},
                request=request,
            )
        return created


class Policy(models.Model):
    """One version of a year's rules. Never edited in place: a change is a new version [DESIGN §4]."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.CASCADE, related_name="policies"
    )
    version = models.PositiveIntegerField(_("版本"))
    data = models.JSONField(_("参数"), default=dict)
    effective_from = models.DateField(_("生效日期"), default=datetime.date.today)
    comment = models.CharField(_("修改说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("绩效管理政策参数")
        verbose_name_plural = _("绩效管理政策参数")
        ordering = ["fiscal_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "version"], name="policy_version_unique")
        ]

    def __str__(self):
        return f"{self.fiscal_year} v{self.version}"

    @cached_property
    def rules(self) -> PolicyData:
        return PolicyData.from_dict(self.data)


class Deadline(models.Model):
    """A stage's deadline in a year (target declaration, self-evaluation, …)."""

    class Stage(models.TextChoices):
        PROJECT_DECLARATION = "project_declaration", _("项目申报入库")
        TARGET_DECLARATION = "target_declaration", _("绩效目标申报")
        MONITORING = "monitoring", _("绩效运行监控")
        SELF_EVALUATION = "self_evaluation", _("绩效自评")
        DEPARTMENT_EVALUATION = "department_evaluation", _("部门评价")
        FISCAL_EVALUATION = "fiscal_evaluation", _("财政重点评价")
        OTHER = "other", _("其他")

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("预算年度"), on_delete=models.CASCADE, related_name="deadlines"
    )
    stage = models.CharField(_("环节"), max_length=32, choices=Stage.choices)
    name = models.CharField(_("名称"), max_length=100)
    due = models.DateField(_("截止日期"))
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("截止日期")
        verbose_name_plural = _("截止日期")
        ordering = ["due", "id"]

    def __str__(self):
        return f"{self.name}（{self.due:%Y-%m-%d}）"


class Category(models.TextChoices):
    """The seven fund categories of classified evaluation [000 #4–#10], plus 其他.

    #4 高质量发展专项资金, #5 重大项目资金 (政府投资项目、专项债券), #6 政务运行类, #7 城市运维类,
    #8 民生类, #9 应急稳定类, #10 政府投资基金.
    """

    HIGH_QUALITY = "high_quality", _("高质量发展专项资金")
    MAJOR_PROJECT = "major_project", _("重大项目资金")
    GOVERNMENT_OPERATION = "government_operation", _("政务运行类资金")
    URBAN_MAINTENANCE = "urban_maintenance", _("城市运维类资金")
    LIVELIHOOD = "livelihood", _("民生类资金")
    EMERGENCY = "emergency", _("应急稳定类资金")
    GOVERNMENT_FUND = "government_fund", _("政府投资基金")
    OTHER = "other", _("其他")


class BudgetType(models.TextChoices):
    GENERAL = "general", _("一般公共预算")
    GOVERNMENT_FUND = "government_fund", _("政府性基金预算")
    STATE_CAPITAL = "state_capital", _("国有资本经营预算")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险基金预算")


class FundSource(models.TextChoices):
    LOCAL = "local", _("本级财政")
    TRANSFER = "transfer", _("上级转移支付")
    SPECIAL_BOND = "special_bond", _("专项债券")
    GENERAL_BOND = "general_bond", _("一般债券")
    OTHER = "other", _("其他")


BOND_SOURCES = frozenset({FundSource.SPECIAL_BOND, FundSource.GENERAL_BOND})


class ProjectQuerySet(ScopedQuerySet):
    expert_path = ""

    def for_list(self):
        return self.select_related("unit", "department")

    def in_year(self, year: int):
        """Projects that run in `year` (by their period) or have money allocated in it."""
        allocated = Allocation.objects.filter(project_id=models.OuterRef("pk"), year=year)
        return self.filter(Q(start_year__lte=year, end_year__gte=year) | models.Exists(allocated))

    def awaiting(self, user):
        """What waits for `user`'s action in the library workflow (the to-do list)."""
        roles = user.roles
        q = Q(pk__in=[])
        if Role.UNIT_OFFICER in roles:
            q |= Q(status__in=[Project.Status.DRAFT, Project.Status.RETURNED])
        if Role.DEPT_OFFICER in roles:
            q |= Q(status=Project.Status.SUBMITTED)
        if roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER}:
            q |= Q(status=Project.Status.DEPT_APPROVED)
        return self.visible_to(user).filter(q)


class Project(VersionedModel):
    """项目库 entry: a multi-year project of one unit.

    Library workflow [issue #2; 004 第十五条]: the unit declares (储备 → 申报), the department
    reviews (初审: 初审通过 or 退回), finance admits (入库) or refuses (不予入库) or returns.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("储备")
        SUBMITTED = "submitted", _("申报")
        DEPT_APPROVED = "dept_approved", _("初审通过")
        RETURNED = "returned", _("退回")
        ADMITTED = "admitted", _("入库")
        REJECTED = "rejected", _("不予入库")
        IN_PROGRESS = "in_progress", _("执行中")
        COMPLETED = "completed", _("已完结")

    class Nature(models.TextChoices):
        NEW = "new", _("新增项目")
        CONTINUING = "continuing", _("延续项目")
        ADJUSTED = "adjusted", _("调整项目")

    code = models.CharField(_("项目编码"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("预算单位"),
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"kind": Organization.Kind.UNIT},
    )
    # Scope keys, copied from the unit on save so visible_to() is one indexed filter.
    department = models.ForeignKey(
        Organization,
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        related_name="department_projects",
        editable=False,
    )
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="projects", editable=False
    )
    category = models.CharField(
        _("资金类别"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    function_code = models.CharField(_("功能分类科目"), max_length=16, blank=True, help_text=_("如 2050201"))
    budget_type = models.CharField(
        _("预算类型"), max_length=32, choices=BudgetType.choices, default=BudgetType.GENERAL
    )
    fund_sources = models.JSONField(_("资金来源"), default=list, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("结束年度"))
    total_amount = models.DecimalField(
        _("项目总金额（元）"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    leader_name = models.CharField(_("项目负责人"), max_length=32)
    leader_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    nature = models.CharField(_("项目性质"), max_length=16, choices=Nature.choices, default=Nature.NEW)
    is_major = models.BooleanField(_("重大项目"), default=False, editable=False)
    description = models.TextField(_("项目概述"), blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目库")
        ordering = ["-start_year", "code"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["category"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="project_period_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        unit = self.unit
        self.department_id = unit.parent_id
        self.region_id = unit.region_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "department", "region", "is_major"}
        from budgets.library import is_major

        self.is_major = is_major(self)
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_bond_funded(self) -> bool:
        return bool(set(self.fund_sources or []) & BOND_SOURCES)

    def get_fund_sources_display(self) -> str:
        labels = dict(FundSource.choices)
        return "、".join(str(labels.get(s, s)) for s in self.fund_sources or [])

    # Transitions: one explicit method each (STYLE.md), guarded by role + scope and by state.
    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.SUBMITTED,
        permission=unit_officer_of,
    )
    def submit(self, user=None, comment=""):
        """预算单位申报."""

    @transition(
        field=status, source=Status.SUBMITTED, target=Status.DEPT_APPROVED, permission=dept_officer_of
    )
    def dept_approve(self, user=None, comment=""):
        """主管部门初审通过."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED, permission=dept_officer_of)
    def dept_return(self, user=None, comment=""):
        """主管部门初审退回."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.ADMITTED, permission=finance_of)
    def admit(self, user=None, comment=""):
        """财政审核入库; refused while budgets.library.admission_blockers() names a reason."""
        from budgets.library import admission_blockers
        from perfapp.workflow import TransitionRefused

        blockers = admission_blockers(self)
        if blockers:
            raise TransitionRefused("；".join(blockers), code="blocked")

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.RETURNED, permission=finance_of)
    def finance_return(self, user=None, comment=""):
        """财政审核退回，单位修改后重新申报."""

    @transition(field=status, source=Status.DEPT_APPROVED, target=Status.REJECTED, permission=finance_of)
    def reject(self, user=None, comment=""):
        """财政审核不予入库."""

    @transition(field=status, source=Status.ADMITTED, target=Status.IN_PROGRESS, permission=finance_of)
    def start(self, user=None, comment=""):
        """安排预算后开始执行; refused while budgets.library.start_blockers() names a reason."""
        from budgets.library import start_blockers
        from perfapp.workflow import TransitionRefused

        blockers = start_blockers(self)
        if blockers:
            raise TransitionRefused("；".join(blockers), code="blocked")

    @transition(field=status, source=Status.IN_PROGRESS, target=Status.COMPLETED, permission=finance_of)
    def complete(self, user=None, comment=""):
        """项目完结."""

    def after_transition(self, name, user, source, target, comment):
        from budgets.library import notify_transition

        notify_transition(self, name, user, comment)


class ImportBatch(models.Model):
    """One uploaded file of allocations or expenditures; the same file twice is refused (sha256)."""

    class Kind(models.TextChoices):
        ALLOCATIONS = "allocations", _("预算安排")
        EXPENDITURES = "expenditures", _("预算执行")

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("导入失败")

    kind = models.CharField(_("数据类型"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", blank=True)
    sha256 = models.CharField(_("文件指纹"), max_length=64, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Counts of the written rows: {"created", "updated", "skipped"} (skipped: same as stored).
    result = models.JSONField(_("导入结果"), default=dict, blank=True)
    #: The uploader's address, for the IMPORT audit event the worker writes later.
    uploaded_from = models.GenericIPAddressField(_("上传 IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    #: Touched on every progress update; a running batch whose heartbeat stopped was lost with its
    #: worker and may be claimed again (budgets.imports.claim_batch).
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    #: Raised by every claim; a run writes only while the batch still carries its own attempt.
    attempt = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sha256"],
                condition=Q(status="done"),
                name="import_batch_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}"


class ScopedByProject(models.Model):
    """Rows that belong to a project carry its scope keys, copied on save."""

    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False)
    department = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        abstract = True

    def copy_scope(self):
        project = self.project
        self.unit_id, self.department_id, self.region_id = (
            project.unit_id,
            project.department_id,
            project.region_id,
        )

    def save(self, *args, **kwargs):
        self.copy_scope()
        super().save(*args, **kwargs)


class ProjectChildQuerySet(ScopedQuerySet):
    expert_path = "project"


class Allocation(ScopedByProject):
    """预算安排: a project's money in one year from one fund source."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="allocations"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    fund_source = models.CharField(
        _("资金来源"), max_length=16, choices=FundSource.choices, default=FundSource.LOCAL
    )
    initial_amount = models.DecimalField(_("年初预算数（元）"), default=Decimal("0"), **MONEY)
    adjustment = models.DecimalField(_("调整数（元）"), default=Decimal("0"), **MONEY)
    total_amount = models.DecimalField(_("全年预算数（元）"), default=Decimal("0"), editable=False, **MONEY)
    #: 预算到项目: whether the money is assigned to this concrete project at the start of the year
    #: (vs. held back undistributed) [002 三(二)].
    detailed = models.BooleanField(_("已细化到项目"), default=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )

    objects = ProjectChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预算安排")
        verbose_name_plural = _("预算安排")
        ordering = ["project", "year", "fund_source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "fund_source"], name="allocation_unique"),
        ]
        indexes = [models.Index(fields=["department", "year"]), models.Index(fields=["region", "year"])]

    def __str__(self):
        return f"{self.project.code} {self.year} {self.get_fund_source_display()}"

    def save(self, *args, **kwargs):
        self.total_amount = (self.initial_amount or 0) + (self.adjustment or 0)
        super().save(*args, **kwargs)


class Expenditure(ScopedByProject):
    """预算执行: a dated payment, imported from the treasury (一体化系统)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="expenditures"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    date = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    fund_source = models.CharField(
        _("资金来源"), max_length=16, choices=FundSource.choices, default=FundSource.LOCAL
    )
    voucher = models.CharField(_("凭证号"), max_length=64)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="expenditures"
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("支出记录")
        verbose_name_plural = _("支出记录")
        ordering = ["project", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "voucher"], name="expenditure_voucher_unique")
        ]
        indexes = [
            models.Index(fields=["project", "year", "date"]),
            models.Index(fields=["department", "year"]),
            models.Index(fields=["region", "year"]),
        ]

    def __str__(self):
        return f"{self.voucher} {self.amount}"


def project_year_totals(project_ids, year: int, as_of: datetime.date | None = None) -> dict[int, dict]:
    """{project_id: {"budget": Decimal, "initial": Decimal, "spent": Decimal}} in two queries."""
    out = {
        pid: {"budget": Decimal("0"), "initial": Decimal("0"), "spent": Decimal("0")} for pid in project_ids
    }
    for row in (
        Allocation.objects.filter(project_id__in=project_ids, year=year)
        .values("project_id")
        .annotate(budget=Sum("total_amount"), initial=Sum("initial_amount"))
    ):
        out[row["project_id"]].update(budget=row["budget"], initial=row["initial"])
    spent = Expenditure.objects.filter(project_id__in=project_ids, year=year)
    if as_of:
        spent = spent.filter(date__lte=as_of)
    for row in spent.values("project_id").annotate(spent=Sum("amount")):
        out[row["project_id"]]["spent"] = row["spent"]
    return out


def today() -> datetime.date:
    return timezone.localdate()
