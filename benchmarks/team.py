"""The team report of a round of 500 completed respondents: page, PDF, workbook and deck.

    .venv/bin/python benchmarks/team.py [-n 5] [--wall]

Builds a round of 500 completed responses (eight distinct realistic results,
copied with roles and departments from the round's lists) on a throwaway
SQLite database with production settings, then times, as the views do them:

* the team page (GET of the round page by its consultant; nothing cached), target < 150 ms,
  with the round's team figures as stored at their last build (consulting.selectors.team_figures),
  and after a new response, when the same GET rebuilds them from every frozen result first;
* the team PDF against WeasyPrint's floor for the same text laid out as plain
  paragraphs on as many pages (benchmarks/pdf.py), target <= 2x;
* the Excel workbook and the PowerPoint deck, each from the round (team
  result included), target < 2 s.

CPU time of this process by default (other load on the machine does not
inflate it); --wall for the wall clock.
"""

import argparse
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

RESPONDENTS = 500
PAGE_TARGET_MS = 150
PDF_TARGET_RATIO = 2.0
FILE_TARGET_S = 2.0
ROLES = ["Executive", "Manager", "Team lead", "Frontline staff", "Prefer not to say"]
DEPARTMENTS = ["Customer service", "Sales", "Marketing", "Operations", "IT", "Finance"]


def build_round():
    """A consultant, a client, and a round with RESPONDENTS completed responses."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments import services as assessment_services
    from assessments.models import Assessment
    from consulting import services

    user = get_user_model().objects.create_user("bench", password="bench-password-123")
    services.consultant_add(user=user)
    services.profile_update(user=user, first_name="Alice", last_name="Archer", firm="Archer & Co")
    client = services.client_create(owner=user, name="Northwind Traders Ltd")
    round = services.round_create(
        client=client,
        title="Baseline 2026",
        expected_respondents=RESPONDENTS,
        role_options=ROLES[:-1],
        department_options=DEPARTMENTS,
    )
    rng = random.Random(500)
    results = []
    for seed in range(8):
        person = services.round_response_start(round=round)
        choices = {}
        for step in assessment_services.questionnaire_steps():
            base = common.REALISTIC_LEVELS.get(step.dimension.slug, [2, 3])
            for i, question in enumerate(step.questions):
                level = max(1, min(5, base[i % len(base)] + rng.choice([-1, 0, 0, 1, 2]) + (seed % 3) - 1))
                choices[question] = next(o for o in question.options.all() if o.level == level)
        assessment_services.answers_save(assessment=person, choices=choices)
        assessment_services.assessment_complete(assessment=person)
        person.refresh_from_db()
        results.append(person.result)
    now = timezone.now()
    copies = [
        Assessment(
            round=round,
            organisation_name=client.name,
            respondent_number=9 + i,
            respondent_role=rng.choice(ROLES),
            department=rng.choice(DEPARTMENTS),
            completed_at=now,
            result=results[i % len(results)],
        )
        for i in range(RESPONDENTS - len(results))
    ]
    for copy in copies:
        copy.issue_token()  # bulk_create skips save(), which gives each its own private link
    Assessment.objects.bulk_create(copies)
    type(round).objects.filter(pk=round.pk).update(respondents_started=RESPONDENTS)
    round.refresh_from_db()
    return user, round


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--wall", action="store_true", help="time with the wall clock instead of CPU time")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time

    common.setup_django()
    import pdf as pdf_bench
    import weasyprint
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse

    from assessments import pdf
    from consulting import office, report, selectors, services
    from consulting.models import RoundFigures

    user, round = build_round()
    browser = Client(SERVER_NAME="localhost")
    browser.force_login(user)
    page_url = reverse("consulting:round_detail", args=[round.pk])

    def page():
        response = browser.get(page_url)
        assert response.status_code == 200, response.status_code

    def forget_figures():
        # What a new completion does to the stored figures' key: the next read rebuilds them.
        RoundFigures.objects.filter(round=round).delete()

    # The PDF's XHTML, built exactly as the view does (the view's context function).
    team = selectors.round_team_result(round=round)
    team_report = report.round_team_report(round=round, team=team)
    consultant = services.consultant_display_name(user=user)
    ctx = pdf.roadmap_context(
        result=team.pooled,
        organisation=round.client.name,
        date=team.last_completed_at,
        consultant=consultant,
        subtitle=round.title,
        respondents=team.completed,
        confidence={s.key: s.confidence for s in team.summaries},
    )
    ctx.update(team_report=team_report, dimension_names={d.key: d.name for d in team.dimensions})
    html = render_to_string("pdf/roadmap.html", ctx)
    pages = len(pdf.XHTMLDocument(html).render(stylesheets=[pdf._stylesheet("A4")]).pages)
    text = pdf_bench.visible_text(html)
    plain, plain_pages, _ = pdf_bench.plain_document(text, pages=pages)

    def xlsx():
        office.round_xlsx(report=report.round_team_report(round=round), consultant=consultant)

    def pptx():
        r = report.round_team_report(round=round)
        office.round_pptx(report=r, consultant=consultant, date=r.team.last_completed_at)

    for fn in (page, xlsx, pptx, lambda: pdf.render_pdf(html), lambda: weasyprint.HTML(string=plain).write_pdf()):
        fn()  # warm-up
    gc.collect()
    gc.freeze()
    samples = {"page": [], "rebuild": [], "pdf": [], "floor": [], "xlsx": [], "pptx": []}
    for _ in range(args.n):
        cache.clear()
        samples["page"] += common.timed(page, 1, 0, clock)
        forget_figures()
        samples["rebuild"] += common.timed(page, 1, 0, clock)
        samples["pdf"] += common.timed(lambda: pdf.render_pdf(html), 1, 0, clock)
        samples["floor"] += common.timed(lambda: weasyprint.HTML(string=plain).write_pdf(), 1, 0, clock)
        samples["xlsx"] += common.timed(xlsx, 1, 0, clock)
        samples["pptx"] += common.timed(pptx, 1, 0, clock)
    ms = {k: common.median_ms(v) for k, v in samples.items()}
    ratio = ms["pdf"] / ms["floor"]

    print(
        f"\nTeam report of a round of {RESPONDENTS} completed respondents "
        f"(median of {args.n}, {'wall' if args.wall else 'CPU'} time)"
    )
    print(f"  team PDF: {len(text):,} characters of text, {pages} A4 pages; floor: the same text, {plain_pages} pages")
    rows = [
        ("team page render (uncached)", f"{ms['page']:.0f} ms", f"< {PAGE_TARGET_MS} ms", ms["page"] < PAGE_TARGET_MS),
        ("  first render after a new response", f"{ms['rebuild']:.0f} ms", "", None),
        ("team PDF render", f"{ms['pdf']:.0f} ms", "", None),
        ("plain document of the same text (floor)", f"{ms['floor']:.0f} ms", "", None),
        ("team PDF / floor", f"{ratio:.2f}x", f"<= {PDF_TARGET_RATIO:g}x", ratio <= PDF_TARGET_RATIO),
        ("XLSX build", f"{ms['xlsx']:.0f} ms", f"< {FILE_TARGET_S:g} s", ms["xlsx"] < FILE_TARGET_S * 1000),
        ("PPTX build", f"{ms['pptx']:.0f} ms", f"< {FILE_TARGET_S:g} s", ms["pptx"] < FILE_TARGET_S * 1000),
    ]
    print(f"\n  {'measure':<42} {'value':>10}  {'target':<10} ok")
    for label, value, target, ok in rows:
        print(f"  {label:<42} {value:>10}  {target:<10} {'' if ok is None else ('yes' if ok else 'NO')}")
    return ms


if __name__ == "__main__":
    main()
