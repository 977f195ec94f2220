from django.urls import path

from results import portal_views

app_name = "portal_results"

urlpatterns: list = [
    path("", portal_views.result_list, name="result_list"),
    path("results.json", portal_views.result_json, name="result_json"),
    path("results.csv", portal_views.result_csv, name="result_csv"),
    path("<int:pk>/", portal_views.result_detail, name="result_detail"),
    path("<int:pk>/report.pdf", portal_views.result_pdf, name="result_pdf"),
]
