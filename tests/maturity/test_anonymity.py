"""The minimum group size: no output ever names a group smaller than the minimum (no Django)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity import anonymity
from maturity.aggregation import (
    Response,
    dimension_summaries,
    disagreements,
    group_breakdown,
)
from maturity.scoring import AnsweredQuestion, DimensionSpec

FAST = settings(max_examples=100, deadline=None)
DIMS = [DimensionSpec("lead", "Leadership"), DimensionSpec("data", "Data")]
NAMES = ["Executive", "executive ", "Manager", "Frontline", "", "Prefer not to say", "Sales", "Support"]


@st.composite
def teams(draw):
    size = draw(st.integers(0, 25))
    people = []
    for i in range(size):
        levels = draw(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=4, max_size=4))
        people.append(
            Response(
                respondent=f"R{i}",
                role=draw(st.sampled_from(NAMES)),
                department=draw(st.sampled_from(NAMES)),
                scores={"lead": draw(st.floats(1, 5)), "data": draw(st.floats(1, 5))},
                answers=[
                    AnsweredQuestion(dimension=d, question=f"{d}-{q}", level=level)
                    for (d, q), level in zip([("lead", 1), ("lead", 2), ("data", 1), ("data", 2)], levels)
                ],
            )
        )
    return people


def sizes(team, by):
    return anonymity.group_sizes(getattr(r, by) for r in team)


@FAST
@given(team=teams(), minimum=st.integers(3, 8))
def test_no_breakdown_row_or_gap_names_a_group_below_the_minimum(team, minimum):
    for by in ("role", "department"):
        counts = sizes(team, by)
        breakdown = group_breakdown(team, DIMS, by=by, min_group=minimum)

        named = [g.name for g in breakdown.groups] + [
            n for gap in breakdown.gaps for n in (gap.high_group, gap.low_group)
        ]
        key = {anonymity.NOT_STATED: ""}
        assert [n for n in named if counts[key.get(n, anonymity.group_key(n))] < minimum] == []
        assert breakdown.hidden + sum(g.respondents for g in breakdown.groups) == len(team)


@FAST
@given(team=teams(), minimum=st.integers(3, 8))
def test_no_disagreement_line_names_a_group_below_the_minimum(team, minimum):
    for flag in disagreements(team, min_group=minimum):
        small = [g.name for g in flag.groups if sizes(team, g.by)[anonymity.group_key(g.name)] < minimum]
        assert small == []
        assert all(g.respondents >= minimum for g in flag.groups)


@FAST
@given(team=teams(), minimum=st.integers(3, 8))
def test_masked_respondent_groups_never_name_a_group_below_the_minimum(team, minimum):
    for by in ("role", "department"):
        counts = sizes(team, by)
        shown = anonymity.shown_keys((getattr(r, by) for r in team), minimum)
        printed = [anonymity.shown_name(getattr(r, by), shown) for r in team]
        assert [p for p in printed if p and counts[anonymity.group_key(p)] < minimum] == []


@FAST
@given(team=teams(), minimum=st.integers(3, 8))
def test_team_figures_count_hidden_groups(team, minimum):
    """Suppression hides names, never answers: the team means are the same whatever the minimum."""
    assert dimension_summaries(team, DIMS) == dimension_summaries(
        [Response(respondent=r.respondent, scores=r.scores, answers=r.answers) for r in team], DIMS
    )


def test_breakdown_with_minimum_keeps_big_groups_and_hides_small_ones():
    team = [Response(respondent=f"E{i}", role="Executive", scores={"lead": 4.0, "data": 4.0}) for i in range(3)]
    team += [Response(respondent=f"F{i}", role="Frontline", scores={"lead": 2.0, "data": 2.0}) for i in range(3)]
    team += [Response(respondent="S", role="Sales", scores={"lead": 1.0, "data": 1.0})]

    breakdown = group_breakdown(team, DIMS, by="role", min_group=3)

    assert [(g.name, g.respondents) for g in breakdown.groups] == [("Executive", 3), ("Frontline", 3)]
    assert [(g.high_group, g.low_group) for g in breakdown.gaps] == [("Executive", "Frontline")] * 2
    assert breakdown.hidden == 1


def test_prefer_not_to_say_is_the_not_stated_group():
    team = [Response(respondent=str(i), role="Prefer not to say", scores={"lead": 3.0}) for i in range(2)]
    team += [Response(respondent="x", role="", scores={"lead": 3.0})]

    breakdown = group_breakdown(team, DIMS[:1], by="role", min_group=3)

    assert [(g.name, g.respondents, g.stated) for g in breakdown.groups] == [("Not stated", 3, False)]


def test_disagreement_shows_each_shown_group_and_ranks_by_spread():
    def person(i, role, lead1, lead2):
        return Response(
            respondent=str(i),
            role=role,
            scores={},
            answers=[AnsweredQuestion("lead", "q1", lead1), AnsweredQuestion("lead", "q2", lead2)],
        )

    # q1: 1,1,1,3,3,3 (sd 1.0); q2: 2,2,2,2,2,4 (sd 0.75): q2 was seen first but q1 ranks first.
    team = [person(i, "Exec", 3, 2) for i in range(3)] + [person(3 + i, "Agent", 1, 2) for i in range(2)]
    team.append(person(9, "Lonely", 1, 4))

    first, second = disagreements(team, min_group=3)

    assert (first.question, second.question) == ("q1", "q2")
    assert [(g.by, g.name, g.levels) for g in first.groups] == [("role", "Exec", (3, 3, 3))]


@pytest.mark.parametrize("value", [3, 5, 12])
def test_check_min_group_accepts_three_and_more(value):
    assert anonymity.check_min_group(value) == value


@pytest.mark.parametrize("value", [2, 0, -1, True, 2.5])
def test_check_min_group_refuses_below_three(value):
    with pytest.raises(ValueError, match="minimum group size must be a whole number of at least 3"):
        anonymity.check_min_group(value)


def test_choices_tidies_the_consultants_list():
    assert anonymity.choices([" Executive ", "", "executive", "Front  line", "prefer not to say"]) == [
        "Executive",
        "Front line",
    ]


@pytest.mark.parametrize("value", [3.0, 7.5, "5"])
def test_check_min_group_refuses_a_value_that_is_not_a_whole_number(value):
    with pytest.raises(ValueError, match="minimum group size must be a whole number of at least 3"):
        anonymity.check_min_group(value)


def test_shown_keys_shows_a_group_of_exactly_the_minimum():
    names = ["Executive", "executive ", " EXECUTIVE", "Sales", "Sales", None, "Prefer not to say", ""]

    assert anonymity.shown_keys(names, 3) == {"executive", ""}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (" Front  line ", "Front line"),
        ("FRONT LINE", "FRONT LINE"),
        ("Sales", ""),
        (None, ""),
        ("", ""),
        ("Prefer not to say", ""),
    ],
)
def test_shown_name_prints_a_shown_group_tidied_and_nothing_else(name, expected):
    # The "not stated" group being big enough still prints nothing: there is no name to print.
    assert anonymity.shown_name(name, {"front line", ""}) == expected
