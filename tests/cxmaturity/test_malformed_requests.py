"""Malformed requests get a 400 from our own template, never a 500 (issue #19 items 4, 5, 11)."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.links import assessment_at

OUR_400 = "That request didn't make sense to us"


@pytest.fixture
def endpoints(client, cx_model, make_assessment, django_user_model):
    """Every form endpoint, anonymous and consultant, with a client that may post to it."""
    from consulting import services

    unfinished = make_assessment(3, complete=False)
    done = make_assessment(3)
    owner = django_user_model.objects.create_user("alice", password="pw-not-checked")
    services.consultant_add(user=owner)
    acme = services.client_create(owner=owner, name="Acme")
    round = services.round_create(client=acme, title="Q1")
    consultant = Client()
    consultant.force_login(owner)
    anonymous = {
        reverse("assessments:start"),
        reverse("assessments:about", args=[unfinished.token]),
        reverse("assessments:step", args=[unfinished.token, 1]),
        reverse("assessments:delete", args=[done.token]),
        reverse("respond:invite", args=[round.invite_token]),
        reverse("login"),
        reverse("healthz"),
    }
    signed_in = {
        reverse("consulting:client_list") + "?q=x",
        reverse("consulting:client_create"),
        reverse("consulting:client_edit", args=[acme.pk]),
        reverse("consulting:client_targets", args=[acme.pk]),
        reverse("consulting:round_create", args=[acme.pk]),
        reverse("consulting:round_facilitate", args=[round.pk]),
        reverse("consulting:profile"),
        reverse("password_change"),
    }
    return [(client, url) for url in sorted(anonymous)] + [(consultant, url) for url in sorted(signed_in)]


def post(client, url, body: bytes, content_type: str):
    return client.generic("POST", url, body, content_type=content_type)


def test_form_post_in_another_charset_is_a_400_from_our_template(client, cx_model, caplog):
    with caplog.at_level(logging.WARNING):
        response = post(client, reverse("assessments:start"), "a=b".encode("utf-16"), FORM + "; charset=utf-16")

    assert response.status_code == 400
    assert OUR_400 in response.content.decode()
    assert [r for r in caplog.records if r.exc_info] == []


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"organisation_name=%FF%FE", FORM),
        (b"organisation_name=a%00b", FORM),
        (b"organisation_name=\xff", FORM),
        (b"a=b", FORM + "; charset=utf-16"),
        (b"a=b", FORM + "; charset=nonsense"),
        (
            b"--x\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\n" + b"A" * 1000 + b"\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
        ),
    ],
)
def test_unreadable_body_is_a_400(client, cx_model, body, content_type):
    response = post(client, reverse("assessments:start"), body, content_type)

    assert (response.status_code, OUR_400 in response.content.decode()) == (400, True)


def test_oversized_body_is_a_400(client, cx_model, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post(client, reverse("assessments:start"), b"a=" + b"x" * 5000, FORM)

    assert response.status_code == 400


@pytest.mark.parametrize("query", ["q=%00", "q=%FF", "q=a%00"])
def test_nul_or_invalid_utf8_in_the_query_is_a_400(client, db, django_user_model, query):
    from consulting import services

    owner = django_user_model.objects.create_user("alice")
    services.consultant_add(user=owner)
    client.force_login(owner)

    response = client.get(reverse("consulting:client_list") + "?" + query)

    assert (response.status_code, OUR_400 in response.content.decode()) == (400, True)


def test_nul_in_an_admin_search_is_a_400(admin_client):
    response = admin_client.get("/admin/assessments/assessment/?q=%00")

    assert response.status_code == 400


def test_ordinary_utf8_posts_still_go_through(client, cx_model):
    started = client.post(reverse("assessments:start"))
    response = client.post(
        started.url, b"organisation_name=Caf%C3%A9+%E2%80%94+Z%C3%BCrich", content_type=FORM + "; charset=UTF-8"
    )

    assert response.status_code == 302
    assert assessment_at(started.url).organisation_name == "Café — Zürich"


def test_405_has_a_body_and_says_what_is_allowed(client, db):
    response = client.get(reverse("assessments:start"))

    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert "doesn't accept this kind of request (it accepts POST)" in response.content.decode()


def test_csrf_failure_page_is_our_own(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("assessments:start"))

    assert response.status_code == 403
    assert "That form could not be sent" in response.content.decode()
    assert "DEBUG" not in response.content.decode()


CHARSETS = [
    "utf-8",
    "UTF-8",
    "utf8",
    "ascii",
    "utf-16",
    "utf-16-le",
    "utf-32",
    "latin-1",
    "iso-8859-1",
    "cp1252",
    "shift_jis",
    "x",
    "",
]
CONTENT_TYPES = [
    FORM,
    "multipart/form-data; boundary=b",
    "text/plain",
    "application/json",
    "application/octet-stream",
    "",
]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    charset=st.sampled_from(CHARSETS),
    content_type=st.sampled_from(CONTENT_TYPES),
    body=st.binary(max_size=200) | st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
    nul=st.booleans(),
)
def test_no_form_endpoint_answers_500_whatever_the_charset_nul_or_content_type(
    endpoints, data, charset, content_type, body, nul
):
    client, url = data.draw(st.sampled_from(endpoints))
    if nul:
        body = body + b"&x=%00\x00"
    header = content_type + (f"; charset={charset}" if charset and content_type else "")

    response = client.generic("POST", url, body, content_type=header)

    assert response.status_code < 500, (url, header, body, response.status_code)
