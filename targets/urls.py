from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.target_list, name="target_list"),
    path("new/", views.target_create, name="target_create"),
    path("new/department/", views.target_create_department, name="target_create_department"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/department/", views.dept_queue, name="dept_queue"),
    path("review/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("<int:pk>/", views.target_detail, name="target_detail"),
    path("<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("<int:pk>/import/", views.target_import, name="target_import"),
    path("<int:pk>/transition/<str:name>/", views.target_transition, name="target_transition"),
    path("<int:pk>/review/department/", views.target_dept_review, name="target_dept_review"),
    path("<int:pk>/review/finance/", views.target_finance_review, name="target_finance_review"),
    path("<int:pk>/adjust/", views.target_adjust, name="target_adjust"),
    path("<int:pk>/compare/", views.target_compare, name="target_compare"),
    # Indicator library (指标库).
    path("library/", views.library, name="library"),
    path("library/search/", views.library_search, name="library_search"),
    path("library/new/", views.template_create, name="template_create"),
    path("library/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("library/<int:pk>/<str:decision>/", views.template_decide, name="template_decide"),
]
