"""Open311 GeoReport v2 through a real server (gunicorn on loopback) at 1,000,000 cases.

Reuses the cases `bench/queue.py` generates (SQLite in var/bench/ unless DATABASE_URL is
set), starts gunicorn with one worker per core (two threads each, keep-alive), and drives
it from client threads (one keep-alive connection each) for a
fixed number of requests per endpoint: GET requests.json with filters, GET
requests/{id}.json and POST requests.json. Reports p50/p95 latency and requests per
second against the targets: p95 < 50 ms for reads, >= 200 reads/s, >= 100 POSTs/s.

    python bench/open311.py [--cases 1000000] [--requests 600] [--threads 4] [--rounds 3]
"""

import sys
from pathlib import Path

# First of all: put bench/ last on the path, or bench/queue.py hides the standard `queue`.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from _setup import database_vendor, django_setup, free_port, queue_bench, write_results

ROOT = BENCH_DIR.parent
CLIENT_SHARE: list[float] = []  # cores the client itself kept busy, per round
CAMBRIDGE = ((52.195, 52.215), (0.105, 0.145))


def start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "dummy:",
        "LOG_LEVEL": "WARNING",
        # One client and one key on loopback, hundreds of POSTs a second: no rate limit.
        "RATE_LIMIT_OPEN311_KEY": "0/60",
        "RATE_LIMIT_OPEN311_IP": "0/60",
    }
    server = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "commonweal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={os.cpu_count() or 2}",
            # Threads and keep-alive, as we would deploy it: an API client keeps its
            # connection open rather than paying for a new one on every call.
            "--worker-class=gthread",
            "--threads=2",
            "--keep-alive=5",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


class Client:
    """One keep-alive HTTP connection, from the standard library: a light client, so that
    the server's share of the two cores is as large as it can be."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> int:
        return self._send("GET", path, None, {})

    def post(self, path: str, fields: dict) -> int:
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", path, body, headers)

    def _send(self, method: str, path: str, body: str | None, headers: dict) -> int:
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status


def drive(calls: list, threads: int, port: int) -> tuple[list[float], float, int]:
    """Run the calls from `threads` client threads; latencies (ms), wall time, errors."""
    local = threading.local()

    def run(call):
        if not hasattr(local, "client"):
            local.client = Client(port)
        started = time.perf_counter()
        status = call(local.client)
        return (time.perf_counter() - started) * 1000, status

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(run, calls))
    wall = time.perf_counter() - started
    CLIENT_SHARE.append((time.process_time() - cpu) / wall)
    errors = sum(1 for _, status in results if status >= 400)
    return [ms for ms, _ in results], wall, errors


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="the median round is reported")
    args = parser.parse_args()
    queue = queue_bench()
    if "DATABASE_URL" not in os.environ:
        queue.BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{queue.BENCH_DB}"
    django_setup()
    queue.prepare_database()
    queue.generate(args.cases)

    from commonweal.cases.models import Case
    from commonweal.organisations.api_keys import create_key
    from commonweal.organisations.models import Organisation

    total = Case.objects.count()
    _, key = create_key(organisation=Organisation.objects.get(gss_code="E10000003"), name="bench")
    references = list(
        Case.objects.order_by("-submitted_at").values_list("reference", flat=True)[:5000]
    )
    port = free_port()
    base = "/open311/v2"
    server = start_server(port)
    rng = random.Random(5)
    lists = [
        "requests.json?service_code=pothole&status=open",
        "requests.json?jurisdiction_id=cambridge&service_code=missed-bin",
        "requests.json?service_code=missed-bin,pothole&status=closed",
        "requests.json?service_request_id=" + ",".join(references[:20]),
    ]

    def post(client):
        lat, lon = rng.uniform(*CAMBRIDGE[0]), rng.uniform(*CAMBRIDGE[1])
        return client.post(
            f"{base}/requests.json",
            {
                "api_key": key,
                "service_code": "pothole",
                "lat": f"{lat:.6f}",
                "long": f"{lon:.6f}",
                "attribute[position]": "road",
                "attribute[dangerous]": "false",
                "email": "bench@example.net",
            },
        )

    try:
        drive([lambda s: s.get(f"{base}/services.json")] * 20, args.threads, port)  # warm up
        kinds = {
            "GET requests.json (filtered lists)": [
                (lambda path: lambda s: s.get(f"{base}/{path}"))(rng.choice(lists))
                for _ in range(args.requests)
            ],
            "GET requests.json, 1,000 a page (no target)": [
                (lambda path: lambda s: s.get(f"{base}/{path}&page_size=1000"))(
                    rng.choice(lists[:3])
                )
                for _ in range(args.requests // 10)
            ],
            "GET requests/{id}.json": [
                (lambda ref: lambda s: s.get(f"{base}/requests/{ref}.json"))(rng.choice(references))
                for _ in range(args.requests)
            ],
            "POST requests.json": [post for _ in range(args.requests // 2)],
        }
        figures = []
        for what, calls in kinds.items():
            rounds = []
            for _ in range(args.rounds):
                latencies, wall, errors = drive(calls, args.threads, port)
                rounds.append((len(calls) / wall, latencies, errors))
            # The median round: a shared machine's neighbours slow some rounds down.
            rate, latencies, errors = sorted(rounds, key=lambda found: found[0])[len(rounds) // 2]
            p95 = percentile(latencies, 95)
            reading = what.startswith("GET")
            target = "target" not in what
            figures += [
                {"what": f"{what}: p50", "value": percentile(latencies, 50), "unit": "ms"},
                {
                    "what": f"{what}: p95",
                    "value": p95,
                    "unit": "ms",
                    **({"target": "< 50 ms", "met": p95 < 50} if reading and target else {}),
                },
                {
                    "what": f"{what}: throughput",
                    "value": rate,
                    "unit": "requests/s",
                    **(
                        {
                            "target": ">= 200/s" if reading else ">= 100/s",
                            "met": rate >= (200 if reading else 100),
                        }
                        if target
                        else {}
                    ),
                },
                {"what": f"{what}: errors", "value": errors, "unit": "", "met": errors == 0},
            ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    figures.append(
        {
            "what": "cores the load-generating client used itself (median round)",
            "value": statistics.median(CLIENT_SHARE),
            "unit": "cores",
        }
    )
    write_results(
        f"open311-{database_vendor()}",
        figures,
        {
            "cases": total,
            "threads": args.threads,
            "rounds": args.rounds,
            "server": "gunicorn, one worker per core, two threads each, keep-alive",
        },
    )


if __name__ == "__main__":
    main()
