"""The worker's heartbeat: recorded by each pass, judged stale after CX_WORKER_STALE_SECONDS."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from health_check.exceptions import ServiceWarning

from invitations import services
from invitations.health import WorkerHeartbeat
from invitations.tasks import tick, tick_schedule


def test_worker_counts_as_down_until_its_first_pass_and_after_a_stale_one(db, settings):
    settings.CX_WORKER_STALE_SECONDS = 300
    now = timezone.now()
    assert services.worker_is_down(now=now) is True
    services.worker_tick(now=now)
    assert (services.worker_is_down(now=now + datetime.timedelta(seconds=300)), services.worker_last_seen()) == (
        False,
        now,
    )
    assert services.worker_is_down(now=now + datetime.timedelta(seconds=301)) is True


def queue_one_message(acme_round, *, now):
    """An invitation e-mail waiting for the worker (queued, as a request leaves it)."""
    services.invitations_create(
        round=acme_round, people=[("Ann Archer", "ann@client.example")], site_url="http://testserver", now=now
    )


def test_health_check_passes_while_nothing_waits_even_without_a_worker(db):
    WorkerHeartbeat().run()  # no exception: never run, but no e-mail is waiting


def test_health_check_warns_when_mail_waits_and_the_worker_is_overdue(acme_round, settings):
    now = timezone.now()
    queue_one_message(acme_round, now=now)
    with pytest.raises(ServiceWarning, match=r"1 e-mail\(s\) waiting; the background worker has never run"):
        WorkerHeartbeat().run()
    services.worker_tick(now=now)
    WorkerHeartbeat().run()  # no exception: fresh
    services.worker_tick(now=now - datetime.timedelta(seconds=settings.CX_WORKER_STALE_SECONDS + 60))
    with pytest.raises(ServiceWarning, match=r"1 e-mail\(s\) waiting; the background worker last ran 3\d\d s ago"):
        WorkerHeartbeat().run()


# The view runs each check in a thread of its own, with its own database connection: what
# the test writes must be committed for the check to see it.
@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_naming_the_worker_while_mail_waits_for_it(client, acme_round):
    now = timezone.now()
    fresh = client.get(reverse("healthz"))
    queue_one_message(acme_round, now=now)
    waiting = client.get(reverse("healthz"))
    services.worker_tick(now=now)
    worker_back = client.get(reverse("healthz"))

    assert (fresh.status_code, waiting.status_code, worker_back.status_code) == (200, 503, 200)
    assert fresh.content.decode().splitlines()[-1] == "WorkerHeartbeat(): OK"
    assert waiting.content.decode().splitlines() == [
        "Database(alias='default'): OK",
        "Cache(alias='default'): OK",
        "WorkerHeartbeat(): Warning: 1 e-mail(s) waiting; the background worker has never run",
    ]
    assert "ann@" not in waiting.content.decode()


@pytest.mark.django_db(transaction=True)
def test_healthz_counts_only_mail_that_still_waits(client, acme_round):
    from invitations.models import OutboundMessage

    queue_one_message(acme_round, now=timezone.now())
    assert client.get(reverse("healthz")).status_code == 503
    OutboundMessage.objects.update(state=OutboundMessage.State.SENT)
    assert client.get(reverse("healthz")).status_code == 200


def test_tick_keeps_exactly_one_successor_waiting(db):
    from django_tasks_db.models import DBTaskResult

    assert (tick_schedule(), tick_schedule()) == (True, False)
    tick.call()  # a pass: it finds its successor already waiting and adds none
    assert DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").count() == 1


def test_invitation_page_warns_while_the_worker_is_down(alice, acme_round):
    url = reverse("invitations:round_invitations", args=[acme_round.pk])
    assert "E-mail is waiting: the background worker has not run yet." in alice.get(url).content.decode()
    services.worker_tick(now=timezone.now())
    assert "E-mail is waiting" not in alice.get(url).content.decode()
