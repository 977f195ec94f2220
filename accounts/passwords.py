"""Password rules [等保 2.0 三级 身份鉴别]: length (Django's validator), three of four character
classes, no username inside, none of the last five, and a maximum age from the Policy."""

import datetime

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c.islower() and c.isascii() for c in password),
            any(c.isupper() and c.isascii() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、特殊字符中的至少 %(n)d 类。")
                % {"n": self.min_classes},
                code="password_classes",
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、特殊字符中的至少 %(n)d 类。") % {"n": self.min_classes}


class NoUsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self):
        return _("密码不能包含用户名。")


class HistoryValidator:
    """Not one of the last `remember` passwords, the current one included [等保 2.0 三级].

    Every password set through set_password() is recorded by password_changed(); an account whose
    password was set some other way still has its current hash checked.
    """

    def __init__(self, remember=5):
        self.remember = remember

    def recent_hashes(self, user) -> list[str]:
        hashes = list(user.password_history.values_list("password", flat=True)[: self.remember])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][: self.remember]
        return hashes

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        if any(check_password(password, h) for h in self.recent_hashes(user)):
            raise ValidationError(
                _("新密码不能与最近 %(n)d 次使用过的密码相同。") % {"n": self.remember},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        from accounts.models import PasswordHistory

        if user is None or not user.pk:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = list(user.password_history.values_list("pk", flat=True)[: self.remember])
        user.password_history.exclude(pk__in=keep).delete()
        now = timezone.now()
        type(user).objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self):
        return _("新密码不能与最近 %(n)d 次使用过的密码相同。") % {"n": self.remember}


def password_max_age_days(user) -> int:
    """The maximum password age of the Policy of the user's region, or of the nearest region above
    it that has a fiscal year (default 90 days) [等保 2.0 三级 身份鉴别]."""
    from accounts.models import Region
    from budgets.models import FiscalYear
    from budgets.policy import PolicyData

    region_id = user.organization.region_id if user.organization_id else None
    seen = set()
    while region_id and region_id not in seen:
        seen.add(region_id)
        fy = FiscalYear.objects.filter(region_id=region_id).order_by("-is_current", "-year").first()
        if fy is not None:
            return fy.policy.security.password_max_age_days
        region_id = Region.objects.filter(pk=region_id).values_list("parent_id", flat=True).first()
    return PolicyData().security.password_max_age_days


def password_expired(user, now=None) -> bool:
    """True when the password is older than the Policy allows: the user must change it at login."""
    now = now or timezone.now()
    return user.password_changed_at + datetime.timedelta(days=password_max_age_days(user)) < now
