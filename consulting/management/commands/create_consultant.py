"""manage.py create_consultant USERNAME [--email ...] [--first-name ...] [--last-name ...] [--firm ...]

Creates a consultant account (a user in the Consultants group, with the name
and firm their team PDFs show) and asks for its password, like createsuperuser.
An existing user is made a consultant instead, their password left alone.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consulting import services


class Command(BaseCommand):
    help = "Create a consultant (or make an existing user one); asks for the password of a new account."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--firm", default="", help="Shown after the consultant's name on team PDF roadmaps.")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the new account's password from this environment variable instead of asking (scripts).",
        )

    def handle(self, *args, username, email, first_name, last_name, firm, password_from_env, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        password = self._password(username, password_from_env) if created else None
        with transaction.atomic():
            if created:
                user = User.objects.create_user(username=username, email=email, password=password)
            services.consultant_add(user=user)
            profile = services.profile_get(user=user)
            services.profile_update(
                user=user,
                first_name=first_name or user.first_name,
                last_name=last_name or user.last_name,
                firm=firm or profile.firm,
            )
        verb = "created" if created else "is now a consultant"
        self.stdout.write(self.style.SUCCESS(f"Consultant “{username}” {verb}. They sign in at /accounts/login/."))

    def _password(self, username, variable) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password, get_user_model()(username=username))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
