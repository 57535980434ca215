"""A consultant tailors a round's plan in a real browser, with the keyboard, then downloads the team PDF."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader

from consulting import plan, selectors, services

from .conftest import PASSWORD, axe_violations, completed, log_in
from .test_consultant import press_tab_until_focused

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def site(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)


@pytest.fixture
def round(transactional_db):
    user = get_user_model().objects.create_user("alice", password=PASSWORD, first_name="Alice", last_name="Archer")
    services.consultant_add(user=user)
    client = services.client_create(owner=user, name="Acme Ltd")
    round = services.round_create(client=client, title="Baseline")
    completed(2, round, respondent_name="Ann")
    completed(2, round, respondent_name="Ben")
    return round


def keyboard_activate(page, locator):
    assert press_tab_until_focused(page, locator, limit=120)
    page.keyboard.press("Enter")


def test_browser_consultant_tailors_plan_with_the_keyboard_and_downloads_it(open_page, live_server, round):
    entries = plan.round_plan(round=round, team=selectors.round_team_result(round=round)).entries
    hidden, reworded = entries[0], entries[1]
    page = open_page()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/consultant/rounds/{round.pk}/")

    keyboard_activate(page, page.get_by_role("link", name="Tailor the plan"))
    page.wait_for_url(f"**/rounds/{round.pk}/plan/")
    plan_violations = axe_violations(page)

    # Hide the first action, with a reason.
    keyboard_activate(page, page.get_by_role("link", name=f"Edit or hide “{hidden.title}”"))
    page.wait_for_url("**/plan/actions/*/")
    edit_violations = axe_violations(page)
    page.get_by_label("Why hide it").fill("Already done last year")
    keyboard_activate(page, page.get_by_role("button", name="Hide action"))
    page.wait_for_url(f"**/rounds/{round.pk}/plan/")

    # Reword the second, give it an owner, a due date and a status.
    keyboard_activate(page, page.get_by_role("link", name=f"Edit or hide “{reworded.title}”"))
    page.wait_for_url("**/plan/actions/*/")
    page.get_by_label("Title").fill("Map the claims journey")
    page.get_by_label("Owner").fill("COO")
    page.get_by_label("Due date").fill("2026-06-30")
    page.get_by_label("Status").select_option("in_progress")
    keyboard_activate(page, page.get_by_role("button", name="Save action"))
    page.wait_for_url(f"**/rounds/{round.pk}/plan/")

    # Add an action of one's own; a missing title is a clear error first.
    keyboard_activate(page, page.get_by_role("link", name="Add your own action"))
    page.wait_for_url("**/plan/own/new/")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_selector(".error-summary")
    error_violations = axe_violations(page)
    error_summary = page.locator(".error-summary li").all_inner_texts()
    page.get_by_label("Title").fill("Weekly service huddle")
    page.get_by_label("Owner").fill("Ops lead")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_url(f"**/rounds/{round.pk}/plan/")

    # Move the huddle up within its horizon, by keyboard.
    keyboard_activate(page, page.get_by_role("button", name="Up (move “Weekly service huddle” up)"))
    page.wait_for_url(f"**/rounds/{round.pk}/plan/#entry-*")
    first_rows = page.locator("table.plan-table").first.locator(".entry-title").all_inner_texts()
    hidden_list = page.locator(".hidden-actions li").all_inner_texts()
    final_violations = axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Team PDF roadmap").click()
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read())).pages
        ).split()
    )

    assert (plan_violations, edit_violations, error_violations, final_violations) == ([], [], [], [])
    assert error_summary == ["Title: This field is required."]
    # Added at the end of the first horizon (the form's default), then moved up one place.
    assert first_rows[-2] == "Weekly service huddle"
    assert len(hidden_list) == 1 and "Already done last year" in hidden_list[0]
    assert "Map the claims journey" in text and "In progress · owner: COO · due 30 Jun 2026" in text
    assert "Weekly service huddle · Done · owner: Ops lead" in text
    assert hidden.title not in text.split("Your plan", 1)[1]
    assert (open_page.foreign_requests, open_page.page_errors) == ([], [])


@pytest.fixture
def open_page(new_page, watch):
    new_page.foreign_requests = watch.foreign_requests
    new_page.page_errors = watch.console_errors
    return new_page
