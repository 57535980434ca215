"""A respondent is halfway through when the consultant closes the round, and back when it reopens."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from assessments.services import questionnaire_steps
from consulting import services

from .conftest import axe_violations
from .test_consultant import answer_everything

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round(transactional_db, django_user_model):
    call_command("loaddata", "cx_model", verbosity=0)
    owner = django_user_model.objects.create_user("alice", password="a-long-consultant-passphrase")
    services.consultant_add(user=owner)
    client = services.client_create(owner=owner, name="Acme Ltd")
    return services.round_create(client=client, title="Baseline")


def test_browser_round_closing_midway_stops_the_step_and_keeps_answers(page, live_server, round):
    page.goto(f"{live_server.url}/r/{round.invite_token}/")
    page.get_by_role("button", name="Start the questions").click()
    page.wait_for_url("**/step/1/")
    answer_everything(page, 2)
    page.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_url("**/step/2/")
    services.round_close(round=round)

    answer_everything(page, 4)
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Next", exact=True).click()
    closed_status = sent.value.status
    heading = page.get_by_role("heading", level=1).inner_text()
    violations = axe_violations(page)
    services.round_reopen(round=round)
    page.goto(page.url)  # the private link again (a reload would resend the POST)
    page.get_by_role("button", name="Back", exact=True).click()
    page.wait_for_url("**/step/1/")
    step_one_picks = page.eval_on_selector_all(
        "main form input[type=radio][name^='q_']:checked",
        "els => els.map(e => e.closest('fieldset').querySelectorAll('input[type=radio]')[1] === e)",
    )

    assert (closed_status, heading, violations) == (410, "This round is closed", [])
    # Step 1 still shows the second option picked everywhere; what was sent after the close was not saved.
    first_step_questions = len(questionnaire_steps()[0].questions)
    assert step_one_picks == [True] * first_step_questions
    assert Assessment.objects.get().answers.count() == first_step_questions
