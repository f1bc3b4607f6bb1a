"""How many requests a second `cases.intake.submit` takes, and where the time goes.

Runs on a fresh temporary SQLite file (WAL, as deployed) unless DATABASE_URL is set; on
PostgreSQL use a throwaway database: it is migrated, loaded and filled with cases. Sets
up the UK reference data, the standard definitions, and Cambridge City Council running
missed bins and Cambridgeshire County Council running potholes. Then it submits requests
at random points in central Cambridge, potholes and missed bins in turn, each from a
reporter who gave an e-mail address (e-mail is kept in memory).

Each configuration runs in fresh worker processes (1, then 2: one per core, as web
workers would), with the notification tasks either run at once after each commit, as
the embedded set-up's immediate backend does, or queued for a worker (a queue that only
keeps them in memory, as a broker would hold them), which measures intake itself.

Each configuration runs `--rounds` times and the best round is reported: other tenants of
a shared machine only ever slow a round down. Besides the wall-clock rate, each reports
submissions per second of CPU time: what one core would take if it had nothing else to do
(other work on a shared machine lowers the wall-clock figures, not this one; waits for the
disk are left out).

Shares of time: routing (`places.responsible`), validation (`engine.clean_answers`), the
database (every SQL statement and commit, the notification task's included), and the
rest (ORM and model code, the engine's rules, templates, e-mail).

    python bench/intake.py [--count 2000] [--rounds 3] [--profile]
"""

import argparse
import cProfile
import logging
import multiprocessing
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _setup import database_vendor, django_setup, write_results

# Then out of the path again: bench/queue.py would hide the standard library's `queue`.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]

TARGET_SQLITE = 500  # submissions per second, on a 2-core machine
CAMBRIDGE = ((52.195, 52.215), (0.105, 0.145))  # central Cambridge: city and county both
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "queued": "_setup.RecordingTaskBackend",
}
SPENT: dict[str, float] = defaultdict(float)


def _fresh_database() -> str | None:
    if os.environ.get("DATABASE_URL"):
        return None
    folder = tempfile.mkdtemp(prefix="commonweal-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("COMMONWEAL_VAR_DIR", folder)
    return folder


def timed(phase: str, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[phase] += time.perf_counter() - started

    return wrapper


def sql_timer(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        SPENT["database"] += time.perf_counter() - started


def set_up() -> None:
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    from commonweal.organisations.models import Organisation, Team
    from commonweal.services import definitions

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=StringIO())
    definitions.load_standard_definitions(data_dir=settings.DATA_DIR)
    for gss, code, team_name in (
        ("E07000008", "missed-bin", "Waste"),
        ("E10000003", "pothole", "Highways"),
    ):
        organisation = Organisation.objects.get(gss_code=gss)
        team, _ = Team.objects.get_or_create(
            organisation=organisation, name=team_name, defaults={"email": "team@council.example"}
        )
        definitions.run_offering(
            organisation=organisation,
            row=definitions.latest_published(code),
            team=team,
            live=True,
        )


def requests(count: int, seed: int) -> list[dict]:
    from django.utils import timezone

    from commonweal.cases.intake import ReporterDetails

    rng = random.Random(seed)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    made = []
    for n in range(count):
        point = {"lat": rng.uniform(*CAMBRIDGE[0]), "lon": rng.uniform(*CAMBRIDGE[1])}
        if n % 2:
            code, answers = (
                "pothole",
                {
                    "location": point,
                    "position": rng.choice(["road", "pavement", "cycle-lane"]),
                    "depth_cm": rng.randint(0, 15),
                    "dangerous": rng.random() < 0.05,
                    "description": "Near the bus stop, getting worse after the rain.",
                },
            )
            if answers["dangerous"]:
                answers["danger_details"] = "A cyclist came off."
        else:
            bin_type = rng.choice(["general-waste", "recycling", "garden-waste", "food-waste"])
            code, answers = (
                "missed-bin",
                {
                    "location": point,
                    "bin_type": bin_type,
                    "collection_date": yesterday,
                    "out_on_time": rng.random() < 0.9,
                    "assisted": rng.random() < 0.05,
                },
            )
            if bin_type == "garden-waste":
                answers["garden_subscription"] = rng.random() < 0.8
        reporter = ReporterDetails(
            name=f"Resident {seed}-{n}", email=f"resident{seed}-{n}@example.net", consent=True
        )
        made.append({"service_code": code, "answers": answers, "reporter": reporter})
    return made


def submit_all(batch: list[dict]) -> tuple[list[float], int]:
    from django.core import mail
    from django_tasks import default_task_backend

    from commonweal.cases import intake

    latencies, refused = [], 0
    for n, request in enumerate(batch):
        started = time.perf_counter()
        try:
            intake.submit(channel="web", **request)
        except intake.IntakeRefused:
            refused += 1
        latencies.append(time.perf_counter() - started)
        if n % 200 == 0:
            mail.outbox = []
            getattr(default_task_backend, "results", []).clear()
    return latencies, refused


def worker(seed: int, count: int, tasks: str, barrier, results, profile: bool) -> None:
    """One process: warm up, wait for the others, submit `count` requests, report."""
    from django.db import connection
    from django.test.utils import override_settings

    with override_settings(TASKS={"default": {"BACKEND": TASK_BACKENDS[tasks]}}):
        submit_all(requests(100, seed=seed + 1000))  # the place index, caches, connection
        batch = requests(count, seed=seed)
        connection._commit = timed("database", connection._commit)
        SPENT.clear()
        barrier.wait()
        profiler = cProfile.Profile() if profile else None
        started, cpu_started = time.monotonic(), time.process_time()
        with connection.execute_wrapper(sql_timer):
            if profiler:
                profiler.enable()
            latencies, refused = submit_all(batch)
            if profiler:
                profiler.disable()
        ended, cpu = time.monotonic(), time.process_time() - cpu_started
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    results.put(
        {
            "started": started,
            "ended": ended,
            "cpu": cpu,
            "latencies": latencies,
            "refused": refused,
            "spent": dict(SPENT),
        }
    )
    connection.close()


def measure(*, processes: int, tasks: str, count: int, profile: bool = False) -> dict:
    from django.db import connections

    connections.close_all()  # nothing open crosses the fork
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    share = count // processes
    children = [
        context.Process(
            target=worker, args=(seed, share, tasks, barrier, results, profile and seed == 1)
        )
        for seed in range(1, processes + 1)
    ]
    for child in children:
        child.start()
    reports = [results.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    wall = max(r["ended"] for r in reports) - min(r["started"] for r in reports)
    busy = sum(r["ended"] - r["started"] for r in reports)
    ms = sorted(latency * 1000 for r in reports for latency in r["latencies"])
    spent = {
        phase: sum(r["spent"].get(phase, 0.0) for r in reports) / busy
        for phase in ("routing", "validation", "database")
    }
    cpu = sum(r["cpu"] for r in reports)
    return {
        "rate": len(ms) / wall,
        "per_core": len(ms) / cpu,
        "p50": statistics.median(ms),
        "p99": ms[int(len(ms) * 0.99) - 1],
        "shares": {**spent, "other": 1 - sum(spent.values())},
        "refused": sum(r["refused"] for r in reports),
    }


def figures_for(label: str, found: dict, target: int | None, details: bool) -> list[dict]:
    rate = {
        "what": f"{label}: submissions per second",
        "value": found["rate"],
        "unit": "/s",
        "target": f">= {target}/s" if target else "",
        "ratio": found["rate"] / target if target else None,
        "met": found["rate"] >= target if target else None,
    }
    per_core = {
        "what": f"{label}: per second of CPU (one core to itself)",
        "value": found["per_core"],
        "unit": "/s",
    }
    if not details:
        return [rate, per_core]
    return [
        rate,
        per_core,
        {"what": f"{label}: latency p50", "value": found["p50"], "unit": "ms"},
        {"what": f"{label}: latency p99", "value": found["p99"], "unit": "ms"},
        *(
            {"what": f"{label}: share in {phase}", "value": share * 100, "unit": "%"}
            for phase, share in found["shares"].items()
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="requests per configuration")
    parser.add_argument("--profile", action="store_true", help="profile one process")
    parser.add_argument("--rounds", type=int, default=3, help="the best round is reported")
    options = parser.parse_args()
    folder = _fresh_database()
    django_setup()
    from django.conf import settings

    from commonweal.organisations import places
    from commonweal.services import engine

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    vendor = database_vendor()
    print(
        f"Setting up {vendor}{' in ' + folder if folder else ''} (load {os.getloadavg()[0]:.1f})…"
    )
    set_up()
    places.responsible = timed("routing", places.responsible)
    engine.clean_answers = timed("validation", engine.clean_answers)

    target = TARGET_SQLITE if vendor == "sqlite" else None
    figures, refused = [], 0
    for tasks in ("immediate", "queued"):
        for processes in (1, 2):
            label = f"{processes} process{'es' if processes > 1 else ''}, tasks {tasks}"
            print(f"Measuring {label}…")
            profile = options.profile and processes == 1 and tasks == "queued"
            # The best of the rounds: other work on a shared machine only ever slows it.
            rounds = [
                measure(processes=processes, tasks=tasks, count=options.count, profile=profile)
                for _ in range(options.rounds)
            ]
            found = max(rounds, key=lambda measured: measured["rate"])
            print("  rounds:", ", ".join(f"{measured['rate']:.0f}/s" for measured in rounds))
            refused += found["refused"]
            figures += figures_for(label, found, target, details=processes == 1)
    figures.append({"what": "refused (no offering there)", "value": refused, "unit": ""})
    extra = {
        "requests_per_configuration": options.count,
        "rounds": options.rounds,
        "load_average": os.getloadavg(),
    }
    write_results(f"intake-{vendor}", figures, extra)


if __name__ == "__main__":
    main()
