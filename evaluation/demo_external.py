"""Demo department and fiscal evaluations for `manage.py seed_demo` (issue 5: "some department
and fiscal evaluations").

In the demo city's current year: the default schemes, an expert pool of three (the demo `expert`
account and two colleagues at the demo agencies), confirmed department plans for up to three
departments (the demo department first) covering at least the Policy's share of their money, and
the fiscal key-evaluation plan. Every department evaluation but one is final — three experts
scored blind around a quality of their own, one criterion disputed, the agreed score the
rounded mean, the total and grade from the year's bands (one of them downgraded for a recorded
violation); the demo department's last one is 评价中 with the demo expert still to submit. The
fiscal plan has one final on-site evaluation of a project flagged by audit and one not started.
Reports are the reports part's demo.

Deterministic (random.Random seeded with the seed and the project code); the rows are written
directly (the rules are exercised by the tests), the totals computed by evaluation.experts.result.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from accounts.models import ExpertAssignment, Organization, Role, RoleAssignment, User
from budgets.models import FiscalYear
from evaluation import plans as pl
from evaluation.experts import result
from evaluation.models import (
    Assignment,
    CriterionResult,
    Evaluation,
    EvaluationPlan,
    EvaluationReport,
    ExpertProfile,
    ExpertScore,
    Scheme,
)
from evaluation.schemes import default_scheme_for, ensure_default_schemes, level3

DEMO_CITY = "220100"
EXTERNAL = (Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL, Evaluation.Kind.RE_EVALUATION)
#: (username, full name, expertise, title); the first is the demo account of budgets.demo.
POOL = (
    ("expert", "周文博", "财政绩效评价、教育经济", "高级会计师"),
    ("expert2", "钱玉兰", "工程造价、项目管理", "正高级工程师"),
    ("expert3", "孙立平", "公共管理、社会保障", "教授"),
)
DEPARTMENTS = 3
PER_DEPARTMENT = 3
HALF = Decimal("0.5")


def _half(value: Decimal) -> Decimal:
    """Scores move in half points, as experts write them."""
    return (value / HALF).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * HALF


def _region_id(region_ids: list[int]) -> int | None:
    from accounts.models import Region

    city = Region.objects.filter(pk__in=region_ids, code=DEMO_CITY).values_list("pk", flat=True).first()
    return city or (region_ids[0] if region_ids else None)


def _pool(region_id: int) -> list[User]:
    """The three pool experts, at the region's agencies (created or re-attached)."""
    agencies = list(
        Organization.objects.filter(region_id=region_id, kind=Organization.Kind.AGENCY).order_by("code")
    )
    if not agencies:
        return []
    demo = User.objects.filter(username="expert").first()
    users = []
    for n, (username, name, expertise, title) in enumerate(POOL):
        agency = agencies[n % len(agencies)]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=name, email=f"{username}@demo.perfapp.cn")
            # The colleagues share the demo expert's password (the demo password), so a visitor can
            # log in as each of them and see the blind scoring from every side.
            if demo is not None:
                user.password = demo.password
            else:
                user.set_unusable_password()
        if username != "expert":
            user.organization = agency
            user.is_active = True
            user.must_change_password = False
            user.save()
            RoleAssignment.objects.get_or_create(user=user, role=Role.EXPERT, organization=agency)
        elif not RoleAssignment.objects.filter(user=user, role=Role.EXPERT).exists():
            continue
        ExpertProfile.objects.update_or_create(
            user=user,
            defaults={
                "region_id": region_id,
                "expertise": expertise,
                "title": title,
                "employer": user.organization,
                "agency": user.organization
                if user.organization and user.organization.kind == Organization.Kind.AGENCY
                else None,
                "active": True,
            },
        )
        users.append(user)
    return users


def _departments(region_id: int) -> list[Organization]:
    """The demo department (the dept_edu account's) first, then those with the most projects."""
    demo = User.objects.filter(username="dept_edu").values_list("organization_id", flat=True).first()
    departments = list(
        Organization.objects.filter(region_id=region_id, kind=Organization.Kind.DEPARTMENT).order_by("code")
    )
    departments.sort(key=lambda d: (d.pk != demo, d.code))
    return departments


def _officer(organization_id: int, role: str) -> User | None:
    return User.objects.filter(
        role_assignments__organization_id=organization_id, role_assignments__role=role
    ).first()


def _evaluation(plan: EvaluationPlan, project, money: Decimal, **fields) -> Evaluation:
    return Evaluation.objects.create(
        kind=plan.kind,
        fiscal_year=plan.fiscal_year,
        year=plan.year,
        target=pl.approved_target(project, plan.year),
        project=project,
        name=project.name,
        unit_id=project.unit_id,
        department_id=project.department_id,
        region_id=project.region_id,
        category=project.category,
        plan=plan,
        scheme=default_scheme_for(plan.region_id, project.category),
        annual_budget=money,
        is_major_reform=project.is_major,
        status=Evaluation.Status.PLANNED,
        **fields,
    )


def _assign(
    evaluation: Evaluation, experts: list[User], by: User | None, counts: Counter
) -> list[Assignment]:
    roles = [Assignment.Role.LEAD] + [Assignment.Role.MEMBER] * (len(experts) - 1)
    rows = []
    for user, role in zip(experts, roles, strict=False):
        rows.append(
            Assignment.objects.create(
                evaluation=evaluation, expert=user, role=role, assigned_by=by, no_conflict_declared=True
            )
        )
        ExpertAssignment.objects.get_or_create(
            expert=user, project_id=evaluation.project_id, purpose=f"evaluation:{evaluation.pk}"
        )
    counts["evaluation_assignment"] += len(rows)
    return rows


def _score(
    evaluation: Evaluation,
    assignments: list[Assignment],
    rng: random.Random,
    quality: Decimal,
    *,
    pending: User | None = None,
):
    """Each expert scores every criterion around `quality` (share of the points); one criterion is
    disputed (one expert much lower). Everybody submits except `pending`. Returns the number of
    scores written."""
    criteria = level3(evaluation.scheme)
    disputed = rng.choice(criteria)
    rows = []
    now = timezone.now()
    for n, assignment in enumerate(assignments):
        leniency = Decimal(str(rng.uniform(-0.06, 0.06)))
        for c in criteria:
            share = quality + leniency + Decimal(str(rng.uniform(-0.05, 0.05)))
            if c == disputed and n == len(assignments) - 1:
                share -= Decimal("0.45")
            value = min(c.points, max(Decimal("0"), _half(c.points * share)))
            rows.append(ExpertScore(assignment=assignment, criterion=c, score=value))
        if pending is None or assignment.expert_id != pending.pk:
            assignment.submitted_at = now
            assignment.save(update_fields=["submitted_at"])
    ExpertScore.objects.bulk_create(rows)
    return len(rows)


def _agree(evaluation: Evaluation, by: User | None) -> None:
    """The agreed score of each criterion: the experts' mean, in half points."""
    scores: dict[int, list[Decimal]] = {}
    for cid, score in ExpertScore.objects.filter(assignment__evaluation=evaluation).values_list(
        "criterion_id", "score"
    ):
        scores.setdefault(cid, []).append(score)
    CriterionResult.objects.bulk_create(
        [
            CriterionResult(
                evaluation=evaluation,
                criterion_id=cid,
                score=_half(sum(values, Decimal("0")) / len(values)),
                comment="专家组合议认定",
                fixed_by=by,
            )
            for cid, values in scores.items()
        ]
    )


def _finish(evaluation: Evaluation, when: datetime.datetime) -> None:
    from evaluation.external import snapshot_money

    res = result(evaluation)
    snapshot_money(evaluation)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        initial_budget=evaluation.initial_budget,
        annual_budget=evaluation.annual_budget,
        spent=evaluation.spent,
        execution_rate=evaluation.execution_rate,
        status=Evaluation.Status.FINAL,
        total_score=res.total,
        grade=res.grade,
        grade_label=res.grade_label,
        downgraded=res.downgraded,
        policy_version=evaluation.fiscal_year.policy_row.version or None,
        finalized_at=when,
        findings=evaluation.findings or "部分绩效指标设置不够细化，项目资料归档不及时。",
        recommendations=evaluation.recommendations or "细化量化绩效指标，完善项目档案管理和资金支付审核。",
    )


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = Counter()
    region_id = _region_id(region_ids)
    if region_id is None:
        return counts
    # Department and fiscal evaluations look at a finished year: the one that was self-evaluated
    # (demo_self opens the previous year's season), else the current year.
    evaluated = (
        Evaluation.objects.filter(region_id=region_id, kind=Evaluation.Kind.SELF)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    fiscal_year = FiscalYear.objects.filter(region_id=region_id, year=evaluated or current_year).first()
    if fiscal_year is None:
        return counts
    counts["evaluation_scheme"] = len(ensure_default_schemes(region_id))
    experts = _pool(region_id)
    counts["expert_profile"] = len(experts)
    if len(experts) < 2:
        log("部门评价：该地区没有第三方机构或专家账号，未生成部门评价和财政评价。")
        return counts
    when = timezone.now()
    # Quality of each final evaluation (share of the points), spread over the grades.
    qualities = [Decimal(q) for q in ("0.93", "0.84", "0.72", "0.88", "0.55", "0.95", "0.78", "0.66")]
    finished = 0
    violation_done = False
    departments = _departments(region_id)
    made = 0
    for department in departments:
        if made >= DEPARTMENTS:
            break
        officer = _officer(department.pk, Role.DEPT_OFFICER)
        plan = EvaluationPlan(
            kind=EvaluationPlan.Kind.DEPARTMENT,
            fiscal_year=fiscal_year,
            year=fiscal_year.year,
            department=department,
            region_id=region_id,
            status=EvaluationPlan.Status.CONFIRMED,
            confirmed_at=when,
            created_by=officer,
            note="优先选择重大改革发展项目和资金量较大的项目。",
        )
        projects = list(pl.pool(plan).order_by("-money", "code")[:PER_DEPARTMENT])
        if not projects:
            continue
        plan.save()
        counts["evaluation_plan"] += 1
        made += 1
        for n, project in enumerate(projects):
            rng = random.Random(f"{seed}:external:{project.code}")
            evaluation = _evaluation(plan, project, project.money, is_onsite=n == 0)
            counts["department_evaluation"] += 1
            assignments = _assign(evaluation, experts, officer, counts)
            in_progress = made == 1 and n == len(projects) - 1
            evaluation.status = Evaluation.Status.IN_PROGRESS
            evaluation.save(update_fields=["status"])
            counts["expert_score"] += _score(
                evaluation,
                assignments,
                rng,
                qualities[finished % len(qualities)],
                pending=experts[0] if in_progress else None,
            )
            if in_progress:
                continue
            if not violation_done and finished == 3:
                Evaluation.objects.filter(pk=evaluation.pk).update(
                    violation=True, violation_note="发现挤占项目资金用于单位公用经费支出 3.2 万元。"
                )
                evaluation.refresh_from_db()
                violation_done = True
            _agree(evaluation, officer)
            _finish(evaluation, when)
            finished += 1
    counts.update(_fiscal(fiscal_year, experts, seed, when, qualities[finished % len(qualities)]))
    counts.update(_records_and_reports(region_id, fiscal_year.year))
    log(
        f"  部门评价与财政重点评价：计划 {counts['evaluation_plan']} 个，部门评价 {counts['department_evaluation']} 项，"
        f"财政评价 {counts['fiscal_evaluation']} 项，专家评分 {counts['expert_score']} 条"
    )
    return counts


def _records_and_reports(region_id: int, year: int) -> Counter:
    """Each final evaluation's work record (plan, on-site visit, exchange of opinions, joint review)
    and its final report (the PDF is rendered at its first download)."""
    import datetime

    from evaluation.models import WorkRecord
    from evaluation.reports import seed_reports

    counts = Counter()
    finals = list(
        Evaluation.objects.filter(
            region_id=region_id, year=year, kind__in=EXTERNAL, status=Evaluation.Status.FINAL
        ).select_related("unit")
    )
    day = datetime.date(year + 1, 6, 10)
    records = []
    for evaluation in finals:
        records += [
            WorkRecord(
                evaluation=evaluation,
                kind=WorkRecord.Kind.PLAN,
                date=day,
                content="制定评价工作方案，明确评价指标体系和评分标准。",
            ),
            WorkRecord(
                evaluation=evaluation,
                kind=WorkRecord.Kind.ONSITE,
                date=day + datetime.timedelta(days=7),
                place=evaluation.unit.name,
                people="评价组专家3人，被评价单位财务和项目负责人",
                content="现场查看项目实施情况，抽查支付凭证和验收资料；部分资料归档不及时。",
            ),
            WorkRecord(
                evaluation=evaluation,
                kind=WorkRecord.Kind.EXCHANGE,
                date=day + datetime.timedelta(days=14),
                place=evaluation.unit.name,
                people="评价组组长、被评价单位分管领导",
                content="就初步评价结论交换意见，被评价单位无异议。",
            ),
            WorkRecord(
                evaluation=evaluation,
                kind=WorkRecord.Kind.JOINT_REVIEW,
                date=day + datetime.timedelta(days=21),
                content="联评联审通过，建议细化整改措施。",
            ),
        ]
    WorkRecord.objects.bulk_create(records)
    counts["work_record"] = len(records)
    counts["evaluation_report"] = seed_reports(finals)
    return counts


def _fiscal(fiscal_year: FiscalYear, experts: list[User], seed: int, when, quality: Decimal) -> Counter:
    counts = Counter()
    admin = _officer(
        Organization.objects.filter(region_id=fiscal_year.region_id, kind=Organization.Kind.FINANCE_BUREAU)
        .values_list("pk", flat=True)
        .first(),
        Role.FINANCE_ADMIN,
    )
    plan = EvaluationPlan(
        kind=EvaluationPlan.Kind.FISCAL,
        fiscal_year=fiscal_year,
        year=fiscal_year.year,
        region_id=fiscal_year.region_id,
        status=EvaluationPlan.Status.CONFIRMED,
        confirmed_at=when,
        created_by=admin,
        note="重点选择覆盖面广、社会关注度高的重大项目；审计发现问题的项目开展现场评价。",
    )
    keys = pl.key_project_ids(plan)
    candidates = pl.pool(plan).exclude(evaluations__kind=Evaluation.Kind.DEPARTMENT)
    if keys and candidates.filter(pk__in=keys).exists():
        candidates = candidates.filter(pk__in=keys)
    projects = list(candidates.order_by("-money", "code")[:2])
    if not projects:
        return counts
    plan.save()
    counts["evaluation_plan"] += 1
    for n, project in enumerate(projects):
        evaluation = _evaluation(plan, project, project.money, is_onsite=True, flagged_by_audit=n == 0)
        counts["fiscal_evaluation"] += 1
        assignments = _assign(evaluation, experts, admin, counts)
        if n > 0:
            continue
        evaluation.status = Evaluation.Status.IN_PROGRESS
        evaluation.save(update_fields=["status"])
        rng = random.Random(f"{seed}:external:{project.code}")
        counts["expert_score"] += _score(evaluation, assignments, rng, quality)
        _agree(evaluation, admin)
        _finish(evaluation, when)
    return counts


def reset(region_ids: list[int]) -> Counter:
    """Remove the regions' department and fiscal evaluations (with their assignments, scores,
    agreed scores, work records and reports), plans, schemes and expert pool."""
    counts = Counter()
    evaluations = Evaluation.objects.filter(region_id__in=region_ids, kind__in=EXTERNAL)
    ids = list(evaluations.values_list("pk", flat=True))
    # Reports are the reports part's rows, but they protect the evaluations they belong to.
    counts["evaluation_report"] = EvaluationReport.objects.filter(evaluation_id__in=ids).delete()[0]
    counts["expert_access"] = ExpertAssignment.objects.filter(
        purpose__in=[f"evaluation:{pk}" for pk in ids]
    ).delete()[0]
    counts["external_evaluation"] = len(ids)
    evaluations.delete()
    counts["evaluation_plan"] = EvaluationPlan.objects.filter(region_id__in=region_ids).delete()[0]
    schemes = Scheme.objects.filter(region_id__in=region_ids)
    Evaluation.objects.filter(scheme__in=schemes).update(scheme=None)
    counts["evaluation_scheme"] = schemes.delete()[0]
    counts["expert_profile"] = ExpertProfile.objects.filter(region_id__in=region_ids).delete()[0]
    return counts
