"""Re-assessment by experts [004 第十六条]: the conflict-of-interest check of the evaluation stage
[财预〔2021〕6号], blind scoring of the five dimensions through the API, the panel's grade, and
visibility only while assigned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import ExpertAssignment, Role
from assessments import experts as ex
from assessments import rules
from assessments.models import AssessmentExpertAssignment, PriorAssessment
from perfapp.workflow import WorkflowError
from tests.api.conftest import API
from tests.assessments.conftest import pool_entry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(personas, in_reassessment):
    """Two pool experts at the agency, assigned by finance."""
    first = personas.expert
    second = make_user("expert_b", Role.EXPERT, personas.agency, full_name="钱专家")
    for user in (first, second):
        pool_entry(personas, user, employer=personas.agency)
    ex.assign(in_reassessment, first, personas.finance_reviewer)
    ex.assign(in_reassessment, second, personas.finance_reviewer)
    return {"assessment": in_reassessment, "first": first, "second": second}


def scores_payload(values, comment="意见"):
    dims = ["necessity", "economy", "target", "feasibility", "financing"]
    return {
        "scores": [
            {"dimension": d, "score": str(v), "comment": comment} for d, v in zip(dims, values, strict=True)
        ]
    }


def assignment_of(assessment, user):
    return AssessmentExpertAssignment.objects.get(assessment=assessment, expert=user)


# --- conflict of interest ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer", "reason"),
    [
        ("unit_a", "专家工作单位“吉林省实验中学”即被评价单位"),
        ("dept_d", "专家工作单位“吉林省教育厅”是被评价单位的主管部门"),
        ("unit_b", "专家工作单位“吉林省教育考试院”与被评价单位同属一个主管部门"),
    ],
)
def test_an_expert_of_the_projects_organization_is_refused(personas, in_reassessment, employer, reason):
    expert = make_user("conflicted", Role.EXPERT, personas.agency)
    pool_entry(personas, expert, employer=getattr(personas, employer))
    with pytest.raises(WorkflowError) as refused:
        ex.assign(in_reassessment, expert, personas.finance_admin)
    assert refused.value.code == "conflict"
    assert refused.value.message == f"存在利益冲突，须回避：{reason}。"
    assert not AssessmentExpertAssignment.objects.exists()
    assert not ExpertAssignment.objects.filter(expert=expert).exists()


def test_a_declared_conflict_is_refused_on_the_page_with_the_reason(personas, in_reassessment, login):
    expert = make_user("declared", Role.EXPERT, personas.agency, full_name="回避专家")
    pool_entry(personas, expert, conflicts=[personas.dept_d])
    response = login(personas.finance_admin).post(
        reverse("assessments:assessment_assign", args=[in_reassessment.pk]), {"expert": expert.pk}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "存在利益冲突，须回避：专家已申报与“吉林省教育厅”存在利益冲突。" in body
    assert not AssessmentExpertAssignment.objects.exists()


def test_a_conflict_is_refused_through_the_api(personas, in_reassessment, api):
    expert = make_user("insider", Role.EXPERT, personas.unit_a)
    pool_entry(personas, expert)
    response = api(personas.finance_admin).post(
        f"{API}/assessment-assignments/",
        {"assessment": in_reassessment.pk, "expert": expert.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "conflict"
    assert "即被评价单位" in response.json()["detail"]


def test_an_expert_of_another_department_is_assigned_and_sees_the_project(personas, in_reassessment, api):
    expert = make_user("outsider", Role.EXPERT, personas.agency)
    pool_entry(personas, expert, employer=personas.unit_c)
    response = api(personas.finance_admin).post(
        f"{API}/assessment-assignments/",
        {"assessment": in_reassessment.pk, "expert": expert.pk, "no_conflict_declared": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert api(expert).get(f"{API}/prior-assessments/{in_reassessment.pk}/").status_code == 200
    assert api(expert).get(f"{API}/projects/{in_reassessment.project_id}/").status_code == 200


def test_only_pool_experts_are_assigned_and_only_during_reassessment(personas, major, in_reassessment):
    outsider = make_user("not_pooled", Role.EXPERT, personas.agency)
    with pytest.raises(WorkflowError, match="不是专家库中的在库专家"):
        ex.assign(in_reassessment, outsider, personas.finance_admin)
    pool_entry(personas, outsider)
    with pytest.raises(WorkflowError) as refused:
        ex.assign(in_reassessment, outsider, personas.officer_a)
    assert refused.value.code == "permission"


# --- blind scoring -----------------------------------------------------------------------------------


def test_blind_scoring_through_the_api(personas, panel, api):
    p = personas
    assessment = panel["assessment"]
    first, second = api(panel["first"]), api(panel["second"])
    a1, a2 = assignment_of(assessment, panel["first"]), assignment_of(assessment, panel["second"])

    response = first.put(
        f"{API}/assessment-assignments/{a1.pk}/scores/", scores_payload([18, 17, 16, 19, 18]), format="json"
    )
    assert response.status_code == 200, response.content
    assert [(s["dimension"], s["score"], s["grade_label"]) for s in response.json()][:2] == [
        ("necessity", "18.00", "优"),
        ("economy", "17.00", "良"),
    ]

    # The second expert sees neither the first expert's assignment nor their scores.
    assert second.get(f"{API}/assessment-assignments/{a1.pk}/").status_code == 404
    assert second.get(f"{API}/assessment-assignments/{a1.pk}/scores/").status_code == 404
    assert second.get(f"{API}/prior-assessments/{assessment.pk}/scores/").json() == []
    assert [a["id"] for a in second.get(f"{API}/assessment-assignments/").json()["results"]] == [a2.pk]
    # Finance and the unit see nothing before every expert has submitted.
    assert api(p.finance_admin).get(f"{API}/prior-assessments/{assessment.pk}/scores/").json() == []
    assert api(p.leader).get(f"{API}/prior-assessments/{assessment.pk}/scores/").json() == []
    assert (
        api(p.finance_admin).get(f"{API}/prior-assessments/{assessment.pk}/").json()["expert_result"] is None
    )

    assert first.post(f"{API}/assessment-assignments/{a1.pk}/submit/").status_code == 200
    # Submitted: frozen.
    response = first.put(
        f"{API}/assessment-assignments/{a1.pk}/scores/", scores_payload([1, 1, 1, 1, 1]), format="json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "评分已提交，不能修改。"
    # Still blind while the second has not submitted.
    assert len(first.get(f"{API}/prior-assessments/{assessment.pk}/scores/").json()) == 5
    assert api(p.finance_admin).get(f"{API}/prior-assessments/{assessment.pk}/scores/").json() == []

    second.put(
        f"{API}/assessment-assignments/{a2.pk}/scores/", scores_payload([16, 15, 14, 17, 16]), format="json"
    )
    assert second.post(f"{API}/assessment-assignments/{a2.pk}/submit/").status_code == 200

    rows = api(p.finance_admin).get(f"{API}/prior-assessments/{assessment.pk}/scores/").json()
    assert len(rows) == 10 and {r["expert_name"] for r in rows} == {"钱专家", panel["first"].display_name}
    assert len(first.get(f"{API}/prior-assessments/{assessment.pk}/scores/").json()) == 10
    # The unit never reads individual experts' scores.
    assert api(p.officer_a).get(f"{API}/prior-assessments/{assessment.pk}/scores/").json() == []
    result = api(p.finance_admin).get(f"{API}/prior-assessments/{assessment.pk}/").json()["expert_result"]
    # Means 17, 16, 15, 18, 17 → 83 → 良.
    assert result == {"total": "83.00", "grade": "good", "grade_label": "良"}
    assert api(p.officer_a).get(f"{API}/prior-assessments/{assessment.pk}/").json()["expert_result"] is None
    assessment.refresh_from_db()
    assert (assessment.expert_total, assessment.expert_grade_label) == (Decimal("83.00"), "良")


def test_a_score_above_the_dimension_points_is_refused_and_nothing_saved(personas, panel, api):
    a1 = assignment_of(panel["assessment"], panel["first"])
    response = api(panel["first"]).put(
        f"{API}/assessment-assignments/{a1.pk}/scores/", scores_payload([21, 17, 16, 19, 18]), format="json"
    )
    assert response.status_code == 400
    assert "“立项必要性”的得分须在 0 到 20 分之间" in response.json()["detail"]
    assert not a1.scores.exists()


def test_an_incomplete_score_sheet_cannot_be_submitted(personas, panel, api):
    a1 = assignment_of(panel["assessment"], panel["first"])
    payload = scores_payload([18, 17, 16, 19, 18])
    payload["scores"] = payload["scores"][:3]
    api(panel["first"]).put(f"{API}/assessment-assignments/{a1.pk}/scores/", payload, format="json")
    response = api(panel["first"]).post(f"{API}/assessment-assignments/{a1.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["detail"] == "以下维度尚未评分，不能提交：实施方案可行性、筹资合规性。"


def test_finance_concludes_only_after_every_expert_submitted_and_never_supports_a_poor_grade(personas, panel):
    p = personas
    assessment = panel["assessment"]
    with pytest.raises(WorkflowError, match="专家尚未全部提交评分"):
        rules.conclude(
            assessment, p.finance_admin, conclusion="support", reasons="同意", seen_version=assessment.version
        )
    for user, values in ((panel["first"], [10, 10, 10, 10, 10]), (panel["second"], [11, 11, 11, 11, 11])):
        assignment = assignment_of(assessment, user)
        ex.save_scores(
            assignment,
            {
                d: (Decimal(v), "")
                for d, v in zip(
                    ["necessity", "economy", "target", "feasibility", "financing"], values, strict=True
                )
            },
            user,
        )
        ex.submit_scores(assignment, user)
    assessment.refresh_from_db()
    assert (assessment.expert_total, assessment.expert_grade_label) == (Decimal("52.50"), "差")
    with pytest.raises(WorkflowError) as refused:
        rules.conclude(
            assessment, p.finance_admin, conclusion="support", reasons="同意", seen_version=assessment.version
        )
    assert refused.value.message == "专家评估等级为“差”，只能出具“不予支持”结论。"
    done = rules.conclude(
        assessment,
        p.finance_admin,
        conclusion="not_supported",
        reasons="专家评估为差",
        seen_version=assessment.version,
    )
    assert done.status == PriorAssessment.Status.CONCLUDED and done.conclusion == "not_supported"


def test_an_expert_sees_the_assessment_only_while_assigned(personas, panel, api):
    assessment = panel["assessment"]
    client = api(panel["first"])
    assert client.get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 200
    assert [a["id"] for a in client.get(f"{API}/prior-assessments/").json()["results"]] == [assessment.pk]
    ex.end_assignment(assignment_of(assessment, panel["first"]), personas.finance_admin)
    assert client.get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 404
    assert client.get(f"{API}/prior-assessments/").json()["results"] == []
    assert client.get(f"{API}/projects/{assessment.project_id}/").status_code == 404
    # Another expert who was never assigned sees nothing at all.
    stranger = make_user("stranger", Role.EXPERT, personas.agency)
    assert api(stranger).get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 404


def test_the_expert_scores_on_the_page(personas, panel, login):
    assessment = panel["assessment"]
    client = login(panel["first"])
    url = reverse("assessments:assessment_score", args=[assessment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "背对背评分" in page.content.decode()
    data = {f"score_{d}": "25" for d in ["necessity", "economy", "target", "feasibility", "financing"]}
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 400
    assert "得分不能超过该维度分值。" in response.content.decode()
    assert 'value="25"' in response.content.decode()
    data = {f"score_{d}": "18" for d in ["necessity", "economy", "target", "feasibility", "financing"]}
    assert client.post(url, {**data, "action": "submit"}).status_code == 302
    assert assignment_of(assessment, panel["first"]).submitted_at is not None
    # Finance cannot open an expert's scoring page.
    assert login(personas.finance_admin).get(url).status_code == 403
