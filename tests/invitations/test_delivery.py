"""Delivery: failures retry with growing waits and end "failed" where the consultant sees it; duplicates send once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from invitations import mail, services
from invitations.models import Invitation, OutboundMessage

from .conftest import free_port, run_worker


@pytest.fixture
def queued(acme_round, cx_model):
    now = timezone.now()
    services.invitations_create(
        round=acme_round, people=[("Fay", "fay@client.example")], site_url="http://testserver", now=now
    )
    return OutboundMessage.objects.get()


def test_unreachable_server_retries_with_backoff_then_fails_visibly(queued, settings, alice, acme_round):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    now = queued.next_attempt_at
    waits = []
    for _ in range(settings.CX_MAIL_MAX_ATTEMPTS):
        assert mail.message_send(message_id=queued.pk, now=now) in ("queued", "failed")
        queued.refresh_from_db()
        if queued.state == "queued":
            waits.append(queued.next_attempt_at - now)
            # Not before its time: an early task for it sends nothing.
            assert mail.message_send(message_id=queued.pk, now=now) == "skipped"
            now = queued.next_attempt_at
    assert waits == [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120)]
    assert (queued.state, queued.attempts, queued.last_error) == ("failed", 5, "ConnectionRefusedError")
    page = alice.get(reverse("invitations:round_invitations", args=[acme_round.pk])).content.decode()
    assert "Failed after 5 attempts (ConnectionRefusedError)" in page


def test_a_message_is_sent_once_however_many_tasks_ask(queued, smtp):
    from invitations.tasks import send_message

    send_message.enqueue(queued.pk)
    send_message.enqueue(queued.pk)
    run_worker()
    assert len(smtp.messages) == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == ("sent", 1)


def test_sending_message_with_a_live_lease_is_left_to_its_worker(queued, smtp):
    now = timezone.now()
    OutboundMessage.objects.filter(pk=queued.pk).update(
        state="sending", lease_until=now + datetime.timedelta(minutes=1)
    )
    assert mail.message_send(message_id=queued.pk, now=now) == "skipped"
    assert services.messages_requeue_stalled(now=now) == 0
    # Once the lease has run out the worker is presumed dead: the message goes to a new task, and out.
    later = now + datetime.timedelta(minutes=2)
    assert services.messages_requeue_stalled(now=later) == 1
    assert mail.message_send(message_id=queued.pk, now=later) == "sent"
    assert len(smtp.messages) == 1


def test_error_summary_never_quotes_the_server_reply():
    import smtplib

    refused = smtplib.SMTPRecipientsRefused({"fay@client.example": (550, b"5.1.1 <fay@client.example> unknown")})
    assert mail.error_summary(refused) == "SMTPRecipientsRefused 550"


def test_deleting_the_round_deletes_invitees_and_their_messages(queued, acme_round):
    acme_round.delete()
    assert (Invitation.objects.count(), OutboundMessage.objects.count()) == (0, 0)


def test_purge_deletes_addresses_of_rounds_closed_long_ago(queued, acme_round, settings):
    from django.core.management import call_command

    from consulting.models import Round

    Round.objects.filter(pk=acme_round.pk).update(closed_at=timezone.now() - datetime.timedelta(days=91))
    call_command("purge_unfinished", verbosity=0)
    assert (Invitation.objects.count(), OutboundMessage.objects.count()) == (0, 0)


def test_purge_keeps_addresses_of_open_rounds(queued):
    from django.core.management import call_command

    call_command("purge_unfinished", verbosity=0)
    assert Invitation.objects.count() == 1


def test_export_never_contains_addresses(queued, acme_round, alice, respond):
    invitation = Invitation.objects.get()
    invitation.assessment = respond(acme_round, 3)
    invitation.save()
    body = alice.get(reverse("consulting:round_export", args=[acme_round.pk])).content.decode()
    assert "fay@client.example" not in body and "Fay" not in body
