from django.urls import path

from . import plan_views, views

app_name = "consulting"
urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("profile/", views.profile, name="profile"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/archive/", views.client_archive, name="client_archive"),
    path("clients/<int:pk>/unarchive/", views.client_unarchive, name="client_unarchive"),
    path("clients/<int:pk>/targets/", views.client_targets, name="client_targets"),
    path("clients/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("clients/<int:pk>/compare/", views.round_compare, name="round_compare"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/settings/", views.round_settings, name="round_settings"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/facilitate/", views.round_facilitate, name="round_facilitate"),
    path("rounds/<int:pk>/invite-link/", views.round_invite_renew, name="round_invite_renew"),
    path("rounds/<int:pk>/respondents/<int:assessment_pk>/", views.respondent_detail, name="respondent_detail"),
    path(
        "rounds/<int:pk>/respondents/<int:assessment_pk>/continue/",
        views.respondent_continue,
        name="respondent_continue",
    ),
    path("rounds/<int:pk>/export.csv", views.round_export, name="round_export"),
    path("rounds/<int:pk>/team-scores.csv", views.round_scores_export, name="round_scores_export"),
    path("rounds/<int:pk>/report.xlsx", views.round_xlsx, name="round_xlsx"),
    path("rounds/<int:pk>/report.pptx", views.round_pptx, name="round_pptx"),
    path("rounds/<int:pk>/roadmap.pdf", views.round_pdf, name="round_pdf"),
    path("rounds/<int:pk>/edit/", plan_views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/history/", plan_views.round_history, name="round_history"),
    path("rounds/<int:pk>/plan/", plan_views.plan_detail, name="plan_detail"),
    path("rounds/<int:pk>/plan/move/", plan_views.plan_move, name="plan_move"),
    path("rounds/<int:pk>/plan/actions/<str:code>/", plan_views.plan_item_edit, name="plan_item_edit"),
    path("rounds/<int:pk>/plan/actions/<str:code>/hide/", plan_views.plan_item_hide, name="plan_item_hide"),
    path("rounds/<int:pk>/plan/actions/<str:code>/unhide/", plan_views.plan_item_unhide, name="plan_item_unhide"),
    path("rounds/<int:pk>/plan/own/new/", plan_views.plan_action_create, name="plan_action_create"),
    path("rounds/<int:pk>/plan/own/<int:item_pk>/", plan_views.plan_action_edit, name="plan_action_edit"),
    path("rounds/<int:pk>/plan/own/<int:item_pk>/delete/", plan_views.plan_action_delete, name="plan_action_delete"),
    path(
        "rounds/<int:pk>/respondents/<int:assessment_pk>/exclude/",
        plan_views.response_exclude,
        name="response_exclude",
    ),
    path(
        "rounds/<int:pk>/respondents/<int:assessment_pk>/include/",
        plan_views.response_include,
        name="response_include",
    ),
]
