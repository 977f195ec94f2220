"""Public portal of disclosed targets, at /public/targets/ (anonymous: /public/ is allow-listed)."""

from django.urls import path

from targets import portal

app_name = "targets_public"

urlpatterns = [
    path("", portal.target_list, name="list"),
    path("targets.json", portal.target_json, name="json"),
    path("targets.csv", portal.target_csv, name="csv"),
    path("<int:pk>/", portal.target_detail, name="detail"),
]
