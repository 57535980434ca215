"""Delete login records (django-axes) older than CX_LOGIN_RECORD_DAYS, 30 by default.

django-axes keeps a row per login attempt and per login with the username,
the address and the browser of whoever tried: personal data about
consultants and anyone who tried their accounts, useful only while a lock-out
can still apply (an hour) and for looking into an incident soon after. Run it
daily, beside purge_unfinished:

    python manage.py purge_login_records            # older than CX_LOGIN_RECORD_DAYS
    python manage.py purge_login_records --days 7
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

MAX_DAYS = 36500  # a century: anything longer is a typo, and would overflow the date arithmetic


class Command(BaseCommand):
    help = "Delete django-axes login records older than N days (default: settings.CX_LOGIN_RECORD_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Age in days (default: CX_LOGIN_RECORD_DAYS).")

    def handle(self, *args, days=None, **options):
        days = settings.CX_LOGIN_RECORD_DAYS if days is None else days
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS} (got {days}).")
        cutoff = timezone.now() - timedelta(days=days)
        deleted = sum(
            model.objects.filter(attempt_time__lt=cutoff).delete()[0]
            for model in (AccessAttempt, AccessLog, AccessFailureLog)
        )
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} login record(s) older than {days} days."))
