from django.urls import path

import cxmaturity.converters  # noqa: F401  (registers <token:...>)

from . import preview, views

app_name = "assessments"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("a/<token:token>/", views.resume, name="resume"),
    path("a/<token:token>/about/", views.about, name="about"),
    path("a/<token:token>/step/<int:number>/", views.step, name="step"),
    path("a/<token:token>/results/", views.results, name="results"),
    path("a/<token:token>/roadmap.pdf", views.pdf, name="pdf"),
    path("a/<token:token>/delete/", views.delete, name="delete"),
    path("preview/question/<int:pk>/", preview.question_preview, name="preview_question"),
    path("preview/dimension/<int:pk>/", preview.dimension_preview, name="preview_dimension"),
]
