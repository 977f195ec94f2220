"""Review, approval and adjustment of targets.

[004 第二十条] 谁分配资金，谁审核目标: the department reviews first (初审), then the finance
division that manages it; each review judges 完整性, 相关性, 适当性, 可行性.
[财预〔2015〕88号] the finance grade decides: 优 proceeds (approved); 良 proceeds after the agreed
fixes; 中 is returned for resubmission; 差 is blocked from the budget.
[000 #14] special funds go through 两上两下: the first finance round returns the target with its
opinion, the second round decides by grade; the first round's opinion is kept beside the second.
[004 第二十二条] approval freezes the target; [004 第二十四条] an adjustment is a new version that
goes through the same review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from perfapp.workflow import TransitionRefused, WorkflowError, perform
from targets.models import Indicator, Target, TargetReview

Grade = TargetReview.Grade

#: 财预〔2015〕88号: the transition each finance grade leads to.
GRADE_CONSEQUENCE = {
    Grade.EXCELLENT: "approve",
    Grade.GOOD: "require_fixes",
    Grade.FAIR: "finance_return",
    Grade.POOR: "block",
}


@dataclass(frozen=True)
class Opinions:
    completeness: str = ""
    relevance: str = ""
    appropriateness: str = ""
    feasibility: str = ""


def review_by_department(
    target: Target,
    reviewer,
    *,
    approved: bool,
    opinions: Opinions,
    comment: str = "",
    seen_version=None,
    request=None,
) -> Target:
    """主管部门初审: approve to finance, or return to the unit with reasons."""
    if not approved and not comment.strip():
        raise WorkflowError(_("退回时须填写退回理由。"), code="invalid")
    with transaction.atomic():
        name = "dept_approve" if approved else "dept_return"
        target = perform(target, name, reviewer, comment=comment, seen_version=seen_version, request=request)
        _record(target, reviewer, TargetReview.Stage.DEPARTMENT, opinions, "", approved, comment)
    return target


def review_by_finance(
    target: Target,
    reviewer,
    *,
    grade: str,
    opinions: Opinions,
    comment: str = "",
    seen_version=None,
    request=None,
) -> Target:
    """财政审核 with a grade; the grade's consequence follows 财预〔2015〕88号, except in the first
    round of a special fund's 两上两下, which returns the target for its second submission."""
    if grade not in GRADE_CONSEQUENCE:
        raise WorkflowError(_("请选择审核等级（优、良、中、差）。"), code="invalid")
    if grade != Grade.EXCELLENT and not comment.strip():
        raise WorkflowError(_("评为“良”“中”“差”时须填写审核意见。"), code="invalid")
    rounds = target.fiscal_year.policy.targets.special_fund_rounds
    with transaction.atomic():
        first_round = target.is_special_fund and target.review_round < rounds and grade != Grade.POOR
        name = "finance_return" if first_round else GRADE_CONSEQUENCE[grade]
        target = perform(target, name, reviewer, comment=comment, seen_version=seen_version, request=request)
        _record(target, reviewer, TargetReview.Stage.FINANCE, opinions, grade, name == "approve", comment)
        updates = {"grade": grade}
        if first_round:
            updates["review_round"] = target.review_round + 1
        Target.objects.filter(pk=target.pk).update(**updates)
        for key, value in updates.items():
            setattr(target, key, value)
    return target


def _record(target, reviewer, stage, opinions: Opinions, grade, approved, comment):
    TargetReview.objects.create(
        target=target,
        stage=stage,
        review_round=target.review_round,
        reviewer=reviewer,
        completeness=opinions.completeness,
        relevance=opinions.relevance,
        appropriateness=opinions.appropriateness,
        feasibility=opinions.feasibility,
        grade=grade,
        approved=approved,
        comment=comment,
    )


@dataclass(frozen=True)
class BulkResult:
    target: Target
    ok: bool
    message: str = ""


def approve_many(targets, reviewer, *, comment: str = "", request=None) -> list[BulkResult]:
    """Bulk approval with grade 优: each target in its own transaction; one refusal stops no other."""
    results = []
    for target in targets:
        try:
            done = review_by_finance(
                target, reviewer, grade=Grade.EXCELLENT, opinions=Opinions(), comment=comment, request=request
            )
        except WorkflowError as exc:
            results.append(BulkResult(target, False, exc.message))
        else:
            results.append(BulkResult(done, True))
    return results


def start_adjustment(target: Target, user, *, reason: str) -> Target:
    """[004 第二十四条] adjust an approved target: a new draft version with the same indicators.

    Only with a stated reason (a budget adjustment or a special reason); the approved version stays
    in force until the new one is approved.
    """
    if not target.is_frozen:
        raise TransitionRefused(_("只有已批复的绩效目标可以调整。"), code="state")
    if not reason.strip():
        raise WorkflowError(_("请说明调整原因（预算调整或其他特殊原因）。"), code="invalid")
    if Target.objects.filter(previous=target).exists():
        raise TransitionRefused(_("该目标已有调整中的新版本。"), code="state")
    with transaction.atomic():
        new = Target.objects.get(pk=target.pk)
        new.pk = None
        new.id = None
        new.previous = target
        new.adjustment_no = target.adjustment_no + 1
        new.adjustment_reason = reason
        new.status = Target.Status.DRAFT
        new.grade = ""
        new.review_round = 1
        new.version = 1
        new.created_by = user
        new.save()
        Indicator.objects.bulk_create(
            [
                Indicator(
                    **{
                        f.attname: getattr(i, f.attname)
                        for f in Indicator._meta.concrete_fields
                        if f.attname not in ("id", "target_id")
                    },
                    target=new,
                )
                for i in target.indicators.all()
            ]
        )
    return new


def versions_of(target: Target) -> list[Target]:
    """Every version of the target, oldest first."""
    first = target
    while first.previous_id:
        first = first.previous
    chain = [first]
    while True:
        nxt = Target.objects.filter(previous=chain[-1]).first()
        if nxt is None:
            return chain
        chain.append(nxt)


TARGET_FIELDS = (
    "name",
    "overall_goal",
    "period_goal",
    "amount",
    "category",
    "is_special_fund",
    "is_secret",
    "disclose",
)
INDICATOR_FIELDS = (
    "level2",
    "comparator",
    "target_value",
    "qualitative_value",
    "unit",
    "weight",
    "last_year_actual",
    "data_source",
)


@dataclass(frozen=True)
class Change:
    where: str  # "目标" or the indicator's name
    field: str
    old: object
    new: object


def diff(old: Target, new: Target) -> list[Change]:
    """Field-by-field changes between two versions; indicators matched by (一级指标, 三级指标)."""
    changes = []
    for f in TARGET_FIELDS:
        a, b = getattr(old, f), getattr(new, f)
        if a != b:
            changes.append(Change(_("目标"), str(Target._meta.get_field(f).verbose_name), a, b))
    olds = {(i.level1, i.name): i for i in old.indicators.all()}
    news = {(i.level1, i.name): i for i in new.indicators.all()}
    for key in olds.keys() - news.keys():
        changes.append(Change(key[1], _("指标"), _("存在"), _("已删除")))
    for key in news.keys() - olds.keys():
        changes.append(Change(key[1], _("指标"), _("无"), _("新增")))
    for key in olds.keys() & news.keys():
        for f in INDICATOR_FIELDS:
            a, b = getattr(olds[key], f), getattr(news[key], f)
            if a != b:
                changes.append(Change(key[1], str(Indicator._meta.get_field(f).verbose_name), a, b))
    return sorted(changes, key=lambda c: (c.where != _("目标"), c.where, c.field))
