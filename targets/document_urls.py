"""Download pages of the official target forms (included at /targets/documents/)."""

from django.urls import path

from targets import documents, indicator_export

app_name = "target_docs"

urlpatterns = [
    path("<int:pk>/form.xlsx", documents.form_xlsx_view, name="form_xlsx"),
    path("<int:pk>/form.pdf", documents.form_pdf_view, name="form_pdf"),
    path("department.xlsx", documents.department_workbook_view, name="department_workbook"),
    path("indicators.xlsx", indicator_export.indicator_export_view, name="indicator_export"),
]
