"""`commonweal restore FILE`: check a backup, then replace the database and media with it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.operations.errors import OperationFailed
from commonweal.operations.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `commonweal backup`. Stop the web and task workers first; "
        "a database that holds data is replaced only with --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the backup archive (.tar.gz)")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args, archive: Path, yes: bool, **options) -> None:
        try:
            restored = restore_backup(archive_path=archive, confirmed=yes)
        except OperationFailed as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Restored the backup made {restored.created_at} by Commonweal "
            f"{restored.commonweal_version}: {restored.tables} tables, {restored.rows} rows "
            f"and {restored.media_files} media files. Row counts match the manifest."
        )
        if restored.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "This code has newer migrations than the backup: run `commonweal migrate`."
                )
            )
