"""The README's screenshots, from the running app: landing, a questionnaire step, results, a PDF page, a team page.

    make run                                   # in one terminal (or any running instance)
    DJANGO_DEBUG=1 .venv/bin/python tools/screenshots.py [--base-url http://127.0.0.1:8000] [--out docs/img]

It needs the same database as the app it photographs (same folder, same
DATABASE_URL): it adds a sample respondent and a sample consultant
("screenshots", with a fresh random password each run) with a client
"Northwind Traders (sample)" and a round of four responses, reusing them on
later runs. Pages are taken with Playwright driving Debian's chromium
(/usr/bin/chromium); the PDF page through chromium's own PDF viewer.
"""

import argparse
import os
import random
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxmaturity.settings")
# Playwright's sync API runs an event loop in this thread; the ORM calls beside it are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CLIENT_NAME = "Northwind Traders (sample)"
ROUND_TITLE = "Spring baseline"
TEAM = [  # role, department, level by dimension (others at `default`)
    ("Executive", "Board", {"leadership": 3, "data": 2}, 3),
    ("Team lead", "Customer service", {"insight": 1, "data": 1}, 2),
    ("Frontline", "Customer service", {"culture": 3}, 2),
    ("Frontline", "Sales", {"delivery": 3, "data": 1}, 2),
]


def answer_all(assessment, levels: dict, default: int, rng: random.Random, *, complete=True):
    from assessments import services

    choices = {}
    for step in services.questionnaire_steps():
        level = levels.get(step.dimension.slug, default)
        for i, question in enumerate(step.questions):
            # A little variety inside a dimension, as real answers have.
            wanted = max(1, min(5, level + (1 if i == 1 and rng.random() < 0.5 else 0)))
            choices[question] = next(o for o in question.options.all() if o.level == wanted)
    services.answers_save(assessment=assessment, choices=choices)
    if complete:
        services.assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def sample_data():
    """A completed respondent, one half-way through, and a consultant's round with four responses."""
    from django.contrib.auth import get_user_model

    from assessments import services as assessment_services
    from consulting import services
    from consulting.models import Client
    from tests.factories import realistic_assessment

    done = realistic_assessment()
    steps = assessment_services.questionnaire_steps()
    answering = assessment_services.assessment_start(organisation_name="Northwind Traders Ltd")
    first = steps[0]
    assessment_services.answers_save(assessment=answering, choices={q: q.options.all()[2] for q in first.questions})

    password = secrets.token_urlsafe(24)
    user = get_user_model().objects.filter(username="screenshots").first()
    if user is None:
        user = get_user_model().objects.create_user("screenshots", first_name="Alice", last_name="Archer")
    user.set_password(password)
    user.save()
    services.consultant_add(user=user)
    services.profile_update(user=user, first_name="Alice", last_name="Archer", firm="Archer CX")
    client = Client.objects.filter(owner=user, name=CLIENT_NAME).first() or services.client_create(
        owner=user, name=CLIENT_NAME, industry="Retail", size_band="250-999"
    )
    round = client.rounds.filter(title=ROUND_TITLE).first()
    if round is None:
        round = services.round_create(client=client, title=ROUND_TITLE)
        rng = random.Random(2026)
        for role, department, levels, default in TEAM:
            start = services.round_response_start(round=round, respondent_role=role, department=department)
            answer_all(start, levels, default, rng)
    return {"done": done, "answering": answering, "step": first.number + 1, "round": round, "password": password}


def shoot(base: str, out: Path, data: dict) -> list[Path]:
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    done, answering = data["done"], data["answering"]
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
        page = context.new_page()

        def take(name, path, *, chart=None, height=None, start=None):
            page.goto(base + path)
            if chart:
                page.locator(chart).scroll_into_view_if_needed()
                page.locator(f"{chart} .main-svg").first.wait_for()
                page.evaluate("window.scrollTo(0, 0)")
            target = out / f"{name}.png"
            top = page.locator(start).first.bounding_box()["y"] - 24 if start else 0
            clip = {"x": 0, "y": top, "width": 1200, "height": height} if height else None
            page.screenshot(path=target, full_page=bool(height), clip=clip)
            written.append(target)

        take("landing", reverse("home"))
        take("step", reverse("assessments:step", args=[answering.token, data["step"]]))
        take("results", reverse("assessments:results", args=[done.token]), chart="#radar", height=1500)

        # The PDF through chromium's viewer: downloaded first (the app sends it as an attachment).
        response = page.request.get(base + reverse("assessments:pdf", args=[done.token]))
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as pdf_file:
            pdf_file.write(response.body())
        viewer = context.new_page()
        viewer.set_viewport_size({"width": 900, "height": 1200})
        viewer.goto(f"file://{pdf_file.name}#page=2&toolbar=0&navpanes=0&view=FitH")
        # The viewer paints inside its own extension frame, which Playwright cannot wait on:
        # take pictures until two in a row are the same and hold a page (an empty viewer, one
        # dark colour, compresses to a few kilobytes; a page of text to far more).
        viewer.wait_for_load_state("load")
        previous, shot = None, viewer.screenshot()
        for _ in range(200):
            if shot == previous and len(shot) > 30_000:
                break
            previous, shot = shot, viewer.screenshot()
        else:
            raise SystemExit("The PDF viewer showed no page: is /usr/bin/chromium's PDF viewer available?")
        (out / "pdf.png").write_bytes(shot)
        written.append(out / "pdf.png")
        os.unlink(pdf_file.name)

        page.goto(base + reverse("login"))
        page.fill("#id_username", "screenshots")
        page.fill("#id_password", data["password"])
        page.click("button[type=submit]")
        page.wait_for_url("**/consultant/")
        take(
            "team",
            reverse("consulting:round_detail", args=[data["round"].pk]),
            chart="#team-radar",
            height=1500,
            start="h2:has-text('Team placement')",
        )
        browser.close()
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    args = parser.parse_args()

    import django

    django.setup()
    data = sample_data()
    for path in shoot(args.base_url.rstrip("/"), Path(args.out), data):
        print(path)


if __name__ == "__main__":
    main()
