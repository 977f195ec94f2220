"""Scorecards: 部门预算管理工作评价 (a department's portrait) and 市县财政高质量发展评价 (a city's or
county's) [000 #1 #2] — positive indicators and deduction indicators, each with its points and a
scoring rule; computed from the system's own data or entered with evidence; ranked.

A published scorecard is frozen (indicators, entered values and the scores): a change is a copy
to a new draft version, which supersedes the old one when it is published.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from accounts.guards import finance_admin_of
from accounts.models import Organization, Region
from perfapp.workflow import VersionedModel

__all__ = ["Scorecard", "ScorecardIndicator", "ScoreEntry", "ScoreResult"]

POINTS = {"max_digits": 8, "decimal_places": 2}
VALUE = {"max_digits": 18, "decimal_places": 4}


def _user_fk(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _scope(user):
    from accounts.scoping import scope_of

    return scope_of(user)


class SubjectScopedQuerySet(models.QuerySet):
    """Rows about one subject (ScoreEntry, ScoreResult): the finance of the subject's region or of a
    region above it sees them (a city's finance sees its counties' rows on the province's
    scorecard); a department's officers (and the division that manages it) see only its own."""

    def visible_to(self, user):
        scope = _scope(user)
        if scope.is_empty:
            return self.none()
        q = Q(pk__in=[])
        if scope.region_ids is not None:
            q |= Q(subject_region_id__in=scope.region_ids)
        if scope.department_ids:
            q |= Q(department_id__in=scope.department_ids)
        return self.filter(q)


class ScorecardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The owning bureau's region (and the regions above it) see every version; a subject's
        people see a published scorecard on which they have a result."""
        scope = _scope(user)
        if scope.is_empty:
            return self.none()
        q = Q(pk__in=ScoreResult.objects.visible_to(user).values("scorecard_id")) & ~Q(
            status=Scorecard.Status.DRAFT
        )
        if scope.region_ids is not None:
            q |= Q(region_id__in=scope.region_ids)
        return self.filter(q)

    def current(self):
        """The version in force: published and not superseded."""
        return self.filter(status=Scorecard.Status.PUBLISHED)


class Scorecard(VersionedModel):
    """One year's scorecard of one kind, owned by the finance bureau of `region`."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("部门预算管理工作评价")
        REGION = "region", _("市县财政高质量发展评价")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        SUPERSEDED = "superseded", _("已被新版本取代")

    kind = models.CharField(_("评价类型"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("评价年度"), db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("组织评价的财政部门所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    subject_level = models.CharField(
        _("评价对象级次"),
        max_length=16,
        choices=[(Region.Level.CITY, _("市")), (Region.Level.COUNTY, _("县（区）"))],
        blank=True,
        help_text=_("市县评价：评价本区划以下哪一级的市或县（区）；部门评价留空（评价本级主管部门）"),
    )
    name = models.CharField(_("名称"), max_length=200)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    number = models.PositiveSmallIntegerField(_("版本号"), default=1)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    floor_at_zero = models.BooleanField(
        _("总分不低于 0"), default=True, help_text=_("扣分后总分最低为 0 分（取消勾选则允许负分）")
    )
    note = models.TextField(_("说明"), blank=True)
    computed_at = models.DateTimeField(_("计分时间"), null=True, blank=True)
    computed_by = _user_fk(_("计分人"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = _user_fk(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价计分表")
        verbose_name_plural = _("评价计分表")
        ordering = ["-year", "kind", "region_id", "-number"]
        indexes = [models.Index(fields=["region", "kind", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "subject_level", "year", "number"], name="scorecard_unique_version"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.name}（第{self.number}版）"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @transition(field=status, source=Status.DRAFT, target=Status.PUBLISHED, permission=finance_admin_of)
    def publish(self, user=None, comment="", **kwargs):
        """Publishing freezes the indicators, the entered values and the scores; the version it
        replaces is marked superseded (dashboards/scorecards.py publish() computes first)."""
        from django.utils import timezone

        self.published_at = timezone.now()
        self.same_series().filter(status=self.Status.PUBLISHED).exclude(pk=self.pk).update(
            status=self.Status.SUPERSEDED
        )

    def same_series(self, year: int | None = None):
        """The versions of this scorecard (of `year`, default its own): same region, kind and
        subject level."""
        return Scorecard.objects.filter(
            region_id=self.region_id,
            kind=self.kind,
            subject_level=self.subject_level,
            year=self.year if year is None else year,
        )


class ScorecardIndicator(models.Model):
    """A positive indicator (scores up to `points`) or a deduction indicator (subtracts up to
    `points`), computed from a registry measure or entered per subject; `rule` maps the value to
    points (see dashboards/scorecards.py score_value)."""

    class Kind(models.TextChoices):
        POSITIVE = "positive", _("正向指标")
        DEDUCTION = "deduction", _("减分指标")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("系统计算")
        ENTERED = "entered", _("填报（附佐证）")

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("评价计分表"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    kind = models.CharField(_("指标类型"), max_length=16, choices=Kind.choices, default=Kind.POSITIVE)
    group = models.CharField(_("指标类别"), max_length=64, blank=True, help_text=_("如：预算编制、执行管理"))
    name = models.CharField(_("指标名称"), max_length=100)
    points = models.DecimalField(_("分值"), **POINTS)
    source = models.CharField(_("数据来源"), max_length=16, choices=Source.choices, default=Source.COMPUTED)
    measure = models.CharField(_("计算口径"), max_length=48, blank=True)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    rule = models.JSONField(_("评分规则"), default=dict, blank=True)
    guidance = models.TextField(_("评分说明"), blank=True)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["scorecard_id", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def region_id(self):
        # finance_admin_of() reads the object's region.
        return self.scorecard.region_id


class SubjectRow(models.Model):
    """A row about one subject: a department (with its region) or a city or county."""

    department = models.ForeignKey(
        Organization,
        verbose_name=_("被评价部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_region = models.ForeignKey(
        Region, verbose_name=_("被评价区划"), on_delete=models.PROTECT, related_name="+"
    )

    objects = SubjectScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def subject_key(self) -> tuple[int, int | None]:
        return (self.subject_region_id, self.department_id)


class ScoreEntry(SubjectRow):
    """A value entered for one subject of an entered indicator, with its evidence."""

    indicator = models.ForeignKey(
        ScorecardIndicator, verbose_name=_("评价指标"), on_delete=models.CASCADE, related_name="entries"
    )
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="entries", editable=False)
    value = models.DecimalField(_("填报值"), **VALUE)
    evidence = models.FileField(_("佐证材料"), upload_to="dashboards/scorecards/%Y/", blank=True)
    note = models.TextField(_("说明"), blank=True)
    entered_by = _user_fk(_("填报人"))
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    class Meta:
        verbose_name = _("评价指标填报值")
        verbose_name_plural = _("评价指标填报值")
        ordering = ["indicator_id", "subject_region_id", "department_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "subject_region", "department"],
                name="score_entry_unique_subject",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.value}"

    def save(self, *args, **kwargs):
        self.scorecard_id = self.indicator.scorecard_id
        super().save(*args, **kwargs)


class ScoreResult(SubjectRow):
    """One subject's computed score on a scorecard: a snapshot (when, by whom) with each
    indicator's value, points and how they were computed (`details`)."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("评价计分表"), on_delete=models.CASCADE, related_name="results"
    )
    subject_name = models.CharField(_("评价对象"), max_length=128)
    positive = models.DecimalField(_("正向得分"), default=Decimal("0"), **POINTS)
    deduction = models.DecimalField(_("扣分"), default=Decimal("0"), **POINTS)
    total = models.DecimalField(_("总分"), default=Decimal("0"), **POINTS)
    rank = models.PositiveIntegerField(_("排名"), default=0)
    details = models.JSONField(_("各指标得分"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计分时间"))
    computed_by = _user_fk(_("计分人"))

    class Meta:
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        ordering = ["scorecard_id", "rank", "subject_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "subject_region", "department"],
                name="score_result_unique_subject",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.subject_name} {self.total}"
