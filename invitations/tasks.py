"""Background tasks (django-tasks; `manage.py run_worker` runs them). Each reads the clock once and hands it on."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def send_message(message_id: int) -> str:
    from .mail import message_send

    return message_send(message_id=message_id, now=timezone.now())


@task()
def tick() -> None:
    """The periodic pass. It queues its successor first, so a pass that dies does not end the chain."""
    from . import services

    now = timezone.now()
    tick_schedule(after=now + datetime.timedelta(seconds=settings.CX_WORKER_TICK_SECONDS))
    services.worker_tick(now=now)


def tick_schedule(*, after: datetime.datetime | None = None) -> bool:
    """Queue the next pass unless one is already waiting; True if this call queued it."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY", task_path=tick.module_path)
    if waiting.exists():
        return False
    (tick.using(run_after=after) if after else tick).enqueue()
    return True


@task()
def render_roadmap_pdf(assessment_id: int, site_url: str) -> bool:
    """Render a completed assessment's PDF into the cache, so its first download is a cached one."""
    from .prerender import assessment_pdf_warm

    return assessment_pdf_warm(assessment_id=assessment_id, site_url=site_url)
