"""Demo self-evaluations for `manage.py seed_demo` (issue 5: "a completed season with scores across
all grades"), called by evaluation.demo before the department evaluations and the spot check.

For each seeded region: the season of the previous year (the year whose self-evaluation falls due
on 31 May of the current one [003 三(一)]) is opened through evaluation.selfeval.open_season — or of
the current year when the previous one has no approved targets (the log says so). The units' actual
values are drawn so the totals fall across every grade band of the Policy (优/良/中/差 by default):
most self-evaluations went the whole way to 已审核, some wait at each review step, one was returned
and some are still being filled; one accepted self-evaluation carries a violation found by finance
(挤占项目资金) and is one band lower [003 二(四)]. Scores are computed by evaluation.scoring, never
made up.

Deterministic (random.Random seeded with the seed and the evaluation's place and name, never a pk), and written in bulk.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from accounts.models import Organization, Region, Role, RoleAssignment
from budgets.models import FiscalYear
from evaluation import selfeval as se
from evaluation.models import Attachment, Evaluation, Season, SelfEvaluationRow
from evaluation.scoring import ScoringError
from perfapp.models import TransitionLog
from targets.models import Comparator

S = Evaluation.Status
CENT = Decimal("0.01")
#: Grade each self-evaluation aims at, in turn (the scores then fall where the rules put them).
AIMS = ("excellent", "good", "excellent", "fair", "good", "excellent", "poor", "good", "fair", "excellent")
#: Share of each row's target reached, by aim (low, high).
REACHED = {
    "excellent": (Decimal("0.97"), Decimal("1.08")),
    "good": (Decimal("0.80"), Decimal("0.95")),
    "fair": (Decimal("0.60"), Decimal("0.80")),
    "poor": (Decimal("0.25"), Decimal("0.55")),
}
#: Where each self-evaluation stands, in turn: most accepted, some at every step of the review.
STATES = (
    S.ACCEPTED,
    S.ACCEPTED,
    S.ACCEPTED,
    S.SUBMITTED,
    S.ACCEPTED,
    S.ACCEPTED,
    S.DEPT_APPROVED,
    S.ACCEPTED,
    S.RETURNED,
    S.ACCEPTED,
    S.ACCEPTED,
    S.DRAFT,
    S.ACCEPTED,
    S.BUSINESS_APPROVED,
    S.ACCEPTED,
    S.ACCEPTED,
)
PATHS = {
    S.DRAFT: (),
    S.SUBMITTED: (("submit", S.DRAFT, S.SUBMITTED),),
    S.DEPT_APPROVED: (("submit", S.DRAFT, S.SUBMITTED), ("dept_approve", S.SUBMITTED, S.DEPT_APPROVED)),
    S.BUSINESS_APPROVED: (
        ("submit", S.DRAFT, S.SUBMITTED),
        ("dept_approve", S.SUBMITTED, S.DEPT_APPROVED),
        ("business_approve", S.DEPT_APPROVED, S.BUSINESS_APPROVED),
    ),
    S.ACCEPTED: (
        ("submit", S.DRAFT, S.SUBMITTED),
        ("dept_approve", S.SUBMITTED, S.DEPT_APPROVED),
        ("business_approve", S.DEPT_APPROVED, S.BUSINESS_APPROVED),
        ("accept", S.BUSINESS_APPROVED, S.ACCEPTED),
    ),
    S.RETURNED: (
        ("submit", S.DRAFT, S.SUBMITTED),
        ("dept_approve", S.SUBMITTED, S.DEPT_APPROVED),
        ("business_return", S.DEPT_APPROVED, S.RETURNED),
    ),
}
#: Days before the deadline each step happened.
DAYS_BEFORE = {"submit": 20, "dept_approve": 15, "business_approve": 9, "business_return": 9, "accept": 3}
RETURN_COMMENT = "偏差原因分析过于笼统，请结合项目实施情况逐项说明，并补充佐证材料。"
DEVIATION_REASONS = (
    "受政府采购流程影响，部分合同签订时间晚于计划，年度内未全部完成；已优化采购计划，提前启动下年度采购。",
    "项目实施过程中服务对象需求变化，实际数量少于年初计划；下年度将结合需求调查合理确定目标值。",
    "部分工程受天气影响工期延后，质量验收尚未全部完成；已督促施工单位加快进度，次年一季度完成验收。",
    "年初目标值测算依据不充分，与实际执行存在偏差；今后将参考历史数据和行业标准科学设定指标值。",
    "人员调整导致部分工作推迟开展；已充实项目工作专班，建立月调度机制。",
)
VIOLATION_NOTE = "财政检查发现该项目资金 8.6 万元被用于单位日常公用经费支出，属挤占项目资金。"


def _q(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _year_to_evaluate(region_id: int, current_year: int, log) -> FiscalYear | None:
    years = {
        fy.year: fy
        for fy in FiscalYear.objects.filter(region_id=region_id, year__in=[current_year - 1, current_year])
    }
    for year in (current_year - 1, current_year):
        fy = years.get(year)
        if fy is not None and se.season_targets(fy).exists():
            if year == current_year:
                log(f"  绩效自评：{fy}之前的年度没有已批复的绩效目标，改为开启{year}年度自评。")
            return fy
    return None


def _admin_of(region_id: int):
    """The finance admin of the region, else of the nearest region above it (whose scope covers it)."""
    chain = []
    region = Region.objects.filter(pk=region_id).first()
    while region is not None and len(chain) < 10:
        chain.append(region.pk)
        region = region.parent
    admins = {
        ra.organization.region_id: ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.FINANCE_ADMIN, organization__region_id__in=chain, user__is_active=True
        )
        .select_related("user", "organization")
        .order_by("-pk")
    }
    return next((admins[r] for r in chain if r in admins), None)


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts = Counter()
    today = today or timezone.localdate()
    for region_id in region_ids:
        fiscal_year = _year_to_evaluate(region_id, current_year, log)
        admin = _admin_of(region_id)
        if fiscal_year is None or admin is None:
            continue
        season = se.open_season(fiscal_year, admin, notify_units=False)
        counts["self_evaluation_season"] += 1
        part = _fill(season, seed, today)
        counts.update({k: v for k, v in part.items() if not k.startswith("grade:")})
        grades = "、".join(f"{k[6:]} {v}" for k, v in sorted(part.items()) if k.startswith("grade:"))
        log(
            f"  绩效自评：{fiscal_year} {part['self_evaluation']:,} 份（已审核 {part['self_accepted']:,}），"
            f"等级分布：{grades}"
        )
    return counts


def _people(evaluations) -> dict:
    """Who acted at each step: the unit's officer (the department's for its overall one), the
    department officer, the division's reviewer, the region's admin."""
    org_ids = {e.unit_id for e in evaluations} | {e.department_id for e in evaluations}
    officers: dict[int, int] = {}
    for ra in RoleAssignment.objects.filter(
        organization_id__in=org_ids, role__in=[Role.UNIT_OFFICER, Role.DEPT_OFFICER]
    ).order_by("pk"):
        officers.setdefault(ra.organization_id, ra.user_id)
    divisions = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "division_id"))
    reviewers: dict[int, int] = {}
    for ra in RoleAssignment.objects.filter(
        role=Role.FINANCE_REVIEWER, division_id__in={d for d in divisions.values() if d}
    ).order_by("pk"):
        reviewers.setdefault(ra.division_id, ra.user_id)
    return {"officers": officers, "divisions": divisions, "reviewers": reviewers}


def _actor(step: str, e: Evaluation, people: dict, admin_id: int | None):
    officers = people["officers"]
    if step == "submit":
        return officers.get(e.department_id if e.is_department_overall else e.unit_id)
    if step == "dept_approve":
        return officers.get(e.department_id)
    if step in ("business_approve", "business_return"):
        return people["reviewers"].get(people["divisions"].get(e.department_id)) or admin_id
    return admin_id


def _fill_row(row: SelfEvaluationRow, reached: Decimal, rng: random.Random, scheme) -> None:
    if row.comparator == Comparator.QUALITATIVE:
        band = next((b for b in scheme.qualitative_bands if reached >= b.lower), scheme.qualitative_bands[-1])
        row.band = band.key
        row.achievement = _q(min(max(reached, band.lower), band.upper), "0.0001")
        row.actual_text = {0: "全面完成，成效明显", 1: "基本完成，部分环节有待改进"}.get(
            scheme.qualitative_bands.index(band), "未达到预期效果"
        )
        return
    target = row.target_value
    if target is None or target <= 0:
        row.actual_value = target
        return
    if row.comparator == Comparator.LTE:
        actual = target / reached if reached > 0 else target * 3
    elif row.comparator == Comparator.EQ:
        actual = target if reached >= Decimal("0.97") else target * reached
    else:
        actual = target * reached
    if row.unit == "%":
        actual = min(actual, Decimal("100"))
    whole = target == target.to_integral_value() and target >= 10
    row.actual_value = _q(actual, "1" if whole else "0.01")


def _fill(season: Season, seed: int, today: datetime.date) -> Counter:
    counts = Counter()
    fiscal_year = season.fiscal_year
    policy = fiscal_year.policy_row
    scheme = policy.rules.self_evaluation
    snapshot = policy.rules.to_dict()["self_evaluation"]
    evaluations = list(
        Evaluation.objects.filter(fiscal_year=fiscal_year, kind=Evaluation.Kind.SELF).order_by("pk")
    )
    rows_of: dict[int, list[SelfEvaluationRow]] = defaultdict(list)
    for row in SelfEvaluationRow.objects.filter(evaluation__in=evaluations).order_by(
        "evaluation_id", "order", "pk"
    ):
        rows_of[row.evaluation_id].append(row)
    monies = se._money_of_many(evaluations, fiscal_year.year)
    people = _people(evaluations)
    admin_id = season.opened_by_id
    due = season.deadline.due
    logs: list[TransitionLog] = []
    log_times: list[datetime.datetime] = []
    violation_done = False
    content_type = ContentType.objects.get_for_model(Evaluation)
    all_rows: list[SelfEvaluationRow] = []
    for n, (e, money) in enumerate(zip(evaluations, monies, strict=True)):
        rng = random.Random(f"{seed}:self:{n}:{e.name}")  # not a pk: the same after --reset
        state = STATES[n % len(STATES)]
        aim = AIMS[n % len(AIMS)]
        low, high = REACHED[aim]
        rows = rows_of[e.pk]
        counts["self_evaluation"] += 1
        counts[f"self_{state}"] += 1
        if state == S.DRAFT and n % 2:
            # Not started yet: the money is all the form shows.
            se._set_money(e, money)
            continue
        for row in rows:
            reached = low + (high - low) * Decimal(str(round(rng.random(), 4)))
            _fill_row(row, reached, rng, scheme)
        e.goal_actual = (
            f"{fiscal_year.year}年项目按计划实施，{e.goal_expected[:60]}……各项年度目标"
            + {"excellent": "全面完成", "good": "基本完成", "fair": "部分完成", "poor": "完成情况较差"}[aim]
            + "。"
        )
        try:
            score = se.score_of(e, rows, money=money, scheme=scheme)
        except ScoringError:
            # Cannot be scored (no budget allocated): left with the unit as a draft.
            se._set_money(e, money)
            counts[f"self_{state}"] -= 1
            counts["self_draft"] += 1
            continue
        for row, rs in zip(rows, score.rows, strict=True):
            if rs.shortfall:
                row.deviation_reason = rng.choice(DEVIATION_REASONS)
        if score.needs_explanation:
            e.execution_explanation = "部分资金因项目验收晚于计划尚未支付，已督促按合同进度尽快支付。"
        if state == S.ACCEPTED and not violation_done and score.grade in ("excellent", "good"):
            e.violation, e.violation_note = True, VIOLATION_NOTE
            score = se.score_of(e, rows, money=money, scheme=scheme)
            violation_done = True
        se._apply(e, rows, money, score)
        all_rows.extend(rows)
        path = PATHS[state]
        e.status = state
        e.version = 1 + len(path) + 1
        if path:
            e.scheme_data = snapshot
            e.policy_version = policy.version or None
        for step, source, target in path:
            when = min(
                datetime.datetime.combine(
                    due - datetime.timedelta(days=DAYS_BEFORE[step] - n % 3), datetime.time(10)
                ),
                datetime.datetime.combine(today, datetime.time(9)),
            )
            when = timezone.make_aware(when)
            if step == "submit":
                e.submitted_at = when
            logs.append(
                TransitionLog(
                    content_type=content_type,
                    object_id=e.pk,
                    transition=step,
                    source=source,
                    target=target,
                    actor_id=_actor(step, e, people, admin_id),
                    comment=RETURN_COMMENT if step == "business_return" else "",
                )
            )
            log_times.append(when)
        if state != S.DRAFT:
            counts[f"grade:{e.grade_label}"] += 1
    _bulk_set(SelfEvaluationRow, all_rows, [*se.ROW_INPUT_FIELDS, *se.ROW_SCORE_FIELDS])
    _bulk_set(
        Evaluation,
        evaluations,
        [
            *se.INPUT_FIELDS,
            *se.MONEY_FIELDS,
            *se.SCORE_FIELDS,
            "violation",
            "violation_note",
            "status",
            "version",
            "scheme_data",
            "policy_version",
            "submitted_at",
        ],
    )
    created = TransitionLog.objects.bulk_create(logs, batch_size=se.BATCH)
    # `at` is auto_now_add: set the historical times afterwards, a day at a time.
    by_time: dict[datetime.datetime, list[int]] = defaultdict(list)
    for log, when in zip(created, log_times, strict=True):
        by_time[when].append(log.pk)
    for when, ids in by_time.items():
        TransitionLog.objects.filter(pk__in=ids).update(at=when)
    counts["self_evaluation_row"] += len(all_rows)
    return counts


def _bulk_set(model, objs, fields: list[str]) -> None:
    """UPDATE … FROM (VALUES …) on PostgreSQL: Django's bulk_update builds a CASE per field and row,
    which takes seconds for a county's thousands of rows; this is one statement per thousand rows."""
    if not objs:
        return
    if connection.vendor != "postgresql":  # SQLite (`make run`): small data, the plain way
        model.objects.bulk_update(objs, fields, batch_size=se.BATCH)
        return
    qn = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    names = ", ".join(qn(f.column) for f in columns)
    assignments = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}::{f.db_type(connection)}" for f in columns)
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    table = qn(model._meta.db_table)
    for start in range(0, len(objs), se.BATCH):
        chunk = objs[start : start + se.BATCH]
        params = []
        for obj in chunk:
            params.append(obj.pk)
            params += [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(chunk))}) "  # noqa: S608
                f"AS v(id, {names}) WHERE {table}.id = v.id",
                params,
            )


def reset(region_ids: list[int]) -> Counter:
    """Every self-evaluation of the regions, their rows, files and transition history, and the
    seasons (their deadlines go with the fiscal years)."""
    counts = Counter()
    evaluations = Evaluation.objects.filter(region_id__in=region_ids, kind=Evaluation.Kind.SELF)
    ids = list(evaluations.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(Evaluation)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        TransitionLog.objects.filter(content_type=content_type, object_id__in=chunk).delete()
        for attachment in Attachment.objects.filter(evaluation_id__in=chunk).exclude(file=""):
            attachment.file.delete(save=False)
        SelfEvaluationRow.objects.filter(evaluation_id__in=chunk).delete()
        counts["self_evaluation"] += (
            Evaluation.objects.filter(pk__in=chunk).delete()[1].get("evaluation.Evaluation", 0)
        )
    seasons = Season.objects.filter(fiscal_year__region_id__in=region_ids)
    counts["self_evaluation_season"] = seasons.delete()[1].get("evaluation.Season", 0)
    return counts
