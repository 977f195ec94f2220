"""/dashboards/years/…: comparisons across years (included by dashboards/urls.py)."""

from django.urls import path

from dashboards import views_years as v

urlpatterns = [
    path("", v.years_overview, name="years_overview"),
    path("department/<int:pk>/", v.years_department, name="years_department"),
    path("project/<int:pk>/", v.years_project, name="years_project"),
]
