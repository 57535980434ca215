"""manage.py create_consultant: the first consultant without opening a Django shell."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from consulting import services

PASSWORD = "a long pass phrase 2026"


def create(*args, **kwargs):
    call_command("create_consultant", *args, password_from_env="CX_NEW_PASSWORD", **kwargs)


@pytest.fixture
def new_password(monkeypatch):
    monkeypatch.setenv("CX_NEW_PASSWORD", PASSWORD)


def test_create_consultant_can_sign_in_and_reach_the_consultant_area(client, new_password, db):
    create("alice", email="alice@example.com", first_name="Alice", last_name="Archer", firm="Archer CX")

    login = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    response = client.get(reverse("consulting:client_list"))
    user = get_user_model().objects.get(username="alice")
    assert (login.url, response.status_code, user.email, services.consultant_display_name(user=user)) == (
        reverse("consulting:client_list"),
        200,
        "alice@example.com",
        "Alice Archer, Archer CX",
    )


def test_create_consultant_existing_user_keeps_password_and_joins_consultants(db, monkeypatch):
    user = get_user_model().objects.create_user(username="bob", password="old password 1234", first_name="Bob")
    monkeypatch.delenv("CX_NEW_PASSWORD", raising=False)

    create("bob", firm="Bob & Co")  # no password needed: none is set

    user.refresh_from_db()
    assert (services.user_is_consultant(user), user.check_password("old password 1234")) == (True, True)
    assert services.consultant_display_name(user=user) == "Bob, Bob & Co"


def test_create_consultant_weak_password_is_refused_and_nothing_is_created(db, monkeypatch):
    monkeypatch.setenv("CX_NEW_PASSWORD", "carol")

    with pytest.raises(CommandError, match=r"too similar to the username|too short|too common"):
        create("carol")

    assert get_user_model().objects.filter(username="carol").exists() is False


def test_create_consultant_missing_password_variable_is_a_clear_error(db, monkeypatch):
    monkeypatch.delenv("CX_NEW_PASSWORD", raising=False)

    with pytest.raises(CommandError, match=r"^The environment variable CX_NEW_PASSWORD is empty or not set\.$"):
        create("dave")


def test_create_consultant_asks_twice_and_refuses_different_passwords(db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match=r"^The two passwords differ\.$"):
        call_command("create_consultant", "erin")

    assert get_user_model().objects.filter(username="erin").exists() is False
