"""Results already given do not change: a version-1 snapshot renders as it was given, new results use the new engine.

tests/assessments/data/result_v1.json is a result frozen by the version-1
engine (commit 69c3474) for the issue's case: Organisation & Collaboration
answered at level 2 throughout, the rest at 3. Version 1 placed it at Stage 3
("close enough not to hold it back"); version 2 places the same answers at
Stage 2, held by the dimension that defines Stage 3.
"""

import json
import re
from pathlib import Path

from django.urls import reverse

from assessments.models import Assessment
from assessments.snapshots import with_targets
from tests.assessments.test_pdf import get_pdf, pdf_text

V1 = json.loads((Path(__file__).parent / "data" / "result_v1.json").read_text(encoding="utf-8"))


def page_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def frozen_v1(make_assessment):
    """An assessment holding the version-1 snapshot as migration 0006 left it."""
    assessment = make_assessment({"organisation": 2, "data": 3, "leadership": 3}, default=3)
    Assessment.objects.filter(pk=assessment.pk).update(result=with_targets(V1))
    assessment.refresh_from_db()
    return assessment


def test_version_1_result_page_renders_as_it_was_given(client, make_assessment):
    assessment = frozen_v1(make_assessment)

    text = page_text(client.get(reverse("assessments:results", args=[assessment.token])).content.decode())

    assert "Stage 3 — Cross-Functional Coordination" in text
    assert "Also known as Connected (Collaborative)" in text
    assert "is close enough not to hold it back, so you are placed at Stage 3." in text
    assert [phrase in text for phrase in ("Confidence 100%", "Your next 90 days", "First 30 days", "Start here")] == [
        True,
        True,
        True,
        False,
    ]


def test_version_1_pdf_renders_as_it_was_given(client, make_assessment):
    assessment = frozen_v1(make_assessment)

    _, text = pdf_text(get_pdf(client, assessment).content)

    assert ("Your next 90 days" in text, "First 30 days" in text, "Start here" in text) == (True, True, False)
    assert "Stage 3 — Cross-Functional Coordination" in text


def test_same_answers_today_are_placed_by_the_version_2_engine(client, make_assessment):
    assessment = make_assessment({"organisation": 2, "data": 3, "leadership": 3}, default=3)

    text = page_text(client.get(reverse("assessments:results", args=[assessment.token])).content.decode())

    assert (assessment.result["version"], assessment.result["stage"]["number"]) == (2, 2)
    assert assessment.result["score"]["held_by"] == "organisation"
    assert "Stage 2 — Structured (also called Defined)" in text
    assert "close enough" not in text
    assert "27 of 27" in text and "Confidence" not in text
    assert ("Start here" in text, "First 90 days" in text, "First 30 days" in text) == (True, True, False)


def test_migration_copies_each_target_out_of_the_chart_and_changes_nothing_else():
    migrated = with_targets(V1)

    assert [d["target"] for d in migrated["dimensions"]] == V1["chart"]["series"][1][1] == [4, 4, 4, 4, 4, 4]
    assert migrated["target_name"] == V1["chart"]["series"][1][0] == "Stage 4 — Data-Driven Excellence"
    assert [{k: v for k, v in d.items() if k != "target"} for d in migrated["dimensions"]] == V1["dimensions"]
    assert {k: v for k, v in migrated.items() if k not in ("dimensions", "target_name")} == {
        k: v for k, v in V1.items() if k != "dimensions"
    }
    assert with_targets(migrated) == migrated


def test_version_1_table_shows_the_targets_it_showed(client, make_assessment):
    assessment = frozen_v1(make_assessment)

    page = client.get(reverse("assessments:results", args=[assessment.token])).content.decode()

    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="text-end">[^<]*</td><td class="text-end">(\d)</td>', page
    )
    assert [int(target) for _, target in rows] == V1["chart"]["series"][1][1]


def test_new_results_carry_each_target_beside_its_score(make_assessment):
    result = make_assessment({"data": 1}, default=3).result

    # Placed at Stage 2 (data caps it): every dimension aims at Stage 3.
    assert [d["target"] for d in result["dimensions"]] == [3] * 6
    assert result["target_name"] == "Stage 3 — Cross-Functional Coordination"
    assert result["chart"]["series"][1] == [result["target_name"], [3] * 6]
