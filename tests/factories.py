"""Test data shared by the tests and the benchmarks: the one place that builds answered assessments.

Django must be set up (these use the services and the loaded model).
"""

import random
from collections.abc import Mapping

from maturity.result import VERSION, DimensionResult, Placement, Result
from maturity.roadmap import StageProfile

# A respondent whose organisation is at stage 2 with several dimensions lagging:
# the longest roadmap (many gaps, many recommendations), so the heaviest PDF.
REALISTIC_LEVELS = {
    "leadership": [2, 3, 2, 2, 3],
    "insight": [1, 2, 2, 1, 2],
    "organisation": [2, 2, 3, 2, 2],
    "data": [1, 1, 2, 2, 1],
    "delivery": [3, 2, 3, 3, 2],
    "culture": [2, 3, 2, 2, 3],
}


def scored_result_json(
    *,
    overall: float,
    scores: Mapping[str, float],
    names: Mapping[str, str] | None = None,
    stage: StageProfile | None = None,
) -> dict:
    """A completed result's JSON holding what a comparison reads: the overall score and each dimension's.

    Dimensions are named by `names` (else by their key); the result is placed
    at `stage` if one is given. Nothing else (answers, roadmap) is filled in.
    """
    number = stage.number if stage else None
    placement = Placement(
        overall=overall,
        band_stage=number,
        cap_stage=number,
        stage=number,
        capped_by=None,
        capped_by_name=None,
        capped_by_score=None,
        confidence=1.0,
        insufficient=(),
        why="",
    )
    dimensions = tuple(
        DimensionResult(
            key=k, name=(names or {}).get(k, k), short_name=(names or {}).get(k, k), score=v, answered=5, not_sure=0
        )
        for k, v in scores.items()
    )
    return Result(version=VERSION, score=placement, complete=True, dimensions=dimensions, stage=stage).to_json()


def option_at(question, level):
    """The question's answer option at `level`; None ("Not sure") for a level of None."""
    return None if level is None else next(o for o in question.options.all() if o.level == level)


def answered_assessment(levels=3, *, default=3, complete=True, start=None, **start_kwargs):
    """An assessment answered through the services, completed unless `complete=False`.

    levels: an int (every question at that level), None ("Not sure" everywhere),
    or a dict of dimension slug -> level (others at `default`). `start` is the
    service that starts it (assessment_start; round_response_start for a round),
    called with `start_kwargs`.
    """
    from assessments import services

    assessment = (start or services.assessment_start)(**start_kwargs)
    choices = {}
    for step in services.questionnaire_steps():
        level = levels if isinstance(levels, int) or levels is None else levels.get(step.dimension.slug, default)
        for question in step.questions:
            choices[question] = option_at(question, level)
    services.answers_save(assessment=assessment, choices=choices)
    if complete:
        services.assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def realistic_assessment():
    """A completed assessment with varied answers (a few "Not sure"), org name and role."""
    from assessments import services

    rng = random.Random(2026)
    assessment = services.assessment_start(
        organisation_name="Northwind Traders Ltd", respondent_role="Head of Customer Service"
    )
    choices = {}
    for step in services.questionnaire_steps():
        levels = REALISTIC_LEVELS.get(step.dimension.slug, [2, 3])
        for i, question in enumerate(step.questions):
            level = levels[i % len(levels)]
            not_sure = rng.random() < 0.08 and question.allow_not_sure and i
            choices[question] = option_at(question, None if not_sure else level)
    services.answers_save(assessment=assessment, choices=choices)
    services.assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    return assessment


# --- Through the pages ---------------------------------------------------------


def step_data(step, level, action="next"):
    """A step's form as a browser posts it, every question answered at `level`."""
    data = {"action": action}
    for question in step.questions:
        data[f"q_{question.code}"] = str(option_at(question, level).pk)
    return data


def answer_all(client, assessment, level):
    """Post every step at `level` with the test client, Finish on the last; each must redirect."""
    from django.urls import reverse

    from assessments import services

    steps = services.questionnaire_steps()
    for step in steps:
        action = "finish" if step.number == len(steps) else "next"
        response = client.post(
            reverse("assessments:step", args=[assessment.token, step.number]), step_data(step, level, action)
        )
        assert response.status_code == 302, response.content[:500]
    return response
