"""Scheduling the roadmap's actions into horizons a real organisation can carry out.

The roadmap to the next stage is a 12–18 month plan (the source articles call
the journey a marathon with realistic milestones), in three horizons:

- **First 90 days**: at most six actions, at most two of them high effort. The
  first three are "Start here", each with a line on why it comes first.
- **3–9 months** and **9–18 months**: at most eight each.

Each action goes into the earliest horizon that has room and in which its
prerequisites are already done: a prerequisite always sits in an earlier
horizon (not merely earlier in the same one), and so do the same dimension's
actions for an earlier stage (foundations first). A prerequisite outside the
plan counts as done (its practice is in place, or it is not asked for).
Within a horizon, actions come in priority order: the dimension that holds the
placement back first, then the largest gap, then impact over effort. What
does not fit waits in "later", listed for the plan after this one, so the
plan never asks for more than a team can do and nothing is silently dropped.
Everything is deterministic: the same answers give the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SPAN = "12–18 months"
START_HERE = 3
HIGH_EFFORT_FIRST = 2  # high-effort actions allowed in the first 90 days


@dataclass(frozen=True)
class Window:
    key: str
    label: str
    limit: int
    high_effort_limit: int | None = None


WINDOWS: tuple[Window, ...] = (
    Window("90d", "First 90 days", 6, HIGH_EFFORT_FIRST),
    Window("3-9m", "3–9 months", 8),
    Window("9-18m", "9–18 months", 8),
)
LATER = "later"


@dataclass(frozen=True)
class PlannedAction:
    horizon: str  # a window's key, or LATER
    recommendation: Any  # maturity.roadmap.RecommendationSpec
    dimension_name: str
    after: str | None  # title of the prerequisite it waits for, if that is in the plan
    start_here: bool = False
    why: str = ""  # for a "start here" action: why it comes first


@dataclass(frozen=True)
class Horizon:
    key: str
    label: str
    limit: int | None
    actions: tuple[PlannedAction, ...]


@dataclass(frozen=True)
class Candidate:
    """An action to schedule: its spec, its dimension's name, and its priority (lower first)."""

    recommendation: Any  # maturity.roadmap.RecommendationSpec
    dimension_name: str
    priority: tuple
    why: str = ""  # why it would come first
    why_again: str = ""  # the same, when an earlier "start here" action already gave its dimension's reason


@dataclass(frozen=True)
class Schedule:
    plan: tuple[Horizon, ...]  # one per window
    start_here: tuple[PlannedAction, ...]  # the first START_HERE actions of the first window
    later: tuple[PlannedAction, ...]  # proposed, but did not fit: for the plan after this one


def _waits(candidates: Sequence[Candidate]) -> dict[str, set[str]]:
    """For each action, the actions of the plan it must come after.

    Its stated prerequisite (when that is in the plan) and its dimension's
    actions for an earlier stage. Stated prerequisites that form a loop (admin
    refuses them, but a frozen model may hold one) are ignored: nothing in a
    loop can honestly come first, and ignoring it keeps scheduling finite.
    """
    by_code = {c.recommendation.code: c.recommendation for c in candidates}
    stated = {
        code: rec.prerequisite if rec.prerequisite in by_code and rec.prerequisite != code else None
        for code, rec in by_code.items()
    }

    def in_loop(code: str) -> bool:
        # A loop through ``code`` comes back to it within len(stated) steps; a bounded walk
        # also ends on a chain that runs into a loop elsewhere.
        current = stated[code]
        for _ in stated:
            if current is None:
                return False
            if current == code:
                return True
            current = stated[current]
        return False

    waits: dict[str, set[str]] = {}
    for code, rec in by_code.items():
        needs = {
            other
            for other, other_rec in by_code.items()
            if other_rec.dimension == rec.dimension and other_rec.target_stage < rec.target_stage
        }
        if stated[code] is not None and not in_loop(code):
            needs.add(stated[code])
        waits[code] = needs
    return waits


def _placements(ordered: Sequence[Candidate], waits: Mapping[str, set[str]]) -> dict[str, int]:
    """Each action's window index: the earliest window with room whose prerequisites are done before it."""
    placed: dict[str, int] = {}  # code -> window index
    for index, window in enumerate(WINDOWS):
        taken = 0
        high = 0
        for candidate in ordered:
            code = candidate.recommendation.code
            if code in placed or taken >= window.limit:
                continue
            if any(placed.get(need, index) >= index for need in waits[code]):
                continue  # a prerequisite is not done by the start of this window
            if candidate.recommendation.effort == "high" and window.high_effort_limit is not None:
                if high >= window.high_effort_limit:
                    continue
                high += 1
            placed[code] = index
            taken += 1
    return placed


class _Actions:
    """Turns scheduled candidates into PlannedActions, giving each dimension's reason once."""

    def __init__(self, ordered: Sequence[Candidate], waits: Mapping[str, set[str]]):
        self.titles = {c.recommendation.code: c.recommendation.title for c in ordered}
        self.waits = waits
        self.explained: set[str] = set()  # dimensions whose reason a "start here" action has given

    def __call__(self, candidate: Candidate, key: str, first: bool) -> PlannedAction:
        rec = candidate.recommendation
        why = ""
        if first:
            why = candidate.why_again if rec.dimension in self.explained and candidate.why_again else candidate.why
            self.explained.add(rec.dimension)
        return PlannedAction(
            horizon=key,
            recommendation=rec,
            dimension_name=candidate.dimension_name,
            after=self.titles.get(rec.prerequisite) if rec.prerequisite in self.waits[rec.code] else None,
            start_here=first,
            why=why,
        )


def schedule(candidates: Sequence[Candidate]) -> Schedule:
    unique: dict[str, Candidate] = {}
    for candidate in candidates:
        unique.setdefault(candidate.recommendation.code, candidate)
    waits = _waits(list(unique.values()))
    ordered = sorted(unique.values(), key=lambda c: (c.priority, c.recommendation.code))
    placed = _placements(ordered, waits)
    action = _Actions(ordered, waits)
    plan = []
    start_here: list[PlannedAction] = []
    for index, window in enumerate(WINDOWS):
        actions = []
        for candidate in ordered:
            if placed.get(candidate.recommendation.code) != index:
                continue
            first = index == 0 and len(start_here) < START_HERE
            planned = action(candidate, window.key, first)
            if first:
                start_here.append(planned)
            actions.append(planned)
        plan.append(Horizon(key=window.key, label=window.label, limit=window.limit, actions=tuple(actions)))
    later = tuple(action(c, LATER, False) for c in ordered if c.recommendation.code not in placed)
    return Schedule(plan=tuple(plan), start_here=tuple(start_here), later=later)
