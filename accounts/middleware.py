"""Session security [等保 2.0 三级]: idle timeout (30 min, 15 for admin roles), absolute 12 h,
disabled accounts thrown out on their next request, forced password change; and login required
everywhere except an explicit allow-list."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import ADMIN_ROLES
from perfapp import audit
from perfapp.models import EventKind

#: URL prefixes anyone may open without logging in.
PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/healthz", "/public/", "/i18n/", "/favicon.ico")
#: Pages a user who must change the password may still open.
PASSWORD_CHANGE_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/static/", "/i18n/")

SESSION_STARTED = "perfapp_started"
SESSION_LAST_SEEN = "perfapp_last_seen"


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES)


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            request.session.setdefault(SESSION_STARTED, now)
            started = request.session.get(SESSION_STARTED, now)
            last = request.session.get(SESSION_LAST_SEEN, now)
            idle_limit = (
                settings.SESSION_IDLE_TIMEOUT_ADMIN
                if user.roles & ADMIN_ROLES
                else settings.SESSION_IDLE_TIMEOUT
            )
            reason = None
            if not user.is_active:
                reason = _("账号已停用。")
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                reason = _("登录已超过 12 小时，请重新登录。")
            elif now - last > idle_limit:
                reason = _("长时间未操作，会话已超时，请重新登录。")
            if reason:
                audit.record(EventKind.SESSION_EXPIRED, user, summary=reason, request=request)
                logout(request)
                return self._to_login(request, reason)
            request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _to_login(request, reason):
        from django.contrib import messages

        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=401)
        messages.warning(request, reason)
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")


class LoginRequiredMiddleware:
    """Every URL needs a login except PUBLIC_PREFIXES; the API answers 401/403 itself (DRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if is_public(path) or path.startswith("/api/"):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={path}")
        if user.must_change_password and not path.startswith(PASSWORD_CHANGE_PREFIXES):
            return redirect("accounts:password_change")
        return self.get_response(request)
