"""`commonweal load-reference`: load or refresh the UK reference data shipped in data/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from commonweal.organisations.reference import ReferenceDataError, load_reference
from commonweal.services import engine
from commonweal.services.definitions import load_standard_definitions
from commonweal.services.reference import load_local_services


class Command(BaseCommand):
    help = (
        "Load the UK reference data: local authorities, NHS trusts, police forces, their "
        "boundaries and areas, and the Local Government Service List. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="The reference data folder (default: the DATA_DIR setting).",
        )

    def handle(self, *args: object, data_dir: Path | None = None, **options: object) -> None:
        folder = (data_dir or settings.DATA_DIR).resolve()
        try:
            with transaction.atomic():
                report = load_reference(data_dir=folder, stdout=self.stdout)
                services = load_local_services(data_dir=folder)
                standard = load_standard_definitions(data_dir=folder)
        except (ReferenceDataError, engine.DefinitionInvalid) as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] >= 1:
            for line in report.summary():
                self.stdout.write(line)
            self.stdout.write(f"Local services (LGSL): {services.total} ({services}).")
            self.stdout.write(
                f"Standard service definitions: {standard['published']} published, "
                f"{standard['unchanged']} unchanged."
            )
        if not (report.changed or services.created or services.updated or standard["published"]):
            self.stdout.write(self.style.SUCCESS("Everything was already up to date."))
        else:
            self.stdout.write(self.style.SUCCESS("Reference data loaded."))
