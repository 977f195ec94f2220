"""/evaluation/spot-checks/…: 抽查复核 [002 三(四)][003 三(五)] (namespace "evaluation")."""

from django.urls import path

from evaluation import views_spot

urlpatterns = [
    path("", views_spot.spot_check_list, name="spot_check_list"),
    path("<int:pk>/", views_spot.spot_check_detail, name="spot_check_detail"),
    path("items/<int:pk>/", views_spot.spot_check_item, name="spot_check_item"),
    path("flagged/", views_spot.spot_check_flagged, name="spot_check_flagged"),
    path("flagged/export/", views_spot.spot_check_flagged_export, name="spot_check_flagged_export"),
    path("circulation/", views_spot.spot_check_circulation, name="spot_check_circulation"),
    path(
        "circulation/export/",
        views_spot.spot_check_circulation_export,
        name="spot_check_circulation_export",
    ),
    path(
        "circulation/publish/",
        views_spot.spot_check_circulation_publish,
        name="spot_check_circulation_publish",
    ),
]
