"""PostgreSQL stopped under load: 503s in each interface's format, never a 500, then recovery.

The test starts its own PostgreSQL cluster on a free port (never the shared one), serves
the project with `commonweal serve` (gunicorn) against it, keeps requests coming, stops
the cluster, and starts it again. The web process is never restarted.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from commonweal.operations.tests.test_serve import free_port, wait_for

PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: the test stops and restarts a PostgreSQL server of its own",
    ),
    pytest.mark.skipif(not PG_BINS, reason="PostgreSQL's initdb and pg_ctl are not installed"),
]

# Each address hits the database; each answers a failure in its own format.
PAGE, API, OPEN311_JSON, OPEN311_XML = (
    "/organisations/",
    "/api/v1/organisations/",
    "/open311/v2/services.json",
    "/open311/v2/services.xml",
)
ADDRESSES = (PAGE, API, OPEN311_JSON, OPEN311_XML)


class Cluster:
    """A throwaway PostgreSQL cluster, run as the `postgres` user when we are root."""

    def __init__(self, home: Path, port: int) -> None:
        self.bin = PG_BINS[-1].parent
        self.home, self.port, self.data = home, port, home / "data"

    def run(self, *argv: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603  (PostgreSQL's own programs, fixed arguments)
            [*as_postgres, *argv], check=True, capture_output=True, timeout=120
        )

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.home, user="postgres", group="postgres")
        self.run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.home / "log"),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    home = Path(tempfile.mkdtemp(prefix="commonweal-pg-"))
    home.chmod(0o755)
    cluster = Cluster(home, free_port())
    cluster.create()
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop()
        shutil.rmtree(home, ignore_errors=True)


def fetch(port: int, path: str) -> tuple[int, str, str]:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        client.close()


def says_unavailable(path: str, content_type: str, body: str) -> bool:
    """The 503 in the format of the interface that was asked."""
    if path == PAGE:
        return "text/html" in content_type and "Sorry, the service is unavailable" in body
    if path == API:
        return json.loads(body)["code"] == "service-unavailable"
    if path == OPEN311_JSON:
        return [e["code"] for e in json.loads(body)] == [503]
    root = ET.fromstring(body)  # noqa: S314  (our own server's answer)
    return root.tag == "errors" and root.find("error/code").text == "503"


class Load:
    """Threads asking each address in turn until stopped; every answer is kept."""

    def __init__(self, port: int, threads: int = 4) -> None:
        self.port, self.answers, self.stopping = port, [], threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._ask, args=(n,)) for n in range(threads)]

    def _ask(self, n: int) -> None:
        turn = n
        while not self.stopping.is_set():
            path = ADDRESSES[turn % len(ADDRESSES)]
            turn += 1
            try:
                status, content_type, body = fetch(self.port, path)
            except OSError as error:  # a dropped connection is a failure too
                status, content_type, body = 0, "", repr(error)
            with self.lock:
                self.answers.append((path, status, content_type, body))

    def since(self, mark: int) -> list[tuple[str, int, str, str]]:
        with self.lock:
            return self.answers[mark:]

    def mark(self) -> int:
        with self.lock:
            return len(self.answers)

    def wait_for(self, check, what: str, seconds: float = 60) -> int:
        """Wait until `check(answers since the call)` holds; return the mark where it did."""
        start, deadline = self.mark(), time.monotonic() + seconds
        while time.monotonic() < deadline:
            if check(self.since(start)):
                return self.mark()
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}; last answers: {self.since(start)[-4:]}")


def all_answer(status: int):
    """Each address answered `status` at least once (and, for 200, nothing else since)."""

    def check(answers) -> bool:
        if status == 200:
            recent = answers[-len(ADDRESSES) * 2 :]
            return len(recent) == len(ADDRESSES) * 2 and all(a[1] == 200 for a in recent)
        return {a[0] for a in answers if a[1] == status} == set(ADDRESSES)

    return check


def test_postgresql_stopped_under_load_gives_503s_and_the_service_recovers(cluster, tmp_path):
    subprocess.run(  # noqa: S603
        [str(cluster.bin / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port),
         "-U", "postgres", "outage"],
        check=True, timeout=60,
    )  # fmt: skip
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "COMMONWEAL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": cluster.url("outage"),
        "EMAIL_URL": "dummy:",
        "LOG_FORMAT": "json",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run(
        [sys.executable, "-m", "commonweal", "migrate", "--noinput"],
        env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    port = free_port()
    server_log = tmp_path / "server.log"
    with server_log.open("w") as stderr:
        server = subprocess.Popen(  # noqa: S603  (our own command, fixed arguments)
            [sys.executable, "-m", "commonweal", "serve", f"--bind=127.0.0.1:{port}",
             "--workers=2", "--threads=2"],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        )  # fmt: skip
    load = Load(port)
    try:
        wait_for(port, server, seconds=900)  # collectstatic first
        for thread in load.threads:
            thread.start()
        load.wait_for(all_answer(200), "every address to answer 200 before the outage")

        cluster.stop()
        down = load.wait_for(all_answer(503), "every address to answer 503 while it is down")
        cluster.start()
        load.wait_for(all_answer(200), "every address to answer 200 again after the restart")

        assert server.poll() is None, "the web process was restarted"
    except (AssertionError, pytest.fail.Exception) as failure:
        # What the server said is what explains a failure here (a worker killed, a wait).
        tail = "\n".join(server_log.read_text().splitlines()[-40:])
        raise AssertionError(f"{failure}\n--- the server's last log lines:\n{tail}") from failure
    finally:
        load.stopping.set()
        for thread in load.threads:
            thread.join(timeout=60)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log = server_log.read_text()

    statuses = {status for _, status, _, _ in load.answers}
    dropped = [(path, body) for path, status, _, body in load.answers if status == 0][:5]
    assert statuses == {200, 503}, f"answers other than 200 and 503: {statuses} {dropped}"
    refusals = [a for a in load.answers if a[1] == 503]
    assert all(says_unavailable(path, kind, body) for path, _, kind, body in refusals)
    assert down > 0
    assert "database unavailable: OperationalError" in log
    assert "Traceback" not in log
