"""Downloads of monitoring documents (included at /monitoring/documents/)."""

from django.urls import path

from monitoring import documents

app_name = "monitoring_docs"

urlpatterns = [
    path(
        "rounds/<int:round_pk>/departments/<int:department_pk>/summary.<str:fmt>",
        documents.department_summary_view,
        name="department_summary",
    ),
    path("rounds/<int:round_pk>/summary.<str:fmt>", documents.region_summary_view, name="region_summary"),
    path("reports/<int:pk>/report.pdf", documents.report_pdf_view, name="report_pdf"),
]
