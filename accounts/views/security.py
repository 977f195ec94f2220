"""The security admin's page: the security policy in force and the accounts locked right now."""

from axes.helpers import get_cool_off
from django.conf import settings

from accounts import administration, permissions
from accounts.passwords import password_max_age_days
from accounts.scoping import users_manageable_by
from accounts.views.users import render_admin, require


def _validator_option(name: str, option: str, default):
    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith(name):
            return validator.get("OPTIONS", {}).get(option, default)
    return None


def security_settings(request):
    require(permissions.can_view_security_settings(request.user))
    locked = administration.locked_usernames()
    users = {u.username: u for u in users_manageable_by(request.user).filter(username__in=list(locked))}
    cool_off = get_cool_off()
    policy = {
        "min_length": _validator_option("MinimumLengthValidator", "min_length", 8),
        "min_classes": _validator_option("CharacterClassValidator", "min_classes", 3),
        "remember": _validator_option("HistoryValidator", "remember", 5),
        "no_username": _validator_option("NoUsernameValidator", "", True) is not None,
        "max_age_days": password_max_age_days(request.user),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "idle_admin_minutes": settings.SESSION_IDLE_TIMEOUT_ADMIN // 60,
        "absolute_hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600,
    }
    locked_rows = [
        {"username": name, "user": users[name], "last": last}
        for name, last in sorted(locked.items())
        if name in users
    ]
    return render_admin(
        request,
        "accounts/security.html",
        {"policy": policy, "locked": locked_rows, "other_locked": len(locked) - len(locked_rows)},
    )
