"""/dashboards/…: the leader dashboard (驾驶舱), scorecards (部门预算管理工作评价, 市县财政高质量发展评价)
and comparisons across years (跨年度对比); namespace dashboards."""

from django.urls import include, path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("projects/", views.drill_view, name="drill"),
    path("export.xlsx", views.export_view, name="export"),
    path("briefing/", views.briefing_view, name="briefing"),
    path("scorecards/", include("dashboards.urls_scorecards")),
    path("years/", include("dashboards.urls_years")),
]
