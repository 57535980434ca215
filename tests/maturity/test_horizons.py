"""Scheduling actions into horizons (docs/roadmap.md, "When"), tested on maturity.horizons directly."""

from maturity.horizons import LATER, Candidate, schedule
from maturity.roadmap import RecommendationSpec


def candidate(code, *, dimension="data", stage=2, prerequisite=None, effort="medium", rank=0, why="", why_again=""):
    rec = RecommendationSpec(
        code=code,
        dimension=dimension,
        target_stage=stage,
        title=f"Do {code}",
        rationale="",
        effort=effort,
        impact="medium",
        prerequisite=prerequisite,
    )
    return Candidate(
        recommendation=rec, dimension_name=dimension.title(), priority=(rank,), why=why, why_again=why_again
    )


def where(result):
    placed = {a.recommendation.code: a.horizon for h in result.plan for a in h.actions}
    placed.update({a.recommendation.code: a.horizon for a in result.later})
    return placed


def test_horizons_carry_their_key_label_and_limit():
    result = schedule([candidate("a")])

    assert [(h.key, h.label, h.limit) for h in result.plan] == [
        ("90d", "First 90 days", 6),
        ("3-9m", "3–9 months", 8),
        ("9-18m", "9–18 months", 8),
    ]
    assert [(a.horizon, a.dimension_name) for a in result.plan[0].actions] == [("90d", "Data")]


def test_every_action_carries_its_horizons_key():
    result = schedule([candidate(f"a{i:02}", rank=i) for i in range(25)])

    assert [sorted({a.horizon for a in h.actions}) for h in result.plan] == [["90d"], ["3-9m"], ["9-18m"]]
    assert {a.horizon for a in result.later} == {LATER}
    assert [len(h.actions) for h in result.plan] + [len(result.later)] == [6, 8, 8, 3]


def test_only_start_here_actions_say_why():
    result = schedule([candidate(f"a{i:02}", rank=i, why="first") for i in range(25)])

    assert [a.why for a in result.start_here] == ["first"] * 3
    rest = [a for h in result.plan for a in h.actions if not a.start_here] + list(result.later)
    assert {a.why for a in rest} == {""}
    assert {a.start_here for a in result.later} == {False}


def test_a_second_start_here_action_in_a_dimension_gives_the_shorter_reason():
    result = schedule(
        [
            candidate("a", rank=0, why="A first", why_again="A again"),
            candidate("b", rank=1, why="B first", why_again="B again"),
            candidate("c", dimension="voice", rank=2, why="C first", why_again="C again"),
        ]
    )

    assert [a.why for a in result.start_here] == ["A first", "B again", "C first"]


def test_an_action_waiting_on_a_prerequisite_loop_is_scheduled_after_it_and_the_loop_ignored():
    # x waits for a; a and b wait for each other (a loop admin refuses, but an old frozen model may hold).
    result = schedule(
        [
            candidate("x", rank=0, prerequisite="a"),
            candidate("a", rank=1, prerequisite="b"),
            candidate("b", rank=2, prerequisite="a"),
        ]
    )

    assert where(result) == {"a": "90d", "b": "90d", "x": "3-9m"}
    after = {a.recommendation.code: a.after for h in result.plan for a in h.actions}
    assert after == {"a": None, "b": None, "x": "Do a"}


def test_a_prerequisite_of_itself_or_outside_the_plan_is_not_waited_for():
    result = schedule([candidate("a", prerequisite="a"), candidate("b", prerequisite="elsewhere")])

    assert [(a.recommendation.code, a.horizon, a.after) for a in result.plan[0].actions] == [
        ("a", "90d", None),
        ("b", "90d", None),
    ]
