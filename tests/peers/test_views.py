"""The "How you compare" sections, the consent question, a client's settings and the portfolio."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from consulting import services as consulting_services
from peers import services
from peers.models import AssessmentPeers, ClientPeers, PeerEntry

from .conftest import make_user


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def pdf_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages).split())


# --- An individual's results page -----------------------------------------------------------


def test_results_page_asks_once_with_consent_off(client, make_assessment):
    assessment = make_assessment(3)

    page = text_of(client.get(reverse("assessments:results", args=[assessment.token])))
    form = client.get(reverse("peers:assessment_peers", args=[assessment.token]))

    assert "Compare with organisations like yours" in page
    # Relative to the results page (/a/<token>/compare/): the cached markup holds no token.
    assert 'href="../compare/"' in page
    assert "not enough comparable results yet" in page.lower()
    assert not form.context["form"]["consent"].value()
    assert 'name="peers-consent"' in text_of(form)
    assert "checked" not in text_of(form)


def test_results_page_reads_no_peer_table_once_its_section_is_cached(client, make_assessment, counted):
    counted(5)
    assessment = make_assessment(3)
    url = reverse("assessments:results", args=[assessment.token])
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    assert [q["sql"] for q in queries.captured_queries if "peers_" in q["sql"]] == []


def test_agreeing_on_the_results_page_counts_the_result_and_says_so(client, make_assessment, retail, large):
    assessment = make_assessment(3)

    response = client.post(
        reverse("peers:assessment_peers", args=[assessment.token]),
        {"peers-industry": retail.pk, "peers-size": large.pk, "peers-consent": "on"},
        follow=True,
    )

    assert PeerEntry.objects.get().assessment == assessment
    page = text_of(response)
    assert "Your anonymised result counts in comparisons." in page
    assert "Compare with organisations like yours" not in page  # asked once: now a "Change your choice" link
    assert "You are compared as: Retail &amp; e-commerce · 1,000+ employees" in page


def test_a_tampered_industry_is_a_form_error_not_a_500(client, make_assessment):
    assessment = make_assessment(3)

    response = client.post(reverse("peers:assessment_peers", args=[assessment.token]), {"peers-industry": "999999"})

    assert response.status_code == 400
    assert AssessmentPeers.objects.count() == 0


def test_the_consent_page_of_an_unfinished_assessment_is_not_found(client, make_assessment):
    assessment = make_assessment(3, complete=False)

    response = client.get(reverse("peers:assessment_peers", args=[assessment.token]))

    assert response.status_code == 404


def test_results_page_shows_segment_count_percentile_and_median(client, counted, make_assessment, retail):
    counted(10, industry=retail, overall=2.0, dimension=2.0)
    mine = make_assessment(3)
    services.assessment_peers_set(assessment=mine, industry=retail, size=None, consent=False)

    response = client.get(reverse("assessments:results", args=[mine.token]))

    page = text_of(response)
    assert (
        "Compared with <strong>Retail &amp; e-commerce</strong> (same industry, any size): <strong>10 results</strong>"
        in page
    )
    assert "at the <strong>100th percentile</strong>" in page
    assert "Their median is 2.00." in page
    assert 'id="peers-median-data"' in page


def test_results_page_labels_the_external_survey_as_another_model(client, make_assessment):
    assessment = make_assessment(3)

    page = text_of(client.get(reverse("assessments:results", args=[assessment.token])))

    assert "For context: another model's external survey" in page
    assert "XM Institute, State of CX Management 2025" in page
    assert "Sample: 223 respondents" in page
    assert "XM Institute, State of CX Management 2024" in page


def test_individual_pdf_has_the_comparison_and_the_external_reference(client, counted, make_assessment):
    counted(5, overall=2.0)
    assessment = make_assessment(3)

    text = pdf_text(client.get(reverse("assessments:pdf", args=[assessment.token])))

    assert "How you compare" in text
    assert "Compared with Everyone (everyone): 5 results" in text
    assert "another model's external survey" in text
    assert "State of CX Management 2025 (223 respondents" in text


# --- A round's team page and PDF ---------------------------------------------------------


def test_team_page_and_pdf_compare_the_round(alice, acme, acme_round, respond, counted):
    counted(5, overall=2.0)
    respond(acme_round, 3)

    page = text_of(alice.get(reverse("consulting:round_detail", args=[acme_round.pk])))
    text = pdf_text(alice.get(reverse("consulting:round_pdf", args=[acme_round.pk])))

    assert "How this team compares" in page
    assert "Compared with <strong>Everyone</strong> (everyone): <strong>5 results</strong>" in page
    assert "This client's rounds do not count in comparisons" in page
    assert "How this team compares" in text
    assert "5 results" in text


def test_client_settings_save_and_count_closed_rounds(alice, acme, acme_round, respond, retail):
    respond(acme_round, 3)
    consulting_services.round_close(round=acme_round)

    response = alice.post(
        reverse("peers:client_peers", args=[acme.pk]), {"industry": retail.pk, "size": "", "consent": "on"}
    )

    assert response.status_code == 302
    assert ClientPeers.objects.get(client=acme).consent is True
    assert PeerEntry.objects.get().round == acme_round


# --- Access: only the owner; strangers log in ---------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_consultant_cannot_see_or_change_a_clients_settings(client, acme, other_consultant, method):
    client.force_login(other_consultant)

    response = getattr(client, method)(reverse("peers:client_peers", args=[acme.pk]), {"consent": "on"})

    assert response.status_code == 404
    assert ClientPeers.objects.count() == 0


@pytest.mark.parametrize("name, args", [("peers:client_peers", "client"), ("peers:portfolio", None)])
def test_anonymous_visitors_get_the_login_page(client, acme, name, args):
    url = reverse(name, args=[acme.pk] if args else [])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_portfolio_shows_own_clients_side_by_side_against_the_portfolio_median(alice, consultant, respond):
    first = consulting_services.client_create(owner=consultant, name="First Co")
    second = consulting_services.client_create(owner=consultant, name="Second Co")
    before = consulting_services.round_create(client=first, title="Baseline")
    respond(before, 2)
    after = consulting_services.round_create(client=first, title="Follow-up")
    respond(after, 4)
    respond(consulting_services.round_create(client=second, title="Only"), 2)

    response = alice.get(reverse("peers:portfolio"))

    rows = response.context["portfolio"].rows
    assert [(r.client.name, r.round.title, r.overall, r.overall_change, r.stage_change) for r in rows] == [
        ("First Co", "Follow-up", 4.0, 2.0, 2),
        ("Second Co", "Only", 2.0, None, None),
    ]
    assert response.context["portfolio"].overall_median == 3.0
    assert [r.overall_vs_median for r in rows] == [1.0, -1.0]
    assert "+1.00" in text_of(response)


def test_portfolio_of_another_consultant_shows_none_of_these_clients(client, acme, acme_round, respond):
    respond(acme_round, 3)
    client.force_login(make_user("dave"))

    response = client.get(reverse("peers:portfolio"))

    assert response.context["portfolio"].rows == []
    assert response.context["portfolio"].without_results == []
    assert "Acme" not in text_of(response)


@pytest.mark.parametrize(
    "number, shown", [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (12, "12th"), (22, "22nd"), (100, "100th")]
)
def test_percentiles_read_as_ordinals(number, shown):
    from peers.templatetags.peer_tags import ordinal

    assert ordinal(number) == shown
