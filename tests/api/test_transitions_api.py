"""/api/v1/projects/{id}/transitions/: the library workflow through the API, with versions."""

import pytest

from budgets.models import Project
from perfapp.models import AuditEvent, EventKind, TransitionLog
from tests.api.conftest import API
from tests.api.test_projects_api import NEW_PROJECT

pytestmark = pytest.mark.django_db


def act(client, project_id, name, version, comment=""):
    return client.post(
        f"{API}/projects/{project_id}/transitions/",
        {"name": name, "version": version, "comment": comment},
        format="json",
    )


def available(client, project_id) -> list[str]:
    response = client.get(f"{API}/projects/{project_id}/transitions/")
    assert response.status_code == 200, response.content
    return [t["name"] for t in response.json()["available"]]


def test_unit_submits_department_approves_and_finance_admits_through_the_api(personas, api):
    p = personas
    unit, dept, finance = api(p.officer_a), api(p.dept_d_officer), api(p.finance_admin)

    created = unit.post(f"{API}/projects/", NEW_PROJECT, format="json").json()
    pk = created["id"]
    assert created["version"] == 1
    assert available(unit, pk) == ["submit"]
    assert available(dept, pk) == []

    response = act(unit, pk, "submit", 1, "请审核")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("submitted", 2)
    assert sorted(available(dept, pk)) == ["dept_approve", "dept_return"]
    assert available(unit, pk) == []

    response = act(dept, pk, "dept_approve", 2, "同意")
    assert (response.json()["status"], response.json()["version"]) == ("dept_approved", 3)
    assert sorted(available(finance, pk)) == ["admit", "finance_return", "reject"]

    response = act(finance, pk, "admit", 3)
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_display"]) == ("admitted", "入库")

    history = unit.get(f"{API}/projects/{pk}/transitions/").json()
    assert history["version"] == 4
    assert [(h["transition"], h["source"], h["target"]) for h in history["history"]] == [
        ("submit", "draft", "submitted"),
        ("dept_approve", "submitted", "dept_approved"),
        ("admit", "dept_approved", "admitted"),
    ]
    assert [h["actor"] for h in history["history"]] == [
        p.officer_a.pk,
        p.dept_d_officer.pk,
        p.finance_admin.pk,
    ]
    assert history["history"][0]["comment"] == "请审核"
    assert history["history"][1]["label"] == "初审通过"
    assert AuditEvent.objects.filter(kind=EventKind.TRANSITION, object_id=str(pk)).count() == 3


def test_a_transition_with_a_stale_version_is_409_and_changes_nothing(personas, library, api):
    unit = api(personas.officer_a)
    assert (
        unit.patch(
            f"{API}/projects/{library.a.pk}/", {"name": "改过了", "version": 1}, format="json"
        ).status_code
        == 200
    )

    response = act(unit, library.a.pk, "submit", 1)

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    library.a.refresh_from_db()
    assert (library.a.status, library.a.version) == (Project.Status.DRAFT, 2)


def test_a_transition_in_the_wrong_state_is_400_with_a_chinese_reason(personas, library, api):
    response = act(api(personas.dept_d_officer), library.a.pk, "dept_approve", 1)

    assert response.status_code == 400
    assert "当前状态（储备）不允许此操作" in response.json()["detail"]
    assert not TransitionLog.objects.filter(object_id=library.a.pk).exists()


def test_an_unknown_transition_name_is_refused(personas, library, api):
    response = act(api(personas.officer_a), library.a.pk, "delete", 1)

    assert response.status_code == 400
    assert "name" in response.json()


def test_a_transition_the_caller_may_not_run_is_403(personas, library, api):
    # The finance reviewer sees the project but only the unit may submit it.
    response = act(api(personas.finance_reviewer), library.a.pk, "submit", 1)

    assert response.status_code == 403
    assert response.json()["detail"] == "您没有权限执行此操作。"
    library.a.refresh_from_db()
    assert library.a.status == Project.Status.DRAFT


def test_an_expert_cannot_move_an_assigned_project(personas, library, api):
    response = act(api(personas.expert), library.b.pk, "submit", 1)

    assert response.status_code == 403


def test_another_units_project_is_404_for_transitions(personas, library, api):
    client = api(personas.officer_b)

    assert client.get(f"{API}/projects/{library.a.pk}/transitions/").status_code == 404
    assert act(client, library.a.pk, "submit", 1).status_code == 404
    library.a.refresh_from_db()
    assert library.a.status == Project.Status.DRAFT


def test_returning_a_project_needs_a_reason(personas, library, api):
    assert act(api(personas.officer_a), library.a.pk, "submit", 1).status_code == 200
    dept = api(personas.dept_d_officer)

    refused = act(dept, library.a.pk, "dept_return", 2, "")
    returned = act(dept, library.a.pk, "dept_return", 2, "绩效目标不完整")

    assert refused.status_code == 400
    assert "意见" in str(refused.json()["comment"])
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    # A returned project is editable again by its unit.
    edit = api(personas.officer_a).patch(
        f"{API}/projects/{library.a.pk}/", {"description": "补充绩效目标", "version": 3}, format="json"
    )
    assert edit.status_code == 200
