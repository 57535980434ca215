"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

import os
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


# Per package, not per session: while Playwright runs, its event loop counts as running in this
# thread, and pytest-django runs other transactional tests after these ones; a test client calling
# an async view (/healthz) there fails with "cannot use AsyncToSync ... event loop".
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


class PageWatch:
    """What a page did that a user would not want: foreign requests and console errors."""

    def __init__(self):
        self.foreign_requests = []
        self.console_errors = []
        self.requests = []


@pytest.fixture
def watch():
    return PageWatch()


@pytest.fixture
def new_page(browser, watch):
    contexts = []

    def make():
        context = browser.new_context(locale="en-GB")
        contexts.append(context)

        def guard(route):
            host = urlsplit(route.request.url).hostname
            watch.requests.append(route.request.url)
            if route.request.url.startswith("data:") or host in LOCAL_HOSTS:
                route.continue_()
            else:
                watch.foreign_requests.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    # A click returns once navigation commits; judge the page only once its stylesheets have loaded.
    page.wait_for_load_state("load")
    results = Axe().run(page)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


def completed(level, round=None, **who):
    """A finished assessment (in `round`, if given) with every question answered at `level`."""
    from consulting import services
    from tests.factories import answered_assessment

    if round is None:
        return answered_assessment(level, organisation_name="Acme Ltd")
    return answered_assessment(level, start=services.round_response_start, round=round, **who)


PASSWORD = "a-long-consultant-passphrase"


def log_in(page, base, username="alice"):
    """Log in on the login page as a consultant created with PASSWORD; lands on the client list."""
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/consultant/")
