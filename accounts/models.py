"""Regions, organizations, users and their roles: who is who, and who sees what (DESIGN.md §1)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    FINANCE_ADMIN = "finance_admin", _("财政绩效管理员")
    FINANCE_REVIEWER = "finance_reviewer", _("财政业务科室审核人")
    DEPT_OFFICER = "dept_officer", _("主管部门经办人")
    UNIT_OFFICER = "unit_officer", _("预算单位经办人")
    LEADER = "leader", _("领导")
    AUDITOR = "auditor", _("审计监督人员")
    EXPERT = "expert", _("评审专家/第三方机构人员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


#: 等保 三员分立: accounts and configuration / roles and security policy / the audit trail.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)
#: Roles that read the whole region but never change business data.
READ_ONLY_ROLES = frozenset({Role.LEADER, Role.AUDITOR})


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Region-wide roles see their regions; others the regions of the organizations they see."""
        from accounts.scoping import scope_of

        scope = scope_of(user)
        if scope.region_ids is not None:
            return self.filter(pk__in=scope.region_ids)
        return self.filter(
            pk__in=Organization.objects.visible_to(user).values("region_id"),
        )


class Region(models.Model):
    """行政区划, coded by GB/T 2260 (six digits)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（区）")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级次"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def subtree_ids(self) -> list[int]:
        """This region and every region below it (a few hundred at most, even for a province)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who sees which organizations [issue #2 scoping rules].

        Region-wide roles (finance admin, leader, auditor) → every organization of their regions;
        department officer and finance reviewer → their departments and the departments' units;
        unit officer → the unit and its department; everyone with a business role → their own
        organization (an expert sees their agency). 三员 see none here (they manage organizations
        through `organizations_manageable_by`).
        """
        from accounts.scoping import scope_of

        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        if scope.region_ids is not None:
            return self.filter(region_id__in=scope.region_ids)
        q = models.Q(pk__in=scope.department_ids) | models.Q(pk__in=scope.unit_ids)
        q |= models.Q(parent_id__in=scope.department_ids)
        if scope.unit_ids:
            q |= models.Q(pk__in=Organization.objects.filter(pk__in=scope.unit_ids).values("parent_id"))
        if user.organization_id:
            q |= models.Q(pk=user.organization_id)
        return self.filter(q)


class Organization(models.Model):
    """财政局 → 主管部门 → 预算单位, and 第三方机构."""

    class Kind(models.TextChoices):
        FINANCE_BUREAU = "finance_bureau", _("财政局")
        DEPARTMENT = "department", _("主管部门")
        UNIT = "unit", _("预算单位")
        AGENCY = "agency", _("第三方机构")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("机构代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="organizations"
    )
    division = models.ForeignKey(
        "Division",
        verbose_name=_("归口业务科室"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="departments",
        help_text=_("主管部门由哪个财政业务科室归口管理"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        """The tree is bureau → department → unit; only a department has a managing division."""
        from django.core.exceptions import ValidationError

        errors = {}
        parent = self.parent
        if parent is not None:
            expected = {
                self.Kind.UNIT: self.Kind.DEPARTMENT,
                self.Kind.DEPARTMENT: self.Kind.FINANCE_BUREAU,
                self.Kind.FINANCE_BUREAU: self.Kind.FINANCE_BUREAU,
            }.get(self.kind)
            if self.pk and parent.pk == self.pk:
                errors["parent"] = _("上级机构不能是机构本身。")
            elif expected and parent.kind != expected:
                errors["parent"] = _("%(kind)s的上级机构应为%(expected)s。") % {
                    "kind": self.get_kind_display(),
                    "expected": self.Kind(expected).label,
                }
        elif self.kind == self.Kind.UNIT:
            errors["parent"] = _("预算单位必须隶属于一个主管部门。")
        if self.division_id:
            if self.kind != self.Kind.DEPARTMENT:
                errors["division"] = _("只有主管部门需要指定归口业务科室。")
            elif self.region_id and self.division.bureau.region_id != self.region_id:
                errors["division"] = _("归口业务科室须属于本级财政局。")
        if errors:
            raise ValidationError(errors)

    @property
    def department(self):
        """The competent department this organization belongs to (itself for a department)."""
        if self.kind == self.Kind.DEPARTMENT:
            return self
        if self.kind == self.Kind.UNIT:
            return self.parent
        return None


class Division(models.Model):
    """财政局业务科室 (e.g. 教科文科), which manages (归口) a set of departments."""

    bureau = models.ForeignKey(
        Organization,
        verbose_name=_("财政局"),
        on_delete=models.PROTECT,
        related_name="divisions",
        limit_choices_to={"kind": Organization.Kind.FINANCE_BUREAU},
    )
    name = models.CharField(_("名称"), max_length=64)

    class Meta:
        verbose_name = _("业务科室")
        verbose_name_plural = _("业务科室")
        ordering = ["bureau_id", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="division_unique_name")]

    def __str__(self):
        return f"{self.bureau.name}·{self.name}"


class User(AbstractUser):
    """A person with one organization and one or more roles (RoleAssignment)."""

    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username

    @property
    def roles(self) -> frozenset[str]:
        from accounts.scoping import scope_of

        return scope_of(self).roles

    def has_role(self, *roles) -> bool:
        return bool(self.roles & set(roles))


class RoleAssignment(models.Model):
    """A role held by a user at an organization; a finance reviewer's assignment names a division."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("业务科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewers",
    )
    granted_by = models.ForeignKey(
        User, verbose_name=_("授权人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="role_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class PasswordHistory(models.Model):
    """The hashes of a user's previous passwords, so the last five cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class ExpertAssignment(models.Model):
    """An expert or third-party staff member assigned to a project's assessment or evaluation.

    Experts see only what they are assigned to; later stages add the purpose they assign for.
    """

    expert = models.ForeignKey(
        User, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="expert_assignments"
    )
    project = models.ForeignKey(
        "budgets.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="expert_assignments"
    )
    purpose = models.CharField(_("任务"), max_length=64, blank=True)
    active = models.BooleanField(_("有效"), default=True)
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家指派")
        verbose_name_plural = _("专家指派")
        constraints = [
            models.UniqueConstraint(fields=["expert", "project", "purpose"], name="expert_assignment_unique"),
        ]
