"""A django-health-check check for the background worker, on /healthz (settings.CX_HEALTH_CHECKS).

It fails when e-mail is waiting and the worker's periodic pass is overdue
(none for CX_WORKER_STALE_SECONDS, or none ever). With nothing waiting an
idle or absent worker costs nobody anything, so it passes: a fresh site
answers 200 before its first worker starts.
"""

import dataclasses

from django.db import DatabaseError, connection
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """No e-mail waits on a worker whose last pass is more than CX_WORKER_STALE_SECONDS old."""

    def run(self) -> None:
        # Checks run in the view's executor threads: as the library's own database check
        # does, close the connection afterwards if it was opened for this check.
        try:
            with connection.temporary_connection():
                self._run()
        except DatabaseError:
            # Not "unknown error": the database's own line says why.
            raise ServiceUnavailable("the database does not answer") from None

    def _run(self) -> None:
        from .models import OutboundMessage
        from .services import worker_is_down, worker_last_seen

        now = timezone.now()
        if not worker_is_down(now=now):
            return
        waiting = OutboundMessage.objects.filter(
            state__in=[OutboundMessage.State.QUEUED, OutboundMessage.State.SENDING]
        ).count()
        if not waiting:
            return
        seen = worker_last_seen()
        ran = "has never run" if seen is None else f"last ran {int((now - seen).total_seconds())} s ago"
        raise ServiceWarning(f"{waiting} e-mail(s) waiting; the background worker {ran}")
