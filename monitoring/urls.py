from django.urls import include, path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/transition/<str:name>/", views.report_transition, name="report_transition"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("warnings/", include("monitoring.warning_urls")),
]
