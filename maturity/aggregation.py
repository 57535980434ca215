"""Team maths for an assessment round: plain data in, plain data out (no Django).

A round has several respondents. Each completed response brings its own
dimension scores (as frozen in its result) and its answers (a level 1..5, or
None for "Not sure"). From those this module computes:

* per dimension: mean, min, max and spread (max - min) of the respondents'
  dimension scores, the population standard deviation, the "Not sure" rate and
  a confidence figure;
* disagreement flags: questions whose answers are two or more levels apart
  (highest level - lowest level >= 2; "Not sure" is left out);
* breakdowns by role and by department: the mean per dimension per group, and
  a perception-gap flag when two named groups differ by 1.5 or more on a
  dimension (e.g. executives two levels above frontline staff);
* completion rate (completed / started);
* round-over-round deltas and stage movement.

The combined placement is *not* computed here: the view layer feeds all
respondents' answers, pooled, to the same scoring code an individual gets.

Confidence per dimension, in [0, 1]
-----------------------------------
    confidence = certainty x sample x agreement

    certainty = 1 - (Not sure answers / all answers in the dimension)
    sample    = n / (n + 1), n = respondents with a score in the dimension
                (1 -> 0.50, 3 -> 0.75, 9 -> 0.90: more voices, more trust)
    agreement = 1 - sd / 2, sd = population standard deviation of the
                respondents' dimension scores; 2 is the largest sd possible on
                a 1..5 scale (half the team at 1, half at 5), so agreement is
                1 when everyone agrees and 0 at maximal polarisation.

Each factor lies in [0, 1], so their product does too; with no respondent (or
no answer) the confidence is 0. Example: four respondents scoring 2, 2, 4, 4
(sd 1) with 1 "Not sure" in 20 answers: 0.95 x 0.8 x 0.5 = 0.38.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from maturity.anonymity import group_key
from maturity.figures import displayed
from maturity.scoring import AnsweredQuestion, DimensionSpec

DISAGREEMENT_SPAN = 2  # max level - min level, e.g. one answer at 1 and another at 3
PERCEPTION_GAP = 1.5
MAX_SD = 2.0  # largest population standard deviation on a 1..5 scale
NOT_STATED = "Not stated"
GROUPINGS = ("role", "department")
_EPSILON = 1e-9  # float sums such as 3.1 - 1.6 must still count as a 1.5 gap


@dataclass(frozen=True)
class Response:
    """One completed response: who answered, their dimension scores and their answers."""

    respondent: str
    scores: Mapping[str, float | None]
    answers: Sequence[AnsweredQuestion] = ()
    role: str = ""
    department: str = ""


@dataclass(frozen=True)
class DimensionSummary:
    key: str
    name: str
    respondents: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    spread: float | None
    sd: float | None
    answers: int
    not_sure: int
    confidence: float

    @property
    def not_sure_rate(self) -> float | None:
        return self.not_sure / self.answers if self.answers else None


@dataclass(frozen=True)
class GroupAnswers:
    """How one role or department group answered one question."""

    by: str  # "role" or "department"
    name: str
    respondents: int
    levels: tuple[int, ...]  # sorted; "Not sure" left out
    not_sure: int

    @property
    def mean(self) -> float | None:
        return mean(self.levels)


@dataclass(frozen=True)
class Disagreement:
    dimension: str
    question: str
    text: str
    levels: tuple[int, ...]  # every level given, sorted
    not_sure: int
    # How each group big enough to be shown answered: role groups, then department groups.
    groups: tuple[GroupAnswers, ...] = ()

    @property
    def sd(self) -> float:
        """The population standard deviation of the levels given: what ranks one disagreement above another."""
        return population_sd(self.levels) or 0.0

    @property
    def low(self) -> int:
        return self.levels[0]

    @property
    def high(self) -> int:
        return self.levels[-1]

    @property
    def span(self) -> int:
        return self.high - self.low

    @property
    def counts(self) -> list[tuple[int, int]]:
        """(level, how many respondents chose it), lowest level first."""
        return [(level, self.levels.count(level)) for level in sorted(set(self.levels))]


@dataclass(frozen=True)
class Group:
    name: str
    respondents: int
    means: Mapping[str, float | None]
    stated: bool = True


@dataclass(frozen=True)
class PerceptionGap:
    dimension: str
    name: str
    high_group: str
    high: float
    low_group: str
    low: float

    @property
    def difference(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Breakdown:
    by: str
    groups: list[Group]
    gaps: list[PerceptionGap] = field(default_factory=list)
    # Respondents in groups too small to show: counted in the team figures, never shown apart.
    hidden: int = 0
    min_group: int = 1

    @property
    def stated_groups(self) -> list[Group]:
        return [g for g in self.groups if g.stated]

    def gap_for(self, key: str) -> PerceptionGap | None:
        return next((g for g in self.gaps if g.dimension == key), None)


@dataclass(frozen=True)
class Delta:
    key: str
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def population_sd(values: Sequence[float]) -> float | None:
    if not values:
        return None
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / len(values))


def dimension_confidence(*, answers: int, not_sure: int, respondents: int, sd: float | None) -> float:
    """The confidence formula of the module docstring, in [0, 1]."""
    if answers <= 0:
        return 0.0  # nothing answered, nothing to be sure of (no respondent with a score makes `sample` 0)
    certainty = 1 - min(not_sure, answers) / answers
    sample = respondents / (respondents + 1)
    agreement = 1 - min(sd or 0.0, MAX_SD) / MAX_SD
    return certainty * sample * agreement  # each factor is within [0, 1], so the product is too


def dimension_summaries(responses: Sequence[Response], dimensions: Sequence[DimensionSpec]) -> list[DimensionSummary]:
    """Mean, min, max, spread, sd, "Not sure" count and confidence for each dimension, in the given order."""
    summaries = []
    for dim in dimensions:
        scores = [score for r in responses if (score := r.scores.get(dim.key)) is not None]
        levels = [a.level for r in responses for a in r.answers if a.dimension == dim.key]
        not_sure = sum(1 for level in levels if level is None)
        sd = population_sd(scores)
        summaries.append(
            DimensionSummary(
                key=dim.key,
                name=dim.name,
                respondents=len(scores),
                mean=mean(scores),
                minimum=min(scores) if scores else None,
                maximum=max(scores) if scores else None,
                spread=(max(scores) - min(scores)) if scores else None,
                sd=sd,
                answers=len(levels),
                not_sure=not_sure,
                confidence=dimension_confidence(answers=len(levels), not_sure=not_sure, respondents=len(scores), sd=sd),
            )
        )
    return summaries


def disagreements(
    responses: Sequence[Response], *, min_span: int = DISAGREEMENT_SPAN, min_group: int = 1
) -> list[Disagreement]:
    """Questions whose levels span at least `min_span`, most disagreed-on first.

    Ranked by the standard deviation of the levels given (a 1-3-3 split is
    less of a disagreement than 1-1-3-3), then by span, then in first-seen
    order. Each carries how every role and department group of at least
    `min_group` respondents answered it (smaller groups are left out there,
    their answers still counted in the levels).
    """
    order: list[tuple[str, str]] = []
    levels: dict[tuple[str, str], list[int]] = {}
    not_sure: dict[tuple[str, str], int] = {}
    texts: dict[tuple[str, str], str] = {}
    for response in responses:
        for answer in response.answers:
            key = (answer.dimension, answer.question)
            if key not in levels:
                order.append(key)
                levels[key] = []
                not_sure[key] = 0
                texts[key] = answer.text
            if answer.level is None:
                not_sure[key] += 1
            else:
                levels[key].append(answer.level)
    flagged_keys = [k for k in order if levels[k] and max(levels[k]) - min(levels[k]) >= min_span]
    by_group = _group_answers(responses, set(flagged_keys), min_group)
    flagged = [
        Disagreement(
            dimension=d,
            question=q,
            text=texts[(d, q)],
            levels=tuple(sorted(levels[(d, q)])),
            not_sure=not_sure[(d, q)],
            groups=tuple(by_group.get((d, q), ())),
        )
        for d, q in flagged_keys
    ]
    position = {key: i for i, key in enumerate(order)}
    return sorted(flagged, key=lambda f: (-round(f.sd, 9), -f.span, position[(f.dimension, f.question)]))


def _shown_members(responses: Sequence[Response], by: str, min_group: int) -> list[tuple[str, list[Response]]]:
    """(display name, members) of each group of `by` with at least `min_group` respondents, stated ones by name, "Not stated" last."""
    members: dict[str, list[Response]] = {}
    display: dict[str, str] = {}
    for response in responses:
        raw = getattr(response, by) or ""
        key = group_key(raw)
        display.setdefault(key, " ".join(raw.split()) if key else NOT_STATED)
        members.setdefault(key, []).append(response)
    ordered = sorted(members.items(), key=lambda item: (item[0] == "", item[0]))
    return [(display[key], people) for key, people in ordered if len(people) >= min_group]


def _group_answers(
    responses: Sequence[Response], keys: set[tuple[str, str]], min_group: int
) -> dict[tuple[str, str], list[GroupAnswers]]:
    out: dict[tuple[str, str], list[GroupAnswers]] = {}
    for by in GROUPINGS:
        # The disagreement is between groups people identified with: not "Not stated".
        stated = [(name, people) for name, people in _shown_members(responses, by, min_group) if name != NOT_STATED]
        for name, people in stated:
            given: dict[tuple[str, str], list[int | None]] = {}
            for person in people:
                for answer in person.answers:
                    key = (answer.dimension, answer.question)
                    if key in keys:
                        given.setdefault(key, []).append(answer.level)
            for key, answered in given.items():
                out.setdefault(key, []).append(
                    GroupAnswers(
                        by=by,
                        name=name,
                        respondents=len(people),
                        levels=tuple(sorted(level for level in answered if level is not None)),
                        not_sure=sum(1 for level in answered if level is None),
                    )
                )
    return out


def group_breakdown(
    responses: Sequence[Response],
    dimensions: Sequence[DimensionSpec],
    *,
    by: str,
    gap: float = PERCEPTION_GAP,
    min_group: int = 1,
) -> Breakdown:
    """Mean score per dimension for each group of respondents, and perception gaps between groups.

    `by` names the Response attribute to group on ("role" or "department").
    Names are grouped ignoring case and surrounding spaces ("Prefer not to
    say" counts as blank; the first spelling seen is shown). Respondents who
    left it blank form a "Not stated" group, listed last and never part of a
    gap: a gap is between two groups people identified themselves with. A
    group of fewer than `min_group` respondents is left out altogether (no
    row, no gap; `hidden` counts its people). For each dimension the highest
    and lowest shown stated groups are compared; a difference of `gap` or
    more is flagged.
    """
    shown = _shown_members(responses, by, min_group)
    groups = [
        Group(
            name=name,
            respondents=len(people),
            means={d.key: mean(s for r in people if (s := r.scores.get(d.key)) is not None) for d in dimensions},
            stated=group_key(getattr(people[0], by)) != "",
        )
        for name, people in shown
    ]
    gaps = []
    for dim in dimensions:
        scored = [(m, g.name) for g in groups if g.stated and (m := g.means[dim.key]) is not None]
        if len(scored) < 2:
            continue
        high, high_name = max(scored, key=lambda s: s[0])
        low, low_name = min(scored, key=lambda s: s[0])
        # Judged on the figures shown: groups that read 3.66 and 2.16 are flagged as 1.50 apart,
        # even though their means (3.6667 and 2.1667) are a hair under 1.5 apart.
        if displayed(high) - displayed(low) >= gap - _EPSILON:
            gaps.append(
                PerceptionGap(
                    dimension=dim.key, name=dim.name, high_group=high_name, high=high, low_group=low_name, low=low
                )
            )
    hidden = len(responses) - sum(g.respondents for g in groups)
    return Breakdown(by=by, groups=groups, gaps=gaps, hidden=hidden, min_group=min_group)


def condense_holding_back(entries: Sequence[Mapping]) -> list[Mapping]:
    """A team roadmap's "what holds it back": per question its lowest answer, plus every answer with a note.

    Pooled answers repeat each question once per respondent; the roadmap only
    needs the weakest answer to each question, and the notes taken in
    facilitated sessions (each note once). Order is kept.
    """
    seen_questions: set = set()
    seen_notes: set = set()
    kept = []
    for entry in entries:
        question = entry.get("question")
        note = (entry.get("note") or "").strip()
        first = question not in seen_questions
        new_note = bool(note) and (question, note) not in seen_notes
        if first or new_note:
            kept.append(entry)
        seen_questions.add(question)
        if note:
            seen_notes.add((question, note))
    return kept


def answer_evidence(entries: Sequence[Mapping], *, role_sizes: Mapping[str, int], min_group: int) -> list[dict]:
    """A team roadmap's "what holds it back": one line per question, each answer given with how many gave it, and their roles.

    ``entries`` are the pooled answers below the target (several per question,
    one per respondent, each with the respondent's ``role``). A role is named
    only when the round counts at least ``min_group`` respondents in it
    (``role_sizes``, by anonymity.group_key): a smaller group could be a single, identifiable person, so
    its answers are counted under "other roles". Notes (from facilitated
    sessions) are kept once each. Questions keep the order given (weakest first);
    answers within a question run from the lowest level up.
    """
    questions: dict[str, dict] = {}
    names: dict[str, str] = {}  # group key -> the first spelling met
    for entry in entries:
        question = questions.setdefault(
            entry["question"],
            {"question": entry["question"], "text": entry.get("text", ""), "answers": {}, "notes": []},
        )
        answer = question["answers"].setdefault(
            entry["level"], {"level": entry["level"], "label": entry.get("label", ""), "count": 0, "roles": {}}
        )
        answer["count"] += 1
        raw = entry.get("role") or ""
        role = group_key(raw)
        answer["roles"][role] = answer["roles"].get(role, 0) + 1
        names.setdefault(role, " ".join(raw.split()))
        note = (entry.get("note") or "").strip()
        if note and note not in question["notes"]:
            question["notes"].append(note)
    lines = []
    for question in questions.values():
        answers = []
        for level in sorted(question["answers"], key=lambda lv: (lv is None, lv)):
            answer = question["answers"][level]
            named = sorted(
                ((role, n) for role, n in answer["roles"].items() if role and role_sizes.get(role, 0) >= min_group),
                key=lambda item: (-item[1], item[0]),  # most first; then by name
            )
            answers.append(
                {
                    "level": answer["level"],
                    "label": answer["label"],
                    "count": answer["count"],
                    "roles": [{"name": names[role], "count": n} for role, n in named],
                    "others": answer["count"] - sum(n for _, n in named),
                }
            )
        lines.append({**question, "answers": answers})
    return lines


def completion_rate(*, completed: int, started: int) -> float | None:
    """Completed / started, or None when nobody has started."""
    if started <= 0:
        return None
    return min(completed, started) / started


def compare(
    *, before: Mapping[str, float | None], after: Mapping[str, float | None], dimensions: Sequence[DimensionSpec]
) -> list[Delta]:
    """Per-dimension scores of two rounds side by side, in the dimensions' order."""
    return [Delta(key=d.key, name=d.name, before=before.get(d.key), after=after.get(d.key)) for d in dimensions]


def stage_movement(before: int | None, after: int | None) -> str:
    """A stage change in words: "Stage 2 → Stage 3"."""

    def name(stage):
        return f"Stage {stage}" if stage is not None else "no placement"

    return f"{name(before)} → {name(after)}"
