from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("绩效评价")

    def ready(self):
        # 我的待办 providers and the self-evaluation deadline's reminder provider; the job kinds of
        # the report PDF (evaluation.reports) and of the historical import (evaluation.selfeval_import),
        # known in web and worker processes alike.
        from evaluation import reminders_self, reports, selfeval_import, todo_external, todo_self  # noqa: F401
