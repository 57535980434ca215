"""The team report of a round, one structure for the page, the PDF, the workbook and the deck.

Built from the team result (consulting.selectors.round_team_result), whose
breakdowns and disagreements already leave out groups smaller than the
client's minimum (maturity.anonymity): nothing here adds a group back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from maturity import aggregation
from maturity.figures import displayed
from maturity.result import Figures, Result

from . import selectors
from .models import Round

TOP_DISAGREEMENTS = 10


@dataclass(frozen=True)
class DimensionRow:
    key: str
    name: str
    mean: float | None
    lowest: float | None
    highest: float | None
    spread: float | None  # shown highest - shown lowest, as the page prints it
    sd: float | None
    target: int | None
    not_sure_rate: float | None
    confidence: float


@dataclass(frozen=True)
class PlanAction:
    title: str
    dimension: str
    after: str = ""
    owner: str = ""
    due: datetime.date | None = None
    status: str = ""


@dataclass(frozen=True)
class PlanHorizon:
    label: str
    actions: list[PlanAction]


@dataclass(frozen=True)
class RespondentRow:
    number: int | None
    label: str
    role: str  # "" when the group is below the minimum (or not given)
    department: str
    scores: dict[str, float | None]
    overall: float | None
    stage: int | None


@dataclass
class TeamReport:
    team: selectors.TeamResult
    round: Round
    executive_summary: str
    dimensions: list[DimensionRow]
    breakdowns: list[aggregation.Breakdown]
    disagreements: list[aggregation.Disagreement]  # the top ones, most disagreed-on first
    disagreements_total: int
    plan: list[PlanHorizon]
    tailored_plan: bool

    @cached_property
    def frozen_results(self) -> dict[int, Figures]:
        """The parts of the round's frozen results the exports read (selectors.frozen_results), read once a report."""
        return selectors.frozen_results(round=self.round)

    @cached_property
    def respondents(self) -> list[RespondentRow]:
        """One row per completed response (excluded ones too), read when an export asks: the page never does."""
        return _respondent_rows(self.team, self.frozen_results)

    @property
    def result(self) -> Result | None:
        return self.team.pooled

    @property
    def min_group(self) -> int:
        return self.team.min_group

    @property
    def summary_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.executive_summary.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def perception_gaps(self) -> list[tuple[str, aggregation.PerceptionGap]]:
        """("role" or "department", gap) for every flagged gap."""
        return [(b.by, gap) for b in self.breakdowns for gap in b.gaps]

    @property
    def hidden_groups(self) -> bool:
        return any(b.hidden for b in self.breakdowns)


def _dimension_rows(team: selectors.TeamResult) -> list[DimensionRow]:
    rows = []
    for summary, target in zip(team.summaries, team.target_levels):
        shown_spread = None
        if summary.minimum is not None and summary.maximum is not None:
            shown_spread = displayed(summary.maximum) - displayed(summary.minimum)
        rows.append(
            DimensionRow(
                key=summary.key,
                name=summary.name,
                mean=summary.mean,
                lowest=summary.minimum,
                highest=summary.maximum,
                spread=shown_spread,
                sd=summary.sd,
                target=target,
                not_sure_rate=summary.not_sure_rate,
                confidence=summary.confidence,
            )
        )
    return rows


def report_plan(*, round: Round, team: selectors.TeamResult) -> tuple[list[PlanHorizon], bool]:
    """The round's tailored plan by horizon (consulting.plan: the roadmap's plan with the consultant's edits)."""
    if not team.has_placement:
        return [], False
    from . import plan

    tailored = plan.round_plan(round=round, team=team)
    horizons = [
        PlanHorizon(
            label=h.label,
            actions=[
                PlanAction(
                    title=e.title,
                    dimension=e.dimension_name,
                    after=e.after or "",
                    owner=e.owner,
                    due=e.due,
                    status=e.status_label,
                )
                for e in h.entries
            ],
        )
        for h in tailored.horizons
    ]
    return horizons, True


def _respondent_rows(team: selectors.TeamResult, results: dict[int, Figures]) -> list[RespondentRow]:
    rows = []
    for r in team.respondents:
        result = results.get(r.assessment.pk)
        if not r.finished or result is None:
            continue
        rows.append(
            RespondentRow(
                number=r.assessment.respondent_number,
                label=r.label,
                role=r.role,
                department=r.department,
                scores=result.scores,
                overall=result.overall,
                stage=result.stage,
            )
        )
    return rows


def round_team_report(*, round: Round, team: selectors.TeamResult | None = None) -> TeamReport:
    team = team or selectors.round_team_result(round=round)
    plan, tailored = report_plan(round=round, team=team)
    return TeamReport(
        team=team,
        round=round,
        executive_summary=round.summary,
        dimensions=_dimension_rows(team),
        breakdowns=[team.by_role, team.by_department],
        disagreements=team.disagreements[:TOP_DISAGREEMENTS],
        disagreements_total=len(team.disagreements),
        plan=plan,
        tailored_plan=tailored,
    )


def group_answers_text(disagreement: aggregation.Disagreement, by: str) -> str:
    """How each shown group of `by` answered: "Executive (5): mean 3.40, levels 3×3 4×2; Frontline (6): ..."."""
    parts = []
    for group in disagreement.groups:
        if group.by != by:
            continue
        counts = " ".join(f"{level}×{group.levels.count(level)}" for level in sorted(set(group.levels)))
        mean = f"mean {displayed(group.mean):.2f}, levels {counts}" if group.mean is not None else "no level given"
        extra = f", not sure ×{group.not_sure}" if group.not_sure else ""
        parts.append(f"{group.name} ({group.respondents}): {mean}{extra}")
    return "; ".join(parts)
