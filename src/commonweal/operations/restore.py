"""Restore a backup: check it, refuse what would do harm, replace, then verify."""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from commonweal.operations import archive, state
from commonweal.operations.backup import VENDOR_NAMES, vendor_module
from commonweal.operations.errors import OperationFailed
from commonweal.operations.media import replace_media


@dataclass(frozen=True)
class Restored:
    created_at: str
    commonweal_version: str
    vendor: str
    tables: int
    rows: int
    media_files: int
    pending_migrations: list[str]


def _check(*, manifest: dict, connection: BaseDatabaseWrapper, confirmed: bool) -> None:
    made_on = manifest.get("database", {}).get("vendor")
    if made_on != connection.vendor:
        raise OperationFailed(
            f"This backup holds a {VENDOR_NAMES.get(made_on, made_on)} database and this site "
            f"runs on {VENDOR_NAMES.get(connection.vendor, connection.vendor)}: restore it into "
            "a site on the same database (nothing was changed)."
        )
    if unknown := state.unknown_migrations(migrations=manifest.get("migrations", {})):
        raise OperationFailed(
            f"This backup was made by a newer Commonweal "
            f"({manifest.get('commonweal_version', 'unknown version')}): this code does not know "
            f"the migrations {', '.join(unknown)}. Upgrade Commonweal first (nothing was changed)."
        )
    vendor_module(connection.vendor).check_can_restore(connection=connection)
    if not confirmed and state.holds_data(connection=connection):
        raise OperationFailed(
            "The database already holds data. Restoring replaces all of it and the media "
            "files: run again with --yes to go ahead (nothing was changed)."
        )


def restore_backup(*, archive_path: Path, confirmed: bool, using: str = "default") -> Restored:
    """Restore the archive into the configured database and MEDIA_ROOT."""
    connection = connections[using]
    module = vendor_module(connection.vendor)
    with tempfile.TemporaryDirectory(prefix="commonweal-restore-") as work:
        unpacked = Path(work)
        manifest = archive.read_archive(archive=archive_path, into=unpacked)
        _check(manifest=manifest, connection=connection, confirmed=confirmed)
        copy = unpacked / manifest["database"]["member"]
        module.check_copy(connection=connection, copy=copy, row_counts=manifest["row_counts"])
        module.restore(connection=connection, copy=copy)
        media = replace_media(unpacked=unpacked, media_root=Path(settings.MEDIA_ROOT))
    expected = manifest["row_counts"]
    found = state.row_counts(connection=connection)
    differences = [
        f"{table}: {expected[table]} in the backup, {found.get(table, 'no table')} now"
        for table in sorted(expected)
        if found.get(table) != expected[table]
    ]
    if differences:
        raise OperationFailed(
            "The backup was restored but its row counts do not match: " + "; ".join(differences)
        )
    return Restored(
        created_at=manifest["created_at"],
        commonweal_version=manifest["commonweal_version"],
        vendor=connection.vendor,
        tables=len(expected),
        rows=sum(expected.values()),
        media_files=media,
        pending_migrations=state.pending_migrations(migrations=manifest["migrations"]),
    )
