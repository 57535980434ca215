"""The tailored plan: a consultant's edits laid over a frozen roadmap (maturity.plan)."""

import copy
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.plan import (
    DONE,
    DROPPED,
    IN_PROGRESS,
    NOT_STARTED,
    STATUSES,
    BaseAction,
    BaseHorizon,
    CustomAction,
    DimensionProgress,
    PlanEntry,
    PlanHorizon,
    TailoredPlan,
    Tailoring,
    horizons_from_roadmap,
    moved,
    progress_by_dimension,
    tailor,
    with_statuses,
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


DUE = datetime.date(2027, 3, 31)
JOURNEYS = BaseAction(
    code="ins-1",
    title="Map journeys",
    dimension="insight",
    dimension_name="Customer Insight",
    detail="List the journeys\nWalk one",
    after="Name an owner",
)
SURVEY = BaseAction(code="ins-2", title="Run a survey", dimension="insight", dimension_name="Customer Insight")
NINETY = BaseHorizon(key="90d", label="First 90 days", actions=(JOURNEYS, SURVEY))


def test_tailor_entries_carry_the_action_its_edits_and_the_consultants_own_actions_whole():
    edits = [
        Tailoring(
            code="ins-1",
            ident=7,
            title="Map the claims journey",
            steps="Interview five claimants",
            owner="Dana (COO)",
            due=DUE,
            status=IN_PROGRESS,
        ),
        Tailoring(code="ins-2", ident=8, hidden=True, hidden_reason="Done last year", owner="Lee"),
    ]
    own = [
        CustomAction(
            ident=3,
            title="Brief the board",
            horizon="90d",
            steps="Ten minutes at the March meeting",
            dimension="leadership",
            dimension_name="Leadership",
            owner="CEO",
            due=DUE,
            status=DONE,
        )
    ]

    tailored = tailor((NINETY,), edits, own)

    journeys = PlanEntry(
        key="rec:ins-1",
        code="ins-1",
        ident=7,
        title="Map the claims journey",
        model_title="Map journeys",
        steps="Interview five claimants",
        dimension="insight",
        dimension_name="Customer Insight",
        owner="Dana (COO)",
        due=DUE,
        status=IN_PROGRESS,
        horizon="90d",
        after="Name an owner",
    )
    board = PlanEntry(
        key="own:3",
        code="",
        ident=3,
        title="Brief the board",
        model_title="",
        steps="Ten minutes at the March meeting",
        dimension="leadership",
        dimension_name="Leadership",
        owner="CEO",
        due=DUE,
        status=DONE,
        horizon="90d",
    )
    survey = PlanEntry(
        key="rec:ins-2",
        code="ins-2",
        ident=8,
        title="Run a survey",
        model_title="Run a survey",
        steps="",
        dimension="insight",
        dimension_name="Customer Insight",
        owner="Lee",
        due=None,
        status=NOT_STARTED,
        horizon="90d",
        hidden_reason="Done last year",
    )
    assert tailored == TailoredPlan(
        horizons=(PlanHorizon(key="90d", label="First 90 days", entries=(journeys, board)),), hidden=(survey,)
    )


def test_tailor_keeps_the_models_steps_where_the_consultant_wrote_none():
    (entry, _) = tailor((NINETY,), [Tailoring(code="ins-1", title="Map two journeys")]).entries

    assert (entry.steps, entry.hidden_reason) == ("List the journeys\nWalk one", "")


def test_tailor_lists_own_actions_without_a_position_in_the_order_they_were_added():
    own = [CustomAction(ident=i, title=f"Own {i}", horizon="90d") for i in (2, 1, 3)]

    tailored = tailor((NINETY,), custom=own)

    assert [e.key for e in tailored.entries] == ["rec:ins-1", "rec:ins-2", "own:1", "own:2", "own:3"]


def test_tailor_of_a_roadmap_without_horizons_is_empty_even_with_own_actions():
    tailored = tailor((), custom=[CustomAction(ident=1, title="Own", horizon="90d")])

    assert tailored == TailoredPlan(horizons=(), hidden=())


def test_tailored_plan_finds_the_horizon_of_an_entry():
    later = BaseHorizon(key="3-9m", label="3-9 months", actions=(BaseAction("dat-1", "Join data", "data", "Data"),))
    tailored = tailor((NINETY, later))

    assert [(h.key if h else None) for h in map(tailored.horizon_of, ["rec:dat-1", "rec:ins-2", "rec:gone"])] == [
        "3-9m",
        "90d",
        None,
    ]


def test_progress_by_dimension_counts_each_status_once():
    entries = [
        e
        for status, code in zip((DONE, IN_PROGRESS, DROPPED, NOT_STARTED), "abcd", strict=True)
        for e in tailor(
            (BaseHorizon(key="90d", label="90", actions=(BaseAction(code, code.upper(), "data", "Data"),)),),
            [Tailoring(code=code, status=status)],
        ).entries
    ]

    assert progress_by_dimension(entries) == {
        "data": DimensionProgress(dimension="data", total=4, done=1, in_progress=1, dropped=1, done_titles=("A",))
    }


def test_with_statuses_replaces_only_the_statuses_given():
    entries = tailor((NINETY,)).entries

    updated = with_statuses(entries, {"rec:ins-2": DONE})

    assert [(e.key, e.status) for e in updated] == [("rec:ins-1", NOT_STARTED), ("rec:ins-2", DONE)]


def test_horizons_from_roadmap_reads_every_field_of_an_action():
    roadmap = {
        "plan": [
            {
                "key": "90d",
                "label": "First 90 days",
                "actions": [
                    {
                        "recommendation": {
                            "code": "ins-1",
                            "title": "Map journeys",
                            "dimension": "insight",
                            "steps": ["List the journeys", "Walk one"],
                            "rationale": "Not shown: the steps are",
                        },
                        "dimension_name": "Customer Insight",
                        "after": "Name an owner",
                    }
                ],
            }
        ]
    }

    assert horizons_from_roadmap(roadmap) == (BaseHorizon(key="90d", label="First 90 days", actions=(JOURNEYS,)),)


def test_horizons_from_roadmap_reads_a_sparse_plan_with_blanks():
    roadmap = {
        "plan": [
            {"key": "later", "actions": [{"recommendation": {"code": "x", "title": "X"}}]},
            {"days": 30, "label": "First 30 days"},
        ]
    }

    assert horizons_from_roadmap(roadmap) == (
        BaseHorizon(key="later", label="later", actions=(BaseAction("x", "X", "", "", "", None),)),
        BaseHorizon(key="30", label="First 30 days", actions=()),
    )


def test_horizons_from_roadmap_of_a_result_without_a_plan_is_empty():
    assert (horizons_from_roadmap(None), horizons_from_roadmap({}), horizons_from_roadmap({"plan": []})) == ((), (), ())


def test_tailor_drops_the_reason_of_an_action_shown_again():
    (entry, _) = tailor((NINETY,), [Tailoring(code="ins-1", hidden=False, hidden_reason="Done last year")]).entries

    assert (entry.key, entry.hidden_reason) == ("rec:ins-1", "")
