"""The frozen result (maturity.result): built once, stored as JSON, read back the same by every reader."""

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity import result as frozen
from maturity.result import Chart, DimensionResult, Figures, NamedScore, Placement, Result
from maturity.scoring import DEFAULT_BANDS, AnsweredQuestion, Band, DimensionSpec
from tests.maturity.test_roadmap import STAGES, rec

SPECS = tuple(
    DimensionSpec(key=key, name=name)
    for key, name in [
        ("leadership", "Leadership & Strategy"),
        ("insight", "Customer Insight"),
        ("organisation", "Organisation & Collaboration"),
        ("data", "Data & Technology"),
        ("delivery", "Experience Delivery"),
        ("culture", "Culture & People"),
    ]
)
SHORT = {"leadership": "Leadership", "insight": "Insight", "organisation": "Collaboration", "data": "Data & Tech"}
RECOMMENDATIONS = tuple(
    rec(f"{s.key}-{n}", s.key, n, addresses=((f"{s.key}-0", n),)) for s in SPECS for n in (2, 3, 4, 5)
)
V1 = json.loads((Path(__file__).parents[1] / "assessments" / "data" / "result_v1.json").read_text(encoding="utf-8"))


def answers_at(levels: dict, *, default=3, per_dimension=3, note="") -> list[AnsweredQuestion]:
    return [
        AnsweredQuestion(
            dimension=s.key,
            question=f"{s.key}-{n}",
            text=f"Question {s.key}-{n}",
            level=levels.get(s.key, default),
            label="Not sure" if levels.get(s.key, default) is None else f"Option {levels.get(s.key, default)}",
            note=note if n == 0 else "",
        )
        for s in SPECS
        for n in range(per_dimension)
    ]


def built(levels=None, *, targets=None, defining=None, **kwargs) -> Result:
    return frozen.build(
        answers=answers_at(levels or {}, **kwargs),
        specs=SPECS,
        bands=DEFAULT_BANDS,
        recommendations=RECOMMENDATIONS,
        profiles=STAGES,
        short_names=SHORT,
        defining=defining,
        targets=targets,
    )


def through_json(result: Result) -> Result:
    return Result.from_json(json.loads(json.dumps(result.to_json())))


def test_result_read_back_from_its_json_equals_the_result_built():
    result = built({"data": 1, "culture": 4}, note="Nobody owns the numbers")

    assert through_json(result) == result


@settings(max_examples=150, deadline=None)
@given(
    levels=st.dictionaries(st.sampled_from([s.key for s in SPECS]), st.one_of(st.none(), st.integers(1, 5))),
    default=st.integers(1, 5),
    targets=st.one_of(st.none(), st.dictionaries(st.sampled_from([s.key for s in SPECS]), st.integers(1, 5))),
    note=st.text(max_size=20),
)
def test_result_json_round_trip_keeps_every_field_whatever_the_answers(levels, default, targets, note):
    result = built(levels, default=default, targets=targets, note=note)

    assert through_json(result) == result
    assert through_json(result).to_json() == result.to_json()


def test_result_dimensions_carry_score_target_and_short_name():
    result = built({"data": 1}, default=3)

    assert [(d.key, d.short_name, d.score, d.target) for d in result.dimensions] == [
        ("leadership", "Leadership", 3.0, 3),
        ("insight", "Insight", 3.0, 3),
        ("organisation", "Collaboration", 3.0, 3),
        ("data", "Data & Tech", 1.0, 3),
        ("delivery", "Experience Delivery", 3.0, 3),
        ("culture", "Culture & People", 3.0, 3),
    ]
    assert (result.stage.number, result.target_name) == (2, "Stage 3 — Stage 3 name")


def test_result_chart_is_drawn_from_the_dimensions_scores_and_targets():
    result = built({"data": 1, "culture": 5}, default=3)

    assert result.chart == Chart(
        labels=("Leadership", "Insight", "Collaboration", "Data & Tech", "Experience Delivery", "Culture & People"),
        series=(("Your scores", (3.0, 3.0, 3.0, 1.0, 3.0, 5.0)), ("Stage 3 — Stage 3 name", (3, 3, 3, 3, 3, 3))),
    )


def test_result_with_consultant_targets_names_the_target_line_target():
    result = built({"data": 1}, default=3, targets={"data": 4, "culture": 5})

    assert (result.target_name, result.targets) == ("Target", [3, 3, 3, 4, 3, 5])


def test_result_incomplete_has_scores_and_no_placement():
    result = built({"data": None}, default=3)

    assert (result.complete, result.placed, result.stage, result.roadmap, result.chart) == (
        False,
        False,
        None,
        None,
        None,
    )
    assert result.dimension("data") == DimensionResult(
        key="data", name="Data & Technology", short_name="Data & Tech", score=None, answered=0, not_sure=3
    )
    assert sorted(result.to_json()) == ["answers", "complete", "defining", "dimensions", "score", "version"]


def test_result_answers_are_stored_without_a_role():
    answers = [dataclasses.replace(a, role="Executive") for a in answers_at({}, default=4)]

    result = frozen.build(
        answers=answers, specs=SPECS, bands=DEFAULT_BANDS, recommendations=(), profiles=STAGES, short_names={}
    )

    assert {a.role for a in result.answers} == {""}
    assert "role" not in result.to_json()["answers"][0]


def test_result_defining_stage_numbers_travel_as_strings_and_come_back_as_numbers():
    result = built({"organisation": 2}, default=3, defining={3: ["organisation"]})

    assert result.to_json()["defining"] == {"3": ["organisation"]}
    assert through_json(result).defining == {3: ("organisation",)}
    assert result.stage.number == 2  # held under stage 3 by the dimension that defines it


def test_version_1_result_reads_and_writes_back_unchanged():
    read = Result.from_json(V1)

    assert read.to_json() == {**V1}
    assert (read.version, read.stage.number, read.score.held_by, read.score.below_placement) == (1, 3, None, ())


def test_version_1_result_without_short_names_labels_with_the_full_name():
    old = {**V1, "dimensions": [{k: v for k, v in d.items() if k != "short_name"} for d in V1["dimensions"]]}

    read = Result.from_json(old)

    assert [d.short_name for d in read.dimensions] == [d["name"] for d in V1["dimensions"]]


def test_result_with_scores_keeps_the_pooled_figure_and_redraws_the_first_series():
    result = built({"data": 1}, default=3)

    team = result.with_scores({"data": 1.5, "culture": None}, series_name="Team score")

    assert [(d.key, d.score, d.pooled_score) for d in team.dimensions if d.key in ("data", "culture")] == [
        ("data", 1.5, 1.0),
        ("culture", 3.0, None),
    ]
    assert team.chart.series == (("Team score", (3.0, 3.0, 3.0, 1.5, 3.0, 3.0)), result.chart.series[1])
    assert through_json(team) == team


def test_placement_of_version_1_writes_no_version_2_fields():
    placement = Placement.from_json(V1["score"])

    assert placement.to_json(version=1) == V1["score"]
    assert sorted(set(placement.to_json(version=2)) - set(V1["score"])) == [
        "answered",
        "asked",
        "below_placement",
        "borderline",
        "held_by",
        "held_by_name",
        "held_by_score",
        "held_from",
    ]


def test_figures_read_the_parts_a_team_needs():
    result = built({"data": 2}, default=4).to_json()

    parts = Figures.from_json(
        dimensions=result["dimensions"], answers=result["answers"], overall=result["score"]["overall"], stage=3
    )

    assert parts.scores == {
        "leadership": 4.0,
        "insight": 4.0,
        "organisation": 4.0,
        "data": 2.0,
        "delivery": 4.0,
        "culture": 4.0,
    }
    assert (parts.dimension_names["data"], parts.answers[0].question, parts.overall, parts.stage) == (
        "Data & Technology",
        "leadership-0",
        3.66,
        3,
    )


def test_result_from_json_without_a_version_is_refused():
    data = built().to_json()
    del data["version"]

    with pytest.raises(KeyError, match="version"):
        Result.from_json(data)


def test_result_from_json_of_the_sparest_form_reads_what_it_lacks_as_blank():
    sparse = {
        "version": 1,
        "score": {
            "overall": None,
            "band_stage": None,
            "cap_stage": None,
            "stage": None,
            "capped_by": None,
            "capped_by_name": None,
            "capped_by_score": None,
            "confidence": 0.5,
            "insufficient": ["data"],
            "why": "No stage can be given yet.",
        },
        "complete": False,
        "dimensions": [{"key": "data", "name": "Data & Technology", "score": None, "answered": 0, "not_sure": 2}],
        "stage": {"number": 1, "name": "Reactive", "alt_name": "", "tagline": "", "description": "", "statistic": ""},
    }

    read = Result.from_json(sparse)

    assert (read.answers, read.defining, read.score.insufficient, read.score.below_placement) == ((), {}, ("data",), ())
    assert (read.stage.indicators, read.stage.benefits, read.dimensions[0].short_name) == ((), (), "Data & Technology")
    assert Result.from_json(
        {**sparse, "answers": [{"dimension": "data", "question": "data-1", "level": None}]}
    ).answers == (
        AnsweredQuestion(dimension="data", question="data-1", level=None, text="", label="", note="", role=""),
    )


def test_answer_json_names_a_role_only_when_there_is_one():
    answer = AnsweredQuestion(dimension="data", question="data-1", level=2, text="Q", label="Two", note="n")

    assert frozen.answer_to_json(dataclasses.replace(answer, role="Executive")) == {
        "dimension": "data",
        "question": "data-1",
        "text": "Q",
        "level": 2,
        "label": "Two",
        "note": "n",
        "role": "Executive",
    }
    assert frozen.answer_from_json(frozen.answer_to_json(dataclasses.replace(answer, role="Executive"))).role == (
        "Executive"
    )
    assert "role" not in frozen.answer_to_json(answer)


def test_result_dimension_unknown_is_none():
    assert built().dimension("unknown") is None


def test_result_is_placed_by_the_bands_it_is_given():
    strict_bands = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.75), Band(4, 3.5), Band(5, 4.5))
    levels = {"leadership": 2, "insight": 2}  # overall 2.66…: stage 3 by the default bands (from 2.5)

    result = frozen.build(
        answers=answers_at(levels, default=3),
        specs=SPECS,
        bands=strict_bands,
        recommendations=RECOMMENDATIONS,
        profiles=STAGES,
        short_names=SHORT,
    )

    assert (result.stage.number, built(levels, default=3).stage.number) == (2, 3)


def test_result_roadmap_aims_at_the_consultants_targets():
    def gap_targets(result):
        return {g["key"]: g["target"] for g in result.roadmap["gaps"]}

    aimed = built({"data": 1}, default=3, targets={"data": 4})

    assert (gap_targets(aimed)["data"], gap_targets(built({"data": 1}, default=3))["data"]) == (4, 3)


def test_result_at_stage_5_aims_at_5_whatever_the_targets():
    result = built({}, default=5, targets={"data": 4})

    assert (result.target_name, result.targets) == ("Stage 5 — Stage 5 name", [5] * 6)


def test_result_names_the_dimensions_below_its_placement():
    result = built({"data": 1, "culture": 4}, default=2)

    assert (result.stage.number, result.score.below_placement) == (
        2,
        (NamedScore(key="data", name="Data & Technology", score=1.0),),
    )


def test_result_roadmap_leads_with_the_dimension_that_defines_the_next_stage():
    def first_gaps(result):
        return [g["key"] for g in result.roadmap["gaps"]][:2]

    assert (first_gaps(built({}, default=2, defining={3: ["culture"]})), first_gaps(built({}, default=2))) == (
        ["culture", "leadership"],
        ["leadership", "insight"],
    )


def test_result_written_by_a_later_engine_loads_without_the_fields_it_added():
    data = built({"data": 1}).to_json()
    later = {
        **data,
        "score": {**data["score"], "momentum": 0.4},
        "dimensions": [{**d, "trend": "up"} for d in data["dimensions"]],
        "stage": {**data["stage"], "icon": "stage-2.svg"},
    }

    assert Result.from_json(later) == Result.from_json(data)
