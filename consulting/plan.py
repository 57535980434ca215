"""A round's tailored plan, its executive summary, excluded responses and their history.

Writes are ``<entity>_<action>`` functions with keyword-only arguments; the
reads build the tailored plan (maturity.plan.tailor over the frozen team
roadmap) and the history a consultant sees. The frozen team result itself is
never written here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from assessments.models import Assessment
from maturity import plan as rules

from .models import PlanItem, ResponseExclusion, Round

# --- Reads --------------------------------------------------------------------


def round_plan(*, round: Round, team) -> rules.TailoredPlan:
    """The round's plan as the client gets it: the team roadmap's plan with the consultant's edits."""
    roadmap = team.pooled.roadmap if team.has_placement else None
    names = {d.key: d.name for d in team.dimensions}
    items = list(round.plan_items.all())
    tailorings = [
        rules.Tailoring(
            code=i.code,
            ident=i.pk,
            hidden=i.hidden,
            hidden_reason=i.hidden_reason,
            title=i.title,
            steps=i.steps,
            owner=i.owner,
            due=i.due_on,
            status=i.status,
            position=i.position,
        )
        for i in items
        if i.code
    ]
    own = [
        rules.CustomAction(
            ident=i.pk,
            title=i.title,
            horizon=i.horizon,
            steps=i.steps,
            dimension=i.dimension,
            dimension_name=names.get(i.dimension, ""),
            owner=i.owner,
            due=i.due_on,
            status=i.status,
            position=i.position,
        )
        for i in items
        if not i.code
    ]
    return rules.tailor(rules.horizons_from_roadmap(roadmap), tailorings, own)


def summary_paragraphs(summary: str) -> list[list[str]]:
    """An executive summary's paragraphs (split at blank lines), each as its lines, for the PDF's XHTML."""
    paragraphs = [p.strip() for p in summary.replace("\r\n", "\n").split("\n\n")]
    return [[line.strip() for line in p.split("\n") if line.strip()] for p in paragraphs if p]


def plan_entry(plan: rules.TailoredPlan, key: str) -> rules.PlanEntry | None:
    """The entry named ``key`` in the plan, shown or hidden (None: not this round's)."""
    return next((e for e in (*plan.entries, *plan.hidden) if e.key == key), None)


def plan_tracked_statuses(*, round: Round) -> dict[str, str]:
    """Entry key in ``round``'s plan -> its status as tracked in the rounds carried over from it."""
    later = PlanItem.objects.filter(carried_from__round=round).select_related("carried_from")
    statuses = {}
    for item in later.order_by("round__opened_on", "round_id", "id"):
        origin = item.carried_from
        statuses[rules.rec_key(origin.code) if origin.code else rules.own_key(origin.pk)] = item.status
    return statuses


# --- Writes -------------------------------------------------------------------


def plan_item_tailor(
    *,
    round: Round,
    code: str,
    title: str,
    steps: str,
    owner: str,
    due_on: datetime.date | None,
    status: str,
) -> PlanItem:
    """Reword a roadmap action and set its owner, due date and status (blank title/steps: the model's wording)."""
    item, _ = PlanItem.objects.get_or_create(round=round, code=code)
    item.title, item.steps, item.owner, item.due_on, item.status = title, steps, owner, due_on, status
    item.save()
    return item


def plan_item_hide(*, round: Round, code: str, reason: str) -> PlanItem:
    item, _ = PlanItem.objects.get_or_create(round=round, code=code)
    item.hidden, item.hidden_reason = True, reason
    item.save()
    return item


def plan_item_unhide(*, round: Round, code: str) -> None:
    item = PlanItem.objects.filter(round=round, code=code).first()
    if item is not None and item.hidden:
        item.hidden, item.hidden_reason = False, ""
        item.save()


def plan_action_add(
    *,
    round: Round,
    title: str,
    steps: str,
    horizon: str,
    dimension: str,
    owner: str,
    due_on: datetime.date | None,
    status: str,
) -> PlanItem:
    """Add the consultant's own action, at the end of its horizon."""
    return PlanItem.objects.create(
        round=round,
        title=title,
        steps=steps,
        horizon=horizon,
        dimension=dimension,
        owner=owner,
        due_on=due_on,
        status=status,
    )


def plan_action_update(
    *,
    item: PlanItem,
    title: str,
    steps: str,
    horizon: str,
    dimension: str,
    owner: str,
    due_on: datetime.date | None,
    status: str,
) -> PlanItem:
    if item.horizon != horizon:
        item.position = None  # it joins the end of its new horizon
    item.title, item.steps, item.horizon, item.dimension = title, steps, horizon, dimension
    item.owner, item.due_on, item.status = owner, due_on, status
    item.save()
    return item


def plan_action_delete(*, item: PlanItem) -> None:
    item.delete()


def plan_horizon_order(*, round: Round, keys: list[str]) -> None:
    """Store the order of one horizon's entries (entry keys, first first) as positions."""
    with transaction.atomic():
        for position, key in enumerate(keys):
            kind, _, ident = key.partition(":")
            if kind == "rec":
                item, _ = PlanItem.objects.get_or_create(round=round, code=ident)
            else:
                item = PlanItem.objects.get(round=round, code="", pk=int(ident))
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def plan_carry_over(*, source: Round, target: Round) -> int:
    """Start ``target``'s plan from ``source``'s: every edit and own action, statuses included."""
    copied = 0
    with transaction.atomic():
        for item in source.plan_items.all():
            PlanItem.objects.create(
                round=target,
                code=item.code,
                title=item.title,
                steps=item.steps,
                horizon=item.horizon,
                dimension=item.dimension,
                hidden=item.hidden,
                hidden_reason=item.hidden_reason,
                owner=item.owner,
                due_on=item.due_on,
                status=item.status,
                position=item.position,
                carried_from=item,
            )
            copied += 1
    return copied


def previous_round(*, round: Round) -> Round | None:
    """The client's round before ``round`` (by date, then creation)."""
    earlier = round.client.rounds.exclude(pk=round.pk).filter(opened_on__lte=round.opened_on)
    return earlier.order_by("-opened_on", "-id").first()


def round_update(*, round: Round, title: str, summary: str) -> Round:
    """Rename the round and set its executive summary."""
    round.title, round.summary = title, summary
    round.save(update_fields=["title", "summary"])
    return round


def response_exclude(*, round: Round, assessment: Assessment, reason: str) -> ResponseExclusion:
    """Leave a response out of the team result (idempotent: a second exclusion updates the reason)."""
    exclusion, created = ResponseExclusion.objects.get_or_create(
        assessment=assessment, defaults={"round": round, "reason": reason}
    )
    if not created and exclusion.reason != reason:
        exclusion.reason = reason
        exclusion.save(update_fields=["reason"])
    return exclusion


def response_include(*, round: Round, assessment: Assessment) -> None:
    for exclusion in ResponseExclusion.objects.filter(round=round, assessment=assessment):
        exclusion.delete()  # one by one, so the history records who re-included it


# --- History ------------------------------------------------------------------

FIELD_LABELS = {
    "title": "Title",
    "summary": "Executive summary",
    "steps": "Steps",
    "horizon": "Horizon",
    "dimension": "Dimension",
    "hidden": "Hidden",
    "hidden_reason": "Reason hidden",
    "owner": "Owner",
    "due_on": "Due",
    "status": "Status",
    "position": "Order",
    "reason": "Reason",
    "opened_on": "Round date",
    "closed_at": "Closed",
}
LONG_FIELDS = {"summary", "steps"}


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    changes: tuple[str, ...]


def _value(field: str, value) -> str:
    if field == "status":
        return rules.STATUS_LABELS.get(value, value)
    if field == "hidden":
        return "yes" if value else "no"
    if value in (None, ""):
        return "—"
    return str(value)


def _changes(record, skip: set[str]) -> tuple[str, ...]:
    previous = record.prev_record
    if previous is None:
        return ()
    delta = record.diff_against(previous)
    lines = []
    for change in delta.changes:
        if change.field in skip or change.field not in FIELD_LABELS:
            continue
        label = FIELD_LABELS[change.field]
        if change.field in LONG_FIELDS:
            lines.append(f"{label} edited")
        else:
            lines.append(f"{label}: {_value(change.field, change.old)} → {_value(change.field, change.new)}")
    return tuple(lines)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def round_history(*, round: Round, plan: rules.TailoredPlan | None = None, labels: dict | None = None) -> list:
    """Who changed what in the round, its plan and its exclusions, latest first.

    ``labels`` names responses (assessment id -> "Respondent 2"); ``plan``
    names roadmap actions by their code.
    """
    titles = {e.code: e.model_title for e in (*plan.entries, *plan.hidden) if e.code} if plan else {}
    labels = labels or {}
    entries = []
    for record in round.history.all().select_related("history_user"):
        what = {"+": "Round created", "~": "Round edited", "-": "Round deleted"}[record.history_type]
        changes = _changes(record, skip=set())
        if record.history_type == "~" and not changes:
            continue
        entries.append(HistoryEntry(record.history_date, _who(record), what, changes))
    for record in PlanItem.history.filter(round_id=round.pk).select_related("history_user"):
        name = record.title if not record.code else titles.get(record.code, record.code)
        kind = "own action" if not record.code else "action"
        if record.history_type == "+":
            what = f"Added {kind} “{name}”" if not record.code else f"Tailored {kind} “{name}”"
            changes = ()
        elif record.history_type == "-":
            what, changes = f"Deleted {kind} “{name}”", ()
        else:
            what, changes = f"Changed {kind} “{name}”", _changes(record, skip=set())
            if not changes:
                continue
        entries.append(HistoryEntry(record.history_date, _who(record), what, changes))
    for record in ResponseExclusion.history.filter(round_id=round.pk).select_related("history_user"):
        name = labels.get(record.assessment_id, f"Response {record.assessment_id}")
        if record.history_type == "+":
            what, changes = f"Excluded {name}", (f"Reason: {record.reason}",)
        elif record.history_type == "-":
            what, changes = f"Re-included {name}", ()
        else:
            what, changes = f"Changed the exclusion of {name}", _changes(record, skip=set())
        entries.append(HistoryEntry(record.history_date, _who(record), what, changes))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
