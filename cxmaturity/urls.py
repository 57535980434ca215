from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments import views as assessment_views
from consulting.views import LoginView

urlpatterns = [
    path("", assessment_views.home, name="home"),
    path("healthz", assessment_views.healthz, name="healthz"),
    path("favicon.ico", assessment_views.favicon),
    path("", include("assessments.urls")),
    path("r/", include("consulting.respond_urls")),
    # Only what consultants need; password resets go through an admin (no mail is configured).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("consultant/", include("consulting.urls")),
    path("admin/", admin.site.urls),
]
