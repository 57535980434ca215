"""Peer comparison in a real browser: the respondent's choice with the keyboard, the consultant's pages; axe on each."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from consulting import services
from peers.models import Industry, PeerEntry

from .conftest import PASSWORD, axe_violations, completed, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def site(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)
    # Flushed by earlier transactional tests: the migration's list may be gone.
    Industry.objects.get_or_create(name="Retail & e-commerce")


def test_browser_respondent_agrees_to_count_with_the_keyboard(page, live_server):
    assessment = completed(3)
    page.goto(f"{live_server.url}/a/{assessment.token}/results/")
    violations = {"results": axe_violations(page)}

    link = page.get_by_role("link", name="Choose whom to compare with")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/")
    violations["choice"] = axe_violations(page)
    page.get_by_label("Industry").focus()
    page.get_by_label("Industry").select_option(label="Retail & e-commerce")
    page.get_by_label("Count my anonymised result in other people's comparisons").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save my choice").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/results/#how-you-compare")

    assert page.get_by_text("Your anonymised result counts in comparisons.").is_visible()
    assert PeerEntry.objects.get().assessment_id == assessment.pk
    assert violations == {"results": [], "choice": []}


def test_browser_consultant_portfolio_and_client_settings_pass_axe(page, live_server):
    user = get_user_model().objects.create_user("alice", password=PASSWORD)
    services.consultant_add(user=user)
    client = services.client_create(owner=user, name="Acme Ltd")
    round = services.round_create(client=client, title="Baseline")
    completed(3, round=round, respondent_name="Ann")
    log_in(page, live_server.url)

    page.get_by_role("link", name="Portfolio").click()
    page.wait_for_url("**/consultant/portfolio/")
    violations = {"portfolio": axe_violations(page)}
    assert page.get_by_role("link", name="Acme Ltd").is_visible()
    page.goto(f"{live_server.url}/consultant/clients/{client.pk}/peers/")
    violations["client settings"] = axe_violations(page)
    page.goto(f"{live_server.url}/consultant/rounds/{round.pk}/")
    violations["team page"] = axe_violations(page)

    assert violations == {"portfolio": [], "client settings": [], "team page": []}


def test_browser_peer_median_is_an_optional_line_on_the_main_radar(page, live_server):
    from django.utils import timezone

    from assessments.models import Assessment
    from peers import services as peer_services
    from tests.peers.conftest import fake_result

    for _ in range(5):  # "everyone" needs at least 5 results
        counted = Assessment.objects.create(completed_at=timezone.now(), result=fake_result(2.0, 2.0))
        peer_services.assessment_peers_set(assessment=counted, industry=None, size=None, consent=True)
    assessment = completed(3)
    page.goto(f"{live_server.url}/a/{assessment.token}/results/")
    page.locator("#radar").scroll_into_view_if_needed()
    page.wait_for_selector("#radar.radar-drawn svg.main-svg")

    legend = page.locator("#radar .legend .traces").all_text_contents()
    drawn_before = page.locator("#radar .scatterlayer .trace").count()
    page.locator("#radar .legend .traces").nth(2).click()
    page.locator("#radar .scatterlayer .trace").nth(2).wait_for()

    assert [name.startswith("Median") for name in legend] == [False, False, True]
    assert drawn_before == 2
    assert page.locator("#peers-radar").count() == 0
