"""The scoring contract (docs/scoring.md): hand-checked examples and its seven properties."""

import json
import math
import re
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maturity.scoring import (
    DEFAULT_BANDS,
    AnsweredQuestion,
    Band,
    DimensionSpec,
    band_for,
    known_score,
    score_assessment,
    shown,
    validate_bands,
)

FAST = settings(max_examples=200, deadline=None)

SPECS = (
    DimensionSpec(key="leadership", name="Leadership & strategy"),
    DimensionSpec(key="insight", name="Customer insight"),
    DimensionSpec(key="data", name="Data & technology"),
)


def answers_for(levels_by_dimension):
    """{dimension: [levels]} -> AnsweredQuestions with distinct question codes."""
    return [
        AnsweredQuestion(dimension=key, question=f"{key}-{n}", level=level)
        for key, levels in levels_by_dimension.items()
        for n, level in enumerate(levels)
    ]


def score(levels_by_dimension, specs=SPECS, bands=DEFAULT_BANDS, defining=None):
    return score_assessment(answers=answers_for(levels_by_dimension), dimensions=specs, bands=bands, defining=defining)


# --- strategies -------------------------------------------------------------

weights = st.sampled_from([0.1, 0.2, 0.3, 0.5, 1.0, 1.25, 2.0, 3.3, 7.5])


@st.composite
def models(draw, min_dimensions=1, max_dimensions=6):
    count = draw(st.integers(min_dimensions, max_dimensions))
    return [DimensionSpec(key=f"d{i}", name=f"Dimension {i}", weight=draw(weights)) for i in range(count)]


@st.composite
def scored(draw, levels=st.integers(1, 5), allow_not_sure=False):  # noqa: B008 - hypothesis strategies are values
    """A model and answers in which every dimension has at least one scored answer."""
    specs = draw(models())
    answers = []
    for spec in specs:
        values = draw(st.lists(levels, min_size=1, max_size=6))
        if allow_not_sure:
            values += [None] * draw(st.integers(0, 3))
        answers += [
            AnsweredQuestion(dimension=spec.key, question=f"{spec.key}-{n}", level=v) for n, v in enumerate(values)
        ]
    return specs, answers


@st.composite
def definings(draw, specs):
    """Any stage-defining dimensions: each stage 2-5 names none, one or several of the model's dimensions."""
    keys = [s.key for s in specs]
    return {stage: draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)) for stage in range(2, 6)}


@st.composite
def scored_with_defining(draw, allow_not_sure=False):
    specs, answers = draw(scored(allow_not_sure=allow_not_sure))
    return specs, answers, draw(definings(specs))


@st.composite
def valid_bands(draw):
    """Any bands the contract accepts: stage 1 from at most 1, stage k's minimum in (k-1, k]."""
    hundredths = [draw(st.integers(50, 100))] + [draw(st.integers(100 * (k - 1) + 1, 100 * k)) for k in range(2, 6)]
    return [Band(stage=k, min_score=h / 100) for k, h in zip(range(1, 6), hundredths)]


# --- hand-checked examples --------------------------------------------------


def test_score_assessment_half_levels_reach_the_band_exactly():
    result = score({"leadership": [2, 3], "insight": [2, 3], "data": [2, 3]})

    assert (result.overall, result.band_stage, result.cap_stage, result.stage) == (2.5, 3, 3, 3)


def test_score_assessment_weighted_mean_is_exact_where_floats_fall_short():
    # In floats (0.1*2 + 0.2*2.75) / 0.3 is 2.4999999999999996, which would drop a band.
    specs = (DimensionSpec(key="a", name="A", weight=0.1), DimensionSpec(key="b", name="B", weight=0.2))

    result = score({"a": [2], "b": [2, 3, 3, 3]}, specs=specs)

    assert (result.overall, result.band_stage, result.stage) == (2.5, 3, 3)


def test_score_assessment_decimal_band_minimum_is_read_as_typed():
    # The float 2.2 is slightly above 11/5; a mean of exactly 2.2 must still reach the band "from 2.2".
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.2), Band(4, 3.5), Band(5, 4.5))
    specs = (DimensionSpec(key="a", name="A"),)

    result = score({"a": [2, 2, 2, 2, 3]}, specs=specs, bands=bands)

    assert (result.overall, result.band_stage, result.stage) == (2.2, 3, 3)


def test_score_assessment_weakest_dimension_caps_the_stage():
    result = score({"leadership": [5, 5], "insight": [5], "data": [1, 1]})

    assert (result.band_stage, result.cap_stage, result.stage, result.capped_by) == (4, 2, 2, "data")


def test_score_assessment_uncapped_when_weakest_within_one_stage():
    result = score({"leadership": [4], "insight": [4], "data": [3]})

    assert (result.band_stage, result.cap_stage, result.stage, result.capped_by) == (4, 4, 4, None)


def test_score_assessment_capped_by_ties_go_to_first_in_spec_order():
    result = score({"leadership": [5], "insight": [1, 2], "data": [2, 1]})

    assert (result.band_stage, result.stage, result.capped_by) == (3, 2, "insight")


def test_score_assessment_dimension_scores_follow_spec_order():
    result = score({"data": [1, 2], "leadership": [4], "insight": [3, 3, 4]})

    assert [(d.key, d.score, d.answered) for d in result.dimensions] == [
        ("leadership", 4.0, 1),
        ("insight", 10 / 3, 3),
        ("data", 1.5, 2),
    ]


def test_score_assessment_weights_shift_the_overall():
    specs = (DimensionSpec(key="a", name="A", weight=3.0), DimensionSpec(key="b", name="B", weight=1.0))

    result = score({"a": [4], "b": [2]}, specs=specs)

    assert result.overall == 3.5


def test_score_assessment_not_sure_is_not_scored_but_lowers_confidence():
    result = score({"leadership": [3, None], "insight": [3], "data": [3]})

    assert (result.dimensions[0].score, result.dimensions[0].not_sure, result.confidence, result.stage) == (
        3.0,
        1,
        0.75,
        3,
    )


def test_score_assessment_confidence_without_answers_is_zero():
    result = score({})

    assert (result.confidence, result.stage, result.insufficient) == (0.0, None, ("leadership", "insight", "data"))


def test_score_assessment_unknown_dimension_answers_are_ignored():
    result = score({"leadership": [2], "insight": [2], "data": [2], "retired": [5, None]})

    assert (result.overall, result.stage, result.confidence) == (2.0, 2, 1.0)


@pytest.mark.parametrize("level", [0, 6, -1, 2.5, True])
def test_score_assessment_level_out_of_range_raises(level):
    message = f"Answer to 'leadership-0' has level {level!r}; levels run from 1 to 5."
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        score({"leadership": [level], "insight": [3], "data": [3]})


def test_score_assessment_invalid_bands_raise():
    bands = (Band(1, 1.0), Band(2, 2.2), Band(3, 2.1), Band(4, 2.0), Band(5, 4.5))
    message = (
        "Unusable score bands: Stage 3's minimum score (2.1) must be above stage 2's (2.2). "
        "Stage 4's minimum score (2) must be above stage 3's (2.1)."
    )

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        score({"leadership": [3], "insight": [3], "data": [3]}, bands=bands)


def test_score_assessment_duplicate_dimension_keys_raise():
    with pytest.raises(ValueError, match=r"^Dimension keys must be unique \(got \['a', 'a'\]\)\.$"):
        score({"a": [3]}, specs=(DimensionSpec(key="a", name="A"), DimensionSpec(key="a", name="A again")))


def test_score_assessment_no_dimensions_raises():
    with pytest.raises(ValueError, match=r"^At least one dimension is needed to score an assessment\.$"):
        score({"a": [3]}, specs=())


def test_score_assessment_non_positive_weight_raises():
    with pytest.raises(ValueError, match=r"^Dimension weights must be positive\.$"):
        score({"a": [3]}, specs=(DimensionSpec(key="a", name="A", weight=0.0),))


def test_score_assessment_insufficient_lists_dimensions_without_scored_answers():
    result = score({"leadership": [4], "insight": [None, None]})

    assert (result.overall, result.band_stage, result.stage, result.insufficient, result.complete) == (
        None,
        None,
        None,
        ("insight", "data"),
        False,
    )


def test_explanation_capped_names_the_capping_dimension():
    result = score({"leadership": [5, 5], "insight": [5], "data": [1, 2]})

    explanation = result.explanation()

    assert {k: v for k, v in explanation.items() if k != "why"} == {
        "overall": 3.83,
        "band_stage": 4,
        "cap_stage": 2,
        "stage": 2,
        "capped_by": "data",
        "capped_by_name": "Data & technology",
        "capped_by_score": 1.5,
        "held_by": None,
        "held_by_name": None,
        "held_by_score": None,
        "held_from": None,
        "borderline": None,
        "below_placement": [],  # 1.50 is Stage 2's lower edge: capped, not below
        "confidence": 1.0,
        "answered": 5,
        "asked": 5,
        "insufficient": [],
    }
    assert explanation["why"] == (
        "Your overall score of 3.83 falls in the Stage 4 band, but your weakest dimension, "
        "Data & technology (1.50), holds the placement at Stage 2: an organisation is placed "
        "at most one stage above its weakest dimension."
    )


def test_explanation_dimension_below_the_placement_is_the_first_thing_to_fix():
    result = score({"leadership": [3], "insight": [3], "data": [2, 2]})

    assert (result.stage, result.capped_by) == (3, None)
    assert result.explanation()["why"] == (
        "Your overall score of 2.66 falls in the Stage 3 band, so you are placed at Stage 3; but "
        "Data & technology (2.00) scores below that stage's lower edge of 2.50: the first thing to fix."
    )
    assert "close enough" not in result.explanation()["why"]


def test_explanation_dimension_within_the_placement_band_is_not_called_out():
    result = score({"leadership": [3], "insight": [3], "data": [2, 3]})

    assert result.explanation()["why"] == (
        "Your overall score of 2.83 falls in the Stage 3 band, and every dimension scores within the "
        "Stage 3 band or above, so you are placed at Stage 3."
    )


def test_defining_dimension_below_its_stage_edge_stops_the_placement_one_below():
    specs = (
        DimensionSpec(key="leadership", name="Leadership"),
        DimensionSpec(key="organisation", name="Organisation & Collaboration"),
        DimensionSpec(key="data", name="Data"),
    )
    # The issue's case: organisation all at 2 while the rest carries the overall into Stage 3's band.
    result = score(
        {"leadership": [3, 3, 4], "organisation": [2, 2, 2, 2], "data": [3, 3]},
        specs=specs,
        defining={3: ["organisation"], 4: ["data"]},
    )

    assert (result.band_stage, result.cap_stage, result.stage) == (3, 3, 2)
    assert (result.held_by, result.held_from, result.capped_by) == ("organisation", 3, None)
    explanation = result.explanation()
    assert [explanation[k] for k in ("held_by", "held_by_name", "held_by_score", "held_from", "capped_by_name")] == [
        "organisation",
        "Organisation & Collaboration",
        2.0,
        3,
        None,
    ]
    assert result.explanation()["why"] == (
        "Your overall score of 2.77 falls in the Stage 3 band, but Stage 3 is defined by Organisation & "
        "Collaboration, which scores 2.00, below that stage's lower edge of 2.50; so you are placed at "
        "Stage 2, and Organisation & Collaboration is the first thing to fix."
    )


def test_defining_dimension_at_its_stage_edge_lets_the_stage_through():
    specs = (DimensionSpec(key="organisation", name="Organisation"), DimensionSpec(key="data", name="Data"))

    result = score({"organisation": [2, 3], "data": [3]}, specs=specs, defining={3: ["organisation"]})

    assert (result.stage, result.held_by) == (3, None)


def test_defining_dimensions_are_checked_again_one_stage_down():
    specs = tuple(DimensionSpec(key=k, name=k.title()) for k in ("a", "b", "c", "d"))
    # Band 4 (overall 3.5); stage 4 is defined by b (3.0 < 3.5), stage 3 by c (2.0 < 2.5): stage 2.
    result = score({"a": [5], "b": [3], "c": [2, 3, 2, 2, 2, 2, 2, 2], "d": [5]}, specs=specs)
    assert result.stage == 3  # without defining dimensions the weakest-link cap gives 3 (c at 2.125)
    held = score(
        {"a": [5], "b": [3], "c": [2, 3, 2, 2, 2, 2, 2, 2], "d": [5]}, specs=specs, defining={3: ["c"], 4: ["b"]}
    )

    assert (held.stage, held.held_by, held.held_from) == (2, "c", 3)


@pytest.mark.parametrize(
    ("levels", "borderline"),
    [
        # 2.58 is 0.08 above Stage 3's lower edge (2.50).
        ([3, 3, 2, 2, 3, 2, 3, 3, 3, 2, 3, 2], {"side": "above", "stage": 3, "edge": 2.5}),
        # 2.45 is 0.05 below it.
        ([2] * 11 + [3] * 9, {"side": "below", "stage": 3, "edge": 2.5}),
        # 3.00 sits mid-band.
        ([3, 3], None),
        # 1.00: Stage 1's lower edge is the bottom of the scale, not a borderline.
        ([1, 1], None),
        # Exactly a tenth: 2.60 above the edge is borderline, 2.40 below it is not; the edge itself is above.
        ([3, 3, 3, 2, 2], {"side": "above", "stage": 3, "edge": 2.5}),
        ([2, 2, 2, 3, 3], None),
        ([2, 3], {"side": "above", "stage": 3, "edge": 2.5}),
    ],
)
def test_borderline_within_a_tenth_of_a_band_edge(levels, borderline):
    specs = (DimensionSpec(key="a", name="A"),)

    assert score({"a": levels}, specs=specs).borderline == borderline


def test_explanation_counts_questions_answered_and_asked():
    explanation = score({"leadership": [3, None], "insight": [3], "data": [2, None]}).explanation()

    assert (explanation["answered"], explanation["asked"]) == (3, 5)


def test_explanation_overall_just_below_a_band_edge_is_cut_not_rounded_up():
    specs = (
        DimensionSpec(key="leadership", name="Leadership", weight=1.02),
        DimensionSpec(key="insight", name="Insight", weight=1.0),
    )
    # (2 x 1.02 + 3 x 1.0) / 2.02 = 2.49505: rounded it would read 2.50, where Stage 3's band starts.
    result = score({"leadership": [2], "insight": [3]}, specs=specs)

    assert (round(result.overall, 2), result.band_stage) == (2.5, 2)
    assert result.explanation()["overall"] == 2.49
    assert result.explanation()["why"].startswith("Your overall score of 2.49 falls in the Stage 2 band")


def test_explanation_at_stage_one_says_everyone_starts_there():
    assert score({"leadership": [1], "insight": [1], "data": [1]}).explanation()["why"] == (
        "Your overall score of 1.00 falls in the Stage 1 band, where every organisation starts, "
        "so you are placed at Stage 1."
    )


def test_explanation_with_every_dimension_at_the_stage_says_so():
    assert score({"leadership": [5], "insight": [5], "data": [5]}).explanation()["why"] == (
        "Your overall score of 5.00 falls in the Stage 5 band, and every dimension scores within the Stage 5 "
        "band or above, so you are placed at Stage 5."
    )


def test_explanation_insufficient_names_the_missing_dimensions():
    result = score({"leadership": [3], "insight": [None]})

    assert result.explanation()["why"] == (
        "No stage can be given yet: Customer insight and Data & technology have no scored answers "
        "(only “Not sure” or none), and the placement is never guessed."
    )


def test_explanation_is_json_serialisable():
    explanation = score({"leadership": [3], "insight": [None]}).explanation()

    assert json.loads(json.dumps(explanation)) == explanation


@pytest.mark.parametrize(
    ("value", "stage"),
    [(1.0, 1), (1.49, 1), (1.5, 2), (2.4999, 2), (2.5, 3), (3.5, 4), (4.49, 4), (4.5, 5), (5.0, 5)],
)
def test_band_for_default_bands_edges(value, stage):
    assert band_for(value, DEFAULT_BANDS) == stage


def test_band_for_unordered_bands_match_ordered():
    assert band_for(3.7, tuple(reversed(DEFAULT_BANDS))) == 4


def test_validate_bands_default_bands_have_no_problems():
    assert validate_bands(DEFAULT_BANDS) == []


def test_validate_bands_missing_stage_is_reported():
    assert validate_bands(DEFAULT_BANDS[:4]) == [
        "There must be exactly one band for each of stages 1 to 5 (got stages [1, 2, 3, 4])."
    ]


def test_validate_bands_duplicate_stage_is_reported():
    assert len(validate_bands(DEFAULT_BANDS + (Band(3, 2.6),))) == 1


def test_validate_bands_not_increasing_is_reported():
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 1.5), Band(4, 3.5), Band(5, 4.5))

    assert validate_bands(bands) == ["Stage 3's minimum score (1.5) must be above stage 2's (1.5)."]


def test_validate_bands_band_missing_its_own_stage_is_reported():
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 3.2), Band(4, 3.5), Band(5, 4.5))

    assert validate_bands(bands) == [
        "Stage 3's band (from 3.2 below 3.5) must contain 3, so that answering every question "
        "at level 3 places at stage 3."
    ]


def test_validate_bands_stage_one_above_one_is_reported():
    bands = (Band(1, 1.2), Band(2, 1.5), Band(3, 2.5), Band(4, 3.5), Band(5, 4.5))

    assert validate_bands(bands) == ["Stage 1's minimum score (1.2) must be at most 1, so every score has a band."]


def test_validate_bands_non_finite_minimum_is_reported():
    bands = (Band(1, 1.0), Band(2, float("nan")), Band(3, 2.5), Band(4, 3.5), Band(5, 4.5))

    assert validate_bands(bands) == ["Every band's minimum score must be a finite number."]


def test_validate_bands_missing_stage_number_is_reported():
    bands = DEFAULT_BANDS[:4] + (Band(None, 4.5),)

    assert validate_bands(bands) == ["Every band's stage must be a number from 1 to 5."]


# --- properties -------------------------------------------------------------


@FAST
@given(
    specs=models(),
    level=st.integers(1, 5),
    per_dimension=st.integers(1, 6),
    bands=valid_bands(),
    data=st.data(),
)
def test_property_uniform_level_places_at_that_stage(specs, level, per_dimension, bands, data):
    answers = [
        AnsweredQuestion(dimension=s.key, question=f"{s.key}-{n}", level=level)
        for s in specs
        for n in range(per_dimension)
    ]
    defining = data.draw(definings(specs))

    result = score_assessment(answers=answers, dimensions=specs, bands=bands, defining=defining)

    assert (result.stage, result.overall, result.capped_by) == (level, float(level), None)


@FAST
@given(data=scored_with_defining(), pick=st.integers(0, 10_000), raise_by=st.integers(1, 4))
def test_property_raising_one_answer_never_lowers_anything(data, pick, raise_by):
    specs, answers, defining = data
    index = pick % len(answers)
    assume(answers[index].level < 5)
    raised = list(answers)
    raised[index] = AnsweredQuestion(
        dimension=answers[index].dimension,
        question=answers[index].question,
        level=min(5, answers[index].level + raise_by),
    )

    before = score_assessment(answers=answers, dimensions=specs, defining=defining)
    after = score_assessment(answers=raised, dimensions=specs, defining=defining)

    assert after.stage >= before.stage
    assert after.overall >= before.overall
    assert all(a.score >= b.score for a, b in zip(after.dimensions, before.dimensions))


@FAST
@given(data=scored_with_defining(), bands=valid_bands())
def test_property_weakest_link_caps_the_stage(data, bands):
    specs, answers, defining = data

    result = score_assessment(answers=answers, dimensions=specs, bands=bands, defining=defining)

    weakest = min(d.score for d in result.dimensions)
    assert result.stage <= math.floor(weakest) + 1
    if result.capped_by is not None:
        capping = next(d for d in result.dimensions if d.key == result.capped_by)
        assert (min(math.floor(capping.score) + 1, 5), capping.score) == (result.stage, weakest)
        assert result.stage < result.band_stage


@FAST
@given(data=scored_with_defining(allow_not_sure=True), random=st.randoms(use_true_random=False))
def test_property_order_of_answers_and_dimensions_does_not_matter(data, random):
    specs, answers, defining = data
    shuffled_answers, shuffled_specs = list(answers), list(specs)
    random.shuffle(shuffled_answers)
    random.shuffle(shuffled_specs)
    shuffled_defining = {stage: list(reversed(keys)) for stage, keys in defining.items()}

    original = score_assessment(answers=answers, dimensions=specs, defining=defining)
    shuffled = score_assessment(answers=shuffled_answers, dimensions=shuffled_specs, defining=shuffled_defining)

    def summary(result):
        capping = next((d.score for d in result.dimensions if d.key == result.capped_by), None)
        held = next((d.score for d in result.dimensions if d.key == result.held_by), None)
        scores = sorted((d.key, d.score, d.answered, d.not_sure) for d in result.dimensions)
        return (
            scores,
            result.overall,
            result.band_stage,
            result.cap_stage,
            result.stage,
            capping,
            (held, result.held_from),
            result.confidence,
        )

    assert summary(shuffled) == summary(original)


@FAST
@given(data=scored(allow_not_sure=True))
def test_property_scores_stay_in_bounds(data):
    specs, answers = data

    result = score_assessment(answers=answers, dimensions=specs)

    assert all(1 <= d.score <= 5 for d in result.dimensions)
    assert 1 <= result.overall <= 5
    assert result.stage in range(1, 6) and result.band_stage in range(1, 6) and result.cap_stage in range(1, 6)
    assert 0 <= result.confidence <= 1


@FAST
@given(data=scored(allow_not_sure=True))
def test_property_confidence_is_share_of_scored_answers(data):
    specs, answers = data

    result = score_assessment(answers=answers, dimensions=specs)

    scored_count = sum(a.level is not None for a in answers)
    assert result.confidence == float(Fraction(scored_count, len(answers)))


@FAST
@given(data=scored(allow_not_sure=True), pick=st.integers(0, 10_000), only_not_sure=st.booleans())
def test_property_dimension_without_scored_answers_is_insufficient(data, pick, only_not_sure):
    specs, answers = data
    missing = specs[pick % len(specs)].key
    kept = [a for a in answers if a.dimension != missing]
    if only_not_sure:
        kept.append(AnsweredQuestion(dimension=missing, question="unsure", level=None))

    result = score_assessment(answers=kept, dimensions=specs)

    assert (result.stage, result.overall, result.band_stage, result.insufficient, result.complete) == (
        None,
        None,
        None,
        (missing,),
        False,
    )


@FAST
@given(data=scored())
def test_property_explanation_names_the_capping_dimension_when_capped(data):
    specs, answers = data

    result = score_assessment(answers=answers, dimensions=specs)
    explanation = result.explanation()

    if result.capped_by is None:
        assert (explanation["capped_by"], explanation["capped_by_name"]) == (None, None)
    else:
        name = next(s.name for s in specs if s.key == result.capped_by)
        assert (explanation["capped_by"], explanation["capped_by_name"]) == (result.capped_by, name)
        assert f"your weakest dimension, {name} (" in explanation["why"]


@FAST
@given(data=scored(allow_not_sure=True), bands=valid_bands())
def test_property_shown_overall_falls_in_the_band_of_the_exact_overall(data, bands):
    specs, answers = data

    result = score_assessment(answers=answers, dimensions=specs, bands=bands)

    assert band_for(result.overall_shown, bands) == result.band_stage
    assert 0 <= result.overall - result.overall_shown < 0.01


@pytest.mark.parametrize(("score", "expected"), [(2.3, 2.3), (1.996, 1.99), (2 / 3, 0.66), (5.0, 5.0), (2.005, 2.0)])
def test_shown_cuts_to_two_decimals_reading_floats_as_typed(score, expected):
    assert shown(score) == expected


@FAST
@given(data=scored(allow_not_sure=True))
def test_property_shown_dimension_scores_stay_on_their_whole_level(data):
    specs, answers = data

    result = score_assessment(answers=answers, dimensions=specs)

    for d in result.dimensions:
        assert (math.floor(shown(d.score)), 0 <= d.score - shown(d.score) < 0.01) == (math.floor(d.score), True)


@FAST
@given(data=scored_with_defining(), bands=valid_bands())
def test_property_defining_dimensions_reach_the_placement(data, bands):
    """Property 7: every dimension defining the placed stage (or any below it) scores at least that stage's edge."""
    specs, answers, defining = data

    result = score_assessment(answers=answers, dimensions=specs, bands=bands, defining=defining)

    edges = {b.stage: b.min_score for b in bands}
    scores = {d.key: d.score for d in result.dimensions}
    for stage in range(2, result.stage + 1):
        # Scores are floats of exact means (7/3): compare with a hair of tolerance.
        assert all(scores[k] >= edges[stage] - 1e-9 for k in defining[stage])
    plain = score_assessment(answers=answers, dimensions=specs, bands=bands)
    # It only ever lowers the placement, and says which dimension did it.
    assert result.stage <= plain.stage
    if result.stage < plain.stage:
        assert result.held_by in defining[result.held_from] and result.held_from == result.stage + 1
        assert result.explanation()["held_by_name"] in result.explanation()["why"]
    else:
        assert result.held_by is None


@FAST
@given(data=scored(allow_not_sure=True), bands=valid_bands())
def test_property_borderline_exactly_when_within_a_tenth_of_an_edge(data, bands):
    specs, answers = data

    result = score_assessment(answers=answers, dimensions=specs, bands=bands)

    near = [b for b in bands if b.stage > 1 and abs(result.overall - b.min_score) < 0.1 - 1e-9]
    if near:
        assert result.borderline is not None and result.borderline["stage"] in [b.stage for b in near]
    far = all(abs(result.overall - b.min_score) > 0.1 + 1e-9 for b in bands if b.stage > 1)
    if far:
        assert result.borderline is None


# --- gaps found by mutation testing (#13, docs/mutation.md) ------------------


def test_score_assessment_answers_after_one_for_a_removed_dimension_still_count():
    answers = [AnsweredQuestion(dimension="retired", question="retired-0", level=5)] + answers_for(
        {"leadership": [2], "insight": [3], "data": [4]}
    )

    result = score_assessment(answers=answers, dimensions=SPECS)

    assert [(d.key, d.score, d.answered) for d in result.dimensions] == [
        ("leadership", 2.0, 1),
        ("insight", 3.0, 1),
        ("data", 4.0, 1),
    ]


def test_validate_bands_where_all_twos_would_place_at_stage_three_is_reported():
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.0), Band(4, 3.5), Band(5, 4.5))

    assert validate_bands(bands) == [
        "Stage 2's band (from 1.5 below 2) must contain 2, so that answering every question "
        "at level 2 places at stage 2."
    ]


def test_validate_bands_top_band_must_contain_five():
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.5), Band(4, 3.5), Band(5, 5.0))

    assert validate_bands(bands) == []
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.5), Band(4, 3.5), Band(5, 5.5))
    assert validate_bands(bands) == [
        "Stage 5's band (from 5.5 up to 5) must contain 5, so that answering every question at level 5 places at stage 5."
    ]


def test_validate_bands_stage_one_may_start_below_one():
    bands = (Band(1, 0.5), Band(2, 1.5), Band(3, 2.5), Band(4, 3.5), Band(5, 4.5))

    assert validate_bands(bands) == []


def test_validate_bands_several_problems_are_all_reported():
    bands = (Band(1, 1.0), Band(2, 2.2), Band(3, 2.1), Band(4, 2.0), Band(5, 4.5))

    assert validate_bands(bands) == [
        "Stage 3's minimum score (2.1) must be above stage 2's (2.2).",
        "Stage 4's minimum score (2) must be above stage 3's (2.1).",
    ]


def test_explanation_one_insufficient_dimension_has_no_scored_answers():
    result = score({"leadership": [3], "insight": [None], "data": [2]})

    assert result.explanation()["why"] == (
        "No stage can be given yet: Customer insight has no scored answers "
        "(only “Not sure” or none), and the placement is never guessed."
    )


def test_explanation_three_insufficient_dimensions_are_all_named():
    result = score({"leadership": [None]})

    assert result.explanation()["why"] == (
        "No stage can be given yet: Leadership & strategy, Customer insight and Data & technology have no "
        "scored answers (only “Not sure” or none), and the placement is never guessed."
    )


def test_explanation_several_dimensions_below_the_placement_are_named_lowest_first():
    specs = SPECS + (DimensionSpec(key="culture", name="Culture"), DimensionSpec(key="voice", name="Voice"))

    result = score({"leadership": [4], "insight": [4], "data": [2, 2, 3], "culture": [2], "voice": [4]}, specs=specs)

    assert (result.stage, [d.key for d in result.below_placement()]) == (3, ["culture", "data"])
    assert result.explanation()["why"] == (
        "Your overall score of 3.26 falls in the Stage 3 band, so you are placed at Stage 3; but Culture (2.00) "
        "and Data & technology (2.33) score below that stage's lower edge of 2.50: the first thing to fix."
    )


def test_lookups_of_what_a_result_does_not_hold():
    result = score({"leadership": [3], "insight": [3], "data": [3]})

    assert (result.dimension("retired"), result.dimension(None), result.edge(None), result.edge(7)) == (
        None,
        None,
        None,
        None,
    )
    with pytest.raises(ValueError, match=r"^No dimension 'retired' in this result\.$"):
        result._named("retired")
    with pytest.raises(ValueError, match=r"^No band edge for stage 7\.$"):
        result._edge(7)


def test_known_score_refuses_a_missing_score():
    assert known_score(2.5) == 2.5
    with pytest.raises(ValueError, match=r"^This dimension has no score\.$"):
        known_score(None)


def test_band_for_without_bands_raises():
    with pytest.raises(ValueError, match=r"^No bands given\.$"):
        band_for(2.0, ())


def test_explanation_lists_the_dimensions_below_the_placement_and_the_borderline():
    specs = SPECS + (DimensionSpec(key="culture", name="Culture"), DimensionSpec(key="voice", name="Voice"))

    explanation = score(
        {"leadership": [4], "insight": [4], "data": [2, 2, 3], "culture": [2], "voice": [4]}, specs=specs
    ).explanation()

    assert explanation["below_placement"] == [
        {"key": "culture", "name": "Culture", "score": 2.0},
        {"key": "data", "name": "Data & technology", "score": 2.33},
    ]
    assert explanation["borderline"] is None
    assert score({"leadership": [3], "insight": [2], "data": [2, 3]}).explanation()["borderline"] == {
        "side": "above",
        "stage": 3,
        "edge": 2.5,
    }


def test_borderline_between_two_edges_equally_near_is_the_one_below_the_score():
    # Custom bands with edges 1.9 and 2.05: an overall of 1.975 is 0.075 from both.
    bands = (Band(1, 1.0), Band(2, 1.9), Band(3, 2.05), Band(4, 3.5), Band(5, 4.5))
    specs = (DimensionSpec(key="a", name="A", weight=1.0), DimensionSpec(key="b", name="B", weight=3.0))

    result = score(
        {"a": [2, 2, 2, 2, 1, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], "b": [2]}, specs=specs, bands=bands
    )

    assert result.overall_shown == 1.97
    assert result.borderline == {"side": "above", "stage": 2, "edge": 1.9}
    # 2.00 is a tenth above 1.9 and 0.05 below 2.05: the nearer edge is the one it is called by.
    assert score({"a": [2], "b": [2]}, specs=specs, bands=bands).borderline == {
        "side": "below",
        "stage": 3,
        "edge": 2.05,
    }


def test_score_assessment_counts_every_not_sure_in_a_dimension():
    result = score({"leadership": [3, None, None], "insight": [None, 3], "data": [3]})

    assert [(d.answered, d.not_sure) for d in result.dimensions] == [(1, 2), (1, 1), (1, 0)]
    assert (result.confidence, result.answered, result.asked) == (0.5, 3, 6)


def test_held_by_names_the_lowest_of_several_defining_dimensions_short_of_the_stage():
    specs = (DimensionSpec(key="a", name="A"), DimensionSpec(key="b", name="B"), DimensionSpec(key="c", name="C"))

    result = score({"a": [2, 3, 2, 3, 2], "b": [2], "c": [4, 4]}, specs=specs, defining={3: ["a", "b"]})

    assert (result.band_stage, result.stage, result.held_by, result.held_from) == (3, 2, "b", 3)


def test_score_assessment_refuses_a_weight_that_is_not_a_finite_number():
    with pytest.raises(ValueError, match=r"^nan is not a finite number$"):
        score({"a": [3]}, specs=(DimensionSpec(key="a", name="A", weight=float("nan")),))


def test_validate_bands_stage_four_must_reach_four():
    bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.5), Band(4, 3.5), Band(5, 4.0))

    assert validate_bands(bands) == [
        "Stage 4's band (from 3.5 below 4) must contain 4, so that answering every question at level 4 places at stage 4."
    ]


def test_band_for_a_score_below_every_minimum_is_the_lowest_band():
    bands = (Band(3, 2.5), Band(1, 1.0), Band(2, 1.5), Band(4, 3.5), Band(5, 4.5))

    assert (band_for(0.5, bands), band_for(1.0, bands), band_for(1.49, bands)) == (1, 1, 1)


def test_dimension_scores_carry_their_weights():
    specs = (DimensionSpec(key="a", name="A", weight=2.5), DimensionSpec(key="b", name="B", weight=1))

    result = score({"a": [3], "b": [4]}, specs=specs)

    assert [(d.key, d.name, d.weight, d.score) for d in result.dimensions] == [
        ("a", "A", 2.5, 3.0),
        ("b", "B", 1.0, 4.0),
    ]
    assert isinstance(result.dimensions[1].weight, float)
