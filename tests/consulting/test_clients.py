"""Clients: list, search, pagination, add, edit, archive, targets; and the account pages."""

import re

import pytest
from django.urls import reverse

from consulting import services
from consulting.models import Client, ClientTarget, ConsultantProfile, Round
from stages.models import Dimension

from .conftest import PASSWORD


def names(response):
    return [c.name for c in response.context["page"].object_list]


def test_client_list_empty_invites_first_client(alice):
    response = alice.get(reverse("consulting:client_list"))

    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Add your first client" in response.content


def test_client_list_paginates_twenty_per_page(alice, consultant):
    for i in range(25):
        services.client_create(owner=consultant, name=f"Client {i:02d}")

    first = alice.get(reverse("consulting:client_list"))
    second = alice.get(reverse("consulting:client_list"), {"page": 2})

    assert (len(names(first)), names(second)) == (20, [f"Client {i:02d}" for i in range(20, 25)])
    assert b"page=2" in first.content


@pytest.mark.parametrize(
    ("page", "expected"), [("0", 1), ("-3", 1), ("--3", 1), ("x", 1), ("", 1), ("2", 2), ("99", 2), ("1" * 40, 2)]
)
def test_client_list_odd_page_numbers(alice, consultant, page, expected):
    for i in range(25):
        services.client_create(owner=consultant, name=f"Client {i:02d}")

    response = alice.get(reverse("consulting:client_list"), {"page": page})

    assert (response.status_code, response.context["page"].number) == (200, expected)


def test_client_list_search_by_name_or_industry(alice, consultant):
    services.client_create(owner=consultant, name="Acme Ltd", industry="Retail")
    services.client_create(owner=consultant, name="Globex", industry="Energy")
    services.client_create(owner=consultant, name="Initech", industry="Retail banking")

    by_name = alice.get(reverse("consulting:client_list"), {"q": "glob"})
    by_industry = alice.get(reverse("consulting:client_list"), {"q": "retail"})

    assert (names(by_name), names(by_industry)) == (["Globex"], ["Acme Ltd", "Initech"])


def test_client_list_search_keeps_query_in_pagination_links(alice, consultant):
    for i in range(21):
        services.client_create(owner=consultant, name=f"Match {i:02d}")

    response = alice.get(reverse("consulting:client_list"), {"q": "match"})

    assert b"?q=match&amp;page=2" in response.content


def test_archived_client_hidden_unless_archived_requested(alice, acme, consultant):
    services.client_create(owner=consultant, name="Globex")

    response = alice.post(reverse("consulting:client_archive", args=[acme.pk]))

    assert response.status_code == 302
    assert names(alice.get(reverse("consulting:client_list"))) == ["Globex"]
    assert names(alice.get(reverse("consulting:client_list"), {"archived": "1"})) == ["Acme Ltd"]


def test_unarchive_brings_client_back(alice, acme):
    services.client_archive(client=acme)

    alice.post(reverse("consulting:client_unarchive", args=[acme.pk]))

    assert names(alice.get(reverse("consulting:client_list"))) == ["Acme Ltd"]


def list_items(response) -> list[str]:
    """The text of the page's plain <li> elements (menus and breadcrumbs have a class), tags stripped."""
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", response.content.decode(), re.S)
    ]


def test_archive_get_lists_open_rounds_and_does_not_archive(alice, acme, acme_round, respond):
    follow_up = services.round_create(client=acme, title="Follow-up")
    respond(follow_up, 3)
    respond(follow_up, 3, complete=False)
    services.round_close(round=services.round_create(client=acme, title="Pilot"))

    response = alice.get(reverse("consulting:client_archive", args=[acme.pk]))

    acme.refresh_from_db()
    assert (response.status_code, response.templates[0].name) == (200, "consulting/client_archive_confirm.html")
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode()) == ["Archive <bdi>Acme Ltd</bdi>?"]
    assert list_items(response) == [
        "Follow-up: 2 responses started, 1 finished",
        "Baseline: 0 responses started, 0 finished",
    ]
    assert response.context["unfinished"] == 1
    assert b"1 response was started but not finished." in response.content
    assert (acme.archived_at, sorted(acme.rounds.filter(closed_at__isnull=True).values_list("title", flat=True))) == (
        None,
        ["Baseline", "Follow-up"],
    )


def test_archive_get_without_open_rounds_says_so(alice, acme):
    response = alice.get(reverse("consulting:client_archive", args=[acme.pk]))

    assert (response.status_code, response.context["open_rounds"], list_items(response)) == (200, [], [])
    assert response.content.count(b"It has no open rounds.") == 1


def test_archive_get_has_post_form_and_cancel_link_to_client(alice, acme):
    url = reverse("consulting:client_archive", args=[acme.pk])

    text = alice.get(url).content.decode()

    form = re.search(r"<form [^>]*>.*?</form>", text[text.index("<main") :], re.S).group(0)
    assert re.findall(r'<form method="(\w+)" action="([^"]+)"', form) == [("post", url)]
    assert "csrfmiddlewaretoken" in form
    assert re.findall(r'<button type="submit" class="([^"]+)">([^<]+)</button>', form) == [
        ("btn btn-danger", "Archive client")
    ]
    assert re.findall(r'<a class="btn btn-link" href="([^"]+)">Cancel</a>', form) == [
        reverse("consulting:client_detail", args=[acme.pk])
    ]


def test_archive_post_archives_and_closes_open_rounds(alice, acme, acme_round):
    response = alice.post(reverse("consulting:client_archive", args=[acme.pk]), follow=True)

    acme.refresh_from_db()
    acme_round.refresh_from_db()
    assert response.redirect_chain == [(reverse("consulting:client_list"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "“Acme Ltd” archived. It is listed under Archived clients."
    ]
    assert (acme.archived_at is not None, acme_round.closed_at) == (True, acme.archived_at)


def test_archive_post_of_archived_client_changes_nothing(alice, acme, acme_round):
    services.client_archive(client=acme)
    acme_round.refresh_from_db()
    before = (acme.archived_at, acme_round.closed_at)

    response = alice.post(reverse("consulting:client_archive", args=[acme.pk]))

    acme.refresh_from_db()
    acme_round.refresh_from_db()
    assert (response.status_code, response.url) == (302, reverse("consulting:client_list"))
    assert (acme.archived_at, acme_round.closed_at) == before


def test_archive_get_of_archived_client_redirects_to_client_page(alice, acme):
    services.client_archive(client=acme)

    response = alice.get(reverse("consulting:client_archive", args=[acme.pk]), follow=True)

    assert response.redirect_chain == [(reverse("consulting:client_detail", args=[acme.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["“Acme Ltd” is already archived."]


def test_archive_by_other_consultant_is_404_and_archives_nothing(client, acme, acme_round, other_consultant):
    client.force_login(other_consultant)
    url = reverse("consulting:client_archive", args=[acme.pk])

    statuses = [client.get(url).status_code, client.post(url).status_code]

    acme.refresh_from_db()
    acme_round.refresh_from_db()
    assert (statuses, acme.archived_at, acme_round.closed_at) == ([404, 404], None, None)


def test_archive_anonymous_is_sent_to_login_and_archives_nothing(client, acme):
    url = reverse("consulting:client_archive", args=[acme.pk])

    responses = [client.get(url), client.post(url)]

    acme.refresh_from_db()
    login = f"{reverse('login')}?next={url}"
    assert [(r.status_code, r.url) for r in responses] == [(302, login), (302, login)]
    assert acme.archived_at is None


def test_client_page_archive_is_a_link_to_the_confirmation(alice, acme):
    url = reverse("consulting:client_archive", args=[acme.pk])

    text = alice.get(reverse("consulting:client_detail", args=[acme.pk])).content.decode()

    assert re.findall(r'<a class="btn btn-outline-danger" href="([^"]+)"[^>]*>Archive</a>', text) == [url]
    assert f'action="{url}"' not in text


def test_new_client_created_for_logged_in_consultant(alice, consultant):
    response = alice.post(
        reverse("consulting:client_create"),
        {"name": "  Globex  ", "industry": "Energy", "size_band": "1000+", "notes": "Met at conference"},
    )

    client = Client.objects.get()
    assert response.url == reverse("consulting:client_detail", args=[client.pk])
    assert (client.owner, client.name, client.industry, client.size_band, client.notes) == (
        consultant,
        "Globex",
        "Energy",
        "1000+",
        "Met at conference",
    )


def test_new_client_text_loses_control_and_bidi_override_characters(alice):
    alice.post(
        reverse("consulting:client_create"),
        {"name": "\u202eAcme\u202c Ltd", "industry": "Retail\x1b", "notes": "Line one\r\nLine\u2066 two\x07"},
    )

    client = Client.objects.get()
    assert (client.name, client.industry, client.notes) == ("Acme Ltd", "Retail", "Line one\nLine two")


def test_new_client_name_of_only_control_characters_is_required_error(alice):
    response = alice.post(reverse("consulting:client_create"), {"name": "\u202e\x07"})

    assert (response.status_code, Client.objects.count()) == (200, 0)
    assert response.context["form"].errors["name"] == ["This field is required."]


def test_new_client_without_name_shows_error(alice):
    response = alice.post(reverse("consulting:client_create"), {"name": ""})

    assert (response.status_code, Client.objects.count()) == (200, 0)
    assert response.context["form"].errors["name"] == ["This field is required."]


def test_new_client_unknown_size_band_is_form_error(alice):
    response = alice.post(reverse("consulting:client_create"), {"name": "X", "size_band": "huge"})

    assert (response.status_code, Client.objects.count()) == (200, 0)
    assert list(response.context["form"].errors) == ["size_band"]


def test_edit_client_saves_fields(alice, acme):
    alice.post(
        reverse("consulting:client_edit", args=[acme.pk]),
        {"name": "Acme Group", "industry": "", "size_band": "", "notes": "x"},
    )

    acme.refresh_from_db()
    assert (acme.name, acme.industry, acme.size_band, acme.notes) == ("Acme Group", "", "", "x")


def test_client_name_is_escaped_in_pages(alice, consultant):
    client = services.client_create(owner=consultant, name="<script>alert(1)</script>")

    detail = alice.get(reverse("consulting:client_detail", args=[client.pk]))
    listing = alice.get(reverse("consulting:client_list"))

    assert b"<script>alert(1)" not in detail.content + listing.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in detail.content


def test_targets_form_saves_levels_and_blank_means_next_stage(alice, acme, cx_model):
    data = {f"target_{d.slug}": "" for d in Dimension.objects.all()}
    data.update({"target_data": "4", "target_culture": "3"})
    ClientTarget.objects.create(client=acme, dimension=Dimension.objects.get(slug="leadership"), level=5)

    response = alice.post(reverse("consulting:client_targets", args=[acme.pk]), data)

    assert response.status_code == 302
    assert services.client_targets(client=acme) == {"data": 4, "culture": 3}


def test_targets_form_shows_one_select_per_dimension(alice, acme, cx_model):
    response = alice.get(reverse("consulting:client_targets", args=[acme.pk]))

    assert response.content.count(b"<select") == Dimension.objects.count()
    assert response.content.count(b"<h1") == 1


def test_targets_form_rejects_level_out_of_range(alice, acme, cx_model):
    response = alice.post(reverse("consulting:client_targets", args=[acme.pk]), {"target_data": "9"})

    assert (response.status_code, list(response.context["form"].errors), ClientTarget.objects.count()) == (
        200,
        ["target_data"],
        0,
    )


def test_profile_sets_name_and_firm_for_pdf_cover(alice, consultant):
    alice.post(reverse("consulting:profile"), {"first_name": "Alice", "last_name": "Archer", "firm": "Archer & Co"})

    assert services.consultant_display_name(user=consultant) == "Alice Archer, Archer & Co"
    assert ConsultantProfile.objects.get(user=consultant).firm == "Archer & Co"


def test_display_name_falls_back_to_username(other_consultant):
    assert services.consultant_display_name(user=other_consultant) == "bob"


def test_login_page_has_one_heading_and_labelled_fields(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    labels = re.findall(rb'<label\s+for="([^"]+)"', response.content)
    assert labels == [b"id_username", b"id_password"]


def test_login_with_form_lands_on_client_list(client, consultant):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    assert (response.status_code, response.url) == (302, reverse("consulting:client_list"))


def test_login_page_when_logged_in_as_consultant_redirects_to_client_list(alice):
    response = alice.get(reverse("login"))

    assert (response.status_code, response.url) == (302, reverse("consulting:client_list"))


def test_login_page_when_logged_in_as_staff_non_consultant_redirects_to_admin(client, db):
    from .conftest import make_user

    client.force_login(make_user("dave", consultant=False, is_staff=True))

    response = client.get(reverse("login"), follow=True)  # the test client raises on a redirect loop

    assert (response.redirect_chain, response.status_code) == ([(reverse("admin:index"), 302)], 200)


def test_login_page_when_logged_in_as_plain_user_redirects_home(client, plain_user):
    client.force_login(plain_user)

    response = client.get(reverse("login"), follow=True)

    assert (response.redirect_chain, response.status_code) == ([(reverse("home"), 302)], 200)


def test_login_page_when_logged_in_follows_a_safe_next(alice):
    response = alice.get(reverse("login"), {"next": reverse("consulting:profile")})

    assert (response.status_code, response.url) == (302, reverse("consulting:profile"))


@pytest.mark.parametrize(
    "next_url",
    [
        "/accounts/login/",
        "/accounts/login/?next=/accounts/login/",
        "http://testserver/accounts/login/",
        "https://evil.example/",
    ],
)
def test_login_page_when_logged_in_with_next_to_itself_or_elsewhere_goes_to_default(alice, next_url):
    response = alice.get(reverse("login"), {"next": next_url}, follow=True)

    assert (response.redirect_chain, response.status_code) == ([(reverse("consulting:client_list"), 302)], 200)


def summary_entries(response) -> list[str]:
    """The error summary's entries as text, tags stripped."""
    block = (
        re.search(rb'<div class="alert alert-danger error-summary".*?</div>', response.content, re.S).group(0).decode()
    )
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_login_wrong_password_says_so_once_in_a_focused_summary(client, consultant):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})

    text = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>([^<]*)</title>", text).group(1).startswith("Error: ")
    assert len(summary_entries(response)) == 1
    assert text.count("Please enter a correct username and password") == 1
    assert "data-autofocus" in text


def test_password_change_mismatch_is_listed_with_a_link_to_the_field(alice):
    response = alice.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-9",
            "new_password2": "different-passphrase-9",
        },
    )

    assert response.status_code == 200
    assert summary_entries(response) == ["New password confirmation: The two password fields didn’t match."]
    assert b'href="#id_new_password2"' in response.content


def test_login_of_staff_who_are_not_consultants_lands_on_the_admin_with_no_consultant_menu(client, db):
    from .conftest import make_user

    make_user("dave", consultant=False, is_staff=True)

    response = client.post(reverse("login"), {"username": "dave", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    home = client.get(reverse("home")).content.decode()
    assert (reverse("consulting:client_list") in home, reverse("admin:index") in home) == (False, True)


def test_consultant_menu_and_pages_are_never_cached(alice):
    response = alice.get(reverse("consulting:client_list"))
    home = alice.get(reverse("home")).content.decode()

    assert set(response["Cache-Control"].split(", ")) >= {"no-store", "private"}
    assert reverse("consulting:client_list") in home


def test_password_change_pages_render(alice):
    form = alice.get(reverse("password_change"))
    done = alice.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-9",
            "new_password2": "another-long-passphrase-9",
        },
        follow=True,
    )

    assert (form.status_code, form.content.count(b"<h1")) == (200, 1)
    assert done.redirect_chain[-1][0] == reverse("password_change_done")
    assert b"Password changed</h1>" in done.content


@pytest.mark.parametrize("url_name", ["consulting:client_list", "consulting:client_create", "consulting:profile"])
def test_consultant_pages_have_exactly_one_h1(alice, url_name):
    assert alice.get(reverse(url_name)).content.count(b"<h1") == 1


def test_archive_closes_open_rounds_so_invites_stop(alice, acme, acme_round):
    alice.post(reverse("consulting:client_archive", args=[acme.pk]))

    acme_round.refresh_from_db()
    response = alice.get(reverse("respond:invite", args=[acme_round.invite_token]))
    assert (acme_round.is_open, response.status_code) == (False, 410)


def test_archived_client_round_reopen_refused_and_invite_stays_closed(alice, acme, acme_round):
    alice.post(reverse("consulting:client_archive", args=[acme.pk]), follow=True)

    response = alice.post(reverse("consulting:round_reopen", args=[acme_round.pk]), follow=True)

    acme_round.refresh_from_db()
    invite = alice.get(reverse("respond:invite", args=[acme_round.invite_token]))
    assert (acme_round.is_open, invite.status_code) == (False, 410)
    assert [str(m) for m in response.context["messages"]] == [
        "“Acme Ltd” is archived, so its invite links stay closed. Unarchive the client first."
    ]
    assert b"Reopen round</button>" not in response.content


def test_archived_client_new_round_refused(alice, acme):
    alice.post(reverse("consulting:client_archive", args=[acme.pk]))

    form = alice.get(reverse("consulting:round_create", args=[acme.pk]))
    post = alice.post(reverse("consulting:round_create", args=[acme.pk]), {"title": "Late", "opened_on": "2026-11-01"})

    assert (form.status_code, post.status_code) == (302, 302)
    assert list(acme.rounds.values_list("title", flat=True)) == []


def test_archived_client_open_round_takes_no_responses(alice, acme, acme_round):
    # A round left open on an archived client (reopened before reopening was refused)
    # still takes nobody: the invite page and the start service both check the client.
    alice.post(reverse("consulting:client_archive", args=[acme.pk]))
    Round.objects.filter(pk=acme_round.pk).update(closed_at=None)

    page = alice.get(reverse("respond:invite", args=[acme_round.invite_token]))
    with pytest.raises(services.RoundClosed):
        services.round_response_start(round=acme_round)
    assert page.status_code == 410


def test_unarchived_client_round_can_be_reopened(alice, acme, acme_round):
    alice.post(reverse("consulting:client_archive", args=[acme.pk]))
    alice.post(reverse("consulting:client_unarchive", args=[acme.pk]))

    alice.post(reverse("consulting:round_reopen", args=[acme_round.pk]))

    acme_round.refresh_from_db()
    assert acme_round.is_open is True


def test_consultant_pages_answer_head(alice, acme, acme_round):
    urls = [
        reverse("consulting:client_list"),
        reverse("consulting:client_detail", args=[acme.pk]),
        reverse("consulting:client_archive", args=[acme.pk]),
        reverse("consulting:round_detail", args=[acme_round.pk]),
        reverse("consulting:round_export", args=[acme_round.pk]),
        reverse("respond:invite", args=[acme_round.invite_token]),
    ]

    assert [alice.head(url).status_code for url in urls] == [200, 200, 200, 200, 200, 200]


def test_new_client_errors_listed_in_a_summary_linking_to_the_field(alice):
    response = alice.post(reverse("consulting:client_create"), {"name": ""})

    summary = re.search(rb'<div class="alert alert-danger error-summary".*?</div>', response.content, re.S).group(0)
    assert re.findall(rb'href="#([^"]+)"', summary) == [b"id_name"]
    assert b'id="id_name"' in response.content
    assert response.content.count(b"<title>Error: ") == 1


def test_client_form_size_says_not_given_rather_than_dashes(alice):
    form = alice.get(reverse("consulting:client_create")).context["form"]

    assert form.fields["size_band"].choices[0] == ("", "Not given")


def test_switching_to_archived_clients_keeps_the_search(alice, acme):
    response = alice.get(reverse("consulting:client_list"), {"q": "Acme & Co"})

    assert f'href="{reverse("consulting:client_list")}?archived=1&amp;q=Acme%20%26%20Co"' in response.content.decode()
