from django.apps import AppConfig


class ConsultingConfig(AppConfig):
    name = "consulting"

    def ready(self):
        from assessments.signals import assessment_completed

        from .tasks import on_assessment_completed

        assessment_completed.connect(on_assessment_completed, dispatch_uid="consulting-refresh-team-figures")
