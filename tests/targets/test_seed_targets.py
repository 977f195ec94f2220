"""seed_demo fills the targets stage: every state, library indicators that pass validation,
approved targets for running projects, a clean reset."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from budgets.models import Project
from targets.models import Indicator, Target, TargetReview
from targets.rules import approved_target_required
from targets.validation import submission_errors

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def seeded():
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--year", str(YEAR), stdout=out)
    return out.getvalue()


def test_targets_in_every_state(seeded):
    states = set(Target.objects.values_list("status", flat=True))
    assert states == set(Target.Status.values)
    assert Target.objects.filter(kind=Target.Kind.DEPARTMENT, status=Target.Status.APPROVED).exists()


def test_scope_keys_are_set_like_save_would(seeded):
    for target in Target.objects.select_related("unit", "project")[:50]:
        expected_dept = target.unit.parent_id if target.kind == Target.Kind.PROJECT else target.unit_id
        assert (target.department_id, target.region_id) == (expected_dept, target.unit.region_id)
        if target.project:
            assert target.project.unit_id == target.unit_id


def test_running_projects_have_an_approved_target_for_the_year(seeded, monkeypatch):
    import datetime

    import targets.rules

    monkeypatch.setattr(targets.rules, "today", lambda: datetime.date(YEAR, 6, 30))
    running = Project.objects.filter(status=Project.Status.IN_PROGRESS)
    assert running.exists()
    assert [p.code for p in running if approved_target_required(p)] == []


def test_indicators_come_from_the_library_and_pass_validation(seeded):
    reviewed = Target.objects.exclude(status=Target.Status.DRAFT).select_related("fiscal_year")
    assert reviewed.exists()
    for target in reviewed[:80]:
        assert submission_errors(target) == [], target
    assert not Indicator.objects.filter(template__isnull=True).exists()
    training = Target.objects.filter(project__name__contains="培训").first()
    if training is not None:
        assert training.indicators.filter(name="培训人次").exists()
    counts = Target.objects.annotate(n=Count("indicators")).values_list("n", flat=True)
    assert min(counts) >= 3


def test_reviewed_targets_carry_their_opinions(seeded):
    approved = Target.objects.filter(status=Target.Status.APPROVED, kind=Target.Kind.PROJECT).first()
    stages = set(TargetReview.objects.filter(target=approved).values_list("stage", "grade"))
    assert stages == {("department", ""), ("finance", "优")}
    blocked = Target.objects.filter(status=Target.Status.BLOCKED).first()
    assert TargetReview.objects.filter(target=blocked, grade="差").exists()


def test_seed_is_deterministic_and_reset_removes_targets(seeded):
    def snapshot():
        targets = Target.objects.values_list(
            "unit__code", "project__code", "year", "status", "amount", "name"
        )
        indicators = Indicator.objects.values_list(
            "target__name", "name", "target_value", "qualitative_value"
        )
        return sorted(tuple(map(str, r)) for r in targets), sorted(tuple(map(str, r)) for r in indicators)

    first = snapshot()
    call_command("seed_demo", "--scale", "small", "--year", str(YEAR), "--reset", stdout=io.StringIO())
    assert snapshot() == first
