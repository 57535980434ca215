"""An individual leader takes the assessment in a real browser."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def model(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)


def answer_step(page, level):
    """Pick the level-th option (1 = least mature) in every question of the current step."""
    for fieldset in page.locator("main form .question").all():
        fieldset.locator("input[type=radio]").nth(level - 1).check()


def start_questions(page, base, organisation=""):
    """From the home page to step 1, naming the organisation if given."""
    page.goto(base + "/")
    page.get_by_role("button", name="Start the assessment").click()
    if organisation:
        page.get_by_label("Organisation name").fill(organisation)
    page.get_by_role("button", name="Next: the questions").click()


def take_assessment(page, base, level, organisation="Acme Ltd"):
    start_questions(page, base, organisation)
    while True:
        answer_step(page, level)
        finish = page.get_by_role("button", name="Finish and see my results")
        if finish.count():
            finish.click()
            break
        page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/results/")


@pytest.mark.parametrize("level", [1, 3, 5])
def test_browser_uniform_answers_land_on_that_stage(page, watch, live_server, model, level):
    take_assessment(page, live_server.url, level)

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith(f"Stage {level} — ")
    page.locator("#radar").scroll_into_view_if_needed()  # drawn when it comes into view
    page.wait_for_selector("#radar.radar-drawn svg.main-svg")
    assert page.locator("#radar .scatterlayer .trace").count() == 2
    assert watch.foreign_requests == []
    assert watch.console_errors == []


def test_browser_resume_link_restores_answers_in_fresh_context(new_page, watch, live_server, model):
    first = new_page()
    start_questions(first, live_server.url)
    answer_step(first, 4)
    first.get_by_role("button", name="Next").click()
    first.wait_for_url("**/step/2/")
    resume_url = first.locator("a.resume-url").get_attribute("href")

    second = new_page()  # another browser, no cookies: only the link
    second.goto(resume_url)

    second.wait_for_url("**/step/2/")
    second.get_by_role("button", name="Back").click()
    second.wait_for_url("**/step/1/")
    checked = second.locator("main form input[type=radio]:checked")
    assessment = Assessment.objects.get()
    assert checked.count() == second.locator("main form .question").count()
    assert {checked.nth(i).get_attribute("value") for i in range(checked.count())} == {
        str(a.option_id) for a in assessment.answers.filter(question__dimension__order=1)
    }
    assert watch.console_errors == []


def test_browser_keyboard_only_completes_a_step(page, live_server, model):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Start the assessment":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/about/")
    page.get_by_role("button", name="Next: the questions").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/step/1/")
    count = page.locator("main form .question").count()
    page.locator("main form input[type=radio]").first.focus()
    for _ in range(count):
        page.keyboard.press("Space")  # choose the focused (least mature) option
        page.keyboard.press("Tab")  # on to the next radio group
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/step/2/")
    assert Assessment.objects.get().answers.count() == count


def test_browser_step_errors_take_focus_and_link_to_each_question(page, live_server, model):
    start_questions(page, live_server.url)
    page.wait_for_url("**/step/1/")
    questions = page.locator("main form .question").count()
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")  # nothing answered
    page.wait_for_selector(".error-summary")
    # The summary exists before the deferred forms.js has run and moved focus to it:
    # read the focus once the document has finished parsing, scripts included.
    page.wait_for_load_state("domcontentloaded")

    focused = page.evaluate("document.activeElement.className")
    links = page.locator(".error-summary a")
    page.keyboard.press("Tab")  # into the summary's first link
    page.keyboard.press("Enter")
    target = page.evaluate("[document.activeElement.type, document.activeElement.name]")

    assert focused == "alert alert-danger error-summary"
    assert page.title().startswith("Error: ")
    assert links.count() == questions
    assert target == ["radio", page.locator("main form input[type=radio]").first.get_attribute("name")]


def test_browser_axe_finds_no_violations(page, live_server, model):
    page.goto(live_server.url + "/")
    landing = axe_violations(page)
    page.get_by_role("button", name="Start the assessment").click()
    about = axe_violations(page)
    page.get_by_role("button", name="Next: the questions").click()
    step = axe_violations(page)
    page.get_by_role("button", name="Next").click()  # nothing answered: the error state
    step_errors = axe_violations(page)
    take_assessment(page, live_server.url, 2)
    page.locator("#radar").scroll_into_view_if_needed()  # drawn when it comes into view
    page.wait_for_selector("#radar.radar-drawn svg.main-svg")
    results = axe_violations(page)

    assert (landing, about, step, step_errors, results) == ([], [], [], [], [])


def test_browser_pdf_link_downloads_roadmap(page, live_server, model):
    take_assessment(page, live_server.url, 2, organisation="Acme & Sons")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF roadmap").click()

    download = download_info.value
    assert download.suggested_filename == "cx-roadmap-acme-sons.pdf"
    assert open(download.path(), "rb").read(5) == b"%PDF-"


def test_browser_results_with_a_long_unbroken_name_fit_a_phone(page, live_server, model):
    page.set_viewport_size({"width": 375, "height": 800})
    take_assessment(page, live_server.url, 3, organisation="Acme " + "X" * 115)

    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")

    assert widths[0] == widths[1]


def test_browser_step_list_saves_picked_answers_before_moving(page, live_server, model):
    start_questions(page, live_server.url)
    answer_step(page, 4)

    page.get_by_role("button", name="3. ").click()
    page.wait_for_url("**/step/3/")
    page.goto(page.url.replace("/step/3/", "/step/1/"))

    checked = page.locator("main form input[type=radio]:checked").count()
    assert checked == page.locator("main form .question").count()


def test_browser_private_link_reachable_before_the_questions_on_a_phone(page, live_server, model):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url("**/about/")
    # On the first page the link comes before the form, inside the first screenful.
    link_top = page.locator("a.resume-url").bounding_box()["y"]
    form_top = page.locator("main form").bounding_box()["y"]
    page.get_by_role("button", name="Next: the questions").click()
    page.wait_for_url("**/step/1/")
    jump = page.get_by_role("link", name="Need to stop? Get your private link to continue later")
    jump_visible = jump.is_visible()
    jump.click()
    # Bootstrap scrolls smoothly: wait for the card to arrive rather than reading mid-scroll.
    page.wait_for_function(
        "() => { const r = document.getElementById('resume-heading').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    jumped_to_card = page.evaluate("() => location.hash") == "#resume-heading"
    page.set_viewport_size({"width": 1280, "height": 800})

    assert (link_top < form_top, link_top < 700) == (True, True)
    assert (jump_visible, jumped_to_card, jump.is_visible()) == (True, True, False)


def test_browser_axe_finds_no_violations_on_stage_five_results(page, live_server, model):
    take_assessment(page, live_server.url, 5)
    page.locator("#radar").scroll_into_view_if_needed()
    page.wait_for_selector("#radar.radar-drawn svg.main-svg")

    # Every stage-5 practice is in place: no gap cards, the strengths listed instead.
    gaps = page.get_by_role("article").count()
    strengths = page.locator("section[aria-labelledby=in-place-heading] li").count()

    assert (gaps, strengths > 0, axe_violations(page)) == (0, True, [])
