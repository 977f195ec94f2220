from django.urls import include, path

from budgets import views  # noqa: F401

app_name = "budgets"

urlpatterns = [
    # Project library, years and policy pages (budgets/views.py).
    # Imports of allocations and expenditures live in budgets/import_urls.py.
    path("imports/", include("budgets.import_urls")),
]
