"""Rules of prior assessment (事前绩效评估) and joint review (联合会审): which projects need them, the
library gate, what an assessment must say before it is submitted, and what a conclusion needs.

[002 三(一)] new major projects are assessed before the library; an assessment that is missing, 差 or
"不予支持" keeps the project out of the library and the budget.
[004 第十五条] new major projects, major ones whose content or standard changes a lot, expiring ones
asking to continue, and bond-funded ones are assessed; [004 第十六条] finance reviews the assessment
and may commission a re-assessment by a third party.
[000 #16 #20] new or increased projects of the threshold or more: assessment, then a joint review by
the budget (fund) management committee as a precondition of the budget.

Every amount and grade line comes from the year's Policy (budgets.policy.ProjectLibrary).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import dept_officer_of, finance_of, unit_officer_of
from accounts.models import Role, RoleAssignment, User
from accounts.scoping import scope_of
from assessments.models import (
    SUPPORTIVE,
    AssessmentDimension,
    Conclusion,
    Dimension,
    JointReview,
    PriorAssessment,
    SpendingNeed,
)
from budgets.library import admission_check
from budgets.models import FiscalYear, Project
from budgets.policy import Band, PolicyData, ProjectLibrary
from perfapp import audit
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.workflow import TransitionRefused, WorkflowError, save_edit

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
S = PriorAssessment.Status
#: Project statuses before the library decision: an assessment is made for these only.
BEFORE_ADMISSION = (
    Project.Status.DRAFT,
    Project.Status.SUBMITTED,
    Project.Status.DEPT_APPROVED,
    Project.Status.RETURNED,
)


class AssessmentError(WorkflowError):
    """A refused assessment action; `errors` maps a field ("argument:necessity", "needs", …) to its
    message so a form can show each next to its field."""

    def __init__(self, message: str, code: str = "invalid", errors: dict | None = None):
        super().__init__(message, code=code)
        self.errors = errors or {}


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _wan(amount: Decimal) -> str:
    """Yuan → 万元 as written in the documents: 30000000 → "3,000"."""
    value = (Decimal(amount) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    return f"{value:,f}"


# --- the Policy ------------------------------------------------------------------------------------


def fiscal_year_of(project: Project) -> FiscalYear | None:
    """The fiscal year whose Policy rules the project: its region's, for its first year (or the
    latest year before it)."""
    return (
        FiscalYear.objects.filter(region_id=project.region_id, year__lte=project.start_year)
        .order_by("-year")
        .first()
    )


def rules_for(project: Project) -> ProjectLibrary:
    fy = fiscal_year_of(project)
    return (fy.policy if fy else PolicyData()).project_library


class RulesCache:
    """rules_for() looked up once per (region, first year), for pages and lists that check many
    projects at once."""

    def __init__(self):
        self.cache: dict[tuple[int, int], ProjectLibrary] = {}

    def __call__(self, project: Project) -> ProjectLibrary:
        key = (project.region_id, project.start_year)
        if key not in self.cache:
            self.cache[key] = rules_for(project)
        return self.cache[key]


def scheme_snapshot(project: Project) -> dict:
    """The scoring scheme of a new assessment, copied from the Policy in force (points per
    dimension, grade lines, the version) so a later Policy change never moves its scores."""
    fy = fiscal_year_of(project)
    rules = (fy.policy if fy else PolicyData()).project_library
    return {
        "points": {d: str(p) for d, p in zip(Dimension.values, rules.assessment_points, strict=True)},
        "bands": [
            {"grade": b.grade, "label": b.label, "min_score": str(b.min_score)}
            for b in rules.assessment_bands
        ],
        "policy_version": fy.policy_row.version if fy else 0,
    }


def points_of(assessment: PriorAssessment) -> dict[str, Decimal]:
    """Points of each dimension under the assessment's own scheme (the Policy's when none stored)."""
    stored = (assessment.scheme or {}).get("points")
    if not stored:
        rules = rules_for(assessment.project)
        return dict(zip(Dimension.values, rules.assessment_points, strict=True))
    return {d: Decimal(str(stored.get(d, "0"))) for d in Dimension.values}


def bands_of(assessment: PriorAssessment) -> list[Band]:
    stored = (assessment.scheme or {}).get("bands")
    if not stored:
        return list(rules_for(assessment.project).assessment_bands)
    return [Band(b["grade"], b["label"], Decimal(str(b["min_score"]))) for b in stored]


def grade_of(bands: list[Band], percent: Decimal) -> Band:
    """The band of a score given as a percentage (0–100): the first whose line it reaches."""
    for band in bands:
        if percent >= band.min_score:
            return band
    return bands[-1]


def is_lowest(bands: list[Band], grade: str) -> bool:
    """Whether `grade` is the lowest band (差), which keeps a project out of the library [002 三(一)]."""
    return bool(bands) and grade == bands[-1].grade


# --- which projects need what ----------------------------------------------------------------------


def _nature_text(nature: str) -> str:
    return {
        Project.Nature.NEW: _("新增项目"),
        Project.Nature.ADJUSTED: _("实施内容或标准发生较大调整、拟申请新增预算的项目"),
        Project.Nature.CONTINUING: _("到期申请延续执行的项目"),
    }.get(nature, nature)


def needs_assessment(project: Project, rules: ProjectLibrary | None = None) -> list[str]:
    """Why `project` needs a prior assessment before it enters the library (empty: it does not)
    [002 三(一)][004 第十五条][000 #20]: bond-funded; or new, much-changed or continuing past expiry
    with an amount at or above the Policy's threshold."""
    rules = rules or rules_for(project)
    reasons = []
    if rules.bond_funded_needs_assessment and project.is_bond_funded:
        reasons.append(_("使用债券资金安排的项目"))
    amount = project.total_amount
    if (
        amount is not None
        and amount >= rules.major_threshold
        and project.nature in rules.natures_needing_assessment
    ):
        reasons.append(
            _("%(what)s，项目总金额 %(amount)s 万元，不低于重大项目标准 %(threshold)s 万元")
            % {
                "what": _nature_text(project.nature),
                "amount": _wan(amount),
                "threshold": _wan(rules.major_threshold),
            }
        )
    return reasons


def needs_joint_review(project: Project, rules: ProjectLibrary | None = None) -> str:
    """Why `project` needs a joint review (联合会审) before admission ("" when it does not): new or
    increased with an amount at or above the Policy's joint-review threshold [000 #16]."""
    rules = rules or rules_for(project)
    amount = project.total_amount
    if (
        amount is None
        or amount < rules.joint_review_threshold
        or project.nature not in rules.joint_review_natures
    ):
        return ""
    return _("%(what)s，项目总金额 %(amount)s 万元，不低于联合会审标准 %(threshold)s 万元") % {
        "what": _nature_text(project.nature),
        "amount": _wan(amount),
        "threshold": _wan(rules.joint_review_threshold),
    }


def latest_assessment(project: Project) -> PriorAssessment | None:
    return PriorAssessment.objects.filter(project_id=project.pk).order_by("-created_at", "-id").first()


def latest_joint_review(project: Project) -> JointReview | None:
    return JointReview.objects.filter(project_id=project.pk).order_by("-meeting_date", "-id").first()


def assessment_blocker(project: Project, assessment: PriorAssessment | None) -> str:
    """Why the assessment does not (yet) let the project in ("" when it does) [002 三(一)]."""
    if assessment is None:
        return _("尚未开展事前绩效评估")
    if assessment.status != S.CONCLUDED:
        return _("事前绩效评估尚未出具结论（当前：%(status)s）") % {"status": assessment.get_status_display()}
    if assessment.conclusion not in SUPPORTIVE:
        return _("事前绩效评估结论为“%(c)s”") % {"c": assessment.get_conclusion_display()}
    if assessment.expert_grade and is_lowest(bands_of(assessment), assessment.expert_grade):
        return _("事前绩效评估等级为“%(g)s”") % {"g": assessment.expert_grade_label}
    if assessment.conclusion == Conclusion.SUPPORT_WITH_CHANGES and not assessment.required_changes.strip():
        return _("事前绩效评估结论为“调整完善后予以支持”，但未记录调整完善要求")
    return ""


def joint_review_blocker(review: JointReview | None) -> str:
    """Why the joint review does not (yet) let the project in ("" when it does) [000 #16]."""
    if review is None:
        return _("尚未经预算（资金）管理委员会联合会审")
    if review.decision == JointReview.Decision.REJECTED:
        return _("联合会审结论为“不同意”")
    if review.decision == JointReview.Decision.CONDITIONAL and not review.conditions.strip():
        return _("联合会审结论为“有条件同意”，但未记录附加条件")
    return ""


def admission_problems(project: Project) -> list[str]:
    """Every reason the prior assessment and the joint review keep `project` out of the library."""
    rules = rules_for(project)
    problems = []
    reasons = needs_assessment(project, rules)
    if reasons:
        blocker = assessment_blocker(project, latest_assessment(project))
        if blocker:
            problems.append(
                _("该项目须开展事前绩效评估（%(why)s），%(blocker)s，不能入库")
                % {"why": "；".join(reasons), "blocker": blocker}
            )
    why = needs_joint_review(project, rules)
    if why:
        blocker = joint_review_blocker(latest_joint_review(project))
        if blocker:
            problems.append(
                _("该项目须经联合会审（%(why)s），%(blocker)s，不能入库") % {"why": why, "blocker": blocker}
            )
    return problems


@admission_check
def prior_assessment_gate(project: Project) -> str | None:
    """The library gate (budgets.library.ADMISSION_CHECKS): 入库 waits for a supportive assessment and,
    where due, a joint review [002 三(一)][000 #16 #20]."""
    problems = admission_problems(project)
    return "；".join(problems) + "。" if problems else None


# --- who -------------------------------------------------------------------------------------------


def is_declarer(user, obj) -> bool:
    """The project's unit, or its competent department (obj carries unit_id and department_id)."""
    return unit_officer_of(obj, user) or dept_officer_of(obj, user)


def can_create_assessment(user, project: Project) -> tuple[bool, str]:
    if not is_declarer(user, project):
        return False, _("只有项目所属单位或其主管部门可以开展事前绩效评估。")
    if project.status not in BEFORE_ADMISSION:
        return False, _("项目处于“%(s)s”状态，入库审核已办结，不能再开展入库前的事前绩效评估。") % {
            "s": project.get_status_display()
        }
    if PriorAssessment.objects.filter(project_id=project.pk).exclude(status=S.CONCLUDED).exists():
        return False, _("该项目已有进行中的事前绩效评估。")
    return True, ""


def can_edit_assessment(user, assessment: PriorAssessment) -> tuple[bool, str]:
    if not is_declarer(user, assessment):
        return False, _("只有项目所属单位或其主管部门可以填写事前绩效评估。")
    if not assessment.is_editable:
        return False, _("事前绩效评估处于“%(s)s”状态，不能修改。") % {"s": assessment.get_status_display()}
    return True, ""


def is_reviewer(user, assessment) -> bool:
    """Finance: the division that manages the department, or the region's finance admin."""
    return finance_of(assessment, user)


def candidate_projects(user):
    """Projects the user may start an assessment for: their own (or their department's) projects
    before the library decision with no assessment in progress."""
    scope = scope_of(user)
    open_ids = PriorAssessment.objects.exclude(status=S.CONCLUDED).values("project_id")
    qs = Project.objects.filter(status__in=BEFORE_ADMISSION).exclude(pk__in=open_ids)
    q = Q(pk__in=[])
    if Role.UNIT_OFFICER in scope.roles:
        q |= Q(unit_id__in=scope.unit_ids)
    if Role.DEPT_OFFICER in scope.roles:
        q |= Q(department_id__in=scope.department_ids)
    return qs.filter(q).select_related("unit").order_by("-start_year", "code")


# --- the unit's side -------------------------------------------------------------------------------


def create_assessment(project: Project, user, *, request=None) -> PriorAssessment:
    """Start the assessment of a project: five empty dimensions and one spending-need row per year of
    the project's period; the scoring scheme is copied from the Policy."""
    ok, reason = can_create_assessment(user, project)
    if not ok:
        raise AssessmentError(reason, code="permission" if not is_declarer(user, project) else "invalid")
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        ok, reason = can_create_assessment(user, project)
        if not ok:
            raise AssessmentError(reason)
        assessment = PriorAssessment.objects.create(
            project=project, year=project.start_year, scheme=scheme_snapshot(project), created_by=user
        )
        AssessmentDimension.objects.bulk_create(
            [AssessmentDimension(assessment=assessment, dimension=d) for d in Dimension.values]
        )
        SpendingNeed.objects.bulk_create(
            [
                SpendingNeed(assessment=assessment, year=y, amount=Decimal("0"))
                for y in range(project.start_year, project.end_year + 1)
            ]
        )
        audit.record(
            EventKind.CREATED,
            user,
            assessment,
            summary=_("开展事前绩效评估：%(p)s") % {"p": project},
            data={"project": project.pk, "scheme": assessment.scheme},
            request=request,
        )
    return assessment


@dataclass
class NeedInput:
    year: int
    amount: Decimal
    note: str = ""


def _check_needs(project: Project, needs: list[NeedInput]) -> dict[str, str]:
    errors = {}
    seen = set()
    for n in needs:
        key = f"need:{n.year}"
        if n.year in seen:
            errors[key] = _("%(y)s 年度重复。") % {"y": n.year}
        seen.add(n.year)
        if not project.start_year <= n.year <= project.end_year:
            errors[key] = _("%(y)s 年度不在项目期间（%(a)s—%(b)s 年）内。") % {
                "y": n.year,
                "a": project.start_year,
                "b": project.end_year,
            }
        elif n.amount is None or n.amount < 0:
            errors[key] = _("%(y)s 年度支出需求须为不小于 0 的金额。") % {"y": n.year}
    return errors


def save_assessment(
    assessment: PriorAssessment,
    user,
    *,
    seen_version,
    summary: str | None = None,
    arguments: dict[str, str] | None = None,
    needs: list[NeedInput] | None = None,
    request=None,
) -> PriorAssessment:
    """Save the unit's text and yearly needs unless someone changed the assessment since it was
    loaded (StaleObject). `needs`, when given, replaces the yearly rows. All or nothing."""
    ok, reason = can_edit_assessment(user, assessment)
    if not ok:
        raise AssessmentError(reason, code="permission" if not is_declarer(user, assessment) else "state")
    unknown = set(arguments or {}) - set(Dimension.values)
    if unknown:
        raise AssessmentError(_("未知的评估维度：%(d)s") % {"d": "、".join(sorted(unknown))})
    if needs is not None:
        errors = _check_needs(assessment.project, needs)
        if errors:
            raise AssessmentError(
                _("分年度支出需求有误：%(e)s") % {"e": "；".join(errors.values())}, errors=errors
            )
    with transaction.atomic():
        if summary is not None:
            assessment.summary = summary
        save_edit(assessment, seen_version, user, request=request)
        for dimension, text in (arguments or {}).items():
            AssessmentDimension.objects.update_or_create(
                assessment=assessment, dimension=dimension, defaults={"argument": text or ""}
            )
        if needs is not None:
            assessment.spending_needs.exclude(year__in=[n.year for n in needs]).delete()
            for n in needs:
                SpendingNeed.objects.update_or_create(
                    assessment=assessment, year=n.year, defaults={"amount": n.amount, "note": n.note or ""}
                )
    return assessment


def submission_problems(assessment: PriorAssessment, arguments: dict[str, str], needs) -> dict[str, str]:
    """What is missing before submission, by field: every dimension argued; some money asked for."""
    problems = {}
    for value, label in Dimension.choices:
        if not (arguments.get(value) or "").strip():
            problems[f"argument:{value}"] = _("请填写“%(d)s”的论证情况。") % {"d": label}
    if not any((n.amount or 0) > 0 for n in needs):
        problems["needs"] = _("请填写分年度支出需求（至少一个年度的金额大于 0）。")
    return problems


def submission_errors(assessment: PriorAssessment) -> list[str]:
    arguments = dict(assessment.dimensions.values_list("dimension", "argument"))
    needs = [NeedInput(n.year, n.amount, n.note) for n in assessment.spending_needs.all()]
    return list(submission_problems(assessment, arguments, needs).values())


def before_submit(assessment: PriorAssessment) -> None:
    errors = submission_errors(assessment)
    if errors:
        raise TransitionRefused(_("事前绩效评估还不完整，未报送：") + "；".join(errors), code="invalid")
    assessment.submitted_at = timezone.now()


def store_attachment(assessment: PriorAssessment, upload, user, *, dimension: str = "", request=None):
    """Keep a supporting file (of one dimension, or of the whole assessment) with its SHA-256; only
    the declarer, only while editable; type and size as for evaluation evidence."""
    import os

    from assessments.models import AssessmentAttachment
    from evaluation.selfeval import EVIDENCE_EXTENSIONS, evidence_max_bytes
    from perfapp.documents import sha256_of

    ok, reason = can_edit_assessment(user, assessment)
    if not ok:
        raise AssessmentError(reason, code="permission" if not is_declarer(user, assessment) else "state")
    if dimension and dimension not in Dimension.values:
        raise AssessmentError(_("未知的评估维度。"))
    name = os.path.basename(getattr(upload, "name", "") or "")
    name = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in name).strip(". ")[:200]
    if not upload or not upload.size or not name:
        raise AssessmentError(
            _("文件“%(name)s”为空。") % {"name": name or "?"}, errors={"file": _("文件为空。")}
        )
    limit = evidence_max_bytes()
    if upload.size > limit:
        message = _("文件“%(name)s”超过 %(mb)s MB，已拒绝。") % {
            "name": name,
            "mb": round(limit / 1024 / 1024, 1),
        }
        raise AssessmentError(message, errors={"file": message})
    ext = os.path.splitext(name)[1].lower()
    if ext not in EVIDENCE_EXTENSIONS:
        message = _("不支持的文件类型“%(ext)s”（可上传 PDF、OFD、Word、WPS、Excel、PPT、图片或压缩包）。") % {
            "ext": ext or name
        }
        raise AssessmentError(message, errors={"file": message})
    upload.seek(0)
    digest = sha256_of(upload)
    upload.seek(0)
    with transaction.atomic():
        attachment = AssessmentAttachment(
            assessment=assessment,
            dimension=dimension,
            name=name,
            size=upload.size,
            sha256=digest,
            uploaded_by=user,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit.record(
            EventKind.CREATED,
            user,
            assessment,
            summary=_("上传事前绩效评估附件“%(name)s”") % {"name": name},
            data={"attachment": attachment.pk, "dimension": dimension, "sha256": digest, "size": upload.size},
            request=request,
        )
    return attachment


def remove_attachment(attachment, user, *, request=None) -> None:
    ok, reason = can_edit_assessment(user, attachment.assessment)
    if not ok:
        raise AssessmentError(
            reason, code="permission" if not is_declarer(user, attachment.assessment) else "state"
        )
    with transaction.atomic():
        audit.record(
            EventKind.DELETED,
            user,
            attachment.assessment,
            summary=_("删除事前绩效评估附件“%(name)s”") % {"name": attachment.name},
            data={"sha256": attachment.sha256},
            request=request,
        )
        attachment.file.delete(save=False)
        attachment.delete()


# --- finance's side --------------------------------------------------------------------------------


def before_commission(assessment: PriorAssessment, *, comment: str = "", agency=None, **kwargs) -> None:
    """委托再评估 names its reason and, when a third-party agency does it, the agency [004 第十六条]."""
    from accounts.models import Organization

    if not (comment or "").strip():
        raise TransitionRefused(_("委托再评估须说明事由。"), code="invalid")
    if agency is not None and agency.kind != Organization.Kind.AGENCY:
        raise TransitionRefused(_("受托机构须为第三方机构。"), code="invalid")
    assessment.reassessment_reason = comment.strip()
    assessment.agency = agency


def before_return(comment: str) -> None:
    if not (comment or "").strip():
        raise TransitionRefused(_("退回时请填写退回意见，说明需要修改的内容。"), code="invalid")


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise TransitionRefused(_("审定金额须为数字。"), code="invalid")


def before_conclude(
    assessment: PriorAssessment,
    user,
    *,
    conclusion: str = "",
    reasons: str = "",
    required_changes: str = "",
    opinions: dict[str, str] | None = None,
    approved: dict[int, object] | None = None,
    **kwargs,
) -> None:
    """Check and record finance's conclusion [002 三(一)][004 第十六条]: a conclusion and its reasons;
    "调整完善后予以支持" only with the required changes written down; after a re-assessment only once
    every expert has submitted, and never a supportive conclusion over a panel grade of 差."""
    from assessments.experts import panel_complete, store_result

    errors = {}
    if conclusion not in Conclusion.values:
        errors["conclusion"] = _("请选择评估结论。")
    if not (reasons or "").strip():
        errors["reasons"] = _("请填写结论理由。")
    if conclusion == Conclusion.SUPPORT_WITH_CHANGES and not (required_changes or "").strip():
        errors["required_changes"] = _("结论为“调整完善后予以支持”时，须写明调整完善要求。")
    if errors:
        raise AssessmentError("；".join(errors.values()), errors=errors)
    if assessment.status == S.REASSESSMENT:
        if not panel_complete(assessment):
            raise AssessmentError(_("专家尚未全部提交评分，不能出具结论。"), code="state")
        store_result(assessment)
    if (
        conclusion in SUPPORTIVE
        and assessment.expert_grade
        and is_lowest(bands_of(assessment), assessment.expert_grade)
    ):
        message = _("专家评估等级为“%(g)s”，只能出具“不予支持”结论。") % {"g": assessment.expert_grade_label}
        raise AssessmentError(message, errors={"conclusion": message})
    amounts = {}
    for year, value in (approved or {}).items():
        amount = _money(value)
        if amount is not None and amount < 0:
            raise AssessmentError(
                _("审定金额不能为负数。"), errors={f"approved:{year}": _("审定金额不能为负数。")}
            )
        amounts[int(year)] = amount
    for dimension, text in (opinions or {}).items():
        if dimension in Dimension.values:
            AssessmentDimension.objects.filter(assessment=assessment, dimension=dimension).update(
                opinion=text or ""
            )
    for year, amount in amounts.items():
        SpendingNeed.objects.filter(assessment=assessment, year=year).update(approved_amount=amount)
    assessment.conclusion = conclusion
    assessment.conclusion_reasons = reasons.strip()
    assessment.required_changes = (required_changes or "").strip()
    assessment.concluded_by = user
    assessment.concluded_at = timezone.now()


def run_transition(
    assessment: PriorAssessment,
    name: str,
    user,
    *,
    comment: str = "",
    seen_version=None,
    request=None,
    **kwargs,
) -> PriorAssessment:
    """Any assessment transition, with the rules around it (pages and API call this)."""
    from perfapp.workflow import perform

    return perform(
        assessment,
        name,
        user,
        comment=(comment or "").strip(),
        seen_version=seen_version,
        request=request,
        **kwargs,
    )


def conclude(
    assessment: PriorAssessment,
    user,
    *,
    conclusion: str,
    reasons: str,
    required_changes: str = "",
    opinions: dict[str, str] | None = None,
    approved: dict[int, object] | None = None,
    seen_version=None,
    request=None,
) -> PriorAssessment:
    """出具评估结论 through perform() (locks, version, audit)."""
    return run_transition(
        assessment,
        "conclude",
        user,
        comment=reasons,
        seen_version=seen_version,
        request=request,
        conclusion=conclusion,
        reasons=reasons,
        required_changes=required_changes,
        opinions=opinions,
        approved=approved,
    )


def finance_users(obj) -> list[User]:
    """The region's finance admins and the reviewers of the division that manages the department."""
    from accounts.models import Organization

    division = Organization.objects.filter(pk=obj.department_id).values_list("division_id", flat=True)
    q = Q(role=Role.FINANCE_ADMIN, organization__region_id=obj.region_id)
    q |= Q(role=Role.FINANCE_REVIEWER, division_id__in=division)
    ids = RoleAssignment.objects.filter(q).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _declarers(obj) -> list[User]:
    ids = RoleAssignment.objects.filter(role=Role.UNIT_OFFICER, organization_id=obj.unit_id).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def after_transition(assessment: PriorAssessment, name: str, user, comment: str) -> None:
    """Tell the next person: finance on submission; the unit on return and on the conclusion."""
    url = _url("assessments:assessment_detail", assessment.pk)
    project = assessment.project
    if name == "submit":
        recipients = finance_users(assessment)
        title = _("待审核事前绩效评估：%(p)s") % {"p": project.name}
    elif name == "finance_return":
        recipients = _declarers(assessment)
        title = _("事前绩效评估被财政退回：%(p)s") % {"p": project.name}
    elif name == "conclude":
        recipients = _declarers(assessment)
        title = _("事前绩效评估结论：%(p)s %(c)s") % {
            "p": project.name,
            "c": assessment.get_conclusion_display(),
        }
    else:
        return
    notify(EventKind.TRANSITION, user, assessment, recipients, title=title, body=comment, url=url)


#: Button labels of the transitions (machine name → Chinese label).
TRANSITION_LABELS = {
    "submit": _("报送"),
    "review": _("受理审核"),
    "commission": _("委托再评估"),
    "finance_return": _("退回修改"),
    "conclude": _("出具结论"),
}


def transition_label(name: str) -> str:
    return str(TRANSITION_LABELS.get(name, name))


# --- joint review ----------------------------------------------------------------------------------


@dataclass
class JointReviewInput:
    meeting_date: object
    committee: str
    members: str
    decision: str
    conditions: str = ""
    minutes: str = ""


def can_record_joint_review(user, project: Project) -> tuple[bool, str]:
    if not finance_of(project, user):
        return False, _("只有财政部门可以记录联合会审结果。")
    return True, ""


def joint_review_problems(data: JointReviewInput) -> dict[str, str]:
    errors = {}
    if not data.meeting_date:
        errors["meeting_date"] = _("请填写会审日期。")
    elif data.meeting_date > timezone.localdate():
        errors["meeting_date"] = _("会审日期不能晚于今天。")
    if not (data.committee or "").strip():
        errors["committee"] = _("请填写会审机构。")
    if not (data.members or "").strip():
        errors["members"] = _("请填写参会成员。")
    if data.decision not in JointReview.Decision.values:
        errors["decision"] = _("请选择会审结论。")
    elif data.decision == JointReview.Decision.CONDITIONAL and not (data.conditions or "").strip():
        errors["conditions"] = _("结论为“有条件同意”时，须写明附加条件。")
    return errors


def record_joint_review(project: Project, user, data: JointReviewInput, *, request=None) -> JointReview:
    """Record the committee's meeting, members, decision and conditions [000 #16]; audited."""
    ok, reason = can_record_joint_review(user, project)
    if not ok:
        raise AssessmentError(reason, code="permission")
    errors = joint_review_problems(data)
    if errors:
        raise AssessmentError("；".join(errors.values()), errors=errors)
    with transaction.atomic():
        review = JointReview.objects.create(
            project=project,
            assessment=latest_assessment(project),
            year=project.start_year,
            meeting_date=data.meeting_date,
            committee=data.committee.strip(),
            members=data.members.strip(),
            decision=data.decision,
            conditions=(data.conditions or "").strip(),
            minutes=(data.minutes or "").strip(),
            recorded_by=user,
        )
        audit.record(
            EventKind.CREATED,
            user,
            review,
            summary=_("记录联合会审：%(p)s %(d)s") % {"p": project.name, "d": review.get_decision_display()},
            data={"project": project.pk, "decision": review.decision},
            request=request,
        )
        notify(
            EventKind.TRANSITION,
            user,
            review,
            _declarers(review),
            title=_("联合会审结论：%(p)s %(d)s") % {"p": project.name, "d": review.get_decision_display()},
            url=_url("budgets:project_detail", project.pk),
        )
    return review
