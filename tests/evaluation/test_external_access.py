"""Role × action on the pages and API of a department evaluation: the evaluator acts; read-only
roles and the evaluated unit get 403; another department gets 404; 三员 never see it. Editing the
evaluation: the scheme only before it starts, a violation needs its note."""

from __future__ import annotations

import pytest

from accounts.models import Role
from evaluation import experts as ex
from evaluation import plans as pl
from evaluation.models import Evaluation, Scheme
from evaluation.schemes import copy_scheme
from perfapp.workflow import WorkflowError
from tests.evaluation.test_external_support import (
    budgeted,
    dept_plan,
    experts,
    pool_entry,
    running_evaluation,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def spare_expert(personas):
    user = make_user("spare_expert", Role.EXPERT, personas.agency)
    pool_entry(personas, user)
    return user


@pytest.fixture
def planned(personas):
    plan = dept_plan(personas)
    return pl.add_project(plan, budgeted(personas.unit_a), personas.dept_d_officer)


def _posts(evaluation, expert, assignment):
    base = f"/evaluation/evaluations/{evaluation.pk}"
    return {
        "edit": (f"{base}/edit/", {"version": evaluation.version, "findings": "x"}),
        "assign": (f"{base}/assign/", {"expert": expert.pk, "role": "member"}),
        "end": (f"{base}/assignments/{assignment.pk}/end/", {}),
        "transition": (f"{base}/transition/to_joint_review/", {"version": evaluation.version}),
        "agreed": (f"{base}/agreed/", {}),
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 403),
        ("auditor", 403),
        ("officer_a", 403),
        ("finance_admin", 403),
        ("dept_e_officer", 404),
        ("officer_c", 404),
        ("other_finance_admin", 404),
        ("system_admin", 403),
    ],
)
def test_only_the_evaluator_acts_on_a_department_evaluation(personas, login, who, status):
    evaluation, (first, second) = running_evaluation(personas)
    extra = spare_expert(personas)
    assignment = evaluation.assignments.get(expert=first)
    client = login(getattr(personas, who))
    for name, (url, data) in _posts(evaluation, extra, assignment).items():
        assert client.post(url, data).status_code == status, (who, name)
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.IN_PROGRESS and evaluation.findings == ""
    assert evaluation.assignments.filter(active=True).count() == 2


def test_the_evaluator_acts_on_the_page(personas, login):
    evaluation, (first, second) = running_evaluation(personas)
    extra = spare_expert(personas)
    client = login(personas.dept_d_officer)
    page = client.get(f"/evaluation/evaluations/{evaluation.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "评价专家与第三方机构" in text and "指派" in text
    assert (
        client.post(
            f"/evaluation/evaluations/{evaluation.pk}/assign/", {"expert": extra.pk, "role": "member"}
        ).status_code
        == 302
    )
    third = evaluation.assignments.get(expert=extra)
    assert (
        client.post(f"/evaluation/evaluations/{evaluation.pk}/assignments/{third.pk}/end/").status_code == 302
    )
    evaluation.refresh_from_db()
    assert (
        client.post(
            f"/evaluation/evaluations/{evaluation.pk}/transition/to_joint_review/",
            {"version": evaluation.version},
        ).status_code
        == 302
    )
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.JOINT_REVIEW


def test_a_stale_transition_is_409_and_keeps_the_page(personas, login):
    evaluation, _experts = running_evaluation(personas)
    response = login(personas.dept_d_officer).post(
        f"/evaluation/evaluations/{evaluation.pk}/transition/to_joint_review/", {"version": 1}
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()


def test_read_only_roles_and_the_unit_see_the_evaluation_page(personas, login):
    evaluation, _experts = running_evaluation(personas)
    for user in (personas.leader, personas.auditor, personas.officer_a, personas.finance_admin):
        page = login(user).get(f"/evaluation/evaluations/{evaluation.pk}/")
        assert page.status_code == 200
        assert f'action="/evaluation/evaluations/{evaluation.pk}/assign/"' not in page.content.decode()


# --- editing ----------------------------------------------------------------------------------------


def test_the_scheme_changes_only_before_the_evaluation_starts(personas, planned):
    from evaluation.external import update_evaluation

    other = copy_scheme(planned.scheme, "民生类（试行）", personas.finance_admin)
    planned = update_evaluation(planned, personas.dept_d_officer, planned.version, scheme=other)
    assert planned.scheme == other
    users = experts(personas, 1)
    ex.assign(planned, users[0], personas.dept_d_officer)
    pl.confirm_plan(planned.plan, personas.dept_d_officer)
    from evaluation.external import run_transition

    planned = run_transition(planned, "start", personas.dept_d_officer, seen_version=planned.version)
    general = Scheme.objects.get(region=personas.province, category="", is_default=True)
    with pytest.raises(WorkflowError, match="评价已开始，不能更换评价指标体系"):
        update_evaluation(planned, personas.dept_d_officer, planned.version, scheme=general)


def test_a_violation_needs_its_description(personas, planned):
    from evaluation.external import update_evaluation

    with pytest.raises(WorkflowError, match="须说明违规情况"):
        update_evaluation(planned, personas.dept_d_officer, planned.version, violation=True)


def test_api_patch_by_the_evaluator_only(personas, planned, api):
    url = f"/api/v1/external-evaluations/{planned.pk}/"
    body = {"findings": "资料归档不及时", "version": planned.version}
    assert api(personas.leader).patch(url, body, format="json").status_code == 403
    assert api(personas.officer_a).patch(url, body, format="json").status_code == 403
    assert api(personas.dept_e_officer).patch(url, body, format="json").status_code == 404
    done = api(personas.dept_d_officer).patch(url, body, format="json")
    assert done.status_code == 200 and done.json()["findings"] == "资料归档不及时"
    stale = api(personas.dept_d_officer).patch(url, body, format="json")
    assert stale.status_code == 409


def test_system_admins_have_no_evaluation_api(personas, planned, api):
    for path in (
        "external-evaluations",
        "evaluation-plans",
        "evaluation-schemes",
        "expert-profiles",
        "evaluation-assignments",
    ):
        assert api(personas.system_admin).get(f"/api/v1/{path}/").status_code == 403
