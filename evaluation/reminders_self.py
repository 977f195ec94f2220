"""Reminders of the self-evaluation deadline (monitoring.reminders does the sending, escalation and
once-only bookkeeping): the season's self-evaluations still 填报中 or 退回修改 [003 三(一)]."""

from __future__ import annotations

from budgets.models import Deadline
from evaluation.models import Evaluation, Season
from monitoring.reminders import Responsible, _url, responsible_for


@responsible_for(Deadline.Stage.SELF_EVALUATION)
def self_evaluations_outstanding(deadline: Deadline) -> list[Responsible]:
    """The draft and returned self-evaluations of the deadline's fiscal year, when the deadline is
    its season's (a self_evaluation Deadline made from the Policy defaults before the season was
    opened names no self-evaluations)."""
    if not Season.objects.filter(deadline=deadline).exists():
        return []
    rows = (
        Evaluation.objects.filter(
            fiscal_year_id=deadline.fiscal_year_id,
            kind=Evaluation.Kind.SELF,
            status__in=[Evaluation.Status.DRAFT, Evaluation.Status.RETURNED],
        )
        .order_by("department_id", "unit_id", "pk")
        .values_list("pk", "unit_id", "department_id", "name")
    )
    list_url = _url("evaluation:self_list")
    return [
        Responsible(
            f"evaluation.evaluation:{pk}",
            unit_id,
            department_id,
            _url("evaluation:self_detail", pk) or list_url,
            name,
        )
        for pk, unit_id, department_id, name in rows
    ]
