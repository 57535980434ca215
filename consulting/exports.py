"""Exports of a round: the CSV of every answer, an Excel workbook and a PowerPoint deck of the team report.

None of them names a role or department group smaller than the client's
minimum (the report and the respondents' shown names already leave them
out), and no text anyone typed is ever a formula: CSV cells are defused by
maturity.cells, workbook text is written as strings (and defused the same
way, so it stays inert when the file is saved back as CSV)."""

from __future__ import annotations

import datetime

from assessments import services as assessment_services
from assessments.models import Answer
from maturity import cells
from maturity.figures import displayed
from maturity.result import Figures

from .models import Round
from .selectors import (
    POOLED_LABEL,
    TEAM_SCORE_LABEL,
    frozen_answers,
    frozen_results,
    round_respondents,
    round_team_result,
)

CSV_HEADER = [
    "Respondent number",
    "Respondent",
    "Role",
    "Department",
    "Dimension",
    "Question code",
    "Question",
    "Level",
    "Answer",
    "Note",
    "Completed at (UTC)",
    # Last, so the columns before keep their places; they make CSVs of several rounds
    # or clients safe to paste into one sheet.
    "Mode",
    "Client",
    "Round",
]


def answer_rows(*, round: Round, respondents=None, results: dict[int, Figures] | None = None):
    """The CSV's rows (after its header): one per answer of everyone in the round.

    A completed response is exported from its frozen result: the wording of
    the questions and answers as the respondent saw them, whatever was edited
    in admin since. An unfinished one is exported as it stands.
    """
    respondents = respondents if respondents is not None else round_respondents(round=round)
    results = results if results is not None else frozen_results(round=round)
    # Finished as of the respondent list: one who finishes while this runs has a frozen
    # result already but is not finished in the list, and is exported as unfinished.
    finished = {r.assessment.pk for r in respondents if r.finished and r.assessment.pk in results}
    unfinished = [r.assessment.pk for r in respondents if r.assessment.pk not in finished]
    saved: dict[int, list] = {pk: [] for pk in unfinished}
    answers = (
        Answer.objects.filter(assessment_id__in=unfinished)
        .select_related("question__dimension", "option")
        .order_by("question__dimension__order", "question__order", "question__id")
    )
    for answer in answers:
        saved[answer.assessment_id].append(answer)

    for respondent in respondents:
        a = respondent.assessment
        if a.pk in finished:
            names = results[a.pk].dimension_names
            given = frozen_answers(results[a.pk])
            completed = a.completed_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")
        else:
            names = {row.question.dimension.slug: row.question.dimension.name for row in saved[a.pk]}
            given = assessment_services.answered_questions(saved[a.pk])
            completed = ""
        who = [a.respondent_number, respondent.label, respondent.role, respondent.department]
        where = ["Facilitated" if a.facilitated else "Invite link", round.client.name, round.title]
        for answer in given:
            dimension = names.get(answer.dimension, answer.dimension)
            yield (
                who
                + [dimension, answer.question, answer.text, answer.level, answer.label, answer.note, completed]
                + where
            )


def round_csv(*, round: Round) -> bytes:
    """One row per answer of everyone in the round (unfinished responses have no completion time)."""
    return cells.csv_bytes(CSV_HEADER, answer_rows(round=round))


def round_scores_csv(*, round: Round) -> bytes:
    """One row per dimension: the team score (the figure of the page, comparison and PDF), spread, pooled, target."""
    team = round_team_result(round=round)
    header = [
        "Dimension",
        TEAM_SCORE_LABEL,
        "Lowest respondent",
        "Highest respondent",
        "Spread",
        POOLED_LABEL,
        "Target",
        "Respondents",
        "Client",
        "Round",
    ]

    def shown(value):
        return "" if value is None else f"{displayed(value):.2f}"

    rows = (
        [
            row["summary"].name,
            shown(row["summary"].mean),
            shown(row["summary"].minimum),
            shown(row["summary"].maximum),
            ""
            if row["summary"].mean is None
            else f"{displayed(row['summary'].maximum) - displayed(row['summary'].minimum):.2f}",
            shown(row["pooled"]),
            row["target"] if row["target"] is not None else "",
            team.completed,
            round.client.name,
            round.title,
        ]
        for row in team.rows
    )
    return cells.csv_bytes(header, rows)
