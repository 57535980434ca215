"""The radar charts in a real browser: absent without JavaScript, and nothing clipped on a phone."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from consulting import services

from .conftest import PASSWORD, axe_violations, completed, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Long enough to overflow a phone: the legend must shorten them, not cut them off at the box's edge.
BEFORE = "Baseline after the service-desk reorganisation in the northern region"
AFTER = "Follow-up twelve months later with the new customer-journey programme"
CHART = {"results": "#radar", "round": "#team-radar", "compare": "#compare-radar"}

# Every piece of the chart's text and every legend symbol whose box lies outside the chart box.
OUTSIDE = """(box) => {
  const b = box.getBoundingClientRect();
  const parts = box.querySelectorAll(
    '.angularaxistick text, .legendtext, .legendpoints path, .legendfill path, .legendlines path');
  const out = [];
  for (const part of parts) {
    const r = part.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) {
      out.push([part.getAttribute('class'), part.textContent, Math.round(r.left), Math.round(r.right), Math.round(b.right)]);
    }
  }
  return {out: out, axis: box.querySelectorAll('.angularaxistick text').length, legend: box.querySelectorAll('.legendtext').length};
}"""


@pytest.fixture
def urls(transactional_db):
    """The three pages with a radar chart: an individual's results, a round's team results, a comparison."""
    call_command("loaddata", "cx_model", verbosity=0)
    user = get_user_model().objects.create_user("alice", password=PASSWORD)
    services.consultant_add(user=user)
    client = services.client_create(owner=user, name="Northwind Traders Ltd")
    before = services.round_create(client=client, title=BEFORE)
    completed(2, before, respondent_name="Ann", respondent_role="Executive", department="Board")
    completed(3, before, respondent_name="Ben", respondent_role="Frontline", department="Service")
    after = services.round_create(client=client, title=AFTER)
    completed(3, after, respondent_name="Cat", respondent_role="Executive", department="Board")
    completed(4, after, respondent_name="Dan", respondent_role="Frontline", department="Service")
    return {
        "results": f"/a/{completed(2).token}/results/",
        "round": f"/consultant/rounds/{before.pk}/",
        "compare": f"/consultant/clients/{client.pk}/compare/",
    }


def open_chart(page, base, urls, name):
    if name != "results":
        log_in(page, base)
    page.goto(base + urls[name])
    chart = page.locator(CHART[name])
    chart.scroll_into_view_if_needed()  # drawn when it comes into view
    page.wait_for_selector(f"{CHART[name]}.radar-drawn svg.main-svg")
    return chart


@pytest.mark.parametrize("name", ["results", "compare"])
def test_browser_without_javascript_no_empty_chart_box_only_the_table(browser, live_server, urls, name):
    context = browser.new_context(locale="en-GB", java_script_enabled=False, viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        if name != "results":
            log_in(page, live_server.url)
        page.goto(live_server.url + urls[name])

        box = page.locator(CHART[name])
        table = page.locator("table.radar-fallback" if name == "results" else "table.deltas")
        assert (box.count(), box.is_visible(), box.bounding_box()) == (1, False, None)
        assert page.get_by_role("img", name=re.compile("Radar chart")).count() == 0
        assert page.locator(f"{CHART[name]}[role=img], {CHART[name]}[aria-label]").count() == 0
        assert table.is_visible()
    finally:
        context.close()


def test_browser_chart_box_is_named_image_once_drawn(page, live_server, urls):
    chart = open_chart(page, live_server.url, urls, "results")

    image = page.get_by_role("img", name=re.compile(r"^Radar chart of your dimension scores"))
    assert image.count() == 1
    assert chart.get_attribute("role") == "img"
    assert chart.bounding_box()["height"] > 200


def test_browser_chart_box_hides_again_when_plotly_cannot_load(page, live_server, urls):
    page.route("**/plotly-radar.min.js", lambda route: route.abort())
    page.goto(live_server.url + urls["results"])
    page.locator("table.radar-fallback").scroll_into_view_if_needed()

    page.wait_for_selector("#radar[hidden]", state="attached")
    assert page.locator("#radar").get_attribute("role") is None
    assert page.get_by_role("img", name=re.compile("Radar chart")).count() == 0


@pytest.mark.parametrize("width", [320, 375, 414])
@pytest.mark.parametrize("name", ["results", "round", "compare"])
def test_browser_chart_text_stays_inside_the_box_on_a_phone(page, watch, live_server, urls, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    chart = open_chart(page, live_server.url, urls, name)

    found = page.evaluate(OUTSIDE, chart.element_handle())
    legend = page.locator(f"{CHART[name]} .legendtext").all_text_contents()

    assert found["out"] == []
    assert found["axis"] == 6  # one label per dimension
    assert found["legend"] == {"results": 2, "round": 4, "compare": 2}[name]
    assert "Collaboration" in page.locator(f"{CHART[name]} .angularaxistick text").all_text_contents()
    if name == "compare":  # too long for a phone: shortened, not clipped
        assert all(text.endswith("…") for text in legend)
        assert [text[:-1] for text in legend] == [BEFORE[: len(legend[0]) - 1], AFTER[: len(legend[1]) - 1]]
    assert watch.console_errors == []


@pytest.mark.parametrize("name", ["results", "compare"])
def test_browser_chart_on_a_wide_screen_keeps_full_names_inside_the_box(page, live_server, urls, name):
    page.set_viewport_size({"width": 1280, "height": 900})
    chart = open_chart(page, live_server.url, urls, name)

    found = page.evaluate(OUTSIDE, chart.element_handle())
    legend = page.locator(f"{CHART[name]} .legendtext").all_text_contents()

    assert found["out"] == []
    if name == "compare":
        assert legend == [BEFORE, AFTER]


def test_browser_chart_refits_when_the_window_narrows(page, live_server, urls):
    page.set_viewport_size({"width": 1280, "height": 900})
    chart = open_chart(page, live_server.url, urls, "compare")

    page.set_viewport_size({"width": 375, "height": 900})
    page.wait_for_function(
        "(el) => el.getAttribute('data-fit-width') === String(el.clientWidth)", arg=chart.element_handle()
    )
    page.wait_for_timeout(500)  # the re-fit settles its margins in a redraw or two

    assert page.evaluate(OUTSIDE, chart.element_handle())["out"] == []


@pytest.mark.parametrize("name", ["results", "round", "compare"])
def test_browser_axe_finds_no_violations_around_the_chart_on_a_phone(page, live_server, urls, name):
    page.set_viewport_size({"width": 375, "height": 800})
    open_chart(page, live_server.url, urls, name)

    assert axe_violations(page) == []
