"""A mixed load on loopback against `commonweal serve` (gunicorn) at 1,000,000 cases.

Reuses the cases `bench/queue.py` generates (SQLite in var/bench/ unless DATABASE_URL is
set), starts `commonweal serve` (one worker per core, two threads each, keep-alive), and
drives it from client threads, each with one keep-alive connection, for --duration
seconds at --rate requests a second in all (0: as fast as the server answers). Each
request is drawn at random from this mix, per 100 requests:

    residents browsing   46  home 6, find a service (search) 8, a service's start page 8,
                             reports near a point 6 (+ its GeoJSON 4), a request's page 14
    residents reporting   4  Open311 POST requests.json (what a reporting app sends)
    staff working queues 22  queue 8, queue filtered 4, a case page 8, a change (a note) 2
    Open311 clients      28  GET requests.json with filters 12, requests/{id}.json 16

Staff requests carry a signed-in caseworker's session (Cambridgeshire County Council); a
change reads the case page for its form, then posts an internal note. Reports on
latency per kind and overall (p50/p95/p99, from the moment each request is sent),
requests per second achieved, errors (4xx/5xx or a failed connection), and at the end
the resident memory of each gunicorn worker (VmRSS from /proc). Targets (issue 8):
>= 150 requests/s, p95 < 100 ms, no errors, for 5 minutes; each worker < 200 MB.

    python bench/mixed_load.py [--duration 300] [--rate 165] [--threads 12] [--cases 1000000]

The default rate is 10% over the 150/s target, so meeting it means keeping up with more
than the target asks. The client runs on the same two cores as the server: its own share
of a core is reported too.
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
import re
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections import defaultdict
from urllib.parse import quote_plus

from _setup import database_vendor, django_setup, free_port, queue_bench, write_results

ROOT = BENCH_DIR.parent
CAMBRIDGE = ((52.195, 52.215), (0.105, 0.145))
TARGET_RATE, TARGET_P95_MS, TARGET_RSS_MB = 150, 100, 200
OPEN311 = "/open311/v2"
IDLE_REOPEN_S = 4.0  # under `serve`'s keep-alive of 5 s, as browsers keep under a server's
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTE_VERSION = re.compile(r'name="note-version" value="(\d+)"')
SEARCHES = ("pothole", "bin", "street light", "fly tipping", "council tax", "noise")
SERVICES = ("pothole", "missed-bin")
MIX = {  # kind: (group, weight per 100 requests)
    "home": ("residents browsing", 6),
    "find a service": ("residents browsing", 8),
    "service start page": ("residents browsing", 8),
    "reports nearby": ("residents browsing", 6),
    "reports nearby, GeoJSON": ("residents browsing", 4),
    "a request's page": ("residents browsing", 14),
    "report (Open311 POST)": ("residents reporting", 4),
    "staff queue": ("staff working queues", 8),
    "staff queue, filtered": ("staff working queues", 4),
    "staff case page": ("staff working queues", 8),
    "staff change (note)": ("staff working queues", 2),
    "Open311 list": ("Open311 clients", 12),
    "Open311 by id": ("Open311 clients", 16),
}
QUEUE_FILTERS = (
    "overdue=on",
    "service=pothole&state=submitted",
    "sort=due",
    "assignee=unassigned",
    "priority=urgent",
    "channel=phone",
)


def collect_static() -> None:
    """The portal's pages need the static files' manifest (as `serve` would collect them)."""
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        print("Collecting static files…")
        call_command("collectstatic", interactive=False, verbosity=0)


def start_server(port: int, workers: int | None = None) -> subprocess.Popen:
    """`commonweal serve` as deployed: it becomes gunicorn's master (exec), so this is its pid."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "dummy:",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("WEB_CONCURRENCY", None)
    server = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
        [
            str(ROOT / ".venv" / "bin" / "commonweal"),
            "serve",
            f"--bind=127.0.0.1:{port}",
            "--skip-collectstatic",
            *([f"--workers={workers}"] if workers else []),
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            if server.poll() is not None:
                sys.exit("commonweal serve stopped before it answered")
            time.sleep(0.2)
    server.terminate()
    sys.exit("commonweal serve did not start")


def worker_rss_mb(master: int) -> dict[int, float]:
    """Resident memory (VmRSS) of each of the master's child processes, in MB."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == master and "VmRSS" in fields:
            found[int(entry.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return found


class Client:
    """One keep-alive connection with its own cookies (a resident's, or a caseworker's)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.reconnects = 0
        self.last_used = time.perf_counter()

    def reopen(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(fields) if fields is not None else None
        headers = {"Accept-Encoding": "identity"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if time.perf_counter() - self.last_used > IDLE_REOPEN_S:
            self.reopen()  # the server forgets a connection idle for its keep-alive (5 s)
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open another, as a
                # browser does; only a GET is sent again.
                self.reopen()
                self.reconnects += 1
                if attempt == 2 or method != "GET":
                    raise
        self.last_used = time.perf_counter()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


class Load:
    """What the requests need: references, a key, a staff session; and the calls themselves."""

    def __init__(self, *, references, staff_cases, key, staff_session, seed) -> None:
        self.references = references
        self.staff_cases = staff_cases
        self.key = key
        self.staff_session = staff_session
        self.seed = seed

    def point(self, rng: random.Random) -> tuple[float, float]:
        return rng.uniform(*CAMBRIDGE[0]), rng.uniform(*CAMBRIDGE[1])

    def run(self, kind: str, rng: random.Random, resident: Client, staff: Client, mine: list):
        """Send one request of this kind; [(kind, milliseconds, status)] (a change: two)."""
        lat, lon = self.point(rng)
        here = f"lat={lat:.5f}&lon={lon:.5f}"
        reference = rng.choice(self.references)
        calls = {
            "home": (resident, "GET", "/"),
            "find a service": (resident, "GET", f"/services/?q={quote_plus(rng.choice(SEARCHES))}"),
            "service start page": (resident, "GET", f"/services/{rng.choice(SERVICES)}/"),
            "reports nearby": (resident, "GET", f"/reports/?{here}"),
            "reports nearby, GeoJSON": (resident, "GET", f"/reports.geojson?{here}"),
            "a request's page": (resident, "GET", f"/track/{reference}/"),
            "staff queue": (staff, "GET", "/workspace/"),
            "staff queue, filtered": (staff, "GET", f"/workspace/?{rng.choice(QUEUE_FILTERS)}"),
            "staff case page": (staff, "GET", f"/workspace/cases/{rng.choice(mine)}/"),
            "Open311 list": (resident, "GET", f"{OPEN311}/{rng.choice(open311_lists(self))}"),
            "Open311 by id": (resident, "GET", f"{OPEN311}/requests/{reference}.json"),
        }
        if kind in calls:
            client, method, path = calls[kind]
            return [timed(kind, client, method, path)]
        if kind == "report (Open311 POST)":
            fields = {
                "api_key": self.key, "service_code": "pothole",
                "lat": f"{lat:.6f}", "long": f"{lon:.6f}",
                "attribute[position]": "road", "attribute[dangerous]": "false",
                "email": "bench@example.net",
            }  # fmt: skip
            return [timed(kind, resident, "POST", f"{OPEN311}/requests.json", fields)]
        # A change: the case page (for its form), then an internal note on it.
        case = rng.choice(mine)
        page = timed("staff case page", staff, "GET", f"/workspace/cases/{case}/")
        token, version = CSRF_FIELD.search(page[3]), NOTE_VERSION.search(page[3])
        if not (token and version):
            return [page[:3], (kind, 0.0, 599)]
        fields = {
            "csrfmiddlewaretoken": token.group(1), "note-text": "Checked on site (bench).",
            "note-visibility": "internal", "note-version": version.group(1),
        }  # fmt: skip
        return [page[:3], timed(kind, staff, "POST", f"/workspace/cases/{case}/notes/", fields)]


def open311_lists(load: Load) -> tuple[str, ...]:
    return (
        "requests.json?service_code=pothole&status=open",
        "requests.json?jurisdiction_id=cambridge&service_code=missed-bin",
        "requests.json?service_code=missed-bin,pothole&status=closed",
        "requests.json?service_request_id=" + ",".join(load.references[:20]),
    )


FAILURES: dict[str, int] = defaultdict(int)  # why requests failed: a status or an exception


def timed(kind: str, client: Client, method: str, path: str, fields: dict | None = None):
    started = time.perf_counter()
    try:
        status, body = client.request(method, path, fields)
    except (OSError, http.client.HTTPException) as error:
        status, body = 598, b""
        FAILURES[f"{kind}: {type(error).__name__}"] += 1
        client.reopen()  # a connection left half-way cannot send another request
    if status >= 400 and status != 598:
        FAILURES[f"{kind}: HTTP {status}"] += 1
    text = body.decode("utf-8", "replace") if kind == "staff case page" else ""
    return kind, (time.perf_counter() - started) * 1000, status, text


def drive(load: Load, *, port: int, threads: int, rate: float, duration: float):
    """Run the mix from `threads` threads; the results, the wall time and reconnects."""
    kinds = list(MIX)
    weights = [MIX[k][1] for k in kinds]
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    reconnects = [0]
    behind = [0]
    started = time.perf_counter()
    stop_at = started + duration
    interval = threads / rate if rate > 0 else 0.0

    def worker(n: int) -> None:
        rng = random.Random(load.seed * 1000 + n)
        resident = Client(port)
        staff = Client(port, {"sessionid": load.staff_session})
        mine = load.staff_cases[n::threads]  # no two threads note the same case
        found = []
        due = started + rng.uniform(0, interval)
        while True:
            if interval:
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                elif wait < -1:  # over a second behind: start the schedule again from now
                    behind[0] += 1
                    due = time.perf_counter()
                due += interval
            if time.perf_counter() >= stop_at:
                break
            kind = rng.choices(kinds, weights)[0]
            found += [r[:3] for r in load.run(kind, rng, resident, staff, mine)]
        with lock:
            results.extend(found)
            reconnects[0] += resident.reconnects + staff.reconnects

    cpu = time.process_time()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    return results, wall, reconnects[0], behind[0], (time.process_time() - cpu) / wall


def warm(load: Load, port: int) -> None:
    """Each kind a few times, one at a time, so that every worker has loaded what it keeps."""
    rng = random.Random(load.seed)
    resident, staff = Client(port), Client(port, {"sessionid": load.staff_session})
    for _ in range(4):
        for kind in MIX:
            load.run(kind, rng, resident, staff, load.staff_cases[-50:])


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def prepare(args) -> Load:
    from django.test import Client as DjangoClient

    from commonweal.accounts.models import User
    from commonweal.cases.models import Case
    from commonweal.organisations.api_keys import create_key
    from commonweal.organisations.models import Organisation

    county = Organisation.objects.get(gss_code="E10000003")
    _, key = create_key(organisation=county, name="mixed load bench")
    references = list(
        Case.objects.order_by("-submitted_at").values_list("reference", flat=True)[:5000]
    )
    staff_cases = list(
        Case.objects.filter(organisation=county, closed_at=None)
        .order_by("-submitted_at")
        .values_list("reference", flat=True)[:3000]
    )
    caseworker = User.objects.get(email="caseworker@cambridgeshire.example.org")
    signed_in = DjangoClient()
    signed_in.force_login(caseworker)  # a session in the database, as signing in makes
    return Load(
        references=references,
        staff_cases=staff_cases,
        key=key,
        staff_session=signed_in.cookies["sessionid"].value,
        seed=args.seed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds (default 300)")
    parser.add_argument("--rate", type=float, default=165, help="requests/s in all; 0: no limit")
    parser.add_argument("--threads", type=int, default=12, help="client threads (connections)")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--warm-up", type=float, default=5, help="seconds of load not counted")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--workers", type=int, help="web worker processes (default: serve's, one per core)"
    )
    args = parser.parse_args()
    queue = queue_bench()
    if "DATABASE_URL" not in os.environ:
        queue.BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{queue.BENCH_DB}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per sign-in and request
    django_setup()
    queue.prepare_database()
    queue.generate(args.cases)
    from commonweal.cases.models import Case

    total = Case.objects.count()
    load = prepare(args)
    collect_static()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        warm(load, port)
        if args.warm_up:
            drive(load, port=port, threads=args.threads, rate=args.rate, duration=args.warm_up)
        FAILURES.clear()
        results, wall, reconnects, behind, client_cores = drive(
            load, port=port, threads=args.threads, rate=args.rate, duration=args.duration
        )
        rss = worker_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    figures = summarise(results, wall, rss)
    figures += [
        {"what": "connections reopened after the server closed an idle one",
         "value": reconnects, "unit": ""},
        {"what": "times a client thread fell over a second behind its schedule",
         "value": behind, "unit": ""},
        {"what": "cores the load-generating client used itself", "value": client_cores,
         "unit": "cores"},
    ]  # fmt: skip
    for cause, count in sorted(FAILURES.items()):
        print(f"failed: {cause}, {count} times")
    write_results(
        f"mixed-load-{database_vendor()}",
        figures,
        {
            "cases": total,
            "duration_s": args.duration,
            "offered_rate": args.rate,
            "threads": args.threads,
            "mix": {kind: weight for kind, (_, weight) in MIX.items()},
            "server": "commonweal serve: gunicorn, "
            + (f"{args.workers} workers" if args.workers else "one worker per core")
            + ", two threads, keep-alive",
            "failures": dict(FAILURES),
        },
    )


def summarise(results: list, wall: float, rss: dict[int, float]) -> list[dict]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for kind, ms, status in results:
        by_kind[kind].append(ms)
        errors[kind] += status >= 400
    everything = [ms for _, ms, _ in results]
    rate = len(results) / wall
    p95 = percentile(everything, 95)
    total_errors = sum(errors.values())
    figures = [
        {"what": "all: requests/s", "value": rate, "unit": "requests/s",
         "target": f">= {TARGET_RATE}/s", "met": rate >= TARGET_RATE},
        {"what": "all: p50", "value": percentile(everything, 50), "unit": "ms"},
        {"what": "all: p95", "value": p95, "unit": "ms", "target": f"< {TARGET_P95_MS} ms",
         "met": p95 < TARGET_P95_MS},
        {"what": "all: p99", "value": percentile(everything, 99), "unit": "ms"},
        {"what": "all: errors", "value": total_errors, "unit": "", "target": "0",
         "met": total_errors == 0},
    ]  # fmt: skip
    for kind in MIX:
        values = by_kind.get(kind, [])
        if not values:
            continue
        figures += [
            {"what": f"{kind}: requests", "value": len(values), "unit": ""},
            {"what": f"{kind}: p50", "value": percentile(values, 50), "unit": "ms"},
            {"what": f"{kind}: p95", "value": percentile(values, 95), "unit": "ms"},
            {"what": f"{kind}: p99", "value": percentile(values, 99), "unit": "ms"},
            {"what": f"{kind}: errors", "value": errors[kind], "unit": ""},
        ]
    for pid, mb in sorted(rss.items()):
        figures.append(
            {"what": f"web worker {pid}: resident memory at the end", "value": mb, "unit": "MB",
             "target": f"< {TARGET_RSS_MB} MB", "met": mb < TARGET_RSS_MB}
        )  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
