"""The roadmap to the next stage, built from a complete score.

Pure data in, pure data out (no Django), so the results page and the PDF show
the same roadmap and the ordering rules can be property-tested. See DESIGN.md,
"The roadmap to the next stage".

For a placement s < 5 the roadmap aims at stage s + 1 (or a consultant's
per-dimension targets): each dimension below its target becomes a gap with the
answers holding it back and the recommendations that lift it, and those
recommendations are scheduled into 30/60/90-day horizons. Stage 5 gets a
"sustain and innovate" roadmap instead of an empty page or an error.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass

from .scoring import MAX_LEVEL, MIN_LEVEL, ScoreResult

LEVELS = ("low", "medium", "high")
EFFORT_HORIZON = {"low": 30, "medium": 60, "high": 90}
HORIZON_LABELS = {30: "First 30 days", 60: "Days 31–60", 90: "Days 61–90"}
# A horizon holds at most a third of the plan (the last one takes what is left), but
# never fewer than this: a short plan is not spread thin to look balanced.
MIN_PER_HORIZON = 4


@dataclass(frozen=True)
class StageProfile:
    number: int
    name: str
    alt_name: str
    tagline: str
    description: str
    indicators: tuple[str, ...]
    benefits: tuple[str, ...]
    statistic: str


@dataclass(frozen=True)
class RecommendationSpec:
    """One action that moves a dimension into ``target_stage``."""

    code: str
    dimension: str
    target_stage: int
    title: str
    rationale: str
    effort: str  # "low" | "medium" | "high"
    impact: str  # "low" | "medium" | "high"
    order: int = 0
    prerequisite: str | None = None  # code of an action that should be done first

    def __post_init__(self):
        # Effort and impact drive both ordering and scheduling; an unknown value
        # would silently sort somewhere arbitrary, so refuse it at the door.
        if self.effort not in LEVELS or self.impact not in LEVELS:
            raise ValueError(f"{self.code}: effort and impact must be one of {LEVELS}.")

    @property
    def quick_win(self) -> bool:
        """Cheap and worth it: low effort with a medium or high impact."""
        return self.effort == "low" and self.impact in ("medium", "high")


@dataclass(frozen=True)
class AnsweredQuestion:
    dimension: str
    question: str
    text: str
    level: int | None  # None = "Not sure"
    label: str
    note: str = ""


@dataclass(frozen=True)
class DimensionGap:
    key: str
    name: str
    score: float
    target: int
    gap: float  # target - score, > 0
    is_capping: bool  # this dimension capped the placement
    holding_back: tuple[AnsweredQuestion, ...]  # answers below the target, lowest first
    recommendations: tuple[RecommendationSpec, ...]


@dataclass(frozen=True)
class PlannedAction:
    horizon: int  # 30, 60 or 90
    recommendation: RecommendationSpec
    dimension_name: str
    after: str | None  # title of the prerequisite it waits for, if that is in the plan


@dataclass(frozen=True)
class Horizon:
    days: int
    label: str
    actions: tuple[PlannedAction, ...]


@dataclass(frozen=True)
class Roadmap:
    mode: str  # "advance", or "sustain" for a stage-5 placement
    current_stage: StageProfile
    target_stage: StageProfile  # the next stage; for "sustain", stage 5's own profile
    gaps: tuple[DimensionGap, ...]
    plan: tuple[Horizon, ...]  # always the three horizons 30/60/90, possibly empty
    strengths: tuple[str, ...]  # dimension keys, highest scores first
    weaknesses: tuple[str, ...]  # dimension keys, lowest scores first


def _recommendation_key(rec: RecommendationSpec) -> tuple:
    # Earlier stages first (a dimension two stages behind climbs one at a time),
    # then quick wins, then low effort before high, high impact before low.
    return (
        rec.target_stage,
        not rec.quick_win,
        LEVELS.index(rec.effort),
        -LEVELS.index(rec.impact),
        rec.order,
        rec.code,
    )


def build_roadmap(
    *,
    result: ScoreResult,
    answers: Sequence[AnsweredQuestion],
    recommendations: Sequence[RecommendationSpec],
    stages: Sequence[StageProfile],
    targets: Mapping[str, int] | None = None,
) -> Roadmap:
    """The roadmap from ``result`` (which must be complete) to the next stage.

    ``targets`` are a consultant's per-dimension target levels; dimensions
    without one aim at the next stage. A stage-5 placement ignores them: there
    the target is 5 everywhere ("sustain and innovate").
    """
    if not result.complete or result.stage is None:
        raise ValueError("A roadmap needs a complete result; some dimensions have no scored answers.")
    profiles = {p.number: p for p in stages}
    placement = result.stage
    sustain = placement >= MAX_LEVEL
    next_stage = MAX_LEVEL if sustain else placement + 1
    for number in (placement, next_stage):
        if number not in profiles:
            raise ValueError(f"No profile for stage {number}.")
    if targets and not sustain:
        for key, level in targets.items():
            if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
                raise ValueError(f"Target for {key!r} is {level!r}; targets run from 1 to 5.")

    # The first spec of a code wins, so duplicated admin rows cannot schedule an action twice.
    unique: dict[str, RecommendationSpec] = {}
    for rec in recommendations:
        unique.setdefault(rec.code, rec)
    by_dimension: dict[str, list[RecommendationSpec]] = {}
    for rec in unique.values():
        by_dimension.setdefault(rec.dimension, []).append(rec)

    def recs_between(key: str, low: int, high: int) -> tuple[RecommendationSpec, ...]:
        chosen = [r for r in by_dimension.get(key, []) if low <= r.target_stage <= high]
        return tuple(sorted(chosen, key=_recommendation_key))

    spec_index = {d.key: i for i, d in enumerate(result.dimensions)}
    gaps = []
    for dim in result.dimensions:
        if sustain or not targets:
            target = next_stage
        else:
            target = targets.get(dim.key, next_stage)
        if dim.score >= target:
            continue
        holding = sorted(
            (a for a in answers if a.dimension == dim.key and a.level is not None and a.level < target),
            key=lambda a: a.level,  # sorted is stable: equal levels keep the questionnaire's order
        )
        gaps.append(
            DimensionGap(
                key=dim.key,
                name=dim.name,
                score=dim.score,
                target=target,
                gap=target - dim.score,
                is_capping=dim.key == result.capped_by,
                holding_back=tuple(holding),
                # From the stage just above the score up to the target, so a dimension
                # two stages behind gets the actions for both stages.
                recommendations=recs_between(dim.key, math.floor(dim.score) + 1, target),
            )
        )
    gaps.sort(
        key=lambda g: (
            not g.is_capping,
            -g.gap,
            not any(r.quick_win for r in g.recommendations),
            spec_index[g.key],
        )
    )

    # Each scheduled item: (recommendation, dimension name, capping?, gap size, tie-break position).
    items: list[tuple[RecommendationSpec, str, bool, float, tuple[int, int]]] = [
        (rec, gap.name, gap.is_capping, gap.gap, (gi, ri))
        for gi, gap in enumerate(gaps)
        for ri, rec in enumerate(gap.recommendations)
    ]
    if sustain and not items:
        # At the top already: keep the plan useful with the stage-5 practices of the
        # two lowest-scoring dimensions that have any ("sustain and innovate").
        candidates = sorted(
            (d for d in result.dimensions if recs_between(d.key, MAX_LEVEL, MAX_LEVEL)),
            key=lambda d: (d.score, spec_index[d.key]),
        )[:2]
        items = [
            (rec, dim.name, False, 0.0, (di, ri))
            for di, dim in enumerate(candidates)
            for ri, rec in enumerate(recs_between(dim.key, MAX_LEVEL, MAX_LEVEL))
        ]

    dimension_scores = sorted(result.dimensions, key=lambda d: (-d.score, spec_index[d.key]))
    # Two each, never the same dimension as both, and only real differences: a
    # strength scores above the lowest score, a weakness below the highest (a
    # flat profile has neither, rather than "strongest 5.00, weakest 5.00").
    count = min(2, len(dimension_scores) // 2)
    top, bottom = dimension_scores[0].score, dimension_scores[-1].score
    strengths = tuple(d.key for d in dimension_scores[:count] if d.score > bottom)
    rest = sorted(
        (d for d in result.dimensions if d.key not in strengths and d.score < top),
        key=lambda d: (d.score, spec_index[d.key]),
    )
    weaknesses = tuple(d.key for d in rest[:count])

    return Roadmap(
        mode="sustain" if sustain else "advance",
        current_stage=profiles[placement],
        target_stage=profiles[next_stage],
        gaps=tuple(gaps),
        plan=_schedule(items),
        strengths=strengths,
        weaknesses=weaknesses,
    )


def _schedule(items) -> tuple[Horizon, ...]:
    """Put actions into 30/60/90-day horizons, prerequisites and foundations first.

    An action starts in the horizon its effort suggests (the capping
    dimension's one horizon sooner), no earlier than its prerequisite, and,
    foundations first, a horizon after its own dimension's actions aimed at an
    earlier stage (a dimension two stages behind works on the nearer stage
    first). A prerequisite outside the plan counts as already done. Admin data may
    contain prerequisite cycles; the links inside a cycle are ignored (nothing
    in a cycle can honestly come first), so scheduling always terminates and
    every kept link is honoured. Neither of the first two horizons holds more
    than a third of the plan (at least MIN_PER_HORIZON actions): the end of its
    list moves on to the next horizon, so fifteen quick wins are not all due in
    the first 30 days.
    """
    by_code = {item[0].code: item for item in items}
    prereq = {
        code: item[0].prerequisite if item[0].prerequisite in by_code and item[0].prerequisite != code else None
        for code, item in by_code.items()
    }

    def in_cycle(code: str) -> bool:
        seen = set()
        current = prereq[code]
        while current is not None and current not in seen:
            if current == code:
                return True
            seen.add(current)
            current = prereq[current]
        return False

    cyclic = {code for code in by_code if in_cycle(code)}
    waits_for = {code: (None if code in cyclic else prereq[code]) for code in by_code}

    def base_horizon(code: str) -> int:
        rec, _, capping, _, _ = by_code[code]
        days = EFFORT_HORIZON[rec.effort]
        # The capping dimension is what holds the placement back: start it sooner.
        return max(30, days - 30) if capping else days

    horizon: dict[str, int] = {}
    for code in by_code:
        chain = []
        current = code
        while current is not None and current not in horizon:
            chain.append(current)
            current = waits_for[current]
        floor = horizon[current] if current is not None else 30
        for link in reversed(chain):  # from the root prerequisite down to this action
            floor = max(base_horizon(link), floor)
            horizon[link] = floor

    last = max(HORIZON_LABELS)

    def settle() -> None:
        """Foundations first: raise each action above its dimension's earlier-stage actions
        (and keep it level with its prerequisite), until nothing moves. Horizons only
        ever grow and stop at the last one, so this ends."""
        moved = True
        while moved:
            moved = False
            for code, (rec, *_) in by_code.items():
                earlier = [
                    horizon[other]
                    for other, (other_rec, *_) in by_code.items()
                    if other_rec.dimension == rec.dimension and other_rec.target_stage < rec.target_stage
                ]
                floor = min(last, max(earlier) + 30) if earlier else horizon[code]
                if waits_for[code] is not None:
                    floor = max(floor, horizon[waits_for[code]])
                if horizon[code] < floor:
                    horizon[code] = floor
                    moved = True

    def priority(code: str) -> tuple:
        rec, _, capping, gap, position = by_code[code]
        return (not capping, rec.target_stage, not rec.quick_win, -gap, position)

    dependants: dict[str, list[str]] = {}
    for code, parent in waits_for.items():
        if parent is not None:
            dependants.setdefault(parent, []).append(code)

    def in_order(days: int) -> list[str]:
        """A horizon's actions as listed: by priority, each after its prerequisite."""
        codes = {code for code in by_code if horizon[code] == days}
        # A prerequisite is in this horizon or an earlier one, so only same-horizon ones can still be pending.
        pending = {code: int(waits_for[code] in codes) for code in codes}
        ready = [(priority(code), code) for code in sorted(codes) if not pending[code]]
        heapq.heapify(ready)
        ordered = []
        while ready:
            _, code = heapq.heappop(ready)
            ordered.append(code)
            for child in dependants.get(code, []):
                if pending.get(child):
                    pending[child] = 0
                    heapq.heappush(ready, (priority(child), child))
        return ordered

    settle()
    # Balance: effort alone can put fifteen actions in the first 30 days and none in
    # the last. A horizon keeps its first `room` actions in listed order and passes
    # the rest on to the next one. Cutting the tail of the listed order never strands
    # an action before its prerequisite (a prerequisite is listed first); settle()
    # then restores the foundations-first rule for whatever moved.
    room = max(MIN_PER_HORIZON, math.ceil(len(by_code) / len(HORIZON_LABELS)))
    horizons = sorted(HORIZON_LABELS)
    for days, following in zip(horizons, horizons[1:]):
        for code in in_order(days)[room:]:
            horizon[code] = following
        settle()

    plan = []
    for days in horizons:
        actions = []
        for code in in_order(days):
            rec, name, _, _, _ = by_code[code]
            parent = waits_for[code]
            actions.append(
                PlannedAction(
                    horizon=days,
                    recommendation=rec,
                    dimension_name=name,
                    after=by_code[parent][0].title if parent is not None else None,
                )
            )
        plan.append(Horizon(days=days, label=HORIZON_LABELS[days], actions=tuple(actions)))
    return tuple(plan)


def _plain(value):
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def roadmap_to_dict(roadmap: Roadmap) -> dict:
    """The roadmap as JSON-able data (tuples become lists) for the frozen result snapshot."""
    return _plain(roadmap)
