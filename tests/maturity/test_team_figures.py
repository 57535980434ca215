"""A round's team figures survive being stored as JSON and read back: no database, no Django."""

import dataclasses
import json

import pytest

from maturity import result as frozen
from maturity.aggregation import (
    Response,
    dimension_summaries,
    disagreements,
    group_breakdown,
)
from maturity.result import Result
from maturity.scoring import DEFAULT_BANDS, AnsweredQuestion, DimensionSpec
from maturity.team_figures import FORMAT_VERSION, TeamFigures
from tests.maturity.test_roadmap import STAGES, rec

DIMS = [DimensionSpec("lead", "Leadership"), DimensionSpec("data", "Data")]


def response(name, lead, data, levels, *, role, department):
    answers = [AnsweredQuestion(dimension="lead", question="Q1", level=level, text="Who owns CX?") for level in levels]
    return Response(
        respondent=name, scores={"lead": lead, "data": data}, role=role, department=department, answers=answers
    )


def pooled_result() -> Result:
    """Every answer above scored as one set (as consulting.selectors pools them): a placed result."""
    result = frozen.build(
        answers=[
            AnsweredQuestion(dimension=key, question=f"{key}-1", text="Q", level=level, label=f"Option {level}")
            for key, level in (("lead", 2), ("data", 3))
        ],
        specs=[DimensionSpec(key=d.key, name=d.name) for d in DIMS],
        bands=DEFAULT_BANDS,
        recommendations=[rec("lead-3", "lead", 3)],
        profiles=STAGES,
        short_names={"lead": "Lead", "data": "Data"},
    )
    return dataclasses.replace(result, answers=(), respondents=5)


def figures() -> TeamFigures:
    team = [
        response("A", 1.0, 2.0, [1], role="Executive", department="Board"),
        response("B", 1.5, None, [1], role="Executive", department="Board"),
        response("C", 4.0, 3.5, [4], role="Frontline", department="Service"),
        response("D", 3.5, 3.0, [None], role="Frontline", department="Service"),
        response("E", 2.0, 2.5, [5], role="", department="Ops"),
    ]
    return TeamFigures(
        dimensions=DIMS,
        short_names={"lead": "Lead", "data": "Data"},
        summaries=dimension_summaries(team, DIMS),
        disagreements=disagreements(team, min_group=2),
        by_role=group_breakdown(team, DIMS, by="role", min_group=2),
        by_department=group_breakdown(team, DIMS, by="department", min_group=2),
        pooled=pooled_result(),
    )


def test_team_figures_read_back_from_stored_json_equal_the_figures_built():
    built = figures()

    stored = json.loads(json.dumps(built.to_json()))

    assert TeamFigures.from_json(stored) == built


def test_team_figures_example_has_every_part_filled():
    built = figures()

    # The round trip above proves something only if there is something to lose.
    assert len(built.disagreements) == 1
    assert (built.pooled.stage.number, built.pooled.roadmap["gaps"][0]["key"]) == (3, "lead")
    assert [g.name for g in built.disagreements[0].groups] == ["Executive", "Frontline", "Board", "Service"]
    assert [(g.high_group, g.low_group) for g in built.by_role.gaps] == [("Frontline", "Executive")]
    assert built.by_department.hidden == 1


def test_team_figures_keep_dimension_order_of_group_means():
    read = TeamFigures.from_json(json.loads(json.dumps(figures().to_json())))

    assert [list(g.means) for g in read.by_role.groups] == [["lead", "data"]] * len(read.by_role.groups)


def test_team_figures_of_another_format_are_refused():
    stored = figures().to_json() | {"version": FORMAT_VERSION + 1}

    with pytest.raises(ValueError, match=rf"^team figures of format {FORMAT_VERSION + 1}, expected {FORMAT_VERSION}$"):
        TeamFigures.from_json(stored)


def test_team_figures_stored_without_a_format_are_refused_naming_none():
    stored = figures().to_json()
    del stored["version"]

    with pytest.raises(ValueError, match=rf"^team figures of format None, expected {FORMAT_VERSION}$"):
        TeamFigures.from_json(stored)


def test_team_figures_keep_a_shown_not_stated_group_not_stated():
    team = [
        response("A", 1.0, 2.0, [1], role="", department="Board"),
        response("B", 1.5, 2.5, [2], role="Prefer not to say", department="Board"),
        response("C", 4.0, 3.5, [4], role="Frontline", department="Board"),
        response("D", 3.5, 3.0, [3], role="Frontline", department="Board"),
    ]
    by_role = group_breakdown(team, DIMS, by="role", min_group=2)
    built = TeamFigures(
        dimensions=DIMS,
        short_names={},
        summaries=[],
        disagreements=[],
        by_role=by_role,
        by_department=by_role,
        pooled=None,
    )

    read = TeamFigures.from_json(json.loads(json.dumps(built.to_json())))

    assert [(g.name, g.stated) for g in read.by_role.groups] == [("Frontline", True), ("Not stated", False)]
