"""/api/v1/projects/: who sees which projects, who may create and edit them, and what a client can never set."""

from decimal import Decimal

import pytest

from accounts.models import Role, RoleAssignment
from budgets.models import Project
from perfapp.models import AuditEvent, EventKind
from tests.api.conftest import API, ids
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

NEW_PROJECT = {
    "name": "智慧校园建设",
    "category": "livelihood",
    "function_code": "2050203",
    "budget_type": "general",
    "fund_sources": ["local"],
    "start_year": 2026,
    "end_year": 2027,
    "total_amount": "2500000.00",
    "leader_name": "李四",
    "nature": "new",
}


def visible_sets(p, lib):
    a, b, c, x = lib.a.pk, lib.b.pk, lib.c.pk, lib.x.pk
    return {
        "officer_a": {a},
        "officer_b": {b},
        "officer_c": {c},
        "dept_d_officer": {a, b},
        "dept_e_officer": {c},
        "finance_reviewer": {a, b},
        "finance_admin": {a, b, c},
        "leader": {a, b, c},
        "auditor": {a, b, c},
        "expert": {b},
        "other_finance_admin": {x},
    }


@pytest.mark.parametrize(
    "persona",
    [
        "officer_a",
        "officer_b",
        "officer_c",
        "dept_d_officer",
        "dept_e_officer",
        "finance_reviewer",
        "finance_admin",
        "leader",
        "auditor",
        "expert",
        "other_finance_admin",
    ],
)
def test_each_persona_lists_exactly_the_projects_in_its_scope_and_gets_404_for_others(
    personas, library, api, persona
):
    user = getattr(personas, persona)
    expected = visible_sets(personas, library)[persona]
    client = api(user)

    assert ids(client.get(f"{API}/projects/")) == expected
    for project in (library.a, library.b, library.c, library.x):
        response = client.get(f"{API}/projects/{project.pk}/")
        assert response.status_code == (200 if project.pk in expected else 404)


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_are_refused_every_project_endpoint(personas, library, api, persona):
    client = api(getattr(personas, persona))
    pk = library.a.pk

    assert client.get(f"{API}/projects/").status_code == 403
    assert client.get(f"{API}/projects/{pk}/").status_code == 403
    assert client.post(f"{API}/projects/", NEW_PROJECT, format="json").status_code == 403
    assert (
        client.patch(f"{API}/projects/{pk}/", {"name": "x", "version": 1}, format="json").status_code == 403
    )
    assert client.get(f"{API}/projects/{pk}/transitions/").status_code == 403
    assert (
        client.post(
            f"{API}/projects/{pk}/transitions/", {"name": "submit", "version": 1}, format="json"
        ).status_code
        == 403
    )


def test_project_list_filters_by_every_documented_field(personas, library, api):
    p = personas
    big = ProjectFactory(
        unit=p.unit_a,
        code="BIG-001",
        name="高中教学楼新建工程",
        category="major_project",
        budget_type="government_fund",
        start_year=2027,
        end_year=2028,
        total_amount=Decimal("50000000"),
        leader_name="王五",
    )
    client = api(p.finance_admin)
    base = f"{API}/projects/"

    assert ids(client.get(base, {"year": 2027})) == {big.pk}
    assert ids(client.get(base, {"department": p.dept_e.pk})) == {library.c.pk}
    assert ids(client.get(base, {"unit": p.unit_b.pk})) == {library.b.pk}
    assert ids(client.get(base, {"category": "major_project"})) == {big.pk}
    assert ids(client.get(base, {"budget_type": "government_fund"})) == {big.pk}
    assert ids(client.get(base, {"min_amount": "10000000"})) == {big.pk}
    assert ids(client.get(base, {"max_amount": "10000000"})) == {library.a.pk, library.b.pk, library.c.pk}
    assert ids(client.get(base, {"search": "教学楼"})) == {big.pk}
    assert ids(client.get(base, {"search": "BIG-0"})) == {big.pk}
    assert ids(client.get(base, {"search": "王五"})) == {big.pk}
    Project.objects.filter(pk=library.c.pk).update(status=Project.Status.SUBMITTED)
    assert ids(client.get(base, {"status": "submitted"})) == {library.c.pk}
    # Filtering never widens the scope: another province's project stays out.
    assert library.x.pk not in ids(client.get(base, {"unit": library.other_unit.pk}))


def test_unit_officer_creates_a_project_for_own_unit_and_cannot_set_scope_state_or_creator(
    personas, library, api
):
    p = personas
    payload = {
        **NEW_PROJECT,
        "code": "2026A-API-1",
        # None of these may be chosen by the client.
        "unit": p.unit_c.pk,
        "department": p.dept_e.pk,
        "region": p.other_province.pk,
        "status": "admitted",
        "version": 7,
        "is_major": True,
        "created_by": p.finance_admin.pk,
    }
    response = api(p.officer_a).post(f"{API}/projects/", payload, format="json")

    assert response.status_code == 201, response.content
    project = Project.objects.get(pk=response.json()["id"])
    assert project.unit_id == p.unit_a.pk
    assert project.department_id == p.dept_d.pk
    assert project.region_id == p.province.pk
    assert project.status == Project.Status.DRAFT
    assert project.version == 1
    assert project.is_major is False
    assert project.created_by_id == p.officer_a.pk
    assert project.code == "2026A-API-1"
    assert AuditEvent.objects.filter(kind=EventKind.CREATED, object_id=str(project.pk)).exists()


def test_a_project_created_without_a_code_gets_one(personas, library, api):
    response = api(personas.officer_a).post(f"{API}/projects/", NEW_PROJECT, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["code"].startswith("2026A")


def test_invalid_project_is_refused_with_chinese_messages(personas, library, api):
    payload = {**NEW_PROJECT, "start_year": 2027, "end_year": 2026, "fund_sources": []}
    response = api(personas.officer_a).post(f"{API}/projects/", payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert "请至少选择一个资金来源" in str(body["fund_sources"])
    assert Project.objects.filter(name=NEW_PROJECT["name"]).count() == 0


@pytest.mark.parametrize("persona", ["dept_d_officer", "finance_admin", "finance_reviewer", "expert"])
def test_only_unit_officers_create_projects(personas, library, api, persona):
    response = api(getattr(personas, persona)).post(f"{API}/projects/", NEW_PROJECT, format="json")

    assert response.status_code == 403
    assert not Project.objects.filter(name=NEW_PROJECT["name"]).exists()


@pytest.mark.parametrize("persona", ["leader", "auditor"])
def test_read_only_roles_can_read_projects_but_every_write_is_403(personas, library, api, persona):
    client = api(getattr(personas, persona))
    pk = library.a.pk

    assert client.get(f"{API}/projects/{pk}/").status_code == 200
    assert client.get(f"{API}/projects/{pk}/transitions/").status_code == 200
    assert client.post(f"{API}/projects/", NEW_PROJECT, format="json").status_code == 403
    assert (
        client.patch(f"{API}/projects/{pk}/", {"name": "改名", "version": 1}, format="json").status_code
        == 403
    )
    assert (
        client.put(f"{API}/projects/{pk}/", {**NEW_PROJECT, "version": 1}, format="json").status_code == 403
    )
    response = client.post(
        f"{API}/projects/{pk}/transitions/", {"name": "submit", "version": 1}, format="json"
    )
    assert response.status_code == 403
    library.a.refresh_from_db()
    assert (library.a.name, library.a.status, library.a.version) == ("校舍维修改造", "draft", 1)


def test_unit_officer_edits_own_draft_with_the_version_seen(personas, library, api):
    client = api(personas.officer_a)
    url = f"{API}/projects/{library.a.pk}/"

    response = client.patch(url, {"name": "校舍维修改造（一期）", "version": 1}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    library.a.refresh_from_db()
    assert (library.a.name, library.a.version) == ("校舍维修改造（一期）", 2)


def test_edit_with_a_stale_version_is_409_and_changes_nothing(personas, library, api):
    client = api(personas.officer_a)
    url = f"{API}/projects/{library.a.pk}/"
    assert client.patch(url, {"name": "第一次修改", "version": 1}, format="json").status_code == 200

    response = client.patch(url, {"name": "基于旧版本的修改", "version": 1}, format="json")

    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    library.a.refresh_from_db()
    assert library.a.name == "第一次修改"


def test_edit_without_a_version_is_refused(personas, library, api):
    response = api(personas.officer_a).patch(
        f"{API}/projects/{library.a.pk}/", {"name": "无版本"}, format="json"
    )

    assert response.status_code == 400
    assert "version" in response.json()


def test_edit_cannot_move_a_project_or_change_its_state(personas, library, api):
    p = personas
    response = api(p.officer_a).patch(
        f"{API}/projects/{library.a.pk}/",
        {"version": 1, "unit": p.unit_c.pk, "status": "admitted", "created_by": p.leader.pk},
        format="json",
    )

    assert response.status_code == 200
    library.a.refresh_from_db()
    assert library.a.unit_id == p.unit_a.pk
    assert library.a.status == Project.Status.DRAFT
    assert library.a.created_by_id is None


def test_a_submitted_project_cannot_be_edited(personas, library, api):
    Project.objects.filter(pk=library.a.pk).update(status=Project.Status.SUBMITTED)

    response = api(personas.officer_a).patch(
        f"{API}/projects/{library.a.pk}/", {"name": "审核中修改", "version": 1}, format="json"
    )

    assert response.status_code == 400
    assert "申报" in response.json()["detail"]
    library.a.refresh_from_db()
    assert library.a.name == "校舍维修改造"


@pytest.mark.parametrize("persona", ["dept_d_officer", "finance_admin", "expert"])
def test_only_the_units_own_officer_edits_a_project(personas, library, api, persona):
    response = api(getattr(personas, persona)).patch(
        f"{API}/projects/{library.b.pk}/", {"name": "越权修改", "version": 1}, format="json"
    )

    assert response.status_code == 403


def test_other_units_project_cannot_be_edited_and_looks_absent(personas, library, api):
    response = api(personas.officer_b).patch(
        f"{API}/projects/{library.a.pk}/", {"name": "越权修改", "version": 1}, format="json"
    )

    assert response.status_code == 404
    library.a.refresh_from_db()
    assert library.a.name == "校舍维修改造"


def test_a_refused_write_is_audited(personas, library, api):
    api(personas.leader).post(f"{API}/projects/", NEW_PROJECT, format="json")

    event = AuditEvent.objects.filter(kind=EventKind.ACCESS_DENIED).last()
    assert event is not None and event.actor_id == personas.leader.pk
    assert "/api/v1/projects/" in event.summary


def test_a_unit_officer_holding_two_roles_still_creates_only_for_own_unit(personas, library, api):
    p = personas
    RoleAssignment.objects.create(user=p.officer_a, role=Role.UNIT_OFFICER, organization=p.unit_b)

    response = api(p.officer_a).post(f"{API}/projects/", NEW_PROJECT, format="json")

    assert response.status_code == 201
    assert Project.objects.get(pk=response.json()["id"]).unit_id == p.unit_a.pk


@pytest.mark.parametrize("count", [5, 50])
def test_project_list_query_count_does_not_grow_with_projects(
    personas, login, django_assert_max_num_queries, count
):
    p = personas
    for i in range(count):
        ProjectFactory(unit=p.unit_a if i % 2 else p.unit_c)
    # A session client: each request loads the session, the user and the scope, as in real use.
    client = login(p.finance_admin)

    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        response = client.get(f"{API}/projects/")

    assert response.json()["count"] == count


#: Session and user (2), scope: role assignments and the region tree (4), count and page (2), the
#: session's last-seen update in a savepoint (3). None of them depends on the number of projects.
MAX_LIST_QUERIES = 11
