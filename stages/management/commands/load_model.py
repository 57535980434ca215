"""Load the CX maturity model into an empty database, or bring an existing one up to date.

`make run` and `make serve` call this on every start. Loading the fixture
blindly would overwrite what admins edited since, so it only loads when no
stage exists yet (or with --force, for a deliberate reset). After an upgrade,
`--update` brings in the new release's content while keeping every admin edit
(see stages/model_update.py).
"""

from django.core.management import BaseCommand, CommandError, call_command

from stages.model_update import model_update
from stages.models import Stage


class Command(BaseCommand):
    help = "Load fixtures/cx_model.json if the database holds no maturity model yet (--update: merge a new release)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--force", action="store_true", help="Load even if a model exists (overwrites edits).")
        mode.add_argument(
            "--update",
            action="store_true",
            help="Bring an existing model up to this release; text an admin edited is kept.",
        )

    def handle(self, *args, force=False, update=False, **options):
        if update and Stage.objects.exists():
            self.update()
            return
        if Stage.objects.exists() and not force:
            self.stdout.write(
                "Maturity model already present; leaving it as edited (--update brings in a new release)."
            )
            return
        call_command("loaddata", "cx_model", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the maturity model ({Stage.objects.count()} stages)."))

    def update(self):
        try:
            report = model_update()
        except Exception as error:  # a broken fixture or a deleted dimension: say what, change nothing
            raise CommandError(f"Model not updated, nothing changed: {error}") from error
        for heading, lines in [
            ("Created", report.created),
            ("Updated", report.updated),
            ("Retired", report.retired),
            ("Kept as an admin edited it", report.kept),
        ]:
            if lines:
                self.stdout.write(f"{heading} ({len(lines)}):")
                for line in lines:
                    self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Maturity model up to date." if report.changed else "Nothing to update."))
