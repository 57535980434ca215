"""Load the CX maturity model into an empty database.

`make run` and `make serve` call this on every start. Loading the fixture
blindly would overwrite what admins edited since, so it only loads when no
stage exists yet (or with --force, for a deliberate reset).
"""

from django.core.management import BaseCommand, call_command

from stages.models import Stage


class Command(BaseCommand):
    help = "Load fixtures/cx_model.json if the database holds no maturity model yet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if a model exists (overwrites edits).")

    def handle(self, *args, force=False, **options):
        if Stage.objects.exists() and not force:
            self.stdout.write("Maturity model already present; leaving it as edited.")
            return
        call_command("loaddata", "cx_model", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the maturity model ({Stage.objects.count()} stages)."))
