"""Shared API pieces: the project's permission policy and error format.

DRF's default permission is IsAuthenticated + RolePolicy (settings.REST_FRAMEWORK); no view uses
AllowAny except the public portal's, which is on the explicit allow-list.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
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
    """

    message = "您没有权限执行此操作。"

    def has_permission(self, request, view):
        roles = scope_of(request.user).roles
        allowed = getattr(view, "allowed_roles", BUSINESS_ROLES)
        if not roles & set(allowed):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        write_roles = getattr(view, "write_roles", set(allowed) - READ_ONLY_ROLES)
        return bool(roles & set(write_roles))


ADMIN_ONLY = ADMIN_ROLES


def exception_handler(exc, context):
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, WorkflowError):
        code = status.HTTP_409_CONFLICT if exc.code == "stale" else status.HTTP_400_BAD_REQUEST
        if exc.code == "permission":
            code = status.HTTP_403_FORBIDDEN
        return Response({"detail": exc.message, "code": exc.code}, status=code)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
