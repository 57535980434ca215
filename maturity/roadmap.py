"""The roadmap to the next stage, built from a complete score and the answers behind it.

Pure data in, pure data out (no Django), so the results page, the PDF and the
team report show the same roadmap and its rules can be property-tested. The
rules are written up in docs/roadmap.md.

For a placement s < 5 the roadmap aims at stage s + 1 (or a consultant's
per-dimension targets): each dimension below its target becomes a gap with
the answers holding it back and the actions that lift it. Two things keep the
advice honest:

- **It reads the answers.** Each recommendation names the questions it
  addresses and the answer level from which its practice is in place. An
  action whose practice the answers show in place (one respondent's answer; a
  team's median answer) is never proposed: it is listed among the strengths
  as already in place, quoting the answer.
- **It is a plan people can carry out.** Actions are scheduled into horizons
  (maturity.horizons): "Start here" (three), the first 90 days (at most six,
  at most two of them high effort), 3–9 months and 9–18 months, each action
  after its prerequisites; what does not fit waits, listed, for the next plan.
  No action aims two stages ahead of the placement.

Stage 5 gets a "sustain and innovate" roadmap instead of an empty page.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass

from . import horizons
from .figures import shown
from .horizons import Horizon, PlannedAction
from .scoring import MAX_LEVEL, MIN_LEVEL, AnsweredQuestion, DimensionScore, ScoreResult, known_score

LEVELS = ("low", "medium", "high")


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
    steps: tuple[str, ...] = ()
    owner_role: str = ""
    success_measure: str = ""
    duration: str = ""
    # (question code, answer level from which the practice is in place), in the admin's order.
    addresses: tuple[tuple[str, int], ...] = ()

    def __post_init__(self):
        # Effort and impact drive both ordering and scheduling; an unknown value
        # would silently sort somewhere arbitrary, so refuse it at the door.
        if self.effort not in LEVELS or self.impact not in LEVELS:
            raise ValueError(f"{self.code}: effort and impact must be one of {LEVELS}.")
        # JSON brings lists back; keep the spec hashable and comparable.
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "addresses", tuple((str(q), int(level)) for q, level in self.addresses))

    @property
    def quick_win(self) -> bool:
        """Cheap and worth it: low effort with a medium or high impact."""
        return self.effort == "low" and self.impact in ("medium", "high")

    @property
    def value(self) -> float:
        """Impact over effort (1/3 … 3): what the priority weighs after the dimension's need."""
        return (LEVELS.index(self.impact) + 1) / (LEVELS.index(self.effort) + 1)


@dataclass(frozen=True)
class InPlace:
    """A practice the answers show is already in place, with the answer that shows it."""

    code: str
    title: str
    dimension: str
    dimension_name: str
    question: str
    question_text: str
    answer: str  # the answer quoted (the most common in-place answer, for a team)
    level: float  # the answer's level; for a team, the median answer
    in_place_level: int
    respondents: int  # how many answered the question with a level
    giving: int  # how many of them gave the quoted answer


@dataclass(frozen=True)
class DimensionGap:
    key: str
    name: str
    score: float
    target: int
    gap: float  # target - score, > 0
    is_capping: bool  # this dimension holds the placement back (capped it, held it under a stage, or lags it)
    holding_back: tuple[AnsweredQuestion, ...]  # answers below the target, lowest first
    recommendations: tuple[RecommendationSpec, ...]  # what is proposed (nothing already in place)
    in_place: tuple[InPlace, ...] = ()  # this dimension's actions the answers show in place
    reason: str = ""  # why this dimension needs work, in a sentence


@dataclass(frozen=True)
class Roadmap:
    mode: str  # "advance", or "sustain" for a stage-5 placement
    current_stage: StageProfile
    target_stage: StageProfile  # the next stage; for "sustain", stage 5's own profile
    gaps: tuple[DimensionGap, ...]
    plan: tuple[Horizon, ...]  # always every horizon of maturity.horizons, possibly empty
    strengths: tuple[str, ...]  # dimension keys, highest scores first
    weaknesses: tuple[str, ...]  # dimension keys, lowest scores first
    start_here: tuple[PlannedAction, ...] = ()
    later: tuple[PlannedAction, ...] = ()  # proposed, but for the plan after this one
    in_place: tuple[InPlace, ...] = ()  # every practice shown in place, in the dimensions' order
    span: str = horizons.SPAN
    version: int = 2
    extra: Mapping = field(default_factory=dict)


def _recommendation_key(rec: RecommendationSpec) -> tuple:
    # Earlier stages first (a dimension two stages behind climbs one at a time),
    # then the best value (impact over effort; a quick win is always the better value), then the admin's order.
    return (rec.target_stage, -rec.value, rec.order, rec.code)


def question_levels(answers: Sequence[AnsweredQuestion]) -> dict[str, list[AnsweredQuestion]]:
    """Scored answers (a level, not "Not sure") by question code, in the order given."""
    by_question: dict[str, list[AnsweredQuestion]] = {}
    for answer in answers:
        if answer.level is not None:
            by_question.setdefault(answer.question, []).append(answer)
    return by_question


def in_place(
    rec: RecommendationSpec, by_question: Mapping[str, Sequence[AnsweredQuestion]], dimension_name: str
) -> InPlace | None:
    """How the answers show ``rec``'s practice in place, or None.

    In place when the answers to any question it addresses reach the level
    given for it: one respondent's answer, or a team's median answer (the
    middle of everyone's answers, so neither the keenest nor the harshest
    respondent decides). "Not sure" shows nothing either way.
    """
    for question, level in rec.addresses:
        given = by_question.get(question) or ()
        levels = [a.level for a in given if a.level is not None]
        if not levels:
            continue
        median = statistics.median(levels)
        if median < level:
            continue
        # Quote the answer given most often among those at or above the level (the lower on a tie).
        counts = Counter(lv for lv in levels if lv >= level)
        quoted_level = min(counts, key=lambda lv: (-counts[lv], lv))
        quoted = next(a for a in given if a.level == quoted_level)
        return InPlace(
            code=rec.code,
            title=rec.title,
            dimension=rec.dimension,
            dimension_name=dimension_name,
            question=question,
            question_text=quoted.text,
            answer=quoted.label,
            level=float(median),
            in_place_level=level,
            respondents=len(levels),
            giving=counts[quoted_level],
        )
    return None


def _holds_back(result: ScoreResult, defining: Mapping[int, Sequence[str]], next_stage: int) -> set[str]:
    """Dimensions that hold the placement back: the weakest link that capped it, the defining
    dimension that held it under a stage, those scoring in a band below it, and the next
    stage's defining dimensions that do not reach its band yet."""
    keys = {result.capped_by, result.held_by} | {d.key for d in result.below_placement()}
    edge = result.edge(next_stage)
    # At stage 5 the "next" stage is 5 itself, whose defining dimensions reach its edge (property 7).
    if edge is not None:
        keys |= {
            d.key
            for d in result.dimensions
            if d.key in set(defining.get(next_stage, ())) and d.score is not None and d.score < edge
        }
    keys.discard(None)
    return keys  # type: ignore[return-value]


def _gap_reason(result: ScoreResult, dim: DimensionScore, target: int, defining: Mapping[int, Sequence[str]]) -> str:
    stage = result.stage
    if dim.key == result.held_by:
        return (
            f"Stage {result.held_from} is defined by {dim.name}, which does not reach that stage's band yet: "
            f"it keeps you at Stage {stage}."
        )
    if dim.key == result.capped_by:
        return f"Your weakest dimension: it caps your placement at Stage {stage}."
    edge = result.edge(stage)
    score = known_score(dim.score)
    if edge is not None and score < edge:
        return f"It scores below the Stage {stage} band you are placed in."
    next_edge = result.edge(target)
    if dim.key in set(defining.get(target, ())) and next_edge is not None and score < next_edge:
        return f"Stage {target} is defined by {dim.name}: it must reach {next_edge:.2f} before you can be placed there."
    return f"Below the Stage {target} level."


class _Catalogue:
    """The model's recommendations by dimension (the first spec of a code wins, so duplicated
    admin rows cannot schedule an action twice), split against the answers."""

    def __init__(
        self, recommendations: Sequence[RecommendationSpec], answers: Sequence[AnsweredQuestion], result: ScoreResult
    ):
        unique: dict[str, RecommendationSpec] = {}
        for rec in recommendations:
            unique.setdefault(rec.code, rec)
        self.by_dimension: dict[str, list[RecommendationSpec]] = {}
        for rec in unique.values():
            self.by_dimension.setdefault(rec.dimension, []).append(rec)
        self.by_question = question_levels(answers)
        self.names = {d.key: d.name for d in result.dimensions}

    def split(self, key: str, low: int, high: int) -> tuple[tuple[RecommendationSpec, ...], tuple[InPlace, ...]]:
        """The dimension's actions for stages low..high: (to propose, already in place)."""
        chosen = sorted(
            (r for r in self.by_dimension.get(key, []) if low <= r.target_stage <= high), key=_recommendation_key
        )
        proposed, shown_in_place = [], []
        for rec in chosen:
            found = in_place(rec, self.by_question, self.names[key])
            if found is None:
                proposed.append(rec)
            else:
                shown_in_place.append(found)
        return tuple(proposed), tuple(shown_in_place)


def _profiles(stages: Sequence[StageProfile], placement: int, next_stage: int) -> dict[int, StageProfile]:
    profiles = {p.number: p for p in stages}
    for number in (placement, next_stage):
        if number not in profiles:
            raise ValueError(f"No profile for stage {number}.")
    return profiles


def _targets(result: ScoreResult, next_stage: int, targets: Mapping[str, int]) -> dict[str, int]:
    """Each dimension's target: the consultant's (checked: a whole level 1-5), else the next stage."""
    for key, level in targets.items():
        if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
            raise ValueError(f"Target for {key!r} is {level!r}; targets run from 1 to 5.")
    return {d.key: targets.get(d.key, next_stage) for d in result.dimensions}


def _gaps(
    result: ScoreResult,
    answers: Sequence[AnsweredQuestion],
    catalogue: _Catalogue,
    target_of: Mapping[str, int],
    next_stage: int,
    defining: Mapping[int, Sequence[str]],
) -> list[DimensionGap]:
    """Every dimension below its target, those holding the placement back first, then the larger gap."""
    holding = _holds_back(result, defining, next_stage)
    spec_index = {d.key: i for i, d in enumerate(result.dimensions)}
    gaps = []
    for dim in result.dimensions:
        target, score = target_of[dim.key], known_score(dim.score)  # complete: every dimension scored
        if score >= target:
            continue
        low_answers = sorted(
            (a for a in answers if a.dimension == dim.key and a.level is not None and a.level < target),
            key=lambda a: a.level or 0,  # sorted is stable: equal levels keep the questionnaire's order
        )
        # From the stage just above the score up to the target, but never beyond the next
        # stage: a dimension two stages behind gets the actions for both stages.
        proposed, found = catalogue.split(dim.key, math.floor(score) + 1, min(target, next_stage))
        gaps.append(
            DimensionGap(
                key=dim.key,
                name=dim.name,
                score=score,
                target=target,
                gap=target - score,
                is_capping=dim.key in holding,
                holding_back=tuple(low_answers),
                recommendations=proposed,
                in_place=found,
                reason=_gap_reason(result, dim, target, defining),
            )
        )
    gaps.sort(key=lambda g: (not g.is_capping, -g.gap, spec_index[g.key]))
    return gaps


def _gap_candidates(gaps: Sequence[DimensionGap]) -> list[horizons.Candidate]:
    return [
        horizons.Candidate(
            recommendation=rec,
            dimension_name=gap.name,
            priority=(not gap.is_capping, -gap.gap, -rec.value, rec.target_stage, rec.order, gi, ri),
            why=_why_first(gap, rec),
            why_again=_why_next(gap, rec),
        )
        for gi, gap in enumerate(gaps)
        for ri, rec in enumerate(gap.recommendations)
    ]


def _sustain_candidates(
    result: ScoreResult, catalogue: _Catalogue, gaps: Sequence[DimensionGap]
) -> tuple[list[horizons.Candidate], list[InPlace]]:
    """At the top already, with nothing left to propose for any gap: keep the plan useful with the
    stage-5 practices of the first two other dimensions (each scores 5) that still have any not in
    place, and list their stage-5 practices in place (a gap's are listed with it already)."""
    gap_keys = {g.key for g in gaps}
    candidates: list[horizons.Candidate] = []
    in_place_all: list[InPlace] = []
    chosen = 0
    for di, dim in enumerate(d for d in result.dimensions if d.key not in gap_keys):
        proposed, found = catalogue.split(dim.key, MAX_LEVEL, MAX_LEVEL)
        in_place_all += found
        if proposed and chosen < 2:
            chosen += 1
            candidates += [
                horizons.Candidate(
                    recommendation=rec,
                    dimension_name=dim.name,
                    priority=(-rec.value, rec.order, di, ri),
                    why=f"{dim.name} is where Stage 5 practice is least established.",
                )
                for ri, rec in enumerate(proposed)
            ]
    return candidates, in_place_all


def _lowest_first(result: ScoreResult) -> list[DimensionScore]:
    """Dimensions by score, lowest first, ties in the model's order."""
    return sorted(result.dimensions, key=lambda d: known_score(d.score))


def _highest_first(result: ScoreResult) -> list[DimensionScore]:
    """Dimensions by score, highest first, ties in the model's order (a reversed sort stays stable)."""
    return sorted(result.dimensions, key=lambda d: known_score(d.score), reverse=True)


def _strengths_weaknesses(result: ScoreResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Two each, never the same dimension as both, and only real differences: a strength
    scores above the lowest score, a weakness below the highest (a flat profile has neither,
    rather than "strongest 5.00, weakest 5.00")."""
    dimension_scores = _highest_first(result)
    score = {d.key: known_score(d.score) for d in result.dimensions}
    count = min(2, len(dimension_scores) // 2)
    top, bottom = score[dimension_scores[0].key], score[dimension_scores[-1].key]
    strengths = tuple(d.key for d in dimension_scores[:count] if score[d.key] > bottom)
    rest = [d for d in _lowest_first(result) if d.key not in strengths and score[d.key] < top]
    return strengths, tuple(d.key for d in rest[:count])


def build_roadmap(
    *,
    result: ScoreResult,
    answers: Sequence[AnsweredQuestion],
    recommendations: Sequence[RecommendationSpec],
    stages: Sequence[StageProfile],
    targets: Mapping[str, int] | None = None,
    defining: Mapping[int, Sequence[str]] | None = None,
) -> Roadmap:
    """The roadmap from ``result`` (which must be complete) to the next stage.

    ``targets`` are a consultant's per-dimension target levels; dimensions
    without one aim at the next stage. A stage-5 placement ignores them: there
    the target is 5 everywhere ("sustain and innovate"). Whatever the targets,
    no action aims beyond the next stage. ``defining`` is the model's
    stage-defining dimensions (stage -> dimension keys).
    """
    if result.stage is None:  # no stage exactly when some dimension has no scored answer
        raise ValueError("A roadmap needs a complete result; some dimensions have no scored answers.")
    defining = defining or {}
    placement = result.stage
    sustain = placement >= MAX_LEVEL
    next_stage = MAX_LEVEL if sustain else placement + 1
    profiles = _profiles(stages, placement, next_stage)
    target_of = _targets(result, next_stage, {} if sustain else targets or {})
    catalogue = _Catalogue(recommendations, answers, result)
    gaps = _gaps(result, answers, catalogue, target_of, next_stage, defining)
    candidates = _gap_candidates(gaps)
    in_place_all = [p for gap in gaps for p in gap.in_place]
    if sustain and not candidates:
        candidates, more_in_place = _sustain_candidates(result, catalogue, gaps)
        in_place_all += more_in_place
    schedule = horizons.schedule(candidates)
    strengths, weaknesses = _strengths_weaknesses(result)
    spec_index = {d.key: i for i, d in enumerate(result.dimensions)}
    return Roadmap(
        mode="sustain" if sustain else "advance",
        current_stage=profiles[placement],
        target_stage=profiles[next_stage],
        gaps=tuple(gaps),
        plan=schedule.plan,
        start_here=schedule.start_here,
        later=schedule.later,
        strengths=strengths,
        weaknesses=weaknesses,
        in_place=tuple(sorted(in_place_all, key=lambda p: (spec_index[p.dimension], p.code))),
    )


def _why_first(gap: DimensionGap, rec: RecommendationSpec) -> str:
    """One line on why an action would come first (shown for the "start here" three)."""
    value = ""
    if rec.quick_win:
        value = " It is a quick win: low effort, high return."
    elif rec.effort == "low":
        value = " It takes little effort."
    if gap.is_capping:
        return f"{gap.name} holds your placement back. {gap.reason}{value}"
    return f"{gap.name} has one of the largest gaps to Stage {gap.target} ({shown(gap.score):.2f}).{value}"


def _why_next(gap: DimensionGap, rec: RecommendationSpec) -> str:
    """The line for a second "start here" action in the same dimension: its reason is given above."""
    return f"Also for {gap.name}, which leads the plan: {rec.effort} effort, {rec.impact} impact."


def _plain(value):
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def roadmap_to_dict(roadmap: Roadmap) -> dict:
    """The roadmap as JSON-able data (tuples become lists) for the frozen result snapshot."""
    return _plain(roadmap)
