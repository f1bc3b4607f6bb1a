"""`commonweal demo`: prepare the embedded database with reference and demo data, then serve."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.demo.content import MissingReferenceData, create_demo


class Command(BaseCommand):
    help = (
        "Migrate, load the reference data, create the demo organisations and people, "
        "and serve on http://127.0.0.1:8000 (safe to run again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="stop after preparing the database"
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give every demo person a new password and print it",
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve")

    def handle(self, *args, no_serve: bool, reset_passwords: bool, addrport: str, **options):
        started = time.monotonic()
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=0, stdout=self.stdout)
        try:
            result = create_demo(reset_passwords=reset_passwords)
        except MissingReferenceData as problem:
            raise CommandError(str(problem)) from None
        call_command("collectstatic", interactive=False, verbosity=0)
        self._report(result)
        self.stdout.write(f"Ready in {time.monotonic() - started:.1f} s.")
        if not no_serve:
            self.stdout.write(f"Serving on http://{addrport}/ — press Ctrl+C to stop.")
            call_command("runserver", addrport, use_reloader=False, skip_checks=True)

    def _report(self, result) -> None:
        names = ", ".join(org.name for org in result.organisations)
        self.stdout.write(f"Demo organisations: {names}.")
        if result.assets_made:
            self.stdout.write(f"The commons: {result.assets_made} demo assets published.")
        if result.contracts_made:
            self.stdout.write(f"Demo contracts recorded: {result.contracts_made}.")
        if result.created_people:
            self.stdout.write(
                self.style.WARNING(
                    "Demo sign-ins (shown once — keep them; "
                    "`commonweal demo --reset-passwords` makes new ones):"
                )
            )
            for email, password in result.created_people.items():
                self.stdout.write(f"  {email:45} {password}")
        if result.existing_people:
            self.stdout.write(
                f"{len(result.existing_people)} demo people already exist; their passwords were "
                "shown when they were made (`commonweal demo --reset-passwords` for new ones)."
            )
