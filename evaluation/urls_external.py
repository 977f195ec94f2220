"""/evaluation/…: plans, schemes (评价指标体系), the expert pool, and the actions of department and
fiscal evaluations (assignment, blind scoring, agreed scores, transitions). The evaluation list and
page are the reports part's (urls_reports: evaluation_list, evaluation_detail); the page includes
templates/evaluation/external/_panel.html with evaluation.external.panel_context()."""

from django.urls import path

from evaluation import views_external as v

urlpatterns = [
    path("evaluations/<int:pk>/edit/", v.evaluation_edit, name="evaluation_edit"),
    path("evaluations/<int:pk>/assign/", v.evaluation_assign, name="evaluation_assign"),
    path(
        "evaluations/<int:pk>/assignments/<int:assignment_pk>/end/",
        v.assignment_end,
        name="assignment_end",
    ),
    path("evaluations/<int:pk>/scores/", v.evaluation_scores, name="evaluation_scores"),
    path("evaluations/<int:pk>/agreed/", v.evaluation_agreed, name="evaluation_agreed"),
    path(
        "evaluations/<int:pk>/transition/<str:name>/",
        v.evaluation_transition,
        name="evaluation_transition",
    ),
    path("plans/", v.plan_list, name="plan_list"),
    path("plans/<int:pk>/", v.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/add/", v.plan_add, name="plan_add"),
    path("plans/<int:pk>/items/<int:item_pk>/", v.plan_item, name="plan_item"),
    path("plans/<int:pk>/confirm/", v.plan_confirm, name="plan_confirm"),
    path("plans/<int:pk>/reopen/", v.plan_reopen, name="plan_reopen"),
    path("schemes/", v.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", v.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/copy/", v.scheme_copy, name="scheme_copy"),
    path("schemes/<int:pk>/export.json", v.scheme_export, name="scheme_export"),
    path("experts/", v.expert_list, name="expert_list"),
    path("experts/new/", v.expert_edit, name="expert_new"),
    path("experts/<int:pk>/", v.expert_edit, name="expert_edit"),
]
