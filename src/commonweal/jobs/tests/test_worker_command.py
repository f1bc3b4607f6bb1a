"""`commonweal worker` refuses to start when tasks run in-process; a bad TASKS_BACKEND is named."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command


def test_the_worker_has_nothing_to_do_with_the_embedded_in_process_backend():
    with pytest.raises(CommandError, match="TASKS_BACKEND is 'immediate'"):
        call_command("worker")


def test_an_unknown_queue_is_refused(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    with pytest.raises(CommandError, match="No such queue in TASKS: urgent"):
        call_command("worker", "--queue", "urgent")


def test_an_unknown_tasks_backend_stops_start_up_with_the_choices(tmp_path):
    env = os.environ | {
        "TASKS_BACKEND": "redis",
        "COMMONWEAL_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "test-only",
    }
    command = [sys.executable, "-m", "commonweal", "check"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)  # noqa: S603
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of immediate, database, not 'redis'" in result.stderr


def test_a_worker_waits_for_an_unreachable_database_and_still_stops_when_asked(tmp_path):
    env = os.environ | {
        "TASKS_BACKEND": "database",
        "COMMONWEAL_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "test-only",
        "LOG_FORMAT": "text",
        # A server that is not there.
        "DATABASE_URL": "postgres://nobody:none@127.0.0.1:9/none",
    }
    log_path = tmp_path / "worker.log"
    command = [sys.executable, "-m", "commonweal", "worker", "--interval", "0.1"]
    with log_path.open("w") as log:
        worker = subprocess.Popen(command, env=env, stderr=log, stdout=log)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while "Database unavailable" not in log_path.read_text():
                assert worker.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    assert "SIGTERM: worker" in log_path.read_text()
