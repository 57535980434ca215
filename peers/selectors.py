"""Reads for peer comparison: a result's place in its segment, external references, a consultant's portfolio.

A comparison reads two small rows (which of the result's segments are
published, then the chosen one's histograms), never the results themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maturity import peers
from maturity.figures import displayed
from maturity.result import Result
from maturity.roadmap import StageProfile

from .models import ExternalReference, SegmentAggregate

KIND_LABELS = {
    (True, True): "same industry and size",
    (True, False): "same industry, any size",
    (False, True): "same size, any industry",
    (False, False): "everyone",
}


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    score: float
    percentile: int
    median: float


@dataclass
class Comparison:
    segment: str  # "Retail · 1,000+ employees", "Everyone"
    kind: str  # which step of the fallback it is, in words
    count: int
    overall: Row | None
    dimensions: list[Row] = field(default_factory=list)

    def median_for(self, key: str) -> float | None:
        return next((row.median for row in self.dimensions if row.key == key), None)


def segment_name(row: SegmentAggregate) -> str:
    parts = [part.name for part in (row.industry, row.size) if part is not None]
    return " · ".join(parts) if parts else "Everyone"


def comparison(*, industry_id: int | None, size_id: int | None, result: Result | None) -> Comparison | None:
    """Where a result sits in the narrowest published segment of its industry and size (None: no segment yet)."""
    if result is None or not result.complete:
        return None
    chain = peers.fallback_chain(industry_id, size_id)
    published = set(
        SegmentAggregate.objects.filter(key__in=[s.key for s in chain], published=True).values_list("key", flat=True)
    )
    chosen = next((s for s in chain if s.key in published), None)
    if chosen is None:
        return None
    row = SegmentAggregate.objects.select_related("industry", "size").get(key=chosen.key)
    from .services import result_scores

    shown = {
        m.metric: m for m in peers.compare(histograms=row.histograms, count=row.count, scores=result_scores(result))
    }

    def make(key: str, name: str) -> Row | None:
        metric = shown.get(key)
        if metric is None:
            return None
        return Row(key=key, name=name, score=metric.score, percentile=metric.percentile, median=metric.median)

    dimensions = [make(d.key, d.name) for d in result.dimensions]
    return Comparison(
        segment=segment_name(row),
        kind=KIND_LABELS[(chosen.industry is not None, chosen.size is not None)],
        count=row.count,
        overall=make(peers.OVERALL, "Overall score"),
        dimensions=[d for d in dimensions if d is not None],
    )


def external_references() -> list[ExternalReference]:
    return list(ExternalReference.objects.filter(shown=True).prefetch_related("stages"))


# --- A consultant's portfolio -------------------------------------------------------


@dataclass
class PortfolioRow:
    client: object
    round: object
    stage: StageProfile | None
    overall: float | None
    scores: dict  # dimension key -> the latest round's team score
    overall_change: float | None  # since the previous round with results
    stage_change: int | None
    previous_round: object | None
    overall_vs_median: float | None = None
    vs_median: dict = field(default_factory=dict)  # dimension key -> score minus the portfolio median


@dataclass
class Portfolio:
    dimensions: list  # (key, name), in the model's order
    rows: list[PortfolioRow]
    medians: dict  # dimension key -> the portfolio median of the latest rounds
    overall_median: float | None
    without_results: list  # clients with no round with a result yet


def _difference(value: float, other: float) -> float:
    """The difference of two shown figures, so that the figures on a line add up."""
    return round(displayed(value) - displayed(other), 2)


def _team_scores(team) -> tuple[float | None, dict, StageProfile | None]:
    pooled = team.document if team.has_placement else None  # team scores per dimension, as the team page shows
    if pooled is None:
        return None, {}, None
    return pooled.overall, pooled.scores, pooled.stage


def portfolio(*, owner) -> Portfolio:
    """The owner's active clients side by side (latest round with results), against the owner's own median.

    Only `owner`'s clients are ever read.
    """
    from consulting.models import Client
    from stages.models import Dimension

    rows, without = [], []
    for client in Client.objects.owned_by(owner).active().order_by("name", "id"):
        row = _portfolio_row(client)
        if row is None:
            without.append(client)
        else:
            rows.append(row)
    present = {key for row in rows for key in row.scores}
    dimensions = [(d.slug, d.name) for d in Dimension.objects.all() if d.slug in present]
    medians = {key: peers.median_of(row.scores.get(key) for row in rows) for key, _ in dimensions}
    overall_median = peers.median_of(row.overall for row in rows)
    for row in rows:
        row.overall_vs_median = _difference(row.overall, overall_median)
        row.vs_median = {
            key: None if row.scores.get(key) is None else _difference(row.scores[key], medians[key])
            for key, _ in dimensions
        }
    return Portfolio(
        dimensions=dimensions, rows=rows, medians=medians, overall_median=overall_median, without_results=without
    )


def _portfolio_row(client) -> PortfolioRow | None:
    """The client's latest round with a placement, and its change since the one before; None without one."""
    from consulting.selectors import round_team_result, rounds_with_results

    rounds = rounds_with_results(client=client)
    if not rounds:
        return None
    overall, scores, stage = _team_scores(round_team_result(round=rounds[0]))
    if stage is None:
        return None
    before, before_stage = None, None
    if len(rounds) > 1:
        before, _, before_stage = _team_scores(round_team_result(round=rounds[1]))
    return PortfolioRow(
        client=client,
        round=rounds[0],
        stage=stage,
        overall=overall,
        scores=scores,
        overall_change=None if before is None else _difference(overall, before),
        stage_change=None if before_stage is None else stage.number - before_stage.number,
        previous_round=rounds[1] if before is not None else None,
    )


# --- What the pages and PDFs show -------------------------------------------------


@dataclass
class Section:
    """Everything a "How you compare" section shows (page or PDF)."""

    comparison: Comparison | None
    references: list
    segment_given: bool  # whether any industry or size was given
    minimum: int
    minimum_everyone: int
    chart: dict | None = None  # page only: the radar with the segment median as a second trace

    @property
    def median_trace(self) -> dict | None:
        """The segment median as a trace for the page's main radar, off until the reader selects it in the legend."""
        if not self.chart:
            return None
        return {**self.chart["data"][1], "visible": "legendonly"}


def section(*, industry_id, size_id, result: Result | None, team: bool = False, with_chart: bool = False) -> Section:
    from maturity import charts

    from .models import PeerSettings

    minimums = PeerSettings.current()
    found = comparison(industry_id=industry_id, size_id=size_id, result=result)
    chart = None
    if with_chart and found is not None and len(found.dimensions) >= 3:
        chart = charts.radar_figure(
            labels=[_short_name(result, row.key) for row in found.dimensions],
            series=[
                ("Your team" if team else "Your scores", [row.score for row in found.dimensions]),
                (f"Median: {found.segment}", [row.median for row in found.dimensions]),
            ],
        )
    return Section(
        comparison=found,
        references=external_references(),
        segment_given=industry_id is not None or size_id is not None,
        minimum=minimums.min_segment,
        minimum_everyone=minimums.min_everyone,
        chart=chart,
    )


def _short_name(result: Result, key: str) -> str:
    return next(d.short_name or d.name for d in result.dimensions if d.key == key)


def assessment_section(*, assessment, with_chart: bool = False) -> Section:
    """An individual's comparison: in their chosen segment, or their round's client's."""
    from .services import assessment_choice, client_choice

    if assessment.round_id is not None:
        choice = client_choice(client=assessment.round.client)
    else:
        choice = assessment_choice(assessment=assessment)
    industry_id = choice.industry_id if choice else None
    size_id = choice.size_id if choice else None
    return section(industry_id=industry_id, size_id=size_id, result=assessment.snapshot, with_chart=with_chart)


def round_section(*, round, result: Result | None, with_chart: bool = False) -> Section:
    from .services import client_choice

    choice = client_choice(client=round.client)
    return section(
        industry_id=choice.industry_id, size_id=choice.size_id, result=result, team=True, with_chart=with_chart
    )
