"""我的待办 of prior assessments, the nav entry, and the demo data (seed and reset)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import ExpertAssignment, Organization, Region, Role
from assessments import demo
from assessments.models import (
    AssessmentExpertAssignment,
    AssessmentExpertScore,
    JointReview,
    PriorAssessment,
)
from budgets.models import Project
from perfapp.todo import todo_for
from tests.assessments.conftest import filled, make_project, pool_entry, submitted
from tests.factories import FiscalYearFactory, OrganizationFactory, make_user

pytestmark = pytest.mark.django_db


def titles(user) -> dict[str, int]:
    return {i.title: i.count for i in todo_for(user) if i.kind == "事前绩效评估"}


def test_the_unit_is_told_which_projects_need_an_assessment_and_which_drafts_wait(personas):
    p = personas
    make_project(p.unit_a, "30000000", status=Project.Status.DRAFT)
    make_project(p.unit_a, "100000", status=Project.Status.DRAFT)
    assert titles(p.officer_a) == {"须开展事前绩效评估的项目": 1}
    filled(make_project(p.unit_a, "45000000", status=Project.Status.SUBMITTED), p.officer_a)
    assert titles(p.officer_a) == {"须开展事前绩效评估的项目": 1, "事前绩效评估待填报": 1}
    assert titles(p.officer_b) == {}


def test_finance_and_experts_are_told_what_waits_for_them(personas):
    p = personas
    submitted(make_project(p.unit_a, "30000000", nature=Project.Nature.CONTINUING), p.officer_a)
    make_project(p.unit_b, "60000000")  # 初审通过, no joint review yet
    assert titles(p.finance_reviewer) == {"事前绩效评估待受理审核": 1, "待联合会审的项目": 1}
    assert titles(p.dept_e_officer) == {}


def test_the_nav_links_the_assessment_list(personas, login):
    body = login(personas.officer_a).get(reverse("home")).content.decode()
    assert reverse("assessments:assessment_list") in body and "事前绩效评估" in body


@pytest.fixture
def demo_city(personas):
    """A department and a unit in the demo city (长春市) with the city's fiscal year, and a pool of
    two experts at the agency."""
    city = Region.objects.get(code="220100")
    FiscalYearFactory(region=city, year=2026)
    dept = OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT,
        code="CC-D",
        name="长春市教育局",
        region=city,
        parent=personas.bureau,
    )
    unit = OrganizationFactory(
        kind=Organization.Kind.UNIT, code="CC-A", name="长春市第一中学", region=city, parent=dept
    )
    make_user("cc_unit", Role.UNIT_OFFICER, unit)
    make_user(
        "cc_fin",
        Role.FINANCE_ADMIN,
        OrganizationFactory(kind=Organization.Kind.FINANCE_BUREAU, code="CC-FIN", region=city),
    )
    pool_entry(personas, personas.expert, employer=personas.agency)
    pool_entry(personas, make_user("expert2", Role.EXPERT, personas.agency), employer=personas.agency)
    return city, unit


def test_the_demo_gives_every_project_that_needs_one_an_assessment_matching_its_status(personas, demo_city):
    city, unit = demo_city
    S = Project.Status
    statuses = [S.DEPT_APPROVED] * 6 + [S.ADMITTED, S.IN_PROGRESS, S.REJECTED, S.SUBMITTED, S.DRAFT]
    made = {
        n: make_project(unit, str(30000000 + n * 1000000), status=status, code=f"CC{n:03d}")
        for n, status in enumerate(statuses)
    }
    small_elsewhere = make_project(personas.unit_a, "100000", status=S.ADMITTED, code="P-SMALL")
    big_elsewhere = make_project(personas.unit_a, "80000000", status=S.ADMITTED, code="P-ADM")
    voluntary = make_project(unit, "2000000", status=S.IN_PROGRESS, code="CC-VOL")

    counts = demo.seed([personas.province.pk, city.pk], 2026, seed=7)

    assert not PriorAssessment.objects.filter(project=small_elsewhere).exists()
    assert counts["prior_assessment"] == 13
    by_project = {a.project_id: a for a in PriorAssessment.objects.all()}
    # Waiting in the library, largest first: one in each place of finance's workflow.
    places = [by_project[made[n].pk].status for n in (5, 4, 3, 2, 1, 0)]
    assert places == ["reassessment", "concluded", "under_review", "submitted", "concluded", "concluded"]
    assert not JointReview.objects.filter(project=made[1]).exists()  # concluded, waiting for the joint review
    assert by_project[made[8].pk].conclusion == "not_supported"
    assert by_project[made[9].pk].status == "submitted" and by_project[made[10].pk].status == "draft"
    assert by_project[voluntary.pk].is_supportive
    for project in (made[6], made[7], big_elsewhere):
        a = by_project[project.pk]
        assert a.is_supportive and a.spending_needs.exists()
        assert sum(n.amount for n in a.spending_needs.all()) == project.total_amount
        assert JointReview.objects.filter(project=project).exists()
    # The re-assessments: the demo expert still scores one; the other was concluded on a full panel.
    pending = AssessmentExpertAssignment.objects.get(
        assessment=by_project[made[5].pk], expert=personas.expert
    )
    assert pending.submitted_at is None and pending.scores.count() == 3
    reassessed = by_project[made[4].pk]
    assert reassessed.expert_total is not None and reassessed.expert_grade_label in {"优", "良", "中"}
    assert titles(personas.expert) == {"事前绩效评估待评分": 1}
    needs = sorted(
        PriorAssessment.objects.values_list("project__code", "spending_needs__year", "spending_needs__amount")
    )

    removed = demo.reset([personas.province.pk, city.pk])
    assert removed["prior_assessment"] == 13
    assert not PriorAssessment.objects.exists() and not JointReview.objects.exists()
    assert not AssessmentExpertScore.objects.exists()
    assert not ExpertAssignment.objects.filter(purpose__startswith="assessment:").exists()
    # Deterministic: the same seed writes the same amounts.
    demo.seed([personas.province.pk, city.pk], 2026, seed=7)
    again = sorted(
        PriorAssessment.objects.values_list("project__code", "spending_needs__year", "spending_needs__amount")
    )
    assert again == needs
    assert Decimal(0) not in {a for _c, _y, a in again}
