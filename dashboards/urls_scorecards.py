"""Scorecard pages, included by dashboards/urls.py under "scorecards/" (namespace dashboards)."""

from django.urls import path

from dashboards import views_scorecards as views

urlpatterns = [
    path("", views.scorecard_list, name="scorecard_list"),
    path("new/", views.scorecard_create, name="scorecard_create"),
    path("<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("<int:pk>/do/<str:action>/", views.scorecard_action, name="scorecard_action"),
    path("<int:pk>/indicators/new/", views.indicator_form, name="scorecard_indicator_create"),
    path("<int:pk>/indicators/<int:indicator_pk>/", views.indicator_form, name="scorecard_indicator_edit"),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/delete/",
        views.indicator_delete,
        name="scorecard_indicator_delete",
    ),
    path("<int:pk>/indicators/<int:indicator_pk>/entries/", views.entries, name="scorecard_entries"),
    path("<int:pk>/entries/<int:entry_pk>/evidence/", views.entry_evidence, name="scorecard_evidence"),
    path("<int:pk>/results/<int:result_pk>/", views.subject_detail, name="scorecard_subject"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="scorecard_export_xlsx"),
    path("<int:pk>/export.pdf", views.export_pdf, name="scorecard_export_pdf"),
]
