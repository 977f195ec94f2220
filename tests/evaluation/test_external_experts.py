"""Experts on department and fiscal evaluations: the pool, conflict of interest refused
[财预〔2021〕6号], visibility only while assigned, and who may assign."""

from __future__ import annotations

import pytest

from accounts.models import ExpertAssignment, Role
from budgets.models import Project
from evaluation import experts as ex
from evaluation import plans as pl
from evaluation.models import Assignment, Evaluation, ExpertProfile
from perfapp.workflow import WorkflowError
from tests.evaluation.test_external_support import budgeted, dept_plan, experts, fiscal_plan, pool_entry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(personas):
    """A department evaluation of unit A's project, 已列入计划."""
    plan = dept_plan(personas)
    return pl.add_project(plan, budgeted(personas.unit_a), personas.dept_d_officer)


# --- conflict of interest ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer", "reason"),
    [
        ("unit_a", "专家工作单位“吉林省实验中学”即被评价单位"),
        ("dept_d", "专家工作单位“吉林省教育厅”是被评价单位的主管部门"),
        ("unit_b", "专家工作单位“吉林省教育考试院”与被评价单位同属一个主管部门"),
    ],
)
def test_an_expert_of_the_evaluated_organization_is_refused(personas, planned, employer, reason):
    expert = make_user("conflicted", Role.EXPERT, personas.agency)
    pool_entry(personas, expert, employer=getattr(personas, employer))

    with pytest.raises(WorkflowError) as refused:
        ex.assign(planned, expert, personas.dept_d_officer)

    assert refused.value.code == "conflict"
    assert refused.value.message == f"存在利益冲突，须回避：{reason}。"
    assert not Assignment.objects.filter(evaluation=planned).exists()
    assert not ExpertAssignment.objects.filter(expert=expert).exists()


def test_an_expert_whose_account_sits_at_the_unit_is_refused(personas, planned):
    expert = make_user("insider", Role.EXPERT, personas.unit_a)
    pool_entry(personas, expert)
    with pytest.raises(WorkflowError, match="即被评价单位"):
        ex.assign(planned, expert, personas.dept_d_officer)


@pytest.mark.parametrize("declared", ["unit_a", "dept_d"])
def test_a_declared_conflict_is_refused(personas, planned, declared):
    expert = make_user("declared", Role.EXPERT, personas.agency)
    pool_entry(personas, expert, conflicts=[getattr(personas, declared)])
    with pytest.raises(WorkflowError) as refused:
        ex.assign(planned, expert, personas.dept_d_officer)
    assert refused.value.code == "conflict"
    assert "专家已申报与“" in refused.value.message and "存在利益冲突" in refused.value.message


def test_an_expert_of_another_department_is_not_in_conflict(personas, planned):
    expert = make_user("outsider", Role.EXPERT, personas.agency)
    pool_entry(personas, expert, employer=personas.unit_c, conflicts=[personas.dept_e])
    assignment = ex.assign(planned, expert, personas.dept_d_officer, no_conflict_declared=True)
    assert assignment.active and assignment.no_conflict_declared


def test_only_active_pool_experts_are_assigned(personas, planned):
    outsider = make_user("not_pooled", Role.EXPERT, personas.agency)
    with pytest.raises(WorkflowError, match="不是专家库中的在库专家"):
        ex.assign(planned, outsider, personas.dept_d_officer)
    retired = make_user("retired", Role.EXPERT, personas.agency)
    ExpertProfile.objects.create(user=retired, region=personas.province, active=False)
    with pytest.raises(WorkflowError, match="不是专家库中的在库专家"):
        ex.assign(planned, retired, personas.dept_d_officer)
    with pytest.raises(WorkflowError, match="不是专家库中的在库专家"):
        ex.assign(planned, personas.officer_c, personas.dept_d_officer)


def test_an_agency_assignment_needs_an_agency_expert(personas, planned):
    (staff,) = experts(personas, 1)
    assignment = ex.assign(planned, staff, personas.dept_d_officer, role=Assignment.Role.AGENCY)
    assert assignment.agency == personas.agency
    loner = make_user("loner", Role.EXPERT, personas.agency)
    pool_entry(personas, loner)
    with pytest.raises(WorkflowError, match="不属于任何第三方机构"):
        ex.assign(planned, loner, personas.dept_d_officer, role=Assignment.Role.AGENCY)


def test_conflict_refused_on_the_page_and_through_the_api(personas, planned, login, api):
    expert = make_user("conflicted", Role.EXPERT, personas.agency)
    pool_entry(personas, expert, employer=personas.unit_a)
    page = login(personas.dept_d_officer).post(
        f"/evaluation/evaluations/{planned.pk}/assign/", {"expert": expert.pk, "role": "member"}
    )
    assert page.status_code == 400
    assert "存在利益冲突，须回避" in page.content.decode()
    refused = api(personas.dept_d_officer).post(
        f"/api/v1/external-evaluations/{planned.pk}/assignments/", {"expert": expert.pk}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "conflict"
    assert "存在利益冲突" in refused.json()["detail"]


# --- visibility while assigned ----------------------------------------------------------------------


def test_an_expert_sees_an_evaluation_only_while_assigned(personas, planned, login, api):
    (expert,) = experts(personas, 1)
    other = pl.add_project(planned.plan, budgeted(personas.unit_b), personas.dept_d_officer)
    assert not Evaluation.objects.visible_to(expert).exists()
    assert api(expert).get(f"/api/v1/external-evaluations/{planned.pk}/").status_code == 404

    assignment = ex.assign(planned, expert, personas.dept_d_officer)

    assert list(Evaluation.objects.visible_to(expert)) == [planned]
    assert list(Project.objects.visible_to(expert)) == [planned.project]
    assert ExpertAssignment.objects.get(expert=expert).purpose == f"evaluation:{planned.pk}"
    assert api(expert).get(f"/api/v1/external-evaluations/{planned.pk}/").status_code == 200
    assert api(expert).get(f"/api/v1/external-evaluations/{other.pk}/").status_code == 404
    assert login(expert).get(f"/evaluation/evaluations/{planned.pk}/").status_code == 200

    ex.end_assignment(assignment, personas.dept_d_officer)

    assert not Evaluation.objects.visible_to(expert).exists()
    assert not Project.objects.visible_to(expert).exists()
    assert api(expert).get(f"/api/v1/external-evaluations/{planned.pk}/").status_code == 404
    assert login(expert).get(f"/evaluation/evaluations/{planned.pk}/").status_code == 404


def test_a_reassigned_expert_sees_it_again(personas, planned):
    (expert,) = experts(personas, 1)
    assignment = ex.assign(planned, expert, personas.dept_d_officer)
    ex.end_assignment(assignment, personas.dept_d_officer)
    again = ex.assign(planned, expert, personas.dept_d_officer)
    assert again.pk == assignment.pk and again.active and again.ended_at is None
    assert ExpertAssignment.objects.get(expert=expert).active


def test_removing_an_item_removes_the_experts_project_access(personas, planned):
    (expert,) = experts(personas, 1)
    ex.assign(planned, expert, personas.dept_d_officer)
    pl.remove_item(planned, personas.dept_d_officer)
    assert not ExpertAssignment.objects.filter(expert=expert).exists()


# --- who assigns ------------------------------------------------------------------------------------


def test_the_department_assigns_for_department_evaluations_and_finance_for_fiscal(personas):
    expert, second = experts(personas, 2)
    dept_item = pl.add_project(dept_plan(personas), budgeted(personas.unit_a), personas.dept_d_officer)
    fiscal_item = pl.add_project(fiscal_plan(personas), budgeted(personas.unit_c), personas.finance_admin)
    for user in (personas.finance_admin, personas.dept_e_officer, personas.officer_a, personas.leader):
        with pytest.raises(WorkflowError) as refused:
            ex.assign(dept_item, expert, user)
        assert refused.value.code == "permission"
    for user in (personas.dept_e_officer, personas.officer_c, personas.finance_reviewer):
        with pytest.raises(WorkflowError) as refused:
            ex.assign(fiscal_item, expert, user)
        assert refused.value.code == "permission"
    ex.assign(dept_item, expert, personas.dept_d_officer)
    ex.assign(fiscal_item, second, personas.finance_admin)


def test_assignment_role_checks_on_api(personas, planned, api):
    (expert,) = experts(personas, 1)
    url = f"/api/v1/external-evaluations/{planned.pk}/assignments/"
    assert api(personas.leader).post(url, {"expert": expert.pk}, format="json").status_code == 403
    assert api(personas.finance_admin).post(url, {"expert": expert.pk}, format="json").status_code == 403
    assert api(personas.dept_e_officer).post(url, {"expert": expert.pk}, format="json").status_code == 404
    assert api(personas.officer_a).post(url, {"expert": expert.pk}, format="json").status_code == 403
    made = api(personas.dept_d_officer).post(url, {"expert": expert.pk}, format="json")
    assert made.status_code == 201
    assignment = Assignment.objects.get(evaluation=planned)
    end_url = f"/api/v1/evaluation-assignments/{assignment.pk}/end/"
    assert api(expert).post(end_url).status_code == 403
    assert api(personas.leader).post(end_url).status_code == 403
    assert api(personas.dept_d_officer).post(end_url).status_code == 200
    assert not Assignment.objects.get(pk=assignment.pk).active


def test_an_expert_sees_only_their_own_assignments(personas, planned, api):
    first, second = experts(personas, 2)
    a1 = ex.assign(planned, first, personas.dept_d_officer)
    a2 = ex.assign(planned, second, personas.dept_d_officer)
    rows = api(first).get("/api/v1/evaluation-assignments/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["id"] for r in rows] == [a1.pk]
    assert api(first).get(f"/api/v1/evaluation-assignments/{a2.pk}/").status_code == 404


# --- the pool ---------------------------------------------------------------------------------------


def test_finance_admin_keeps_the_pool_and_others_cannot(personas, login, api):
    candidate = make_user("newexpert", Role.EXPERT, personas.agency)
    client = login(personas.finance_admin)
    assert client.get("/evaluation/experts/new/").status_code == 200
    saved = client.post(
        "/evaluation/experts/new/",
        {
            "user": candidate.pk,
            "region": personas.province.pk,
            "expertise": "教育",
            "title": "教授",
            "employer": personas.agency.pk,
            "declared_conflicts": [personas.unit_c.pk],
            "active": "on",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    profile = ExpertProfile.objects.get(user=candidate)
    assert list(profile.declared_conflicts.all()) == [personas.unit_c]
    assert "教授" in client.get("/evaluation/experts/").content.decode()

    for user in (personas.dept_d_officer, personas.leader, personas.expert):
        assert login(user).post(f"/evaluation/experts/{profile.pk}/", {"title": "x"}).status_code == 403
        assert api(user).patch(
            f"/api/v1/expert-profiles/{profile.pk}/", {"title": "x"}, format="json"
        ).status_code in (
            403,
            404,
        )
    assert api(personas.dept_d_officer).get(f"/api/v1/expert-profiles/{profile.pk}/").status_code == 200
    assert api(personas.other_finance_admin).get(f"/api/v1/expert-profiles/{profile.pk}/").status_code == 404
    changed = api(personas.finance_admin).patch(
        f"/api/v1/expert-profiles/{profile.pk}/", {"title": "研究员"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["title"] == "研究员"


def test_a_user_without_the_expert_role_cannot_join_the_pool(personas, api):
    made = api(personas.finance_admin).post(
        "/api/v1/expert-profiles/",
        {"user": personas.officer_a.pk, "region": personas.province.pk},
        format="json",
    )
    assert made.status_code == 400
    assert "没有评审专家角色" in made.json()["detail"]
