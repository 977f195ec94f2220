from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "results"
    verbose_name = _("结果应用")

    def ready(self):
        # 我的待办 providers and the rectification deadlines' reminder provider.
        from results import linkage, rectification, todo, todo_accountability, todo_feedback, todo_linkage  # noqa: F401
