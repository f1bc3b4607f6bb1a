"""A queue that a real `commonweal worker` process shares with the test, on SQLite or PostgreSQL."""

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from django.db import connection

DATABASE_BACKEND = "django_tasks_db.backend.DatabaseBackend"


@pytest.fixture
def queue_url(transactional_db, settings, tmp_path) -> Iterator[str]:
    """The test database as a URL for a worker process, with tasks queued in it from here too.

    On PostgreSQL the test database is a real one that any process reaches. On SQLite it
    lives in this process's memory, so the test works on a file copy of it for a while:
    the connection opens the copy, and goes back to the memory database afterwards.
    """
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    if connection.vendor == "postgresql":
        yield _postgres_url(connection.settings_dict)
        return
    path = tmp_path / "queue.sqlite3"
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def _postgres_url(db: dict) -> str:
    user = f"{quote(db['USER'] or '', safe='')}:{quote(db['PASSWORD'] or '', safe='')}"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(queue_url, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `commonweal worker` processes on the queue; any still running are killed after."""
    started: list[subprocess.Popen] = []

    def start(*arguments: str, **environ: str) -> subprocess.Popen:
        env = os.environ | {
            "DATABASE_URL": queue_url,
            "TASKS_BACKEND": "database",
            "COMMONWEAL_VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": "test-only",
            "LOG_LEVEL": "INFO",
            **environ,
        }
        command = [sys.executable, "-m", "commonweal", "worker", "--interval", "0.1", *arguments]
        process = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
