from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("绩效运行监控")

    def ready(self):
        # 我的待办 providers; the 暂缓拨款 notice on project allocations.
        from monitoring import measures, todo  # noqa: F401
