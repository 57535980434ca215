"""The public invite link of a round: include at /r/ with

    path("r/", include("consulting.respond_urls")),

which gives the URL name "respond:invite" (/r/<invite_token>/).
"""

from django.urls import path

import cxmaturity.converters  # noqa: F401  (registers <token:...>)

from . import respond_views

app_name = "respond"
urlpatterns = [
    path("<token:token>/", respond_views.invite, name="invite"),
]
