"""A consultant runs a round in a real browser: log in, add a client and a round, three people answer."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from consulting import services
from consulting.models import Round
from cxmaturity.tokens import token_hash

from .conftest import PASSWORD, axe_violations, completed, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Roles and departments from the new round's default lists (consulting.forms).
RESPONDENTS = [
    ("Ann", "Executive", "Customer service", 4),
    ("Ben", "Frontline staff", "Sales", 2),
    ("Cat", "Frontline staff", "Sales", 3),
]


@pytest.fixture
def open_page(new_page, watch):
    """New browser contexts (no shared cookies) that may only talk to the live server."""
    new_page.foreign_requests = watch.foreign_requests
    new_page.page_errors = watch.console_errors
    return new_page


@pytest.fixture(autouse=True)
def site(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)


@pytest.fixture
def consultant(transactional_db):
    user = get_user_model().objects.create_user("alice", password=PASSWORD, first_name="Alice", last_name="Archer")
    services.consultant_add(user=user)
    return user


def round_page(open_page, live_server, consultant, permissions=()):
    """A logged-in consultant on the page of a new, empty round "Baseline" of client "Acme Ltd"."""
    client = services.client_create(owner=consultant, name="Acme Ltd")
    round = services.round_create(client=client, title="Baseline")
    page = open_page()
    if permissions:
        page.context.grant_permissions(list(permissions), origin=live_server.url)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/consultant/rounds/{round.pk}/")
    # Made outside this browser's session, the round's link is not shown here (only its hash is
    # stored): the consultant makes a new one, as they would.
    page.get_by_role("button", name="Make a new invite link").click()
    page.wait_for_selector("#invite-url")
    round.invite_token = page.get_by_label("Link to share with the team").input_value().rstrip("/").rsplit("/", 1)[1]
    return page, round


def answer_everything(page, level):
    """Pick the level-th option (1 = least mature) in every question of the current step."""
    names = page.eval_on_selector_all(
        "main form input[type=radio][name^='q_']", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.locator(f"main form input[type=radio][name='{name}']").nth(level - 1).check()


def respond(page, invite_url, name, role, department, level):
    page.goto(invite_url)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your role").select_option(role)
    page.get_by_label("Department").select_option(department)
    page.get_by_role("button", name="Start the questions").click()
    page.wait_for_url("**/step/1/")
    while True:
        answer_everything(page, level)
        finish = page.get_by_role("button", name="Finish and see my results")
        if finish.count():
            finish.click()
            break
        page.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_url("**/results/")


def test_browser_consultant_runs_round_and_sees_three_respondents(open_page, live_server, consultant):
    page = open_page()
    log_in(page, live_server.url)
    violations = {"clients": axe_violations(page)}

    page.get_by_role("link", name="New client").click()
    page.get_by_label("Client name").fill("Acme Ltd")
    page.get_by_label("Industry").fill("Retail")
    violations["client form"] = axe_violations(page)
    page.get_by_role("button", name="Add client").click()
    page.wait_for_url(re.compile(r".*/consultant/clients/\d+/$"))
    violations["client"] = axe_violations(page)

    page.get_by_role("link", name="New round").click()
    page.get_by_label("Round title").fill("Baseline")
    page.get_by_role("button", name="Create round").click()
    page.wait_for_url(re.compile(r".*/consultant/rounds/\d+/$"))
    invite_url = page.get_by_label("Link to share with the team").input_value()
    violations["empty round"] = axe_violations(page)

    assert invite_url.startswith(f"{live_server.url}/r/")
    assert Round.objects.get().invite_token_hash == token_hash(invite_url.rstrip("/").rsplit("/", 1)[1])
    for index, (name, role, department, level) in enumerate(RESPONDENTS):
        respondent = open_page()
        respond(respondent, invite_url, name, role, department, level)
        if index == 0:
            respondent.goto(invite_url)
            violations["invite"] = axe_violations(respondent)

    page.reload()
    page.locator("#team-radar").scroll_into_view_if_needed()  # drawn when it comes into view
    page.wait_for_selector("#team-radar.radar-drawn svg.main-svg")
    violations["team results"] = axe_violations(page)

    assert page.locator("#completed-count").inner_text() == "3"
    rows = page.locator("table.respondents tbody tr th").all_inner_texts()
    assert rows == ["Ann", "Ben", "Cat"]
    # Mean, lowest, highest, target: no role has the client's minimum of 5 respondents to get a trace of its own.
    assert page.locator("#team-radar .scatterlayer .trace").count() == 4
    assert page.get_by_role("heading", level=2, name=re.compile(r"^Team placement: Stage 3")).count() == 1
    first_row = page.locator("table.team-table tbody tr").first.locator("td").all_inner_texts()
    assert first_row[:4] == ["3.00", "2.00", "4.00", "2.00"]  # mean, lowest, highest, spread

    # Archiving asks first; Cancel goes back to the client, still active.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Acme Ltd").click()
    page.get_by_role("link", name="Archive", exact=True).click()
    page.wait_for_url(re.compile(r".*/consultant/clients/\d+/archive/$"))
    violations["archive confirmation"] = axe_violations(page)
    to_close = page.get_by_role("list", name="Open rounds that will close").get_by_role("listitem")
    assert to_close.all_inner_texts() == ["Baseline: 3 responses started, 3 finished"]
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(re.compile(r".*/consultant/clients/\d+/$"))
    assert Round.objects.get().client.archived_at is None

    assert violations == {k: [] for k in violations}
    assert (open_page.foreign_requests, open_page.page_errors) == ([], [])


def test_browser_closed_round_invite_shows_closed_page(open_page, live_server, consultant):
    page, round = round_page(open_page, live_server, consultant)

    page.get_by_role("button", name="Close round").click()
    page.wait_for_selector("text=Reopen round")
    visitor = open_page()
    response = visitor.goto(f"{live_server.url}/r/{round.invite_token}/")

    assert response.status == 410
    assert visitor.get_by_role("heading", level=1).inner_text() == "This round is closed"


def test_browser_double_click_starts_one_facilitated_session(open_page, live_server, consultant):
    page, round = round_page(open_page, live_server, consultant)

    page.get_by_label("Participant or group name").fill("Workshop")
    # Two submits in a row, as a double click makes them; record which ones the page let through.
    sent = page.evaluate(
        """() => {
            const sent = [];
            window.addEventListener("submit", (event) => sent.push(!event.defaultPrevented));
            const button = [...document.querySelectorAll("button")].find((b) => b.textContent.includes("facilitated session"));
            button.form.requestSubmit(button);
            button.form.requestSubmit(button);
            return sent;
        }"""
    )
    page.wait_for_url("**/step/1/")

    assert sent == [True, False]
    assert list(round.assessments.values_list("respondent_name", flat=True)) == ["Workshop"]


def test_browser_copy_link_puts_the_invite_link_on_the_clipboard(open_page, live_server, consultant):
    page, round = round_page(open_page, live_server, consultant, permissions=["clipboard-read", "clipboard-write"])

    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.getElementById('invite-copy-status').textContent !== ''")

    assert page.locator("#invite-copy-status").inner_text() == "Link copied."
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{live_server.url}/r/{round.invite_token}/"


def press_tab_until_focused(page, locator, limit=40):
    """Move focus with the Tab key alone until it reaches `locator`; False if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return True
    return False


def test_browser_consultant_archives_client_through_confirmation_with_the_keyboard(open_page, live_server, consultant):
    client = services.client_create(owner=consultant, name="Acme Ltd")
    round = services.round_create(client=client, title="Baseline")
    completed(3, round, respondent_name="Ann")
    services.round_response_start(round=round, respondent_name="Ben")  # started, not finished
    page = open_page()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/consultant/clients/{client.pk}/")

    assert press_tab_until_focused(page, page.get_by_role("link", name="Archive", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/consultant/clients/{client.pk}/archive/")
    violations = axe_violations(page)
    heading = page.get_by_role("heading", level=1).inner_text()
    to_close = page.get_by_role("list", name="Open rounds that will close").get_by_role("listitem").all_inner_texts()
    assert press_tab_until_focused(page, page.get_by_role("button", name="Archive client"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/consultant/")

    client.refresh_from_db()
    round.refresh_from_db()
    assert (heading, to_close, violations) == ("Archive Acme Ltd?", ["Baseline: 2 responses started, 1 finished"], [])
    assert (client.archived_at is not None, round.closed_at) == (True, client.archived_at)
    assert page.get_by_role("status").inner_text() == "“Acme Ltd” archived. It is listed under Archived clients."
    assert (open_page.foreign_requests, open_page.page_errors) == ([], [])


def test_browser_logged_in_consultant_opening_login_lands_on_clients(open_page, live_server, consultant):
    page = open_page()
    log_in(page, live_server.url)

    page.goto(live_server.url + "/accounts/login/")

    assert urlsplit(page.url).path == "/consultant/"


def test_browser_anonymous_consultant_url_goes_to_login(open_page, live_server, consultant):
    page = open_page()

    page.goto(live_server.url + "/consultant/")

    assert urlsplit(page.url).path == "/accounts/login/"
    assert page.get_by_role("heading", level=1).inner_text() == "Consultant login"


@pytest.mark.parametrize("width", [320, 375])
def test_browser_consultant_pages_fit_a_phone_without_sideways_scrolling(open_page, live_server, consultant, width):
    client = services.client_create(owner=consultant, name="Northwind Traders Ltd", industry="Wholesale")
    round = services.round_create(client=client, title="Baseline after the service-desk reorganisation")
    first = completed(2, round, respondent_name="Ann Example", respondent_role="Executive", department="Board")
    completed(4, round, respondent_name="Ben Example", respondent_role="Frontline", department="Service")
    page = open_page()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url)
    urls = [
        "/consultant/",
        f"/consultant/clients/{client.pk}/",
        f"/consultant/clients/{client.pk}/archive/",
        f"/consultant/rounds/{round.pk}/",
        f"/consultant/rounds/{round.pk}/respondents/{first.pk}/",
        "/consultant/profile/",
    ]

    too_wide = {}
    for url in urls:
        page.goto(live_server.url + url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[url] = scroll_width
    logout_lines = page.evaluate(
        "(() => { const b = [...document.querySelectorAll('header button')].find(e => e.textContent.trim() === 'Log out');"
        " const r = document.createRange(); r.selectNodeContents(b);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })()"
    )

    assert too_wide == {}
    assert logout_lines == 1
