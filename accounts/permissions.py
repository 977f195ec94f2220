"""Who may administer accounts, roles and organizations: 三员分立 [等保 2.0 三级 访问控制、安全管理].

system_admin manages accounts and configuration (organizations, regions, divisions);
security_admin manages role assignments, unlocks accounts and sees the security settings;
audit_admin only reads the audit trail. No account holds two of the three, an admin role is never
combined with a business role, and no admin grants anything to themselves.

Every rule returns (allowed, reason); the reason is shown to the user when refused.
"""

from django.utils.translation import gettext as _

from accounts.models import ADMIN_ROLES, BUSINESS_ROLES, Organization, Role
from accounts.scoping import scope_of

Result = tuple[bool, str]
OK: Result = (True, "")


def _roles(user) -> frozenset[str]:
    return scope_of(user).roles


# -- What roles an account may hold ------------------------------------------------------------


def role_conflict(held: set[str] | frozenset[str], role: str) -> Result:
    """May an account that holds `held` also hold `role`? [等保 2.0 三级 三员分立]

    No account holds two of system_admin, security_admin and audit_admin; an admin role is never
    combined with a business role (admins see no business data).
    """
    held = set(held)
    if role in ADMIN_ROLES:
        if held & (ADMIN_ROLES - {role}):
            return False, _("三员分立：同一账号不能同时担任系统管理员、安全管理员、安全审计员中的两个角色。")
        if held & BUSINESS_ROLES:
            return False, _("三员分立：管理员角色不能与业务角色兼任。")
    elif held & ADMIN_ROLES:
        return False, _("三员分立：管理员账号不能再授予业务角色。")
    return OK


#: The kind of organization each role is held at (None: any kind).
ROLE_ORGANIZATION_KINDS = {
    Role.FINANCE_ADMIN: {Organization.Kind.FINANCE_BUREAU},
    Role.FINANCE_REVIEWER: {Organization.Kind.FINANCE_BUREAU},
    Role.DEPT_OFFICER: {Organization.Kind.DEPARTMENT},
    Role.UNIT_OFFICER: {Organization.Kind.UNIT},
    Role.SYSTEM_ADMIN: {Organization.Kind.FINANCE_BUREAU},
    Role.SECURITY_ADMIN: {Organization.Kind.FINANCE_BUREAU},
    Role.AUDIT_ADMIN: {Organization.Kind.FINANCE_BUREAU},
}


def role_fits_organization(role: str, organization: Organization, division=None) -> Result:
    """A role is held at the right kind of organization; a finance reviewer names a division of
    that bureau (the division decides which departments the reviewer sees, 归口管理)."""
    kinds = ROLE_ORGANIZATION_KINDS.get(role)
    if kinds and organization.kind not in kinds:
        return False, _("角色“%(role)s”只能在%(kinds)s授予。") % {
            "role": Role(role).label,
            "kinds": "、".join(str(Organization.Kind(k).label) for k in sorted(kinds)),
        }
    if role == Role.FINANCE_REVIEWER:
        if division is None:
            return False, _("财政业务科室审核人须指定业务科室。")
        if division.bureau_id != organization.pk:
            return False, _("业务科室须属于授权的财政局。")
    elif division is not None:
        return False, _("只有财政业务科室审核人需要指定业务科室。")
    return OK


# -- Who may do what ---------------------------------------------------------------------------


def can_view_accounts(actor) -> Result:
    """The account list is for the system admin (accounts) and the security admin (roles)."""
    if _roles(actor) & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
        return OK
    return False, _("只有系统管理员或安全管理员可以查看账号。")


def can_create_user(actor) -> Result:
    """Only the system admin creates accounts; the security admin cannot [三员分立]."""
    if Role.SYSTEM_ADMIN in _roles(actor):
        return OK
    return False, _("只有系统管理员可以创建账号。")


def can_edit_user(actor, target) -> Result:
    if Role.SYSTEM_ADMIN not in _roles(actor):
        return False, _("只有系统管理员可以修改账号信息。")
    return OK


def can_set_active(actor, target) -> Result:
    """The system admin disables and enables accounts, never their own."""
    allowed, reason = can_edit_user(actor, target)
    if not allowed:
        return allowed, reason
    if actor.pk == target.pk:
        return False, _("不能停用或启用自己的账号。")
    return OK


def can_reset_password(actor, target) -> Result:
    """The system admin issues a new initial password; one's own is changed on the password page."""
    allowed, reason = can_edit_user(actor, target)
    if not allowed:
        return allowed, reason
    if actor.pk == target.pk:
        return False, _("请通过“修改密码”页面修改自己的密码。")
    return OK


def can_manage_roles(actor, target=None) -> Result:
    """Only the security admin grants and revokes roles, and never to or from themselves."""
    if Role.SECURITY_ADMIN not in _roles(actor):
        return False, _("只有安全管理员可以授予或撤销角色。")
    if target is not None and actor.pk == target.pk:
        return False, _("管理员不能为自己授予或撤销角色。")
    return OK


def check_role_grant(target, role: str, organization: Organization, division=None) -> Result:
    """Is granting `role` at `organization` to `target` valid (not: who grants it)?"""
    allowed, reason = role_fits_organization(role, organization, division)
    if not allowed:
        return allowed, reason
    held = set(target.role_assignments.values_list("role", flat=True))
    allowed, reason = role_conflict(held, role)
    if not allowed:
        return allowed, reason
    if target.role_assignments.filter(role=role, organization=organization).exists():
        return False, _("该用户在此机构已拥有此角色。")
    if not target.is_active:
        return False, _("账号已停用，不能授权。")
    return OK


def can_grant_role(actor, target, role: str, organization: Organization, division=None) -> Result:
    allowed, reason = can_manage_roles(actor, target)
    if not allowed:
        return allowed, reason
    return check_role_grant(target, role, organization, division)


def can_revoke_role(actor, assignment) -> Result:
    return can_manage_roles(actor, assignment.user)


def can_unlock_account(actor) -> Result:
    """Unlocking an account locked by repeated failed logins is a security admin's job."""
    if Role.SECURITY_ADMIN in _roles(actor):
        return OK
    return False, _("只有安全管理员可以解除账号锁定。")


def can_view_security_settings(actor) -> Result:
    if Role.SECURITY_ADMIN in _roles(actor):
        return OK
    return False, _("只有安全管理员可以查看安全策略。")


def can_manage_organizations(actor) -> Result:
    """Organizations, regions and divisions are configuration: the system admin's [三员分立]."""
    if Role.SYSTEM_ADMIN in _roles(actor):
        return OK
    return False, _("只有系统管理员可以维护机构、行政区划和业务科室。")


def can_view_organizations(actor) -> Result:
    """The security admin reads organizations to grant roles at them."""
    if _roles(actor) & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
        return OK
    return False, _("只有系统管理员或安全管理员可以查看机构设置。")
