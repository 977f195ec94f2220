"""The demo loader's bulk path: COPY writes what bulk_create would, and the big scales' targets
get 10–15 indicators each, the same for the same seed (budgets/bulk.py, budgets/demo.py)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Organization, Region
from budgets import bulk, demo
from budgets.models import Allocation, Project
from targets.models import Indicator, Target

pytestmark = pytest.mark.django_db


def seed_small(*args):
    call_command("seed_demo", "--scale", "small", "--year", "2026", *args, stdout=io.StringIO())


def indicator_shape() -> dict:
    return {
        "per_target": dict(
            Counter(
                Indicator.objects.filter(target__kind=Target.Kind.PROJECT).values_list(
                    "target__project__code", "target__year"
                )
            )
        ),
        "names": list(
            Indicator.objects.order_by(
                "target__project__code", "target__year", "target__version", "order", "name", "target_value"
            ).values_list(
                "target__project__code", "target__year", "level1", "name", "target_value", "qualitative_value"
            )
        ),
    }


def test_bulk_insert_sets_keys_resolves_parents_and_fills_auto_now_add(personas):
    unit = personas.unit_a
    project = Project(
        code="BULK0001",
        name="批量写入测试项目",
        unit=unit,
        department=unit.parent,
        region=unit.region,
        category="other",
        start_year=2026,
        end_year=2026,
        total_amount="100000.00",
    )
    allocation = Allocation(
        project=project,
        unit_id=unit.pk,
        department_id=unit.parent_id,
        region_id=unit.region_id,
        year=2026,
        fund_source="local",
        initial_amount="100000.00",
        adjustment="0.00",
        total_amount="100000.00",
    )

    bulk.insert(Project, [project])
    bulk.insert(Allocation, [allocation])

    assert project.pk and allocation.pk
    saved = Allocation.objects.select_related("project").get(pk=allocation.pk)
    assert saved.project.code == "BULK0001"
    assert Project.objects.get(pk=project.pk).created_at is not None
    assert bulk.uses_copy(Project) == (connection.vendor == "postgresql")


def test_the_usual_scales_keep_at_most_seven_indicators_a_project_target():
    seed_small("--seed", "7")

    counts = indicator_shape()["per_target"].values()

    assert counts and min(counts) >= 3 and max(counts) <= 7


def test_big_scale_targets_get_ten_to_fifteen_indicators_the_same_for_the_same_seed(monkeypatch):
    # The small scale's regions with the big scales' indicator profile: the same code path, in seconds.
    monkeypatch.setitem(demo.INDICATORS, "small", (10, 15))
    seed_small("--seed", "7")
    first = indicator_shape()
    counts = list(first["per_target"].values())
    assert len(counts) >= 30
    assert min(counts) >= 10 and max(counts) <= 15
    assert len(set(counts)) > 1

    seed_small("--seed", "7", "--reset")

    assert indicator_shape() == first
    # Every target's level-1 groups are in order and each one has output and satisfaction indicators.
    target = Target.objects.filter(kind=Target.Kind.PROJECT).order_by("pk").first()
    levels = list(target.indicators.order_by("order", "pk").values_list("level1", flat=True))
    assert levels[0] == "output" and "satisfaction" in levels


def test_province_scale_fills_the_later_stages_for_the_demo_city_only():
    regions = demo.ensure_regions()
    plans = demo.plan_for("province")

    ids = demo.stage_region_ids(plans, regions, "province")

    codes = set(Region.objects.filter(pk__in=ids).values_list("code", flat=True))
    assert demo.DEMO_CITY in codes and "220122" in codes
    assert all(code.startswith("2201") for code in codes)
    assert len(demo.stage_region_ids(demo.plan_for("city"), regions, "city")) == 12
    assert not Organization.objects.exists()
