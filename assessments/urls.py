from django.urls import path, register_converter

from . import views


class TokenConverter:
    # token_urlsafe(32) gives 43 characters; refuse anything that cannot be a token.
    regex = r"[A-Za-z0-9_-]{20,86}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "assessments"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("a/<token:token>/", views.resume, name="resume"),
    path("a/<token:token>/about/", views.about, name="about"),
    path("a/<token:token>/step/<int:number>/", views.step, name="step"),
    path("a/<token:token>/results/", views.results, name="results"),
    path("a/<token:token>/roadmap.pdf", views.pdf, name="pdf"),
    path("a/<token:token>/delete/", views.delete, name="delete"),
]
