"""A round's team figures as one value that can be stored and read back unchanged.

Building a team result means reading every respondent's frozen answers and
scoring them pooled; at 500 respondents that costs most of a second. The
figures only change when the set of counted responses or the client's settings
change, so the consulting app stores them (consulting.models.TeamFigures)
under a key of everything they were built from, and rebuilds only when that
key changes. This module is the value and its JSON form: pure data, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .aggregation import (
    Breakdown,
    DimensionSummary,
    Disagreement,
    Group,
    GroupAnswers,
    PerceptionGap,
)
from .result import Result
from .scoring import DimensionSpec

# Bump when what round_team_result builds changes shape or meaning: every stored
# set of figures with another version is rebuilt on its next read.
FORMAT_VERSION = 2  # 2: the pooled result in maturity.result's JSON form


@dataclass(frozen=True)
class TeamFigures:
    dimensions: list[DimensionSpec]
    short_names: dict[str, str]
    summaries: list[DimensionSummary]
    disagreements: list[Disagreement]
    by_role: Breakdown
    by_department: Breakdown
    pooled: Result | None  # every counted answer scored as one result (consulting.selectors)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "dimensions": [[d.key, d.name] for d in self.dimensions],
            "short_names": dict(self.short_names),
            "summaries": [_summary_json(s) for s in self.summaries],
            "disagreements": [_disagreement_json(d) for d in self.disagreements],
            "by_role": _breakdown_json(self.by_role),
            "by_department": _breakdown_json(self.by_department),
            "pooled": None if self.pooled is None else self.pooled.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TeamFigures:
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"team figures of format {data.get('version')!r}, expected {FORMAT_VERSION}")
        return cls(
            dimensions=[DimensionSpec(key=key, name=name) for key, name in data["dimensions"]],
            short_names=dict(data["short_names"]),
            summaries=[DimensionSummary(**s) for s in data["summaries"]],
            disagreements=[_disagreement(d) for d in data["disagreements"]],
            by_role=_breakdown(data["by_role"]),
            by_department=_breakdown(data["by_department"]),
            pooled=None if data["pooled"] is None else Result.from_json(data["pooled"]),
        )


def _summary_json(s: DimensionSummary) -> dict[str, Any]:
    return {
        "key": s.key,
        "name": s.name,
        "respondents": s.respondents,
        "mean": s.mean,
        "minimum": s.minimum,
        "maximum": s.maximum,
        "spread": s.spread,
        "sd": s.sd,
        "answers": s.answers,
        "not_sure": s.not_sure,
        "confidence": s.confidence,
    }


def _disagreement_json(d: Disagreement) -> dict[str, Any]:
    return {
        "dimension": d.dimension,
        "question": d.question,
        "text": d.text,
        "levels": list(d.levels),
        "not_sure": d.not_sure,
        "groups": [
            {"by": g.by, "name": g.name, "respondents": g.respondents, "levels": list(g.levels), "not_sure": g.not_sure}
            for g in d.groups
        ],
    }


def _disagreement(d: dict[str, Any]) -> Disagreement:
    return Disagreement(
        dimension=d["dimension"],
        question=d["question"],
        text=d["text"],
        levels=tuple(d["levels"]),
        not_sure=d["not_sure"],
        groups=tuple(
            GroupAnswers(
                by=g["by"],
                name=g["name"],
                respondents=g["respondents"],
                levels=tuple(g["levels"]),
                not_sure=g["not_sure"],
            )
            for g in d["groups"]
        ),
    )


def _breakdown_json(b: Breakdown) -> dict[str, Any]:
    return {
        "by": b.by,
        # A list of pairs keeps the dimension order the page shows the means in.
        "groups": [
            {"name": g.name, "respondents": g.respondents, "means": list(g.means.items()), "stated": g.stated}
            for g in b.groups
        ],
        "gaps": [
            {
                "dimension": p.dimension,
                "name": p.name,
                "high_group": p.high_group,
                "high": p.high,
                "low_group": p.low_group,
                "low": p.low,
            }
            for p in b.gaps
        ],
        "hidden": b.hidden,
        "min_group": b.min_group,
    }


def _breakdown(b: dict[str, Any]) -> Breakdown:
    return Breakdown(
        by=b["by"],
        groups=[
            Group(name=g["name"], respondents=g["respondents"], means=dict(g["means"]), stated=g["stated"])
            for g in b["groups"]
        ],
        gaps=[PerceptionGap(**p) for p in b["gaps"]],
        hidden=b["hidden"],
        min_group=b["min_group"],
    )
