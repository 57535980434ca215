"""Every stored result renders as it did before results were read through maturity.result.

tests/assessments/data/snapshots holds results frozen by the engine (a
version-1 result as migration 0006 left it, and version-2 results: a realistic
mix, stage 5, a capped and a held placement, a consultant's targets), with the
results page and the PDF's markup each rendered, by the same code
(snapshot_pages.py), at the commit before the change (6127873). Each is
rendered now from the snapshot as stored and from the snapshot as migration
0007 rewrites it: both must equal the page given then, byte for byte.
"""

import pytest

from assessments.models import Assessment
from assessments.snapshots import normalised
from tests.assessments import snapshot_pages as pages

CASES = ["v1", "v2-realistic", "v2-stage5", "v2-capped", "v2-held", "v2-targets"]


def expected(case: str, kind: str) -> str:
    return (pages.SNAPSHOTS / f"{case}.{kind}").read_text(encoding="utf-8")


@pytest.mark.parametrize("migrated", [False, True], ids=["as-stored", "migrated"])
@pytest.mark.parametrize("case", CASES)
def test_stored_result_renders_page_and_pdf_as_before(client, cx_model, monkeypatch, case, migrated):
    result = pages.stored(case)
    assessment = pages.assessment_holding(normalised(result) if migrated else result)

    page = pages.results_page(client, assessment)
    markup = pages.pdf_markup(client, assessment, monkeypatch)

    assert page == expected(case, "results.html")
    assert markup == expected(case, "pdf.xhtml")


@pytest.mark.parametrize("case", CASES)
def test_stored_result_is_already_in_its_migrated_form(case):
    # Results frozen by this engine need no rewriting: the migration changes older ones only.
    result = pages.stored(case)

    assert normalised(result) == result


def test_stored_results_cover_both_versions_and_a_consultants_targets():
    results = {case: pages.stored(case) for case in CASES}

    assert sorted({r["version"] for r in results.values()}) == [1, 2]
    assert {r["stage"]["number"] for r in results.values()} >= {2, 3, 5}
    assert results["v2-targets"]["target_name"] == "Target"
    assert Assessment.objects.model._meta.get_field("result").null
