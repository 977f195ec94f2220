"""Demo prior assessments and joint reviews for `manage.py seed_demo` (issue 6 "seed_demo fills these
stages"); to be called by budgets.demo after the projects (and after the evaluation demo, whose
expert pool the re-assessment uses).

For each seeded region's current year, every project that needs a prior assessment under its Policy
[002 三(一)][004 第十五条][000 #16 #20] gets one that matches its place in the library, and in the
demo city the largest other projects of the year are assessed too (voluntarily), so that every place
of the workflow shows at any scale:
- admitted or in progress (and completed): concluded 予以支持 (some 调整完善后予以支持 with the
  required changes), and where due an approved (or conditionally approved) joint review [000 #16];
- rejected: concluded 不予支持;
- the demo city's projects waiting in the library (初审通过, then 申报), largest first: one
  re-assessment by an expert panel with the demo `expert` still to submit (their to-do), one
  re-assessment concluded on a full panel, one under review, one submitted, one concluded and
  waiting only for the joint review; the others by their status;
- submitted: submitted; draft or returned: a draft half filled in (the unit's to-do).

Deterministic (random.Random seeded with the seed and the project code); rows written directly with
bulk_create (the rules are exercised by the tests); the panel's total and grade computed by
assessments.experts.store_result.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from accounts.models import ExpertAssignment, Role, RoleAssignment, User
from assessments import experts as ex
from assessments import rules
from assessments.models import (
    AssessmentAttachment,
    AssessmentDimension,
    AssessmentExpertAssignment,
    AssessmentExpertScore,
    Conclusion,
    Dimension,
    JointReview,
    PriorAssessment,
    SpendingNeed,
)
from budgets.models import FiscalYear, Project

Log = Callable[[str], None]
DEMO_CITY = "220100"
CHUNK = 500
S = PriorAssessment.Status
P = Project.Status
HALF = Decimal("0.5")

ARGUMENTS = {
    Dimension.NECESSITY: "项目落实{dept}年度重点工作部署，{name}现状与发展需求差距明显，实施具有必要性和紧迫性。",
    Dimension.ECONOMY: "按现行定额标准和市场询价测算，总投资 {wan} 万元，单位成本与同类项目基本持平，投入经济合理。",
    Dimension.TARGET: "设定产出、效益和满意度指标，指标值可量化、可考核，与项目资金规模相匹配。",
    Dimension.FEASIBILITY: "已完成前期论证和实施方案编制，组织机构健全，进度安排和保障措施可行。",
    Dimension.FINANCING: "资金来源为{sources}，筹资方式符合预算管理和政府债务管理规定。",
}
CHANGES = (
    "压减设备购置预算 10%，按政府采购结果据实安排。",
    "细化分年度实施计划和绩效指标，补充满意度指标。",
    "补充可行性研究报告中的运营维护费用测算。",
)
COMMITTEE = "预算（资金）管理委员会"
#: How many more of the demo city's projects of the year (beyond those that need an assessment and
#: those waiting in the library) are assessed voluntarily, so that the showcase is full at any scale.
SHOWCASE = 4
#: The demo city's projects waiting in the library, largest first: one in each place of finance's
#: workflow.
CITY_WAITING = ("reassessment", "reassessed", "under_review", "submitted", "awaiting_joint")
MEMBERS = "财政局局长（主任委员）\n财政局分管副局长\n预算科科长\n绩效管理科科长\n有关业务科室科长"


def _region_users(region_id: int, role: str) -> User | None:
    ids = RoleAssignment.objects.filter(role=role, organization__region_id=region_id).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("username").first()


def _unit_officers(unit_ids) -> dict[int, User]:
    out = {}
    for ra in RoleAssignment.objects.filter(
        role=Role.UNIT_OFFICER, organization_id__in=unit_ids
    ).select_related("user"):
        out.setdefault(ra.organization_id, ra.user)
    return out


class _Rules:
    def __init__(self):
        self.cache = {}

    def __call__(self, project):
        key = (project.region_id, project.start_year)
        if key not in self.cache:
            self.cache[key] = (rules.rules_for(project), rules.scheme_snapshot(project))
        return self.cache[key]


def _candidates(region_ids: list[int], year: int):
    """Projects of the year that may need an assessment: major under the lowest threshold of the
    regions' Policies, or with a bond source (checked exactly per project afterwards)."""
    lowest = None
    for fy in FiscalYear.objects.filter(region_id__in=region_ids, year=year):
        threshold = fy.policy.project_library.major_threshold
        lowest = threshold if lowest is None else min(lowest, threshold)
    q = Q(fund_sources__icontains="bond")
    if lowest is not None:
        q |= Q(total_amount__gte=lowest)
    return (
        Project.objects.filter(region_id__in=region_ids, start_year=year)
        .filter(q)
        .exclude(pk__in=PriorAssessment.objects.values("project_id"))
        .select_related("department", "region")
        .order_by("region__code", "code")
    )


def _needs(project, rng: random.Random) -> list[tuple[int, Decimal, str]]:
    years = list(range(project.start_year, project.end_year + 1))
    total = project.total_amount
    shares = [Decimal(rng.randint(3, 7)) for _y in years]
    out, left = [], total
    for i, year in enumerate(years):
        amount = left if i == len(years) - 1 else (total * shares[i] / sum(shares)).quantize(Decimal("1"))
        left -= amount
        out.append((year, amount, "按工程量清单和定额标准测算" if i == 0 else "按实施进度测算"))
    return out


def _plan(project) -> str:
    """The assessment's place in the workflow for a project in this library status."""
    if project.status in (P.ADMITTED, P.IN_PROGRESS, P.COMPLETED):
        return "concluded"
    if project.status == P.REJECTED:
        return "not_supported"
    if project.status == P.SUBMITTED:
        return "submitted"
    if project.status in (P.DRAFT, P.RETURNED):
        return "draft"
    return "concluded"


def _choose(region_ids, current_year, city_ids, cached) -> list[tuple[Project, str]]:
    """Every project that needs an assessment, plus (in the demo city) the largest others of the
    year assessed voluntarily, so the showcase has something in every place of the workflow; the
    city's projects waiting in the library take the CITY_WAITING places, largest first."""
    projects = [p for p in _candidates(region_ids, current_year) if rules.needs_assessment(p, cached(p)[0])]
    if city_ids:
        others = (
            Project.objects.filter(region_id__in=city_ids, start_year=current_year)
            .exclude(pk__in=PriorAssessment.objects.values("project_id"))
            .exclude(status=P.COMPLETED)
            .select_related("department", "region")
            .order_by("-total_amount", "code")
        )
        # Those waiting in the library first: they fill the places of finance's workflow.
        for statuses, room in (((P.DEPT_APPROVED, P.SUBMITTED), len(CITY_WAITING)), (None, SHOWCASE)):
            taken = [p.pk for p in projects]
            qs = others.exclude(pk__in=taken)
            if statuses:
                qs = qs.filter(status__in=statuses)
            projects += list(qs[:room])
    waiting = sorted(
        (p for p in projects if p.region_id in city_ids and p.status in (P.DEPT_APPROVED, P.SUBMITTED)),
        key=lambda p: (p.status != P.DEPT_APPROVED, -p.total_amount, p.code),
    )
    places = {p.pk: place for p, place in zip(waiting, CITY_WAITING, strict=False)}
    return [(p, places.get(p.pk) or _plan(p)) for p in projects]


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log: Log = print) -> Counter:
    counts = Counter()
    if not region_ids:
        return counts
    today = today or timezone.localdate()
    now = timezone.now()
    city_ids = set(
        FiscalYear.objects.filter(region_id__in=region_ids, region__code=DEMO_CITY).values_list(
            "region_id", flat=True
        )
    )
    cached = _Rules()
    finance = {}
    assessments: list[tuple[PriorAssessment, str, random.Random]] = []
    chosen = _choose(region_ids, current_year, city_ids, cached)
    officers = _unit_officers({p.unit_id for p, _plan in chosen})
    for project, plan in chosen:
        _library_rules, scheme = cached(project)
        rng = random.Random(f"{seed}:assessment:{project.code}")
        if project.region_id not in finance:
            finance[project.region_id] = _region_users(project.region_id, Role.FINANCE_ADMIN)
        concluded = plan in ("concluded", "not_supported", "reassessed", "awaiting_joint")
        conclusion = ""
        changes = ""
        if plan == "not_supported":
            conclusion = Conclusion.NOT_SUPPORTED
        elif concluded:
            with_changes = rng.random() < 0.3
            conclusion = Conclusion.SUPPORT_WITH_CHANGES if with_changes else Conclusion.SUPPORT
            changes = rng.choice(CHANGES) if with_changes else ""
        status = {
            "concluded": S.CONCLUDED,
            "not_supported": S.CONCLUDED,
            "reassessed": S.CONCLUDED,
            "awaiting_joint": S.CONCLUDED,
            "reassessment": S.REASSESSMENT,
            "under_review": S.UNDER_REVIEW,
            "submitted": S.SUBMITTED,
            "draft": S.DRAFT,
        }[plan]
        submitted_at = None if status == S.DRAFT else now - datetime.timedelta(days=rng.randint(20, 60))
        assessment = PriorAssessment(
            project=project,
            year=project.start_year,
            unit_id=project.unit_id,
            department_id=project.department_id,
            region_id=project.region_id,
            summary=f"{project.name}事前绩效评估：论证立项必要性、投入经济性、绩效目标合理性、实施方案可行性和筹资合规性。",
            scheme=scheme,
            status=status,
            submitted_at=submitted_at,
            conclusion=conclusion,
            conclusion_reasons=(
                "项目立项依据充分，实施方案基本可行，资金测算总体合理。"
                if conclusion in (Conclusion.SUPPORT, Conclusion.SUPPORT_WITH_CHANGES)
                else ("项目必要性论证不充分，投入产出不匹配，暂不具备立项条件。" if conclusion else "")
            ),
            required_changes=changes,
            concluded_by=finance[project.region_id] if concluded else None,
            concluded_at=(submitted_at + datetime.timedelta(days=rng.randint(5, 15))) if concluded else None,
            reassessment_reason="项目金额较大，委托专家组再评估。"
            if plan in ("reassessment", "reassessed")
            else "",
            created_by=officers.get(project.unit_id),
        )
        assessments.append((assessment, plan, rng))
    for start in range(0, len(assessments), CHUNK):
        chunk = assessments[start : start + CHUNK]
        PriorAssessment.objects.bulk_create([a for a, _p, _r in chunk])
        dimensions, needs, reviews = [], [], []
        for assessment, plan, rng in chunk:
            project = assessment.project
            context = {
                "dept": project.department.name,
                "name": project.name,
                "wan": rules._wan(project.total_amount),
                "sources": project.get_fund_sources_display() or "本级财政",
            }
            for n, value in enumerate(Dimension.values):
                # A draft is half written: the unit still has work to do.
                text = "" if plan == "draft" and n >= 2 else ARGUMENTS[value].format(**context)
                dimensions.append(AssessmentDimension(assessment=assessment, dimension=value, argument=text))
            for year, amount, note in _needs(project, rng):
                approved = (
                    amount
                    if assessment.status == S.CONCLUDED and assessment.conclusion != "not_supported"
                    else None
                )
                needs.append(
                    SpendingNeed(
                        assessment=assessment, year=year, amount=amount, note=note, approved_amount=approved
                    )
                )
            library_rules, _scheme = cached(project)
            if plan in ("concluded", "reassessed") and rules.needs_joint_review(project, library_rules):
                conditional = rng.random() < 0.25
                reviews.append(
                    JointReview(
                        project=project,
                        assessment=assessment,
                        year=project.start_year,
                        unit_id=project.unit_id,
                        department_id=project.department_id,
                        region_id=project.region_id,
                        meeting_date=min(
                            today, (assessment.concluded_at + datetime.timedelta(days=7)).date()
                        ),
                        committee=COMMITTEE,
                        members=MEMBERS,
                        decision=JointReview.Decision.CONDITIONAL
                        if conditional
                        else JointReview.Decision.APPROVED,
                        conditions="分年度安排资金，首年按审定金额的 60% 下达。" if conditional else "",
                        minutes="同意纳入项目库，按审定的分年度支出需求安排预算。",
                        recorded_by=assessment.concluded_by,
                    )
                )
        AssessmentDimension.objects.bulk_create(dimensions)
        SpendingNeed.objects.bulk_create(needs)
        JointReview.objects.bulk_create(reviews)
        counts["prior_assessment"] += len(chunk)
        counts["joint_review"] += len(reviews)
    for assessment, plan, rng in assessments:
        if plan in ("reassessment", "reassessed"):
            counts["assessment_expert_score"] += _panel(assessment, complete=plan == "reassessed", rng=rng)
    log(
        f"  事前绩效评估 {counts['prior_assessment']:,} 项，联合会审 {counts['joint_review']:,} 项，"
        f"专家评分 {counts['assessment_expert_score']:,} 条"
    )
    return counts


def _half(value: Decimal) -> Decimal:
    return (value / HALF).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * HALF


def _panel(assessment: PriorAssessment, *, complete: bool, rng: random.Random) -> int:
    """Two or three pool experts without a conflict; every one submitted when `complete`, else the
    demo `expert` is still scoring (their to-do)."""
    experts = []
    for profile in ex.pool_for(assessment):
        if not ex.conflicts_of(profile.user, assessment, profile):
            experts.append(profile)
    experts.sort(key=lambda p: (p.user.username != "expert", p.user.username))
    experts = experts[:3]
    if not experts:
        return 0
    points = rules.points_of(assessment)
    quality = Decimal(str(rng.choice(("0.86", "0.91", "0.82"))))
    now = timezone.now()
    written = 0
    for profile in experts:
        pending = not complete and profile.user.username == "expert"
        assignment = AssessmentExpertAssignment.objects.create(
            assessment=assessment,
            expert=profile.user,
            agency=profile.agency,
            assigned_by=assessment.concluded_by,
            no_conflict_declared=True,
            submitted_at=None if pending else now,
        )
        ExpertAssignment.objects.update_or_create(
            expert=profile.user,
            project_id=assessment.project_id,
            purpose=f"assessment:{assessment.pk}",
            defaults={"active": True},
        )
        dims = Dimension.values[:3] if pending else Dimension.values
        rows = []
        for dimension in dims:
            share = min(Decimal("1"), max(Decimal("0.4"), quality + Decimal(rng.randint(-8, 6)) / 100))
            score = _half(points[dimension] * share)
            band = ex.grade_score(assessment, dimension, score)
            rows.append(
                AssessmentExpertScore(
                    assignment=assignment,
                    dimension=dimension,
                    score=score,
                    grade=band.grade,
                    grade_label=band.label,
                    comment="论证较充分。" if share >= Decimal("0.8") else "论证不够充分，建议补充测算依据。",
                )
            )
        AssessmentExpertScore.objects.bulk_create(rows)
        written += len(rows)
    if complete:
        ex.store_result(assessment)
    return written


def reset(region_ids: list[int]) -> Counter:
    """Remove the regions' prior assessments (with dimensions, needs, attachments, expert
    assignments and scores, the experts' project access) and joint reviews."""
    counts = Counter()
    assessments = PriorAssessment.objects.filter(region_id__in=region_ids)
    ids = list(assessments.values_list("pk", flat=True))
    counts["expert_access"] = ExpertAssignment.objects.filter(
        purpose__in=[f"assessment:{pk}" for pk in ids]
    ).delete()[0]
    counts["assessment_expert_score"] = AssessmentExpertScore.objects.filter(
        assignment__assessment_id__in=ids
    ).delete()[0]
    AssessmentExpertAssignment.objects.filter(assessment_id__in=ids).delete()
    for attachment in AssessmentAttachment.objects.filter(assessment_id__in=ids):
        attachment.file.delete(save=False)
    counts["joint_review"] = JointReview.objects.filter(region_id__in=region_ids).delete()[0]
    counts["prior_assessment"] = len(ids)
    assessments.delete()
    return counts
