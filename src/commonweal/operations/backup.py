"""Make a backup: the database, the media files and a manifest, in one archive."""

import importlib.metadata
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.db import connections

from commonweal.operations import archive, postgresql, sqlite
from commonweal.operations.errors import OperationFailed
from commonweal.operations.media import media_files

VENDORS = {"sqlite": sqlite, "postgresql": postgresql}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def vendor_module(vendor: str) -> ModuleType:
    if vendor not in VENDORS:
        raise OperationFailed(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return VENDORS[vendor]


def commonweal_version() -> str:
    try:
        return importlib.metadata.version("commonweal")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def default_output(*, now: datetime) -> Path:
    return Path.cwd() / f"commonweal-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(*, output: Path, using: str = "default") -> dict:
    """Write the archive to `output` and return its manifest."""
    connection = connections[using]
    module = vendor_module(connection.vendor)
    created_at = datetime.now(tz=UTC)
    with tempfile.TemporaryDirectory(prefix="commonweal-backup-") as work:
        copy, counts, migrations = module.dump(connection=connection, into=Path(work))
        files = media_files(media_root=Path(settings.MEDIA_ROOT))
        manifest = {
            "created_at": created_at.isoformat(timespec="seconds"),
            "commonweal_version": commonweal_version(),
            "database": {"vendor": connection.vendor, "member": module.MEMBER},
            "migrations": migrations,
            "row_counts": counts,
            "media_files": len(files),
        }
        return archive.write_archive(
            output=output, members=[(module.MEMBER, copy), *files], manifest=manifest
        )
