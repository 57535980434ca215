"""The PDF's own document path: XHTML parsed as XML, a cut-down user-agent stylesheet.

Both exist for speed only, so the PDF they make must be the one WeasyPrint
makes from the same markup with its own HTML parser and its own stylesheet,
byte for byte, for every kind of document the app hands out.
"""

import io

import pytest
import weasyprint
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessments import pdf
from assessments import services as assessment_services
from assessments.models import Answer
from consulting import services as consulting_services
from maturity.result import Result
from stages.models import Recommendation
from tests.factories import realistic_assessment

# The renderer itself, whatever a test's spy puts in its place.
RENDER_PDF = pdf.render_pdf
HOSTILE_NAME = (
    '<img src="file:///etc/passwd"> & "Ünïcødé" Ltd — שלום ✓ ' + "W" * 50
)  # 106 characters: over the header's 60, under the field's 120


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def rendered(monkeypatch):
    """The XHTML every PDF download of the test renders, in order."""
    seen = []

    def spy(xhtml, **kwargs):
        seen.append((xhtml, kwargs))
        return RENDER_PDF(xhtml, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", spy)
    return seen


def weasyprints_own(xhtml: str, page_size: str = "A4") -> bytes:
    """The PDF WeasyPrint makes of the same markup through its HTML5 parser and its own user-agent stylesheet."""
    document = weasyprint.HTML(string=xhtml, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyFetcher())
    return pdf.write_document(document, page_size=page_size)


def assert_same_as_weasyprints_own(rendered):
    assert rendered, "no PDF was rendered"
    for xhtml, kwargs in rendered:
        assert RENDER_PDF(xhtml, **kwargs) == weasyprints_own(xhtml, kwargs.get("page_size", "A4"))


def test_pdf_document_of_a_long_roadmap_is_weasyprints_own(client, cx_model, rendered):
    assessment = realistic_assessment()

    client.get(reverse("assessments:pdf", args=[assessment.token]))

    assert_same_as_weasyprints_own(rendered)


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_pdf_document_of_stage_five_and_hostile_text_is_weasyprints_own(client, make_assessment, rendered, size):
    assessment = make_assessment(5, organisation_name=HOSTILE_NAME, respondent_role='"><script>x</script>')

    client.get(reverse("assessments:pdf", args=[assessment.token]), {"size": size})

    assert_same_as_weasyprints_own(rendered)


def test_pdf_document_of_a_team_with_notes_is_weasyprints_own(client, make_assessment, rendered, django_user_model):
    user = django_user_model.objects.create_user("alice", password="pw-Alice-2026")
    user.groups.add(Group.objects.get(name="Consultants"))
    consulting_services.profile_update(user=user, first_name="Alice", last_name="Archer", firm="Archer & Co")
    client_org = consulting_services.client_create(owner=user, name=HOSTILE_NAME, industry="Retail", size_band="50-249")
    round_ = consulting_services.round_create(client=client_org, title="Baseline <b>1</b>")
    make_assessment(2, round=round_, respondent_role="Executive", start=consulting_services.round_response_start)
    workshop = make_assessment(
        {"data": 1}, round=round_, facilitated=True, complete=False, start=consulting_services.round_response_start
    )
    Answer.objects.filter(assessment=workshop, question__dimension__slug="data").update(
        note="CRM is a spreadsheet & <b>so</b>\non"
    )
    assessment_services.assessment_complete(assessment=workshop)
    client.force_login(user)

    client.get(reverse("consulting:round_pdf", args=[round_.pk]))

    assert_same_as_weasyprints_own(rendered)


def test_pdf_text_with_characters_xml_forbids_still_downloads(client, make_assessment):
    # Admin-edited model text reaches the PDF without a form's cleaning.
    recommendation = Recommendation.objects.filter(dimension__slug="data", target_stage__number=2).first()
    recommendation.title = "Keep\x0b one\x1f list\ufffe of customer contacts"
    recommendation.save()
    assessment = make_assessment({"data": 1}, default=3)

    response = client.get(reverse("assessments:pdf", args=[assessment.token]))

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response.status_code == 200
    assert "Keep one list of customer contacts" in " ".join(text.split())


def test_pdf_template_is_well_formed_xml_whatever_people_type(make_assessment):
    result = make_assessment({"data": 1}, default=2).result

    @settings(max_examples=300)
    @given(typed=st.text(), note=st.text())
    def check(typed, note):
        frozen = {**result, "respondent_role": typed}
        frozen["roadmap"] = {**result["roadmap"], "gaps": [dict(gap) for gap in result["roadmap"]["gaps"]]}
        gap = frozen["roadmap"]["gaps"][0]
        gap["holding_back"] = [{**gap["holding_back"][0], "note": note}]
        context = pdf.roadmap_context(
            result=Result.from_json(frozen),
            organisation=typed,
            date=timezone.now(),
            consultant=typed,
            subtitle=typed,
        )

        document = pdf.XHTMLDocument(render_to_string("pdf/roadmap.html", context))

        assert document.etree_element.tag == "html"

    check()
