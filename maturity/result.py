"""The frozen result: what an assessment's snapshot holds, as typed data with one JSON form.

An assessment's result is scored once, when it is completed, and stored as
JSON (Assessment.result); it never changes after that, whatever later edits
the model gets (docs/scoring.md, "Results never change"). Every reader —
the results page, the PDF, the team result, the comparison with peers and the
exports — loads it through `Result.from_json` and reads typed fields; new
results are written with `Result.to_json`. `from_json(to_json(r)) == r`.

`version` is the engine that gave the result (1: the first engine, 2: the
engine of maturity.roadmap). A result is rendered by its own version's
templates, so one given by an older engine reads as it did. What the
versions share is typed here: the placement and how it was reached, each
dimension's score and target, the answers, the stage. The roadmap section
differs between engines (version 1 had a 30/60/90-day plan), so it is kept as
the frozen mapping its version's template reads: for version 2 it is
`maturity.roadmap.roadmap_to_dict`'s output.

A team's pooled result (consulting) is a Result too, with `respondents` set,
no answers, and each dimension's `pooled_score` kept beside the team score
shown in its place.

No Django here: this module is part of the pure core.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any

from . import figures, roadmap, scoring
from .roadmap import StageProfile
from .scoring import AnsweredQuestion

# 1: the first engine (30/60/90-day plan, no stage-defining dimensions).
# 2: advice that reads the answers (maturity.roadmap, docs/roadmap.md).
VERSION = 2

SCORES_SERIES = "Your scores"

# The placement's account of itself that only version 2 gives: a version-1
# result is written back without them, as it was frozen.
_PLACEMENT_V2_ONLY = (
    "held_by",
    "held_by_name",
    "held_by_score",
    "held_from",
    "borderline",
    "below_placement",
    "answered",
    "asked",
)


def _known(cls: type, data: Mapping) -> dict[str, Any]:
    """`data`'s keys that are fields of the dataclass `cls`: a key a later engine adds is not read.

    So a snapshot written by newer code (a rollback) still loads; what this
    code does not know it neither shows nor writes back.
    """
    names = _field_names(cls)
    return {k: v for k, v in data.items() if k in names}


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


@dataclass(frozen=True)
class NamedScore:
    """A dimension named with its score (a dimension below the placement)."""

    key: str
    name: str
    score: float


@dataclass(frozen=True)
class Placement:
    """How the stage was reached: maturity.scoring.ScoreResult.explanation(), frozen.

    Every stage field is None when no stage can be given (`insufficient` names
    the dimensions without a scored answer).
    """

    overall: float | None
    band_stage: int | None
    cap_stage: int | None
    stage: int | None
    capped_by: str | None
    capped_by_name: str | None
    capped_by_score: float | None
    confidence: float
    insufficient: tuple[str, ...]
    why: str
    held_by: str | None = None
    held_by_name: str | None = None
    held_by_score: float | None = None
    held_from: int | None = None
    borderline: Mapping[str, Any] | None = None
    below_placement: tuple[NamedScore, ...] = ()
    answered: int | None = None
    asked: int | None = None

    @classmethod
    def from_json(cls, data: Mapping) -> Placement:
        return cls(
            **{k: v for k, v in _known(cls, data).items() if k not in ("insufficient", "below_placement")},
            insufficient=tuple(data["insufficient"]),
            below_placement=tuple(NamedScore(**_known(NamedScore, d)) for d in data.get("below_placement", ())),
        )

    def to_json(self, *, version: int = VERSION) -> dict:
        data = {
            "overall": self.overall,
            "band_stage": self.band_stage,
            "cap_stage": self.cap_stage,
            "stage": self.stage,
            "capped_by": self.capped_by,
            "capped_by_name": self.capped_by_name,
            "capped_by_score": self.capped_by_score,
            "held_by": self.held_by,
            "held_by_name": self.held_by_name,
            "held_by_score": self.held_by_score,
            "held_from": self.held_from,
            "borderline": None if self.borderline is None else dict(self.borderline),
            "below_placement": [{"key": d.key, "name": d.name, "score": d.score} for d in self.below_placement],
            "confidence": self.confidence,
            "answered": self.answered,
            "asked": self.asked,
            "insufficient": list(self.insufficient),
            "why": self.why,
        }
        if version < 2:
            for key in _PLACEMENT_V2_ONLY:
                del data[key]
        return data


@dataclass(frozen=True)
class DimensionResult:
    """One dimension of a result: its score (None if only "Not sure"), its target, its names."""

    key: str
    name: str
    short_name: str  # the radar's axis label
    score: float | None
    answered: int
    not_sure: int
    target: int | None = None  # None until placed: an incomplete result aims at nothing
    pooled_score: float | None = None  # a team document: the pooled figure behind the team score

    @classmethod
    def from_json(cls, data: Mapping) -> DimensionResult:
        # A snapshot older than short names labelled the radar with the full name.
        return cls(**{"short_name": data["name"], **_known(cls, data)})

    def to_json(self) -> dict:
        data = {
            "key": self.key,
            "name": self.name,
            "short_name": self.short_name,
            "score": self.score,
            "answered": self.answered,
            "not_sure": self.not_sure,
        }
        if self.target is not None:
            data["target"] = self.target
        if self.pooled_score is not None:
            data["pooled_score"] = self.pooled_score
        return data


def answer_from_json(data: Mapping) -> AnsweredQuestion:
    """An answer as the respondent saw it (a snapshot before notes or labels reads them as blank)."""
    return AnsweredQuestion(
        dimension=data["dimension"],
        question=data["question"],
        text=data.get("text", ""),
        level=data["level"],
        label=data.get("label", ""),
        note=data.get("note", ""),
        role=data.get("role", ""),
    )


def answer_to_json(answer: AnsweredQuestion) -> dict:
    data = {
        "dimension": answer.dimension,
        "question": answer.question,
        "text": answer.text,
        "level": answer.level,
        "label": answer.label,
        "note": answer.note,
    }
    if answer.role:  # a respondent's own result never names a role per answer
        data["role"] = answer.role
    return data


def stage_from_json(data: Mapping) -> StageProfile:
    return StageProfile(
        **{k: v for k, v in _known(StageProfile, data).items() if k not in ("indicators", "benefits")},
        indicators=tuple(data.get("indicators", ())),
        benefits=tuple(data.get("benefits", ())),
    )


def stage_to_json(stage: StageProfile) -> dict:
    return {
        "number": stage.number,
        "name": stage.name,
        "alt_name": stage.alt_name,
        "tagline": stage.tagline,
        "description": stage.description,
        "indicators": list(stage.indicators),
        "benefits": list(stage.benefits),
        "statistic": stage.statistic,
    }


@dataclass(frozen=True)
class Chart:
    """The radar's data as frozen: axis labels, and named series of values in the labels' order."""

    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]

    @classmethod
    def from_json(cls, data: Mapping) -> Chart:
        return cls(labels=tuple(data["labels"]), series=tuple((name, tuple(values)) for name, values in data["series"]))

    def to_json(self) -> dict:
        return {"labels": list(self.labels), "series": [[name, list(values)] for name, values in self.series]}


class _ByDimension:
    """Readings by dimension key, in the model's order, of anything holding `dimensions`."""

    dimensions: tuple[DimensionResult, ...]

    @property
    def scores(self) -> dict[str, float | None]:
        return {d.key: d.score for d in self.dimensions}

    @property
    def dimension_names(self) -> dict[str, str]:
        return {d.key: d.name for d in self.dimensions}


@dataclass(frozen=True)
class Result(_ByDimension):
    version: int
    score: Placement
    complete: bool
    dimensions: tuple[DimensionResult, ...]
    answers: tuple[AnsweredQuestion, ...] = ()
    defining: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # Set once placed (complete):
    roadmap: Mapping[str, Any] | None = None  # as its version's template reads it (see the module's docstring)
    stage: StageProfile | None = None
    target_name: str | None = None  # the target line's name: "Target" (a consultant's) or the next stage
    chart: Chart | None = None
    # Set when an assessment is completed:
    organisation_name: str | None = None
    respondent_role: str | None = None
    completed_at: str | None = None  # ISO 8601
    # Set on a team's pooled result: how many respondents it pools.
    respondents: int | None = None

    @classmethod
    def from_json(cls, data: Mapping) -> Result:
        stage = data.get("stage")
        chart = data.get("chart")
        return cls(
            version=data["version"],
            score=Placement.from_json(data["score"]),
            complete=data["complete"],
            dimensions=tuple(DimensionResult.from_json(d) for d in data["dimensions"]),
            answers=tuple(answer_from_json(a) for a in data.get("answers", ())),
            # JSON object keys are strings: stage numbers travel as "3".
            defining={int(n): tuple(keys) for n, keys in (data.get("defining") or {}).items()},
            roadmap=data.get("roadmap"),
            stage=None if stage is None else stage_from_json(stage),
            target_name=data.get("target_name"),
            chart=None if chart is None else Chart.from_json(chart),
            organisation_name=data.get("organisation_name"),
            respondent_role=data.get("respondent_role"),
            completed_at=data.get("completed_at"),
            respondents=data.get("respondents"),
        )

    def to_json(self) -> dict:
        data: dict[str, Any] = {
            "version": self.version,
            "score": self.score.to_json(version=self.version),
            "complete": self.complete,
            "dimensions": [d.to_json() for d in self.dimensions],
            "answers": [answer_to_json(a) for a in self.answers],
        }
        if self.version >= 2:  # version 1 had no stage-defining dimensions
            data["defining"] = {str(n): list(keys) for n, keys in self.defining.items()}
        optional = {
            "roadmap": self.roadmap,
            "stage": None if self.stage is None else stage_to_json(self.stage),
            "target_name": self.target_name,
            "chart": None if self.chart is None else self.chart.to_json(),
            "organisation_name": self.organisation_name,
            "respondent_role": self.respondent_role,
            "completed_at": self.completed_at,
            "respondents": self.respondents,
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        return data

    # --- Reading ---------------------------------------------------------------

    @property
    def placed(self) -> bool:
        """A stage was given (every dimension has a scored answer)."""
        return self.complete and self.stage is not None

    @property
    def overall(self) -> float | None:
        return self.score.overall

    @property
    def targets(self) -> list[int | None]:
        return [d.target for d in self.dimensions]

    def dimension(self, key: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def with_scores(self, scores: Mapping[str, float | None], *, series_name: str) -> Result:
        """This result with each dimension's score replaced by ``scores`` (where given), the old one kept as
        `pooled_score`, and the chart's first series renamed and redrawn from them (a team document)."""
        dimensions = tuple(
            d if scores.get(d.key) is None else replace(d, score=scores[d.key], pooled_score=d.score)
            for d in self.dimensions
        )
        chart = self.chart
        if chart is not None:
            chart = replace(chart, series=((series_name, tuple(d.score for d in dimensions)), *chart.series[1:]))
        return replace(self, dimensions=dimensions, chart=chart)


@dataclass(frozen=True)
class Figures(_ByDimension):
    """The parts of a frozen result that a team's figures and the exports read, and nothing else.

    A result is ~75 KB of JSON, most of it the respondent's own roadmap; a
    round of hundreds loads only these parts (consulting.selectors.frozen_results).
    """

    dimensions: tuple[DimensionResult, ...]
    answers: tuple[AnsweredQuestion, ...]
    overall: float | None
    stage: int | None  # the stage's number

    @classmethod
    def from_json(cls, *, dimensions: list, answers: list, overall: float | None, stage: int | None) -> Figures:
        return cls(
            dimensions=tuple(DimensionResult.from_json(d) for d in dimensions),
            answers=tuple(answer_from_json(a) for a in answers),
            overall=overall,
            stage=stage,
        )


def chart_of(dimensions: tuple[DimensionResult, ...], target_name: str) -> Chart:
    """The radar's labels and series: the scores, and the targets."""
    return Chart(
        labels=tuple(d.short_name for d in dimensions),
        series=(
            (SCORES_SERIES, tuple(d.score for d in dimensions)),
            (target_name, tuple(d.target for d in dimensions)),
        ),
    )


# --- Building ------------------------------------------------------------------


def build(
    *,
    answers: Sequence[AnsweredQuestion],
    specs: Sequence[scoring.DimensionSpec],
    bands: Sequence[scoring.Band],
    recommendations: Sequence[roadmap.RecommendationSpec],
    profiles: Sequence[StageProfile],
    short_names: Mapping[str, str],
    defining: Mapping[int, Sequence[str]] | None = None,
    targets: Mapping[str, int] | None = None,
    keep_answers: bool = True,
) -> Result:
    """Score `answers` and, once every dimension is placed, build the roadmap: the result as frozen.

    `targets` are a consultant's per-dimension targets (None: the next stage).
    An incomplete result (a dimension without a scored answer) carries the
    scores and no placement. The result keeps the answers (without their
    respondents' roles) unless `keep_answers` is False: a team's pooled
    result, read through its figures, does without every respondent's answers.
    """
    defining = defining or {}
    scored = scoring.score_assessment(answers=answers, dimensions=specs, bands=bands, defining=defining)
    base = Result(
        version=VERSION,
        score=Placement.from_json(scored.explanation()),
        complete=scored.complete,
        dimensions=tuple(_dimension(d, short_names.get(d.key, d.name)) for d in scored.dimensions),
        answers=tuple(a if not a.role else replace(a, role="") for a in answers) if keep_answers else (),
        defining={stage: tuple(keys) for stage, keys in defining.items()},
    )
    if not scored.complete:
        return base
    plan = roadmap.build_roadmap(
        result=scored,
        answers=answers,
        recommendations=recommendations,
        stages=profiles,
        targets=targets,
        defining=defining,
    )
    return _placed(base, plan, targets=targets)


def _dimension(d: scoring.DimensionScore, short_name: str) -> DimensionResult:
    return DimensionResult(
        key=d.key,
        name=d.name,
        short_name=short_name,
        score=None if d.score is None else figures.shown(d.score),
        answered=d.answered,
        not_sure=d.not_sure,
    )


def _placed(base: Result, plan: roadmap.Roadmap, *, targets: Mapping[str, int] | None) -> Result:
    """`base` placed: the roadmap, the stage, and each dimension's target (the chart is drawn from them)."""
    target_name, target_levels = _targets(base.dimensions, plan, stage=plan.current_stage.number, targets=targets)
    dimensions = tuple(replace(d, target=t) for d, t in zip(base.dimensions, target_levels, strict=True))
    return replace(
        base,
        dimensions=dimensions,
        roadmap=roadmap.roadmap_to_dict(plan),
        stage=plan.current_stage,
        target_name=target_name,
        chart=chart_of(dimensions, target_name),
    )


def _targets(
    dimensions: Sequence[DimensionResult], plan: roadmap.Roadmap, *, stage: int, targets: Mapping[str, int] | None
) -> tuple[str, list[int]]:
    """The target line's name and each dimension's target: a consultant's, else the next stage."""
    target_profile = plan.target_stage
    if targets and plan.mode != "sustain":  # at stage 5 the roadmap aims at 5 everywhere, so does the chart
        return "Target", [targets.get(d.key, min(stage + 1, 5)) for d in dimensions]
    return f"Stage {target_profile.number} — {target_profile.name}", [target_profile.number] * len(dimensions)
