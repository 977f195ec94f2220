"""Shared API pieces: the project's permission policy and error format.

DRF's default permission is IsAuthenticated + RolePolicy (settings.REST_FRAMEWORK); no view uses
AllowAny except the public portal's, which is on the explicit allow-list.

Errors are JSON `{"detail": "<中文说明>", "code": "<machine code>"}`: a refused transition or an
edit in the wrong state is 400, a stale version 409, no permission 403 (and audited as
ACCESS_DENIED), another unit's object 404.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response

from accounts.models import ADMIN_ROLES, BUSINESS_ROLES, READ_ONLY_ROLES
from accounts.scoping import scope_of
from perfapp.workflow import WorkflowError


class RolePolicy(permissions.BasePermission):
    """Who may call a view at all, by role.

    A view may set `allowed_roles` (default: every business role — 三员 never touch business data)
    and `write_roles` (default: allowed roles minus the read-only leader and auditor).
    Object scope is not checked here: querysets go through visible_to(user), so others' objects 404.
    A user who must change the initial password may not use the API until it is changed (the
    pages enforce the same in accounts.middleware), unless the view sets `allow_password_change`.
    """

    message = "您没有权限执行此操作。"

    def has_permission(self, request, view):
        user = request.user
        if getattr(user, "must_change_password", False) and not getattr(view, "allow_password_change", False):
            self.message = _("请先修改初始密码后再使用系统。")
            return False
        roles = scope_of(user).roles
        allowed = getattr(view, "allowed_roles", BUSINESS_ROLES)
        if not roles & set(allowed):
            self.message = _("您的角色无权访问此功能。")
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        write_roles = getattr(view, "write_roles", set(allowed) - READ_ONLY_ROLES)
        if roles & set(write_roles):
            return True
        self.message = _("您的角色只能查看，不能修改。")
        return False


ADMIN_ONLY = ADMIN_ROLES

_WORKFLOW_STATUS = {
    "stale": status.HTTP_409_CONFLICT,
    "permission": status.HTTP_403_FORBIDDEN,
}


def _record_denied(context, detail) -> None:
    """Refused accesses go to the audit log [等保 2.0 安全审计; issue #2]."""
    from perfapp import audit
    from perfapp.models import EventKind

    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return
    view = context.get("view")
    audit.record(
        EventKind.ACCESS_DENIED,
        user,
        summary=f"{request.method} {request.path}"[:255],
        data={"detail": str(detail), "view": type(view).__name__ if view else ""},
        request=request,
    )


def exception_handler(exc, context):
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, WorkflowError):
        code = _WORKFLOW_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        if code == status.HTTP_403_FORBIDDEN:
            _record_denied(context, exc.message)
        return Response({"detail": exc.message, "code": exc.code}, status=code)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    if isinstance(exc, exceptions.PermissionDenied):
        _record_denied(context, exc.detail)
    return drf_exception_handler(exc, context)
