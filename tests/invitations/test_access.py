"""Every new URL: its owner gets it, another consultant 404, an anonymous visitor the login page; bad tokens 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from invitations import services
from invitations.models import Invitation

CONSULTANT_URLS = [
    ("invitations:round_invitations", "get"),
    ("invitations:round_invitations", "post"),
    ("invitations:round_remind", "post"),
    ("invitations:round_mail_settings", "post"),
]
POST_DATA = {"people": "Eve, eve@client.example", "reminders_on": "on", "reminder_days": "1"}


def call(client, method, url):
    return client.post(url, POST_DATA) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "method"), CONSULTANT_URLS)
def test_consultant_urls_answer_their_owner(alice, acme_round, name, method):
    response = call(alice, method, reverse(name, args=[acme_round.pk]))
    assert response.status_code in (200, 302)
    assert response.get("Location", "").startswith("/accounts/login/") is False


@pytest.mark.parametrize(("name", "method"), CONSULTANT_URLS)
def test_consultant_urls_are_404_for_another_consultant(client, other_consultant, acme_round, name, method):
    client.force_login(other_consultant)
    assert call(client, method, reverse(name, args=[acme_round.pk])).status_code == 404
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(("name", "method"), CONSULTANT_URLS)
def test_consultant_urls_send_anonymous_visitors_to_login(client, acme_round, name, method):
    url = reverse(name, args=[acme_round.pk])
    response = call(client, method, url)
    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


@pytest.fixture
def invitation(acme_round):
    services.invitations_create(
        round=acme_round, people=[("Eve", "eve@client.example")], site_url="http://testserver", now=timezone.now()
    )
    return Invitation.objects.get()


@pytest.mark.parametrize("name", ["invitations:respond", "invitations:unsubscribe"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_tokens_are_404(client, invitation, name, method):
    good = invitation.token("respond" if name == "invitations:respond" else "unsubscribe")
    tampered = good[:-1] + ("0" if good[-1] != "0" else "1")
    for token in (tampered, "x" * 43, good.upper()):
        assert getattr(client, method)(reverse(name, args=[token])).status_code == 404
    # Not a token at all, and a NUL: a malformed request, refused (400) before any view runs (#19).
    assert getattr(client, method)(f"/i/{'%00' * 3}/").status_code == 400


def test_respond_and_unsubscribe_tokens_are_not_interchangeable(client, invitation):
    assert client.get(reverse("invitations:respond", args=[invitation.token("unsubscribe")])).status_code == 404
    assert client.post(reverse("invitations:unsubscribe", args=[invitation.token("respond")])).status_code == 404
    assert Invitation.objects.get().opted_out_at is None
