"""Rules of self-evaluations (绩效自评): opening the season, the money and the score computed (never
typed), what a submission must contain, the layered review, evidence files and the library of
scoring schemes.

[003 三(一)] every unit self-evaluates every project and the department its overall spending, by
the date the year's Policy sets (default 31 May of the next year), reviewed unit → department
(初审) → finance (业务 and 技术 review), with return at every step.
[004 第三十—三十七条] evaluation content, methods and grades; 财预〔2020〕10号 the 项目支出绩效自评表
and its scoring (evaluation.scoring); [003 二(四)] a recorded violation lowers the grade one band.

Pages, the API, the Excel importer (evaluation.selfeval_import) and spot checks
(evaluation.spotchecks) call these functions; none of them takes a request for anything but the
audit trail.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.guards import finance_of
from accounts.models import Role, User
from accounts.scoping import scope_of
from budgets.indicators import ratio
from budgets.models import Allocation, Deadline, Expenditure, FiscalYear, project_year_totals
from budgets.policy import PolicyData, PolicyError, SelfEvaluation, label_of, month_day
from evaluation.models import (
    Attachment,
    Evaluation,
    ScoringScheme,
    Season,
    SelfEvaluationRow,
    _declarer_of,
)
from evaluation.records import ALLOWED_EXTENSIONS, max_file_bytes
from evaluation.scoring import ExecutionInput, RowInput, Score, ScoringError, score_self_evaluation
from perfapp import audit
from perfapp.access import is_read_only
from perfapp.documents import sha256_of
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import TransitionRefused, WorkflowError, perform, save_edit
from targets.models import Comparator, Indicator, Target

S = Evaluation.Status
ZERO = Decimal("0")
BATCH = 1000

RETURNS = ("dept_return", "business_return", "technical_return")
TRANSITIONS = ("submit", "dept_approve", "business_approve", "accept", *RETURNS)
TRANSITION_LABELS = {
    "submit": gettext_lazy("报送"),
    "dept_approve": gettext_lazy("部门初审通过"),
    "dept_return": gettext_lazy("部门初审退回"),
    "business_approve": gettext_lazy("财政业务审核通过"),
    "business_return": gettext_lazy("财政业务审核退回"),
    "accept": gettext_lazy("财政技术审核通过"),
    "technical_return": gettext_lazy("财政技术审核退回"),
}
#: The review step of each status: (approve, return, title) [003 三(一)].
REVIEW_STEPS = {
    S.SUBMITTED: ("dept_approve", "dept_return", gettext_lazy("部门初审")),
    S.DEPT_APPROVED: ("business_approve", "business_return", gettext_lazy("财政业务审核")),
    S.BUSINESS_APPROVED: ("accept", "technical_return", gettext_lazy("财政技术审核")),
}

#: What the unit types on a row; everything else on a row is copied from the target or computed.
ROW_INPUT_FIELDS = (
    "actual_value",
    "actual_text",
    "not_applicable",
    "band",
    "achievement",
    "deviation_reason",
)
ROW_SCORE_FIELDS = ("points", "score", "formula", "rule")
#: What the unit types on the evaluation itself.
INPUT_FIELDS = ("goal_actual", "execution_explanation")
MONEY_FIELDS = ("initial_budget", "annual_budget", "spent", "execution_rate")
SCORE_FIELDS = ("execution_score", "total_score", "grade", "grade_label", "downgraded")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def detail_url(evaluation: Evaluation) -> str:
    return _url("evaluation:self_detail", evaluation.pk)


# --- who sees what ---------------------------------------------------------------------------------


def self_evaluations_visible_to(user):
    """The self-evaluations `user` sees: own unit, own department, the departments of a finance
    division, the whole region; an expert none (experts see only assigned external evaluations)."""
    return Evaluation.objects.visible_to(user).filter(kind=Evaluation.Kind.SELF)


def get_self_evaluation_for_user(user, pk) -> Evaluation:
    """The self-evaluation if `user` sees it, else 404."""
    qs = Evaluation.objects.filter(kind=Evaluation.Kind.SELF).select_related(
        "fiscal_year__region", "target", "project", "unit", "department"
    )
    return get_visible_or_404(qs, user, pk=pk)


def is_season_admin(user, fiscal_year: FiscalYear) -> bool:
    """The finance performance administrator of the year's region opens its season [003 三(一)]."""
    scope = scope_of(user)
    return (
        Role.FINANCE_ADMIN in scope.roles
        and scope.region_ids is not None
        and fiscal_year.region_id in scope.region_ids
    )


def can_edit(user, evaluation: Evaluation) -> tuple[bool, str]:
    """The declarer (the unit; the department for its overall spending) fills the form while it is
    填报中 or 退回修改; once submitted it waits for review, and an accepted one never changes."""
    if evaluation.kind != Evaluation.Kind.SELF:
        return False, _("这不是绩效自评。")
    if is_read_only(user):
        return False, _("只读角色不能填写绩效自评。")
    if not evaluation.is_editable:
        return False, _("绩效自评处于“%(s)s”状态，不能修改。") % {"s": evaluation.get_status_display()}
    if not _declarer_of(evaluation, user):
        return False, _("只有填报单位的经办人可以填写绩效自评。")
    return True, ""


def can_record_violation(user, evaluation: Evaluation) -> tuple[bool, str]:
    """Finance (the division that manages the department, or the performance administrator)
    records a violation found (挤占、挪用 …) until the self-evaluation is accepted [003 二(四)]."""
    if evaluation.kind != Evaluation.Kind.SELF:
        return False, _("这不是绩效自评。")
    if is_read_only(user) or not finance_of(evaluation, user):
        return False, _("只有财政部门可以认定违规问题。")
    if evaluation.status == S.ACCEPTED:
        return False, _("已审核的绩效自评不能修改。")
    return True, ""


# --- opening the season ----------------------------------------------------------------------------


def season_targets(fiscal_year: FiscalYear):
    """The approved (or published) targets of the year that are self-evaluated: every project target
    and every department's overall target [003 三(一)]; of an adjusted target, the approved version
    that no later approved version replaced."""
    return (
        Target.objects.filter(fiscal_year=fiscal_year, kind__in=[Target.Kind.PROJECT, Target.Kind.DEPARTMENT])
        .approved()
        .exclude(superseded_by__status__in=[Target.Status.APPROVED, Target.Status.PUBLISHED])
    )


def self_evaluation_due(fiscal_year: FiscalYear) -> datetime.date:
    """The self-evaluation of year Y is due on the Policy's month-day of Y + 1 (default 05-31)."""
    return month_day(fiscal_year.year + 1, fiscal_year.policy.deadlines.self_evaluation)


def _season_deadline(fiscal_year: FiscalYear) -> Deadline:
    due = self_evaluation_due(fiscal_year)
    existing = Deadline.objects.filter(
        fiscal_year=fiscal_year, stage=Deadline.Stage.SELF_EVALUATION, due=due
    ).first()
    if existing and not Season.objects.filter(deadline=existing).exists():
        return existing
    return Deadline.objects.create(
        fiscal_year=fiscal_year,
        stage=Deadline.Stage.SELF_EVALUATION,
        name=_("%(year)s年度%(stage)s")
        % {"year": fiscal_year.year, "stage": label_of("deadlines.self_evaluation")},
        due=due,
    )


def open_season(fiscal_year: FiscalYear, user, *, request=None, notify_units: bool = True) -> Season:
    """Open the year's self-evaluation season: the Deadline (Policy month-day of the next year) and
    one self-evaluation per approved target with a copy of its indicators; every declaring unit
    is told (unless `notify_units` is False: the demo loader). Idempotent: a second call keeps what
    exists and adds only the targets approved since.

    Written in bulk, a batch of targets at a time: the number of queries does not depend on the
    number of targets in a batch.
    """
    if not is_season_admin(user, fiscal_year):
        raise WorkflowError(_("只有本地区财政绩效管理员可以开启绩效自评。"), code="permission")
    with transaction.atomic():
        # Two admins opening at once: the second waits here and then finds the season.
        FiscalYear.objects.select_for_update().filter(pk=fiscal_year.pk).first()
        season = Season.objects.filter(fiscal_year=fiscal_year).first()
        if season is None:
            season = Season.objects.create(fiscal_year=fiscal_year, opened_by=user)
        if season.deadline_id is None:
            season.deadline = _season_deadline(fiscal_year)
            season.save(update_fields=["deadline"])
        has_one = Evaluation.objects.filter(target_id=OuterRef("pk"), kind=Evaluation.Kind.SELF)
        targets = list(
            season_targets(fiscal_year)
            .filter(~Exists(has_one))
            .only(
                "pk",
                "kind",
                "name",
                "year",
                "project_id",
                "unit_id",
                "department_id",
                "region_id",
                "category",
                "overall_goal",
            )
            .order_by("department_id", "unit_id", "pk")
        )
        created: list[Evaluation] = []
        for start in range(0, len(targets), BATCH):
            created += _create_evaluations(fiscal_year, targets[start : start + BATCH])
        audit.record(
            EventKind.CREATED,
            user,
            season,
            summary=_("开启%(year)s年度绩效自评，新建 %(n)s 份自评")
            % {"year": fiscal_year.year, "n": len(created)},
            data={"fiscal_year": fiscal_year.pk, "created": len(created), "due": str(season.deadline.due)},
            request=request,
        )
        if notify_units:
            _notify_opened(season, created, user)
    return season


def _create_evaluations(fiscal_year: FiscalYear, targets: list[Target]) -> list[Evaluation]:
    new = [
        Evaluation(
            kind=Evaluation.Kind.SELF,
            fiscal_year=fiscal_year,
            year=fiscal_year.year,
            target=t,
            project_id=t.project_id,
            name=t.name[:200],
            is_department_overall=t.kind == Target.Kind.DEPARTMENT,
            unit_id=t.unit_id,
            department_id=t.department_id,
            region_id=t.region_id,
            category=t.category,
            goal_expected=t.overall_goal,
        )
        for t in targets
    ]
    for evaluation, money in zip(new, _money_of_many(new, fiscal_year.year), strict=True):
        _set_money(evaluation, money)
    Evaluation.objects.bulk_create(new, batch_size=BATCH)
    by_target = {e.target_id: e for e in new}
    rows = [
        SelfEvaluationRow(
            evaluation=by_target[ind.target_id],
            indicator=ind,
            order=ind.order,
            level1=ind.level1,
            level2=ind.level2,
            name=ind.name[:100],
            comparator=ind.comparator,
            target_value=ind.target_value,
            target_text=ind.qualitative_value[:100],
            unit=ind.unit,
            weight=ind.weight,
        )
        for ind in Indicator.objects.filter(target_id__in=list(by_target)).order_by(
            "target_id", "order", "pk"
        )
    ]
    SelfEvaluationRow.objects.bulk_create(rows, batch_size=BATCH)
    return new


def _notify_opened(season: Season, created: list[Evaluation], user) -> None:
    if not created:
        return
    unit_ids = {e.unit_id for e in created if not e.is_department_overall}
    dept_ids = {e.department_id for e in created if e.is_department_overall}
    recipients = User.objects.filter(
        Q(role_assignments__role=Role.UNIT_OFFICER, role_assignments__organization_id__in=unit_ids)
        | Q(role_assignments__role=Role.DEPT_OFFICER, role_assignments__organization_id__in=dept_ids),
        is_active=True,
    ).distinct()
    due = season.deadline.due
    notify(
        EventKind.TRANSITION,
        user,
        season,
        list(recipients),
        title=_("请于%(due)s前完成%(year)s年度绩效自评")
        % {"due": f"{due:%Y-%m-%d}", "year": season.fiscal_year.year},
        body=_(
            "绩效自评已开启：按项目支出绩效自评表填写各项指标的实际完成值、偏差原因并上传佐证材料后报送。"
        ),
        url=_url("evaluation:self_list"),
        due=due,
    )


# --- money: computed from Allocation and Expenditure, never typed ------------------------------------


@dataclass(frozen=True)
class Money:
    """年初预算数, 全年预算数, 全年执行数 (yuan) and 执行率 (percent, 2 decimals)."""

    initial_budget: Decimal
    budget: Decimal
    spent: Decimal

    @property
    def execution_rate(self) -> Decimal | None:
        return ratio(self.spent, self.budget)


def execution_of(evaluation: Evaluation) -> Money:
    """The year's money of the project, or for a department's overall self-evaluation of every
    project of the department [财预〔2020〕10号 自评表; 002 三(二)]: 全年执行数 is every payment of the
    budget year. An evaluation with neither (imported history) keeps the money it carries."""
    if evaluation.is_department_overall:
        allocations = Allocation.objects.filter(department_id=evaluation.department_id)
        expenditures = Expenditure.objects.filter(department_id=evaluation.department_id)
    elif evaluation.project_id:
        allocations = Allocation.objects.filter(project_id=evaluation.project_id)
        expenditures = Expenditure.objects.filter(project_id=evaluation.project_id)
    else:
        return stored_money(evaluation)
    a = allocations.filter(year=evaluation.year).aggregate(
        initial=Sum("initial_amount"), budget=Sum("total_amount")
    )
    spent = expenditures.filter(year=evaluation.year).aggregate(s=Sum("amount"))["s"]
    return Money(a["initial"] or ZERO, a["budget"] or ZERO, spent or ZERO)


def stored_money(evaluation: Evaluation) -> Money:
    return Money(evaluation.initial_budget, evaluation.annual_budget, evaluation.spent)


def money_of(evaluation: Evaluation) -> Money:
    """The money a self-evaluation shows and is scored on: live while the unit fills it, frozen
    from submission on (and for rechecks and imported history, what they carry)."""
    if evaluation.kind == Evaluation.Kind.SELF and evaluation.is_editable:
        return execution_of(evaluation)
    return stored_money(evaluation)


def _money_of_many(evaluations: list[Evaluation], year: int) -> list[Money]:
    """execution_of() for many new evaluations of one year in four queries."""
    projects = project_year_totals({e.project_id for e in evaluations if e.project_id}, year)
    departments = {e.department_id for e in evaluations if e.is_department_overall}
    by_dept: dict[int, dict] = {d: {"initial": ZERO, "budget": ZERO, "spent": ZERO} for d in departments}
    if departments:
        for row in (
            Allocation.objects.filter(department_id__in=departments, year=year)
            .values("department_id")
            .annotate(initial=Sum("initial_amount"), budget=Sum("total_amount"))
        ):
            by_dept[row["department_id"]].update(initial=row["initial"], budget=row["budget"])
        for row in (
            Expenditure.objects.filter(department_id__in=departments, year=year)
            .values("department_id")
            .annotate(spent=Sum("amount"))
        ):
            by_dept[row["department_id"]]["spent"] = row["spent"]
    out = []
    for e in evaluations:
        if e.is_department_overall:
            t = by_dept[e.department_id]
        elif e.project_id:
            t = projects[e.project_id]
        else:
            out.append(stored_money(e))
            continue
        out.append(Money(t["initial"] or ZERO, t["budget"] or ZERO, t["spent"] or ZERO))
    return out


def _set_money(evaluation: Evaluation, money: Money) -> None:
    evaluation.initial_budget = money.initial_budget
    evaluation.annual_budget = money.budget
    evaluation.spent = money.spent
    evaluation.execution_rate = money.execution_rate


# --- the score: computed by evaluation.scoring, never typed -----------------------------------------


def scheme_of(evaluation: Evaluation) -> SelfEvaluation:
    """The scheme the evaluation is scored under: the snapshot taken at submission (so a later
    Policy version never moves its score), else the year's Policy in force."""
    if evaluation.scheme_data:
        return PolicyData.from_dict({"self_evaluation": evaluation.scheme_data}).self_evaluation
    return evaluation.fiscal_year.policy.self_evaluation


def _plain(value: Decimal | None) -> Decimal | None:
    # Stored with 4 places; the formula shows 37.24, not 37.2400.
    return None if value is None else value.normalize()


def row_input(row: SelfEvaluationRow) -> RowInput:
    return RowInput(
        key=str(row.pk),
        level1=row.level1,
        name=row.name,
        comparator=row.comparator,
        target=_plain(row.target_value),
        actual=_plain(row.actual_value),
        weight=row.weight,
        not_applicable=row.not_applicable,
        achievement=row.achievement,
        band=row.band,
    )


def score_of(
    evaluation: Evaluation, rows: list[SelfEvaluationRow], *, money: Money | None = None, scheme=None
) -> Score:
    """The score of `evaluation` with `rows` as given (saved or being edited); writes nothing.
    Raises ScoringError when the input cannot be scored yet (a qualitative row without its band, a
    budget of 0 …)."""
    money = money or money_of(evaluation)
    return score_self_evaluation(
        scheme or scheme_of(evaluation),
        ExecutionInput(money.budget, money.spent),
        [row_input(r) for r in rows],
        violation=evaluation.violation,
    )


def _rows(evaluation: Evaluation) -> list[SelfEvaluationRow]:
    # A fresh query, never a prefetched (possibly stale) cache.
    return list(SelfEvaluationRow.objects.filter(evaluation_id=evaluation.pk).order_by("order", "pk"))


def _apply(evaluation: Evaluation, rows: list[SelfEvaluationRow], money: Money, score: Score) -> None:
    _set_money(evaluation, money)
    for row, rs in zip(rows, score.rows, strict=True):
        row.points, row.score = rs.points, rs.score
        row.formula, row.rule = rs.formula[:255], rs.rule[:255]
    evaluation.execution_score = score.execution.score
    evaluation.total_score = score.total
    evaluation.grade = score.grade
    evaluation.grade_label = score.grade_label
    evaluation.downgraded = score.downgraded


def _save_scores(evaluation: Evaluation, rows: list[SelfEvaluationRow], *, save_evaluation: bool) -> None:
    SelfEvaluationRow.objects.bulk_update(rows, ROW_SCORE_FIELDS, batch_size=BATCH)
    if save_evaluation:
        evaluation.save(update_fields=[*MONEY_FIELDS, *SCORE_FIELDS, "updated_at"])


def recompute(evaluation: Evaluation, *, save: bool = True) -> Score:
    """Score `evaluation` from its stored rows under scheme_of() with money_of() [财预〔2020〕10号]
    and, with `save`, write every row's 分值/得分/formula/rule and the evaluation's money, execution
    score, total, grade and downgrade. A constant number of queries whatever the number of rows.
    Raises ScoringError (nothing written) when the input cannot be scored yet."""
    rows = _rows(evaluation)
    money = money_of(evaluation)
    score = score_of(evaluation, rows, money=money)
    _apply(evaluation, rows, money, score)
    if save:
        _save_scores(evaluation, rows, save_evaluation=True)
    return score


def clear_score(evaluation: Evaluation) -> None:
    """Forget a score that no longer matches the input (the input cannot be scored yet); the money
    is still refreshed."""
    _set_money(evaluation, money_of(evaluation))
    for name in SCORE_FIELDS:
        setattr(evaluation, name, False if name == "downgraded" else None)
    evaluation.grade = evaluation.grade_label = ""
    SelfEvaluationRow.objects.filter(evaluation_id=evaluation.pk).update(
        points=None, score=None, formula="", rule=""
    )
    evaluation.save(update_fields=[*MONEY_FIELDS, *SCORE_FIELDS, "updated_at"])


def recompute_or_clear(evaluation: Evaluation) -> str:
    """recompute(); when the input cannot be scored yet, clear the old score and return why."""
    try:
        recompute(evaluation)
    except ScoringError as exc:
        clear_score(evaluation)
        return str(exc)
    return ""


# --- what a submission must contain ------------------------------------------------------------------


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.01')).normalize():f}%"


def qualitative_error(scheme: SelfEvaluation, name: str, band: str, achievement: Decimal | None) -> str:
    """Why a qualitative row's band or achievement share (0..1) is not acceptable, or ""."""
    if not band:
        return ""
    chosen = next((b for b in scheme.qualitative_bands if b.key == band), None)
    if chosen is None:
        return _("“%(name)s”的评价档次无效：%(band)s") % {"name": name, "band": band}
    if achievement is not None and not chosen.lower <= achievement <= chosen.upper:
        return _("“%(name)s”的完成程度须在“%(label)s”档次的 %(lower)s–%(upper)s 之间。") % {
            "name": name,
            "label": chosen.label,
            "lower": _pct(chosen.lower),
            "upper": _pct(chosen.upper),
        }
    return ""


def submission_problems(
    evaluation: Evaluation, rows: list[SelfEvaluationRow], *, money: Money | None = None
) -> list[tuple[int | None, str, str]]:
    """What is missing before the self-evaluation can be submitted, as (row id or None, field,
    message in Chinese), checked on the objects as given (a form can be checked before anything
    is written) [财预〔2020〕10号 自评表; 003 三(一)]:

    - 年度总体目标的实际完成情况;
    - every applicable row's 实际完成值, or for a qualitative row its band and achievement;
    - 偏差原因分析及改进措施 for every row below full marks;
    - an explanation when the execution rate is below the scheme's line (default 90 %).
    """
    money = money or money_of(evaluation)
    scheme = scheme_of(evaluation)
    problems: list[tuple[int | None, str, str]] = []
    if not (evaluation.goal_actual or "").strip():
        problems.append((None, "goal_actual", _("请填写年度总体目标实际完成情况。")))
    if money.budget <= 0:
        problems.append((None, "", _("全年预算数为 0，无法计算预算执行率，请核实预算安排。")))
    incomplete = set()
    for row in rows:
        if row.not_applicable:
            continue
        name, before = row.name, len(problems)
        if row.comparator == Comparator.QUALITATIVE:
            if not row.band:
                problems.append((row.pk, "band", _("“%(n)s”：请选择定性指标评价档次。") % {"n": name}))
            elif row.achievement is None:
                problems.append((row.pk, "achievement", _("“%(n)s”：请填写完成程度。") % {"n": name}))
            elif message := qualitative_error(scheme, name, row.band, row.achievement):
                problems.append((row.pk, "achievement", message))
            if not (row.actual_text or "").strip():
                problems.append((row.pk, "actual_text", _("“%(n)s”：请填写实际完成情况。") % {"n": name}))
        elif row.actual_value is None:
            problems.append((row.pk, "actual_value", _("“%(n)s”：请填写实际完成值。") % {"n": name}))
        if len(problems) > before:
            incomplete.add(row.pk)
    if incomplete or money.budget <= 0:
        # The score needs every input first; the shortfalls are checked once it can be computed.
        return problems
    try:
        score = score_of(evaluation, rows, money=money, scheme=scheme)
    except ScoringError as exc:
        return [*problems, (None, "", str(exc))]
    for row, rs in zip(rows, score.rows, strict=True):
        if rs.shortfall and row.pk not in incomplete and not (row.deviation_reason or "").strip():
            problems.append(
                (
                    row.pk,
                    "deviation_reason",
                    _("“%(n)s”未完全达成（得分 %(s)s / %(p)s）：请填写偏差原因分析及改进措施。")
                    % {"n": row.name, "s": rs.score, "p": rs.points},
                )
            )
    if score.needs_explanation and not (evaluation.execution_explanation or "").strip():
        problems.append(
            (
                None,
                "execution_explanation",
                _("预算执行率 %(rate)s 低于 %(line)s：请说明执行率偏低的原因。")
                % {"rate": f"{money.execution_rate}%", "line": _pct(scheme.explanation_below_rate)},
            )
        )
    return problems


def submission_errors(evaluation: Evaluation) -> list[str]:
    """submission_problems() of the stored self-evaluation, as messages."""
    return [message for _row, _field, message in submission_problems(evaluation, _rows(evaluation))]


def before_submit(evaluation: Evaluation) -> None:
    """单位报送 (called by Evaluation.submit inside perfapp.workflow.perform, on the locked row):
    refused with every gap listed; otherwise the scheme in force is snapshotted with its Policy
    version, the money frozen and the score recomputed — the evaluation itself is saved by
    perform()."""
    if evaluation.kind != Evaluation.Kind.SELF:
        return
    errors = submission_errors(evaluation)
    if errors:
        raise TransitionRefused("；".join(errors), code="invalid")
    policy = evaluation.fiscal_year.policy_row
    evaluation.scheme_data = policy.rules.to_dict()["self_evaluation"]
    evaluation.policy_version = policy.version or None
    rows = _rows(evaluation)
    money = execution_of(evaluation)
    score = score_of(evaluation, rows, money=money)
    _apply(evaluation, rows, money, score)
    _save_scores(evaluation, rows, save_evaluation=False)
    evaluation.submitted_at = timezone.now()


# --- transitions and notifications -------------------------------------------------------------------


def run_transition(
    evaluation: Evaluation, name: str, user, *, comment: str = "", seen_version=None, request=None
) -> Evaluation:
    """Any self-evaluation transition; a return needs the reviewer's comment [003 三(一)]."""
    comment = (comment or "").strip()
    if name not in TRANSITIONS:
        raise TransitionRefused(_("不存在的操作：%(name)s") % {"name": name}, code="unknown")
    if name in RETURNS and not comment:
        raise TransitionRefused(_("退回时请填写退回意见。"), code="invalid")
    return perform(evaluation, name, user, comment=comment, seen_version=seen_version, request=request)


def review(
    evaluation: Evaluation, user, *, approved: bool, comment: str = "", seen_version=None, request=None
) -> Evaluation:
    """The review step the evaluation is at: 部门初审, 财政业务审核 or 财政技术审核."""
    step = REVIEW_STEPS.get(evaluation.status)
    if step is None:
        raise TransitionRefused(_("当前状态不能审核。"), code="state")
    name = step[0] if approved else step[1]
    return run_transition(evaluation, name, user, comment=comment, seen_version=seen_version, request=request)


def _people(role: str, **where) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=role,
            **{f"role_assignments__{k}": v for k, v in where.items()},
        ).distinct()
    )


def _declarers(evaluation: Evaluation) -> list[User]:
    if evaluation.is_department_overall:
        return _people(Role.DEPT_OFFICER, organization_id=evaluation.department_id)
    return _people(Role.UNIT_OFFICER, organization_id=evaluation.unit_id)


def _finance_admins(evaluation: Evaluation) -> list[User]:
    return _people(Role.FINANCE_ADMIN, organization__region_id=evaluation.region_id)


def _finance_reviewers(evaluation: Evaluation) -> list[User]:
    """The reviewers of the division that manages the department (归口); the admins otherwise."""
    division_id = evaluation.department.division_id
    people = _people(Role.FINANCE_REVIEWER, division_id=division_id) if division_id else []
    return people or _finance_admins(evaluation)


def after_transition(evaluation: Evaluation, name: str, user, comment: str) -> None:
    """Tell the next person what waits for them (called by Evaluation.after_transition for every
    kind; department and fiscal evaluations have their own rules in evaluation.external)."""
    if evaluation.kind != Evaluation.Kind.SELF:
        hook = getattr(import_module("evaluation.external"), "after_transition", None)
        if hook is not None:
            hook(evaluation, name, user, comment)
        return
    values = {"name": evaluation.name, "unit": evaluation.unit.name}
    if name == "submit":
        recipients = _people(Role.DEPT_OFFICER, organization_id=evaluation.department_id)
        title = _("%(unit)s报送绩效自评，待部门初审：%(name)s") % values
    elif name == "dept_approve":
        recipients = _finance_reviewers(evaluation)
        title = _("绩效自评待财政业务审核：%(name)s") % values
    elif name == "business_approve":
        recipients = _finance_admins(evaluation)
        title = _("绩效自评待财政技术审核：%(name)s") % values
    elif name == "accept":
        recipients = _declarers(evaluation)
        title = _("绩效自评已审核通过：%(name)s（%(total)s 分，%(grade)s）") % {
            **values,
            "total": evaluation.total_score,
            "grade": evaluation.grade_label,
        }
    elif name in RETURNS:
        recipients = _declarers(evaluation)
        title = _("绩效自评被退回，请修改后重新报送：%(name)s") % values
    else:
        return
    notify(
        EventKind.TRANSITION,
        user,
        evaluation,
        recipients,
        title=title,
        body=comment,
        url=detail_url(evaluation),
    )


# --- the unit's input ----------------------------------------------------------------------------------


def check_row_values(scheme: SelfEvaluation, row: SelfEvaluationRow, values: dict) -> None:
    """Refuse values a row cannot take: a band the scheme does not have, an achievement share
    outside 0..1 or outside its band, a negative actual value."""
    band = values.get("band", row.band) or ""
    achievement = values.get("achievement", row.achievement)
    if achievement is not None and not ZERO <= achievement <= 1:
        raise WorkflowError(_("“%(n)s”的完成程度须在 0 到 100%% 之间。") % {"n": row.name}, code="invalid")
    message = qualitative_error(scheme, row.name, band, achievement)
    if message:
        raise WorkflowError(message, code="invalid")
    actual = values.get("actual_value")
    if actual is not None and actual < 0:
        raise WorkflowError(_("“%(n)s”的实际完成值不能为负数。") % {"n": row.name}, code="invalid")


def save_inputs(
    evaluation: Evaluation,
    user,
    *,
    fields: dict | None = None,
    rows: dict[int, dict] | None = None,
    seen_version=None,
    request=None,
) -> tuple[Evaluation, str]:
    """Save what the unit typed — the goal's actual, the execution explanation and per row the
    actual value, 不适用, band and achievement, 偏差原因 — unless someone changed the evaluation
    since `seen_version`; then recompute the score. Anything else given (a score, a formula, the
    money) is ignored: those are computed. Returns the evaluation and, when the input cannot be
    scored yet, the reason (the input is saved and the old score cleared)."""
    ok, reason = can_edit(user, evaluation)
    if not ok:
        raise WorkflowError(reason, code="permission")
    fields = {k: v for k, v in (fields or {}).items() if k in INPUT_FIELDS}
    scheme = scheme_of(evaluation)
    # Check every row first: a refusal leaves the evaluation (and its version) untouched.
    known = {r.pk: r for r in SelfEvaluationRow.objects.filter(evaluation_id=evaluation.pk)}
    asked: dict[int, dict] = {}
    for pk, values in (rows or {}).items():
        if pk not in known:
            raise WorkflowError(_("指标行不属于本绩效自评。"), code="invalid")
        asked[pk] = {k: v for k, v in values.items() if k in ROW_INPUT_FIELDS}
        check_row_values(scheme, known[pk], asked[pk])
    with transaction.atomic():
        for name, value in fields.items():
            setattr(evaluation, name, value or "")
        save_edit(evaluation, seen_version, user, fields=[*fields, "updated_at"], request=request)
        stored = {
            r.pk: r for r in SelfEvaluationRow.objects.filter(evaluation_id=evaluation.pk).select_for_update()
        }
        changed: dict[str, list[SelfEvaluationRow]] = {}
        for pk, values in asked.items():
            row = stored[pk]
            for name, value in values.items():
                if name in ("actual_text", "band", "deviation_reason"):
                    value = value or ""
                if name == "not_applicable":
                    value = bool(value)
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    changed.setdefault(name, []).append(row)
        for name, items in changed.items():
            SelfEvaluationRow.objects.bulk_update(items, [name], batch_size=BATCH)
        problem = recompute_or_clear(evaluation)
    return evaluation, problem


def record_violation(
    evaluation: Evaluation, user, *, violation: bool, note: str = "", seen_version=None, request=None
) -> Evaluation:
    """Finance records (or withdraws) a violation found — 挤占、挪用 … — which lowers the grade one
    band [003 二(四)]; the score is recomputed and the change audited."""
    ok, reason = can_record_violation(user, evaluation)
    if not ok:
        raise WorkflowError(reason, code="permission")
    note = (note or "").strip()
    if violation and not note:
        raise WorkflowError(_("请说明违规问题（如挤占、挪用资金）。"), code="invalid")
    with transaction.atomic():
        evaluation.violation = bool(violation)
        evaluation.violation_note = note if violation else ""
        save_edit(
            evaluation,
            seen_version,
            user,
            fields=["violation", "violation_note", "updated_at"],
            request=request,
        )
        try:
            score = recompute(evaluation)
        except ScoringError:
            score = None
        audit.record(
            EventKind.SCORE,
            user,
            evaluation,
            summary=(_("认定违规问题：%(obj)s") if violation else _("撤销违规问题认定：%(obj)s"))
            % {"obj": evaluation},
            data={
                "violation": evaluation.violation,
                "note": evaluation.violation_note,
                "grade": score.grade_label if score else "",
                "downgraded": score.downgraded if score else False,
            },
            request=request,
        )
    return evaluation


# --- evidence files ------------------------------------------------------------------------------------

#: Evidence files follow the same types and size limit as work-record files (evaluation.records).
EVIDENCE_EXTENSIONS = ALLOWED_EXTENSIONS
evidence_max_bytes = max_file_bytes


def _clean_name(name: str) -> str:
    name = os.path.basename(name or "")
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(". ")
    return name[:200] or "file"


def add_evidence(evaluation: Evaluation, row_id: int, upload, user, *, request=None) -> Attachment:
    """Keep an evidence file (佐证材料) of one row, with its size and SHA-256; by the declarer while
    the self-evaluation is editable. Refused: an empty file, one above the limit, an unknown type."""
    ok, reason = can_edit(user, evaluation)
    if not ok:
        raise WorkflowError(reason, code="permission")
    row = SelfEvaluationRow.objects.filter(evaluation_id=evaluation.pk, pk=row_id).first()
    if row is None:
        raise WorkflowError(_("请选择佐证材料对应的指标。"), code="invalid")
    name = _clean_name(getattr(upload, "name", ""))
    if not upload or not upload.size:
        raise WorkflowError(_("文件“%(name)s”为空。") % {"name": name}, code="invalid")
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise WorkflowError(
            _("文件“%(name)s”超过 %(mb)s MB，已拒绝。") % {"name": name, "mb": round(limit / 1024 / 1024, 1)},
            code="invalid",
        )
    ext = os.path.splitext(name)[1].lower()
    if ext not in EVIDENCE_EXTENSIONS:
        raise WorkflowError(
            _("不支持的文件类型“%(ext)s”（可上传 PDF、OFD、Word、WPS、Excel、PPT、图片或压缩包）。")
            % {"ext": ext or name},
            code="invalid",
        )
    upload.seek(0)
    digest = sha256_of(upload)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            evaluation=evaluation, row=row, name=name, size=upload.size, sha256=digest, uploaded_by=user
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit.record(
            EventKind.CREATED,
            user,
            evaluation,
            summary=_("上传佐证材料“%(name)s”：%(row)s") % {"name": name, "row": row.name},
            data={"attachment": attachment.pk, "row": row.pk, "sha256": digest, "size": upload.size},
            request=request,
        )
    return attachment


def remove_evidence(attachment: Attachment, user, *, request=None) -> None:
    """Delete an evidence file while the self-evaluation is still editable by its declarer."""
    ok, reason = can_edit(user, attachment.evaluation)
    if not ok:
        raise WorkflowError(reason, code="permission")
    with transaction.atomic():
        audit.record(
            EventKind.DELETED,
            user,
            attachment.evaluation,
            summary=_("删除佐证材料“%(name)s”") % {"name": attachment.name},
            data={"sha256": attachment.sha256},
            request=request,
        )
        attachment.file.delete(save=False)
        attachment.delete()


def get_evidence_for_user(user, pk) -> Attachment:
    """An evidence file of a self-evaluation `user` sees, else 404."""
    attachment = (
        Attachment.objects.filter(
            pk=pk,
            row__isnull=False,
            evaluation__in=self_evaluations_visible_to(user).values("pk"),
        )
        .select_related("evaluation", "row")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


# --- scoring schemes (评分规则库) --------------------------------------------------------------------


def can_manage_schemes(user) -> bool:
    """Finance performance administrators keep the library of scoring schemes."""
    scope = scope_of(user)
    return Role.FINANCE_ADMIN in scope.roles and bool(scope.region_ids)


def scoring_schemes_visible_to(user):
    if not can_manage_schemes(user):
        return ScoringScheme.objects.none()
    return ScoringScheme.objects.filter(region_id__in=scope_of(user).region_ids)


def get_scoring_scheme_for_user(user, pk) -> ScoringScheme:
    scheme = scoring_schemes_visible_to(user).filter(pk=pk).first()
    if scheme is None:
        raise Http404
    return scheme


def _home_region_id(user) -> int:
    org = getattr(user, "organization", None)
    scope = scope_of(user)
    if org is not None and org.region_id in (scope.region_ids or ()):
        return org.region_id
    return min(scope.region_ids)


def scheme_data(scheme: SelfEvaluation) -> dict:
    """A scheme as the Policy stores it (Decimals as strings)."""
    return PolicyData(self_evaluation=scheme).to_dict()["self_evaluation"]


def _require_admin(user) -> None:
    if is_read_only(user) or not can_manage_schemes(user):
        raise WorkflowError(_("只有财政绩效管理员可以管理自评评分规则。"), code="permission")


def _validated(scheme: SelfEvaluation) -> SelfEvaluation:
    try:
        scheme.validate()
    except PolicyError as exc:
        raise WorkflowError(str(exc), code="invalid") from exc
    return scheme


def parse_scheme_json(text: str | bytes) -> SelfEvaluation:
    """A scheme from JSON (evaluation.scheme_io), refused with the reason in Chinese."""
    from evaluation.scheme_io import scheme_from_json

    try:
        return scheme_from_json(text)
    except PolicyError as exc:
        raise WorkflowError(str(exc), code="invalid") from exc


def scheme_json(obj: ScoringScheme) -> str:
    from evaluation.scheme_io import scheme_to_json

    return scheme_to_json(obj.scheme)


def create_scoring_scheme(
    user, *, name: str, scheme: SelfEvaluation, description: str = "", copied_from=None, request=None
) -> ScoringScheme:
    """A new scheme of the user's region; names are unique within a region."""
    _require_admin(user)
    name = (name or "").strip()
    if not name:
        raise WorkflowError(_("请填写评分规则名称。"), code="invalid")
    _validated(scheme)
    try:
        with transaction.atomic():
            obj = ScoringScheme.objects.create(
                region_id=_home_region_id(user),
                name=name[:100],
                description=description or "",
                data=scheme_data(scheme),
                copied_from=copied_from,
                created_by=user,
            )
            audit.record(
                EventKind.CREATED,
                user,
                obj,
                summary=_("新建自评评分规则：%(n)s") % {"n": obj.name},
                request=request,
            )
    except IntegrityError:
        raise WorkflowError(_("已有同名的评分规则：%(n)s") % {"n": name}, code="invalid")
    return obj


def copy_policy_scheme(user, fiscal_year: FiscalYear, *, name: str, request=None) -> ScoringScheme:
    """Copy the year's scheme in force into the library, to edit it or hand it to another bureau."""
    return create_scoring_scheme(
        user,
        name=name,
        scheme=fiscal_year.policy.self_evaluation,
        description=_("复制自 %(year)s 第 %(v)s 版政策参数")
        % {"year": fiscal_year, "v": fiscal_year.policy_row.version},
        request=request,
    )


def copy_scoring_scheme(obj: ScoringScheme, user, *, name: str, request=None) -> ScoringScheme:
    return create_scoring_scheme(
        user, name=name, scheme=obj.scheme, description=obj.description, copied_from=obj, request=request
    )


def update_scoring_scheme(
    obj: ScoringScheme, user, *, name: str, description: str, scheme: SelfEvaluation, request=None
) -> ScoringScheme:
    _require_admin(user)
    name = (name or "").strip()
    if not name:
        raise WorkflowError(_("请填写评分规则名称。"), code="invalid")
    _validated(scheme)
    try:
        with transaction.atomic():
            obj.name, obj.description, obj.data = name[:100], description or "", scheme_data(scheme)
            obj.save()
            audit.record(
                EventKind.UPDATED,
                user,
                obj,
                summary=_("修改自评评分规则：%(n)s") % {"n": obj.name},
                request=request,
            )
    except IntegrityError:
        raise WorkflowError(_("已有同名的评分规则：%(n)s") % {"n": name}, code="invalid")
    return obj


def delete_scoring_scheme(obj: ScoringScheme, user, *, request=None) -> None:
    _require_admin(user)
    with transaction.atomic():
        audit.record(
            EventKind.DELETED,
            user,
            obj,
            summary=_("删除自评评分规则：%(n)s") % {"n": obj.name},
            request=request,
        )
        obj.delete()


def apply_scoring_scheme(
    obj: ScoringScheme, fiscal_year: FiscalYear, user, *, seen_version=None, request=None
):
    """Make `obj` the year's self-evaluation scheme: a NEW Policy version with this section
    replaced (budgets FiscalYear.add_policy_version; the old versions stay, and self-evaluations
    already submitted keep the scheme they were scored under)."""
    from budgets.policy import can_edit_policy

    ok, reason = can_edit_policy(user, fiscal_year)
    if not ok or is_read_only(user):
        raise WorkflowError(reason or _("只读角色不能修改数据。"), code="permission")
    if seen_version is None:
        # The version the new rules are built on: a version saved meanwhile makes this one stale.
        seen_version = fiscal_year.policy_row.version
    rules = dataclasses.replace(fiscal_year.policy, self_evaluation=_validated(obj.scheme))
    try:
        return fiscal_year.add_policy_version(
            rules,
            user,
            seen_version=seen_version,
            effective_from=timezone.localdate(),
            comment=(_("采用自评评分规则“%(n)s”") % {"n": obj.name})[:255],
            request=request,
        )
    except PolicyError as exc:
        raise WorkflowError(str(exc), code="invalid") from exc
