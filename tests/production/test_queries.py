"""The results page costs a fixed number of SQL queries, however many questions and answers there are.

It reads the result frozen at completion (one row), so growing the
questionnaire (more questions per dimension) or answering more never adds
a query; once the page's content is cached, it reads the assessment's row
without that result at all. A step page costs the same whatever its number of questions too;
saving a step costs a bounded number per answer.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from stages.models import AnswerOption, Dimension, Question

RESULTS_QUERIES = 1  # the assessment row (with the stage for the title), not its frozen result
# The first view also reads the frozen result to render the page's content, and
# renders "How you compare" (peers: the respondent's choices, the settings, the
# published segments, the external references); both are then cached, the
# comparison until it changes (peers/cache.py).
FIRST_VIEW_QUERIES = RESULTS_QUERIES + 1 + 6


def grow_questionnaire(extra_per_dimension: int) -> None:
    """Add questions (five options each) to every dimension."""
    for dimension in Dimension.objects.all():
        for n in range(extra_per_dimension):
            question = Question.objects.create(
                dimension=dimension, code=f"{dimension.slug}-extra-{n}", text=f"Extra question {n}?", order=100 + n
            )
            AnswerOption.objects.bulk_create(
                AnswerOption(question=question, level=level, label=f"Level {level}") for level in range(1, 6)
            )


@pytest.mark.parametrize("extra_per_dimension", [0, 3, 12])
def test_results_page_queries_do_not_grow_with_questions_or_answers(
    client, make_assessment, django_assert_num_queries, extra_per_dimension
):
    grow_questionnaire(extra_per_dimension)
    assessment = make_assessment({"leadership": 2}, default=4)
    answers = assessment.answers.count()
    assert answers == Question.objects.filter(is_active=True).count() >= 27 + 6 * extra_per_dimension

    cache.clear()  # whatever earlier tests cached, this view starts cold
    url = reverse("assessments:results", args=[assessment.token])
    with django_assert_num_queries(FIRST_VIEW_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(RESULTS_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.count(b"<tr>") >= 6


@pytest.mark.parametrize("extra_per_dimension", [0, 12])
def test_a_step_page_costs_the_same_queries_whatever_its_size(
    client, make_assessment, django_assert_max_num_queries, extra_per_dimension
):
    grow_questionnaire(extra_per_dimension)
    assessment = make_assessment(3, complete=False)
    steps = services.questionnaire_steps()
    data = {f"q_{q.code}": str(q.options.all()[1].pk) for q in steps[0].questions} | {"action": "next"}
    url = reverse("assessments:step", args=[assessment.token, 1])

    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    # Saving is one upsert per question (a savepoint, select and write each: two tabs
    # may save the same step); the rest of the request is bounded.
    with django_assert_max_num_queries(12 + 6 * len(steps[0].questions)):
        assert client.post(url, data).status_code == 302


def test_results_page_cached_view_reads_no_frozen_result(client, make_assessment, django_assert_num_queries):
    assessment = make_assessment({"leadership": 2}, default=4)
    url = reverse("assessments:results", args=[assessment.token])
    cache.clear()
    first = client.get(url)

    with django_assert_num_queries(RESULTS_QUERIES):
        second = client.get(url)

    assert second.context["assessment"].get_deferred_fields() == {"result"}  # never loaded for this view
    assert second.content == first.content
    stage = Assessment.objects.get(pk=assessment.pk).result["stage"]
    title = f"<title>Your result: Stage {stage['number']} — {stage['name']} · CX Maturity</title>"
    assert second.content.decode().count(title) == 1
