from django.urls import path

import cxmaturity.converters  # noqa: F401  (registers <token:...>)

from . import views

app_name = "invitations"
urlpatterns = [
    path("consultant/rounds/<int:pk>/invitations/", views.round_invitations, name="round_invitations"),
    path("consultant/rounds/<int:pk>/invitations/remind/", views.round_remind, name="round_remind"),
    path("consultant/rounds/<int:pk>/invitations/settings/", views.round_mail_settings, name="round_mail_settings"),
    # Public, by personal link (the token is the key; only its hash is stored).
    path("i/<token:token>/", views.respond, name="respond"),
    path("i/<token:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
