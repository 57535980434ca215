"""/healthz: django-health-check's checks, answered in plain text, 503 when one fails, GET and HEAD only.

The checks are settings.CX_HEALTH_CHECKS: the database, the cache, and the
background worker (invitations/health.py: failed while e-mail waits on a
worker that has not made its periodic pass for CX_WORKER_STALE_SECONDS).
"""

import asyncio

from django.conf import settings
from health_check.views import HealthCheckView


class HealthView(HealthCheckView):
    http_method_names = ["get", "head"]  # HEAD is answered as GET, without the body

    def get_checks(self):
        self.checks = settings.CX_HEALTH_CHECKS
        return super().get_checks()

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        # 503, not the library's 500: the site is up, a service behind it is not (a proxy or
        # orchestrator reads 503 as "take out of rotation", 500 as "this app is broken").
        return self.render_to_response_text(503 if any(result.error for result in self.results) else 200)


healthz = HealthView.as_view()
