from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
