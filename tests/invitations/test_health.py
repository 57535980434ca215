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


def test_health_check_warns_when_the_worker_is_overdue(db, settings):
    with pytest.raises(ServiceWarning, match="never run"):
        WorkerHeartbeat().run()
    services.worker_tick(now=timezone.now())
    WorkerHeartbeat().run()  # no exception: fresh
    services.worker_tick(now=timezone.now() - datetime.timedelta(seconds=settings.CX_WORKER_STALE_SECONDS + 60))
    with pytest.raises(ServiceWarning, match="last ran"):
        WorkerHeartbeat().run()


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
