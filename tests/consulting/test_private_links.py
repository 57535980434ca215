"""Private links are bearer tokens: the database keeps only their SHA-256 (issue #19 item 12)."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.models import Assessment
from consulting.models import Round
from cxmaturity.tokens import new_token, token_hash
from tests.links import assessment_at

from .conftest import make_user


def every_stored_text() -> str:
    """Every column of every row of the tables holding links, as one text."""
    with connection.cursor() as cursor:
        rows = []
        for table in ("assessments_assessment", "consulting_round"):
            cursor.execute(f"SELECT * FROM {table}")
            rows += cursor.fetchall()
    return repr(rows)


def test_token_hash_is_plain_sha256():
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()


def test_started_assessment_link_is_stored_only_as_its_hash(client, cx_model):
    response = client.post(reverse("assessments:start"))
    token = response.url.split("/")[2]

    stored = Assessment.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in every_stored_text()
    assert client.get(response.url).status_code == 200


def test_invite_link_is_stored_only_as_its_hash(acme_round, client, cx_model):
    token = acme_round.invite_token

    assert Round.objects.get().invite_token_hash == token_hash(token)
    assert token not in every_stored_text()
    assert client.get(reverse("respond:invite", args=[token])).status_code == 200


def test_a_hash_in_the_link_is_not_a_key(client, make_assessment):
    assessment = make_assessment(3)

    assert client.get(reverse("assessments:results", args=[assessment.token_hash])).status_code == 404


def test_invite_link_shown_to_the_consultant_in_the_session_that_made_it(alice, acme, cx_model):
    response = alice.post(
        reverse("consulting:round_create", args=[acme.pk]), {"title": "Spring", "opened_on": "2026-03-01"}, follow=True
    )

    round = Round.objects.get()
    assert response.context["invite_url"] == "http://testserver" + reverse("respond:invite", args=[_invite(response)])
    assert round.invite_token_hash == token_hash(_invite(response))


def _invite(response) -> str:
    return response.context["invite_url"].rstrip("/").rsplit("/", 1)[1]


def test_in_another_session_the_invite_link_is_not_shown_and_a_new_one_replaces_it(alice, acme, consultant, cx_model):
    made = alice.post(
        reverse("consulting:round_create", args=[acme.pk]), {"title": "Spring", "opened_on": "2026-03-01"}, follow=True
    )
    old = _invite(made)
    round = Round.objects.get()
    elsewhere = HttpClient()
    elsewhere.force_login(consultant)

    page = elsewhere.get(reverse("consulting:round_detail", args=[round.pk]))
    renewed = elsewhere.post(reverse("consulting:round_invite_renew", args=[round.pk]), follow=True)

    assert page.context["invite_url"] == ""
    assert b"Make a new invite link" in page.content
    new = _invite(renewed)
    assert new != old
    assert HttpClient().get(reverse("respond:invite", args=[old])).status_code == 404
    assert HttpClient().get(reverse("respond:invite", args=[new])).status_code == 200


def test_facilitated_session_continues_from_the_consultant_page(alice, acme_round, cx_model):
    started = alice.post(reverse("consulting:round_facilitate", args=[acme_round.pk]), {})
    assessment = assessment_at(started.url)

    again = alice.get(reverse("consulting:respondent_continue", args=[acme_round.pk, assessment.pk]))

    assert again.url == reverse("assessments:resume", args=[assessment.token])


def test_facilitated_session_continued_elsewhere_gets_a_new_link(alice, acme_round, consultant, cx_model):
    started = alice.post(reverse("consulting:round_facilitate", args=[acme_round.pk]), {})
    assessment = assessment_at(started.url)
    elsewhere = HttpClient()
    elsewhere.force_login(consultant)

    moved = elsewhere.get(reverse("consulting:respondent_continue", args=[acme_round.pk, assessment.pk]))

    assert assessment_at(moved.url).pk == assessment.pk
    assert moved.url != reverse("assessments:resume", args=[assessment.token])
    assert elsewhere.get(started.url).status_code == 404


@pytest.mark.parametrize("name", ["round_invite_renew", "respondent_continue"])
def test_new_link_urls_are_the_owners_only(name, client, acme_round, respond, db):
    assessment = respond(acme_round, complete=False, facilitated=True)
    args = [acme_round.pk] if name == "round_invite_renew" else [acme_round.pk, assessment.pk]
    url = reverse(f"consulting:{name}", args=args)
    method = client.post if name == "round_invite_renew" else client.get

    anonymous = method(url)
    client.force_login(make_user("bob"))
    other = method(url)

    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert other.status_code == 404
    assert Round.objects.get().invite_token_hash == acme_round.invite_token_hash


# --- Migration: links already sent keep working ------------------------------------------


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_links_sent_before_hashing_still_open_after_the_migration(back_to_the_latest_schema):
    old = migrate([("assessments", "0004_respondent_number"), ("consulting", "0007_tailored_plan")])
    owner = old.get_model("auth", "User").objects.create(username="migration-owner")
    client = old.get_model("consulting", "Client").objects.create(owner=owner, name="Acme")
    invite, link = new_token(), new_token()
    round = old.get_model("consulting", "Round").objects.create(
        client=client, title="Old", opened_on="2026-11-01", invite_token=invite
    )
    old.get_model("assessments", "Assessment").objects.create(token=link, round=round)

    migrate([("assessments", "0005_token_hash"), ("consulting", "0008_invite_token_hash")])
    # The models below are today's: bring the schema up to date (later migrations add columns).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Round.objects.by_invite_token(invite).get().pk == round.pk
    assert Assessment.objects.by_token(link).get().round_id == round.pk
    assert link not in every_stored_text() and invite not in every_stored_text()
