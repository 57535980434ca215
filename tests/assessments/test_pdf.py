"""The PDF roadmap: content parsed back out of the bytes, safety of the renderer."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from assessments import pdf
from stages.models import Recommendation
from tests.factories import realistic_assessment


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def get_pdf(client, assessment, **params):
    response = client.get(reverse("assessments:pdf", args=[assessment.token]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def test_pdf_names_placement_next_stage_and_every_gap_recommendation(client, make_assessment):
    assessment = make_assessment({"data": 1, "culture": 2}, default=3, organisation_name="Acme Ltd")

    response = get_pdf(client, assessment)

    reader, text = pdf_text(response.content)
    result = assessment.result
    assert len(reader.pages) >= 3
    assert f"Stage {result['stage']['number']} — {result['stage']['name']}" in text
    target = result["roadmap"]["target_stage"]
    assert f"Stage {target['number']} — {target['name']}" in text
    titles = [" ".join(r["title"].split()) for gap in result["roadmap"]["gaps"] for r in gap["recommendations"]]
    assert titles and [t for t in titles if t not in text] == []
    assert response["Content-Disposition"] == 'attachment; filename="cx-roadmap-acme-ltd.pdf"'


def test_pdf_chart_labels_and_legend_are_real_text(client, make_assessment):
    assessment = make_assessment({"data": 1}, default=3)

    reader, _ = pdf_text(get_pdf(client, assessment).content)

    # The chart is on the "Where you are" page: its axis labels and legend are text a reader can find and copy.
    page = " ".join(reader.pages[1].extract_text().split())
    short = assessment.result["chart"]["labels"]
    assert [label for label in short if label not in page] == []
    assert "Your scores" in page


def test_pdf_file_name_without_organisation_uses_date(client, make_assessment):
    assessment = make_assessment(3)

    response = get_pdf(client, assessment)

    expected = assessment.completed_at.strftime("%Y-%m-%d")
    assert response["Content-Disposition"] == f'attachment; filename="cx-roadmap-{expected}.pdf"'


def test_pdf_stage_five_gets_sustain_and_innovate(client, make_assessment):
    assessment = make_assessment(5)

    _, text = pdf_text(get_pdf(client, assessment).content)

    assert "Sustain and innovate" in text
    assert "Stage 5 — Transformative" in text
    flat = " ".join(text.split())
    assert "CX maturity roadmap — Stage 5: sustain and innovate" in flat
    assert "Every Stage 5 practice this model describes is already in place" in flat


def test_pdf_stage_five_lists_the_practices_in_place_and_the_stage_once(client, make_assessment):
    assessment = make_assessment(5)

    _, text = pdf_text(get_pdf(client, assessment).content)

    # Compared without spaces: the PDF's text puts one at every line end, even after a hyphen.
    def squeezed(value):
        return "".join(value.split())

    in_place = assessment.result["roadmap"]["in_place"]
    assert (len(in_place) > 0, [squeezed(p["title"]) in squeezed(text) for p in in_place]) == (
        True,
        [True] * len(in_place),
    )
    assert squeezed(text).count(squeezed(assessment.result["stage"]["description"])) == 1


def test_pdf_default_a4_and_letter_on_request(client, make_assessment):
    assessment = make_assessment(2)

    a4, _ = pdf_text(get_pdf(client, assessment).content)
    letter, _ = pdf_text(get_pdf(client, assessment, size="letter").content)

    a4_box = a4.pages[0].mediabox
    letter_box = letter.pages[0].mediabox
    assert (round(float(a4_box.width)), round(float(a4_box.height))) == (595, 842)
    assert (round(float(letter_box.width)), round(float(letter_box.height))) == (612, 792)


def test_pdf_unknown_size_is_400(client, make_assessment):
    assessment = make_assessment(2)

    response = client.get(reverse("assessments:pdf", args=[assessment.token]), {"size": "legal"})

    assert response.status_code == 400


def test_pdf_hostile_organisation_name_printed_literally(client, make_assessment):
    hostile = '<img src="file:///etc/passwd">'
    assessment = make_assessment(2, organisation_name=hostile)

    _reader, text = pdf_text(get_pdf(client, assessment).content)

    assert hostile in text
    assert "root:" not in text


def test_pdf_long_organisation_name_is_shortened_in_the_running_header_only(client, make_assessment):
    name = "Internationalisationsgesellschaft für Kundenerlebnisoptimierungsdienstleistungen Nordrhein-Westfalen GmbH"
    assessment = make_assessment(2, organisation_name=name)

    reader, _ = pdf_text(get_pdf(client, assessment).content)

    cover, second = (" ".join(page.extract_text().split()) for page in reader.pages[:2])
    assert name in cover
    assert f"· {name[:59]}…" in second and name not in second


def test_pdf_cover_has_no_running_header_or_page_number(client, make_assessment):
    assessment = make_assessment(2, organisation_name="Acme Ltd")

    reader, _ = pdf_text(get_pdf(client, assessment).content)

    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert ("Page 1 of" in pages[0], "CX maturity roadmap — Stage 2 to Stage 3 ·" in pages[0]) == (False, False)
    assert pages[1].endswith(f"Page 2 of {len(pages)}")


def test_pdf_section_heading_and_introduction_stay_with_what_they_introduce(client, cx_model):
    # The benchmarks' long stage-2 roadmap: a plan heading must not end a page on its own.
    assessment = realistic_assessment()

    reader, _ = pdf_text(get_pdf(client, assessment).content)

    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    plan_page = next(p for p in pages if "Your plan: the next 12–18 months" in p)
    roadmap_page = next(p for p in pages if "Your roadmap to Stage" in p)
    assert ("First 90 days" in plan_page, "Start here" in roadmap_page) == (True, True)


def test_pdf_has_title_language_and_tags(client, make_assessment):
    assessment = make_assessment(2)

    reader, _ = pdf_text(get_pdf(client, assessment).content)

    root = reader.trailer["/Root"]
    assert reader.metadata.title == "CX maturity roadmap — Stage 2 to Stage 3"
    assert (root["/Lang"], "/StructTreeRoot" in root) == ("en", True)


def test_pdf_second_download_served_from_cache(client, make_assessment, monkeypatch):
    assessment = make_assessment(2)
    first = get_pdf(client, assessment).content
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: pytest.fail("rendered twice"))

    second = get_pdf(client, assessment).content

    assert second == first


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://cx-maturity.invalid/static/../../settings.py",
        "https://cx-maturity.invalid/admin/",
        "ftp://127.0.0.1/x",
    ],
)
def test_pdf_fetcher_refuses_foreign_urls(url):
    with pytest.raises(URLFetchingError):
        pdf.StaticOnlyFetcher().fetch(url)


def test_pdf_fetcher_refusal_is_logged_without_path_or_query(caplog):
    url = "http://example.com/a/" + "t" * 40 + "/secret?token=abc"

    with pytest.raises(URLFetchingError):
        pdf.StaticOnlyFetcher().fetch(url)

    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("assessments.pdf", "WARNING", "PDF renderer refused to fetch a http URL on example.com")
    ]


def test_pdf_fetcher_serves_own_static_files():
    response = pdf.StaticOnlyFetcher().fetch(pdf.STATIC_PREFIX + "css/pdf.css")

    assert response.read().startswith(b"/* Print stylesheet")


def test_pdf_attachment_link_to_local_file_is_not_embedded():
    xhtml = '<html lang="en"><head><title>t</title><link rel="attachment" href="file:///etc/passwd"/></head><body><p>x</p></body></html>'

    content = pdf.render_pdf(xhtml)

    assert b"root:x:0:0" not in content
    assert b"/EmbeddedFile" not in content


def test_pdf_never_contains_the_private_link(client, make_assessment):
    assessment = make_assessment(2)

    _, text = pdf_text(get_pdf(client, assessment).content)

    assert assessment.token not in text
    assert "Take the assessment again at any time: http://testserver/" in text


def test_held_back_shortlist_keeps_noted_answers_and_the_weakest_in_order():
    entries = [{"question": q, "level": 1, "note": ""} for q in "abcd"] + [
        {"question": "e", "level": 2, "note": "Evidence"}
    ]

    shortlist = pdf.held_back_shortlist(entries)

    assert [e["question"] for e in shortlist["held_shown"]] == ["a", "b", "e"]
    assert shortlist["held_more"] == 2


def test_held_back_shortlist_of_few_answers_shows_them_all():
    entries = [{"question": "a", "level": 1}, {"question": "b", "level": 2, "note": "  "}]

    assert pdf.held_back_shortlist(entries) == {"held_shown": entries, "held_more": 0}


def test_pdf_stage_five_with_a_dimension_below_five_lists_each_practice_once(client, make_assessment):
    assessment = make_assessment({"data": 4}, default=5)

    _, text = pdf_text(get_pdf(client, assessment).content)

    squeezed = "".join(text.split())
    planned = [a["recommendation"] for h in assessment.result["roadmap"]["plan"] for a in h["actions"]]
    assert [squeezed.count("".join(r["rationale"].split())) for r in planned] == [1] * len(planned)
    assert "The practices above" not in text


def test_pdf_stage_five_dimension_without_practices_says_so(client, make_assessment):
    # An admin removed the stage-5 practices of the one dimension below 5, and every other
    # stage-5 practice is in place: nothing is proposed, and the PDF says why.
    Recommendation.objects.filter(dimension__slug="data", target_stage__number=5).delete()
    assessment = make_assessment({"data": 4}, default=5)

    _, text = pdf_text(get_pdf(client, assessment).content)

    planned = [a["recommendation"] for h in assessment.result["roadmap"]["plan"] for a in h["actions"]]
    assert planned == []
    assert "What to do: nothing new to start here." in " ".join(text.split())
