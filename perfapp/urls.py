from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from perfapp import portal, views

api_v1 = [
    path("", include("perfapp.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("budgets/", include("budgets.urls")),
    path("assessments/", include("assessments.urls")),
    path("targets/documents/", include("targets.document_urls")),
    path("targets/", include("targets.urls")),
    path("monitoring/documents/", include("monitoring.document_urls")),
    path("monitoring/", include("monitoring.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("results/", include("results.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("public/", portal.landing, name="portal"),
    path("public/results/", include("results.portal_urls")),
    path("public/targets/", include("targets.portal_urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("", include("perfapp.more_urls")),
]

if settings.DEBUG:
    urlpatterns.append(path("django-admin/", admin.site.urls))
