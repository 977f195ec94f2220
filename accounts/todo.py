"""我的待办 of the three administrators (三员): what needs their attention."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scoping import scope_of, users_manageable_by
from perfapp.todo import TodoItem, provider


@provider
def admin_todo(user) -> list[TodoItem]:
    roles = scope_of(user).roles
    items: list[TodoItem] = []
    if Role.SECURITY_ADMIN in roles:
        from axes.models import AccessAttempt
        from django.conf import settings

        usernames = users_manageable_by(user).values("username")
        locked = AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).count()
        if locked:
            items.append(
                TodoItem(_("被锁定的账号"), reverse("accounts:security"), _("安全管理"), count=locked)
            )
        unassigned = users_manageable_by(user).filter(is_active=True, role_assignments__isnull=True).count()
        if unassigned:
            items.append(
                TodoItem(
                    _("尚未授权角色的账号"), reverse("accounts:user_list"), _("安全管理"), count=unassigned
                )
            )
    if Role.SYSTEM_ADMIN in roles:
        pending = users_manageable_by(user).filter(is_active=True, must_change_password=True).count()
        if pending:
            items.append(
                TodoItem(
                    _("尚未修改初始密码的账号"), reverse("accounts:user_list"), _("账号管理"), count=pending
                )
            )
    if Role.AUDIT_ADMIN in roles:
        items.append(TodoItem(_("校验审计日志哈希链"), reverse("audit_log"), _("安全审计")))
    return items
