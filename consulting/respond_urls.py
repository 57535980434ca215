"""The public invite link of a round: include at /r/ with

    path("r/", include("consulting.respond_urls")),

which gives the URL name "respond:invite" (/r/<invite_token>/).
"""

from django.urls import path, register_converter

from . import views


class InviteTokenConverter:
    # secrets.token_urlsafe(32) gives 43 characters; refuse anything that cannot be one.
    regex = r"[A-Za-z0-9_-]{20,86}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(InviteTokenConverter, "invite_token")

app_name = "respond"
urlpatterns = [
    path("<invite_token:token>/", views.invite, name="invite"),
]
