"""`commonweal export-personal-data`: everything held about one person, as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.cases import subject_access


class Command(BaseCommand):
    help = (
        "Gather what Commonweal holds about a person (their account, and each request they "
        "made with its answers, photos and public timeline) to answer a subject access request."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default="", help="Their e-mail address.")
        parser.add_argument("--phone", default="", help="Their phone number.")
        parser.add_argument("--output", help="Write the JSON to this file (else to the screen).")

    def handle(self, *args: object, **options) -> None:
        email, phone = options["email"].strip(), options["phone"].strip()
        if not (email or phone):
            raise CommandError("Give the person's e-mail address (--email) or phone (--phone).")
        found = subject_access.personal_data(email=email, phone=phone)
        text = json.dumps(found, indent=2, ensure_ascii=False) + "\n"
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        Path(options["output"]).write_text(text, encoding="utf-8")
        account = "an account" if found["account"] else "no account"
        requests = len(found["requests"])
        self.stdout.write(
            f"Wrote {account} and {requests} request{'' if requests == 1 else 's'} "
            f"to {options['output']}."
        )
