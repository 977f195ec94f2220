"""Audit events for logins, failures and lockouts [等保 2.0 三级 安全审计]."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from perfapp import audit
from perfapp.models import EventKind


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    # The absolute and idle session limits count from here (SessionSecurityMiddleware).
    now = time.time()
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_SEEN] = now
    audit.record(EventKind.LOGIN, user, user, summary=f"{user.username} 登录", request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(EventKind.LOGOUT, user, user, summary=f"{user.username} 退出", request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    """Every failed login, including one refused because the account is locked (axes runs first
    and marks the request)."""
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        EventKind.LOGIN_FAILED,
        None,
        summary=f"{username} 登录失败" + ("（账号已锁定）" if locked else ""),
        data={"username": username, "locked": locked},
        request=request,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """The failure that locks the account; later attempts while locked are LOGIN_FAILED events.

    django-axes also sends this signal for each attempt refused during the lockout; only the
    attempt that reached the limit has `axes_failures_since_start` set.
    """
    if request is not None and getattr(request, "axes_failures_since_start", None) is None:
        return
    audit.record(
        EventKind.LOCKOUT,
        None,
        summary=f"{username} 连续登录失败，账号锁定",
        data={"username": username, "ip": ip_address},
        request=request,
    )
