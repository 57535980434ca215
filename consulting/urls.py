from django.urls import path

from . import views

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
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/facilitate/", views.round_facilitate, name="round_facilitate"),
    path("rounds/<int:pk>/respondents/<int:assessment_pk>/", views.respondent_detail, name="respondent_detail"),
    path("rounds/<int:pk>/export.csv", views.round_export, name="round_export"),
    path("rounds/<int:pk>/roadmap.pdf", views.round_pdf, name="round_pdf"),
]
