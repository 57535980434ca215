from django.contrib import admin
from django.urls import include, path

from assessments import views as assessment_views

urlpatterns = [
    path("", assessment_views.home, name="home"),
    path("healthz", assessment_views.healthz, name="healthz"),
    path("favicon.ico", assessment_views.favicon),
    path("", include("assessments.urls")),
    path("r/", include("consulting.respond_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("consultant/", include("consulting.urls")),
    path("admin/", admin.site.urls),
]
