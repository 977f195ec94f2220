"""/results/…: one module per part of the stage, all in the `results` namespace."""

from django.urls import include, path

app_name = "results"

urlpatterns = [
    path("", include("results.urls_feedback")),  # 反馈意见函, 整改台账
    path("linkage/", include("results.urls_linkage")),  # 预算挂钩
    path("", include("results.urls_accountability")),  # 问责, 信息公开 marks
    path("disclosure/", include("results.urls_disclosure")),  # 信息公开 (finance marks)
]
