"""三员分立 rules (accounts/permissions.py) and the role grant/revoke actions that apply them."""

import pytest

from accounts import administration, permissions
from accounts.models import Role, RoleAssignment
from perfapp.models import EventKind
from tests.accounts.conftest import events
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("held", "role", "allowed"),
    [
        ({Role.SYSTEM_ADMIN}, Role.SECURITY_ADMIN, False),
        ({Role.SECURITY_ADMIN}, Role.AUDIT_ADMIN, False),
        ({Role.AUDIT_ADMIN}, Role.SYSTEM_ADMIN, False),
        ({Role.UNIT_OFFICER}, Role.SYSTEM_ADMIN, False),
        ({Role.LEADER}, Role.AUDIT_ADMIN, False),
        ({Role.SECURITY_ADMIN}, Role.FINANCE_ADMIN, False),
        ({Role.AUDIT_ADMIN}, Role.AUDITOR, False),
        (set(), Role.SECURITY_ADMIN, True),
        ({Role.SYSTEM_ADMIN}, Role.SYSTEM_ADMIN, True),
        ({Role.UNIT_OFFICER}, Role.DEPT_OFFICER, True),
        ({Role.FINANCE_REVIEWER}, Role.LEADER, True),
    ],
)
def test_role_conflict_keeps_the_three_admins_apart_and_away_from_business_roles(held, role, allowed):
    ok, reason = permissions.role_conflict(held, role)
    assert ok is allowed
    assert bool(reason) is not allowed
    if not ok:
        assert "三员分立" in reason


def test_system_admin_cannot_grant_roles(personas):
    p = personas
    ok, reason = permissions.can_grant_role(p.system_admin, p.officer_a, Role.UNIT_OFFICER, p.unit_b)
    assert not ok
    assert reason == "只有安全管理员可以授予或撤销角色。"
    with pytest.raises(administration.Refused):
        administration.grant_role(p.system_admin, p.officer_a, Role.UNIT_OFFICER, p.unit_b)
    assert not p.officer_a.role_assignments.filter(organization=p.unit_b).exists()


def test_security_admin_cannot_create_accounts(personas):
    ok, reason = permissions.can_create_user(personas.security_admin)
    assert not ok
    assert reason == "只有系统管理员可以创建账号。"
    with pytest.raises(administration.Refused):
        administration.create_user(personas.security_admin, username="new_one", organization=personas.unit_a)


def test_admins_cannot_grant_roles_to_themselves(personas):
    p = personas
    ok, reason = permissions.can_grant_role(p.security_admin, p.security_admin, Role.LEADER, p.bureau)
    assert not ok
    assert "自己" in reason
    with pytest.raises(administration.Refused) as refused:
        administration.grant_role(p.security_admin, p.security_admin, Role.AUDIT_ADMIN, p.bureau)
    assert refused.value.code == "permission"


def test_security_admin_cannot_revoke_own_role(personas):
    p = personas
    own = p.security_admin.role_assignments.get()
    with pytest.raises(administration.Refused):
        administration.revoke_role(p.security_admin, own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_no_account_gets_a_second_admin_role(personas):
    p = personas
    with pytest.raises(administration.Refused) as refused:
        administration.grant_role(p.security_admin, p.system_admin, Role.AUDIT_ADMIN, p.bureau)
    assert refused.value.code == "invalid"
    assert set(p.system_admin.role_assignments.values_list("role", flat=True)) == {Role.SYSTEM_ADMIN}


def test_an_admin_role_is_not_given_to_a_business_account_nor_the_reverse(personas):
    p = personas
    with pytest.raises(administration.Refused):
        administration.grant_role(p.security_admin, p.leader, Role.SYSTEM_ADMIN, p.bureau)
    with pytest.raises(administration.Refused):
        administration.grant_role(p.security_admin, p.audit_admin, Role.AUDITOR, p.bureau)


def test_finance_reviewer_needs_a_division_of_the_bureau(personas):
    p = personas
    user = make_user("reviewer_y", Role.LEADER, p.bureau)
    ok, reason = permissions.check_role_grant(user, Role.FINANCE_REVIEWER, p.bureau, None)
    assert (ok, reason) == (False, "财政业务科室审核人须指定业务科室。")
    ok, _reason = permissions.check_role_grant(user, Role.UNIT_OFFICER, p.bureau, None)
    assert not ok  # a unit officer is held at a unit
    assignment = administration.grant_role(
        p.security_admin, user, Role.FINANCE_REVIEWER, p.bureau, p.division_y
    )
    assert assignment.division == p.division_y
    from accounts.scoping import scope_of

    assert p.dept_e.pk in scope_of(user).department_ids


def test_grant_and_revoke_are_audited_as_permission_changes(personas):
    p = personas
    assignment = administration.grant_role(p.security_admin, p.officer_a, Role.UNIT_OFFICER, p.unit_b)
    assert assignment.granted_by == p.security_admin
    administration.revoke_role(p.security_admin, assignment)
    grant = events(EventKind.PERMISSION_CHANGED, action="grant").get()
    revoke = events(EventKind.PERMISSION_CHANGED, action="revoke").get()
    assert grant.actor == revoke.actor == p.security_admin
    assert grant.object_id == revoke.object_id == str(p.officer_a.pk)
    assert grant.data["role"] == Role.UNIT_OFFICER


def test_admin_roles_see_no_business_data(personas):
    from budgets.models import Project
    from tests.factories import ProjectFactory

    p = personas
    ProjectFactory(unit=p.unit_a)
    for admin in (p.system_admin, p.security_admin, p.audit_admin):
        assert not Project.objects.visible_to(admin).exists()
