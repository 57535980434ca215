"""The roadmap a leader reads, in a real browser: uneven, immature and mature organisations.

Walked through the questionnaire step by step (one level per dimension), then
read from the results page as a person sees it: the placement, "Start here",
the first 90 days, and no proposed action whose practice the answers show in place.
"""

import pytest
from django.core.management import call_command

from stages.models import Dimension, RecommendationQuestion

from .conftest import axe_violations
from .test_respondent import answer_step, start_questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def model(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)


def take(page, base, levels: dict, default: int):
    """Answer every step: each dimension's questions at its level (or `default`)."""
    order = list(Dimension.objects.order_by("order", "id").values_list("slug", flat=True))
    start_questions(page, base, "Acme Ltd")
    for slug in order:
        answer_step(page, levels.get(slug, default))
        finish = page.get_by_role("button", name="Finish and see my results")
        if finish.count():
            finish.click()
            break
        page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/results/")


PROFILES = [
    # The uneven organisation: Organisation & Collaboration at 2, the rest at 3.
    ("uneven", {"organisation": 2}, 3, 2, "Organisation & Collaboration"),
    # A very immature one: everything at 1 but leadership.
    ("immature", {"leadership": 2}, 1, 1, None),
    # A very mature one whose culture lags: Culture defines Stage 5.
    ("mature", {"culture": 4}, 5, 4, "Culture, People & Advocacy"),
]


@pytest.mark.parametrize(("name", "levels", "default", "stage", "held_by"), PROFILES, ids=[p[0] for p in PROFILES])
def test_browser_roadmap_reads_the_answers(page, live_server, model, name, levels, default, stage, held_by):
    take(page, live_server.url, levels, default)

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith(f"Stage {stage} — ")
    why = page.locator("section[aria-labelledby=why-heading] dl").inner_text()
    assert ("Held back by" in why, held_by is not None and held_by in why) == (held_by is not None,) * 2
    first_90 = page.locator("section[aria-labelledby='horizon-90d'] ol.plan-actions > li")
    start_here = page.locator("section[aria-labelledby='start-here-heading'] li")
    assert 1 <= first_90.count() <= 6
    assert start_here.count() == min(3, first_90.count())
    # Nothing proposed repeats a practice answered at or above its in-place level.
    answered = {slug: levels.get(slug, default) for slug in Dimension.objects.values_list("slug", flat=True)}
    plan_text = page.locator("#plan-heading ~ section.horizon").all_inner_texts()
    repeated = [
        m.recommendation.title
        for m in RecommendationQuestion.objects.select_related("recommendation", "question__dimension")
        if answered[m.question.dimension.slug] >= m.in_place_level
        and any(m.recommendation.title in text for text in plan_text)
    ]
    assert repeated == []
    assert axe_violations(page) == []


def test_browser_start_here_and_plan_work_with_the_keyboard(page, live_server, model):
    take(page, live_server.url, {"organisation": 2}, 3)

    # Tabbing from the top reaches the PDF link, and the plan's headings are in the outline.
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("() => document.activeElement && document.activeElement.textContent.trim()") == (
            "Download the PDF roadmap"
        ):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Download the PDF roadmap"
    headings = page.get_by_role("heading", level=4).all_inner_texts()
    assert [h for h in headings if h in ("First 90 days", "3–9 months", "9–18 months")] == [
        "First 90 days",
        "3–9 months",
        "9–18 months",
    ]
