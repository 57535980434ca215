"""Account e-mail through the real SMTP server: password resets (rate-limited, non-revealing) and consultant invitations."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from consulting import services as consulting_services
from invitations.models import OutboundMessage

from .conftest import PASSWORD, html_part, make_user, run_worker, text_part

RESET_LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "a-fresh-and-long-passphrase-2026"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def dana(db):
    return make_user("dana", email="dana@firm.example", first_name="Dana", last_name="Dale")


def choose_password(client, link):
    """Follow a set-password link as a browser does (Django swaps the token for a session and redirects)."""
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)


def logs_in(client, username, password) -> bool:
    """Through the login page (django-axes wants the request that client.login() does not give it)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_password_reset_is_emailed_by_the_worker_and_works(client, dana, smtp):
    response = client.post(reverse("password_reset"), {"email": "dana@firm.example"})
    assert (response.status_code, response["Location"]) == (302, reverse("password_reset_done"))
    assert smtp.messages == []  # queued, not sent from the request
    run_worker()
    [(rcpt, message)] = smtp.received
    assert (rcpt, message["Subject"]) == (["dana@firm.example"], "Reset your CX Maturity password")
    link = RESET_LINK.search(text_part(message)).group(1)
    assert link in html_part(message)
    assert "Password saved" in choose_password(client, link).content.decode()
    client.logout()
    assert logs_in(client, "dana", NEW_PASSWORD)


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, dana, smtp):
    known = client.post(reverse("password_reset"), {"email": "dana@firm.example"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@firm.example"}, follow=True)
    assert known.content == unknown.content
    run_worker()
    assert [rcpt for rcpt, _ in smtp.received] == [["dana@firm.example"]]


def test_password_reset_is_rate_limited_per_address_and_per_client(client, dana, smtp):
    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": "dana@firm.example"})
        assert response.status_code == 302  # same answer, whether or not a message was queued
    assert OutboundMessage.objects.filter(kind="password_reset").count() == 3
    statuses = [client.post(reverse("password_reset"), {"email": f"x{i}@firm.example"}).status_code for i in range(6)]
    assert statuses == [302, 302, 302, 302, 302, 429]


def test_used_reset_link_no_longer_works(client, dana, smtp):
    client.post(reverse("password_reset"), {"email": "dana@firm.example"})
    run_worker()
    link = RESET_LINK.search(text_part(smtp.messages[0])).group(1)
    choose_password(client, link)
    client.logout()
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_login_page_links_to_password_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_admin_invites_a_consultant_who_chooses_a_password(client, smtp, db):
    admin = get_user_model().objects.create_superuser("root", "root@firm.example", PASSWORD)
    client.force_login(admin)
    response = client.post(
        reverse("admin:invitations_consultantinvitation_add"),
        {"username": "erin", "first_name": "Erin", "last_name": "Eade", "email": "erin@firm.example"},
    )
    assert response.status_code == 302
    erin = get_user_model().objects.get(username="erin")
    assert (erin.has_usable_password(), consulting_services.user_is_consultant(erin)) == (False, True)
    run_worker()
    [(rcpt, message)] = smtp.received
    assert (rcpt, message["Subject"]) == (["erin@firm.example"], "Your CX Maturity consultant account")
    assert "Your username is erin." in text_part(message)
    client.logout()
    choose_password(client, RESET_LINK.search(text_part(message)).group(1))
    client.logout()
    assert logs_in(client, "erin", NEW_PASSWORD)
    assert client.get(reverse("consulting:client_list")).status_code == 200


def test_admin_consultant_invitation_refuses_an_address_already_in_use(client, dana, db):
    admin = get_user_model().objects.create_superuser("root", "root@firm.example", PASSWORD)
    client.force_login(admin)
    response = client.post(
        reverse("admin:invitations_consultantinvitation_add"),
        {"username": "dana2", "email": "DANA@firm.example"},
    )
    assert response.status_code == 200
    assert "An account already has this address." in response.content.decode()
    assert OutboundMessage.objects.count() == 0
