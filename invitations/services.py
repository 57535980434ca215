"""Writes for invitations and outbound e-mail. Nothing here sends: it queues, and the worker sends.

Every message is an OutboundMessage row written in the same transaction as
the task that sends it (the task queue is a table in the same database), so
a message is never queued without its task or the other way round.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from assessments.models import Assessment
from consulting import services as consulting_services
from consulting.models import Round
from maturity import mailing

from .models import Invitation, OutboundMessage, RoundMail, WorkerHeartbeat, token_hash

HEARTBEAT = "worker"
# Messages that count towards a person's reminders (a cancelled or failed one reached nobody).
LIVE_STATES = [OutboundMessage.State.QUEUED, OutboundMessage.State.SENDING, OutboundMessage.State.SENT]


class NotAccepting(Exception):
    """The round is closed (or its client archived): no invitations or reminders go out."""


def site_url_for(request_origin: str) -> str:
    """Where links in e-mail point: CX_SITE_URL when set, else the address the consultant is using."""
    return settings.CX_SITE_URL or request_origin.rstrip("/")


# --- Messages -----------------------------------------------------------------


def message_enqueue(
    *,
    key: str,
    kind: str,
    site_url: str,
    now: datetime.datetime,
    invitation: Invitation | None = None,
    user=None,
) -> tuple[OutboundMessage, bool]:
    """Queue one message under its idempotency key; the same key again queues nothing (returns created=False)."""
    from .tasks import send_message

    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                key=key,
                kind=kind,
                invitation=invitation,
                user=user,
                site_url=site_url,
                created_at=now,
                next_attempt_at=now,
            )
            send_message.enqueue(message.pk)
    except IntegrityError:
        return OutboundMessage.objects.get(key=key), False
    return message, True


def messages_requeue_stalled(*, now: datetime.datetime) -> int:
    """Give a new send task to messages whose own was lost: a worker killed mid-send, or a task row gone.

    A queued message whose attempt time passed a tick ago, or a sending one
    whose lease ran out, is handed to a new task. Sending claims the message
    first, so a task that was not lost after all finds it taken and does nothing.
    """
    from .tasks import send_message

    grace = datetime.timedelta(seconds=settings.CX_WORKER_TICK_SECONDS)
    stalled = list(
        OutboundMessage.objects.filter(
            Q(state=OutboundMessage.State.QUEUED, next_attempt_at__lt=now - grace)
            | Q(state=OutboundMessage.State.SENDING, lease_until__lt=now)
        ).values_list("pk", flat=True)
    )
    for pk in stalled:
        send_message.enqueue(pk)
    return len(stalled)


# --- Round settings -------------------------------------------------------------


def round_mail_get(*, round: Round) -> RoundMail:
    mail, _ = RoundMail.objects.get_or_create(round=round)
    return mail


def round_mail_update(
    *, round: Round, deadline: datetime.date | None, reminders_on: bool, reminder_days: list[int]
) -> RoundMail:
    mail = round_mail_get(round=round)
    mail.deadline = deadline
    mail.reminders_on = reminders_on
    mail.reminder_days = list(mailing.schedule_points(reminder_days))
    mail.save(update_fields=["deadline", "reminders_on", "reminder_days"])
    return mail


# --- Invitations ----------------------------------------------------------------


@dataclass(frozen=True)
class InviteOutcome:
    invited: int
    already: int


def invitations_create(
    *, round: Round, people: list[tuple[str, str]], site_url: str, now: datetime.datetime
) -> InviteOutcome:
    """Invite (name, address) pairs to the round: one personal link and one invitation e-mail each.

    An address already invited to this round is left alone (no second e-mail).
    """
    invited = already = 0
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).select_related("client").get(pk=round.pk)
        if not locked.accepts_responses:
            raise NotAccepting()
        mail = round_mail_get(round=locked)
        if not mail.site_url:
            mail.site_url = site_url
            mail.save(update_fields=["site_url"])
        existing = {e.lower() for e in locked.invitations.values_list("email", flat=True)}
        for name, email in people:
            if email.lower() in existing:
                already += 1
                continue
            existing.add(email.lower())
            invitation = Invitation(round=locked, name=name, email=email)
            invitation.set_hashes()
            invitation.save()
            message_enqueue(
                key=f"invitation:{invitation.pk}",
                kind=OutboundMessage.Kind.INVITATION,
                invitation=invitation,
                site_url=mail.site_url,
                now=now,
            )
            invited += 1
    return InviteOutcome(invited=invited, already=already)


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("round__client", "assessment").filter(token_hash=token_hash(token)).first()


def invitation_by_unsubscribe_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("round__client").filter(unsubscribe_hash=token_hash(token)).first()


def invitation_open(*, invitation: Invitation, now: datetime.datetime) -> None:
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
        invitation.opened_at = now


def invitation_response_start(
    *, invitation: Invitation, respondent_name: str = "", respondent_role: str = "", department: str = ""
) -> Assessment:
    """The invitee's one response: started on first use, the same one after (raises consulting's RoundClosed)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update(of=("self",)).select_related("assessment").get(pk=invitation.pk)
        if locked.assessment is not None:
            return locked.assessment
        assessment = consulting_services.round_response_start(
            round=locked.round,
            respondent_name=respondent_name,
            respondent_role=respondent_role,
            department=department,
        )
        # The response's private link is derived from the invitation (an HMAC under the secret key,
        # as the invitation's own), so the personal link can lead back to it later without the
        # database keeping any link in the clear, whether it stores a token or only its hash.
        assessment.token = locked.token("assessment")
        stored = "token_hash" if any(f.name == "token_hash" for f in Assessment._meta.fields) else "token"
        assessment.save(update_fields=[stored])
        locked.assessment = assessment
        locked.save(update_fields=["assessment"])
        return assessment


def invitation_opt_out(*, invitation: Invitation, now: datetime.datetime) -> None:
    """No more reminders for this invitation; queued ones are cancelled when their turn comes."""
    Invitation.objects.filter(pk=invitation.pk, opted_out_at__isnull=True).update(opted_out_at=now)


def invitations_delete(*, round: Round) -> int:
    """Forget a round's invitees (their names and addresses) and every message to them."""
    deleted, _ = Invitation.objects.filter(round=round).delete()
    return deleted


# --- Reminders --------------------------------------------------------------------


def reminder_blocker(invitation: Invitation) -> str:
    """Why this invitee may not be reminded now ("" if they may)."""
    if not invitation.round.accepts_responses:
        return "the round is closed"
    if invitation.opted_out_at is not None:
        return "they opted out of reminders"
    if invitation.assessment_id and invitation.assessment.completed_at:
        return "they have finished"
    return ""


def _reminders_counted(invitations) -> dict[int, tuple[int, datetime.datetime | None]]:
    rows = (
        OutboundMessage.objects.filter(
            invitation__in=invitations, kind=OutboundMessage.Kind.REMINDER, state__in=LIVE_STATES
        )
        .values("invitation")
        .annotate(n=Count("id"), last=Max("created_at"))
    )
    return {row["invitation"]: (row["n"], row["last"]) for row in rows}


def _remind(invitation: Invitation, *, sent: int, site_url: str, now: datetime.datetime) -> bool:
    if sent >= mailing.MAX_REMINDERS or reminder_blocker(invitation):
        return False
    _, created = message_enqueue(
        key=f"reminder:{invitation.pk}:{sent + 1}",
        kind=OutboundMessage.Kind.REMINDER,
        invitation=invitation,
        site_url=site_url,
        now=now,
    )
    return created


def reminders_send_now(*, round: Round, now: datetime.datetime) -> int:
    """Remind everyone invited to the round who hasn't finished (at most three reminders a person)."""
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).select_related("client").get(pk=round.pk)
        if not locked.accepts_responses:
            raise NotAccepting()
        mail = round_mail_get(round=locked)
        invitations = list(locked.invitations.select_related("assessment", "round__client"))
        counts = _reminders_counted(invitations)
        return sum(
            _remind(i, sent=counts.get(i.pk, (0, None))[0], site_url=mail.site_url, now=now) for i in invitations
        )


def reminders_enqueue_due(*, now: datetime.datetime) -> int:
    """Queue the automatic reminders due at `now` in every open round (the worker's tick calls this)."""
    queued = 0
    mails = RoundMail.objects.filter(
        reminders_on=True, round__closed_at__isnull=True, round__client__archived_at__isnull=True
    ).select_related("round__client")
    for mail in mails:
        invitations = list(
            mail.round.invitations.filter(opted_out_at__isnull=True)
            .exclude(assessment__completed_at__isnull=False)
            .select_related("assessment", "round__client")
        )
        counts = _reminders_counted(invitations)
        for invitation in invitations:
            sent, last = counts.get(invitation.pk, (0, None))
            due, points = mailing.reminder_due(
                invited_at=invitation.created_at,
                days=mail.reminder_days,
                points_done=invitation.schedule_points_done,
                reminders_sent=sent,
                last_reminder_at=last,
                now=now,
            )
            with transaction.atomic():
                if due:
                    queued += _remind(invitation, sent=sent, site_url=mail.site_url, now=now)
                if points != invitation.schedule_points_done:
                    Invitation.objects.filter(pk=invitation.pk).update(schedule_points_done=points)
    return queued


# --- The worker -------------------------------------------------------------------


def worker_tick(*, now: datetime.datetime) -> None:
    """The worker's periodic pass: heartbeat, due reminders, messages whose task was lost."""
    WorkerHeartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"seen_at": now})
    reminders_enqueue_due(now=now)
    messages_requeue_stalled(now=now)


def worker_last_seen() -> datetime.datetime | None:
    return WorkerHeartbeat.objects.filter(name=HEARTBEAT).values_list("seen_at", flat=True).first()


def worker_is_down(*, now: datetime.datetime | None = None) -> bool:
    seen = worker_last_seen()
    now = now or timezone.now()
    return seen is None or now - seen > datetime.timedelta(seconds=settings.CX_WORKER_STALE_SECONDS)
