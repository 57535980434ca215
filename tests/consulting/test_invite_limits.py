"""Invite links for a whole company: no public per-address limit, a cap per round, and what the invite page says."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.models import Assessment
from consulting import services
from consulting.models import Client, Round


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def invite(round):
    return reverse("respond:invite", args=[round.invite_token])


def test_invite_starts_do_not_count_against_the_public_start_limit(client, acme_round, cx_model, settings):
    settings.CX_START_RATE_PER_HOUR = 2

    statuses = [client.post(invite(acme_round), {}).status_code for _ in range(5)]
    public = client.post(reverse("assessments:start")).status_code

    assert (statuses, public, Assessment.objects.count()) == ([302] * 5, 302, 6)


def test_invite_past_the_rounds_cap_gets_the_round_full_page(client, acme, cx_model):
    round = services.round_create(client=acme, title="Small", expected_respondents=1, response_cap=2)

    statuses = [client.post(invite(round), {}).status_code for _ in range(3)]
    page = client.get(invite(round))

    assert (statuses, round.assessments.count()) == ([302, 302, 429], 2)
    assert (page.status_code, page.context["round"].cap_reached) == (429, True)
    assert b"This round is full" in page.content


def test_round_cap_defaults_to_three_times_the_expected_number(acme):
    round = services.round_create(client=acme, title="Default", expected_respondents=7)

    assert round.cap == 21


def test_facilitated_session_is_not_refused_at_the_cap(acme):
    round = services.round_create(client=acme, title="Full", expected_respondents=1, response_cap=1)
    services.round_response_start(round=round, invited=True)

    with pytest.raises(services.RoundFull):
        services.round_response_start(round=round, invited=True)
    services.round_response_start(round=round, facilitated=True)

    assert round.assessments.count() == 2


def test_round_page_tells_the_consultant_the_cap_is_reached(alice, acme, cx_model):
    round = services.round_create(client=acme, title="Full", expected_respondents=1, response_cap=1)
    services.round_response_start(round=round, invited=True)

    response = alice.get(reverse("consulting:round_detail", args=[round.pk]))

    assert response.content.count(b'class="alert alert-warning cap-reached"') == 1
    assert b"1 of 1 starts taken" in response.content


def test_invite_page_names_consultant_firm_client_deadline_and_time(client, consultant, acme, cx_model):
    services.profile_update(user=consultant, first_name="Alice", last_name="Archer", firm="Archer & Co")
    round = services.round_create(client=acme, title="Spring", deadline=datetime.date(2026, 5, 29))

    response = client.get(invite(round))

    facts = response.content.decode()
    assert (response.context["consultant"], response.context["minutes"]) == ("Alice Archer, Archer & Co", 9)
    assert '<dd class="col-sm-8">Acme Ltd</dd>' in facts
    assert '<dd class="col-sm-8">Alice Archer, Archer &amp; Co</dd>' in facts
    assert '<dd class="col-sm-8">Friday 29 May 2026</dd>' in facts
    assert 'about</dt><dd class="col-sm-8">9 minutes (27 questions)</dd>' in facts


def test_invite_page_without_deadline_does_not_mention_one(client, acme_round, cx_model):
    assert b"Please answer by" not in client.get(invite(acme_round)).content


def test_round_edit_saves_lists_deadline_and_cap(alice, acme_round):
    response = alice.post(
        reverse("consulting:round_settings", args=[acme_round.pk]),
        {
            "title": "Baseline 2026",
            "opened_on": "2026-03-01",
            "deadline": "2026-03-31",
            "expected_respondents": "40",
            "response_cap": "",
            "role_options": "Agent\r\n agent \r\n\r\nTeam lead",
            "department_options": "",
        },
    )

    round = Round.objects.get(pk=acme_round.pk)
    assert response.url == reverse("consulting:round_detail", args=[acme_round.pk])
    assert (round.title, round.deadline, round.cap, round.role_options, round.department_options) == (
        "Baseline 2026",
        datetime.date(2026, 3, 31),
        120,
        ["Agent", "Team lead"],
        [],
    )


def test_round_edit_cap_below_expected_is_a_form_error(alice, acme_round):
    response = alice.post(
        reverse("consulting:round_settings", args=[acme_round.pk]),
        {"title": "Baseline", "opened_on": "2026-03-01", "expected_respondents": "40", "response_cap": "10"},
    )

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["response_cap"])


@pytest.mark.parametrize(("value", "ok"), [("2", False), ("0", False), ("3", True), ("12", True)])
def test_client_minimum_group_size_never_below_three(alice, acme, value, ok):
    response = alice.post(
        reverse("consulting:client_edit", args=[acme.pk]), {"name": "Acme Ltd", "min_group_size": value}
    )

    saved = Client.objects.get(pk=acme.pk).min_group_size
    assert (response.status_code, saved) == ((302, int(value)) if ok else (200, 5))


def test_client_minimum_group_size_service_refuses_below_three(consultant):
    with pytest.raises(ValueError):
        services.client_create(owner=consultant, name="Tiny", min_group_size=2)
