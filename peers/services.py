"""Writes for peer comparison: segment choices, consent, and the entries and aggregates they feed.

Every change to what counts goes through PeerEntry: adding one adds its
scores to the aggregates of its segments; deleting one (consent withdrawn,
segment changed, assessment or round deleted: see signals.py) takes the same
scores back out, in the same transaction. Writers queue on the "everyone"
row's lock, which every entry touches, so the segment rows are always
locked in one order and the published flags are recomputed by one writer
at a time.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from maturity import peers
from maturity.result import Result

from . import cache
from .models import AssessmentPeers, ClientPeers, Industry, OrganisationSize, PeerEntry, PeerSettings, SegmentAggregate


def result_scores(result: Result) -> dict[str, float]:
    """The metrics a result is compared on: its overall score and each scored dimension."""
    scores = {peers.OVERALL: result.overall}
    scores.update({d.key: d.score for d in result.dimensions if d.score is not None})
    return scores


# --- Aggregates -------------------------------------------------------------------


def aggregates_apply(*, industry_id: int | None, size_id: int | None, scores: dict, delta: int) -> None:
    """Add (delta=1) or take out (delta=-1) one result's scores in every segment it counts in."""
    chain = peers.fallback_chain(industry_id, size_id)
    with transaction.atomic():
        SegmentAggregate.objects.bulk_create(
            [SegmentAggregate(key=s.key, industry_id=s.industry, size_id=s.size) for s in chain],
            ignore_conflicts=True,
        )
        # The everyone row first: every writer takes it, so writers queue here and never deadlock.
        SegmentAggregate.objects.select_for_update().get(key=peers.EVERYONE.key)
        rows = list(SegmentAggregate.objects.select_for_update().filter(key__in=[s.key for s in chain]))
        for row in rows:
            row.count += delta
            for metric, score in scores.items():
                histogram = row.histograms.setdefault(metric, peers.empty_histogram())
                peers.histogram_add(histogram, score, delta)
        SegmentAggregate.objects.bulk_update(rows, ["count", "histograms"])
        aggregates_republish()
    cache.bump()


def aggregates_republish() -> None:
    """Recompute which segments may be shown (maturity.peers.publishable) from every segment's count.

    Called by each writer under the "everyone" lock, and after an admin changes the minimums.
    """
    minimums = PeerSettings.current()
    rows = list(SegmentAggregate.objects.values_list("pk", "industry_id", "size_id", "count", "published"))
    counts = {peers.Segment(industry, size): count for _, industry, size, count, _ in rows}
    published = peers.publishable(
        peers.cells_from_segments(counts), minimum=minimums.min_segment, minimum_everyone=minimums.min_everyone
    )
    turn_on = [pk for pk, i, s, _, was in rows if not was and peers.Segment(i, s) in published]
    turn_off = [pk for pk, i, s, _, was in rows if was and peers.Segment(i, s) not in published]
    if turn_on:
        SegmentAggregate.objects.filter(pk__in=turn_on).update(published=True)
    if turn_off:
        SegmentAggregate.objects.filter(pk__in=turn_off).update(published=False)
    cache.bump()


def _entry_add(*, industry_id, size_id, scores: dict, assessment=None, round=None) -> PeerEntry:
    with transaction.atomic():
        entry = PeerEntry.objects.create(
            assessment=assessment, round=round, industry_id=industry_id, size_id=size_id, scores=scores
        )
        aggregates_apply(industry_id=industry_id, size_id=size_id, scores=scores, delta=1)
    return entry


def entry_withdraw(entry: PeerEntry) -> None:
    """Take an entry's scores out of the aggregates (signals.py calls this as any entry is deleted)."""
    aggregates_apply(industry_id=entry.industry_id, size_id=entry.size_id, scores=entry.scores, delta=-1)


# --- Individuals ------------------------------------------------------------------


def assessment_choice(*, assessment) -> AssessmentPeers | None:
    return AssessmentPeers.objects.filter(pk=assessment.pk).select_related("industry", "size").first()


def assessment_peers_set(
    *, assessment, industry: Industry | None, size: OrganisationSize | None, consent: bool
) -> AssessmentPeers:
    """Save an individual's segment and consent, and count (or stop counting) their result accordingly."""
    with transaction.atomic():
        choice, _ = AssessmentPeers.objects.update_or_create(
            assessment=assessment,
            defaults={"industry": industry, "size": size, "consent": consent, "answered_at": timezone.now()},
        )
        assessment_entry_sync(assessment=assessment, choice=choice)
    cache.bump()  # the respondent's own page says what they chose
    return choice


def assessment_entry_sync(*, assessment, choice: AssessmentPeers | None) -> None:
    """Count a completed individual assessment once, in its chosen segment, if and only if its respondent agreed.

    A response in a consultant's round never counts on its own: its round's team result does.
    """
    with transaction.atomic():
        PeerEntry.objects.filter(assessment=assessment).delete()
        if choice is None or not choice.consent or assessment.round_id is not None or not assessment.result:
            return
        if assessment.completed_at is None or not assessment.snapshot.complete:
            return
        _entry_add(
            assessment=assessment,
            industry_id=choice.industry_id,
            size_id=choice.size_id,
            scores=result_scores(assessment.snapshot),
        )


# --- Clients and rounds -------------------------------------------------------------


def client_choice(*, client) -> ClientPeers:
    """The client's saved choice, or (unsaved, not counting) the lists' entries its free-text details name."""
    saved = ClientPeers.objects.filter(pk=client.pk).select_related("industry", "size").first()
    if saved is not None:
        return saved
    industry = Industry.objects.filter(name__iexact=client.industry.strip()).first() if client.industry else None
    size = OrganisationSize.objects.filter(client_size_band=client.size_band).first() if client.size_band else None
    return ClientPeers(client=client, industry=industry, size=size, consent=False)


def client_peers_set(*, client, industry: Industry | None, size: OrganisationSize | None, consent: bool) -> ClientPeers:
    """Save a client's segment and consent, and recount each of its closed rounds accordingly."""
    with transaction.atomic():
        choice, _ = ClientPeers.objects.update_or_create(
            client=client, defaults={"industry": industry, "size": size, "consent": consent}
        )
        for round in client.rounds.all():
            round_entry_sync(round=round, choice=choice)
    cache.bump()
    return choice


def round_entry_sync(*, round, choice: ClientPeers | None = None) -> None:
    """Count a round's team result once if the round is closed and its client counts; otherwise not at all.

    Called when a round closes or reopens, its client is archived, a response in
    it is deleted, or the client's choice changes. An open round's team result
    can still move, so it waits for the close.
    """
    from consulting.selectors import round_team_result  # consulting.services calls us: import when needed

    with transaction.atomic():
        PeerEntry.objects.filter(round=round).delete()
        choice = choice or client_choice(client=round.client)
        if round.closed_at is None or not choice.consent:
            return
        team = round_team_result(round=round)
        if not team.has_placement:
            return
        # As the team page and PDF show it: the team score per dimension, the pooled overall score.
        _entry_add(
            round=round, industry_id=choice.industry_id, size_id=choice.size_id, scores=result_scores(team.document)
        )
