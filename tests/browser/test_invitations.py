"""Invitations in a real browser: the consultant invites three people, the e-mail is read as HTML, the invitee follows it.

Every page and the HTML e-mail itself pass axe-core.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from consulting import services
from tests.invitations.conftest import html_part, run_worker, smtp, smtp_server  # noqa: F401  (fixtures)

from .conftest import PASSWORD, axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def site(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)


def test_browser_consultant_invites_and_invitee_answers_from_the_email(new_page, watch, live_server, smtp, settings):  # noqa: F811
    settings.CX_SITE_URL = live_server.url
    user = get_user_model().objects.create_user("alice", password=PASSWORD, first_name="Alice", last_name="Archer")
    services.consultant_add(user=user)
    services.profile_update(user=user, first_name="Alice", last_name="Archer", firm="Archer & Co")
    round = services.round_create(client=services.client_create(owner=user, name="Acme Ltd"), title="Baseline")

    page = new_page()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/consultant/rounds/{round.pk}/")
    violations = {"round": axe_violations(page)}
    page.get_by_role("link", name="Invite people by e-mail").click()
    page.wait_for_url(re.compile(r".*/invitations/$"))
    violations["empty invitations"] = axe_violations(page)
    page.get_by_label("Names and e-mail addresses").fill(
        "Ann Archer, ann@client.example\nBen Brown, ben@client.example\nCat Cole, cat@client.example"
    )
    page.get_by_role("button", name="Send invitations").click()
    page.wait_for_selector("text=3 invitations queued for sending.")
    violations["invitations"] = axe_violations(page)
    assert page.locator("table.invitees tbody th").all_inner_texts() == ["Ann Archer", "Ben Brown", "Cat Cole"]

    run_worker()
    assert sorted(rcpt[0] for rcpt, _ in smtp.received) == [
        "ann@client.example",
        "ben@client.example",
        "cat@client.example",
    ]
    email_page = new_page()
    email_page.set_content(html_part(smtp.to("ann@client.example")[0]))
    violations["html e-mail"] = axe_violations(email_page)

    email_page.get_by_role("link", name="Start the assessment").click()
    email_page.wait_for_url(re.compile(r".*/i/[0-9a-f]{43}/$"))
    violations["personal invitation"] = axe_violations(email_page)
    # The round was made without role or department lists, so the personal page asks for neither.
    email_page.get_by_role("button", name="Start the questions").click()
    email_page.wait_for_url("**/step/1/")

    page.reload()
    statuses = page.locator("table.invitees tbody td:nth-child(3)").all_inner_texts()
    assert statuses == ["Started", "Invited", "Invited"]

    opt_out = new_page()
    opt_out.set_content(html_part(smtp.to("ben@client.example")[0]))
    opt_out.get_by_role("link", name="No more reminders about this assessment").click()
    opt_out.wait_for_url("**/unsubscribe/")
    violations["opt-out"] = axe_violations(opt_out)
    opt_out.get_by_role("button", name="Stop reminders").click()
    opt_out.wait_for_selector("text=Reminders stopped")

    assert violations == {k: [] for k in violations}
    assert watch.console_errors == []


def test_browser_password_reset_pages_pass_axe(new_page, live_server, smtp):  # noqa: F811
    get_user_model().objects.create_user("dana", email="dana@firm.example", password=PASSWORD)
    page = new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    violations = {"form": axe_violations(page)}
    page.get_by_label("Email").fill("dana@firm.example")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_selector("text=Check your e-mail")
    violations["done"] = axe_violations(page)
    run_worker()
    email_page = new_page()
    email_page.set_content(html_part(smtp.messages[0]))
    violations["html e-mail"] = axe_violations(email_page)
    assert violations == {k: [] for k in violations}
