from django.urls import include, path

from budgets import views

app_name = "budgets"

urlpatterns = [
    # Project library (项目库).
    path("projects/", views.project_list, name="project_list"),
    path("projects/review/", views.project_list, {"queue": "review"}, name="review_queue"),
    path("projects/admission/", views.project_list, {"queue": "admission"}, name="admission_queue"),
    path("projects/export.xlsx", views.project_export, name="project_export"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/transition/<str:name>/", views.project_transition, name="project_transition"),
    # Fiscal years, their Policy and deadlines.
    path("years/", views.year_list, name="year_list"),
    path("years/<int:pk>/", views.year_detail, name="year_detail"),
    path("years/<int:pk>/policy/", views.policy_edit, name="policy_edit"),
    path("years/<int:pk>/deadlines/new/", views.deadline_create, name="deadline_create"),
    path("years/<int:pk>/deadlines/defaults/", views.deadline_defaults, name="deadline_defaults"),
    path("deadlines/<int:pk>/edit/", views.deadline_edit, name="deadline_edit"),
    # Imports of allocations and expenditures live in budgets/import_urls.py.
    path("imports/", include("budgets.import_urls")),
]
