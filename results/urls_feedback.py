from django.urls import path

from results import views_feedback as v

urlpatterns = [
    path("feedback/", v.feedback_list, name="feedback_list"),
    path("feedback/generate/", v.feedback_generate, name="feedback_generate"),
    path("feedback/<int:pk>/", v.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/<str:name>/", v.feedback_transition, name="feedback_transition"),
    path("rectification/", v.rectification_list, name="rectification_list"),
    path("rectification/export/", v.rectification_export, name="rectification_export"),
    path("rectification/new/", v.rectification_create, name="rectification_create"),
    path("rectification/<int:pk>/", v.rectification_detail, name="rectification_detail"),
    path("rectification/<int:pk>/measures/", v.rectification_measures, name="rectification_measures"),
    path("rectification/<int:pk>/evidence/", v.rectification_evidence, name="rectification_evidence"),
    path(
        "rectification/<int:pk>/evidence/<int:evidence_pk>/",
        v.rectification_evidence_download,
        name="rectification_evidence_download",
    ),
    path(
        "rectification/<int:pk>/do/<str:name>/", v.rectification_transition, name="rectification_transition"
    ),
]
