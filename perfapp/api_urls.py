"""Every app's API routes under /api/v1/ (one router)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# Apps register their viewsets in their api.py with register(); imported here so the router is full.
from accounts import api as accounts_api  # noqa: E402,F401
from budgets import api as budgets_api  # noqa: E402,F401

urlpatterns = router.urls
