from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments import views as assessment_views
from consulting.views import LoginView
from invitations import views as invitation_views

from . import accounts, health

urlpatterns = [
    path("", assessment_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", assessment_views.favicon),
    path("", include("assessments.urls")),
    path("r/", include("consulting.respond_urls")),
    # Only what consultants need. Resets are e-mailed by the worker (invitations.accounts).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password_reset/", invitation_views.password_reset, name="password_reset"),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("consultant/", include("consulting.urls")),
    path("", include("invitations.urls")),
    path("", include("peers.urls")),
    path("admin/", admin.site.urls),
]
