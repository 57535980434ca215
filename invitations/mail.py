"""Composing and sending one queued message (run by the worker, never in a request).

Sending follows a claim / send / mark pattern:

1. claim: in a short transaction, a queued message (or one whose lease ran
   out: its worker died) becomes "sending" with a lease; anything else (sent,
   failed, cancelled, or another worker's live lease) is left alone, so a
   duplicate task sends nothing;
2. send over SMTP, outside any transaction;
3. mark it sent (or queue a retry with backoff, or mark it failed).

A worker killed before 3 leaves the message "sending"; when the lease runs
out, the next tick hands it to a new task. The Message-ID is derived from the
idempotency key, so the only duplicate possible (a kill between the server's
"250 OK" and our commit) carries the same Message-ID as the first copy.
"""

from __future__ import annotations

import datetime
import smtplib
import socket

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.views import SECONDS_PER_QUESTION
from consulting.services import consultant_display_name
from maturity import mailing
from stages.models import Question

from .models import OutboundMessage
from .services import reminder_blocker

Kind = OutboundMessage.Kind
State = OutboundMessage.State


def message_id_domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">")
    return sender.rpartition("@")[2] or "localhost"


def questionnaire_minutes() -> int:
    count = Question.objects.filter(is_active=True).count()
    return max(1, round(count * SECONDS_PER_QUESTION / 60))


def compose(message: OutboundMessage) -> EmailMultiAlternatives:
    """The e-mail for a queued message: plain text and HTML, the same words in both, no images."""
    headers = {"Message-ID": f"<{message.message_id_local}@{message_id_domain()}>"}
    if message.kind in (Kind.INVITATION, Kind.REMINDER):
        invitation = message.invitation
        round = invitation.round
        unsubscribe = message.site_url + reverse("invitations:unsubscribe", args=[invitation.token("unsubscribe")])
        mail = getattr(round, "mail", None)
        ctx = {
            "reminder": message.kind == Kind.REMINDER,
            "name": invitation.name,
            "consultant": consultant_display_name(user=round.client.owner),
            "client": round.client.name,
            "round": round.title,
            "deadline": mail.deadline if mail else None,
            "minutes": questionnaire_minutes(),
            "link": message.site_url + reverse("invitations:respond", args=[invitation.token("respond")]),
            "unsubscribe": unsubscribe,
        }
        to = invitation.email
        subject = (
            "Reminder: " if ctx["reminder"] else ""
        ) + f"{ctx['client']}: CX maturity assessment — {ctx['round']}"
        template = "invitations/email/invitation"
        # RFC 2369 and RFC 8058: mail clients offer "unsubscribe", and may do it in one click (a POST).
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    else:
        user = message.user
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        ctx = {
            "invite": message.kind == Kind.CONSULTANT_INVITE,
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "link": message.site_url
            + reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)]),
            "login": message.site_url + reverse("login"),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        to = user.email
        subject = "Your CX Maturity consultant account" if ctx["invite"] else "Reset your CX Maturity password"
        template = "invitations/email/account"
    text = render_to_string(f"{template}.txt", ctx)
    html = render_to_string(f"{template}.html", {**ctx, "subject": subject})
    email = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    email.attach_alternative(html, "text/html")
    return email


def _claim(message_id: int, now: datetime.datetime) -> OutboundMessage | None:
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("invitation__round__client__owner", "invitation__assessment", "user")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.state in (State.SENT, State.FAILED, State.CANCELLED):
            return None
        if message.state == State.SENDING and message.lease_until and message.lease_until > now:
            return None  # another worker holds it
        if message.state == State.QUEUED and message.attempts and message.next_attempt_at > now:
            return None  # an early copy of a retry's task: the retry's own task will come
        if message.kind == Kind.REMINDER and (why := reminder_blocker(message.invitation)):
            message.state, message.note = State.CANCELLED, f"Not sent: {why}."
            message.save(update_fields=["state", "note"])
            return None
        if message.kind in (Kind.PASSWORD_RESET, Kind.CONSULTANT_INVITE) and not message.user.email:
            message.state, message.note = State.CANCELLED, "Not sent: the account has no address."
            message.save(update_fields=["state", "note"])
            return None
        message.state = State.SENDING
        message.attempts += 1
        message.lease_until = now + datetime.timedelta(seconds=settings.CX_MAIL_LEASE_SECONDS)
        message.save(update_fields=["state", "attempts", "lease_until"])
        return message


def error_summary(exc: BaseException) -> str:
    """The error's kind and SMTP code, never its text: servers quote the recipient's address."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({c for c, _ in exc.recipients.values()})
        code = ",".join(str(c) for c in codes)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:200]


SEND_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


def message_send(*, message_id: int, now: datetime.datetime) -> str:
    """Send one queued message if it is still due; returns the state it ends in (for the task's result)."""
    from .tasks import send_message

    message = _claim(message_id, now)
    if message is None:
        return "skipped"
    try:
        compose(message).send(fail_silently=False)
    except SEND_ERRORS as exc:
        with transaction.atomic():
            message.last_error = error_summary(exc)
            if message.attempts >= settings.CX_MAIL_MAX_ATTEMPTS:
                message.state = State.FAILED
            else:
                message.state = State.QUEUED
                message.next_attempt_at = now + mailing.retry_delay(message.attempts)
                send_message.using(run_after=message.next_attempt_at).enqueue(message.pk)
            message.lease_until = None
            message.save(update_fields=["state", "last_error", "next_attempt_at", "lease_until"])
        return message.state
    OutboundMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=now, lease_until=None, last_error=""
    )
    return State.SENT
