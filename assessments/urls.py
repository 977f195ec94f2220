"""Pages of prior assessment, mounted at /assessments/ (namespace "assessments")."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="assessment_list"),
    path("new/", views.assessment_create, name="assessment_create"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/transitions/<str:name>/", views.assessment_transition, name="assessment_transition"),
    path("<int:pk>/conclude/", views.assessment_conclude, name="assessment_conclude"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/experts/", views.assessment_assign, name="assessment_assign"),
    path("<int:pk>/score/", views.assessment_score, name="assessment_score"),
    path("<int:pk>/report.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("joint-reviews/", views.joint_review_list, name="joint_review_list"),
    path("joint-reviews/new/<int:project_pk>/", views.joint_review_create, name="joint_review_create"),
]
