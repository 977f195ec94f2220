"""/evaluation/…: one module per part of the stage, all in the `evaluation` namespace."""

from django.urls import include, path

app_name = "evaluation"

urlpatterns = [
    path("", include("evaluation.urls_self")),  # 绩效自评: season, forms, review, scoring schemes
    path("documents/", include("evaluation.urls_docs")),  # 自评表 Excel/PDF, historical import
    path("", include("evaluation.urls_external")),  # plans, schemes, experts, department/fiscal evaluations
    path("", include("evaluation.urls_reports")),  # work records, reports, auditor exports
    path("spot-checks/", include("evaluation.urls_spot")),  # 抽查复核
]
