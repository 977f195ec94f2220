"""What the system and security admins do to accounts, roles and organizations.

Pages and the API call these same functions. Each checks the 三员 rule in accounts/permissions.py
first (raising `Refused` with the reason), changes the data, and writes an audit event
(ACCOUNT_CHANGED or PERMISSION_CHANGED) [等保 2.0 三级 安全审计: every admin action is audited].
`request` is used only for the audit event's IP address.
"""

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Organization, Role, RoleAssignment, User
from accounts.scoping import reset_scope
from perfapp import audit
from perfapp.models import EventKind


class Refused(Exception):
    """An admin action was refused; `code` is "permission" (who) or "invalid" (what)."""

    def __init__(self, message: str, code: str = "permission"):
        super().__init__(message)
        self.message = message
        self.code = code


def _require(result: permissions.Result, code: str = "permission") -> None:
    allowed, reason = result
    if not allowed:
        raise Refused(reason, code)


# Letters and digits that cannot be confused when read aloud or copied from paper (no 0/O, 1/l/I).
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
_SYMBOLS = "!@#$%^&*-_=+?"


def generate_initial_password(user=None, length: int = 16) -> str:
    """A random password that passes every password validator (all four character classes)."""
    alphabet = _LOWER + _UPPER + _DIGITS + _SYMBOLS
    while True:
        chars = [secrets.choice(group) for group in (_LOWER, _UPPER, _DIGITS, _SYMBOLS)]
        chars += [secrets.choice(alphabet) for _i in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


# -- Accounts (system_admin) -------------------------------------------------------------------

ACCOUNT_FIELDS = ("username", "full_name", "phone", "email", "organization")


@transaction.atomic
def create_user(
    actor, *, username: str, organization: Organization, request=None, **fields
) -> tuple[User, str]:
    """Create an account with a generated initial password, to be changed at first login.

    Returns the user and the password, which is shown once and never stored in clear.
    The new account holds no role: roles are granted by the security admin [三员分立].
    """
    _require(permissions.can_create_user(actor))
    user = User(username=username, organization=organization, must_change_password=True, **fields)
    password = generate_initial_password(user)
    user.set_password(password)
    user.save()
    audit.record(
        EventKind.ACCOUNT_CHANGED,
        actor,
        user,
        summary=_("创建账号 %(username)s") % {"username": username},
        data={"action": "create", "organization": organization.pk, "organization_name": organization.name},
        request=request,
    )
    return user, password


@transaction.atomic
def update_user(actor, user: User, request=None, **changes) -> dict:
    """Change an account's name, contact details or organization; returns what changed."""
    _require(permissions.can_edit_user(actor, user))
    before = User.objects.get(pk=user.pk)
    for name, value in changes.items():
        if name not in ACCOUNT_FIELDS:
            raise ValueError(name)
        setattr(user, name, value)
    diff = {}
    for name in changes:
        old, new = getattr(before, name), getattr(user, name)
        if old != new:
            diff[name] = [str(old) if old is not None else "", str(new) if new is not None else ""]
    if diff:
        user.save(update_fields=list(diff))
        audit.record(
            EventKind.ACCOUNT_CHANGED,
            actor,
            user,
            summary=_("修改账号 %(username)s") % {"username": user.username},
            data={"action": "update", "changes": diff},
            request=request,
        )
    return diff


@transaction.atomic
def set_active(actor, user: User, active: bool, request=None) -> None:
    """Disable or enable an account. A disabled account's sessions end on its next request
    (SessionSecurityMiddleware) and its API token is deleted."""
    _require(permissions.can_set_active(actor, user))
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
    audit.record(
        EventKind.ACCOUNT_CHANGED,
        actor,
        user,
        summary=(_("启用账号 %(username)s") if active else _("停用账号 %(username)s"))
        % {"username": user.username},
        data={"action": "enable" if active else "disable"},
        request=request,
    )


@transaction.atomic
def reset_password(actor, user: User, request=None) -> str:
    """Issue a new initial password (shown once); the user must change it at the next login."""
    _require(permissions.can_reset_password(actor, user))
    password = generate_initial_password(user)
    user.set_password(password)
    user.must_change_password = True
    user.save()
    audit.record(
        EventKind.ACCOUNT_CHANGED,
        actor,
        user,
        summary=_("重置账号 %(username)s 的密码") % {"username": user.username},
        data={"action": "reset_password"},
        request=request,
    )
    return password


# -- Roles (security_admin) --------------------------------------------------------------------


@transaction.atomic
def grant_role(
    actor, user: User, role: str, organization: Organization, division=None, request=None
) -> RoleAssignment:
    """Grant `role` at `organization` (and `division` for a finance reviewer) [三员分立]."""
    _require(permissions.can_manage_roles(actor, user))
    # Lock the account so two concurrent grants cannot together give it two admin roles.
    user = User.objects.select_for_update().get(pk=user.pk)
    _require(permissions.check_role_grant(user, role, organization, division), code="invalid")
    assignment = RoleAssignment.objects.create(
        user=user, role=role, organization=organization, division=division, granted_by=actor
    )
    reset_scope(user)
    audit.record(
        EventKind.PERMISSION_CHANGED,
        actor,
        user,
        summary=_("授予 %(username)s 角色：%(role)s（%(org)s）")
        % {"username": user.username, "role": Role(role).label, "org": organization.name},
        data={
            "action": "grant",
            "role": role,
            "organization": organization.pk,
            "division": division.pk if division else None,
        },
        request=request,
    )
    return assignment


@transaction.atomic
def revoke_role(actor, assignment: RoleAssignment, request=None) -> None:
    _require(permissions.can_revoke_role(actor, assignment))
    user = assignment.user
    data = {
        "action": "revoke",
        "role": assignment.role,
        "organization": assignment.organization_id,
        "division": assignment.division_id,
    }
    summary = _("撤销 %(username)s 角色：%(role)s（%(org)s）") % {
        "username": user.username,
        "role": assignment.get_role_display(),
        "org": assignment.organization.name,
    }
    assignment.delete()
    reset_scope(user)
    audit.record(EventKind.PERMISSION_CHANGED, actor, user, summary=summary, data=data, request=request)


# -- Lockout (security_admin) ------------------------------------------------------------------


def locked_usernames() -> dict[str, object]:
    """Usernames locked now by repeated failed logins (django-axes), with the last attempt time."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    qs = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = (
        qs.exclude(username__isnull=True)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {r["username"]: r["last"] for r in rows}


def unlock_account(actor, username: str, request=None, user: User | None = None) -> int:
    """Clear the failed-login lock of `username`; returns the number of attempt records removed."""
    from axes.utils import reset

    _require(permissions.can_unlock_account(actor))
    count = reset(username=username)
    audit.record(
        EventKind.ACCOUNT_CHANGED,
        actor,
        user,
        summary=_("解除账号 %(username)s 的登录锁定") % {"username": username},
        data={"action": "unlock", "username": username, "attempts_removed": count},
        request=request,
    )
    return count


# -- Organizations (system_admin) --------------------------------------------------------------


@transaction.atomic
def save_organization(actor, organization: Organization, request=None) -> Organization:
    """Create or change an organization (configuration, the system admin's)."""
    _require(permissions.can_manage_organizations(actor))
    created = organization.pk is None
    organization.full_clean()
    organization.save()
    audit.record(
        EventKind.ACCOUNT_CHANGED,
        actor,
        organization,
        summary=(_("新建机构 %(name)s") if created else _("修改机构 %(name)s")) % {"name": organization.name},
        data={
            "action": "create" if created else "update",
            "kind": organization.kind,
            "code": organization.code,
            "parent": organization.parent_id,
            "region": organization.region_id,
            "division": organization.division_id,
            "is_active": organization.is_active,
        },
        request=request,
    )
    return organization


@transaction.atomic
def save_configuration(actor, obj, request=None):
    """Create or change a region or a finance division (configuration, the system admin's)."""
    _require(permissions.can_manage_organizations(actor))
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    audit.record(
        EventKind.ACCOUNT_CHANGED,
        actor,
        obj,
        summary=(_("新建%(what)s %(name)s") if created else _("修改%(what)s %(name)s"))
        % {"what": obj._meta.verbose_name, "name": obj.name},
        data={"action": "create" if created else "update"},
        request=request,
    )
    return obj
