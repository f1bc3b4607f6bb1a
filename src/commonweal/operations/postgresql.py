"""PostgreSQL: pg_dump of one snapshot, and pg_restore into the configured database.

Credentials go to the tools through the environment (PGPASSWORD and friends), never on
the command line, where other users of the machine could read them.
"""

import glob
import os
import shutil
import subprocess  # fixed commands only  # nosec B404
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

from commonweal.operations import state
from commonweal.operations.errors import OperationFailed

MEMBER = "database.pgdump"
LOCK_TIMEOUT = "60s"
# Connection OPTIONS that libpq also reads from the environment.
OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
}


def _tool(name: str) -> str:
    """The client program on PATH, or the newest under Debian's /usr/lib/postgresql."""
    if found := shutil.which(name):
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise OperationFailed(f"{name} was not found: install the PostgreSQL client programs.")


def _environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in OPTION_VARIABLES.items():
        if option in settings.get("OPTIONS", {}):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def _run(command: list[str], *, connection: BaseDatabaseWrapper, options: str = "") -> None:
    env = _environment(connection)
    if options:
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {options}".strip()
    done = subprocess.run(  # noqa: S603 (a fixed program; no shell, no secrets in arguments)  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise OperationFailed(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def dump(*, connection: BaseDatabaseWrapper, into: Path) -> tuple[Path, dict, dict]:
    """pg_dump --format=custom of one snapshot, with row counts and migrations from it."""
    copy = into / MEMBER
    wrapper = type(connection)({**connection.settings_dict}, alias=f"{connection.alias}_backup")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = state.row_counts(connection=wrapper)
        migrations = state.applied_migrations(connection=wrapper)
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={copy}",
            ],
            connection=connection,
        )
    finally:
        wrapper.close()
    return copy, counts, migrations


def check_can_restore(*, connection: BaseDatabaseWrapper) -> None:
    _tool("pg_restore")


def check_copy(*, connection: BaseDatabaseWrapper, copy: Path, row_counts: dict) -> None:
    """Refuse a dump pg_restore cannot read, before anything is replaced.

    (Its rows are counted after the restore; pg_restore cannot count them before.)
    """
    _run([_tool("pg_restore"), "--list", str(copy)], connection=connection)


def restore(*, connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Replace the dumped objects in one transaction: all of it is restored, or none.

    A session holding a lock on a table makes the restore fail after LOCK_TIMEOUT rather
    than wait for ever.
    """
    connection.close()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(copy),
        ],
        connection=connection,
        options=f"-c lock_timeout={LOCK_TIMEOUT}",
    )
