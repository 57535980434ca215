"""Isolation: every consultant view, for its owner, another consultant, a non-consultant and a stranger."""

import pytest
from django.urls import reverse

from consulting import services
from consulting.models import Client, Round

from .conftest import make_user

# (url name, method, which object the URL points at)
OBJECT_VIEWS = [
    ("consulting:client_detail", "get", "client"),
    ("consulting:client_edit", "get", "client"),
    ("consulting:client_edit", "post", "client"),
    ("consulting:client_archive", "get", "client"),
    ("consulting:client_archive", "post", "client"),
    ("consulting:client_unarchive", "post", "client"),
    ("consulting:client_targets", "get", "client"),
    ("consulting:client_targets", "post", "client"),
    ("consulting:round_create", "get", "client"),
    ("consulting:round_create", "post", "client"),
    ("consulting:round_compare", "get", "client"),
    ("consulting:round_detail", "get", "round"),
    ("consulting:round_settings", "get", "round"),
    ("consulting:round_settings", "post", "round"),
    ("consulting:round_xlsx", "get", "round"),
    ("consulting:round_pptx", "get", "round"),
    ("consulting:round_close", "post", "round"),
    ("consulting:round_reopen", "post", "round"),
    ("consulting:round_facilitate", "post", "round"),
    ("consulting:respondent_detail", "get", "respondent"),
    ("consulting:round_export", "get", "round"),
    ("consulting:round_pdf", "get", "round"),
]
PLAIN_VIEWS = [
    ("consulting:client_list", "get"),
    ("consulting:client_create", "get"),
    ("consulting:client_create", "post"),
    ("consulting:profile", "get"),
    ("consulting:profile", "post"),
]
POST_DATA = {
    "name": "Hijacked",
    "title": "Hijacked",
    "opened_on": "2026-01-01",
    "first_name": "X",
    "expected_respondents": "10",
    "min_group_size": "5",
}


@pytest.fixture
def world(acme_round, respond):
    """Alice's client, round and one completed respondent."""
    respondent = respond(acme_round, 3, name="Dana")
    return {"client": acme_round.client, "round": acme_round, "respondent": respondent}


def url_for(name, kind, world):
    if kind == "client":
        return reverse(name, args=[world["client"].pk])
    if kind == "round":
        return reverse(name, args=[world["round"].pk])
    return reverse(name, args=[world["round"].pk, world["respondent"].pk])


def call(client, method, url):
    return client.post(url, POST_DATA) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "method", "kind"), OBJECT_VIEWS)
def test_view_foreign_object_is_404_for_other_consultant(client, world, other_consultant, name, method, kind):
    client.force_login(other_consultant)

    response = call(client, method, url_for(name, kind, world))

    assert response.status_code == 404
    assert b"Dana" not in response.content and b"Acme" not in response.content


@pytest.mark.parametrize(("name", "method", "kind"), OBJECT_VIEWS)
def test_view_anonymous_is_redirected_to_login(client, world, name, method, kind):
    url = url_for(name, kind, world)

    response = call(client, method, url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize(("name", "method", "kind"), OBJECT_VIEWS)
def test_view_non_consultant_is_403(client, world, plain_user, name, method, kind):
    client.force_login(plain_user)

    assert call(client, method, url_for(name, kind, world)).status_code == 403


@pytest.mark.parametrize(("name", "method", "kind"), [v for v in OBJECT_VIEWS if v[1] == "get"])
def test_view_owner_gets_page(alice, world, name, method, kind):
    response = alice.get(url_for(name, kind, world))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "method"), PLAIN_VIEWS)
def test_plain_view_anonymous_is_redirected_to_login(client, db, name, method):
    url = reverse(name)

    response = call(client, method, url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize(("name", "method"), PLAIN_VIEWS)
def test_plain_view_non_consultant_is_403(client, plain_user, name, method):
    client.force_login(plain_user)

    assert call(client, method, reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["consulting:client_list", "consulting:client_create", "consulting:profile"])
def test_plain_view_superuser_outside_group_gets_page(client, db, name):
    client.force_login(make_user("root", consultant=False, is_superuser=True))

    assert client.get(reverse(name)).status_code == 200


def test_foreign_writes_change_nothing(client, world, other_consultant):
    client.force_login(other_consultant)
    round = world["round"]

    client.post(reverse("consulting:client_edit", args=[world["client"].pk]), POST_DATA)
    client.post(reverse("consulting:client_archive", args=[world["client"].pk]))
    client.post(reverse("consulting:round_close", args=[round.pk]))
    client.post(reverse("consulting:round_settings", args=[round.pk]), POST_DATA)
    client.post(reverse("consulting:round_create", args=[world["client"].pk]), POST_DATA)
    client.post(reverse("consulting:round_facilitate", args=[round.pk]))

    acme = Client.objects.get(pk=world["client"].pk)
    kept = Round.objects.get(pk=round.pk)
    assert (acme.name, acme.archived_at, kept.closed_at, kept.title) == ("Acme Ltd", None, None, "Baseline")
    assert (Round.objects.count(), round.assessments.count()) == (1, 1)


def test_client_list_shows_only_own_clients(client, world, other_consultant):
    services.client_create(owner=other_consultant, name="Bob's Bakery")
    client.force_login(other_consultant)

    response = client.get(reverse("consulting:client_list"))

    assert [c.name for c in response.context["page"].object_list] == ["Bob's Bakery"]


def test_client_list_search_cannot_reach_foreign_clients(client, world, other_consultant):
    client.force_login(other_consultant)

    response = client.get(reverse("consulting:client_list"), {"q": "Acme", "archived": "1"})

    assert list(response.context["page"].object_list) == []


def test_respondent_of_another_round_is_404_even_under_own_round(alice, world, other_consultant, respond):
    foreign_client = services.client_create(owner=other_consultant, name="Bob's Bakery")
    foreign = respond(services.round_create(client=foreign_client, title="Theirs"), 3, name="Zed")

    response = alice.get(reverse("consulting:respondent_detail", args=[world["round"].pk, foreign.pk]))

    assert response.status_code == 404


def test_compare_with_foreign_round_is_404(alice, world, other_consultant):
    foreign_round = services.round_create(client=services.client_create(owner=other_consultant, name="B"), title="T")
    url = reverse("consulting:round_compare", args=[world["client"].pk])

    responses = [
        alice.get(url, {"before": foreign_round.pk, "after": world["round"].pk}).status_code,
        alice.get(url, {"before": world["round"].pk, "after": foreign_round.pk}).status_code,
        alice.get(url, {"before": "x; drop", "after": world["round"].pk}).status_code,
    ]

    assert responses == [404, 404, 404]


def test_unknown_ids_are_404(alice, db):
    urls = [
        reverse("consulting:client_detail", args=[999999]),
        reverse("consulting:round_detail", args=[999999]),
        reverse("consulting:round_export", args=[999999]),
        reverse("consulting:round_pdf", args=[999999]),
    ]

    assert [alice.get(u).status_code for u in urls] == [404, 404, 404, 404]
