"""The background worker: `manage.py run_worker` (make worker; make run starts one beside the server).

It is django-tasks-db's `db_worker` over every queue, after making sure the
periodic pass (heartbeat, due reminders, stalled messages) is scheduled.
Stop it with SIGTERM or Ctrl+C: it finishes the task in hand first.
"""

from django.core.management import BaseCommand, call_command

from invitations.tasks import tick_schedule


class Command(BaseCommand):
    help = "Run the background worker: send e-mail, reminders, PDF pre-renders."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1, help="Seconds between polls when idle (default 1).")
        parser.add_argument("--batch", action="store_true", help="Run what is due now, then exit.")

    def handle(self, *args, interval=1, batch=False, verbosity=1, **options):
        tick_schedule()
        call_command(
            "db_worker",
            queue_name="*",
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=False,
            verbosity=verbosity,
        )
