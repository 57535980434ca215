"""The tailored plan: a consultant's edits laid over a frozen roadmap (maturity.plan)."""

import copy
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.plan import (
    DONE,
    IN_PROGRESS,
    STATUSES,
    BaseAction,
    BaseHorizon,
    CustomAction,
    Tailoring,
    horizons_from_roadmap,
    moved,
    progress_by_dimension,
    tailor,
)

FAST = settings(max_examples=200, deadline=None)
HORIZON_KEYS = ("start", "90d", "3-9m", "9-18m")


@st.composite
def frozen_plans(draw):
    codes = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=4), unique=True, max_size=12))
    keys = HORIZON_KEYS[: draw(st.integers(1, len(HORIZON_KEYS)))]
    homes = [draw(st.sampled_from(keys)) for _ in codes]
    return tuple(
        BaseHorizon(
            key=key,
            label=key.upper(),
            actions=tuple(
                BaseAction(code=c, title=f"Do {c}", dimension=f"dim-{len(c)}", dimension_name=f"D{len(c)}")
                for c, home in zip(codes, homes)
                if home == key
            ),
        )
        for key in keys
    )


@st.composite
def tailorings(draw, plan):
    codes = [a.code for h in plan for a in h.actions] + ["not-in-roadmap"]
    chosen = draw(st.lists(st.sampled_from(codes), unique=True))
    return [
        Tailoring(
            code=code,
            hidden=draw(st.booleans()),
            hidden_reason="Not relevant",
            title=draw(st.sampled_from(["", f"Reworded {code}"])),
            status=draw(st.sampled_from(STATUSES)),
            position=draw(st.none() | st.integers(0, 20)),
        )
        for code in chosen
    ]


@st.composite
def customs(draw):
    count = draw(st.integers(0, 5))
    return [
        CustomAction(
            ident=i + 1,
            title=f"Own {i + 1}",
            horizon=draw(st.sampled_from(HORIZON_KEYS + ("gone",))),
            position=draw(st.none() | st.integers(0, 20)),
        )
        for i in range(count)
    ]


@st.composite
def cases(draw):
    plan = draw(frozen_plans())
    return plan, draw(tailorings(plan)), draw(customs())


@FAST
@given(cases())
def test_tailor_never_shows_a_hidden_action(case):
    plan, edits, own = case
    hidden = {t.code for t in edits if t.hidden}

    tailored = tailor(plan, edits, own)

    assert {e.code for e in tailored.entries} & hidden == set()
    in_roadmap = {a.code for h in plan for a in h.actions}
    assert sorted(e.code for e in tailored.hidden) == sorted(hidden & in_roadmap)


@FAST
@given(cases())
def test_tailor_shows_every_own_action_in_its_horizon_or_the_first(case):
    plan, edits, own = case
    keys = [h.key for h in plan]

    tailored = tailor(plan, edits, own)

    shown = {e.ident: e.horizon for e in tailored.entries if e.custom}
    assert shown == {c.ident: (c.horizon if c.horizon in keys else keys[0]) for c in own}


@FAST
@given(cases())
def test_tailor_keeps_every_unhidden_roadmap_action_once_in_its_horizon(case):
    plan, edits, own = case
    hidden = {t.code for t in edits if t.hidden}

    tailored = tailor(plan, edits, own)

    for base, shown in zip(plan, tailored.horizons):
        assert sorted(e.code for e in shown.entries if not e.custom) == sorted(
            a.code for a in base.actions if a.code not in hidden
        )


@FAST
@given(cases())
def test_tailor_respects_positions_within_a_horizon(case):
    plan, edits, own = case
    positions = {f"rec:{t.code}": t.position for t in edits} | {f"own:{c.ident}": c.position for c in own}

    tailored = tailor(plan, edits, own)

    for horizon in tailored.horizons:
        ranks = [positions.get(e.key) for e in horizon.entries]
        placed = [r for r in ranks if r is not None]
        # Positioned entries first, in position order; the unpositioned after them.
        assert ranks[: len(placed)] == sorted(placed)
        assert all(r is None for r in ranks[len(placed) :])


@FAST
@given(cases())
def test_tailor_leaves_its_frozen_input_unchanged(case):
    plan, edits, own = case
    before = copy.deepcopy((plan, edits, own))

    tailor(plan, edits, own)

    assert (plan, edits, own) == before


def test_tailor_rewords_and_keeps_the_models_wording_beside_it():
    plan = (
        BaseHorizon(key="30", label="First 30 days", actions=(BaseAction("a", "Map journeys", "insight", "Insight"),)),
    )

    entry = tailor(plan, [Tailoring(code="a", title="Map the claims journey", owner="COO")]).entries[0]

    assert (entry.title, entry.model_title, entry.reworded, entry.owner) == (
        "Map the claims journey",
        "Map journeys",
        True,
        "COO",
    )


def test_tailor_without_edits_is_the_roadmap_in_order():
    actions = tuple(BaseAction(c, c.upper(), "data", "Data") for c in "abc")
    plan = (BaseHorizon(key="30", label="First 30 days", actions=actions),)

    tailored = tailor(plan)

    assert [(e.code, e.title, e.status) for e in tailored.entries] == [
        ("a", "A", "not_started"),
        ("b", "B", "not_started"),
        ("c", "C", "not_started"),
    ]


def test_horizons_from_roadmap_reads_days_or_key_and_steps_or_rationale():
    roadmap = {
        "plan": [
            {
                "days": 30,
                "label": "First 30 days",
                "actions": [
                    {
                        "recommendation": {"code": "x", "title": "X", "dimension": "data", "rationale": "Because"},
                        "dimension_name": "Data",
                        "after": None,
                    }
                ],
            },
            {
                "key": "start",
                "label": "Start here",
                "actions": [
                    {
                        "recommendation": {"code": "y", "title": "Y", "dimension": "data", "steps": ["One", "Two"]},
                        "dimension_name": "Data",
                    }
                ],
            },
        ]
    }

    horizons = horizons_from_roadmap(roadmap)

    assert [(h.key, h.label, [(a.code, a.detail) for a in h.actions]) for h in horizons] == [
        ("30", "First 30 days", [("x", "Because")]),
        ("start", "Start here", [("y", "One\nTwo")]),
    ]


def test_moved_swaps_with_a_neighbour_and_stops_at_the_ends():
    assert moved(["a", "b", "c"], "b", -1) == ["b", "a", "c"]
    assert moved(["a", "b", "c"], "c", 1) == ["a", "b", "c"]
    assert moved(["a", "b", "c"], "z", 1) == ["a", "b", "c"]


def test_progress_by_dimension_counts_statuses_and_names_done_actions():
    plan = (
        BaseHorizon(
            key="30",
            label="30",
            actions=(BaseAction("a", "A", "data", "Data"), BaseAction("b", "B", "data", "Data")),
        ),
    )
    due = datetime.date(2026, 1, 1)
    entries = tailor(plan, [Tailoring(code="a", status=DONE, due=due), Tailoring(code="b", status=IN_PROGRESS)]).entries

    progress = progress_by_dimension(entries)["data"]

    assert (progress.total, progress.done, progress.in_progress, progress.done_titles) == (2, 1, 1, ("A",))
