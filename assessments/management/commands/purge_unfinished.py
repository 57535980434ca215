"""Delete anonymous assessments that were started but not finished for a long time.

Run it daily (cron, a systemd timer or the platform's scheduler):

    python manage.py purge_unfinished            # older than CX_PURGE_UNFINISHED_DAYS
    python manage.py purge_unfinished --days 30 --dry-run

An assessment nobody has touched for that long is almost certainly abandoned,
and keeping answers about someone's organisation without a purpose is what
the privacy promise rules out. "Touched" is updated_at, which every saved
step moves forward, so a respondent still working is never purged. Finished
assessments are kept (their owner deletes them from the results page), and
so are those in a consultant's round unless --include-rounds is given: those
belong to the consultant's engagement, which has its own retention.

The names and e-mail addresses of people invited to a round (invitations
app) are kept only while they can be of use: those of rounds closed for the
same number of days are deleted too (with --include-rounds or not), with the
log of messages sent to them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, Assessment
from invitations.models import Invitation

MAX_DAYS = 36500  # a century: anything longer is a typo, and would overflow the date arithmetic


class Command(BaseCommand):
    help = "Delete unfinished assessments not updated for N days (default: settings.CX_PURGE_UNFINISHED_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days of the last update (default: CX_PURGE_UNFINISHED_DAYS, now {settings.CX_PURGE_UNFINISHED_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")
        parser.add_argument(
            "--include-rounds",
            action="store_true",
            help="Also purge unfinished responses to consultants' rounds (default: anonymous assessments only).",
        )

    def handle(self, *args, days=None, dry_run=False, include_rounds=False, **options):
        if days is None:
            days = settings.CX_PURGE_UNFINISHED_DAYS
        if days < 1:
            raise CommandError(
                f"--days must be at least 1 (got {days}); 0 would delete assessments people are filling in now."
            )
        if days > MAX_DAYS:
            raise CommandError(f"--days must be at most {MAX_DAYS} (got {days}): nothing is that old.")
        cutoff = timezone.now() - timedelta(days=days)
        stale = Assessment.objects.unfinished().filter(updated_at__lt=cutoff)
        if not include_rounds:
            stale = stale.filter(round__isnull=True)
        scope = "unfinished" if include_rounds else "unfinished anonymous"
        invitees = Invitation.objects.filter(round__closed_at__lt=cutoff)
        if dry_run:
            count = stale.count()
            answers = Answer.objects.filter(assessment__in=stale).count()
            self.stdout.write(
                f"Dry run: would delete {count} {scope} assessment(s) ({answers} answer(s)) "
                f"not updated since {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)."
            )
            self.stdout.write(f"Dry run: would delete {invitees.count()} invitee address(es) of rounds closed since.")
            return
        # Counted from what was actually deleted, not from an earlier count.
        with transaction.atomic():
            _, per_model = stale.delete()
            _, per_invitee = invitees.delete()
        count = per_model.get(Assessment._meta.label, 0)
        answers = per_model.get(Answer._meta.label, 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {count} {scope} assessment(s) ({answers} answer(s)) "
                f"not updated since {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)."
            )
        )
        self.stdout.write(
            f"Deleted {per_invitee.get(Invitation._meta.label, 0)} invitee address(es) of rounds closed "
            f"before {cutoff:%Y-%m-%d %H:%M} UTC."
        )
