"""Test data shared by the tests and the benchmarks."""

import random

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


def realistic_assessment():
    """A completed assessment with varied answers (a few "Not sure"), org name and role (Django must be set up)."""
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
            if rng.random() < 0.08 and question.allow_not_sure and i:
                choices[question] = None
            else:
                choices[question] = next(o for o in question.options.all() if o.level == level)
    services.answers_save(assessment=assessment, choices=choices)
    services.assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    return assessment
