from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "invitations"
    verbose_name = "Invitations and e-mail"

    def ready(self):
        from assessments.signals import assessment_completed

        from .prerender import on_assessment_completed

        assessment_completed.connect(on_assessment_completed, dispatch_uid="invitations-prerender-pdf")
