"""`commonweal serve`: gunicorn started for real, answering /healthz, with JSON logs and metrics."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command

from commonweal.operations.management.commands.serve import (
    bind_address,
    cpu_count,
    gunicorn_argv,
    worker_count,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("serve did not answer in time")


def test_serve_answers_healthz_with_json_logs_and_shared_metrics(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "COMMONWEAL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "EMAIL_URL": "dummy:",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [sys.executable, "-m", "commonweal", "serve", f"--bind=127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603  (our own command, fixed arguments)
        [*command, "--workers=2", "--threads=2", "--skip-collectstatic"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, server)
        status, headers, body = get(port, "/healthz", {"X-Request-ID": "probe-12345678"})
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        assert headers["X-Request-ID"] == "probe-12345678"
        assert headers["Server"] == "gunicorn"
        for _ in range(4):  # spread over both workers, most likely
            get(port, "/open311/v2/services.json?email=someone@example.org")
        status, _, body = get(port, "/metrics")
        assert status == 200
        served = [
            line
            for line in body.decode().splitlines()
            if line.startswith("commonweal_http_requests_total{")
            and 'route="open311:services"' in line
        ]
        assert served and float(served[0].rsplit(" ", 1)[1]) == 4.0
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert any(entry["logger"] == "gunicorn.error" for entry in lines)
    requests = [entry for entry in lines if entry["logger"] == "commonweal.request"]
    assert {entry["route"] for entry in requests} >= {"open311:services"}
    assert all(len(entry["request_id"]) == 32 for entry in requests)
    assert "someone@example.org" not in stderr


def test_serve_refuses_to_run_with_debug_on(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="DEBUG is on"):
        call_command("serve")


def test_workers_from_the_option_then_web_concurrency_then_the_cpus():
    assert worker_count(3, {"WEB_CONCURRENCY": "5"}) == 3
    assert worker_count(None, {"WEB_CONCURRENCY": "5"}) == 5
    assert worker_count(None, {}) == cpu_count() >= 1
    with pytest.raises(CommandError):
        worker_count(None, {"WEB_CONCURRENCY": "lots"})


def test_bind_from_the_option_then_port():
    assert bind_address("0.0.0.0:9000", {"PORT": "5000"}) == "0.0.0.0:9000"
    assert bind_address(None, {"PORT": "5000"}) == "0.0.0.0:5000"
    assert bind_address(None, {}) == "127.0.0.1:8000"


def test_gunicorn_runs_threaded_workers_with_our_config():
    argv = gunicorn_argv(bind="127.0.0.1:8000", workers=4, threads=2, timeout=30)

    assert argv[1:4] == ["-m", "gunicorn", "commonweal.wsgi:application"]
    assert "--config=python:commonweal.operations.gunicorn_config" in argv
    assert {"--workers=4", "--worker-class=gthread", "--threads=2"} <= set(argv)
