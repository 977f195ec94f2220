"""Measures on warnings [002 三(三)] (DESIGN.md §3.3): the unit acknowledges a warning, finance
resolves it with a measure — continue, adjust the target, suspend payment (暂缓拨款, until lifted)
or recall funds (收回: the amount leaves the project's allocation of the year and is listed for
reallocation).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scoping import scope_of
from budgets.library import allocation_notice
from budgets.models import Allocation, Expenditure
from monitoring.models import FundAction, Warning
from perfapp import audit
from perfapp.models import EventKind
from perfapp.workflow import TransitionRefused, WorkflowError

Measure = Warning.Measure
OPEN_STATUSES = (Warning.Status.OPEN, Warning.Status.ACKNOWLEDGED)


# --- who ----------------------------------------------------------------------------------------


def can_acknowledge(warning: Warning, user) -> bool:
    """The responsible unit acknowledges (the department for its overall target's warnings)."""
    scope = scope_of(user)
    if warning.status != Warning.Status.OPEN:
        return False
    if Role.UNIT_OFFICER in scope.roles and warning.unit_id in scope.unit_ids:
        return True
    return (
        warning.project_id is None
        and Role.DEPT_OFFICER in scope.roles
        and warning.department_id in scope.department_ids
    )


def is_finance_of(obj, user) -> bool:
    """The finance reviewer of the department's division, or the finance admin of the region."""
    scope = scope_of(user)
    if Role.FINANCE_REVIEWER in scope.roles and obj.department_id in scope.department_ids:
        return True
    return Role.FINANCE_ADMIN in scope.roles and bool(scope.region_ids) and obj.region_id in scope.region_ids


def can_resolve(warning: Warning, user) -> bool:
    return warning.status in OPEN_STATUSES and is_finance_of(warning, user)


def active_suspension(project_id: int, year: int) -> FundAction | None:
    """The unlifted 暂缓拨款 of a project's year, if any (shown with its allocation)."""
    return (
        FundAction.objects.filter(
            kind=FundAction.Kind.SUSPEND, project_id=project_id, year=year, lifted_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def recallable(project_id: int, year: int) -> Decimal:
    """What can still be recalled: the year's budget not yet spent."""
    budget = Allocation.objects.filter(project_id=project_id, year=year).aggregate(s=Sum("total_amount"))["s"]
    spent = Expenditure.objects.filter(project_id=project_id, year=year).aggregate(s=Sum("amount"))["s"]
    return max((budget or Decimal("0")) - (spent or Decimal("0")), Decimal("0"))


# --- acknowledge --------------------------------------------------------------------------------


def acknowledge(warning: Warning, user, note: str = "", request=None) -> Warning:
    """单位确认: the unit has seen the warning and says what it does about it."""
    with transaction.atomic():
        warning = Warning.objects.select_for_update().get(pk=warning.pk)
        if warning.status != Warning.Status.OPEN:
            raise TransitionRefused(_("该预警不是待确认状态。"), code="state")
        if not can_acknowledge(warning, user):
            raise TransitionRefused(_("只有责任单位可以确认预警。"), code="permission")
        warning.status = Warning.Status.ACKNOWLEDGED
        warning.acknowledged_by = user
        warning.acknowledged_at = timezone.now()
        warning.acknowledgement = note.strip()
        warning.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "acknowledgement"])
        audit.record(
            EventKind.TRANSITION,
            user,
            warning,
            summary=_("确认预警：%(w)s") % {"w": warning.message},
            data={"note": warning.acknowledgement},
            request=request,
        )
    return warning


# --- resolve ------------------------------------------------------------------------------------


def resolve(
    warning: Warning,
    user,
    measure: str,
    note: str = "",
    *,
    amount: Decimal | None = None,
    request=None,
) -> Warning:
    """财政处置 [002 三(三)] with one measure; all or nothing.

    - continue: the project goes on as planned;
    - adjust_target: opens an adjustment of the approved target (targets.review.start_adjustment,
      [004 第二十四条]) with the note as its reason;
    - suspend: 暂缓拨款 of the project's year until lifted (lift_suspension);
    - recall: 收回 `amount` (≤ the budget not yet spent): the allocation is reduced and the money
      is listed among the recalled funds for reallocation.
    """
    if measure not in Measure.values:
        raise WorkflowError(_("请选择处置措施。"), code="invalid")
    note = (note or "").strip()
    with transaction.atomic():
        warning = Warning.objects.select_for_update().get(pk=warning.pk)
        if warning.status not in OPEN_STATUSES:
            raise TransitionRefused(_("该预警已处置或已关闭。"), code="state")
        if not is_finance_of(warning, user):
            raise TransitionRefused(_("只有财政部门可以处置预警。"), code="permission")
        if measure in (Measure.SUSPEND, Measure.RECALL) and warning.project_id is None:
            raise WorkflowError(_("部门整体预警不能暂缓拨款或收回资金。"), code="invalid")
        data = {"measure": measure, "note": note}
        if measure == Measure.ADJUST_TARGET:
            from targets.review import start_adjustment

            if warning.target is None:
                raise WorkflowError(_("该预警没有对应的绩效目标。"), code="invalid")
            if not note:
                raise WorkflowError(_("请说明调整原因。"), code="invalid")
            new = start_adjustment(warning.target, user, reason=note)
            data["adjustment_target"] = new.pk
        elif measure == Measure.SUSPEND:
            if active_suspension(warning.project_id, warning.year):
                raise TransitionRefused(_("该项目已暂缓拨款。"), code="state")
            action = FundAction.objects.create(
                kind=FundAction.Kind.SUSPEND,
                warning=warning,
                project_id=warning.project_id,
                year=warning.year,
                note=note,
                created_by=user,
            )
            data["fund_action"] = action.pk
        elif measure == Measure.RECALL:
            action = recall(warning, user, amount, note)
            data["fund_action"] = action.pk
            data["amount"] = str(action.amount)
        warning.status = Warning.Status.RESOLVED
        warning.measure = measure
        warning.measure_note = note
        warning.resolved_by = user
        warning.resolved_at = timezone.now()
        warning.save(update_fields=["status", "measure", "measure_note", "resolved_by", "resolved_at"])
        audit.record(
            EventKind.TRANSITION,
            user,
            warning,
            summary=_("处置预警（%(m)s）：%(w)s") % {"m": Measure(measure).label, "w": warning.message},
            data=data,
            request=request,
        )
    return warning


def recall(warning: Warning, user, amount: Decimal | None, note: str = "") -> FundAction:
    """收回 [002 三(三)]: lower the adjustment of the project's allocation rows of the year (largest
    first) so their total drops by `amount`; each change is kept in the allocation's history."""
    if amount is None or amount <= 0:
        raise WorkflowError(_("请填写收回金额（大于0）。"), code="invalid")
    rows = list(
        Allocation.objects.select_for_update()
        .filter(project_id=warning.project_id, year=warning.year)
        .order_by("-total_amount", "pk")
    )
    available = recallable(warning.project_id, warning.year)
    if amount > available:
        raise WorkflowError(_("收回金额不能超过尚未支出的预算 %(a)s 元。") % {"a": available}, code="invalid")
    left = amount
    for row in rows:
        if left <= 0:
            break
        take = min(left, max(row.total_amount, Decimal("0")))
        if take <= 0:
            continue
        row.adjustment = (row.adjustment or Decimal("0")) - take
        row._change_reason = _("收回资金（预警 %(id)s）") % {"id": warning.pk}
        row.save()
        left -= take
    return FundAction.objects.create(
        kind=FundAction.Kind.RECALL,
        warning=warning,
        project_id=warning.project_id,
        year=warning.year,
        amount=amount,
        note=note,
        created_by=user,
    )


def lift_suspension(action: FundAction, user, request=None) -> FundAction:
    """解除暂缓拨款."""
    with transaction.atomic():
        action = FundAction.objects.select_for_update().get(pk=action.pk)
        if action.kind != FundAction.Kind.SUSPEND or action.lifted_at is not None:
            raise TransitionRefused(_("该项资金处置不是生效中的暂缓拨款。"), code="state")
        if not is_finance_of(action, user):
            raise TransitionRefused(_("只有财政部门可以解除暂缓拨款。"), code="permission")
        action.lifted_at = timezone.now()
        action.lifted_by = user
        action.save(update_fields=["lifted_at", "lifted_by"])
        audit.record(
            EventKind.TRANSITION,
            user,
            action,
            summary=_("解除暂缓拨款：%(p)s") % {"p": action.project},
            data={"fund_action": action.pk},
            request=request,
        )
    return action


def recalled_funds(user):
    """收回资金 list for reallocation [002 三(三)], as the user may see it."""
    return (
        FundAction.objects.visible_to(user)
        .filter(kind=FundAction.Kind.RECALL)
        .select_related("project", "unit", "department", "warning", "created_by")
    )


@allocation_notice
def suspension_notice(project, year: int) -> list[str]:
    """[002 三(三)] a suspended payment shows with the allocation until it is lifted."""
    action = active_suspension(project.pk, year)
    if action is None:
        return []
    return [
        _("%(year)s 年度资金暂缓拨款中（%(date)s 起，预警处置）：%(note)s")
        % {
            "year": year,
            "date": timezone.localtime(action.created_at).strftime("%Y-%m-%d"),
            "note": action.note or "—",
        }
    ]
