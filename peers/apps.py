from django.apps import AppConfig


class PeersConfig(AppConfig):
    name = "peers"
    verbose_name = "Peer comparison"

    def ready(self):
        from . import signals  # noqa: F401  (a deleted result leaves the aggregates)
