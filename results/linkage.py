"""三个挂钩: next year's budget from this year's results [002 三(五)][000 #21][004 第四十条].

For the year being budgeted (Y+1) the system proposes, per project with money in the evaluated
year Y, an action from its latest grade (final fiscal > final department > accepted
self-evaluation of year Y), its rectification state [000 #17] and its monitoring measures
(收回资金, 资金沉淀 [002 三(三)]), by the Policy's table (budgets.policy.Linkage). Finance confirms
each proposal or overrides it with a reason; a confirmed action becomes the `adjustment` of the
project's Allocation of year Y+1 (total_amount = initial_amount + adjustment on save).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import finance_admin_of, finance_of
from budgets.library import allocation_notice
from budgets.models import Allocation, FiscalYear
from budgets.policy import Linkage
from evaluation.models import Evaluation
from monitoring.models import FundAction, Warning
from perfapp import audit, workflow
from perfapp.models import EventKind
from results.models import LinkageProposal, Rectification

Action = LinkageProposal.Action
Status = LinkageProposal.Status
CENT = Decimal("0.01")
ZERO = Decimal("0")

#: Which evaluation decides the grade, best first, and the status it must have reached.
GRADE_SOURCES = (
    (Evaluation.Kind.FISCAL, Evaluation.Status.FINAL),
    (Evaluation.Kind.DEPARTMENT, Evaluation.Status.FINAL),
    (Evaluation.Kind.SELF, Evaluation.Status.ACCEPTED),
)


class LinkageError(ValueError):
    """A linkage request that cannot be carried out; the message is in Chinese."""


class LinkageRefused(LinkageError):
    """The user may not do this (only finance confirms) [004 第四十条]."""


# --- the rule -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the proposal of one project is computed from."""

    base: Decimal
    grade_label: str = ""
    open_rectifications: int = 0
    recalled: Decimal = ZERO
    idle: Decimal = ZERO


@dataclass
class Proposal:
    action: str
    change: Decimal
    reasons: list[str] = field(default_factory=list)


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT):,}"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def decide(policy: Linkage, facts: Facts) -> Proposal:
    """The Policy's table applied to one project's facts; `change` is negative for a cut and never
    takes more than the base."""
    base = facts.base
    rule = policy.rule_for(facts.grade_label) if facts.grade_label else None
    reasons: list[str] = []
    if rule is None:
        action, change = Action.NORMAL, ZERO
        if facts.grade_label:
            reasons.append(_("评价等级“%(grade)s”不在挂钩规则中，正常安排") % {"grade": facts.grade_label})
        else:
            reasons.append(_("评价年度无已定稿或已审核的评价结果，正常安排"))
    elif rule.action == Action.CUT:
        rate = policy.cut_rate_of(rule)
        action, change = Action.CUT, -(base * rate)
        reasons.append(
            _("评价等级为“%(grade)s”，按政策压减%(rate)s：%(amount)s元")
            % {"grade": rule.grade_label, "rate": _pct(rate), "amount": _money(base * rate)}
        )
    elif rule.action == Action.CANCEL:
        action, change = Action.CANCEL, -base
        reasons.append(_("评价等级为“%(grade)s”，取消预算安排") % {"grade": rule.grade_label})
    elif rule.action == Action.PRIORITY:
        action, change = Action.PRIORITY, ZERO
        reasons.append(_("评价等级为“%(grade)s”，优先保障") % {"grade": rule.grade_label})
    else:
        action, change = Action.NORMAL, ZERO
        reasons.append(_("评价等级为“%(grade)s”，正常安排") % {"grade": rule.grade_label})

    if action != Action.CANCEL:
        if facts.open_rectifications and policy.unrectified_extra_cut:
            extra = base * policy.unrectified_extra_cut
            change -= extra
            if action in (Action.PRIORITY, Action.NORMAL):
                action = Action.CUT
            reasons.append(
                _("有%(n)s项整改事项未销号，追加压减%(rate)s：%(amount)s元")
                % {
                    "n": facts.open_rectifications,
                    "rate": _pct(policy.unrectified_extra_cut),
                    "amount": _money(extra),
                }
            )
        if facts.recalled > 0:
            change -= facts.recalled
            reasons.append(_("评价年度收回资金%(amount)s元，不再安排") % {"amount": _money(facts.recalled)})
        if facts.idle > 0:
            change -= facts.idle
            reasons.append(
                _("评价年度资金沉淀%(amount)s元（预警已处置），不再安排") % {"amount": _money(facts.idle)}
            )
        if (facts.recalled > 0 or facts.idle > 0) and action in (Action.PRIORITY, Action.NORMAL):
            action = Action.NO_REGRANT
    change = max(change, -base).quantize(CENT)
    return Proposal(action=action, change=change, reasons=reasons)


# --- gathering the facts --------------------------------------------------------------------------


def _grades(project_ids, year: int) -> dict[int, Evaluation]:
    """The deciding evaluation per project: final fiscal > final department > accepted self."""
    q = Q()
    for kind, status in GRADE_SOURCES:
        q |= Q(kind=kind, status=status)
    rank = {kind: i for i, (kind, _status) in enumerate(GRADE_SOURCES)}
    best: dict[int, Evaluation] = {}
    rows = (
        Evaluation.objects.filter(q, project_id__in=project_ids, year=year)
        .exclude(grade_label="")
        .only("id", "kind", "project_id", "grade_label", "total_score", "year")
        .order_by("id")
    )
    for ev in rows:
        current = best.get(ev.project_id)
        # a later evaluation of the same kind wins (ids grow)
        if current is None or rank[ev.kind] <= rank[current.kind]:
            best[ev.project_id] = ev
    return best


def _facts(fiscal_year: FiscalYear, evaluated_year: int) -> tuple[dict, dict, dict]:
    """(allocations by project, Facts by project, deciding evaluation by project)."""
    allocations = defaultdict(list)
    rows = Allocation.objects.filter(year=evaluated_year, project__region_id=fiscal_year.region_id)
    for a in rows.select_related("project").order_by("project_id", "-total_amount", "id"):
        allocations[a.project_id].append(a)
    ids = list(allocations)
    grades = _grades(ids, evaluated_year)
    open_items = defaultdict(int)
    for row in (
        Rectification.objects.filter(project_id__in=ids)
        .exclude(status=Rectification.Status.CLOSED)
        .values("project_id")
        .annotate(n=Count("id"))
    ):
        open_items[row["project_id"]] = row["n"]
    recalled = {
        row["project_id"]: row["total"]
        for row in FundAction.objects.filter(
            project_id__in=ids, year=evaluated_year, kind=FundAction.Kind.RECALL
        )
        .values("project_id")
        .annotate(total=Sum("amount"))
    }
    idle: dict[int, Decimal] = {}
    for w in Warning.objects.filter(
        project_id__in=ids,
        year=evaluated_year,
        rule=Warning.Rule.IDLE_FUNDS,
        status=Warning.Status.RESOLVED,
    ).exclude(measure=Warning.Measure.RECALL):  # a recall is counted as a FundAction
        try:
            amount = Decimal(str(w.numbers.get("expected_carryover", "0")))
        except ArithmeticError:
            continue
        # several rounds warn about the same money: take the largest
        idle[w.project_id] = max(idle.get(w.project_id, ZERO), amount)
    facts = {}
    for pid, rows in allocations.items():
        ev = grades.get(pid)
        facts[pid] = Facts(
            base=sum((a.total_amount for a in rows), ZERO),
            grade_label=ev.grade_label if ev else "",
            open_rectifications=open_items.get(pid, 0),
            recalled=recalled.get(pid) or ZERO,
            idle=idle.get(pid, ZERO),
        )
    return allocations, facts, grades


def can_generate(fiscal_year: FiscalYear, user) -> bool:
    class _Obj:
        region_id = fiscal_year.region_id

    return finance_admin_of(_Obj, user)


@transaction.atomic
def propose(fiscal_year_next: FiscalYear, user) -> list[LinkageProposal]:
    """Create or refresh the proposals of the year being budgeted from the year before;
    confirmed or overridden proposals are left as they are. Returns the proposals touched."""
    if user is not None and not can_generate(fiscal_year_next, user):
        raise LinkageRefused(_("只有本地区财政绩效管理人员可以生成预算挂钩建议。"))
    year = fiscal_year_next.year
    evaluated_year = year - 1
    policy = fiscal_year_next.policy.linkage
    allocations, facts, grades = _facts(fiscal_year_next, evaluated_year)
    existing = {
        p.project_id: p for p in LinkageProposal.objects.filter(year=year, project_id__in=list(facts))
    }
    touched = []
    for pid, f in facts.items():
        proposal = existing.get(pid)
        if proposal is not None and proposal.status != Status.PROPOSED:
            continue
        decided = decide(policy, f)
        project = allocations[pid][0].project
        ev = grades.get(pid)
        if proposal is None:
            proposal = LinkageProposal(fiscal_year=fiscal_year_next, year=year, project_id=pid)
        proposal.evaluated_year = evaluated_year
        proposal.evaluation = ev
        proposal.unit_id, proposal.department_id, proposal.region_id = (
            project.unit_id,
            project.department_id,
            project.region_id,
        )
        proposal.grade_label = f.grade_label
        proposal.reasons = decided.reasons
        proposal.base_amount = f.base
        proposal.proposed_action = decided.action
        proposal.proposed_change = decided.change
        proposal.save()
        touched.append(proposal)
    audit.record(
        EventKind.CREATED,
        user,
        fiscal_year_next,
        _("生成%(year)s年度预算挂钩建议%(n)s条") % {"year": year, "n": len(touched)},
    )
    return touched


# --- confirming -----------------------------------------------------------------------------------


def can_confirm(proposal: LinkageProposal, user) -> bool:
    return finance_of(proposal, user)


def _apply(proposal: LinkageProposal, previous: Decimal) -> Allocation:
    """The confirmed change becomes an adjustment of the project's Allocation of year Y+1 (fund
    source as in Y; a new one starts from the base). An adjustment already there stays: the change
    is added to it, less what an earlier confirmation of this proposal (`previous`) added."""
    source = (
        Allocation.objects.filter(project_id=proposal.project_id, year=proposal.evaluated_year)
        .order_by("-total_amount", "id")
        .values_list("fund_source", flat=True)
        .first()
    ) or Allocation._meta.get_field("fund_source").default
    allocation, _created = Allocation.objects.select_for_update().get_or_create(
        project_id=proposal.project_id,
        year=proposal.year,
        fund_source=source,
        defaults={"initial_amount": proposal.base_amount},
    )
    allocation.adjustment = allocation.adjustment - previous + proposal.change
    allocation.save()
    return allocation


def _finish(proposal: LinkageProposal, user, *, kind: str, previous: Decimal = ZERO) -> None:
    proposal.confirmed_by = user
    proposal.confirmed_at = timezone.now()
    proposal.allocation = _apply(proposal, previous)
    proposal.save()
    workflow.changed([proposal])
    audit.record(
        EventKind.TRANSITION,
        user,
        proposal,
        _("%(kind)s%(year)s年度预算挂钩：%(project)s %(action)s %(change)s元")
        % {
            "kind": kind,
            "year": proposal.year,
            "project": proposal.project.name,
            "action": proposal.get_action_display(),
            "change": _money(proposal.change),
        },
        data={"action": proposal.action, "change": str(proposal.change), "reason": proposal.override_reason},
    )


@transaction.atomic
def confirm(proposals, user) -> list[LinkageProposal]:
    """Confirm the proposed actions (bulk allowed); all or nothing."""
    ids = [p.pk for p in proposals]
    rows = list(
        LinkageProposal.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("project")
        .order_by("id")
    )
    for p in rows:
        if not can_confirm(p, user):
            raise LinkageRefused(
                _("只有财政部门可以确认预算挂钩建议：%(project)s") % {"project": p.project.name}
            )
        if p.status != Status.PROPOSED:
            raise LinkageError(_("%(project)s的挂钩建议已确认，不能重复确认。") % {"project": p.project.name})
    for p in rows:
        p.action, p.change, p.status = p.proposed_action, p.proposed_change, Status.CONFIRMED
        _finish(p, user, kind=_("确认"))
    return rows


@transaction.atomic
def override(proposal: LinkageProposal, user, action: str, change, reason: str) -> LinkageProposal:
    """Confirm a different action or amount; the reason is required."""
    proposal = LinkageProposal.objects.select_for_update().select_related("project").get(pk=proposal.pk)
    if not can_confirm(proposal, user):
        raise LinkageRefused(_("只有财政部门可以调整预算挂钩建议。"))
    reason = (reason or "").strip()
    if not reason:
        raise LinkageError(_("调整挂钩建议必须填写调整理由。"))
    if action not in Action.values:
        raise LinkageError(_("请选择有效的挂钩措施。"))
    try:
        change = Decimal(str(change)).quantize(CENT)
    except ArithmeticError:
        raise LinkageError(_("调整额须为数字。")) from None
    if change < -proposal.base_amount:
        raise LinkageError(_("压减额不能超过基数%(base)s元。") % {"base": _money(proposal.base_amount)})
    previous = ZERO
    if proposal.status != Status.PROPOSED and proposal.allocation_id and proposal.change is not None:
        previous = proposal.change  # a confirmed proposal overridden: replace what it added
    proposal.action, proposal.change, proposal.override_reason = action, change, reason
    proposal.status = Status.OVERRIDDEN
    _finish(proposal, user, kind=_("调整确认"), previous=previous)
    return proposal


# --- summary --------------------------------------------------------------------------------------


def summary(queryset) -> dict:
    """How much money moved (the confirmed change, else the proposed one; and the confirmed
    change alone) by grade and by department, with totals."""
    by_grade: dict[str, dict] = {}
    by_department: dict[int, dict] = {}
    total = {"label": _("合计"), **_zero()}
    for p in queryset.select_related("department").order_by("id"):
        change = p.change if p.status != Status.PROPOSED and p.change is not None else p.proposed_change
        for bucket in (
            by_grade.setdefault(p.grade_label or "—", {"label": p.grade_label or _("无评价"), **_zero()}),
            by_department.setdefault(p.department_id, {"label": p.department.name, **_zero()}),
            total,
        ):
            bucket["count"] += 1
            bucket["base"] += p.base_amount
            bucket["change"] += change
            bucket["confirmed"] += p.status != Status.PROPOSED
            # what is already decided: the department sees its confirmed consequence apart
            bucket["confirmed_change"] += change if p.status != Status.PROPOSED else ZERO
    order = {r: i for i, r in enumerate(("优", "良", "中", "低", "差"))}
    return {
        "by_grade": sorted(by_grade.values(), key=lambda b: order.get(b["label"], 99)),
        "by_department": sorted(by_department.values(), key=lambda b: b["label"]),
        "total": total,
    }


def _zero() -> dict:
    return {"count": 0, "base": ZERO, "change": ZERO, "confirmed": 0, "confirmed_change": ZERO}


# --- the project page -----------------------------------------------------------------------------


@allocation_notice
def linkage_notice(project, year: int) -> list[str]:
    """[002 三(五)] a confirmed linkage shows with next year's allocation."""
    p = (
        LinkageProposal.objects.filter(project_id=project.pk, year=year)
        .exclude(status=Status.PROPOSED)
        .first()
    )
    if p is None:
        return []
    amount = -(p.change or ZERO)
    if amount > 0:
        what = _("压减 %(amount)s 元") % {"amount": _money(amount)}
    elif amount < 0:
        what = _("增加 %(amount)s 元") % {"amount": _money(-amount)}
    else:
        what = p.get_action_display()
    grade = _("（评价等级%(grade)s）") % {"grade": p.grade_label} if p.grade_label else ""
    return [_("%(year)s年预算挂钩：%(what)s%(grade)s") % {"year": year, "what": what, "grade": grade}]
