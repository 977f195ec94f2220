from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "targets"
    verbose_name = _("绩效目标")

    def ready(self):
        from targets import (
            rules,  # noqa: F401
            todo,  # noqa: F401  (我的待办 providers)
        )
