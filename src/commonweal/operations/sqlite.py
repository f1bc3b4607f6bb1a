"""SQLite: an online copy through SQLite's backup API, and an atomic replacement of the file."""

import os
import shutil
import sqlite3
from pathlib import Path

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

from commonweal.operations import state
from commonweal.operations.errors import OperationFailed

MEMBER = "database.sqlite3"


def _path(connection: BaseDatabaseWrapper) -> Path:
    if connection.is_in_memory_db():
        raise OperationFailed("The database is in memory: there is no file to back up or restore.")
    return Path(connection.settings_dict["NAME"])


def _copy_wrapper(connection: BaseDatabaseWrapper, path: Path) -> BaseDatabaseWrapper:
    settings = {**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}
    return type(connection)(settings, alias=f"{connection.alias}_backup_copy")


def _read_copy(connection: BaseDatabaseWrapper, copy: Path) -> tuple[dict, dict]:
    wrapper = _copy_wrapper(connection, copy)
    try:
        return state.row_counts(connection=wrapper), state.applied_migrations(connection=wrapper)
    finally:
        wrapper.close()


def dump(*, connection: BaseDatabaseWrapper, into: Path) -> tuple[Path, dict, dict]:
    """Copy the live database page by page (consistent, WAL included, while the site runs).

    Returns the copy and, read from the copy itself, its row counts and migrations.
    """
    source_path = _path(connection)
    if not source_path.exists():
        raise OperationFailed(f"There is no database at {source_path}.")
    copy = into / MEMBER
    source = sqlite3.connect(source_path, timeout=20)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    counts, migrations = _read_copy(connection, copy)
    return copy, counts, migrations


def check_copy(*, connection: BaseDatabaseWrapper, copy: Path, row_counts: dict) -> None:
    """Refuse a copy whose rows do not match the manifest, before anything is replaced."""
    try:
        found, _ = _read_copy(connection, copy)
    except DatabaseError as problem:
        raise OperationFailed(f"The database in the backup cannot be read: {problem}.") from None
    if found != row_counts:
        raise OperationFailed(
            "The database in the backup does not hold the rows its manifest lists "
            "(nothing was changed)."
        )


def check_can_restore(*, connection: BaseDatabaseWrapper) -> None:
    """Refuse while another process has the database open: its WAL file stays behind."""
    path = _path(connection)
    connection.close()
    if not path.exists():
        return
    probe = sqlite3.connect(path, timeout=20)
    try:
        probe.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        probe.close()
    if Path(f"{path}-wal").exists():
        raise OperationFailed(
            f"Another process has {path} open (its -wal file is still there). Stop "
            "Commonweal's web and task workers, then restore."
        )


def restore(*, connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Put the copy in place of the database file in one rename, connections closed."""
    path = _path(connection)
    check_can_restore(connection=connection)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.restoring")
    shutil.copyfile(copy, staged)
    with staged.open("rb") as stream:
        os.fsync(stream.fileno())
    os.replace(staged, path)
    Path(f"{path}-shm").unlink(missing_ok=True)
