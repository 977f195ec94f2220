"""Scorecard rules: who configures them, how a value becomes points, scoring, ranking, the
comparison with last year, versions [000 #1 #2].

[000 #1] 市县财政高质量发展评价: 正向指标 (地方自主财力, 财政运行质量, 国有资本经营情况 …) and
减分指标 (财政基础管理, 财政风险控制, 违反财经纪律 …) with detailed scoring rules, a multi-dimensional
portrait (画像) of each city or county. [000 #2] 部门预算管理工作评价: 正向指标 (预算编制, 执行管理,
绩效管理, 资产管理, 采购管理) and 减分指标 (违反财会监督清单事项), from the finance systems' data and
daily work, yearly, a portrait of each department.

Plain functions with plain arguments; pages and the API call the same ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import finance_admin_of
from accounts.models import Organization, Region, Role
from accounts.scoping import scope_of
from dashboards import scorecard_indicators as registry
from dashboards.models_scorecards import Scorecard, ScorecardIndicator, ScoreEntry, ScoreResult
from perfapp import audit
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, perform

CENT = Decimal("0.01")
RULE_TYPES = ("linear", "threshold", "steps", "per_unit")


class ScorecardError(WorkflowError):
    """A refused scorecard action, with a message for the user; code "permission" when the user
    may not do it (403), "invalid" when the input is wrong (400)."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message, code=code)


# --- who may do what --------------------------------------------------------------------------


def can_configure(user, scorecard: Scorecard) -> tuple[bool, str]:
    """Only the finance admin (绩效管理处) of the owning region configures a scorecard, and only
    while it is a draft: a published one is frozen and changes through a new version."""
    if not finance_admin_of(scorecard, user):
        return False, _("只有组织评价的财政绩效管理人员可以配置评价计分表。")
    if not scorecard.is_draft:
        return False, _("评价计分表已发布，不能直接修改；请复制为新版本草稿后修改。")
    return True, ""


def can_create(user, region: Region | None) -> tuple[bool, str]:
    if region is None or Role.FINANCE_ADMIN not in scope_of(user).roles:
        return False, _("只有财政绩效管理人员可以新建评价计分表。")
    if region.pk not in (scope_of(user).region_ids or ()):
        return False, _("只能为本级或下级区划新建评价计分表。")
    return True, ""


def _require(allowed: tuple[bool, str]) -> None:
    ok, reason = allowed
    if not ok:
        raise ScorecardError(reason, code="permission")


def home_region(user) -> Region | None:
    """The region of the finance admin's own bureau (where a new scorecard belongs)."""
    org = user.organization
    return org.region if org is not None else None


def plain(value) -> str:
    """A Decimal without trailing zeros and never in exponent form: 96.0000 → "96", 0.50 → "0.5"."""
    text = format(Decimal(value).normalize(), "f")
    return text


# --- the rule: value → points -----------------------------------------------------------------


def _dec(value, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ScorecardError(_("评分规则的“%(name)s”不是数字。") % {"name": name})


def validate_rule(rule: dict) -> dict:
    """The rule, checked and normalised (numbers as text), or ScorecardError.

    linear: full points at `full`, none at `zero`, straight line between (full < zero: lower is
    better); threshold: full points when the value is ≥ `at` (≤ with compare "lte"), else none;
    steps: [[bound, share of points], …] — the first bound met gives its share; per_unit: `each`
    points per unit of the value, up to the indicator's points. `missing`: "zero" (default) or
    "full" — what a subject without data gets.
    """
    if not isinstance(rule, dict):
        raise ScorecardError(_("评分规则格式不正确。"))
    kind = rule.get("type")
    if kind not in RULE_TYPES:
        raise ScorecardError(_("未知的评分方法。"))
    out = {"type": kind, "missing": rule.get("missing") or "zero"}
    if out["missing"] not in ("zero", "full"):
        raise ScorecardError(_("无数据时的得分方式不正确。"))
    if kind == "linear":
        full, zero = _dec(rule.get("full"), _("满分值")), _dec(rule.get("zero"), _("零分值"))
        if full == zero:
            raise ScorecardError(_("满分值与零分值不能相同。"))
        out.update(full=plain(full), zero=plain(zero))
    elif kind == "threshold":
        out.update(at=plain(_dec(rule.get("at"), _("达标值"))), compare=rule.get("compare") or "gte")
        if out["compare"] not in ("gte", "lte"):
            raise ScorecardError(_("比较方式不正确。"))
    elif kind == "steps":
        compare = rule.get("compare") or "gte"
        if compare not in ("gte", "lte"):
            raise ScorecardError(_("比较方式不正确。"))
        steps = []
        for step in rule.get("steps") or []:
            bound, share = _dec(step[0], _("分档值")), _dec(step[1], _("得分比例"))
            if not Decimal("0") <= share <= Decimal("1"):
                raise ScorecardError(_("分档得分比例应在 0 到 1 之间。"))
            steps.append([plain(bound), plain(share)])
        if not steps:
            raise ScorecardError(_("分档评分至少需要一档。"))
        out.update(steps=steps, compare=compare)
    else:
        each = _dec(rule.get("each"), _("每单位分值"))
        if each <= 0:
            raise ScorecardError(_("每单位分值应大于 0。"))
        out.update(each=plain(each))
    return out


def describe_rule(rule: dict, points: Decimal, unit: str = "", *, deduction: bool = False) -> str:
    """The rule in words, for the configuration page and the subject page (a deduction indicator
    "扣" where a positive one "得")."""
    verb = _("扣") if deduction else _("得")
    kind = rule.get("type")
    if kind == "linear":
        sign = "≥" if Decimal(rule["full"]) > Decimal(rule["zero"]) else "≤"
        return _("%(sign)s%(full)s%(u)s %(verb)s满分，%(zero)s%(u)s %(verb)s 0 分，其间按比例") % {
            "sign": sign,
            "full": rule["full"],
            "zero": rule["zero"],
            "u": unit,
            "verb": verb,
        }
    if kind == "threshold":
        sign = "≥" if rule.get("compare", "gte") == "gte" else "≤"
        return _("%(sign)s%(at)s%(u)s %(verb)s %(p)s 分，否则 0 分") % {
            "sign": sign,
            "at": rule["at"],
            "u": unit,
            "p": points,
            "verb": verb,
        }
    if kind == "steps":
        sign = "≥" if rule.get("compare", "gte") == "gte" else "≤"
        return "；".join(
            f"{sign}{bound}{unit} {verb} {(Decimal(share) * points).quantize(CENT)} 分"
            for bound, share in rule["steps"]
        )
    if kind == "per_unit":
        return _("每 1%(u)s %(verb)s %(each)s 分，最多 %(p)s 分") % {
            "u": unit,
            "each": rule["each"],
            "p": points,
            "verb": verb,
        }
    return ""


def describe(indicator: ScorecardIndicator) -> str:
    unit = indicator.unit or getattr(registry.REGISTRY.get(indicator.measure), "unit", "")
    return describe_rule(
        indicator.rule, indicator.points, unit, deduction=indicator.kind == ScorecardIndicator.Kind.DEDUCTION
    )


def score_value(rule: dict, value: Decimal | None, points: Decimal) -> tuple[Decimal, str]:
    """The points (0 … `points`, two decimals half-up) a value earns under `rule`, and how.

    For a deduction indicator the same number is the points deducted.
    """
    points = Decimal(points)
    if value is None:
        if rule.get("missing") == "full":
            return points, _("无数据，按规则计满分")
        return Decimal("0.00"), _("无数据，计 0 分")
    value = Decimal(plain(value))
    kind = rule["type"]
    if kind == "linear":
        full, zero = Decimal(rule["full"]), Decimal(rule["zero"])
        share = (value - zero) / (full - zero)
        share = min(max(share, Decimal("0")), Decimal("1"))
        how = f"{points} × ({value} − {zero}) / ({full} − {zero})"
    elif kind == "threshold":
        at = Decimal(rule["at"])
        met = value >= at if rule.get("compare", "gte") == "gte" else value <= at
        share = Decimal("1") if met else Decimal("0")
        how = _("%(v)s %(r)s 达标值 %(at)s") % {"v": value, "r": _("达到") if met else _("未达到"), "at": at}
    elif kind == "steps":
        gte = rule.get("compare", "gte") == "gte"
        ordered = sorted(rule["steps"], key=lambda s: Decimal(s[0]), reverse=gte)
        share, how = Decimal("0"), _("%(v)s 未达到任何一档") % {"v": value}
        for bound, step_share in ordered:
            if (value >= Decimal(bound)) if gte else (value <= Decimal(bound)):
                share = Decimal(step_share)
                how = f"{value} {'≥' if gte else '≤'} {bound}：{points} × {step_share}"
                break
    else:
        each = Decimal(rule["each"])
        raw = each * value
        share = min(raw / points, Decimal("1")) if points else Decimal("0")
        how = f"{value} × {each}" + (_("（封顶 %(p)s）") % {"p": points} if raw > points else "")
    score = (points * share).quantize(CENT, rounding=ROUND_HALF_UP)
    return score, f"{how} = {score}"


# --- subjects ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    region_id: int
    department_id: int | None
    name: str

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.region_id, self.department_id)


def _region_tree(root_id: int) -> list[dict]:
    owner = Region.objects.get(pk=root_id)
    return list(
        Region.objects.filter(pk__in=owner.subtree_ids()).values("id", "parent_id", "level", "name", "code")
    )


def subjects_and_context(scorecard: Scorecard, today: datetime.date | None = None):
    """The subjects a scorecard scores and the registry context that maps data rows to them.

    部门评价: the active competent departments of the owning bureau's own region. 市县评价: the
    regions of `subject_level` below the owning region; a region's data includes its subtree.
    """
    today = today or timezone.localdate()
    year_end = datetime.date(scorecard.year, 12, 31)
    ctx = registry.Context(year=scorecard.year, as_of=min(today, year_end), today=today)
    if scorecard.kind == Scorecard.Kind.DEPARTMENT:
        departments = Organization.objects.filter(
            kind=Organization.Kind.DEPARTMENT, region_id=scorecard.region_id, is_active=True
        ).order_by("code")
        subjects = [Subject(d.region_id, d.pk, d.name) for d in departments.only("pk", "region_id", "name")]
        ctx.departments = {s.department_id: s.key for s in subjects}
        return subjects, ctx
    tree = _region_tree(scorecard.region_id)
    level = scorecard.subject_level or Region.Level.CITY
    subjects = [
        Subject(r["id"], None, r["name"])
        for r in sorted(tree, key=lambda r: r["code"])
        if r["level"] == level and r["id"] != scorecard.region_id
    ]
    parent = {r["id"]: r["parent_id"] for r in tree}
    subject_ids = {s.region_id for s in subjects}
    for region_id in parent:
        walk = region_id
        while walk is not None and walk not in subject_ids:
            walk = parent.get(walk)
        if walk is not None:
            ctx.regions[region_id] = (walk, None)
    return subjects, ctx


# --- scoring ----------------------------------------------------------------------------------


def rank(totals: list[Decimal]) -> list[int]:
    """Standard competition ranking ("1224"): equal totals share a rank, the next rank skips."""
    ordered = sorted(totals, reverse=True)
    first = {}
    for position, total in enumerate(ordered, start=1):
        first.setdefault(total, position)
    return [first[t] for t in totals]


def score(scorecard: Scorecard, today: datetime.date | None = None) -> list[ScoreResult]:
    """Every subject's points on every indicator, totals and ranks — unsaved ScoreResult rows.

    Queries: the subjects, the indicators, the entries, and each measure's grouped queries —
    the same number for 5 subjects or 500. Total = positive − deductions, not below 0 unless the
    scorecard allows it.
    """
    subjects, ctx = subjects_and_context(scorecard, today)
    indicators = list(scorecard.indicators.all())
    measured: dict[str, dict] = {}
    for ind in indicators:
        if ind.source == ScorecardIndicator.Source.COMPUTED and ind.measure not in measured:
            m = registry.REGISTRY.get(ind.measure)
            measured[ind.measure] = m.compute(ctx) if m else {}
    entries = {
        (e.indicator_id, (e.subject_region_id, e.department_id)): e
        for e in ScoreEntry.objects.filter(scorecard=scorecard)
    }
    now = timezone.now()
    results = []
    for subject in subjects:
        positive, deduction, details = Decimal("0"), Decimal("0"), []
        for ind in indicators:
            value, how, entry = _value_of(ind, subject, measured, entries)
            points, formula = score_value(ind.rule, value, ind.points)
            if ind.kind == ScorecardIndicator.Kind.DEDUCTION:
                deduction += points
            else:
                positive += points
            details.append(
                {
                    "indicator": ind.pk,
                    "name": ind.name,
                    "kind": ind.kind,
                    "max": str(ind.points),
                    "value": None if value is None else plain(value),
                    "unit": ind.unit or getattr(registry.REGISTRY.get(ind.measure), "unit", ""),
                    "points": str(points),
                    "how": how,
                    "formula": formula,
                    "entry": entry.pk if entry else None,
                    "evidence": entry.evidence.name if entry and entry.evidence else "",
                }
            )
        total = positive - deduction
        if scorecard.floor_at_zero:
            total = max(total, Decimal("0"))
        results.append(
            ScoreResult(
                scorecard=scorecard,
                department_id=subject.department_id,
                subject_region_id=subject.region_id,
                subject_name=subject.name,
                positive=positive,
                deduction=deduction,
                total=total,
                details=details,
                computed_at=now,
            )
        )
    for result, r in zip(results, rank([x.total for x in results]), strict=True):
        result.rank = r
    return results


def _value_of(ind, subject, measured, entries) -> tuple[Decimal | None, str, ScoreEntry | None]:
    """The subject's value of an indicator, how it was obtained, and the entry it came from."""
    if ind.source == ScorecardIndicator.Source.ENTERED:
        entry = entries.get((ind.pk, subject.key))
        if entry is None:
            return None, _("未填报"), None
        how = _("填报值 %(v)s%(u)s") % {"v": plain(entry.value), "u": ind.unit}
        if entry.note:
            how += f"（{entry.note}）"
        return entry.value, how, entry
    m = measured.get(ind.measure, {}).get(subject.key)
    if m is None:
        measure = registry.REGISTRY.get(ind.measure)
        m = measure.missing() if measure else None
    if m is None:
        return None, _("无数据"), None
    return m.value, m.how, None


def compute(scorecard: Scorecard, user, *, request=None, today=None) -> list[ScoreResult]:
    """Score a draft scorecard and keep the snapshot (who, when); audited as a score."""
    _require(can_configure(user, scorecard))
    return snapshot(scorecard, user, request=request, today=today)


def snapshot(scorecard: Scorecard, user=None, *, request=None, today=None) -> list[ScoreResult]:
    """Replace the scorecard's results by a fresh score (callers check who may do it)."""
    results = score(scorecard, today)
    with transaction.atomic():
        ScoreResult.objects.filter(scorecard=scorecard).delete()
        for r in results:
            r.computed_by = user
        ScoreResult.objects.bulk_create(results)
        scorecard.computed_at, scorecard.computed_by = timezone.now(), user
        scorecard.save(update_fields=["computed_at", "computed_by"])
        audit.record(
            EventKind.SCORE,
            user,
            scorecard,
            summary=_("计算评价得分：%(s)s") % {"s": scorecard},
            data={"subjects": len(results)},
            request=request,
        )
    return results


def publish(scorecard: Scorecard, user, *, request=None, seen_version=None, today=None) -> Scorecard:
    """Score once more and publish: indicators, entries and scores are frozen from now on; the
    version this one replaces becomes superseded."""
    _require(can_configure(user, scorecard))
    if not scorecard.indicators.exists():
        raise ScorecardError(_("评价计分表没有指标，不能发布。"))
    with transaction.atomic():
        compute(scorecard, user, request=request, today=today)
        scorecard.refresh_from_db()
        return perform(scorecard, "publish", user, seen_version=seen_version, request=request)


def copy_to_draft(scorecard: Scorecard, user, *, request=None) -> Scorecard:
    """A new draft version with the same indicators and entered values (the versioning of a
    published scorecard: it is never edited in place)."""
    if not finance_admin_of(scorecard, user):
        raise ScorecardError(_("只有组织评价的财政绩效管理人员可以复制评价计分表。"), code="permission")
    with transaction.atomic():
        latest = scorecard.same_series().select_for_update().order_by("-number").first()
        new = Scorecard.objects.create(
            kind=scorecard.kind,
            year=scorecard.year,
            region_id=scorecard.region_id,
            subject_level=scorecard.subject_level,
            name=scorecard.name,
            number=latest.number + 1,
            copied_from=scorecard,
            floor_at_zero=scorecard.floor_at_zero,
            note=scorecard.note,
            created_by=user,
        )
        _copy_indicators(scorecard, new, entries=True)
        audit.record(
            EventKind.CREATED, user, new, summary=_("复制为新版本：%(s)s") % {"s": new}, request=request
        )
    return new


def _copy_indicators(source: Scorecard, target: Scorecard, *, entries: bool) -> None:
    for ind in source.indicators.prefetch_related("entries"):
        old_entries = list(ind.entries.all()) if entries else []
        ind.pk, ind.scorecard = None, target
        ind.save()
        ScoreEntry.objects.bulk_create(
            ScoreEntry(
                indicator=ind,
                scorecard=target,
                department_id=e.department_id,
                subject_region_id=e.subject_region_id,
                value=e.value,
                evidence=e.evidence.name,
                note=e.note,
                entered_by_id=e.entered_by_id,
            )
            for e in old_entries
        )


def create_scorecard(
    user, *, kind, year, region, name, subject_level="", note="", template=None, request=None
):
    """A new draft scorecard; with `template` (last year's, say) its indicators are copied."""
    _require(can_create(user, region))
    if kind == Scorecard.Kind.REGION and not subject_level:
        subject_level = Region.Level.COUNTY if region.level == Region.Level.CITY else Region.Level.CITY
    if kind == Scorecard.Kind.DEPARTMENT:
        subject_level = ""
    with transaction.atomic():
        latest = (
            Scorecard.objects.filter(region=region, kind=kind, subject_level=subject_level, year=year)
            .order_by("-number")
            .first()
        )
        card = Scorecard.objects.create(
            kind=kind,
            year=year,
            region=region,
            subject_level=subject_level,
            name=name,
            note=note,
            number=(latest.number + 1) if latest else 1,
            created_by=user,
        )
        if template is not None:
            _copy_indicators(template, card, entries=False)
        audit.record(EventKind.CREATED, user, card, summary=str(card), request=request)
    return card


def save_indicator(indicator: ScorecardIndicator, user, *, request=None) -> ScorecardIndicator:
    """Add or change an indicator of a draft (refused on a published scorecard)."""
    _require(can_configure(user, indicator.scorecard))
    indicator.rule = validate_rule(indicator.rule)
    if indicator.source == ScorecardIndicator.Source.COMPUTED:
        if indicator.measure not in registry.REGISTRY:
            raise ScorecardError(_("请选择系统计算口径。"))
        indicator.unit = registry.REGISTRY[indicator.measure].unit
    else:
        indicator.measure = ""
    if indicator.points is None or indicator.points <= 0:
        raise ScorecardError(_("分值应大于 0。"))
    created = indicator.pk is None
    indicator.save()
    audit.record(
        EventKind.CREATED if created else EventKind.UPDATED,
        user,
        indicator.scorecard,
        summary=_("评价指标：%(n)s") % {"n": indicator.name},
        data={"indicator": indicator.pk, "rule": indicator.rule, "points": str(indicator.points)},
        request=request,
    )
    return indicator


def delete_indicator(indicator: ScorecardIndicator, user, *, request=None) -> None:
    _require(can_configure(user, indicator.scorecard))
    audit.record(
        EventKind.DELETED,
        user,
        indicator.scorecard,
        summary=_("删除评价指标：%(n)s") % {"n": indicator.name},
        request=request,
    )
    indicator.delete()


def set_entry(
    indicator: ScorecardIndicator, subject: Subject, user, *, value, note="", evidence=None, request=None
) -> ScoreEntry:
    """Enter (or change) a subject's value of an entered indicator, with its evidence."""
    _require(can_configure(user, indicator.scorecard))
    if indicator.source != ScorecardIndicator.Source.ENTERED:
        raise ScorecardError(_("该指标由系统计算，不需要填报。"))
    value = _dec(value, _("填报值"))
    if evidence is not None:
        from evaluation.records import RecordError, check_file

        try:
            check_file(evidence)
        except RecordError as exc:
            raise ScorecardError(exc.message) from exc
    entry = ScoreEntry.objects.filter(
        indicator=indicator, subject_region_id=subject.region_id, department_id=subject.department_id
    ).first() or ScoreEntry(
        indicator=indicator, subject_region_id=subject.region_id, department_id=subject.department_id
    )
    entry.value, entry.note, entry.entered_by = value, note, user
    if evidence is not None:
        entry.evidence = evidence
    entry.save()
    audit.record(
        EventKind.UPDATED,
        user,
        indicator.scorecard,
        summary=_("填报 %(i)s：%(s)s = %(v)s")
        % {"i": indicator.name, "s": subject.name, "v": plain(entry.value)},
        request=request,
    )
    return entry


# --- reading: ranking with last year --------------------------------------------------------


def previous_of(scorecard: Scorecard) -> Scorecard | None:
    """Last year's same scorecard: the published version, else the latest one."""
    qs = scorecard.same_series(scorecard.year - 1)
    return qs.filter(status=Scorecard.Status.PUBLISHED).first() or qs.order_by("-number").first()


@dataclass
class Row:
    result: ScoreResult
    last_total: Decimal | None = None
    last_rank: int | None = None

    @property
    def total_change(self) -> Decimal | None:
        return None if self.last_total is None else self.result.total - self.last_total

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive: moved up)."""
        return None if self.last_rank is None else self.last_rank - self.result.rank


def ranking(scorecard: Scorecard, user) -> list[Row]:
    """The results `user` may see, ranked, each with last year's total and rank (two queries)."""
    results = list(
        ScoreResult.objects.visible_to(user).filter(scorecard=scorecard).order_by("rank", "subject_name")
    )
    previous = previous_of(scorecard)
    last = {}
    if previous is not None:
        last = {
            (r.subject_region_id, r.department_id): r
            for r in ScoreResult.objects.filter(scorecard=previous).only(
                "subject_region_id", "department_id", "total", "rank"
            )
        }
    rows = []
    for result in results:
        before = last.get(result.subject_key)
        rows.append(Row(result, before.total if before else None, before.rank if before else None))
    return rows


def ranking_sheet(scorecard: Scorecard, rows: list[Row]):
    """Headers and rows of the ranking export (Excel), one column per indicator."""
    indicators = list(scorecard.indicators.all())
    headers = [_("排名"), _("评价对象")]
    headers += [
        f"{ind.name}（{'-' if ind.kind == ScorecardIndicator.Kind.DEDUCTION else ''}{ind.points}）"
        for ind in indicators
    ]
    headers += [
        _("正向得分"),
        _("扣分"),
        _("总分"),
        _("上年总分"),
        _("分数变化"),
        _("上年排名"),
        _("名次变化"),
    ]
    body = []
    for row in rows:
        r = row.result
        by_indicator = {d["indicator"]: Decimal(d["points"]) for d in r.details}
        body.append(
            [r.rank, r.subject_name]
            + [by_indicator.get(ind.pk) for ind in indicators]
            + [
                r.positive,
                r.deduction,
                r.total,
                row.last_total,
                row.total_change,
                row.last_rank,
                row.rank_change,
            ]
        )
    return headers, body


def radar(scorecard: Scorecard, results: list[ScoreResult]) -> dict:
    """The radar "portrait" (画像): each positive indicator as a share of its points (0–100), and
    the deductions as one axis of points kept; the average of the shown subjects beside it."""
    indicators = [i for i in scorecard.indicators.all() if i.kind == ScorecardIndicator.Kind.POSITIVE]
    deductions = [i for i in scorecard.indicators.all() if i.kind == ScorecardIndicator.Kind.DEDUCTION]
    axes = [{"name": i.name, "max": 100} for i in indicators]
    if deductions:
        axes.append({"name": _("财经纪律（未扣分）"), "max": 100})
    deduction_max = sum((i.points for i in deductions), Decimal("0"))
    series = []
    for r in results:
        by_indicator = {d["indicator"]: Decimal(d["points"]) for d in r.details}
        values = [float((by_indicator.get(i.pk, 0) * 100 / i.points).quantize(CENT)) for i in indicators]
        if deductions:
            values.append(float(((deduction_max - r.deduction) * 100 / deduction_max).quantize(CENT)))
        series.append({"name": r.subject_name, "value": values, "id": r.pk})
    average = []
    if series:
        average = [round(sum(s["value"][k] for s in series) / len(series), 2) for k in range(len(axes))]
    return {"indicators": axes, "series": series, "average": average}
