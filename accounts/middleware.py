"""Session security [等保 2.0 三级]: idle timeout (30 min, 15 for admin roles), absolute 12 h,
disabled accounts thrown out on their next request, forced password change; and login required
everywhere except an explicit allow-list."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import ADMIN_ROLES
from accounts.scoping import scope_of
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


def idle_limit(user) -> int:
    """Seconds of inactivity allowed: shorter for the 三员 accounts."""
    if scope_of(user).roles & ADMIN_ROLES:
        return settings.SESSION_IDLE_TIMEOUT_ADMIN
    return settings.SESSION_IDLE_TIMEOUT


def session_end_reason(session, user, now: float) -> str | None:
    """Why this session must end now ("absolute", "idle") or None.

    The absolute limit counts from login even if the user was active all along.
    """
    started = session.get(SESSION_STARTED, now)
    last = session.get(SESSION_LAST_SEEN, now)
    if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - last > idle_limit(user):
        return "idle"
    return None


class SessionSecurityMiddleware:
    """Ends expired sessions and the sessions of disabled accounts, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None:
            return self.get_response(request)
        if user.is_authenticated:
            # time.time(), not timezone.now(): stored in the session as a plain number.
            now = time.time()
            session.setdefault(SESSION_STARTED, now)
            reason = session_end_reason(session, user, now)
            if reason:
                audit.record(
                    EventKind.SESSION_EXPIRED,
                    user,
                    user,
                    summary=_("%(username)s 会话结束：%(reason)s")
                    % {
                        "username": user.username,
                        "reason": _("超过最长登录时限") if reason == "absolute" else _("长时间未操作"),
                    },
                    data={"reason": reason},
                    request=request,
                )
                logout(request)
                return self._to_login(request, reason)
            session[SESSION_LAST_SEEN] = now
        elif session.get(SESSION_KEY) is not None:
            # The session names an account the authentication backend no longer accepts: it was
            # disabled (or deleted) since. End the session now rather than let it linger.
            from accounts.models import User

            gone = User.objects.filter(pk=session.get(SESSION_KEY)).first()
            audit.record(
                EventKind.SESSION_EXPIRED,
                None,
                gone,
                summary=_("%(username)s 会话结束：账号已停用") % {"username": gone.username if gone else "?"},
                data={"reason": "disabled"},
                request=request,
            )
            session.flush()
            return self._to_login(request, "disabled")
        return self.get_response(request)

    @staticmethod
    def _to_login(request, reason):
        """To the login page, which says why (the message framework is not running yet here)."""
        if request.path.startswith("/api/"):
            from accounts.views.auth import LOGOUT_REASONS

            return JsonResponse(
                {"detail": str(LOGOUT_REASONS[reason]), "code": "session_" + reason}, status=401
            )
        query = urlencode({"next": request.get_full_path(), "reason": reason})
        return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")


class LoginRequiredMiddleware:
    """Every URL needs a login except PUBLIC_PREFIXES; the API answers 401/403 itself (DRF).

    A user who must change the password (first login, reset, expired) sees only the password page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if is_public(path):
            return self.get_response(request)
        # The API answers for itself: 401/403 from DRF, and perfapp.api.RolePolicy refuses a user
        # who must change the password.
        if path.startswith("/api/"):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        if user.must_change_password and not path.startswith(PASSWORD_CHANGE_PREFIXES):
            return redirect("accounts:password_change")
        return self.get_response(request)
