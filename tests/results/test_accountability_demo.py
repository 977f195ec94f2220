"""seed_demo fills accountability: cases opened from the demo's own suggestions, one suggestion
dismissed with a reason; the same seed gives the same cases after --reset."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from results.demo_accountability import DISMISS_REASON
from results.models import AccountabilityCase, AccountabilityDismissal

pytestmark = pytest.mark.django_db


def _seed(*extra):
    call_command(
        "seed_demo", "--scale", "small", "--year", "2026", "--seed", "7", *extra, stdout=io.StringIO()
    )
    return sorted(
        (c.case, c.measure, c.year, c.unit.code, c.project.code if c.project_id else "", c.facts, c.source)
        for c in AccountabilityCase.objects.select_related("unit", "project")
    )


def test_the_demo_has_accountability_cases_from_suggestions_and_is_repeatable():
    first = _seed()
    assert len(first) >= 3
    assert len({row[0] for row in first}) >= 2
    assert all(row[6] == row[0] for row in first)  # each opened from a suggestion of its kind
    assert AccountabilityDismissal.objects.get().reason == DISMISS_REASON
    for case in AccountabilityCase.objects.all():
        assert case.unit.region_id == case.region_id
        if case.project_id:
            assert case.project.unit_id == case.unit_id
    assert _seed("--reset") == first
    assert AccountabilityDismissal.objects.count() == 1
