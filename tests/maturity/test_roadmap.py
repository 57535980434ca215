"""The roadmap to the next stage (docs/roadmap.md): gaps, what is in place, and horizons a team can carry out."""

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.roadmap import (
    RecommendationSpec,
    StageProfile,
    build_roadmap,
    roadmap_to_dict,
)
from maturity.scoring import AnsweredQuestion, DimensionSpec, score_assessment

FAST = settings(max_examples=200, deadline=None)

STAGES = tuple(
    StageProfile(
        number=n,
        name=f"Stage {n} name",
        alt_name=f"Alt {n}",
        tagline=f"Tagline {n}",
        description=f"Description {n}",
        indicators=(f"Indicator {n}",),
        benefits=(f"Benefit {n}",),
        statistic="",
    )
    for n in range(1, 6)
)

SPECS = (
    DimensionSpec(key="leadership", name="Leadership"),
    DimensionSpec(key="insight", name="Insight"),
    DimensionSpec(key="data", name="Data"),
)


def rec(code, dimension, target_stage, effort="medium", impact="medium", order=0, prerequisite=None, addresses=()):
    return RecommendationSpec(
        code=code,
        dimension=dimension,
        target_stage=target_stage,
        title=f"Do {code}",
        rationale=f"Because {code}",
        effort=effort,
        impact=impact,
        order=order,
        prerequisite=prerequisite,
        addresses=addresses,
    )


def answered(levels_by_dimension):
    return [
        AnsweredQuestion(
            dimension=key,
            question=f"{key}-{n}",
            text=f"Question {key}-{n}",
            level=level,
            label="Not sure" if level is None else f"Option {level}",
        )
        for key, levels in levels_by_dimension.items()
        for n, level in enumerate(levels)
    ]


def scored(answers, specs=SPECS, defining=None):
    return score_assessment(
        answers=[AnsweredQuestion(dimension=a.dimension, question=a.question, level=a.level) for a in answers],
        dimensions=specs,
        defining=defining,
    )


def roadmap_for(levels_by_dimension, recommendations=(), specs=SPECS, targets=None, defining=None):
    answers = answered(levels_by_dimension)
    return build_roadmap(
        result=scored(answers, specs, defining),
        answers=answers,
        recommendations=recommendations,
        stages=STAGES,
        targets=targets,
        defining=defining,
    )


def flat(roadmap):
    return [action for horizon in roadmap.plan for action in horizon.actions]


def horizon_of(roadmap):
    """Action code -> index of its horizon (3 for "later")."""
    where = {a.recommendation.code: i for i, h in enumerate(roadmap.plan) for a in h.actions}
    where.update({a.recommendation.code: len(roadmap.plan) for a in roadmap.later})
    return where


def codes(roadmap):
    return [action.recommendation.code for action in flat(roadmap)]


# --- hand-checked examples --------------------------------------------------


def test_build_roadmap_incomplete_result_raises():
    with pytest.raises(
        ValueError, match=r"^A roadmap needs a complete result; some dimensions have no scored answers\.$"
    ):
        roadmap_for({"leadership": [3], "insight": [None]})


def test_build_roadmap_missing_stage_profile_raises():
    answers = answered({"leadership": [3], "insight": [3], "data": [3]})

    with pytest.raises(ValueError, match=r"^No profile for stage 4\.$"):
        build_roadmap(result=scored(answers), answers=answers, recommendations=(), stages=STAGES[:3])


def test_build_roadmap_targets_next_stage():
    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [2, 3]})

    assert (roadmap.mode, roadmap.current_stage.number, roadmap.target_stage.number) == ("advance", 3, 4)


def test_build_roadmap_gaps_are_dimensions_below_target():
    roadmap = roadmap_for({"leadership": [4], "insight": [3, 4], "data": [2, 3]})

    assert [(g.key, g.score, g.target, g.gap) for g in roadmap.gaps] == [
        ("data", 2.5, 4, 1.5),
        ("insight", 3.5, 4, 0.5),
    ]


def test_build_roadmap_capping_dimension_first_despite_smaller_gap():
    # Stage 2, capped by data (1.5, target 3); a consultant aims leadership (3.0) at 5, a bigger gap.
    roadmap = roadmap_for({"leadership": [3], "insight": [5, 5], "data": [1, 2]}, targets={"leadership": 5})

    assert [(g.key, g.is_capping, g.gap) for g in roadmap.gaps] == [("data", True, 1.5), ("leadership", False, 2.0)]


def test_build_roadmap_larger_gap_first():
    specs = (
        DimensionSpec(key="big", name="Big", weight=9.0),
        DimensionSpec(key="low", name="Low"),
        DimensionSpec(key="lower", name="Lower"),
    )

    roadmap = roadmap_for({"big": [5], "low": [1, 2], "lower": [1]}, specs=specs)

    assert [(g.key, g.is_capping, g.gap) for g in roadmap.gaps] == [("lower", True, 2.0), ("low", False, 1.5)]


def test_build_roadmap_equal_gaps_keep_spec_order():
    recs = [rec("i1", "insight", 4, effort="high"), rec("d1", "data", 4, effort="low", impact="high")]

    roadmap = roadmap_for({"leadership": [4], "insight": [3], "data": [3]}, recs)

    assert [g.key for g in roadmap.gaps] == ["insight", "data"]
    # Within the plan, impact over effort decides between equal gaps.
    assert codes(roadmap) == ["d1", "i1"]


def test_build_roadmap_defining_dimension_of_the_next_stage_leads():
    recs = [rec("l4", "leadership", 4), rec("d4", "data", 4)]

    roadmap = roadmap_for({"leadership": [3], "insight": [4], "data": [3, 3, 4]}, recs, defining={4: ["data"]})

    assert [(g.key, g.is_capping) for g in roadmap.gaps] == [("data", True), ("leadership", False)]
    assert roadmap.gaps[0].reason == "Stage 4 is defined by Data: it must reach 3.50 before you can be placed there."
    assert codes(roadmap) == ["d4", "l4"]


def test_build_roadmap_dimension_holding_the_placement_under_its_stage_is_named_first():
    recs = [rec("l3", "leadership", 3), rec("i3", "insight", 3)]

    roadmap = roadmap_for({"leadership": [2, 2], "insight": [3, 3], "data": [4, 4]}, recs, defining={3: ["leadership"]})

    assert roadmap.current_stage.number == 2
    assert [(g.key, g.is_capping) for g in roadmap.gaps] == [("leadership", True)]
    assert roadmap.gaps[0].reason == (
        "Stage 3 is defined by Leadership, which does not reach that stage's band yet: it keeps you at Stage 2."
    )


def test_build_roadmap_holding_back_lowest_first_without_not_sure():
    roadmap = roadmap_for({"leadership": [4], "insight": [4], "data": [3, 2, None, 4, 2]})

    gap = roadmap.gaps[0]
    assert [(a.question, a.level) for a in gap.holding_back] == [("data-1", 2), ("data-4", 2), ("data-0", 3)]


def test_build_roadmap_recommendations_cover_every_stage_up_to_the_next():
    recs = [
        rec("d2", "data", 2),
        rec("d3", "data", 3),
        rec("d4", "data", 4),
        rec("d5", "data", 5),
        rec("i3", "insight", 3),
    ]

    roadmap = roadmap_for({"leadership": [5, 5, 5], "insight": [5], "data": [1, 2]}, recs)

    # Stage 2, target 3: data (1.5) needs its stage-2 and stage-3 actions, nothing beyond.
    assert [(g.key, [r.code for r in g.recommendations]) for g in roadmap.gaps] == [("data", ["d2", "d3"])]


def test_build_roadmap_recommendations_sorted_by_stage_then_value():
    recs = [
        rec("late", "data", 3, effort="low", impact="high"),
        rec("slow", "data", 2, effort="high", impact="high"),
        rec("cheap-dull", "data", 2, effort="low", impact="low"),
        rec("quick", "data", 2, effort="low", impact="medium"),
        rec("quick-big", "data", 2, effort="low", impact="high"),
        rec("mid-b", "data", 2, effort="medium", impact="high", order=2),
        rec("mid-a", "data", 2, effort="medium", impact="high", order=1),
    ]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [1]}, recs)

    assert [r.code for r in roadmap.gaps[0].recommendations] == [
        "quick-big",
        "quick",
        "mid-a",
        "mid-b",
        "cheap-dull",
        "slow",
        "late",
    ]


def test_build_roadmap_consultant_targets_never_bring_actions_two_stages_ahead():
    recs = [rec("l4", "leadership", 4), rec("l5", "leadership", 5), rec("d4", "data", 4)]

    roadmap = roadmap_for(
        {"leadership": [3], "insight": [3], "data": [3]}, recs, targets={"leadership": 5, "insight": 3}
    )

    assert [(g.key, g.target, [r.code for r in g.recommendations]) for g in roadmap.gaps] == [
        ("leadership", 5, ["l4"]),
        ("data", 4, ["d4"]),
    ]


def test_build_roadmap_invalid_target_raises():
    with pytest.raises(ValueError, match=r"^Target for 'data' is 7; targets run from 1 to 5\.$"):
        roadmap_for({"leadership": [3], "insight": [3], "data": [3]}, targets={"data": 7})


def test_build_roadmap_duplicate_codes_scheduled_once():
    recs = [rec("d", "data", 4), rec("d", "data", 4)]

    roadmap = roadmap_for({"leadership": [4], "insight": [4], "data": [3]}, recs)

    assert codes(roadmap) == ["d"]


# --- what is already in place -----------------------------------------------


def test_practice_in_place_is_not_proposed_but_listed_quoting_the_answer():
    # data-1 answered 5: the practice "d-advocacy" (in place from level 4) is there already.
    recs = [
        rec("d-basic", "data", 3, addresses=(("data-0", 2),)),
        rec("d-advocacy", "data", 3, addresses=(("data-1", 4),)),
    ]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [1, 5, 1, 1]}, recs)

    assert codes(roadmap) == ["d-basic"]
    assert [(p.code, p.question, p.answer, p.level) for p in roadmap.in_place] == [
        ("d-advocacy", "data-1", "Option 5", 5.0)
    ]
    assert [p.code for p in roadmap.gaps[0].in_place] == ["d-advocacy"]


def test_practice_in_place_when_any_addressed_question_reaches_its_level():
    recs = [rec("d", "data", 2, addresses=(("data-0", 3), ("data-1", 2)))]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [1, 2]}, recs)

    assert (codes(roadmap), [p.question for p in roadmap.in_place]) == ([], ["data-1"])


def test_practice_below_its_level_or_not_sure_is_proposed():
    recs = [rec("d", "data", 2, addresses=(("data-0", 3),)), rec("e", "data", 2, addresses=(("data-1", 2),))]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [2, None, 1]}, recs)

    assert (sorted(codes(roadmap)), roadmap.in_place) == (["d", "e"], ())


def test_team_practice_in_place_by_the_median_answer():
    # Five respondents answered data-0: 1, 2, 4, 4, 5. Median 4: in place from 4, not from 5.
    answers = [
        AnsweredQuestion(dimension="data", question="data-0", text="Q", level=level, label=f"Option {level}")
        for level in (1, 2, 4, 4, 5)
    ] + answered({"leadership": [5], "insight": [5]})
    recs = [rec("at4", "data", 4, addresses=(("data-0", 4),)), rec("at5", "data", 4, addresses=(("data-0", 5),))]

    roadmap = build_roadmap(result=scored(answers), answers=answers, recommendations=recs, stages=STAGES)

    assert codes(roadmap) == ["at5"]
    assert [(p.code, p.level, p.answer, p.giving, p.respondents) for p in roadmap.in_place] == [
        ("at4", 4.0, "Option 4", 2, 5)
    ]


# --- horizons ------------------------------------------------------------------


def test_plan_has_the_three_horizons_and_says_its_span():
    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [3]})

    assert [(h.key, h.label) for h in roadmap.plan] == [
        ("90d", "First 90 days"),
        ("3-9m", "3–9 months"),
        ("9-18m", "9–18 months"),
    ]
    assert roadmap.span == "12–18 months"


def test_first_90_days_hold_at_most_six_and_two_high_effort():
    recs = [rec(f"h{i}", "data", 2, effort="high", impact="high") for i in range(4)] + [
        rec(f"m{i}", "insight", 2, effort="medium", impact="low") for i in range(8)
    ]

    roadmap = roadmap_for({"leadership": [4], "insight": [1], "data": [1]}, recs)

    first = roadmap.plan[0].actions
    assert (len(first), sum(a.recommendation.effort == "high" for a in first)) == (6, 2)
    assert [len(h.actions) for h in roadmap.plan] == [6, 6, 0]


def test_start_here_is_the_first_three_with_a_reason_each():
    recs = [
        rec("d2", "data", 2, effort="low", impact="high"),
        rec("d2b", "data", 2),
        rec("i2", "insight", 2),
        rec("x", "leadership", 3),
    ]

    roadmap = roadmap_for({"leadership": [2], "insight": [1, 2], "data": [1]}, recs)

    assert [a.recommendation.code for a in roadmap.start_here] == ["d2", "d2b", "i2"]
    assert [a.start_here for a in roadmap.plan[0].actions] == [True, True, True, False]
    assert roadmap.start_here[0].why == (
        "Data holds your placement back. It scores below the Stage 2 band you are placed in. "
        "It is a quick win: low effort, high return."
    )
    assert roadmap.start_here[1].why == "Also for Data, which leads the plan: medium effort, medium impact."


def test_prerequisite_comes_in_an_earlier_horizon_and_is_named():
    recs = [
        rec("base", "data", 3, effort="high"),
        rec("next", "data", 3, effort="low", impact="high", prerequisite="base"),
    ]

    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [2]}, recs)

    where = horizon_of(roadmap)
    assert (where["base"], where["next"]) == (0, 1)
    assert roadmap.plan[1].actions[0].after == "Do base"
    assert [a.recommendation.code for a in roadmap.start_here] == ["base"]


def test_prerequisite_already_in_place_does_not_hold_an_action_back():
    recs = [
        rec("base", "data", 3, addresses=(("data-1", 3),)),
        rec("next", "data", 3, prerequisite="base"),
    ]

    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [2, 3]}, recs)

    assert (codes(roadmap), roadmap.plan[0].actions[0].after, [p.code for p in roadmap.in_place]) == (
        ["next"],
        None,
        ["base"],
    )


def test_a_dimensions_next_stage_actions_follow_its_foundations():
    recs = [rec("d2", "data", 2), rec("d3", "data", 3, effort="low", impact="high")]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [1, 2]}, recs)

    assert (horizon_of(roadmap)["d2"], horizon_of(roadmap)["d3"]) == (0, 1)


def test_chains_longer_than_the_plan_wait_for_later():
    recs = [rec("a", "data", 2), rec("b", "data", 2, prerequisite="a"), rec("c", "data", 2, prerequisite="b")]
    recs.append(rec("d", "data", 2, prerequisite="c"))

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [1]}, recs)

    assert horizon_of(roadmap) == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert [a.horizon for a in roadmap.later] == ["later"]


def test_prerequisite_cycles_are_ignored_not_looped_on():
    recs = [
        rec("a", "data", 4, prerequisite="b"),
        rec("b", "data", 4, prerequisite="a"),
        rec("c", "data", 4, prerequisite="c"),
    ]

    roadmap = roadmap_for({"leadership": [4], "insight": [4], "data": [3]}, recs)

    assert sorted(codes(roadmap)) == ["a", "b", "c"]


# --- stage 5 ---------------------------------------------------------------------


def test_build_roadmap_sustain_with_gaps_uses_stage_five_recommendations():
    recs = [rec("l5", "leadership", 5), rec("l4", "leadership", 4), rec("d5", "data", 5)]

    roadmap = roadmap_for({"leadership": [4, 5], "insight": [5], "data": [5]}, recs)

    assert (roadmap.mode, roadmap.current_stage.number, roadmap.target_stage.number) == ("sustain", 5, 5)
    assert [(g.key, g.target, [r.code for r in g.recommendations]) for g in roadmap.gaps] == [("leadership", 5, ["l5"])]
    assert codes(roadmap) == ["l5"]


def test_build_roadmap_sustain_all_five_plans_two_lowest_dimensions_not_in_place():
    recs = [
        rec("l5", "leadership", 5),
        rec("i5", "insight", 5),
        rec("d5", "data", 5, effort="low", addresses=(("data-0", 5),)),
    ]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [5]}, recs)

    assert (roadmap.mode, roadmap.gaps, sorted(codes(roadmap))) == ("sustain", (), ["i5", "l5"])
    assert [p.code for p in roadmap.in_place] == ["d5"]


def test_build_roadmap_sustain_with_everything_in_place_proposes_nothing():
    recs = [rec("l5", "leadership", 5, addresses=(("leadership-0", 5),))]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [5]}, recs)

    assert (codes(roadmap), roadmap.start_here, [p.code for p in roadmap.in_place]) == ([], (), ["l5"])


def test_build_roadmap_sustain_ignores_consultant_targets():
    roadmap = roadmap_for({"leadership": [4, 5], "insight": [5], "data": [5]}, targets={"leadership": 3})

    assert [(g.key, g.target) for g in roadmap.gaps] == [("leadership", 5)]


def test_build_roadmap_strengths_and_weaknesses():
    specs = tuple(DimensionSpec(key=k, name=k.upper()) for k in ("a", "b", "c", "d", "e"))

    roadmap = roadmap_for({"a": [3], "b": [4], "c": [2], "d": [4], "e": [2]}, specs=specs)

    assert (roadmap.strengths, roadmap.weaknesses) == (("b", "d"), ("c", "e"))


def test_build_roadmap_flat_profile_has_no_strengths_or_weaknesses():
    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [3]})

    assert (roadmap.strengths, roadmap.weaknesses) == ((), ())


def test_roadmap_to_dict_is_json_with_lists():
    recs = [rec("d4", "data", 4, prerequisite="x", addresses=(("data-9", 4),))]
    roadmap = roadmap_for({"leadership": [4], "insight": [4], "data": [3, 2]}, recs)

    data = roadmap_to_dict(roadmap)

    assert json.loads(json.dumps(data)) == data
    assert (data["mode"], data["version"], data["target_stage"]["indicators"], data["gaps"][0]["key"]) == (
        "advance",
        2,
        ["Indicator 4"],
        "data",
    )
    assert [h["key"] for h in data["plan"]] == ["90d", "3-9m", "9-18m"]
    assert data["plan"][0]["actions"][0]["recommendation"]["addresses"] == [["data-9", 4]]
    assert data["start_here"][0]["recommendation"]["code"] == "d4"


# --- properties -------------------------------------------------------------

EFFORTS = st.sampled_from(["low", "medium", "high"])


REC_ROWS = st.tuples(
    st.integers(0, 5),  # dimension (modulo the dimension count)
    st.integers(2, 5),  # target stage
    EFFORTS,
    EFFORTS,  # impact
    st.integers(0, 3),  # order
    st.integers(-10, 20),  # prerequisite: an index into the actions, none when negative
    st.integers(-3, 5),  # in place from this level of one question of its dimension; none when < 1
)


@st.composite
def situations(draw, levels=st.integers(1, 5), acyclic=True, weak=False):  # noqa: B008 - hypothesis strategies are values
    """A complete result, its answers, recommendations with prerequisites and addressed questions, defining dimensions.

    acyclic: prerequisites only point at earlier actions; otherwise anything goes
    (self-references, cycles, codes not in the list). weak: one dimension is
    answered all 1s, so the weakest-link cap usually applies.
    """
    count = draw(st.integers(2, 6))
    specs = tuple(
        DimensionSpec(key=f"d{i}", name=f"Dimension {i}", weight=draw(st.sampled_from([0.5, 1.0, 2.0])))
        for i in range(count)
    )
    rows = draw(st.lists(st.lists(levels, min_size=1, max_size=4), min_size=count, max_size=count))
    if weak:
        rows[draw(st.integers(0, count - 1))] = [1]
    unsure = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    levels_by_dimension = {s.key: row + [None] * flag for s, row, flag in zip(specs, rows, unsure)}
    recs = []
    rows_of_recs = draw(st.lists(REC_ROWS, max_size=30))
    for i, (dimension, stage, effort, impact, order, pointer, in_place_level) in enumerate(rows_of_recs):
        prerequisite = None
        if pointer >= 0:
            if acyclic:
                prerequisite = f"r{pointer % i}" if i else None
            else:
                prerequisite = f"r{pointer}"  # may be itself, a later action, or missing
        key = f"d{dimension % count}"
        addresses = ((f"{key}-{i % 4}", in_place_level),) if in_place_level >= 1 else ()
        recs.append(rec(f"r{i}", key, stage, effort, impact, order, prerequisite, addresses))
    targets = None
    if draw(st.booleans()):
        targets = dict(zip((s.key for s in specs), draw(st.lists(st.integers(1, 5), max_size=count))))
    keys = [s.key for s in specs]
    defining = {stage: draw(st.lists(st.sampled_from(keys), max_size=1)) for stage in range(2, 6)}
    answers = answered(levels_by_dimension)
    return specs, answers, recs, targets, defining


def build(situation):
    specs, answers, recs, targets, defining = situation
    return build_roadmap(
        result=scored(answers, specs, defining),
        answers=answers,
        recommendations=recs,
        stages=STAGES,
        targets=targets,
        defining=defining,
    )


@FAST
@given(situation=situations(acyclic=False))
def test_property_horizons_hold_their_bounds(situation):
    roadmap = build(situation)

    first, middle, last = (h.actions for h in roadmap.plan)
    assert len(first) <= 6 and sum(a.recommendation.effort == "high" for a in first) <= 2
    assert len(middle) <= 8 and len(last) <= 8
    assert [a.recommendation.code for a in roadmap.start_here] == [a.recommendation.code for a in first[:3]]
    assert all(a.why for a in roadmap.start_here)


@FAST
@given(situation=situations(acyclic=False))
def test_property_prerequisites_and_foundations_come_in_an_earlier_horizon(situation):
    roadmap = build(situation)

    where = horizon_of(roadmap)
    by_code = {a.recommendation.code: a.recommendation for a in [*flat(roadmap), *roadmap.later]}
    for code, rec_ in by_code.items():
        if where[code] == len(roadmap.plan):
            continue  # waiting for the next plan
        for other, other_rec in by_code.items():
            if other_rec.dimension == rec_.dimension and other_rec.target_stage < rec_.target_stage:
                assert where[other] < where[code]
        if rec_.prerequisite in by_code and rec_.prerequisite != code:
            # Inside a loop nothing can come first; everywhere else the prerequisite is earlier.
            looped = by_code[rec_.prerequisite].prerequisite == code
            assert looped or where[rec_.prerequisite] < where[code]


@FAST
@given(situation=situations())
def test_property_no_action_aims_beyond_the_next_stage(situation):
    roadmap = build(situation)

    limit = roadmap.target_stage.number
    assert all(a.recommendation.target_stage <= limit for a in [*flat(roadmap), *roadmap.later])


@FAST
@given(situation=situations(acyclic=False))
def test_property_practices_in_place_are_never_proposed(situation):
    _, answers, _, _, _ = situation
    roadmap = build(situation)

    levels = {a.question: a.level for a in answers if a.level is not None}
    for action in [*flat(roadmap), *roadmap.later]:
        for question, level in action.recommendation.addresses:
            assert levels.get(question) is None or levels[question] < level
    proposed = {a.recommendation.code for a in [*flat(roadmap), *roadmap.later]}
    assert proposed.isdisjoint(p.code for p in roadmap.in_place)


@FAST
@given(situation=situations(acyclic=False))
def test_property_every_proposed_action_is_scheduled_exactly_once(situation):
    roadmap = build(situation)

    proposed = sorted({r.code for g in roadmap.gaps for r in g.recommendations})
    scheduled = [a.recommendation.code for a in [*flat(roadmap), *roadmap.later]]
    assert len(scheduled) == len(set(scheduled))
    if roadmap.mode == "advance":
        assert sorted(scheduled) == proposed


@FAST
@given(situation=situations(acyclic=False))
def test_property_the_plan_is_deterministic(situation):
    specs, answers, recs, targets, defining = situation

    again = build((specs, list(answers), list(reversed(recs)), targets, defining))

    # The same answers and model give the same plan, whatever order the model's rows came in
    # (duplicated codes aside: the first row of a code wins).
    assume_unique = len({r.code for r in recs}) == len(recs)
    if assume_unique:
        assert roadmap_to_dict(again) == roadmap_to_dict(build(situation))


@FAST
@given(situation=situations(levels=st.integers(3, 5), weak=True))
def test_property_what_holds_the_placement_back_leads(situation):
    roadmap = build(situation)

    if roadmap.gaps:
        capping = [g.is_capping for g in roadmap.gaps]
        assert capping == sorted(capping, reverse=True)  # every dimension holding it back comes first


# --- gaps found by mutation testing (#13, docs/mutation.md) ------------------


@pytest.mark.parametrize(("effort", "impact"), [("hgih", "high"), ("high", "hgih"), ("", "low")])
def test_recommendation_with_one_unknown_effort_or_impact_is_refused(effort, impact):
    with pytest.raises(ValueError, match=r"^x1: effort and impact must be one of \('low', 'medium', 'high'\)\.$"):
        rec("x1", "data", 2, effort=effort, impact=impact)


@pytest.mark.parametrize("level", [True, 3.5, 0, 6, "3"])
def test_build_roadmap_consultant_target_must_be_a_whole_level(level):
    with pytest.raises(ValueError, match=f"^Target for 'data' is {level!r}; targets run from 1 to 5.$"):
        roadmap_for({"leadership": [3], "insight": [3], "data": [3]}, targets={"data": level})


@pytest.mark.parametrize("level", [1, 5])
def test_build_roadmap_consultant_target_at_either_end_is_accepted(level):
    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [3]}, targets={"data": level})

    # The larger gap first: data's 2 to a target of 5 before the others' 1.
    assert [(g.key, g.target) for g in roadmap.gaps] == ([("data", 5)] if level == 5 else []) + [
        ("leadership", 4),
        ("insight", 4),
    ]


def test_build_roadmap_six_dimensions_have_two_strengths_and_two_weaknesses():
    specs = tuple(DimensionSpec(key=k, name=k.upper()) for k in ("a", "b", "c", "d", "e", "f"))

    roadmap = roadmap_for({"a": [3], "b": [4], "c": [2], "d": [4], "e": [2], "f": [4]}, specs=specs)

    assert (roadmap.strengths, roadmap.weaknesses) == (("b", "d"), ("c", "e"))


def test_build_roadmap_two_dimensions_have_one_strength_and_one_weakness():
    specs = SPECS[:2]

    roadmap = roadmap_for({"leadership": [2], "insight": [3]}, specs=specs)

    assert (roadmap.strengths, roadmap.weaknesses) == (("insight",), ("leadership",))


def test_build_roadmap_shows_each_dimensions_name():
    recs = [
        rec("d3", "data", 3, addresses=(("data-1", 4),)),
        rec("d3b", "data", 3),
        rec("i3", "insight", 3),
    ]

    roadmap = roadmap_for({"leadership": [3], "insight": [2], "data": [2, 4, 1]}, recs)

    assert [(g.key, g.name) for g in roadmap.gaps] == [("insight", "Insight"), ("data", "Data")]
    assert [(a.recommendation.code, a.dimension_name) for a in flat(roadmap)] == [("i3", "Insight"), ("d3b", "Data")]
    assert [(p.code, p.dimension, p.dimension_name, p.title) for p in roadmap.in_place] == [
        ("d3", "data", "Data", "Do d3")
    ]


def test_gap_reasons_for_the_weakest_link_and_a_plain_gap():
    # data (1.5) caps a band-4 average at Stage 2; insight (2.5) is just below Stage 3.
    roadmap = roadmap_for({"leadership": [5, 5], "insight": [2, 3], "data": [1, 2]})

    assert [(g.key, g.target, g.is_capping, g.reason) for g in roadmap.gaps] == [
        ("data", 3, True, "Your weakest dimension: it caps your placement at Stage 2."),
        ("insight", 3, False, "Below the Stage 3 level."),
    ]


def test_why_lines_for_a_low_effort_action_and_a_dimension_with_a_large_gap():
    recs = [rec("d2", "data", 2, effort="low", impact="low"), rec("i2", "insight", 3, effort="high")]

    roadmap = roadmap_for({"leadership": [2], "insight": [1, 2, 3], "data": [1]}, recs)

    assert [(a.recommendation.code, a.why) for a in roadmap.start_here] == [
        (
            "d2",
            "Data holds your placement back. It scores below the Stage 2 band you are placed in. It takes little effort.",
        ),
        ("i2", "Insight has one of the largest gaps to Stage 3 (2.00)."),
    ]


def test_sustain_reason_names_the_dimension_least_established():
    recs = [rec("l5", "leadership", 5), rec("i5", "insight", 5), rec("d5", "data", 5)]

    roadmap = roadmap_for({"leadership": [5], "insight": [5], "data": [5]}, recs)

    assert [(a.recommendation.code, a.dimension_name, a.why) for a in roadmap.start_here] == [
        ("l5", "Leadership", "Leadership is where Stage 5 practice is least established."),
        ("i5", "Insight", "Insight is where Stage 5 practice is least established."),
    ]
    assert [(p.code, p.dimension_name) for p in roadmap.in_place] == []


def test_recommendation_spec_keeps_steps_and_addresses_as_tuples_whatever_json_gave():
    spec = RecommendationSpec(
        code="x",
        dimension="data",
        target_stage=3,
        title="Do x",
        rationale="",
        effort="low",
        impact="high",
        steps=["First", "Then"],
        addresses=[["data-1", "4"]],
    )

    assert (spec.steps, spec.addresses) == (("First", "Then"), (("data-1", 4),))
    assert hash(spec) == hash(dataclasses.replace(spec))


def test_practice_in_place_from_a_later_question_when_an_earlier_one_is_unanswered():
    recs = [rec("d3", "data", 3, addresses=(("data-9", 4), ("data-1", 4)))]

    roadmap = roadmap_for({"leadership": [3], "insight": [3], "data": [2, 4, 1]}, recs)

    assert (codes(roadmap), [(p.code, p.question) for p in roadmap.in_place]) == ([], [("d3", "data-1")])


def test_sustain_lists_a_gaps_practice_in_place_once_and_plans_other_dimensions_by_value():
    recs = [
        rec("l5", "leadership", 5, addresses=(("leadership-1", 5),)),
        rec("i5-dull", "insight", 5, effort="high", impact="low"),
        rec("i5-quick", "insight", 5, effort="low", impact="high"),
    ]

    roadmap = roadmap_for({"leadership": [4, 5], "insight": [5], "data": [5]}, recs)

    assert [(g.key, g.recommendations) for g in roadmap.gaps] == [("leadership", ())]
    assert [p.code for p in roadmap.in_place] == ["l5"]
    assert codes(roadmap) == ["i5-quick", "i5-dull"]


def test_roadmap_to_dict_turns_every_nested_value_plain():
    roadmap = dataclasses.replace(roadmap_for({"leadership": [5], "insight": [5], "data": [5]}), extra={"k": ("a", 1)})

    assert roadmap_to_dict(roadmap)["extra"] == {"k": ["a", 1]}


def test_gap_reasons_at_an_edge_exactly_and_below_the_next_stage_without_defining_it():
    # data at exactly Stage 3's edge (2.50) is not below the placement; at Stage 4's (3.50) it
    # reaches what Stage 4, which it defines, asks.
    at_edge = roadmap_for({"leadership": [3], "insight": [3, 4], "data": [2, 3]})
    defined = roadmap_for({"leadership": [3], "insight": [3], "data": [3, 4]}, defining={4: ["data"]})
    # insight (2.00) is below Stage 3's edge but Stage 3 is not defined by it.
    plain = roadmap_for({"leadership": [5, 5], "insight": [2], "data": [1, 2]})

    assert [(g.key, g.is_capping, g.reason) for g in at_edge.gaps] == [
        ("data", False, "Below the Stage 4 level."),
        ("leadership", False, "Below the Stage 4 level."),
        ("insight", False, "Below the Stage 4 level."),
    ]
    assert [(g.key, g.is_capping, g.reason) for g in defined.gaps if g.key == "data"] == [
        ("data", False, "Below the Stage 4 level.")
    ]
    assert [(g.key, g.reason) for g in plain.gaps if g.key == "insight"] == [("insight", "Below the Stage 3 level.")]


def test_team_practice_in_place_quotes_the_most_common_answer_at_or_above_the_level():
    # data-0: 4, 5, 5, 5, 4, 2 - median 4.5, in place from 4; 5 is given most often.
    answers = [
        AnsweredQuestion(
            dimension="data", question="data-0", text="Who owns data?", level=level, label=f"Option {level}"
        )
        for level in (4, 5, 5, 5, 4, 2)
    ] + answered({"leadership": [5], "insight": [5]})
    recs = [rec("at4", "data", 5, addresses=(("data-0", 4),))]

    roadmap = build_roadmap(result=scored(answers), answers=answers, recommendations=recs, stages=STAGES)

    assert [
        (p.code, p.question, p.question_text, p.answer, p.level, p.in_place_level, p.giving, p.respondents)
        for p in roadmap.in_place
    ] == [("at4", "data-0", "Who owns data?", "Option 5", 4.5, 4, 3, 6)]


def test_practices_in_place_are_listed_in_the_models_dimension_order():
    recs = [
        rec("a-data", "data", 4, addresses=(("data-0", 4),)),
        rec("z-lead", "leadership", 4, addresses=(("leadership-0", 4),)),
    ]

    roadmap = roadmap_for({"leadership": [4, 3], "insight": [3], "data": [4, 3]}, recs)

    assert [p.code for p in roadmap.in_place] == ["z-lead", "a-data"]
