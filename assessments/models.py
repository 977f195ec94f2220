"""事前绩效评估 (prior performance assessment) and 联合会审 (joint review) before the project library.

[002 三(一)] new major policies and projects are assessed before they may enter the library: 立项必要性,
投入经济性, 绩效目标合理性, 实施方案可行性, 筹资合规性 and the yearly spending needs (分年度支出需求);
a project not assessed, or assessed 差, does not enter the library or the budget.
[004 第十五条] which projects: new, much-changed and expiring-but-continuing major ones, bond-funded ones;
[004 第十六条] finance reviews every assessment and may order a re-assessment by a third party;
[000 #16 #20] new or increased projects of 30 million yuan or more: assessment and a joint review by
the budget (fund) management committee before the budget.

Which projects need what, and every refusal, live in assessments.rules; the expert panel in
assessments.experts. The scoring scheme (points and grade lines) is copied from the year's Policy
into `scheme` when the assessment is created, so a later Policy change never moves its scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.guards import dept_officer_of, finance_of, unit_officer_of
from accounts.models import Organization, Region
from accounts.scoping import scope_of
from budgets.models import MONEY, Project
from perfapp.scoping import ScopedQuerySet
from perfapp.workflow import VersionedModel

SCORE = {"max_digits": 7, "decimal_places": 2}


class Dimension(models.TextChoices):
    """The five things a prior assessment argues [002 三(一)][004 第十五条], in the Policy's order."""

    NECESSITY = "necessity", _("立项必要性")
    ECONOMY = "economy", _("投入经济性")
    TARGET = "target", _("绩效目标合理性")
    FEASIBILITY = "feasibility", _("实施方案可行性")
    FINANCING = "financing", _("筹资合规性")


class Conclusion(models.TextChoices):
    SUPPORT = "support", _("予以支持")
    SUPPORT_WITH_CHANGES = "support_with_changes", _("调整完善后予以支持")
    NOT_SUPPORTED = "not_supported", _("不予支持")


#: Conclusions that let a project into the library (the second with its required changes recorded).
SUPPORTIVE = frozenset({Conclusion.SUPPORT, Conclusion.SUPPORT_WITH_CHANGES})


class PriorAssessmentQuerySet(ScopedQuerySet):
    """Scoped like every business row (unit, department, division, region); an expert sees only the
    assessments they are assigned to, only while the assignment is active."""

    def visible_to(self, user):
        ordinary = super().visible_to(user)
        scope = scope_of(user)
        if scope.expert_user_id is None:
            return ordinary
        assigned = self.filter(
            pk__in=AssessmentExpertAssignment.objects.filter(
                expert_id=scope.expert_user_id, active=True
            ).values("assessment_id")
        )
        return ordinary | assigned

    def for_list(self):
        return self.select_related("project", "unit", "department")


def _declarer_of(instance, user) -> bool:
    """The unit that runs the project, or its competent department, submits the assessment."""
    return unit_officer_of(instance, user) or dept_officer_of(instance, user)


class PriorAssessment(VersionedModel):
    """事前绩效评估 of one project, argued by the unit and reviewed by finance.

    draft → submitted → under_review (财政审核) or reassessment (委托第三方/专家再评估 [004 第十六条])
    → concluded (予以支持 / 调整完善后予以支持 / 不予支持); finance may return it to the unit.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("待财政审核")
        UNDER_REVIEW = "under_review", _("财政审核中")
        REASSESSMENT = "reassessment", _("再评估中")
        RETURNED = "returned", _("退回修改")
        CONCLUDED = "concluded", _("已出具结论")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="prior_assessments"
    )
    year = models.PositiveSmallIntegerField(_("申报年度"), db_index=True)
    # Scope keys, copied from the project on save.
    unit = models.ForeignKey(
        Organization, verbose_name=_("预算单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("评估概述"), blank=True)
    #: {"points": {dimension: "20"}, "bands": [{"grade", "label", "min_score"}], "policy_version": n}
    scheme = models.JSONField(_("评分规则快照"), default=dict, blank=True)
    # Re-assessment by a third-party agency or an expert panel [004 第十六条].
    agency = models.ForeignKey(
        Organization,
        verbose_name=_("受托第三方机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.AGENCY},
    )
    reassessment_reason = models.TextField(_("再评估事由"), blank=True)
    # The panel's result, stored when the last expert submits (assessments.experts).
    expert_total = models.DecimalField(_("专家评分"), null=True, blank=True, **SCORE)
    expert_grade = models.CharField(_("专家评估等级"), max_length=16, blank=True)
    expert_grade_label = models.CharField(_("专家评估等级名称"), max_length=8, blank=True)
    # Finance's conclusion.
    conclusion = models.CharField(_("评估结论"), max_length=24, choices=Conclusion.choices, blank=True)
    conclusion_reasons = models.TextField(_("结论理由"), blank=True)
    required_changes = models.TextField(_("调整完善要求"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具结论人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
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

    objects = PriorAssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("事前绩效评估")
        verbose_name_plural = _("事前绩效评估")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            # One assessment in progress per project; a concluded one may be followed by a new one.
            models.UniqueConstraint(
                fields=["project"], condition=~Q(status="concluded"), name="one_open_assessment_per_project"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "year", "status"]),
            models.Index(fields=["department", "year", "status"]),
            models.Index(fields=["region", "year", "status"]),
            models.Index(fields=["project", "-created_at"]),
        ]

    def __str__(self):
        return _("%(name)s事前绩效评估") % {"name": self.project.name}

    def save(self, *args, **kwargs):
        project = self.project
        self.unit_id, self.department_id, self.region_id = (
            project.unit_id,
            project.department_id,
            project.region_id,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "unit", "department", "region"}
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_supportive(self) -> bool:
        return self.status == self.Status.CONCLUDED and self.conclusion in SUPPORTIVE

    # Transitions: one explicit method each (STYLE.md), guarded by role + scope and by state.

    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.SUBMITTED,
        permission=_declarer_of,
    )
    def submit(self, user=None, comment="", **kwargs):
        """单位（或主管部门）报送; refused while assessments.rules.submission_errors() finds a gap."""
        from assessments.rules import before_submit

        before_submit(self)

    @transition(field=status, source=Status.SUBMITTED, target=Status.UNDER_REVIEW, permission=finance_of)
    def review(self, user=None, comment="", **kwargs):
        """财政受理审核 [004 第十六条]."""

    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.UNDER_REVIEW],
        target=Status.REASSESSMENT,
        permission=finance_of,
    )
    def commission(self, user=None, comment="", **kwargs):
        """委托第三方机构或专家组再评估 [004 第十六条]; the reason is required (assessments.rules)."""
        from assessments.rules import before_commission

        before_commission(self, comment=comment, **kwargs)

    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.UNDER_REVIEW],
        target=Status.RETURNED,
        permission=finance_of,
    )
    def finance_return(self, user=None, comment="", **kwargs):
        """财政退回单位修改 (the reason is required)."""
        from assessments.rules import before_return

        before_return(comment)

    @transition(
        field=status,
        source=[Status.UNDER_REVIEW, Status.REASSESSMENT],
        target=Status.CONCLUDED,
        permission=finance_of,
    )
    def conclude(self, user=None, comment="", **kwargs):
        """出具评估结论; refused by assessments.rules.before_conclude (reasons, required changes, the
        panel's grade)."""
        from assessments.rules import before_conclude

        before_conclude(self, user, **kwargs)

    def after_transition(self, name, user, source, target, comment):
        from assessments.rules import after_transition

        after_transition(self, name, user, comment)


class AssessmentDimension(models.Model):
    """One of the five dimensions of an assessment: the unit's argument, finance's opinion."""

    assessment = models.ForeignKey(
        PriorAssessment, verbose_name=_("事前绩效评估"), on_delete=models.CASCADE, related_name="dimensions"
    )
    dimension = models.CharField(_("评估维度"), max_length=16, choices=Dimension.choices)
    argument = models.TextField(_("论证情况"), blank=True)
    opinion = models.TextField(_("财政审核意见"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评估维度")
        verbose_name_plural = _("评估维度")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="assessment_dimension_once")
        ]

    def __str__(self):
        return self.get_dimension_display()


def attachment_path(instance, filename):
    return f"assessments/{instance.assessment_id}/{filename}"


class AssessmentAttachment(models.Model):
    """A supporting file of a dimension's argument (or of the assessment as a whole), kept with its
    SHA-256."""

    assessment = models.ForeignKey(
        PriorAssessment, verbose_name=_("事前绩效评估"), on_delete=models.CASCADE, related_name="attachments"
    )
    dimension = models.CharField(_("评估维度"), max_length=16, choices=Dimension.choices, blank=True)
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评估附件")
        verbose_name_plural = _("评估附件")
        ordering = ["assessment", "uploaded_at", "id"]

    def __str__(self):
        return self.name


class SpendingNeed(models.Model):
    """分年度支出需求: what the project needs in one year, and what finance approved (审定) [002 三(一)]."""

    assessment = models.ForeignKey(
        PriorAssessment,
        verbose_name=_("事前绩效评估"),
        on_delete=models.CASCADE,
        related_name="spending_needs",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("支出需求（元）"), **MONEY)
    note = models.CharField(_("测算依据"), max_length=255, blank=True)
    approved_amount = models.DecimalField(_("审定金额（元）"), null=True, blank=True, **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分年度支出需求")
        verbose_name_plural = _("分年度支出需求")
        ordering = ["assessment", "year"]
        constraints = [models.UniqueConstraint(fields=["assessment", "year"], name="spending_need_once")]

    def __str__(self):
        return f"{self.year} {self.amount}"


class AssessmentExpertAssignment(models.Model):
    """An expert of the pool (or a third-party agency's staff member) assigned to re-assess; the
    conflict-of-interest check runs before it is saved (assessments.experts.assign)."""

    assessment = models.ForeignKey(
        PriorAssessment, verbose_name=_("事前绩效评估"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="assessment_assignments",
    )
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
        verbose_name = _("事前评估专家指派")
        verbose_name_plural = _("事前评估专家指派")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "expert"], name="assessment_assignment_once")
        ]

    def __str__(self):
        return f"{self.expert} · {self.assessment}"


class AssessmentExpertScore(models.Model):
    """One expert's score of one dimension (0 to its points), graded by the scheme's lines; hidden
    from everyone else until every assigned expert has submitted."""

    assignment = models.ForeignKey(
        AssessmentExpertAssignment,
        verbose_name=_("专家指派"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    dimension = models.CharField(_("评估维度"), max_length=16, choices=Dimension.choices)
    score = models.DecimalField(_("得分"), **SCORE)
    grade = models.CharField(_("等级"), max_length=16, blank=True)
    grade_label = models.CharField(_("等级名称"), max_length=8, blank=True)
    comment = models.TextField(_("评分意见"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("事前评估专家评分")
        verbose_name_plural = _("事前评估专家评分")
        ordering = ["assignment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "dimension"], name="assessment_score_once")
        ]


class JointReviewQuerySet(ScopedQuerySet):
    def for_list(self):
        return self.select_related("project", "unit", "department", "recorded_by")


class JointReview(models.Model):
    """联合会审 of a new or increased major project by the budget (fund) management committee; its
    decision is a precondition of admission [000 #16]."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        CONDITIONAL = "conditional", _("有条件同意")
        REJECTED = "rejected", _("不同意")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="joint_reviews"
    )
    assessment = models.ForeignKey(
        PriorAssessment,
        verbose_name=_("事前绩效评估"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_reviews",
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    unit = models.ForeignKey(
        Organization, verbose_name=_("预算单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    meeting_date = models.DateField(_("会审日期"))
    committee = models.CharField(_("会审机构"), max_length=100)
    members = models.TextField(_("参会成员"))
    decision = models.CharField(_("会审结论"), max_length=16, choices=Decision.choices)
    conditions = models.TextField(_("附加条件"), blank=True)
    minutes = models.TextField(_("会审意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = JointReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("联合会审")
        verbose_name_plural = _("联合会审")
        ordering = ["-meeting_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["department", "year"]),
            models.Index(fields=["region", "year"]),
            models.Index(fields=["project", "-meeting_date"]),
        ]

    def __str__(self):
        return _("%(name)s联合会审（%(date)s）") % {"name": self.project.name, "date": self.meeting_date}

    def save(self, *args, **kwargs):
        project = self.project
        self.unit_id, self.department_id, self.region_id = (
            project.unit_id,
            project.department_id,
            project.region_id,
        )
        super().save(*args, **kwargs)
