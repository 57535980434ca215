"""A finished assessment's PDF is rendered by the worker, so the respondent's first download is a cached one."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments import services as assessment_services
from invitations.prerender import assessment_pdf_warm

from .conftest import run_worker


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def finish_in_browser_flow(client, make_assessment):
    """Answer everything, then press Finish on the last step as a respondent does."""
    assessment = make_assessment(3, complete=False)
    steps = assessment_services.questionnaire_steps()
    last = steps[-1]
    data = {f"q_{q.code}": str(q.options.all()[2].pk) for q in last.questions}
    data["action"] = "finish"
    response = client.post(reverse("assessments:step", args=[assessment.token, last.number]), data)
    assert response["Location"] == reverse("assessments:results", args=[assessment.token])
    return assessment


def test_prerender_first_download_is_cached(client, make_assessment):
    assessment = finish_in_browser_flow(client, make_assessment)
    run_worker()  # the render task queued by the finish
    with mock.patch("assessments.pdf.render_pdf", side_effect=AssertionError("rendered in the request")):
        response = client.get(reverse("assessments:pdf", args=[assessment.token]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF-")


def test_without_the_worker_the_first_download_renders(client, make_assessment):
    assessment = finish_in_browser_flow(client, make_assessment)
    with mock.patch("assessments.pdf.render_pdf", return_value=b"%PDF-fresh") as render:
        client.get(reverse("assessments:pdf", args=[assessment.token]))
    assert render.call_count == 1


def test_prerender_of_a_deleted_assessment_does_nothing(make_assessment):
    assessment = make_assessment(3)
    pk = assessment.pk
    assessment.delete()
    assert assessment_pdf_warm(assessment_id=pk, site_url="http://testserver/") is False


def test_prerendered_pdf_is_forgotten_with_its_assessment_whatever_its_key(make_assessment):
    from assessments import pdf

    assessment = make_assessment(3)
    assessment_pdf_warm(assessment_id=assessment.pk, site_url="https://cx.example.com/")
    stored_under = pdf.assessment_cache_key(assessment, size="a4")
    # The key digests the stored result: had a migration rewritten it since, the key
    # recomputed at deletion would differ. The group still knows where the copy is.
    assessment.result = {**assessment.result, "rewritten": True}

    assessment.delete()

    assert cache.get(stored_under) is None
