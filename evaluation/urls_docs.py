"""/evaluation/documents/…: the 自评表 in Excel and PDF, a unit's upload, the historical import."""

from django.urls import path, re_path

from evaluation import views_docs

urlpatterns = [
    re_path(
        r"^self/(?P<pk>\d+)\.(?P<fmt>xlsx|pdf)$",
        views_docs.self_form_download,
        name="self_form_download",
    ),
    path("self/<int:pk>/import/", views_docs.self_import, name="self_import"),
    path("historical/", views_docs.historical_import_list, name="historical_import_list"),
    path("historical/<int:pk>/", views_docs.historical_import_detail, name="historical_import_detail"),
    path("historical/<int:pk>/status/", views_docs.historical_import_status, name="historical_import_status"),
    re_path(
        r"^historical/(?P<pk>\d+)/report\.(?P<fmt>csv|json)$",
        views_docs.historical_import_report,
        name="historical_import_report",
    ),
]
