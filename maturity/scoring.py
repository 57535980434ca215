"""Placing an organisation on the five-stage CX maturity model.

This module is the scoring contract from DESIGN.md ("Scoring"), kept free of
Django so it can be property-tested on its own and reused for single
respondents and pooled team answers alike.

The rule: a dimension's score is the mean of its answered levels; the overall
score is the weighted mean of the dimension scores; the placement is

    stage = min(band(overall), floor(weakest dimension score) + 1)

so a strong average cannot hide a "Reactive" dimension (the weakest link caps the
placement one stage above it). Then property 7: a stage may name the
dimensions that define it (Stage 3, Cross-Functional, is defined by
Organisation & Collaboration); a stage is reached only when each of its defining
dimensions scores at least that stage's band lower edge, otherwise the
placement stops one below (and is checked again there). docs/scoring.md has the
contract and its seven properties.

All arithmetic is done with ``fractions.Fraction``: a dimension answered 2, 3
has a score of exactly 5/2, which must land in a band starting at 2.5 and
never at 2.4999999. Floats appear only in the result, for display and JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from maturity.figures import cut, shown

MIN_LEVEL = 1
MAX_LEVEL = 5
STAGES = tuple(range(MIN_LEVEL, MAX_LEVEL + 1))
# An overall score this close to a band edge (either side) is called borderline.
BORDERLINE = Fraction(1, 10)


@dataclass(frozen=True)
class DimensionSpec:
    """One axis of the model, as the scoring needs it."""

    key: str
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class AnsweredQuestion:
    """One answer to one question, as the respondent saw it: the one answer type of the core.

    Scoring reads the level (1..5, or None for "Not sure", left out of the
    score); the roadmap quotes the question's text, the answer's label and the
    respondent's note; a team's evidence groups answers by role.
    """

    dimension: str
    question: str
    level: int | None  # None = "Not sure"
    text: str = ""
    label: str = ""
    note: str = ""
    role: str = ""  # the respondent's role, for team evidence (blank for one person)


@dataclass(frozen=True)
class Band:
    """Overall scores from ``min_score`` up to the next band's minimum place in ``stage``."""

    stage: int
    min_score: float


# Bands centred on the integers, so uniform answers at level k land in stage k.
DEFAULT_BANDS: tuple[Band, ...] = (Band(1, 1.0), Band(2, 1.5), Band(3, 2.5), Band(4, 3.5), Band(5, 4.5))


@dataclass(frozen=True)
class DimensionScore:
    key: str
    name: str
    score: float | None  # None when no answer in this dimension was scored
    answered: int  # answers with a level (scored)
    not_sure: int  # "Not sure" answers (not scored)
    weight: float


@dataclass(frozen=True)
class ScoreResult:
    dimensions: tuple[DimensionScore, ...]  # in the order of the specs given
    overall: float | None
    band_stage: int | None  # stage whose band the overall score fell in
    cap_stage: int | None  # floor(weakest dimension score) + 1, capped at 5
    stage: int | None  # min(band_stage, cap_stage); None when insufficient
    capped_by: str | None  # weakest dimension's key when cap_stage < band_stage (ties: first in spec order)
    confidence: float  # share of answers that were not "Not sure"; 0.0 when there were no answers
    insufficient: tuple[str, ...]  # keys of dimensions with no scored answer
    # The overall score as shown: cut (not rounded) to two decimals, so a shown
    # score never crosses a band edge (2.497 reads 2.49, in the band below 2.50).
    overall_shown: float | None = None
    # Property 7: the defining dimension that kept the placement below a stage the
    # scores otherwise reached (the highest such stage), and that stage.
    held_by: str | None = None
    held_from: int | None = None
    # Lower band edge of each stage, as shown (from the bands scored with).
    edges: tuple[tuple[int, float], ...] = ()
    # Within BORDERLINE of a band edge: {"side": "above"|"below", "stage": n, "edge": e}.
    borderline: Mapping | None = None

    @property
    def answered(self) -> int:
        """Questions answered with a level (scored)."""
        return sum(d.answered for d in self.dimensions)

    @property
    def asked(self) -> int:
        """Questions answered at all, "Not sure" included."""
        return sum(d.answered + d.not_sure for d in self.dimensions)

    def edge(self, stage: int | None) -> float | None:
        return dict(self.edges).get(stage) if stage is not None else None

    def _edge(self, stage: int | None) -> float:
        edge = self.edge(stage)
        if edge is None:
            raise ValueError(f"No band edge for stage {stage!r}.")
        return edge

    def below_placement(self) -> tuple[DimensionScore, ...]:
        """Dimensions scoring in a band below the placement, lowest first: the first things to fix."""
        if self.stage is None:
            return ()
        edge = self.edge(self.stage)
        if edge is None:
            return ()
        low = [d for d in self.dimensions if d.score is not None and d.score < edge]
        return tuple(sorted(low, key=lambda d: known_score(d.score)))

    @property
    def complete(self) -> bool:
        """Every dimension has at least one scored answer, so a stage could be given."""
        return not self.insufficient

    def dimension(self, key: str | None) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def _named(self, key: str | None) -> DimensionScore:
        found = self.dimension(key)
        if found is None:
            raise ValueError(f"No dimension {key!r} in this result.")
        return found

    def explanation(self) -> dict:
        """The result's own account of itself, JSON-able, for the results page and the PDF."""
        capping = self.dimension(self.capped_by)
        held = self.dimension(self.held_by)
        return {
            "overall": self.overall_shown,
            "band_stage": self.band_stage,
            "cap_stage": self.cap_stage,
            "stage": self.stage,
            "capped_by": self.capped_by,
            "capped_by_name": capping.name if capping else None,
            "capped_by_score": shown(known_score(capping.score)) if capping else None,
            "held_by": self.held_by,
            "held_by_name": held.name if held else None,
            "held_by_score": shown(known_score(held.score)) if held else None,
            "held_from": self.held_from,
            "borderline": dict(self.borderline) if self.borderline else None,
            "below_placement": [
                {"key": d.key, "name": d.name, "score": shown(known_score(d.score))} for d in self.below_placement()
            ],
            "confidence": self.confidence,
            "answered": self.answered,
            "asked": self.asked,
            "insufficient": list(self.insufficient),
            "why": self._why(),
        }

    def _why(self) -> str:
        if self.insufficient:
            names = _join([d.name for d in self.dimensions if d.key in self.insufficient])
            verb = "has" if len(self.insufficient) == 1 else "have"
            return (
                f"No stage can be given yet: {names} {verb} no scored answers "
                "(only “Not sure” or none), and the placement is never guessed."
            )
        overall = f"Your overall score of {self.overall_shown:.2f} falls in the Stage {self.band_stage} band"
        if self.capped_by:
            capping = self._named(self.capped_by)
            return (
                f"{overall}, but your weakest dimension, {capping.name} ({shown(known_score(capping.score)):.2f}), holds the placement "
                f"at Stage {self.stage}: an organisation is placed at most one stage above its weakest dimension."
            )
        if self.held_by:
            held = self._named(self.held_by)
            return (
                f"{overall}, but Stage {self.held_from} is defined by {held.name}, which scores "
                f"{shown(known_score(held.score)):.2f}, below that stage's lower edge of {self._edge(self.held_from):.2f}; "
                f"so you are placed at Stage {self.stage}, and {held.name} is the first thing to fix."
            )
        if self.stage == MIN_LEVEL:
            return f"{overall}, where every organisation starts, so you are placed at Stage {MIN_LEVEL}."
        below = self.below_placement()
        if not below:
            return (
                f"{overall}, and every dimension scores within the Stage {self.stage} band or above, "
                f"so you are placed at Stage {self.stage}."
            )
        names = _join([f"{d.name} ({shown(known_score(d.score)):.2f})" for d in below])
        verb = "scores" if len(below) == 1 else "score"
        return (
            f"{overall}, so you are placed at Stage {self.stage}; but {names} {verb} below that stage's "
            f"lower edge of {self._edge(self.stage):.2f}: the first thing to fix."
        )


def known_score(score: float | None) -> float:
    """A score the caller knows is there (a complete result's dimension)."""
    if score is None:
        raise ValueError("This dimension has no score.")
    return score


def _join(names: Sequence[str]) -> str:
    """Names as read: "A", "A and B", "A, B and C" (never called with none)."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _exact(value: float) -> Fraction:
    """The decimal the admin typed, not the nearest binary float.

    Weights and band minimums arrive as floats converted from decimals (2.3 is
    really 2.29999…); going through repr recovers 23/10 so a dimension mean of
    exactly 2.3 reaches a band that starts at 2.3.
    """
    if isinstance(value, Fraction):
        return value
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return Fraction(repr(number))


def validate_bands(bands: Sequence[Band]) -> list[str]:
    """Human-readable problems with a set of bands; empty when they are usable.

    Usable bands keep the contract: exactly stages 1..5, minimums strictly
    increasing, every score from 1 to 5 in some band, and uniform answers at
    level k (overall score k) falling in stage k's band.
    """
    problems: list[str] = []
    try:
        stages = sorted(b.stage for b in bands)
    except TypeError:
        return ["Every band's stage must be a number from 1 to 5."]
    if stages != list(STAGES):
        problems.append(f"There must be exactly one band for each of stages 1 to 5 (got stages {stages}).")
        return problems
    try:
        ordered = sorted((b.stage, _exact(b.min_score)) for b in bands)
    except (TypeError, ValueError):
        return problems + ["Every band's minimum score must be a finite number."]
    for (stage, low), (next_stage, high) in zip(ordered, ordered[1:]):
        if high <= low:
            problems.append(
                f"Stage {next_stage}'s minimum score ({float(high):g}) must be above stage {stage}'s ({float(low):g})."
            )
    if problems:
        return problems
    if ordered[0][1] > MIN_LEVEL:
        problems.append(
            f"Stage 1's minimum score ({float(ordered[0][1]):g}) must be at most 1, so every score has a band."
        )
    for index, (stage, low) in enumerate(ordered):
        next_low = ordered[index + 1][1] if index + 1 < len(ordered) else None
        # Stage 1's lower end is covered by the check above.
        if not ((stage == MIN_LEVEL or low <= stage) and (next_low is None or stage < next_low)):
            upper = f"below {float(next_low):g}" if next_low is not None else "up to 5"
            problems.append(
                f"Stage {stage}'s band (from {float(low):g} {upper}) must contain {stage}, "
                f"so that answering every question at level {stage} places at stage {stage}."
            )
    return problems


def _band_exact(score: Fraction, bands: Sequence[Band]) -> int:
    ordered = sorted((_exact(b.min_score), b.stage) for b in bands)
    stage = ordered[0][1]  # below every minimum: the lowest band is the only honest answer
    for minimum, band_stage in ordered:
        if score >= minimum:
            stage = band_stage
    return stage


def band_for(score: float, bands: Sequence[Band]) -> int:
    """The stage whose band contains ``score`` (the band with the highest minimum not above it)."""
    if not bands:
        raise ValueError("No bands given.")
    return _band_exact(_exact(score), bands)


def _borderline(overall: Fraction, bands: Sequence[Band]) -> dict | None:
    """The band edge within BORDERLINE of the overall score, if any (the nearest; above wins a tie).

    Exactly a tenth above an edge is borderline, exactly a tenth below is not. Stage 1's
    lower edge is the bottom of the scale: nobody is "just above" it.
    """
    near = [
        (abs(overall - edge), overall < edge, band.stage, edge)
        for band in bands
        if band.stage != MIN_LEVEL
        for edge in (_exact(band.min_score),)
        if -BORDERLINE < overall - edge <= BORDERLINE
    ]
    if not near:
        return None
    _, below, stage, edge = min(near)
    return {"side": "below" if below else "above", "stage": stage, "edge": float(edge)}


def _checked_weights(dimensions: Sequence[DimensionSpec], bands: Sequence[Band]) -> dict[str, Fraction]:
    """Each dimension's exact weight, once the model (keys, bands, weights) is known to be usable."""
    if not dimensions:
        raise ValueError("At least one dimension is needed to score an assessment.")
    keys = [d.key for d in dimensions]
    if len(set(keys)) != len(keys):
        raise ValueError(f"Dimension keys must be unique (got {keys}).")
    problems = validate_bands(bands)
    if problems:
        raise ValueError("Unusable score bands: " + " ".join(problems))
    weights = {d.key: _exact(d.weight) for d in dimensions}
    if any(w <= 0 for w in weights.values()):
        raise ValueError("Dimension weights must be positive.")
    return weights


def _tally(answers: Iterable[AnsweredQuestion], keys: Sequence[str]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Levels and "Not sure" counts per dimension; answers for other dimensions are ignored."""
    levels: dict[str, list[int]] = {key: [] for key in keys}
    not_sure: dict[str, int] = dict.fromkeys(keys, 0)
    for answer in answers:
        level = answer.level
        if level is not None and (
            isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL
        ):
            raise ValueError(f"Answer to {answer.question!r} has level {level!r}; levels run from 1 to 5.")
        if answer.dimension not in levels:
            continue
        if level is None:
            not_sure[answer.dimension] += 1
        else:
            levels[answer.dimension].append(level)
    return levels, not_sure


def _dimension_scores(
    dimensions: Sequence[DimensionSpec],
    levels: Mapping[str, list[int]],
    not_sure: Mapping[str, int],
    exact: Mapping[str, Fraction],
) -> tuple[DimensionScore, ...]:
    return tuple(
        DimensionScore(
            key=d.key,
            name=d.name,
            score=float(exact[d.key]) if d.key in exact else None,
            answered=len(levels[d.key]),
            not_sure=not_sure[d.key],
            weight=float(d.weight),
        )
        for d in dimensions
    )


def _confidence(levels: Mapping[str, list[int]], not_sure: Mapping[str, int]) -> float:
    """Share of answers that were not "Not sure"."""
    total = sum(len(v) for v in levels.values()) + sum(not_sure.values())
    # With no answers at all nothing is known, so confidence is 0, not a vacuous 100%.
    return float(Fraction(total - sum(not_sure.values()), total)) if total else 0.0


def _held(
    stage: int, exact: Mapping[str, Fraction], edges: Mapping[int, Fraction], defining: Mapping[int, Sequence[str]]
) -> tuple[int, str | None, int | None]:
    """Property 7: the stage after walking down while a defining dimension sits below its stage's
    lower edge, with the dimension that held it first and the stage it was held from."""
    held_by, held_from = None, None
    while stage > MIN_LEVEL:
        short = [k for k in exact if k in set(defining.get(stage, ())) and exact[k] < edges[stage]]
        if not short:
            break
        if held_by is None:
            held_by, held_from = min(short, key=lambda k: exact[k]), stage
        stage -= 1
    return stage, held_by, held_from


def score_assessment(
    *,
    answers: Iterable[AnsweredQuestion],
    dimensions: Sequence[DimensionSpec],
    bands: Sequence[Band] = DEFAULT_BANDS,
    defining: Mapping[int, Sequence[str]] | None = None,
) -> ScoreResult:
    """Score answers against the model's dimensions and place the organisation.

    ``defining`` maps a stage to the dimension keys that define it (property 7);
    keys not among ``dimensions`` are ignored.

    Every answer counts once, so pooling several respondents' answers gives
    their pooled mean. Answers for dimensions not in ``dimensions`` are ignored
    (a dimension removed from the model must not break old answers); a level
    outside 1..5 is a bug upstream and raises ValueError rather than skewing a
    score. If any dimension has no scored answer, no stage is given.
    """
    weights = _checked_weights(dimensions, bands)
    keys = [d.key for d in dimensions]
    levels, not_sure = _tally(answers, keys)
    exact = {key: Fraction(sum(values), len(values)) for key, values in levels.items() if values}
    scores = _dimension_scores(dimensions, levels, not_sure, exact)
    confidence = _confidence(levels, not_sure)
    insufficient = tuple(key for key in keys if key not in exact)
    if insufficient:
        return ScoreResult(
            dimensions=scores,
            overall=None,
            band_stage=None,
            cap_stage=None,
            stage=None,
            capped_by=None,
            confidence=confidence,
            insufficient=insufficient,
        )
    return _placed(scores, confidence, exact, weights, bands, defining or {})


def _placed(
    scores: tuple[DimensionScore, ...],
    confidence: float,
    exact: Mapping[str, Fraction],
    weights: Mapping[str, Fraction],
    bands: Sequence[Band],
    defining: Mapping[int, Sequence[str]],
) -> ScoreResult:
    """The placement of a complete score: band, weakest-link cap, defining dimensions, borderline."""
    keys = list(exact)
    overall = sum((weights[k] * exact[k] for k in keys), Fraction(0)) / sum(weights.values(), Fraction(0))
    band_stage = _band_exact(overall, bands)
    weakest = min(keys, key=lambda k: exact[k])  # min keeps the first in spec order on ties
    cap_stage = min(math.floor(exact[weakest]) + 1, MAX_LEVEL)
    edges = {b.stage: _exact(b.min_score) for b in bands}
    stage, held_by, held_from = _held(min(band_stage, cap_stage), exact, edges, defining)
    return ScoreResult(
        dimensions=scores,
        overall=float(overall),
        overall_shown=cut(overall),  # from the exact overall, not its float
        band_stage=band_stage,
        cap_stage=cap_stage,
        stage=stage,
        # The weakest link is named only when it (not a defining dimension below it) set the placement.
        capped_by=weakest if cap_stage < band_stage and held_by is None else None,
        confidence=confidence,
        insufficient=(),
        held_by=held_by,
        held_from=held_from,
        edges=tuple((s, float(e)) for s, e in sorted(edges.items())),
        borderline=_borderline(overall, bands),
    )
