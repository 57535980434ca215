"""The team roadmap's evidence and advice: one line per question, counts and roles, small groups unnamed."""

import re

import pytest
from django.urls import reverse

from consulting import selectors
from consulting.models import Client
from stages.models import RecommendationQuestion
from tests.assessments.test_pdf import pdf_text


@pytest.fixture
def mixed_round(acme_round, respond):
    """Minimum group size 3: three Executives and one COO answer leadership at 1, three Frontline at 2."""
    Client.objects.filter(pk=acme_round.client_id).update(min_group_size=3)
    acme_round.client.refresh_from_db()
    for _ in range(3):
        respond(acme_round, {"leadership": 1}, default=3, role="Executive")
    respond(acme_round, {"leadership": 1}, default=3, role="COO")
    for role in ("Frontline", "frontline", "Frontline"):
        respond(acme_round, {"leadership": 2}, default=3, role=role)
    return acme_round


def leadership_gap(round):
    team = selectors.round_team_result(round=round)
    return next(g for g in team.document.roadmap["gaps"] if g["key"] == "leadership")


def test_team_evidence_has_one_line_per_question_with_counts_and_roles(mixed_round):
    gap = leadership_gap(mixed_round)

    questions = [q["question"] for q in gap["evidence"]]
    assert len(questions) == len(set(questions)) == 5
    first = gap["evidence"][0]
    assert [(a["level"], a["count"], a["roles"], a["others"]) for a in first["answers"]] == [
        (1, 4, [{"name": "Executive", "count": 3}], 1),
        (2, 3, [{"name": "Frontline", "count": 3}], 0),
    ]


def test_team_page_names_no_role_group_smaller_than_the_minimum(alice, mixed_round):
    page = alice.get(reverse("consulting:round_detail", args=[mixed_round.pk])).content.decode()
    roadmap = page[page.index('id="roadmap-heading"') :]
    text = " ".join(re.sub(r"<[^>]+>", " ", roadmap).split())

    assert "4 respondents — Executive 3, other roles 1" in text
    assert "3 respondents — Frontline 3" in text
    assert "COO" not in text
    assert "answered:" not in text


def test_team_pdf_gives_the_same_evidence_without_small_roles(alice, mixed_round):
    response = alice.get(reverse("consulting:round_pdf", args=[mixed_round.pk]))
    _, text = pdf_text(response.content)

    assert "4 (Executive 3, other roles 1)" in text
    assert "COO" not in text


def test_team_roadmap_leaves_out_practices_the_median_answer_shows_in_place(mixed_round):
    team = selectors.round_team_result(round=mixed_round)
    roadmap = team.document.roadmap
    proposed = {a["recommendation"]["code"] for h in roadmap["plan"] for a in h["actions"]}
    proposed |= {a["recommendation"]["code"] for a in roadmap["later"]}
    mappings = RecommendationQuestion.objects.select_related("recommendation", "question")
    answers = [a for r in team.respondents for a in r.assessment.result["answers"]]

    def median(question):
        levels = sorted(a["level"] for a in answers if a["question"] == question and a["level"] is not None)
        middle = len(levels) // 2
        return levels[middle] if len(levels) % 2 else (levels[middle - 1] + levels[middle]) / 2

    in_place = {m.recommendation.code for m in mappings if median(m.question.code) >= m.in_place_level}
    assert in_place  # the seven answered 3 outside leadership: stage-2 and stage-3 practices there are in place
    assert proposed.isdisjoint(in_place)
    assert {p["code"] for p in roadmap["in_place"]} <= in_place
