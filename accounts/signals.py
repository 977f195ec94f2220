"""Audit events for logins, failures and lockouts."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from perfapp import audit
from perfapp.models import EventKind


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    now = time.time()
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_SEEN] = now
    audit.record(EventKind.LOGIN, user, summary=f"{user.username} 登录", request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(EventKind.LOGOUT, user, summary=f"{user.username} 退出", request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        EventKind.LOGIN_FAILED,
        None,
        summary=f"{username} 登录失败",
        data={"username": username},
        request=request,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit.record(
        EventKind.LOCKOUT,
        None,
        summary=f"{username} 连续登录失败，账号锁定",
        data={"username": username},
        request=request,
    )
