"""The demo's spot check: drawn from the region's accepted self-evaluations, partly re-scored with
flagged gaps; nothing when there are no accepted self-evaluations; reset removes it."""

from decimal import Decimal

import pytest

from evaluation import demo_spot
from evaluation.models import Evaluation, SpotCheck, SpotCheckItem
from evaluation.spotchecks import draw_sample
from tests.evaluation.spot_helpers import department_evaluation, make_department, self_evaluation

pytestmark = pytest.mark.django_db
D = Decimal


def test_no_spot_check_without_accepted_self_evaluations(personas):
    self_evaluation(personas, status=Evaluation.Status.SUBMITTED)
    logged = []
    counts = demo_spot.seed([personas.province.pk], 2026, seed=5, log=logged.append)
    assert not counts and not SpotCheck.objects.exists()
    assert logged == ["抽查复核：该地区没有已审核的绩效自评，未生成抽查复核。"]


def test_the_demo_draws_one_spot_check_with_rescored_and_flagged_items(personas):
    from evaluation.selfeval import recompute

    for i in range(12):
        dept = make_department(personas, f"DM{i}")
        recompute(self_evaluation(personas, department=dept, name=f"部门{i}项目自评"), save=True)
        department_evaluation(personas, department=dept, name=f"部门{i}部门评价")
    logged = []
    counts = demo_spot.seed([personas.province.pk], 2026, seed=5, log=logged.append)
    spot_check = SpotCheck.objects.get()
    assert spot_check.seed == 5 and counts["spot_check"] == 1
    drawn = {c.department_id for c in draw_sample(personas.year, 5).drawn}
    assert set(spot_check.items.values_list("department_id", flat=True)) == drawn
    assert len(drawn) == 2  # ceil(10 % × 12)
    assert counts["spot_check_rescored"] == 4 and counts["spot_check_flagged"] >= 1
    assert SpotCheckItem.objects.filter(flagged=True).count() == counts["spot_check_flagged"]
    assert "随机种子 5" in logged[-1]

    removed = demo_spot.reset([personas.province.pk])
    assert removed["spot_check"] == 1 and removed["spot_check_item"] == 4
    assert not Evaluation.objects.filter(kind=Evaluation.Kind.SPOT_CHECK).exists()
