"""Reads for the consultant area: a round's respondents, its team result and round-over-round comparison.

A team result is built from frozen results only, scored against the model the
round froze when its first result was shown. The maths lives in
maturity.aggregation, which knows nothing about Django.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from django.db.models import BooleanField, ExpressionWrapper, Q

import maturity
from assessments import services as assessment_services
from assessments.models import Assessment
from maturity import aggregation, anonymity
from maturity import plan as plan_rules
from maturity.figures import chart_value
from maturity.result import Figures, Result
from maturity.scoring import AnsweredQuestion, DimensionSpec
from maturity.team_figures import FORMAT_VERSION, TeamFigures

from .models import Client, Round, RoundFigures
from .services import client_targets

logger = logging.getLogger(__name__)

MAX_ROLE_TRACES = 5
TEAM_SERIES_NAME = "Team score"
# The team's dimension score, defined once: the mean of the respondents' own dimension
# scores (aggregation.DimensionSummary.mean). The page, the comparison, the exports and
# the team PDF all show it under this name; the placement still scores every answer
# pooled into one set, and its figures are named POOLED_LABEL wherever they appear.
TEAM_SCORE_LABEL = "Team score (mean of respondents' scores)"
POOLED_LABEL = "All answers pooled"


@dataclass(frozen=True)
class Respondent:
    label: str
    assessment: Assessment
    excluded_reason: str = ""  # why the consultant left this response out of the team result
    # Role and department as they may be shown: blank when the group is smaller than the
    # client's minimum among the responses in the team figures (maturity.anonymity).
    role: str = ""
    department: str = ""

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_reason)

    @property
    def finished(self) -> bool:
        """Completed with a frozen result (which round_respondents leaves unloaded: see frozen_results)."""
        return self.assessment.completed_at is not None and self.assessment.has_result


def round_respondents(*, round: Round) -> list[Respondent]:
    """Everyone who started in the round, oldest first, labelled by name or "Respondent N" (N never reused).

    Their frozen results are not loaded (each is ~75 KB of JSON, most of it the
    respondent's own roadmap): frozen_results reads the parts the team needs.
    """
    assessments = list(
        Assessment.objects.filter(round=round)
        .defer("result")
        .annotate(has_result=ExpressionWrapper(Q(result__isnull=False), output_field=BooleanField()))
        .order_by("created_at", "id")
    )
    excluded = dict(round.exclusions.values_list("assessment_id", "reason"))
    counted = [a for a in assessments if a.completed_at is not None and a.has_result and a.pk not in excluded]
    minimum = round.client.min_group_size
    roles = anonymity.shown_keys((a.respondent_role for a in counted), minimum)
    departments = anonymity.shown_keys((a.department for a in counted), minimum)
    return [
        Respondent(
            label=a.respondent_name or f"Respondent {a.respondent_number or i}",
            assessment=a,
            excluded_reason=excluded.get(a.pk, ""),
            role=anonymity.shown_name(a.respondent_role, roles),
            department=anonymity.shown_name(a.department, departments),
        )
        for i, a in enumerate(assessments, start=1)
    ]


# --- Team results -------------------------------------------------------------


@dataclass
class TeamResult:
    round: Round
    respondents: list[Respondent]
    started: int
    completed: int
    completion_rate: float | None
    dimensions: list[DimensionSpec]
    short_names: dict
    summaries: list[aggregation.DimensionSummary]
    disagreements: list[aggregation.Disagreement]
    by_role: aggregation.Breakdown
    by_department: aggregation.Breakdown
    pooled: Result | None  # every respondent's answers scored as one set (_pooled_result), None without responses
    targets: dict
    excluded: int = 0  # completed responses the consultant left out (not in `completed` nor any figure)
    min_group: int = anonymity.DEFAULT_MIN_GROUP
    # What the figures were built from, as one digest ("" without a counted response): a
    # cached team PDF is keyed on it, since two sets of responses can share their scores.
    figures_key: str = ""

    @property
    def has_placement(self) -> bool:
        return self.pooled is not None and self.pooled.placed

    @property
    def means(self) -> dict:
        return {s.key: s.mean for s in self.summaries}

    @property
    def scores(self) -> dict:
        """Dimension key -> the team score as shown everywhere (TEAM_SCORE_LABEL), cut to two decimals."""
        return {s.key: chart_value(s.mean) for s in self.summaries}

    @cached_property
    def document(self) -> Result | None:
        """The pooled result as the team page's roadmap and the team PDF show it: with the team scores.

        The placement, its band and the roadmap's gaps and actions are the
        pooled result's; every dimension score shown beside them is the team
        score, and the pooled figure stays under "pooled_score".
        """
        if not self.has_placement:
            return None
        return team_document(self.pooled, self.scores)

    @property
    def stage_number(self) -> int | None:
        return self.pooled.stage.number if self.has_placement else None

    @property
    def target_levels(self) -> list:
        """The target trace of the pooled result (client targets, else the next stage), per dimension."""
        if not self.has_placement:
            return [self.targets.get(d.key) for d in self.dimensions]
        return self.pooled.targets

    @property
    def rows(self) -> list[dict]:
        """One row per dimension for the team table."""
        pooled = self.pooled.scores if self.pooled else {}
        return [
            {"summary": s, "pooled": pooled.get(s.key), "target": t} for s, t in zip(self.summaries, self.target_levels)
        ]

    @property
    def last_completed_at(self):
        times = [r.assessment.completed_at for r in self.respondents if r.assessment.completed_at]
        return max(times) if times else None


def _dimension_specs(inputs: dict) -> tuple[list[DimensionSpec], dict]:
    dims = [DimensionSpec(key=d.slug, name=d.name) for d in inputs["dimensions"]]
    return dims, {d.slug: d.short_name for d in inputs["dimensions"]}


def frozen_results(*, round: Round) -> dict[int, Figures]:
    """The parts of the round's completed results that team figures and exports read, by assessment id.

    Only these parts leave the database (maturity.result.Figures): the
    dimensions, the answers as the respondent saw them, the overall score and
    the stage's number.
    """
    rows = Assessment.objects.filter(round=round, completed_at__isnull=False, result__isnull=False).values_list(
        "pk", "result__dimensions", "result__answers", "result__score__overall", "result__stage__number"
    )
    return {
        pk: Figures.from_json(dimensions=dims or [], answers=answers or [], overall=overall, stage=stage)
        for pk, dims, answers, overall, stage in rows
    }


def _response(respondent: Respondent, result: Figures) -> aggregation.Response:
    return aggregation.Response(
        respondent=respondent.label,
        role=respondent.assessment.respondent_role,
        department=respondent.assessment.department,
        scores=result.scores,
        answers=result.answers,
    )


def frozen_answers(result: Figures, *, role: str = "") -> list[AnsweredQuestion]:
    """A completed result's answers, as the respondent saw them, with their role (for team evidence)."""
    if not role:
        return list(result.answers)  # stored without one
    # Built, not dataclasses.replace()d: a round of 500 has ~13,500 of them, and replace is twice as slow.
    return [AnsweredQuestion(a.dimension, a.question, a.level, a.text, a.label, a.note, role) for a in result.answers]


def round_model_inputs(*, round: Round) -> dict:
    """The model this round's team result is scored against, frozen on first use.

    Called once the round has a completed response. Two requests may build
    the first team result at once: the conditional update lets one snapshot
    win, and both then read that one.
    """
    if round.model_snapshot is None:
        snapshot = assessment_services.model_inputs_to_json(assessment_services.model_inputs())
        Round.objects.filter(pk=round.pk, model_snapshot__isnull=True).update(model_snapshot=snapshot)
        round.model_snapshot = Round.objects.values_list("model_snapshot", flat=True).get(pk=round.pk)
    return assessment_services.model_inputs_from_json(round.model_snapshot)


def round_team_result(*, round: Round) -> TeamResult:
    """Everything the team page, PDF and comparison need, from the frozen results of the round.

    Completed results never change, and the pooled answers are scored against
    the model frozen with the round's first team result (round_model_inputs),
    so a team result, once shown, never changes either, unless more people respond.
    """
    respondents = round_respondents(round=round)
    finished = [r for r in respondents if r.finished]
    done = [r for r in finished if not r.excluded]
    minimum = round.client.min_group_size
    targets = client_targets(client=round.client)
    key = _figures_key(done=done, min_group=minimum, targets=targets) if done else ""
    figures = team_figures(round=round, done=done, min_group=minimum, targets=targets, key=key)
    return TeamResult(
        figures_key=key,
        round=round,
        respondents=respondents,
        started=len(respondents),
        completed=len(done),
        completion_rate=aggregation.completion_rate(completed=len(done), started=len(respondents)),
        dimensions=figures.dimensions,
        short_names=figures.short_names,
        summaries=figures.summaries,
        disagreements=figures.disagreements,
        by_role=figures.by_role,
        by_department=figures.by_department,
        min_group=minimum,
        pooled=figures.pooled,
        targets=targets,
        excluded=len(finished) - len(done),
    )


def team_figures(*, round: Round, done: list[Respondent], min_group: int, targets: dict, key: str) -> TeamFigures:
    """The round's team figures: read as stored when nothing they are built from has changed, else built and stored.

    They are built from the counted responses (who, when completed, role and
    department), the client's minimum group size and targets, the model the
    round froze (which never changes) and the code (_code_digest). Those make
    `key` (_figures_key): a completion, an exclusion, a deleted response, a
    changed setting or a deploy that changes the code gives another key, and
    the next read rebuilds. Nothing else can make the stored figures differ
    from a fresh build (a test compares the two).
    """
    if not done:  # nothing to store: the dimensions come from the live model until the first response
        return build_team_figures(round=round, done=done, min_group=min_group, targets=targets)
    stored = RoundFigures.objects.filter(round=round, key=key).values_list("data", flat=True).first()
    if stored is not None:
        try:
            return TeamFigures.from_json(stored)
        except (KeyError, TypeError, ValueError):
            logger.warning("Stored team figures of round %s could not be read; rebuilding them", round.pk)
    figures = build_team_figures(round=round, done=done, min_group=min_group, targets=targets)
    RoundFigures.objects.update_or_create(round=round, defaults={"key": key, "data": figures.to_json()})
    return figures


def team_figures_refresh(*, round_id: int) -> bool:
    """Rebuild and store a round's team figures if they are out of date (the worker, after a completion).

    False if the round is gone. A round whose figures are current costs the
    key's one query; one that had a response completed since costs a rebuild,
    paid here instead of in its consultant's next page view.
    """
    round = Round.objects.select_related("client").filter(pk=round_id).first()
    if round is None:
        return False
    round_team_result(round=round)
    return True


def _figures_key(*, done: list[Respondent], min_group: int, targets: dict) -> str:
    counted = [
        [r.assessment.pk, r.assessment.completed_at.isoformat(), r.assessment.respondent_role, r.assessment.department]
        for r in done
    ]
    material = [FORMAT_VERSION, _code_digest(), min_group, sorted(targets.items()), counted]
    return hashlib.sha256(json.dumps(material, default=str).encode()).hexdigest()


@cache
def _code_digest() -> str:
    """A digest of the source that builds team figures: a deploy that changes it rebuilds them on first read.

    The pure core (scoring, roadmap, aggregation, ...), the result building
    in assessments.services and this module. FORMAT_VERSION still names a change
    of the stored shape; this catches a change of what the code computes.
    """
    paths = sorted(Path(maturity.__file__).parent.glob("*.py"))
    paths += [Path(assessment_services.__file__), Path(__file__)]
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_team_figures(*, round: Round, done: list[Respondent], min_group: int, targets: dict) -> TeamFigures:
    """The team figures computed from the counted responses' frozen results (what team_figures stores)."""
    results = frozen_results(round=round) if done else {}
    counted = [(r, results[r.assessment.pk]) for r in done if r.assessment.pk in results]
    inputs = _team_inputs(round=round, results=[result for _, result in counted])
    dims, short_names = _dimension_specs(inputs)
    responses = [_response(r, result) for r, result in counted]
    pooled = (
        _pooled_result(counted=counted, inputs=inputs, dims=dims, targets=targets, min_group=min_group)
        if counted
        else None
    )
    return TeamFigures(
        dimensions=dims,
        short_names=short_names,
        summaries=aggregation.dimension_summaries(responses, dims),
        disagreements=aggregation.disagreements(responses, min_group=min_group),
        by_role=aggregation.group_breakdown(responses, dims, by="role", min_group=min_group),
        by_department=aggregation.group_breakdown(responses, dims, by="department", min_group=min_group),
        pooled=pooled,
    )


def _team_inputs(*, round: Round, results: list[Figures]) -> dict:
    if not results:
        return assessment_services.model_inputs()
    inputs = round_model_inputs(round=round)
    # Score against the dimensions the frozen results were given on: a
    # dimension added later must not make a finished round incomplete.
    present = {d.key for result in results for d in result.dimensions}
    return {
        **inputs,
        "specs": [s for s in inputs["specs"] if s.key in present],
        "dimensions": [d for d in inputs["dimensions"] if d.slug in present],
    }


def _pooled_result(
    *, counted: list[tuple[Respondent, Figures]], inputs: dict, dims: list, targets: dict, min_group: int
) -> Result:
    """Every counted respondent's answers in one set, scored as one result (the team placement and roadmap)."""
    known = {d.key for d in dims}
    answers = [
        a
        for r, result in counted
        for a in frozen_answers(result, role=r.assessment.respondent_role)
        if a.dimension in known
    ]
    # Without the list of every answer of every respondent (megabytes at a few hundred
    # people): the team readers use the figures and the gaps' evidence below, never the list.
    built = assessment_services.result_build(
        answers=answers, inputs=inputs, targets=targets or None, keep_answers=False
    )
    pooled = replace(built, respondents=len(counted))
    if not pooled.placed:
        return pooled
    role_sizes = anonymity.group_sizes(r.assessment.respondent_role for r, _ in counted)
    gaps = []
    for gap in pooled.roadmap["gaps"]:
        gaps.append(
            {
                **gap,
                # Per question, who answered what (roles only for groups large enough to stay anonymous).
                "evidence": aggregation.answer_evidence(
                    gap["holding_back"], role_sizes=role_sizes, min_group=min_group
                ),
                # The role of one answer is not shown anywhere: a group of one would name its person.
                "holding_back": [
                    {k: v for k, v in entry.items() if k != "role"}
                    for entry in aggregation.condense_holding_back(gap["holding_back"])
                ],
            }
        )
    (_, scores), *others = pooled.chart.series
    return replace(
        pooled,
        roadmap={**pooled.roadmap, "gaps": gaps},
        chart=replace(pooled.chart, series=((POOLED_LABEL, scores), *others)),
    )


def team_document(pooled: Result, scores: dict) -> Result:
    """``pooled`` with each dimension's score (in the table, the chart and the gaps) replaced by ``scores``."""
    document = pooled.with_scores(scores, series_name=TEAM_SERIES_NAME)
    gaps = []
    for gap in document.roadmap["gaps"]:
        if scores.get(gap["key"]) is not None:
            score = scores[gap["key"]]
            gap = {**gap, "pooled_score": gap["score"], "score": score, "gap": max(0.0, gap["target"] - score)}
        gaps.append(gap)
    return replace(document, roadmap={**document.roadmap, "gaps": gaps})


def team_chart_series(team: TeamResult) -> list[tuple[str, list]]:
    """Radar traces: team mean, one per role (2..5 roles) or else lowest/highest, and the target."""
    series = [(TEAM_SERIES_NAME, [chart_value(s.mean) for s in team.summaries])]
    roles = team.by_role.stated_groups
    if 2 <= len(roles) <= MAX_ROLE_TRACES:
        series += [(g.name, [chart_value(g.means[d.key]) for d in team.dimensions]) for g in roles]
    elif team.completed > 1:
        series.append(("Lowest respondent", [chart_value(s.minimum) for s in team.summaries]))
        series.append(("Highest respondent", [chart_value(s.maximum) for s in team.summaries]))
    series.append(("Target", team.target_levels))
    return series


def team_labels(team: TeamResult) -> list[str]:
    return [team.short_names.get(d.key, d.name) for d in team.dimensions]


# --- Comparison ---------------------------------------------------------------


def rounds_with_results(*, client: Client) -> list[Round]:
    """The client's rounds with at least one completed response, latest first."""
    return list(client.rounds.filter(assessments__completed_at__isnull=False).distinct().order_by("-opened_on", "-id"))


@dataclass
class Comparison:
    before: TeamResult
    after: TeamResult
    deltas: list[aggregation.Delta]
    movement: str
    # The earlier round's tailored plan, statuses as tracked since (in the rounds it was carried into).
    progress: dict = field(default_factory=dict)  # dimension key -> maturity.plan.DimensionProgress

    @property
    def rows(self) -> list[tuple]:
        """(delta, plan progress or None, titles of done actions when the dimension moved) per dimension."""
        rows = []
        for delta in self.deltas:
            progress = self.progress.get(delta.key)
            moved = (
                delta.before is not None
                and delta.after is not None
                and chart_value(delta.after) != chart_value(delta.before)
            )
            rows.append((delta, progress, progress.done_titles if progress and moved else ()))
        return rows

    @property
    def stage_change(self) -> int | None:
        if self.before.stage_number is None or self.after.stage_number is None:
            return None
        return self.after.stage_number - self.before.stage_number


def rounds_compare(*, before: Round, after: Round) -> Comparison:
    from . import plan  # the plan's reads build on the team result defined here

    old = round_team_result(round=before)
    new = round_team_result(round=after)
    earlier_plan = plan.round_plan(round=before, team=old)
    tracked = plan_rules.with_statuses(earlier_plan.entries, plan.plan_tracked_statuses(round=before))
    return Comparison(
        before=old,
        after=new,
        deltas=aggregation.compare(before=old.means, after=new.means, dimensions=new.dimensions),
        movement=aggregation.stage_movement(old.stage_number, new.stage_number),
        progress=plan_rules.progress_by_dimension(tracked),
    )
