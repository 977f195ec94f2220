"""Helpers of the prior-assessment tests: projects around the threshold, an assessment walked to a
conclusion through the rules, pool experts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from assessments import rules
from assessments.models import JointReview, PriorAssessment
from budgets.models import Project
from evaluation.models import ExpertProfile
from tests.factories import ProjectFactory

#: A meeting a few days ago (a joint review cannot be dated in the future).
MEETING = datetime.date.today() - datetime.timedelta(days=3)
ARGUMENTS = {
    "necessity": "落实省委教育强省部署，现有校舍抗震等级不达标，须改造。",
    "economy": "按省定额标准测算，单位造价低于同类项目平均水平。",
    "target": "改造校舍 12 栋，惠及学生 8000 人，目标可量化。",
    "feasibility": "已完成可研和初步设计，施工组织方案可行。",
    "financing": "资金来源为本级财政，符合预算管理规定。",
}


def make_project(
    unit, amount="30000000", *, nature=Project.Nature.NEW, sources=("local",), status=None, **kw
):
    return ProjectFactory(
        unit=unit,
        total_amount=Decimal(amount),
        nature=nature,
        fund_sources=list(sources),
        status=status or Project.Status.DEPT_APPROVED,
        start_year=2026,
        end_year=kw.pop("end_year", 2027),
        **kw,
    )


def filled(project, officer) -> PriorAssessment:
    """An assessment with every dimension argued and money asked for each year (still a draft)."""
    assessment = rules.create_assessment(project, officer)
    needs = [
        rules.NeedInput(y, Decimal("15000000"), "按工程量清单测算")
        for y in range(project.start_year, project.end_year + 1)
    ]
    return rules.save_assessment(
        assessment, officer, seen_version=assessment.version, summary="概述", arguments=ARGUMENTS, needs=needs
    )


def submitted(project, officer) -> PriorAssessment:
    assessment = filled(project, officer)
    return rules.run_transition(assessment, "submit", officer, seen_version=assessment.version)


def under_review(project, officer, finance) -> PriorAssessment:
    assessment = submitted(project, officer)
    return rules.run_transition(assessment, "review", finance, seen_version=assessment.version)


def concluded(project, officer, finance, conclusion="support", changes="") -> PriorAssessment:
    assessment = under_review(project, officer, finance)
    return rules.conclude(
        assessment,
        finance,
        conclusion=conclusion,
        reasons="立项依据充分，资金测算合理。",
        required_changes=changes,
        seen_version=assessment.version,
    )


def joint_review(project, finance, decision="approved", conditions="") -> JointReview:
    return rules.record_joint_review(
        project,
        finance,
        rules.JointReviewInput(
            meeting_date=MEETING,
            committee="省财政厅预算（资金）管理委员会",
            members="厅长 王某\n副厅长 李某",
            decision=decision,
            conditions=conditions,
        ),
    )


def pool_entry(personas, user, *, employer=None, conflicts=()) -> ExpertProfile:
    profile = ExpertProfile.objects.create(user=user, region=personas.province, employer=employer)
    profile.declared_conflicts.set(conflicts)
    return profile


@pytest.fixture
def major(personas):
    """Unit A's new project of exactly the threshold, approved by its department (待入库审核)."""
    return make_project(personas.unit_a, "30000000", name="校舍抗震加固工程")


@pytest.fixture
def in_reassessment(personas, major):
    """Unit A's assessment commissioned to an expert panel."""
    assessment = submitted(major, personas.officer_a)
    return rules.run_transition(
        assessment,
        "commission",
        personas.finance_reviewer,
        comment="金额较大，委托专家组再评估",
        seen_version=assessment.version,
    )
