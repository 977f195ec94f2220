"""URLs of allocation and expenditure imports (included by budgets/urls.py under imports/)."""

from django.urls import path

from budgets import import_views

urlpatterns = [
    path("", import_views.import_list, name="import_list"),
    path("<int:pk>/", import_views.import_detail, name="import_detail"),
    path("template/<str:kind>.xlsx", import_views.import_template, name="import_template"),
]
