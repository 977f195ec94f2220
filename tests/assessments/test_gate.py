"""The library gate [002 三(一)][004 第十五条][000 #16 #20]: which projects need a prior assessment and
a joint review, and 入库 refused — on the page and through the API — until they conclude favourably."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import rules
from assessments.models import PriorAssessment
from budgets.models import Policy, Project
from perfapp.workflow import WorkflowError
from tests.api.conftest import API
from tests.assessments.conftest import MEETING, concluded, joint_review, make_project

pytestmark = pytest.mark.django_db


def admit_on_page(client, project):
    project.refresh_from_db()
    return client.post(
        reverse("budgets:project_transition", args=[project.pk, "admit"]),
        {"comment": "", "version": project.version},
    )


def admit_by_api(api_client, project):
    project.refresh_from_db()
    return api_client.post(
        f"{API}/projects/{project.pk}/transitions/",
        {"name": "admit", "version": project.version},
        format="json",
    )


def status_of(project):
    project.refresh_from_db()
    return project.status


# --- which projects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "needed"),
    [("29999999.99", False), ("30000000.00", True), ("45000000.00", True)],
)
@pytest.mark.parametrize("nature", [Project.Nature.NEW, Project.Nature.ADJUSTED, Project.Nature.CONTINUING])
def test_a_major_new_adjusted_or_continuing_project_needs_an_assessment_from_the_threshold(
    personas, amount, needed, nature
):
    project = make_project(personas.unit_a, amount, nature=nature)
    reasons = rules.needs_assessment(project)
    assert bool(reasons) is needed
    if needed:
        assert "不低于重大项目标准 3,000 万元" in reasons[0]
        expected = {
            "new": "新增项目",
            "adjusted": "实施内容或标准发生较大调整",
            "continuing": "到期申请延续执行的项目",
        }[nature]
        assert expected in reasons[0]


@pytest.mark.parametrize("source", ["special_bond", "general_bond"])
def test_a_bond_funded_project_needs_an_assessment_whatever_its_amount(personas, source):
    project = make_project(
        personas.unit_a, "800000", nature=Project.Nature.CONTINUING, sources=("local", source)
    )
    assert rules.needs_assessment(project) == ["使用债券资金安排的项目"]
    assert rules.needs_joint_review(project) == ""


def test_the_policy_decides_the_threshold_the_natures_and_bonds(personas):
    Policy.objects.create(
        fiscal_year=personas.year,
        version=2,
        data={
            "project_library": {
                "major_threshold": "50000000",
                "natures_needing_assessment": ["new"],
                "bond_funded_needs_assessment": False,
                "joint_review_threshold": "80000000",
            }
        },
    )
    assert rules.needs_assessment(make_project(personas.unit_a, "40000000")) == []
    assert (
        rules.needs_assessment(make_project(personas.unit_a, "60000000", nature=Project.Nature.ADJUSTED))
        == []
    )
    assert rules.needs_assessment(make_project(personas.unit_a, "100", sources=("special_bond",))) == []
    big = make_project(personas.unit_a, "60000000")
    assert "5,000 万元" in rules.needs_assessment(big)[0]
    assert rules.needs_joint_review(big) == ""
    assert "8,000 万元" in rules.needs_joint_review(make_project(personas.unit_a, "80000000"))


@pytest.mark.parametrize(
    ("amount", "nature", "needed"),
    [
        ("29999999.99", Project.Nature.NEW, False),
        ("30000000", Project.Nature.NEW, True),
        ("30000000", Project.Nature.ADJUSTED, True),
        ("90000000", Project.Nature.CONTINUING, False),
    ],
)
def test_new_or_increased_projects_from_the_threshold_need_a_joint_review(personas, amount, nature, needed):
    assert bool(rules.needs_joint_review(make_project(personas.unit_a, amount, nature=nature))) is needed


# --- the gate on the page and through the API --------------------------------------------------------


def test_below_the_threshold_a_project_enters_the_library_without_assessment(personas, login, api):
    on_page = make_project(personas.unit_a, "29999999.99")
    assert admit_on_page(login(personas.finance_admin), on_page).status_code == 302
    assert status_of(on_page) == Project.Status.ADMITTED
    by_api = make_project(personas.unit_a, "29999999.99")
    assert admit_by_api(api(personas.finance_admin), by_api).status_code == 200
    assert status_of(by_api) == Project.Status.ADMITTED


@pytest.mark.parametrize("amount", ["30000000", "65000000"])
def test_at_or_above_the_threshold_the_page_refuses_admission_with_the_reason(personas, login, amount):
    project = make_project(personas.unit_a, amount)
    response = admit_on_page(login(personas.finance_admin), project)
    assert response.status_code == 400
    body = response.content.decode()
    assert "该项目须开展事前绩效评估" in body and "尚未开展事前绩效评估，不能入库" in body
    assert "尚未经预算（资金）管理委员会联合会审" in body
    assert status_of(project) == Project.Status.DEPT_APPROVED


@pytest.mark.parametrize("amount", ["30000000", "65000000"])
def test_at_or_above_the_threshold_the_api_refuses_admission_with_the_reason(personas, api, amount):
    project = make_project(personas.unit_a, amount)
    response = admit_by_api(api(personas.finance_reviewer), project)
    assert response.status_code == 400
    assert response.json()["code"] == "blocked"
    assert "尚未开展事前绩效评估" in response.json()["detail"]
    assert status_of(project) == Project.Status.DEPT_APPROVED


def test_a_bond_funded_project_is_refused_on_page_and_api_until_supported(personas, login, api):
    p = personas
    project = make_project(p.unit_a, "2000000", sources=("special_bond",), nature=Project.Nature.CONTINUING)
    response = admit_on_page(login(p.finance_admin), project)
    assert response.status_code == 400 and "使用债券资金安排的项目" in response.content.decode()
    response = admit_by_api(api(p.finance_admin), project)
    assert response.status_code == 400 and "使用债券资金安排的项目" in response.json()["detail"]

    concluded(project, p.officer_a, p.finance_admin)
    # Small and continuing: no joint review is due.
    assert admit_by_api(api(p.finance_admin), project).status_code == 200
    assert status_of(project) == Project.Status.ADMITTED


def test_a_continuing_project_above_the_threshold_waits_for_its_assessment_only(personas, login):
    p = personas
    project = make_project(p.unit_a, "52000000", nature=Project.Nature.CONTINUING)
    response = admit_on_page(login(p.finance_admin), project)
    assert response.status_code == 400
    assert "到期申请延续执行的项目" in response.context["error"]
    assert "联合会审" not in response.context["error"]
    concluded(project, p.officer_a, p.finance_admin)
    assert admit_on_page(login(p.finance_admin), project).status_code == 302


def test_an_assessment_in_progress_still_blocks(personas, api):
    from tests.assessments.conftest import submitted

    p = personas
    project = make_project(p.unit_a, "30000000", nature=Project.Nature.CONTINUING)
    submitted(project, p.officer_a)
    response = admit_by_api(api(p.finance_admin), project)
    assert response.status_code == 400
    assert "事前绩效评估尚未出具结论（当前：待财政审核）" in response.json()["detail"]


def test_a_supported_major_project_still_needs_the_joint_review_above_the_threshold(personas, login, api):
    p = personas
    project = make_project(p.unit_a, "30000000")
    concluded(project, p.officer_a, p.finance_admin)
    response = admit_by_api(api(p.finance_admin), project)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "须经联合会审" in detail and "尚未经预算（资金）管理委员会联合会审" in detail
    assert "须开展事前绩效评估" not in detail

    joint_review(project, p.finance_admin, decision="rejected")
    response = admit_on_page(login(p.finance_admin), project)
    assert response.status_code == 400 and "联合会审结论为“不同意”" in response.content.decode()

    joint_review(project, p.finance_admin, decision="conditional", conditions="分两年安排资金")
    assert admit_on_page(login(p.finance_admin), project).status_code == 302
    assert status_of(project) == Project.Status.ADMITTED


def test_a_conditional_joint_review_needs_its_conditions(personas, major):
    with pytest.raises(WorkflowError) as refused:
        joint_review(major, personas.finance_admin, decision="conditional", conditions=" ")
    assert "须写明附加条件" in refused.value.message
    assert not major.joint_reviews.exists()


def test_only_finance_records_a_joint_review(personas, major, api):
    response = api(personas.officer_a).post(
        f"{API}/joint-reviews/",
        {
            "project": major.pk,
            "meeting_date": MEETING.isoformat(),
            "committee": "预算（资金）管理委员会",
            "members": "王某",
            "decision": "approved",
        },
        format="json",
    )
    assert response.status_code == 403
    response = api(personas.finance_reviewer).post(
        f"{API}/joint-reviews/",
        {
            "project": major.pk,
            "meeting_date": MEETING.isoformat(),
            "committee": "预算（资金）管理委员会",
            "members": "王某\n李某",
            "decision": "approved",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["decision_display"] == "同意"


# --- conclusions ------------------------------------------------------------------------------------


def test_not_supported_blocks_admission_on_page_and_api(personas, login, api):
    p = personas
    project = make_project(p.unit_a, "40000000")
    concluded(project, p.officer_a, p.finance_admin, conclusion="not_supported")
    joint_review(project, p.finance_admin)
    response = admit_on_page(login(p.finance_admin), project)
    assert response.status_code == 400
    assert "事前绩效评估结论为“不予支持”" in response.content.decode()
    response = admit_by_api(api(p.finance_admin), project)
    assert response.status_code == 400 and "不予支持" in response.json()["detail"]
    assert status_of(project) == Project.Status.DEPT_APPROVED


def test_support_with_changes_is_refused_without_the_required_changes(personas, major):
    from tests.assessments.conftest import under_review

    p = personas
    assessment = under_review(major, p.officer_a, p.finance_admin)
    with pytest.raises(WorkflowError) as refused:
        rules.conclude(
            assessment,
            p.finance_admin,
            conclusion="support_with_changes",
            reasons="总体可行",
            required_changes="  ",
            seen_version=assessment.version,
        )
    assert refused.value.message == "结论为“调整完善后予以支持”时，须写明调整完善要求。"
    assessment.refresh_from_db()
    assert assessment.status == PriorAssessment.Status.UNDER_REVIEW and assessment.conclusion == ""


def test_support_with_changes_recorded_lets_the_project_in(personas, major, api):
    p = personas
    concluded(major, p.officer_a, p.finance_admin, "support_with_changes", "压减设备购置费 300 万元")
    joint_review(major, p.finance_admin)
    assert admit_by_api(api(p.finance_admin), major).status_code == 200
    assert status_of(major) == Project.Status.ADMITTED


def test_a_conclusion_needs_reasons(personas, major, api):
    from tests.assessments.conftest import under_review

    p = personas
    assessment = under_review(major, p.officer_a, p.finance_admin)
    response = api(p.finance_admin).post(
        f"{API}/prior-assessments/{assessment.pk}/conclude/",
        {"conclusion": "support", "reasons": "", "version": assessment.version},
        format="json",
    )
    assert response.status_code == 400
    assert "请填写结论理由" in response.json()["detail"]


def test_the_conclusion_through_the_api_opens_the_gate(personas, major, api):
    from tests.assessments.conftest import under_review

    p = personas
    assessment = under_review(major, p.officer_a, p.finance_admin)
    response = api(p.finance_reviewer).post(
        f"{API}/prior-assessments/{assessment.pk}/conclude/",
        {
            "conclusion": "support_with_changes",
            "reasons": "必要性充分",
            "required_changes": "细化分年度实施计划",
            "opinions": {"economy": "单价偏高，须压减"},
            "approved": [{"year": 2026, "amount": "14000000"}],
            "version": assessment.version,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["conclusion_display"] == "调整完善后予以支持"
    assert {d["dimension"]: d["opinion"] for d in body["dimensions"]}["economy"] == "单价偏高，须压减"
    assert {n["year"]: n["approved_amount"] for n in body["spending_needs"]} == {
        2026: "14000000.00",
        2027: None,
    }
    assert body["gate"] == [
        "该项目须经联合会审（新增项目，项目总金额 3,000 万元，不低于联合会审标准 3,000 万元），"
        "尚未经预算（资金）管理委员会联合会审，不能入库"
    ]


def test_a_leader_cannot_conclude(personas, major, api):
    from tests.assessments.conftest import under_review

    assessment = under_review(major, personas.officer_a, personas.finance_admin)
    response = api(personas.leader).post(
        f"{API}/prior-assessments/{assessment.pk}/conclude/",
        {"conclusion": "support", "reasons": "同意", "version": assessment.version},
        format="json",
    )
    assert response.status_code == 403


def test_the_dimension_points_must_add_up_to_100(personas):
    from budgets.policy import PolicyData, PolicyError

    rules_ = PolicyData.from_dict({"project_library": {"assessment_points": ["30", "20", "20", "20", "20"]}})
    with pytest.raises(PolicyError, match="合计须为 100 分"):
        rules_.validate()
    with pytest.raises(PolicyError, match="须开展事前评估的项目性质只能是"):
        PolicyData.from_dict({"project_library": {"natures_needing_assessment": ["old"]}}).validate()
    PolicyData().validate()
    assert Decimal("20") in PolicyData().project_library.assessment_points
