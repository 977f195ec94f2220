"""Shared access helpers for pages: refuse with 403 (audited), business roles only, read-only roles.

Every read still goes through `visible_to(user)` (another unit's object is a 404); these helpers
decide the 403s for objects the user may see but not change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import BUSINESS_ROLES, READ_ONLY_ROLES
from accounts.scoping import scope_of
from perfapp import audit
from perfapp.models import EventKind


def deny(request, reason: str, obj=None):
    """403 with the reason, recorded as a refused access [issue #2 Audit]."""
    audit.record(
        EventKind.ACCESS_DENIED,
        request.user,
        obj,
        summary=reason,
        data={"path": request.path, "method": request.method},
        request=request,
    )
    raise PermissionDenied(reason)


def require_business_role(request):
    """三员 (system/security/audit admins) never see business data."""
    if not scope_of(request.user).roles & BUSINESS_ROLES:
        deny(request, _("您的角色不能访问业务数据。"))


def is_read_only(user) -> bool:
    """Leaders and auditors read the whole region but change nothing."""
    roles = scope_of(user).roles
    return not (roles - READ_ONLY_ROLES) & BUSINESS_ROLES


def require_writer(request, reason: str | None = None):
    """A business role that may change data (403 for 三员 and for read-only roles)."""
    require_business_role(request)
    if is_read_only(request.user):
        deny(request, reason or _("只读角色不能修改数据。"))
