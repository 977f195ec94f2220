"""Accounts API: regions and organizations (scoped reads, system-admin writes), users and role
assignments (admin roles only), me and the API token."""

import pytest

from accounts.models import Organization, Region, Role, RoleAssignment, User
from perfapp.models import EventKind
from tests.accounts.conftest import events

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# -- me and the token --------------------------------------------------------------------------


def test_me_tells_roles_and_organization(personas, api):
    body = api(personas.finance_reviewer).get(f"{API}/me/").json()
    assert body["username"] == "fin_reviewer_x"
    assert body["organization"]["name"] == "吉林省财政厅"
    assert body["roles"] == [
        {
            "role": "finance_reviewer",
            "label": "财政业务科室审核人",
            "organization": personas.bureau.pk,
            "organization_name": "吉林省财政厅",
            "division": personas.division_x.pk,
        }
    ]


def test_me_needs_a_login(api):
    assert api().get(f"{API}/me/").status_code in (401, 403)


def test_nobody_sets_their_own_organization_through_me(personas, api):
    client = api(personas.officer_a)
    assert client.patch(f"{API}/me/", {"organization": personas.unit_c.pk}, format="json").status_code == 405
    assert client.post(f"{API}/me/", {"organization": personas.unit_c.pk}, format="json").status_code == 405
    personas.officer_a.refresh_from_db()
    assert personas.officer_a.organization == personas.unit_a


def test_a_logged_in_user_creates_an_api_token_and_uses_it(personas, login):
    from rest_framework.test import APIClient

    session = login(personas.leader)
    first = session.post(f"{API}/me/token/")
    assert first.status_code == 201
    second = session.post(f"{API}/me/token/").json()["token"]
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert token_client.get(f"{API}/me/").json()["username"] == "leader"
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {first.json()['token']}")
    assert token_client.get(f"{API}/me/").status_code in (401, 403)  # replaced
    assert events(EventKind.ACCOUNT_CHANGED, action="api_token").count() == 2


def test_a_disabled_accounts_token_stops_working(personas, api):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from accounts import administration

    token = Token.objects.create(user=personas.officer_a)
    administration.set_active(personas.system_admin, personas.officer_a, False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"{API}/me/").status_code in (401, 403)


# -- Regions and organizations -----------------------------------------------------------------


def test_business_roles_read_the_organizations_they_see(personas, api):
    p = personas
    assert _ids(api(p.officer_a).get(f"{API}/organizations/")) == {p.unit_a.pk, p.dept_d.pk}
    assert _ids(api(p.dept_d_officer).get(f"{API}/organizations/")) == {p.dept_d.pk, p.unit_a.pk, p.unit_b.pk}
    assert _ids(api(p.finance_reviewer).get(f"{API}/organizations/")) == {
        p.bureau.pk,
        p.dept_d.pk,
        p.unit_a.pk,
        p.unit_b.pk,
    }
    region_wide = _ids(api(p.finance_admin).get(f"{API}/organizations/"))
    assert p.unit_c.pk in region_wide and p.other_bureau.pk not in region_wide
    assert _ids(api(p.expert).get(f"{API}/organizations/")) == {p.agency.pk}


def test_another_units_organization_is_404(personas, api):
    p = personas
    assert api(p.officer_a).get(f"{API}/organizations/{p.unit_b.pk}/").status_code == 404
    assert api(p.finance_admin).get(f"{API}/organizations/{p.other_bureau.pk}/").status_code == 404
    assert api(p.system_admin).get(f"{API}/organizations/{p.other_bureau.pk}/").status_code == 404


def test_regions_are_read_through_the_same_scope(personas, api):
    p = personas
    assert _ids(api(p.officer_a).get(f"{API}/regions/")) == {p.province.pk}
    assert _ids(api(p.finance_admin).get(f"{API}/regions/")) == {p.province.pk, p.city.pk}
    assert api(p.audit_admin).get(f"{API}/regions/").status_code == 403


def test_only_the_system_admin_writes_organizations(personas, api):
    p = personas
    data = {
        "kind": "unit",
        "code": "A3",
        "name": "吉林省第三实验中学",
        "parent": p.dept_d.pk,
        "region": p.province.pk,
    }
    for user in (p.finance_admin, p.officer_a, p.security_admin, p.audit_admin, p.leader):
        assert api(user).post(f"{API}/organizations/", data, format="json").status_code == 403
        assert (
            api(user)
            .patch(f"{API}/organizations/{p.unit_a.pk}/", {"name": "改名"}, format="json")
            .status_code
            == 403
        )
    response = api(p.system_admin).post(f"{API}/organizations/", data, format="json")
    assert response.status_code == 201, response.content
    assert Organization.objects.get(code="A3").parent == p.dept_d
    assert events(EventKind.ACCOUNT_CHANGED, code="A3").exists()


def test_organization_rules_hold_through_the_api(personas, api):
    p = personas
    client = api(p.system_admin)
    orphan = {"kind": "unit", "code": "X1", "name": "无主单位", "region": p.province.pk}
    assert client.post(f"{API}/organizations/", orphan, format="json").status_code == 400
    elsewhere = {**orphan, "parent": p.dept_d.pk, "region": p.other_province.pk}
    assert client.post(f"{API}/organizations/", elsewhere, format="json").status_code == 400
    assert not Organization.objects.filter(code="X1").exists()


def test_system_admin_adds_a_region_below_their_own(personas, api):
    p = personas
    data = {"code": "220300", "name": "四平市", "level": "city", "parent": p.province.pk}
    assert api(p.officer_a).post(f"{API}/regions/", data, format="json").status_code == 403
    assert api(p.system_admin).post(f"{API}/regions/", data, format="json").status_code == 201
    assert Region.objects.get(code="220300").parent == p.province


# -- Users -------------------------------------------------------------------------------------


def test_users_endpoint_is_for_account_admins_only(personas, api):
    p = personas
    for user in (p.finance_admin, p.officer_a, p.leader, p.auditor, p.expert, p.audit_admin):
        assert api(user).get(f"{API}/users/").status_code == 403
    listed = {row["username"] for row in api(p.security_admin).get(f"{API}/users/").json()["results"]}
    assert "unit_a" in listed and "fin_admin_ln" not in listed
    assert api(p.system_admin).get(f"{API}/users/{p.other_finance_admin.pk}/").status_code == 404


def test_system_admin_creates_a_user_through_the_api(personas, api):
    p = personas
    data = {
        "username": "qian_qi",
        "full_name": "钱七",
        "organization": p.unit_a.pk,
        "must_change_password": False,
    }
    assert api(p.security_admin).post(f"{API}/users/", data, format="json").status_code == 403
    response = api(p.system_admin).post(f"{API}/users/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(username="qian_qi")
    assert user.check_password(body["initial_password"])
    assert user.must_change_password and body["roles"] == []
    assert api(p.system_admin).get(f"{API}/users/{user.pk}/").json().get("initial_password") is None


def test_system_admin_cannot_put_a_user_in_another_region(personas, api):
    data = {"username": "sun_ba", "organization": personas.other_bureau.pk}
    assert api(personas.system_admin).post(f"{API}/users/", data, format="json").status_code == 400
    assert not User.objects.filter(username="sun_ba").exists()


def test_system_admin_disables_a_user_through_the_api(personas, api):
    p = personas
    response = api(p.system_admin).patch(
        f"{API}/users/{p.officer_b.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    p.officer_b.refresh_from_db()
    assert not p.officer_b.is_active
    own = api(p.system_admin).patch(f"{API}/users/{p.system_admin.pk}/", {"is_active": False}, format="json")
    assert own.status_code == 403


# -- Role assignments --------------------------------------------------------------------------


def test_security_admin_grants_and_revokes_through_the_api(personas, api):
    p = personas
    client = api(p.security_admin)
    data = {
        "user": p.officer_a.pk,
        "role": "unit_officer",
        "organization": p.unit_b.pk,
        "granted_by": p.leader.pk,
    }
    response = client.post(f"{API}/role-assignments/", data, format="json")
    assert response.status_code == 201, response.content
    assignment = RoleAssignment.objects.get(pk=response.json()["id"])
    assert assignment.granted_by == p.security_admin  # never what the client says
    assert client.delete(f"{API}/role-assignments/{assignment.pk}/").status_code == 204
    assert events(EventKind.PERMISSION_CHANGED).count() == 2


def test_role_assignment_refusals_through_the_api(personas, api):
    p = personas
    url = f"{API}/role-assignments/"
    grant = {"user": p.officer_a.pk, "role": "unit_officer", "organization": p.unit_b.pk}
    assert api(p.system_admin).post(url, grant, format="json").status_code == 403
    assert api(p.finance_admin).post(url, grant, format="json").status_code == 403
    assert api(p.audit_admin).get(url).status_code == 403
    own = {"user": p.security_admin.pk, "role": "leader", "organization": p.bureau.pk}
    assert api(p.security_admin).post(url, own, format="json").status_code == 403
    second_admin = {"user": p.system_admin.pk, "role": "audit_admin", "organization": p.bureau.pk}
    response = api(p.security_admin).post(url, second_admin, format="json")
    assert response.status_code == 400
    assert "三员分立" in str(response.json())
    reviewer = {"user": p.leader.pk, "role": "finance_reviewer", "organization": p.bureau.pk}
    assert api(p.security_admin).post(url, reviewer, format="json").status_code == 400
    outsider = {"user": p.other_finance_admin.pk, "role": "leader", "organization": p.bureau.pk}
    assert api(p.security_admin).post(url, outsider, format="json").status_code == 400
    assert set(p.system_admin.role_assignments.values_list("role", flat=True)) == {Role.SYSTEM_ADMIN}


def test_admin_roles_are_refused_the_project_api(personas, api):
    from tests.factories import ProjectFactory

    project = ProjectFactory(unit=personas.unit_a)
    for admin in (personas.system_admin, personas.security_admin, personas.audit_admin):
        assert api(admin).get(f"{API}/projects/").status_code == 403
        assert api(admin).get(f"{API}/projects/{project.pk}/").status_code == 403
