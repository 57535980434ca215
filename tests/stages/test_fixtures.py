"""The content fixture fixtures/cx_model.json: shape, completeness and idempotent loading."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from stages.models import (
    AnswerOption,
    Dimension,
    Question,
    Recommendation,
    RecommendationQuestion,
    ScoreBand,
    Stage,
)

MODELS = [Stage, ScoreBand, Dimension, Question, AnswerOption, Recommendation, RecommendationQuestion]

STAGE_NAMES = [
    # The second source's names, once each (the page reads "Stage 1 — Reactive (also called Ad-Hoc)"), in British spelling.
    (1, "Reactive", "Ad-Hoc"),
    (2, "Structured", "Defined"),
    (3, "Cross-Functional Coordination", "Connected"),
    (4, "Data-Driven Excellence", "Embedded"),
    (5, "Transformative", "Optimised"),
]

DIMENSION_SLUGS = ["leadership", "insight", "organisation", "data", "delivery", "culture"]

pytestmark = pytest.mark.usefixtures("cx_model")


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_stages_loaded_are_numbered_1_to_5_with_exact_names():
    stages = [(s.number, s.name, s.alt_name) for s in Stage.objects.order_by("number")]

    assert stages == STAGE_NAMES


def test_stages_subtitles_match_primary_source():
    subtitles = dict(Stage.objects.values_list("number", "subtitle"))

    assert subtitles == {1: "", 2: "Organised Processes", 3: "", 4: "", 5: "Innovation Leadership"}


@pytest.mark.parametrize("number", range(1, 6))
def test_stage_indicators_at_least_three(number):
    stage = Stage.objects.get(number=number)

    assert len(stage.indicator_list) >= 3
    assert stage.tagline and stage.description


def test_stage_statistics_stage1_mentions_52_and_stage4_mentions_20():
    statistics = dict(Stage.objects.values_list("number", "statistic"))

    assert "52%" in statistics[1]
    assert "20%" in statistics[4]


def test_stage_statistics_reported_as_the_source_articles_claim_with_a_source():
    # The figures are the article's, not the app's: the sentence says so and the source is named.
    with_figures = {
        s.number: (s.statistic.startswith("The source article reports"), bool(s.statistic_source))
        for s in Stage.objects.exclude(statistic="")
    }

    assert with_figures == {1: (True, True), 4: (True, True)}


def test_stage_defining_dimensions_one_per_stage_from_2():
    defining = {s.number: sorted(s.defining_dimensions.values_list("slug", flat=True)) for s in Stage.objects.all()}

    assert defining == {1: [], 2: ["delivery"], 3: ["organisation"], 4: ["data"], 5: ["culture"]}


@pytest.mark.parametrize("number", range(1, 6))
def test_stage_benefits_do_not_repeat_its_statistic(number):
    # The profile prints both, one under the other: a benefit that is the statistic again reads twice.
    stage = Stage.objects.get(number=number)

    assert [b for b in stage.benefit_list if b.lower() in stage.statistic.lower()] == []


def test_dimensions_loaded_are_six_in_order():
    slugs = list(Dimension.objects.order_by("order").values_list("slug", flat=True))

    assert slugs == DIMENSION_SLUGS
    assert list(Dimension.objects.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_dimensions_short_names_fit_radar_labels():
    too_long = [d.short_name for d in Dimension.objects.all() if len(d.short_name) > 14]

    assert too_long == []


def test_dimensions_weights_equal_by_default():
    assert set(Dimension.objects.values_list("weight", flat=True)) == {Decimal("1.00")}


@pytest.mark.parametrize("slug", DIMENSION_SLUGS)
def test_dimension_active_questions_four_to_five(slug):
    n = Question.objects.filter(dimension__slug=slug, is_active=True).count()

    assert 4 <= n <= 5


def test_questions_total_between_24_and_30():
    assert 24 <= Question.objects.filter(is_active=True).count() <= 30


def test_questions_codes_name_their_dimension_and_orders_run_1_to_n():
    # A question whose meaning changes gets a new code (frozen results keep the old one), so codes
    # no longer follow the order: they name the dimension and a number never used before.
    wrong_code = [
        q.code for q in Question.objects.select_related("dimension") if not q.code.startswith(f"{q.dimension.slug}-")
    ]
    orders = {
        d.slug: list(d.questions.filter(is_active=True).order_by("order").values_list("order", flat=True))
        for d in Dimension.objects.all()
    }

    assert wrong_code == []
    assert orders == {slug: list(range(1, len(found) + 1)) for slug, found in orders.items()}


def test_questions_all_allow_not_sure():
    assert Question.objects.filter(allow_not_sure=False).count() == 0


def test_questions_every_one_has_options_at_levels_1_to_5():
    levels = {q.code: list(q.options.order_by("level").values_list("level", flat=True)) for q in Question.objects.all()}

    assert levels == {code: [1, 2, 3, 4, 5] for code in levels}


def test_options_labels_distinct_within_question():
    duplicated = [q.code for q in Question.objects.all() if len(set(q.options.values_list("label", flat=True))) != 5]

    assert duplicated == []


def test_recommendations_every_dimension_and_stage_2_to_5_has_two_to_four():
    per_group = Counter(Recommendation.objects.values_list("dimension__slug", "target_stage__number"))
    expected_groups = {(slug, stage) for slug in DIMENSION_SLUGS for stage in range(2, 6)}

    assert set(per_group) == expected_groups
    assert {group: n for group, n in per_group.items() if not 2 <= n <= 4} == {}


def test_recommendations_effort_and_impact_valid_choices():
    valid = {"low", "medium", "high"}

    assert set(Recommendation.objects.values_list("effort", flat=True)) <= valid
    assert set(Recommendation.objects.values_list("impact", flat=True)) <= valid


def test_recommendations_every_one_addresses_an_active_question_at_level_1_to_5():
    mappings = {
        r.code: [(m.question.is_active, m.in_place_level) for m in r.addressed.all()]
        for r in Recommendation.objects.all()
    }
    wrong = {
        code: found for code, found in mappings.items() if not found or not all(a and 1 <= lvl <= 5 for a, lvl in found)
    }

    assert wrong == {}


def test_recommendations_in_place_level_not_above_its_questions_options():
    # A level no option carries could never be answered, so the practice would always be proposed.
    beyond = [
        (m.recommendation.code, m.question.code)
        for m in RecommendationQuestion.objects.select_related("recommendation", "question")
        if not m.question.options.filter(level=m.in_place_level).exists()
    ]

    assert beyond == []


def test_recommendations_prerequisite_never_itself():
    assert [r.code for r in Recommendation.objects.all() if r.prerequisite_id == r.pk] == []


def test_recommendations_prerequisite_not_for_a_later_stage():
    later = [
        r.code
        for r in Recommendation.objects.select_related("target_stage", "prerequisite__target_stage")
        if r.prerequisite and r.prerequisite.target_stage.number > r.target_stage.number
    ]

    assert later == []


def test_recommendations_prerequisite_chains_have_no_cycle():
    prerequisite_of = dict(Recommendation.objects.values_list("pk", "prerequisite_id"))
    cyclic = []
    for start in prerequisite_of:
        seen, current = set(), start
        while current is not None:
            if current in seen:
                cyclic.append(start)
                break
            seen.add(current)
            current = prerequisite_of[current]

    assert cyclic == []


def test_score_bands_min_scores_increase_with_stage():
    mins = list(ScoreBand.objects.order_by("stage__number").values_list("stage__number", "min_score"))

    assert mins == [
        (1, Decimal("1.00")),
        (2, Decimal("1.50")),
        (3, Decimal("2.50")),
        (4, Decimal("3.50")),
        (5, Decimal("4.50")),
    ]


@pytest.mark.parametrize("k", range(1, 6))
def test_score_band_stage_k_contains_k(k):
    bands = list(ScoreBand.objects.order_by("min_score").values_list("stage__number", "min_score"))
    containing = [
        stage for i, (stage, low) in enumerate(bands) if low <= k and (i + 1 == len(bands) or k < bands[i + 1][1])
    ]

    assert containing == [k]


def test_loaddata_second_time_leaves_counts_unchanged():
    before = counts()

    call_command("loaddata", "cx_model", verbosity=0)

    assert counts() == before
    assert before == {
        "Stage": 5,
        "ScoreBand": 5,
        "Dimension": 6,
        "Question": before["Question"],
        "AnswerOption": before["Question"] * 5,
        "Recommendation": before["Recommendation"],
        "RecommendationQuestion": before["RecommendationQuestion"],
    }
