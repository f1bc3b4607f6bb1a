"""`commonweal import-contracts FILE --organisation SLUG [--check]`.

Reads a contracts register (CSV, UTF-8; see `commissioning.imports` for the headings) and
records every contract for the organisation — or, when any row is wrong, lists each
problem with its row and records nothing. `--check` only checks. Exit code 0, or 1 when
nothing was imported because of a problem.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.commissioning import imports
from commonweal.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import an organisation's contracts register from a CSV file (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the CSV file")
        parser.add_argument("--organisation", required=True, metavar="SLUG")
        parser.add_argument("--check", action="store_true", help="check only; write nothing")

    def handle(self, *args, file: str, organisation: str, check: bool, **options) -> None:
        holder = Organisation.objects.filter(slug=organisation).first()
        if holder is None:
            raise CommandError(f"There is no organisation “{organisation}”.", returncode=1)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {path}: {problem.strerror}.", returncode=1) from None
        if check:
            result = imports.check_register(organisation=holder, data=data)
            if not result.ok:
                self._refuse(path, result.errors)
            self.stdout.write(f"{path}: {len(result.rows)} contracts, no problems found.")
            return
        try:
            made = imports.import_register(actor=None, organisation=holder, data=data)
        except imports.ImportRefused as refused:
            self._refuse(path, refused.errors)
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(made)} contracts for {holder.name} from {path}.")
        )

    def _refuse(self, path: Path, errors: list) -> None:
        for error in errors:
            self.stderr.write(f"{path}: {error}")
        raise CommandError(
            f"Nothing was imported: {len(errors)} problem{'s' * (len(errors) != 1)}.",
            returncode=1,
        )
