"""`commonweal backup`: the database, the media files and a manifest, in one tar.gz."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.operations.backup import create_backup, default_output
from commonweal.operations.errors import OperationFailed


class Command(BaseCommand):
    help = "Back up the database and the media files (safe while Commonweal runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (default: commonweal-backup-<time>.tar.gz here)",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        output = output or default_output(now=datetime.now(tz=UTC))
        try:
            manifest = create_backup(output=output.resolve())
        except OperationFailed as problem:
            raise CommandError(str(problem)) from None
        counts = manifest["row_counts"]
        self.stdout.write(
            f"Backed up {len(counts)} tables ({sum(counts.values())} rows) and "
            f"{manifest['media_files']} media files to {output}."
        )
