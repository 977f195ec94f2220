"""Every app's API routes under /api/v1/: import each app's api.py (which registers its viewsets
on perfapp.api_router.router), then take the router's URLs."""

from accounts import api as accounts_api  # noqa: F401
from assessments import api as assessments_api  # noqa: F401
from budgets import api as budgets_api  # noqa: F401
from dashboards import api as dashboards_api  # noqa: F401
from dashboards import api_scorecards as dashboards_api_scorecards  # noqa: F401
from evaluation import api_docs as evaluation_api_docs  # noqa: F401
from evaluation import api_external as evaluation_api_external  # noqa: F401
from evaluation import api_reports as evaluation_api_reports  # noqa: F401
from evaluation import api_self as evaluation_api_self  # noqa: F401
from evaluation import api_spot as evaluation_api_spot  # noqa: F401
from monitoring import api as monitoring_api  # noqa: F401
from monitoring import warning_api as monitoring_warning_api  # noqa: F401
from perfapp.api_router import router
from results import api_accountability as results_api_accountability  # noqa: F401
from results import api_feedback as results_api_feedback  # noqa: F401
from results import api_linkage as results_api_linkage  # noqa: F401
from targets import api as targets_api  # noqa: F401

urlpatterns = router.urls
