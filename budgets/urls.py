from budgets import views  # noqa: F401

app_name = "budgets"

urlpatterns = []
