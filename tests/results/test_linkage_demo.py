"""seed_demo fills the budget linkage: proposals of the current year from last year's
evaluations, some confirmed into the current year's allocations, one overridden."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from budgets.models import Allocation, Expenditure
from results.demo_linkage import OVERRIDE_REASON
from results.models import LinkageProposal

pytestmark = pytest.mark.django_db
CURRENT = 2026


def test_the_demo_has_linkage_proposals_some_confirmed_one_overridden():
    call_command("seed_demo", "--scale", "small", "--year", str(CURRENT), "--seed", "7", stdout=io.StringIO())
    proposals = LinkageProposal.objects.filter(year=CURRENT)
    assert proposals.count() > 5
    assert set(proposals.values_list("evaluated_year", flat=True)) == {CURRENT - 1}
    assert proposals.filter(status="proposed").exists()
    assert proposals.filter(status="confirmed").count() >= 3
    overridden = proposals.get(status="overridden")
    assert overridden.override_reason == OVERRIDE_REASON
    assert len(set(proposals.exclude(grade_label="").values_list("grade_label", flat=True))) >= 3
    for p in proposals.exclude(status="proposed"):
        assert p.allocation.year == CURRENT and p.allocation.project_id == p.project_id
    # spending stays within the budget after the confirmed cuts
    budgets = dict(
        Allocation.objects.filter(year=CURRENT)
        .values("project_id")
        .annotate(t=Sum("total_amount"))
        .values_list("project_id", "t")
    )
    for pid, spent in (
        Expenditure.objects.filter(year=CURRENT)
        .values("project_id")
        .annotate(t=Sum("amount"))
        .values_list("project_id", "t")
    ):
        assert spent <= budgets[pid]
