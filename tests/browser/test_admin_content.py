"""Content admins in a real browser: preview as respondent, export and import of the model — axe-clean, keyboard-operable."""

import pytest
from django.core.management import call_command

from stages.models import Dimension, Question, Stage

from .conftest import axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "an-admin-passphrase-for-tests"


@pytest.fixture
def editor(transactional_db, django_user_model):
    call_command("loaddata", "cx_model", verbosity=0)
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def admin_log_in(page, base):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")


def test_browser_admin_previews_a_question_and_a_step_as_respondents_see_them(page, live_server, editor, watch):
    question = Question.objects.filter(is_active=True).order_by("pk").first()
    dimension = Dimension.objects.order_by("order").first()
    admin_log_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/stages/question/{question.pk}/change/")
    page.get_by_role("link", name="Preview as respondent").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/preview/question/{question.pk}/")
    question_violations = axe_violations(page)
    heading = page.get_by_role("heading", level=1).inner_text()
    group = page.get_by_role("group", name=question.text)

    page.goto(f"{live_server.url}/admin/stages/dimension/{dimension.pk}/change/")
    page.get_by_role("link", name="Preview this step as respondent").click()
    page.wait_for_url(f"**/preview/dimension/{dimension.pk}/")
    step_violations = axe_violations(page)

    assert (question_violations, step_violations) == ([], [])
    assert heading == question.dimension.name
    assert group.get_by_role("radio").count() == question.options.count() + question.allow_not_sure
    assert page.get_by_role("button", name="Next").is_disabled()
    assert watch.foreign_requests == []


def test_browser_admin_exports_then_checks_and_imports_an_edited_model(page, live_server, editor, tmp_path):
    admin_log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/stages/stage/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export the model").click()
    exported = tmp_path / "model.json"
    download.value.save_as(exported)
    exported.write_text(exported.read_text().replace(Stage.objects.get(number=2).tagline, "Edited in a text editor."))

    page.get_by_role("link", name="Import a model").click()
    empty_violations = axe_violations(page)
    page.get_by_label("Model file (JSON)").set_input_files(str(exported))
    page.get_by_role("button", name="Check this file").click()
    page.get_by_role("heading", name="What this import would change").wait_for()
    report_violations = axe_violations(page)
    changed = page.get_by_role("heading", name="Changed").locator("xpath=following-sibling::ul[1]").inner_text()
    page.get_by_role("button", name="Import these changes").click()
    page.wait_for_url("**/admin/stages/stage/")

    assert (empty_violations, report_violations) == ([], [])
    assert changed == "Stage “2”"
    assert Stage.objects.get(number=2).tagline == "Edited in a text editor."
