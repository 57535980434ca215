"""The results page and the PDF of a stored snapshot, as text that two renderings can be compared by.

Used by test_snapshot_rendering.py, and by the script that froze its expected
pages (tests/assessments/data/snapshots/README.md) at the commit before
results were read through maturity.result: the same code made both.
"""

import datetime
import json
import re
from pathlib import Path

from django.core.cache import caches
from django.urls import reverse

from assessments import pdf as pdf_render
from assessments.models import Assessment

SNAPSHOTS = Path(__file__).parent / "data" / "snapshots"
# A fixed link, so that the pages (which show their owner the private link) compare.
TOKEN = "Zm9yLXNuYXBzaG90LXRlc3RzLW9ubHktMDAwMDAwMA"


def stored(case: str) -> dict:
    return json.loads((SNAPSHOTS / f"{case}.json").read_text(encoding="utf-8"))


def assessment_holding(result: dict) -> Assessment:
    """A completed assessment whose stored result is `result`, completed when it says.

    Every cache is emptied first: the page's fragment and the PDF are cached
    by the assessment's id, which another test's assessment may have had.
    """
    for alias in caches:
        caches[alias].clear()
    assessment = Assessment(
        organisation_name=result.get("organisation_name", ""),
        respondent_role=result.get("respondent_role", ""),
        completed_at=datetime.datetime.fromisoformat(result["completed_at"]),
        result=result,
    )
    assessment.token = TOKEN
    assessment.save()
    return assessment


def _normalised(text: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="…"', text)
    return text


def results_page(client, assessment: Assessment) -> str:
    response = client.get(reverse("assessments:results", args=[TOKEN]))
    assert response.status_code == 200
    return _normalised(response.content.decode())


def pdf_markup(client, assessment: Assessment, monkeypatch) -> str:
    """The XHTML the PDF is printed from (WeasyPrint's output itself carries a creation date)."""
    printed = []
    monkeypatch.setattr(pdf_render, "render_pdf", lambda xhtml, page_size="A4": printed.append(xhtml) or b"%PDF")
    response = client.get(reverse("assessments:pdf", args=[TOKEN]))
    assert response.status_code == 200
    return _normalised(printed[0])
