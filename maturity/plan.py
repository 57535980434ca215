"""A consultant's tailored plan, laid over a frozen team roadmap.

The team result (and its roadmap) never changes once shown; what a consultant
hands to the client is that roadmap's plan with their edits on top: actions
hidden (with a reason), reworded, added, reordered within a horizon, each
with an owner, a due date and a status. Applying the edits is a pure
function of the frozen plan and the edits, so it can be property-tested and
the page, the PDF and the exports all show the same plan.

Recommendations are keyed by their stable ``code``; the consultant's own
actions by an id. Horizons are read from the roadmap itself (their keys and
labels), so a change in how the roadmap is divided in time needs no change here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
DROPPED = "dropped"
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    DONE: "Done",
    DROPPED: "Dropped",
}
STATUSES = tuple(STATUS_LABELS)


@dataclass(frozen=True)
class BaseAction:
    """One action of the frozen roadmap, as the model words it."""

    code: str
    title: str
    dimension: str
    dimension_name: str
    detail: str = ""
    after: str | None = None


@dataclass(frozen=True)
class BaseHorizon:
    key: str
    label: str
    actions: tuple[BaseAction, ...]


@dataclass(frozen=True)
class Tailoring:
    """A consultant's edits to one recommendation of the roadmap (by its code)."""

    code: str
    ident: int | None = None
    hidden: bool = False
    hidden_reason: str = ""
    title: str = ""  # "" keeps the model's wording
    steps: str = ""
    owner: str = ""
    due: datetime.date | None = None
    status: str = NOT_STARTED
    position: int | None = None


@dataclass(frozen=True)
class CustomAction:
    """An action the consultant added (kept in its horizon whatever the roadmap holds)."""

    ident: int
    title: str
    horizon: str
    steps: str = ""
    dimension: str = ""
    dimension_name: str = ""
    owner: str = ""
    due: datetime.date | None = None
    status: str = NOT_STARTED
    position: int | None = None


@dataclass(frozen=True)
class PlanEntry:
    key: str  # "rec:<code>" or "own:<id>": names the entry in forms and reorder requests
    code: str  # "" for the consultant's own actions
    ident: int | None
    title: str
    model_title: str  # the model's wording ("" for the consultant's own actions)
    steps: str
    dimension: str
    dimension_name: str
    owner: str
    due: datetime.date | None
    status: str
    horizon: str
    after: str | None = None
    hidden_reason: str = ""

    @property
    def custom(self) -> bool:
        return not self.code

    @property
    def reworded(self) -> bool:
        return bool(self.model_title) and self.title != self.model_title

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class PlanHorizon:
    key: str
    label: str
    entries: tuple[PlanEntry, ...]


@dataclass(frozen=True)
class TailoredPlan:
    horizons: tuple[PlanHorizon, ...]
    hidden: tuple[PlanEntry, ...]  # hidden recommendations, each with its reason

    @property
    def entries(self) -> tuple[PlanEntry, ...]:
        return tuple(e for h in self.horizons for e in h.entries)

    def horizon_of(self, key: str) -> PlanHorizon | None:
        return next((h for h in self.horizons if any(e.key == key for e in h.entries)), None)


def rec_key(code: str) -> str:
    return f"rec:{code}"


def own_key(ident: int) -> str:
    return f"own:{ident}"


def horizons_from_roadmap(roadmap: Mapping | None) -> tuple[BaseHorizon, ...]:
    """The horizons of a frozen roadmap (its JSON form), as plain data.

    A horizon is named by its ``key`` when the roadmap gives one, else by its
    number of days; the action's detail is its steps when the model gives
    them, else its rationale.
    """
    horizons = []
    for horizon in (roadmap or {}).get("plan", []):
        key = str(horizon.get("key") or horizon.get("days"))
        actions = []
        for action in horizon.get("actions", []):
            rec = action["recommendation"]
            steps = rec.get("steps")
            detail = "\n".join(steps) if isinstance(steps, list) else (steps or rec.get("rationale", ""))
            actions.append(
                BaseAction(
                    code=rec["code"],
                    title=rec["title"],
                    dimension=rec.get("dimension", ""),
                    dimension_name=action.get("dimension_name", ""),
                    detail=detail,
                    after=action.get("after"),
                )
            )
        horizons.append(BaseHorizon(key=key, label=horizon.get("label", key), actions=tuple(actions)))
    return tuple(horizons)


def tailor(
    horizons: Sequence[BaseHorizon],
    tailorings: Iterable[Tailoring] = (),
    custom: Iterable[CustomAction] = (),
) -> TailoredPlan:
    """The roadmap's plan with the consultant's edits applied.

    - A hidden recommendation is never in a horizon; it is listed in ``hidden``.
    - A reworded one shows the consultant's title and steps.
    - The consultant's own actions are in the horizon they chose; one whose
      horizon the roadmap no longer has goes into the first horizon (never lost).
    - Within a horizon, entries with a position come in position order, then
      the rest in the roadmap's order (own actions after the roadmap's).
    - Tailorings of codes the roadmap doesn't hold are ignored.
    """
    by_code = {t.code: t for t in tailorings}
    keys = [h.key for h in horizons]
    own_by_horizon: dict[str, list[CustomAction]] = {}
    for own_action in sorted(custom, key=lambda c: c.ident):
        home = own_action.horizon if own_action.horizon in keys else (keys[0] if keys else None)
        if home is not None:
            own_by_horizon.setdefault(home, []).append(own_action)

    hidden: list[PlanEntry] = []
    result = []
    for horizon in horizons:
        ranked: list[tuple[tuple, PlanEntry]] = []
        for index, action in enumerate(horizon.actions):
            edit = by_code.get(action.code, Tailoring(code=action.code))
            entry = _model_entry(action, edit, horizon=horizon.key)
            if edit.hidden:
                hidden.append(entry)
            else:
                ranked.append((_rank(edit.position, index), entry))
        offset = len(horizon.actions)
        for index, own in enumerate(own_by_horizon.get(horizon.key, [])):
            ranked.append((_rank(own.position, offset + index), _own_entry(own, horizon=horizon.key)))
        ranked.sort(key=lambda pair: pair[0])
        result.append(PlanHorizon(key=horizon.key, label=horizon.label, entries=tuple(e for _, e in ranked)))
    return TailoredPlan(horizons=tuple(result), hidden=tuple(hidden))


def _model_entry(action: BaseAction, edit: Tailoring, *, horizon: str) -> PlanEntry:
    """A roadmap action as the consultant tailored it (their title and steps over the model's)."""
    return PlanEntry(
        key=rec_key(action.code),
        code=action.code,
        ident=edit.ident,
        title=edit.title or action.title,
        model_title=action.title,
        steps=edit.steps or action.detail,
        dimension=action.dimension,
        dimension_name=action.dimension_name,
        owner=edit.owner,
        due=edit.due,
        status=edit.status,
        horizon=horizon,
        after=action.after,
        hidden_reason=edit.hidden_reason if edit.hidden else "",
    )


def _own_entry(own: CustomAction, *, horizon: str) -> PlanEntry:
    return PlanEntry(
        key=own_key(own.ident),
        code="",
        ident=own.ident,
        title=own.title,
        model_title="",
        steps=own.steps,
        dimension=own.dimension,
        dimension_name=own.dimension_name,
        owner=own.owner,
        due=own.due,
        status=own.status,
        horizon=horizon,
    )


def _rank(position: int | None, index: int) -> tuple:
    return (0, position, index) if position is not None else (1, 0, index)


def moved(keys: Sequence[str], key: str, step: int) -> list[str]:
    """``keys`` with ``key`` moved ``step`` places (-1 up, +1 down), clamped at the ends."""
    order = list(keys)
    if key not in order:
        return order
    here = order.index(key)
    there = max(0, min(len(order) - 1, here + step))
    order.insert(there, order.pop(here))
    return order


@dataclass(frozen=True)
class DimensionProgress:
    dimension: str
    total: int
    done: int
    in_progress: int
    dropped: int
    done_titles: tuple[str, ...]


def progress_by_dimension(entries: Iterable[PlanEntry]) -> dict[str, DimensionProgress]:
    """Per dimension key: how many of its plan actions are done, in progress or dropped."""
    grouped: dict[str, list[PlanEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.dimension, []).append(entry)
    return {
        key: DimensionProgress(
            dimension=key,
            total=len(items),
            done=sum(e.status == DONE for e in items),
            in_progress=sum(e.status == IN_PROGRESS for e in items),
            dropped=sum(e.status == DROPPED for e in items),
            done_titles=tuple(e.title for e in items if e.status == DONE),
        )
        for key, items in grouped.items()
    }


def with_statuses(entries: Iterable[PlanEntry], statuses: Mapping[str, str]) -> list[PlanEntry]:
    """Entries with their status replaced where ``statuses`` (entry key -> status) has a later one."""
    return [replace(e, status=statuses[e.key]) if e.key in statuses else e for e in entries]
