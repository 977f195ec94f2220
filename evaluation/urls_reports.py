"""Department and fiscal evaluations (list, detail), work records, reports and auditor exports."""

from django.urls import path

from evaluation import views_reports as views

urlpatterns = [
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/records/", views.record_add, name="record_add"),
    path("evaluations/<int:pk>/report/", views.report_draft, name="report_draft"),
    path("evaluations/<int:pk>/report/finalize/", views.report_finalize, name="report_finalize"),
    path("evaluations/<int:pk>/report/correct/", views.report_correct, name="report_correct"),
    path("evaluations/<int:pk>/scores.xlsx", views.score_table, name="score_table"),
    path("record-files/<int:pk>/", views.record_file, name="record_file"),
    path("reports/<int:pk>/report.pdf", views.report_download, name="report_download"),
    path("exports/", views.auditor_exports, name="auditor_exports"),
    path("exports/evaluations.xlsx", views.export_table, name="export_table"),
]
