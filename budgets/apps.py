from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgets"
    verbose_name = _("项目库与预算")

    def ready(self):
        # Register the library's to-do providers (我的待办).
        from budgets import todo  # noqa: F401
