from django.urls import path

from . import views

app_name = "peers"
urlpatterns = [
    path("a/<token:token>/compare/", views.assessment_peers, name="assessment_peers"),
    path("consultant/clients/<int:pk>/peers/", views.client_peers, name="client_peers"),
    path("consultant/portfolio/", views.portfolio, name="portfolio"),
]
