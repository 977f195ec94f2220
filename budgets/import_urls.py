"""URLs of allocation and expenditure imports (included by budgets/urls.py under imports/)."""

urlpatterns = []
