"""Warning pages under /monitoring/warnings/ (included by monitoring/urls.py, namespace `monitoring`).

Importing monitoring.warnings here registers its after-expenditure-import hook whenever the
URLconf is loaded.
"""

from django.urls import path

import monitoring.warnings  # noqa: F401  (registers budgets.imports.AFTER_IMPORT)
from monitoring import warning_views as views

urlpatterns = [
    path("", views.warning_list, name="warning_list"),
    path("<int:pk>/", views.warning_detail, name="warning_detail"),
    path("<int:pk>/acknowledge/", views.warning_acknowledge, name="warning_acknowledge"),
    path("<int:pk>/resolve/", views.warning_resolve, name="warning_resolve"),
    path("fund-actions/<int:pk>/lift/", views.fund_action_lift, name="fund_action_lift"),
    path("recalled/", views.recalled_funds, name="recalled_funds"),
]
