from django.urls import path

from results import views_linkage as v

urlpatterns = [
    path("", v.linkage_list, name="linkage_list"),
    path("generate/", v.linkage_generate, name="linkage_generate"),
    path("confirm/", v.linkage_confirm, name="linkage_confirm"),
    path("summary/", v.linkage_summary, name="linkage_summary"),
    path("summary/export/", v.linkage_export, name="linkage_export"),
    path("<int:pk>/override/", v.linkage_override, name="linkage_override"),
]
