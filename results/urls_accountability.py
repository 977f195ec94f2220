"""/results/accountability/…: 问责 [004 第四十四—四十六条] (the disclosure marks are API-only)."""

from django.urls import path

from results import views_accountability as v

urlpatterns = [
    path("accountability/", v.accountability_list, name="accountability_list"),
    path("accountability/export/", v.accountability_export, name="accountability_export"),
    path("accountability/new/", v.accountability_create, name="accountability_create"),
    path("accountability/suggestions/", v.accountability_suggestions, name="accountability_suggestions"),
    path("accountability/suggestions/dismiss/", v.accountability_dismiss, name="accountability_dismiss"),
    path("accountability/<int:pk>/", v.accountability_detail, name="accountability_detail"),
    path("accountability/<int:pk>/edit/", v.accountability_edit, name="accountability_edit"),
]
