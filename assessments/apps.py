from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("事前绩效评估")

    def ready(self):
        # The library gate (budgets.library.ADMISSION_CHECKS) and the 我的待办 provider.
        from assessments import rules, todo  # noqa: F401
