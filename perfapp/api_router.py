"""The one DRF router of /api/v1/. Apps register their viewsets on it in their api.py."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
