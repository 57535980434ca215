"""The roadmap PDF of a just-completed assessment, rendered by the worker into the cache.

The first download then comes from the cache like every later one. The key
and context must be exactly those of assessments.views.pdf: the test
test_prerender_first_download_is_cached fails if they drift apart.
"""

from assessments import pdf as pdf_render
from assessments.models import Assessment
from peers import selectors as peer_selectors


def assessment_pdf_warm(*, assessment_id: int, site_url: str, size: str = "a4") -> bool:
    """Render and cache the PDF; False if the assessment is gone or unfinished."""
    assessment = Assessment.objects.filter(pk=assessment_id, completed_at__isnull=False).first()
    if assessment is None:
        return False
    result = assessment.snapshot
    key = pdf_render.assessment_cache_key(assessment, size=size)
    ctx = pdf_render.roadmap_context(
        result=result, organisation=assessment.organisation_name, date=assessment.completed_at, site_url=site_url
    )
    ctx["peers"] = peer_selectors.assessment_section(assessment=assessment)  # as assessments.views.pdf
    # Recorded under the assessment's group as the download's is: deleting it forgets this copy
    # whatever key it was stored under.
    pdf_render.cached_pdf(
        key=key, template="pdf/roadmap.html", context=ctx, size=size, group=f"assessment:{assessment.pk}"
    )
    return True


def assessment_pdf_enqueue(*, assessment: Assessment, site_url: str) -> None:
    """Queue the render (the completion has committed: the signal comes after it)."""
    from .tasks import render_roadmap_pdf

    render_roadmap_pdf.enqueue(assessment.pk, site_url)


def on_assessment_completed(sender, *, assessment: Assessment, site_url: str, **kwargs) -> None:
    assessment_pdf_enqueue(assessment=assessment, site_url=site_url)
