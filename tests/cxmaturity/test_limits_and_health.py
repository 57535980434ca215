"""Start limit (django-ratelimit), the site with its cache down, /healthz (django-health-check), password guesses."""

import logging
import threading
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from django.urls import reverse

from cxmaturity import limits
from tests.links import assessment_at
from tests.production.liveserver import free_port


def file_cache(tmp_path):
    return {"default": {"BACKEND": "cxmaturity.cache.ResilientFileBasedCache", "LOCATION": str(tmp_path / "c")}}


def redis_nobody_listens_on():
    return {
        "default": {
            "BACKEND": "cxmaturity.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def start_request(address="192.0.2.7"):
    return RequestFactory().post("/start/", REMOTE_ADDR=address)


# --- Start limit -----------------------------------------------------------------------


def test_start_limit_window_resets_for_a_client_that_keeps_retrying(tmp_path, settings):
    settings.CACHES = file_cache(tmp_path)
    settings.CX_START_RATE_PER_HOUR = 2
    clock = [1_800_000_000.0]
    allowed = []
    with mock.patch("time.time", side_effect=lambda: clock[0]):
        # Three starts at once, then a retry every 20 minutes for two hours.
        for minute in [0, 0, 0, *range(20, 121, 20)]:
            clock[0] = 1_800_000_000.0 + minute * 60
            allowed.append(limits.start_allowed(start_request()))

    # Two per window: the third is refused, and a later window lets the same client start again.
    assert allowed[:3] == [True, True, False]
    assert True in allowed[3:]
    assert allowed.count(True) <= 2 * 3  # at most two per window, at most three windows touched


def test_start_limit_is_per_client_address(tmp_path, settings):
    settings.CACHES = file_cache(tmp_path)
    settings.CX_START_RATE_PER_HOUR = 1

    assert [limits.start_allowed(start_request(a)) for a in ("192.0.2.1", "192.0.2.1", "192.0.2.2")] == [
        True,
        False,
        True,
    ]


def test_start_limit_never_lets_more_through_under_concurrent_starts(tmp_path, settings):
    settings.CACHES = file_cache(tmp_path)
    settings.CX_START_RATE_PER_HOUR = 30
    barrier = threading.Barrier(20)
    results = []

    def burst():
        barrier.wait()
        for _ in range(4):
            results.append(limits.start_allowed(start_request()))

    threads = [threading.Thread(target=burst) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (results.count(True), len(results)) == (30, 80)


# --- Cache unreachable --------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_nobody_listens_on()  # Django rebuilds its cache handlers on this change
    yield
    for cache in caches.all(initialized_only=True):
        cache.close()


def test_site_keeps_working_with_the_cache_unreachable(client, cx_model, make_assessment, redis_down, caplog):
    done = make_assessment(3)

    with caplog.at_level(logging.WARNING, logger="cxmaturity.cache"):
        started = client.post(reverse("assessments:start"))
        about = client.get(started.url)
        results = client.get(reverse("assessments:results", args=[done.token]))
        pdf = client.get(reverse("assessments:pdf", args=[done.token]))
        health = client.get(reverse("healthz"))

    assert (started.status_code, about.status_code, results.status_code, pdf.status_code) == (302, 200, 200, 200)
    assert assessment_at(started.url).pk != done.pk
    assert pdf.content.startswith(b"%PDF")
    assert health.status_code == 503
    assert any("Cache unreachable" in r.getMessage() for r in caplog.records)


def test_invite_link_start_works_with_the_cache_unreachable(client, cx_model, redis_down, django_user_model):
    from consulting import services

    owner = django_user_model.objects.create_user("alice")
    services.consultant_add(user=owner)
    round = services.round_create(client=services.client_create(owner=owner, name="Acme"), title="Q1")

    response = client.post(reverse("respond:invite", args=[round.invite_token]), {})

    assert response.status_code == 302


# --- /healthz -------------------------------------------------------------------------------


def test_healthz_answers_200_with_database_and_cache_up(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "Database(alias='default'): OK",
        "Cache(alias='default'): OK",
        "WorkerHeartbeat(): OK",
    ]


def test_healthz_head_answers_without_a_body(client, db):
    response = client.head(reverse("healthz"))

    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options", "trace"])
def test_healthz_refuses_methods_other_than_get_and_head(client, db, method):
    response = client.generic(method.upper(), reverse("healthz"))

    assert response.status_code == 405


# --- Password change ----------------------------------------------------------------------

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def consultant_client(client, django_user_model):
    user = django_user_model.objects.create_user("alice", password=PASSWORD)
    client.force_login(user)
    return client


def change(client, old):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": "a-new-long-passphrase-42", "new_password2": "a-new-long-passphrase-42"},
    )


@override_settings(CX_PASSWORD_GUESSES_PER_HOUR=3)
def test_wrong_old_passwords_are_throttled_even_before_the_right_one(consultant_client):
    wrong = [change(consultant_client, f"guess-{n}").status_code for n in range(3)]
    right = change(consultant_client, PASSWORD)

    assert wrong == [200, 200, 200]
    assert right.status_code == 429
    assert "Too many wrong current passwords" in right.content.decode()


def test_password_change_page_is_not_stored_by_browsers(consultant_client):
    response = consultant_client.get(reverse("password_change"))

    assert "no-store" in response["Cache-Control"]
