"""抽查复核: finance draws a reproducible, risk-weighted sample of departments and re-scores their
self- and department evaluations [002 三(四)][003 三(五)].

- The sample covers at least the Policy's share (`evaluation.spot_check_share`, default 10 %) of
  the departments that have accepted self-evaluations or final department evaluations that year,
  rounded up. The seed is recorded on the SpotCheck: the same seed over the same data draws the
  same departments (random.Random(seed), departments taken in pk order).
- Departments are weighted by risk: weight = 1 + the number of risk factors found in their
  evaluations of the year (each factor a plain function below). Sampling is weighted and without
  replacement (Efraimidis–Spirakis: each department's key is u ** (1 / weight), the largest keys win).
- Finance re-scores each item: a self-evaluation through a recheck Evaluation (kind spot_check)
  scored by the same rules as the original (its scheme snapshot); a department evaluation, scored
  by a panel, by a typed total with a note. A gap above the Policy's tolerance
  (`evaluation.spot_check_tolerance`, default 10 points) or a different grade flags the item; the
  flagged items feed the circulation (通报) list.

Plain functions: they never take a request except to pass it to the audit log.
"""

from __future__ import annotations

import math
import random
import secrets
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.guards import finance_of
from accounts.models import Organization, Role, User
from accounts.scoping import scope_of
from budgets.models import FiscalYear
from budgets.policy import SelfEvaluation
from evaluation.models import Attachment, Evaluation, SelfEvaluationRow, SpotCheck, SpotCheckItem
from evaluation.scoring import grade_of
from monitoring.models import IndicatorProgress, Possibility
from perfapp import audit
from perfapp.documents import Sheet
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.workflow import StaleObject, WorkflowError

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class SpotCheckError(WorkflowError):
    """A refused spot-check action; the message is in Chinese for the finance user."""


# --- what is sampled ------------------------------------------------------------------------------


def eligible_evaluations(fiscal_year: FiscalYear):
    """The evaluations a spot check re-scores [003 三(五)]: the year's accepted self-evaluations
    (已审核) and final department evaluations (已定稿)."""
    return Evaluation.objects.filter(fiscal_year=fiscal_year).filter(
        Q(kind=Evaluation.Kind.SELF, status=Evaluation.Status.ACCEPTED)
        | Q(kind=Evaluation.Kind.DEPARTMENT, status=Evaluation.Status.FINAL)
    )


def scheme_for(evaluation: Evaluation) -> SelfEvaluation:
    """The scoring scheme an evaluation was scored under: its snapshot, else the year's Policy
    (evaluation.selfeval.scheme_of). The recheck copies the snapshot, so a later Policy change
    never creates a gap by itself; a department evaluation is graded by the same bands."""
    from evaluation.selfeval import scheme_of

    return scheme_of(evaluation)


def top_band(scheme: SelfEvaluation):
    return max(scheme.bands, key=lambda b: b.min_score)


def grade_code_of(evaluation: Evaluation, scheme: SelfEvaluation) -> str:
    """The grade (Band.grade) an evaluation carries; computed from its total when not recorded."""
    if evaluation.grade:
        return evaluation.grade
    if evaluation.total_score is None:
        return ""
    band, _downgraded = grade_of(scheme, evaluation.total_score, violation=evaluation.violation)
    return band.grade


def grade_label_of(evaluation: Evaluation, scheme: SelfEvaluation) -> str:
    if evaluation.grade_label:
        return evaluation.grade_label
    if evaluation.total_score is None:
        return ""
    band, _downgraded = grade_of(scheme, evaluation.total_score, violation=evaluation.violation)
    return band.label


# --- risk factors ---------------------------------------------------------------------------------


@dataclass
class DepartmentFacts:
    """What the risk factors read about one department's evaluations of the year (loaded in a
    handful of queries for all departments at once)."""

    department_id: int
    evaluations: list[Evaluation] = field(default_factory=list)
    rows: dict[int, list[SelfEvaluationRow]] = field(default_factory=dict)
    #: Ids of rows that have at least one evidence file.
    evidenced_row_ids: set[int] = field(default_factory=set)
    #: (target_id, indicator_id) and (target_id, indicator name) said 完全不可能 in monitoring.
    impossible: set[tuple[int, object]] = field(default_factory=set)

    @property
    def self_evaluations(self) -> list[Evaluation]:
        return [e for e in self.evaluations if e.kind == Evaluation.Kind.SELF]

    @property
    def money(self) -> Decimal:
        """The department's money of the year: the larger of its overall self-evaluation's budget
        and the sum of its project self-evaluations' budgets (an overall budget already includes
        the projects, so the two are not added)."""
        projects = sum((e.annual_budget for e in self.self_evaluations if not e.is_department_overall), ZERO)
        overall = sum((e.annual_budget for e in self.self_evaluations if e.is_department_overall), ZERO)
        return max(projects, overall)


@dataclass(frozen=True)
class YearFacts:
    """Year-wide reference values of the risk factors."""

    median_money: Decimal
    major_threshold: Decimal


def _scored(row: SelfEvaluationRow) -> bool:
    return not row.not_applicable and row.points is not None and row.points > 0 and row.score is not None


def _full(row: SelfEvaluationRow) -> bool:
    return _scored(row) and row.score >= row.points


def all_full_marks(dept: DepartmentFacts, year: YearFacts) -> bool:
    """全部指标满分: a self-evaluation whose every scored indicator row is at full marks
    (score == points) — the pattern of a form filled to please rather than to measure
    [003 三(五)]. Rows marked not applicable are left out; a form without rows does not count."""
    for evaluation in dept.self_evaluations:
        rows = [r for r in dept.rows.get(evaluation.pk, []) if _scored(r)]
        if rows and all(_full(r) for r in rows):
            return True
    return False


def large_money(dept: DepartmentFacts, year: YearFacts) -> bool:
    """资金量大: the department's money of the year (DepartmentFacts.money) is above the median of
    the year's departments, or one of its self-evaluations has an annual budget at or above the
    Policy's major-project amount (project_library.major_threshold) [004 第十五条]."""
    if dept.money > year.median_money:
        return True
    return any(e.annual_budget >= year.major_threshold for e in dept.self_evaluations)


def low_execution_high_score(dept: DepartmentFacts, year: YearFacts) -> bool:
    """执行率低但评价为优: a self-evaluation whose execution rate is below the scheme's
    explanation line (self_evaluation.explanation_below_rate, default 90 %) but which still earned
    the top grade (优 by default) [财预〔2020〕10号]."""
    for evaluation in dept.self_evaluations:
        if evaluation.execution_rate is None:
            continue
        scheme = scheme_for(evaluation)
        if evaluation.execution_rate / HUNDRED >= scheme.explanation_below_rate:
            continue
        if grade_code_of(evaluation, scheme) == top_band(scheme).grade:
            return True
    return False


def impossible_then_success(dept: DepartmentFacts, year: YearFacts) -> bool:
    """年中“完全不可能”、年末自评满分: an indicator the unit called 完全不可能 in the year's
    monitoring (IndicatorProgress.possibility) scored at full marks in the year-end self-evaluation
    of the same target [004 第二十七条][003 三(五)]."""
    for evaluation in dept.self_evaluations:
        if evaluation.target_id is None:
            continue
        for row in dept.rows.get(evaluation.pk, []):
            if not _full(row):
                continue
            if (evaluation.target_id, row.indicator_id) in dept.impossible or (
                evaluation.target_id,
                row.name,
            ) in dept.impossible:
                return True
    return False


def missing_evidence(dept: DepartmentFacts, year: YearFacts) -> bool:
    """满分指标缺少佐证材料: an indicator row at full marks with no evidence file attached — a claim
    of full success that nothing supports [财预〔2020〕10号 佐证材料]."""
    for evaluation in dept.self_evaluations:
        for row in dept.rows.get(evaluation.pk, []):
            if _full(row) and row.pk not in dept.evidenced_row_ids:
                return True
    return False


@dataclass(frozen=True)
class RiskFactor:
    code: str
    label: object  # lazy Chinese label
    test: Callable[[DepartmentFacts, YearFacts], bool]


RISK_FACTORS: tuple[RiskFactor, ...] = (
    RiskFactor("all_full_marks", _l("全部指标满分"), all_full_marks),
    RiskFactor("large_money", _l("资金量大"), large_money),
    RiskFactor("low_execution_high_score", _l("执行率偏低但评价为优"), low_execution_high_score),
    RiskFactor("impossible_then_success", _l("年中监控“完全不可能”、年末自评满分"), impossible_then_success),
    RiskFactor("missing_evidence", _l("满分指标缺少佐证材料"), missing_evidence),
)
RISK_LABELS = {f.code: f.label for f in RISK_FACTORS}


def risks_of(dept: DepartmentFacts, year: YearFacts) -> list[str]:
    """The codes of the risk factors found in a department's evaluations, in RISK_FACTORS order."""
    return [f.code for f in RISK_FACTORS if f.test(dept, year)]


def risk_labels(codes: Iterable[str]) -> list[str]:
    """Chinese labels of risk codes, as stored on a SpotCheckItem (data, not the UI language)."""
    with translation.override("zh-hans"):
        return [str(RISK_LABELS[c]) for c in codes]


def gather_facts(fiscal_year: FiscalYear) -> tuple[list[DepartmentFacts], YearFacts]:
    """Every department with eligible evaluations of the year, with the facts its risk factors
    read, in department-pk order; and the year-wide reference values. Five queries whatever the
    size of the region."""
    departments: dict[int, DepartmentFacts] = {}
    evaluations = list(
        eligible_evaluations(fiscal_year).select_related("fiscal_year").order_by("department_id", "pk")
    )
    for e in evaluations:
        departments.setdefault(e.department_id, DepartmentFacts(e.department_id)).evaluations.append(e)
    self_ids = [e.pk for e in evaluations if e.kind == Evaluation.Kind.SELF]
    rows_by_eval: dict[int, list[SelfEvaluationRow]] = defaultdict(list)
    for row in SelfEvaluationRow.objects.filter(evaluation_id__in=self_ids).order_by(
        "evaluation_id", "order", "pk"
    ):
        rows_by_eval[row.evaluation_id].append(row)
    evidenced = set(
        Attachment.objects.filter(evaluation_id__in=self_ids, row__isnull=False).values_list(
            "row_id", flat=True
        )
    )
    target_ids = {e.target_id for e in evaluations if e.target_id}
    impossible_by_dept: dict[int, set] = defaultdict(set)
    for dept_id, target_id, indicator_id, name in IndicatorProgress.objects.filter(
        possibility=Possibility.IMPOSSIBLE,
        report__year=fiscal_year.year,
        report__target_id__in=target_ids,
    ).values_list("report__department_id", "report__target_id", "indicator_id", "indicator__name"):
        impossible_by_dept[dept_id].update({(target_id, indicator_id), (target_id, name)})
    for dept in departments.values():
        dept.rows = {e.pk: rows_by_eval.get(e.pk, []) for e in dept.evaluations}
        dept.evidenced_row_ids = evidenced
        dept.impossible = impossible_by_dept.get(dept.department_id, set())
    ordered = [departments[k] for k in sorted(departments)]
    policy = fiscal_year.policy
    median = statistics.median([d.money for d in ordered]) if ordered else ZERO
    return ordered, YearFacts(
        median_money=Decimal(median), major_threshold=policy.project_library.major_threshold
    )


# --- the sample -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    department_id: int
    risks: tuple[str, ...]

    @property
    def weight(self) -> int:
        """1 + the number of risk factors: a department with every factor is six times as likely
        to be the first drawn as one with none."""
        return 1 + len(self.risks)


def sample_size(share: Decimal, population: int) -> int:
    """At least `share` of the departments, rounded up [002 三(四)]; never more than there are."""
    if population <= 0:
        return 0
    return min(population, math.ceil(Decimal(share) * population))


def weighted_sample(candidates: Sequence[Candidate], k: int, seed: int) -> list[Candidate]:
    """k candidates drawn without replacement with probability proportional to weight
    (Efraimidis–Spirakis 2006): each candidate, taken in department-pk order, gets the key
    u ** (1 / weight) with u from random.Random(seed); the k largest keys are the sample.
    Deterministic for a given seed and candidate list. Returned in department-pk order."""
    rng = random.Random(seed)
    keyed = []
    for c in sorted(candidates, key=lambda c: c.department_id):
        u = rng.random()
        keyed.append((u ** (1.0 / c.weight), -c.department_id, c))
    keyed.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return sorted((c for _key, _pk, c in keyed[:k]), key=lambda c: c.department_id)


@dataclass(frozen=True)
class Sample:
    seed: int
    share: Decimal
    population: int
    size: int
    drawn: list[Candidate]


def draw_sample(fiscal_year: FiscalYear, seed: int) -> Sample:
    """The departments a spot check with `seed` draws from the year's evaluations (no writes)."""
    departments, year_facts = gather_facts(fiscal_year)
    candidates = [Candidate(d.department_id, tuple(risks_of(d, year_facts))) for d in departments]
    share = fiscal_year.policy.evaluation.spot_check_share
    size = sample_size(share, len(candidates))
    return Sample(seed, share, len(candidates), size, weighted_sample(candidates, size, seed))


def new_seed() -> int:
    """A fresh seed that fits SpotCheck.seed (a signed 64-bit integer)."""
    return secrets.randbelow(2**53)


def can_draw(user, fiscal_year: FiscalYear) -> tuple[bool, str]:
    """The finance admin of the year's region draws spot checks [003 三(五)]."""
    scope = scope_of(user)
    if Role.FINANCE_ADMIN in scope.roles and scope.region_ids and fiscal_year.region_id in scope.region_ids:
        return True, ""
    return False, _("只有财政管理员可以抽取抽查复核样本。")


def draw(fiscal_year: FiscalYear, user, *, seed: int | None = None, request=None) -> SpotCheck:
    """Draw and record a spot check: the SpotCheck with its seed, share and tolerance, and one
    SpotCheckItem per eligible evaluation of every drawn department, with the department's risk
    reasons and the original score and grade copied. Raises SpotCheckError when refused."""
    ok, reason = can_draw(user, fiscal_year)
    if not ok:
        raise SpotCheckError(reason, code="permission")
    if seed is None:
        seed = new_seed()
    if not -(2**63) <= int(seed) < 2**63:
        raise SpotCheckError(_("随机种子超出范围。"))
    sample = draw_sample(fiscal_year, int(seed))
    if not sample.drawn:
        raise SpotCheckError(_("本年度没有已审核的自评或已定稿的部门评价，无法抽查。"), code="empty")
    policy = fiscal_year.policy.evaluation
    risks = {c.department_id: risk_labels(c.risks) for c in sample.drawn}
    with transaction.atomic():
        spot_check = SpotCheck.objects.create(
            fiscal_year=fiscal_year,
            year=fiscal_year.year,
            region_id=fiscal_year.region_id,
            seed=int(seed),
            share=policy.spot_check_share,
            tolerance=policy.spot_check_tolerance,
            drawn_by=user,
        )
        evaluations = (
            eligible_evaluations(fiscal_year)
            .filter(department_id__in=risks)
            .select_related("fiscal_year")
            .order_by("department_id", "kind", "pk")
        )
        SpotCheckItem.objects.bulk_create(
            [
                SpotCheckItem(
                    spot_check=spot_check,
                    department_id=e.department_id,
                    region_id=e.region_id,
                    year=e.year,
                    evaluation=e,
                    risk_reasons=risks[e.department_id],
                    original_score=e.total_score,
                    original_grade=grade_label_of(e, scheme_for(e)),
                )
                for e in evaluations
            ]
        )
        audit.record(
            EventKind.CREATED,
            user,
            spot_check,
            summary=_("抽取抽查复核样本：%(s)s") % {"s": spot_check},
            data={
                "seed": spot_check.seed,
                "population": sample.population,
                "size": sample.size,
                "departments": [c.department_id for c in sample.drawn],
            },
            request=request,
        )
    return spot_check


def spot_checks_visible_to(user):
    """The region's finance staff, leaders and auditors see the region's spot checks; a department
    (or the finance division managing it) sees the spot checks that hold its items — and, on each,
    only its own items."""
    mine = SpotCheckItem.objects.visible_to(user).values("spot_check_id")
    return SpotCheck.objects.filter(
        Q(pk__in=SpotCheck.objects.visible_to(user).values("pk")) | Q(pk__in=mine)
    )


# --- re-scoring -----------------------------------------------------------------------------------


def can_rescore(user, item: SpotCheckItem) -> tuple[bool, str]:
    """The finance admin of the region or the reviewer of the division managing the department
    re-scores, until the circulation is published [003 三(五)]."""
    if not finance_of(item, user):
        return False, _("只有财政管理员或该部门的归口业务科室可以复核评分。")
    if item.spot_check.status == SpotCheck.Status.DONE:
        return False, _("本次抽查复核已通报，不能再修改复核评分。")
    return True, ""


def judge(
    original_score: Decimal | None,
    original_grade: str,
    recheck_score: Decimal,
    recheck_grade: str,
    tolerance: Decimal,
) -> tuple[Decimal, bool]:
    """(gap, flagged): the gap is |recheck − original|; the item is flagged when the gap is above
    the tolerance (a gap equal to it is not) or the grade differs [003 三(五)]. Grades are
    Band.grade codes."""
    gap = abs(recheck_score - (original_score or ZERO)).quantize(CENT)
    return gap, gap > tolerance or (bool(original_grade) and original_grade != recheck_grade)


@dataclass(frozen=True)
class RowEdit:
    """Finance's reading of one indicator row (keyed by the original row's id)."""

    row_id: int
    actual_value: Decimal | None = None
    actual_text: str = ""
    achievement: Decimal | None = None
    band: str = ""


def _lock(item: SpotCheckItem, seen_version) -> SpotCheckItem:
    locked = (
        SpotCheckItem.objects.select_for_update(of=("self",))
        .select_related("spot_check", "evaluation__fiscal_year", "recheck")
        .get(pk=item.pk)
    )
    current = locked.recheck.version if locked.recheck_id else 0
    if seen_version is not None:
        try:
            seen = int(seen_version)
        except (TypeError, ValueError):
            raise StaleObject()
        if seen != current:
            raise StaleObject()
    return locked


RECHECK_COPIED = (
    "fiscal_year_id",
    "year",
    "target_id",
    "project_id",
    "is_department_overall",
    "unit_id",
    "department_id",
    "region_id",
    "category",
    "scheme_id",
    "policy_version",
    "scheme_data",
    "initial_budget",
    "annual_budget",
    "spent",
    "execution_rate",
    "execution_explanation",
    "goal_expected",
    "goal_actual",
    "violation",
    "violation_note",
)
ROW_COPIED = (
    "indicator_id",
    "order",
    "level1",
    "level2",
    "name",
    "comparator",
    "target_value",
    "target_text",
    "unit",
    "weight",
    "actual_value",
    "actual_text",
    "not_applicable",
    "band",
    "achievement",
    "deviation_reason",
    "points",
    "score",
    "formula",
    "rule",
)


def _new_recheck(original: Evaluation) -> Evaluation:
    """A recheck Evaluation (kind spot_check) of `original`: the same scope, money and scheme
    snapshot, so the same rules apply; for a self-evaluation its rows copied in the same order."""
    with translation.override("zh-hans"):
        name = f"{original.name}（{_('抽查复核')}）"[:200]
    recheck = Evaluation(
        kind=Evaluation.Kind.SPOT_CHECK,
        original=original,
        name=name,
        status=Evaluation.Status.IN_PROGRESS,
        **{f: getattr(original, f) for f in RECHECK_COPIED},
    )
    recheck.save()
    if original.kind == Evaluation.Kind.SELF:
        SelfEvaluationRow.objects.bulk_create(
            [
                SelfEvaluationRow(evaluation=recheck, **{f: getattr(row, f) for f in ROW_COPIED})
                for row in original.rows.order_by("order", "pk")
            ]
        )
    return recheck


def paired_rows(item: SpotCheckItem) -> list[tuple[SelfEvaluationRow, SelfEvaluationRow | None]]:
    """(original row, recheck row or None) in the form's order; the recheck's rows were copied in
    the original's order, so they pair by position."""
    originals = list(item.evaluation.rows.order_by("order", "pk"))
    if not item.recheck_id:
        return [(row, None) for row in originals]
    rechecked = list(item.recheck.rows.order_by("order", "pk"))
    return list(zip(originals, rechecked, strict=True))


def _finish(item: SpotCheckItem, recheck: Evaluation, user, note: str, request=None) -> SpotCheckItem:
    spot_check = item.spot_check
    scheme = scheme_for(item.evaluation)
    band, _downgraded = grade_of(scheme, recheck.total_score, violation=recheck.violation)
    original_code = grade_code_of(item.evaluation, scheme)
    gap, flagged = judge(
        item.original_score, original_code, recheck.total_score, band.grade, spot_check.tolerance
    )
    item.recheck = recheck
    item.recheck_score = recheck.total_score
    item.recheck_grade = band.label
    item.gap = gap
    item.flagged = flagged
    item.note = note
    item.checked_by = user
    item.checked_at = timezone.now()
    item.save()
    if spot_check.status == SpotCheck.Status.DRAWN:
        SpotCheck.objects.filter(pk=spot_check.pk).update(status=SpotCheck.Status.IN_PROGRESS)
        spot_check.status = SpotCheck.Status.IN_PROGRESS
    audit.record(
        EventKind.SCORE,
        user,
        item,
        summary=_("抽查复核评分：%(e)s，原得分 %(o)s，复核得分 %(r)s")
        % {"e": item.evaluation.name, "o": item.original_score, "r": item.recheck_score},
        data={"gap": str(gap), "flagged": flagged, "recheck": recheck.pk},
        request=request,
    )
    return item


def rescore_self(
    item: SpotCheckItem,
    user,
    *,
    rows: Sequence[RowEdit] = (),
    violation: bool | None = None,
    violation_note: str = "",
    note: str = "",
    seen_version=None,
    request=None,
) -> SpotCheckItem:
    """Re-score a self-evaluation item: finance's actual values, qualitative achievements and
    violation flag go into the recheck Evaluation, which is scored by evaluation.selfeval.recompute
    under the original's scheme snapshot; then the gap and the flag [003 三(五)].

    `rows` name original row ids; rows not named keep the values already there. `seen_version` is
    the recheck's version the form showed (0 before the first re-score): a stale form is refused."""
    if item.evaluation.kind != Evaluation.Kind.SELF:
        raise SpotCheckError(_("部门评价请直接填写复核总分。"))
    ok, reason = can_rescore(user, item)
    if not ok:
        raise SpotCheckError(reason, code="permission")
    with transaction.atomic():
        item = _lock(item, seen_version)
        ok, reason = can_rescore(user, item)
        if not ok:
            raise SpotCheckError(reason, code="permission")
        recheck = item.recheck or _new_recheck(item.evaluation)
        item.recheck = recheck
        pairs = {orig.pk: copy for orig, copy in paired_rows(item)}
        changed = []
        for edit in rows:
            copy = pairs.get(edit.row_id)
            if copy is None:
                raise SpotCheckError(_("指标行不属于被复核的自评。"))
            copy.actual_value = edit.actual_value
            copy.actual_text = edit.actual_text
            copy.achievement = edit.achievement
            if edit.band:
                copy.band = edit.band
            changed.append(copy)
        SelfEvaluationRow.objects.bulk_update(changed, ["actual_value", "actual_text", "achievement", "band"])
        if violation is not None:
            recheck.violation = violation
            recheck.violation_note = violation_note
        recheck.version += 1
        recheck.save()
        from evaluation.scoring import ScoringError
        from evaluation.selfeval import recompute

        try:
            recompute(recheck, save=True)
        except ScoringError as exc:
            raise SpotCheckError(str(exc), code="invalid") from exc
        recheck.refresh_from_db()
        return _finish(item, recheck, user, note, request=request)


def rescore_department(
    item: SpotCheckItem,
    user,
    *,
    total: Decimal,
    note: str,
    violation: bool | None = None,
    seen_version=None,
    request=None,
) -> SpotCheckItem:
    """Re-score a department evaluation item: department evaluations are scored by a panel on
    their own criteria, so finance types the re-scored total with a note that says why; the grade
    follows the year's bands [004 第三十七条], lowered one band for a violation [003 二(四)]."""
    if item.evaluation.kind == Evaluation.Kind.SELF:
        raise SpotCheckError(_("自评须按指标逐项复核评分。"))
    ceiling = HUNDRED + (item.evaluation.scheme.bonus_points if item.evaluation.scheme_id else ZERO)
    if total is None or total < 0 or total > ceiling:
        raise SpotCheckError(_("复核总分须在 0 到满分之间。"), code="invalid")
    if not (note or "").strip():
        raise SpotCheckError(_("请填写复核意见，说明复核总分的依据。"), code="invalid")
    ok, reason = can_rescore(user, item)
    if not ok:
        raise SpotCheckError(reason, code="permission")
    with transaction.atomic():
        item = _lock(item, seen_version)
        ok, reason = can_rescore(user, item)
        if not ok:
            raise SpotCheckError(reason, code="permission")
        recheck = item.recheck or _new_recheck(item.evaluation)
        if violation is not None:
            recheck.violation = violation
        scheme = scheme_for(item.evaluation)
        band, downgraded = grade_of(scheme, Decimal(total), violation=recheck.violation)
        recheck.total_score = Decimal(total).quantize(CENT)
        recheck.grade, recheck.grade_label, recheck.downgraded = band.grade, band.label, downgraded
        recheck.findings = note
        recheck.version += 1
        recheck.save()
        return _finish(item, recheck, user, note, request=request)


# --- flagged items and the circulation (通报) ---------------------------------------------------------


def flagged_items(user):
    """The flagged items the user may see, by department and year."""
    return (
        SpotCheckItem.objects.visible_to(user)
        .filter(flagged=True)
        .select_related("department", "evaluation", "evaluation__unit", "spot_check")
        .order_by("-year", "department__code", "department_id", "pk")
    )


@dataclass(frozen=True)
class CirculationRow:
    department: Organization
    checked: int
    flagged: int
    max_gap: Decimal | None
    items: list[SpotCheckItem]


def circulation(user, fiscal_year: FiscalYear) -> list[CirculationRow]:
    """The circulation (通报) list of a year: every department with flagged items, with how many
    of its items were re-scored and flagged, the largest gap and the flagged items [003 三(五)].
    Three queries whatever the number of departments."""
    visible = SpotCheckItem.objects.visible_to(user).filter(spot_check__fiscal_year=fiscal_year)
    stats = {
        row["department_id"]: row
        for row in visible.values("department_id").annotate(
            checked=Count("pk", filter=Q(checked_at__isnull=False)),
            flagged_n=Count("pk", filter=Q(flagged=True)),
            max_gap=Max("gap", filter=Q(flagged=True)),
        )
        if row["flagged_n"]
    }
    items: dict[int, list[SpotCheckItem]] = defaultdict(list)
    for item in (
        visible.filter(flagged=True)
        .select_related("department", "evaluation", "evaluation__unit")
        .order_by("department__code", "department_id", "-gap", "pk")
    ):
        items[item.department_id].append(item)
    return [
        CirculationRow(
            department=dept_items[0].department,
            checked=stats[dept_id]["checked"],
            flagged=stats[dept_id]["flagged_n"],
            max_gap=stats[dept_id]["max_gap"],
            items=dept_items,
        )
        for dept_id, dept_items in items.items()
        if dept_id in stats
    ]


def is_published(fiscal_year: FiscalYear) -> bool:
    """The circulation of a year is published once every spot check of the year is done."""
    checks = SpotCheck.objects.filter(fiscal_year=fiscal_year)
    return checks.exists() and not checks.exclude(status=SpotCheck.Status.DONE).exists()


def can_publish(user, fiscal_year: FiscalYear) -> tuple[bool, str]:
    """The finance admin of the region publishes the circulation."""
    ok, _reason = can_draw(user, fiscal_year)
    if not ok:
        return False, _("只有财政管理员可以发布抽查复核通报。")
    return True, ""


def publish_circulation(fiscal_year: FiscalYear, user, request=None) -> list[CirculationRow]:
    """Publish the year's circulation (通报): the year's spot checks are done (no further
    re-scoring), their rechecks final, and the officers of every department with flagged items are
    notified [003 三(五)]. Returns the circulated rows."""
    ok, reason = can_publish(user, fiscal_year)
    if not ok:
        raise SpotCheckError(reason, code="permission")
    with transaction.atomic():
        checks = list(SpotCheck.objects.select_for_update().filter(fiscal_year=fiscal_year))
        if not checks:
            raise SpotCheckError(_("本年度尚未抽查复核，无可通报的内容。"), code="empty")
        pending = SpotCheckItem.objects.filter(spot_check__in=checks, checked_at__isnull=True).count()
        if pending:
            raise SpotCheckError(
                _("尚有 %(n)s 项评价未完成复核评分，不能发布通报。") % {"n": pending}, code="state"
            )
        rows = circulation(user, fiscal_year)
        now = timezone.now()
        SpotCheck.objects.filter(pk__in=[c.pk for c in checks]).update(status=SpotCheck.Status.DONE)
        Evaluation.objects.filter(
            pk__in=SpotCheckItem.objects.filter(spot_check__in=checks).values("recheck_id")
        ).update(status=Evaluation.Status.FINAL, finalized_at=now)
        for check in checks:
            audit.record(
                EventKind.TRANSITION,
                user,
                check,
                summary=_("发布抽查复核通报：%(s)s") % {"s": check},
                data={"from": check.status, "to": SpotCheck.Status.DONE},
                request=request,
            )
        try:
            url = reverse("evaluation:spot_check_circulation") + f"?year={fiscal_year.pk}"
        except NoReverseMatch:
            url = ""
        for row in rows:
            recipients = User.objects.filter(
                is_active=True,
                role_assignments__role=Role.DEPT_OFFICER,
                role_assignments__organization_id=row.department.pk,
            ).distinct()
            notify(
                EventKind.TRANSITION,
                user,
                checks[0],
                list(recipients),
                title=_("%(y)s年度绩效评价抽查复核通报：%(d)s有 %(n)s 项评价复核差异较大")
                % {"y": fiscal_year.year, "d": row.department.name, "n": row.flagged},
                body=_("请登录系统查看抽查复核结果并整改。"),
                url=url,
            )
    return rows


# --- Excel layouts ----------------------------------------------------------------------------------


def _evaluation_label(item: SpotCheckItem) -> str:
    return str(item.evaluation.get_kind_display())


def flagged_sheet(items: Iterable[SpotCheckItem]) -> Sheet:
    """抽查复核差异较大事项 (one row per flagged item)."""
    return Sheet(
        title=_("抽查复核差异较大事项"),
        headers=[
            _("年度"),
            _("主管部门"),
            _("被评价单位"),
            _("评价名称"),
            _("评价类型"),
            _("原得分"),
            _("原等级"),
            _("复核得分"),
            _("复核等级"),
            _("分差"),
            _("风险因素"),
            _("复核意见"),
        ],
        rows=(
            [
                item.year,
                item.department.name,
                item.evaluation.unit.name,
                item.evaluation.name,
                _evaluation_label(item),
                item.original_score,
                item.original_grade,
                item.recheck_score,
                item.recheck_grade,
                item.gap,
                item.risk_reasons,
                item.note,
            ]
            for item in items
        ),
        widths=(8, 24, 24, 36, 12, 10, 8, 10, 8, 8, 30, 40),
    )


def circulation_sheets(fiscal_year: FiscalYear, rows: Sequence[CirculationRow]) -> list[Sheet]:
    """抽查复核通报: a summary by department, then the flagged items."""
    summary = Sheet(
        title=_("%(y)s年度抽查复核通报") % {"y": fiscal_year.year},
        headers=[_("序号"), _("主管部门"), _("已复核评价数"), _("差异较大事项数"), _("最大分差")],
        rows=([n, r.department.name, r.checked, r.flagged, r.max_gap] for n, r in enumerate(rows, start=1)),
        widths=(6, 30, 14, 16, 10),
    )
    return [summary, flagged_sheet(item for r in rows for item in r.items)]
