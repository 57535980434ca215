"""A django-health-check check for the background worker: warns when its periodic pass is overdue."""

import dataclasses

from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceWarning


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """The worker's last pass is at most CX_WORKER_STALE_SECONDS old (e-mail waits while it is not)."""

    def run(self) -> None:
        from .services import worker_is_down, worker_last_seen

        now = timezone.now()
        seen = worker_last_seen()
        if seen is None:
            raise ServiceWarning("the background worker has never run")
        if worker_is_down(now=now):
            raise ServiceWarning(f"the background worker last ran {int((now - seen).total_seconds())} s ago")
