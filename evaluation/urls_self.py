"""/evaluation/self/…: 绩效自评 (season, the form, evidence, review) and /evaluation/scoring-schemes/…
(the library of self-evaluation scoring schemes)."""

from django.urls import path

from evaluation import views_self as v

urlpatterns = [
    path("self/", v.self_list, name="self_list"),
    path("self/open/", v.self_open_season, name="self_open_season"),
    path("self/<int:pk>/", v.self_detail, name="self_detail"),
    path("self/<int:pk>/review/", v.self_review, name="self_review"),
    path("self/<int:pk>/violation/", v.self_violation, name="self_violation"),
    path("self/<int:pk>/evidence/", v.self_evidence_upload, name="self_evidence_upload"),
    path("self/evidence/<int:pk>/", v.self_evidence_download, name="self_evidence_download"),
    path("self/evidence/<int:pk>/delete/", v.self_evidence_delete, name="self_evidence_delete"),
    path("scoring-schemes/", v.scoring_scheme_list, name="scoring_scheme_list"),
    path("scoring-schemes/<int:pk>/", v.scoring_scheme_detail, name="scoring_scheme_detail"),
    path("scoring-schemes/<int:pk>/copy/", v.scoring_scheme_copy, name="scoring_scheme_copy"),
    path("scoring-schemes/<int:pk>/apply/", v.scoring_scheme_apply, name="scoring_scheme_apply"),
    path("scoring-schemes/<int:pk>/delete/", v.scoring_scheme_delete, name="scoring_scheme_delete"),
    path("scoring-schemes/<int:pk>/export.json", v.scoring_scheme_export, name="scoring_scheme_export"),
]
