"""The 三员 pages: accounts (system admin), roles and locks (security admin), configuration."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import Organization, Role, RoleAssignment, User
from perfapp.models import EventKind
from tests.accounts.conftest import events
from tests.factories import UserFactory, make_user

pytestmark = pytest.mark.django_db

BUSINESS_PERSONAS = [
    "finance_admin",
    "finance_reviewer",
    "officer_a",
    "dept_d_officer",
    "leader",
    "auditor",
    "expert",
]


def _pages(p):
    """(url, method, admin roles allowed) for every 三员 page."""
    target = p.officer_a
    assignment = target.role_assignments.get()
    return [
        (reverse("accounts:user_list"), "get", {"system_admin", "security_admin"}),
        (reverse("accounts:user_detail", args=[target.pk]), "get", {"system_admin", "security_admin"}),
        (reverse("accounts:organization_list"), "get", {"system_admin", "security_admin"}),
        (reverse("accounts:user_create"), "get", {"system_admin"}),
        (reverse("accounts:user_edit", args=[target.pk]), "get", {"system_admin"}),
        (reverse("accounts:user_disable", args=[target.pk]), "post", {"system_admin"}),
        (reverse("accounts:user_enable", args=[target.pk]), "post", {"system_admin"}),
        (reverse("accounts:user_reset_password", args=[target.pk]), "post", {"system_admin"}),
        (reverse("accounts:organization_create"), "get", {"system_admin"}),
        (reverse("accounts:organization_edit", args=[p.unit_a.pk]), "get", {"system_admin"}),
        (reverse("accounts:region_list"), "get", {"system_admin"}),
        (reverse("accounts:region_create"), "get", {"system_admin"}),
        (reverse("accounts:region_edit", args=[p.province.pk]), "get", {"system_admin"}),
        (reverse("accounts:division_create"), "get", {"system_admin"}),
        (reverse("accounts:division_edit", args=[p.division_x.pk]), "get", {"system_admin"}),
        (reverse("accounts:role_grant", args=[target.pk]), "get", {"security_admin"}),
        (reverse("accounts:role_revoke", args=[assignment.pk]), "post", {"security_admin"}),
        (reverse("accounts:user_unlock", args=[target.pk]), "post", {"security_admin"}),
        (reverse("accounts:security"), "get", {"security_admin"}),
    ]


def test_every_admin_page_refuses_business_roles(personas, client):
    for name in BUSINESS_PERSONAS:
        client.force_login(getattr(personas, name))
        for url, method, _allowed in _pages(personas):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (name, url)


def test_every_admin_page_refuses_the_wrong_admin_role(personas, client):
    for name in ("system_admin", "security_admin", "audit_admin"):
        client.force_login(getattr(personas, name))
        for url, method, allowed in _pages(personas):
            if name in allowed:
                continue
            response = getattr(client, method)(url)
            assert response.status_code == 403, (name, url)


def test_each_admin_opens_their_own_pages(personas, client):
    for name in ("system_admin", "security_admin"):
        client.force_login(getattr(personas, name))
        for url, method, allowed in _pages(personas):
            if name in allowed and method == "get":
                assert client.get(url).status_code == 200, (name, url)


def test_another_regions_account_and_organization_are_404(personas, login):
    p = personas
    client = login(p.system_admin)
    assert client.get(reverse("accounts:user_detail", args=[p.other_finance_admin.pk])).status_code == 404
    assert client.get(reverse("accounts:organization_edit", args=[p.other_bureau.pk])).status_code == 404
    assert client.post(reverse("accounts:user_disable", args=[p.other_finance_admin.pk])).status_code == 404
    assert User.objects.get(pk=p.other_finance_admin.pk).is_active


def test_admin_roles_get_no_project_list(personas, login):
    from tests.factories import ProjectFactory

    ProjectFactory(unit=personas.unit_a, name="校舍维修改造")
    for admin in (personas.system_admin, personas.security_admin, personas.audit_admin):
        response = login(admin).get(reverse("budgets:project_list"))
        assert response.status_code == 403 or "校舍维修改造" not in response.content.decode()


# -- The account list --------------------------------------------------------------------------


def _usernames(response):
    return {u.username for u in response.context["page"].object_list}


def test_user_list_filters_by_organization_role_status_and_text(personas, login):
    p = personas
    client = login(p.system_admin)
    url = reverse("accounts:user_list")
    assert _usernames(client.get(url, {"organization": p.unit_a.pk})) == {"unit_a"}
    assert _usernames(client.get(url, {"role": Role.DEPT_OFFICER})) == {"dept_d", "dept_e"}
    UserFactory(username="zhang_disabled", full_name="张停用", organization=p.unit_b, is_active=False)
    assert _usernames(client.get(url, {"active": "0"})) == {"zhang_disabled"}
    assert _usernames(client.get(url, {"q": "张停用"})) == {"zhang_disabled"}
    assert _usernames(client.get(url, {"role": "none"})) == {"zhang_disabled"}
    everyone = _usernames(client.get(url))
    assert "fin_admin_ln" not in everyone  # another province's account
    assert {"unit_a", "sysadmin", "auditadmin"} <= everyone


def test_user_list_paginates_and_its_query_count_does_not_grow(
    personas, login, django_assert_max_num_queries
):
    p = personas
    client = login(p.security_admin)
    url = reverse("accounts:user_list")
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for i in range(40):
        make_user(f"extra{i:02d}", Role.UNIT_OFFICER, p.unit_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(url)
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(url, {"page": 2})
    assert len(_usernames(first) & _usernames(second)) == 0


# -- Creating, editing, disabling accounts -----------------------------------------------------


def test_system_admin_creates_an_account_whose_password_is_shown_once(personas, login, client):
    p = personas
    admin = login(p.system_admin)
    response = admin.post(
        reverse("accounts:user_create"),
        {"username": "li_si", "full_name": "李四", "organization": p.unit_b.pk, "phone": "", "email": ""},
    )
    user = User.objects.get(username="li_si")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    page = admin.get(response["Location"]).content.decode()
    password = re.search(r'id="initial-password">([^<]+)</code>', page).group(1)
    from html import unescape

    password = unescape(password)
    assert user.check_password(password)
    assert user.must_change_password
    assert not user.role_assignments.exists()
    assert "初始密码" not in admin.get(response["Location"]).content.decode()  # only once
    assert events(EventKind.ACCOUNT_CHANGED, action="create").get().actor == p.system_admin


def test_create_form_keeps_the_input_and_says_why(personas, login):
    client = login(personas.system_admin)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "unit_a", "full_name": "重名用户", "organization": personas.unit_b.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "重名用户" in html
    assert "已存在" in html


def test_system_admin_edits_an_account_and_the_change_is_audited(personas, login):
    p = personas
    client = login(p.system_admin)
    response = client.post(
        reverse("accounts:user_edit", args=[p.officer_a.pk]),
        {"full_name": "王五", "organization": p.unit_b.pk, "phone": "0431-1234567", "email": "w@example.cn"},
    )
    assert response.status_code == 302
    p.officer_a.refresh_from_db()
    assert (p.officer_a.full_name, p.officer_a.organization) == ("王五", p.unit_b)
    event = events(EventKind.ACCOUNT_CHANGED, action="update").get()
    assert event.data["changes"]["organization"] == [p.unit_a.name, p.unit_b.name]


def test_disabling_ends_the_accounts_session_on_its_next_request(personas, client, django_user_model):
    from django.test import Client

    p = personas
    officer = Client()
    officer.force_login(p.officer_a)
    assert officer.get(reverse("home")).status_code == 200
    key = officer.session.session_key
    admin = Client()
    admin.force_login(p.system_admin)
    assert admin.post(reverse("accounts:user_disable", args=[p.officer_a.pk])).status_code == 302
    response = officer.get(reverse("home"))
    assert response.status_code == 302
    assert "reason=disabled" in response["Location"]
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key, session_data__contains=SESSION_KEY).exists()
    assert officer.get(reverse("home")).status_code == 302
    assert events(EventKind.ACCOUNT_CHANGED, action="disable").exists()
    assert events(EventKind.SESSION_EXPIRED, reason="disabled").exists()
    # Enabled again, the account logs in as before.
    admin.post(reverse("accounts:user_enable", args=[p.officer_a.pk]))
    assert (
        officer.post(reverse("accounts:login"), {"username": "unit_a", "password": p.password}).status_code
        == 302
    )


def test_system_admin_cannot_disable_their_own_account(personas, login):
    client = login(personas.system_admin)
    assert client.post(reverse("accounts:user_disable", args=[personas.system_admin.pk])).status_code == 403
    personas.system_admin.refresh_from_db()
    assert personas.system_admin.is_active


def test_reset_password_issues_a_new_initial_password(personas, login):
    p = personas
    client = login(p.system_admin)
    client.post(reverse("accounts:user_reset_password", args=[p.officer_a.pk]))
    p.officer_a.refresh_from_db()
    assert p.officer_a.must_change_password
    assert not p.officer_a.check_password(p.password)
    assert events(EventKind.ACCOUNT_CHANGED, action="reset_password").exists()


# -- Roles -------------------------------------------------------------------------------------


def test_security_admin_grants_and_revokes_a_role_on_the_pages(personas, login):
    p = personas
    client = login(p.security_admin)
    url = reverse("accounts:role_grant", args=[p.officer_a.pk])
    response = client.post(url, {"role": Role.UNIT_OFFICER, "organization": p.unit_b.pk})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=p.officer_a, organization=p.unit_b)
    response = client.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert events(EventKind.PERMISSION_CHANGED).count() == 2


def test_grant_page_explains_a_three_admin_conflict_and_keeps_the_choice(personas, login):
    p = personas
    client = login(p.security_admin)
    response = client.post(
        reverse("accounts:role_grant", args=[p.system_admin.pk]),
        {"role": Role.AUDIT_ADMIN, "organization": p.bureau.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "三员分立" in html
    assert 'value="audit_admin" selected' in html
    assert not p.system_admin.role_assignments.filter(role=Role.AUDIT_ADMIN).exists()


def test_security_admin_cannot_grant_on_their_own_account_page(personas, login):
    p = personas
    client = login(p.security_admin)
    url = reverse("accounts:role_grant", args=[p.security_admin.pk])
    assert client.post(url, {"role": Role.LEADER, "organization": p.bureau.pk}).status_code == 403


def test_security_admin_unlocks_a_locked_account(personas, login, form_login, client):
    p = personas
    for _i in range(5):
        form_login("unit_a", "wrong-password")
    admin = login(p.security_admin)
    assert "unit_a" in admin.get(reverse("accounts:security")).content.decode()
    assert admin.post(reverse("accounts:user_unlock", args=[p.officer_a.pk])).status_code == 302
    client.logout()
    assert form_login("unit_a", p.password).status_code == 302
    assert events(EventKind.ACCOUNT_CHANGED, action="unlock").get().actor == p.security_admin


# -- Organizations and configuration -----------------------------------------------------------


def test_system_admin_creates_and_edits_an_organization(personas, login):
    p = personas
    client = login(p.system_admin)
    data = {
        "kind": "unit",
        "code": "A2",
        "name": "吉林省第二实验中学",
        "parent": p.dept_d.pk,
        "region": p.province.pk,
    }
    response = client.post(reverse("accounts:organization_create"), {**data, "is_active": "on"})
    assert response.status_code == 302
    org = Organization.objects.get(code="A2")
    assert org.parent == p.dept_d
    response = client.post(
        reverse("accounts:organization_edit", args=[org.pk]),
        {**data, "name": "吉林省实验二中", "is_active": "on"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "吉林省实验二中"
    assert events(EventKind.ACCOUNT_CHANGED, action="create", code="A2").exists()
    assert events(EventKind.ACCOUNT_CHANGED, action="update", code="A2").exists()
    listing = client.get(reverse("accounts:organization_list"), {"q": "实验二中"})
    assert [o.code for o in listing.context["page"].object_list] == ["A2"]


def test_a_unit_without_a_department_is_refused_with_the_input_kept(personas, login):
    client = login(personas.system_admin)
    response = client.post(
        reverse("accounts:organization_create"),
        {"kind": "unit", "code": "ORPHAN", "name": "无主单位", "region": personas.province.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "预算单位必须隶属于一个主管部门" in html
    assert "无主单位" in html
    assert not Organization.objects.filter(code="ORPHAN").exists()


def test_system_admin_adds_a_region_and_a_division(personas, login):
    p = personas
    client = login(p.system_admin)
    response = client.post(
        reverse("accounts:region_create"),
        {"code": "220200", "name": "吉林市", "level": "city", "parent": p.province.pk},
    )
    assert response.status_code == 302
    response = client.post(reverse("accounts:division_create"), {"bureau": p.bureau.pk, "name": "农业科"})
    assert response.status_code == 302
    html = client.get(reverse("accounts:region_list")).content.decode()
    assert "吉林市" in html and "农业科" in html
