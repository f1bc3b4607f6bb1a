"""Shared set-up for benchmarks: Django configured, the machine described, results written."""

import importlib.util
import json
import multiprocessing
import os
import platform
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def queue_bench():
    """bench/queue.py, loaded by path (its name would hide the standard `queue` module):
    it prepares the demo database and generates the 1,000,000 cases others reuse."""
    spec = importlib.util.spec_from_file_location("queue_bench", BENCH_DIR / "queue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _recording_backend():
    from django_tasks.backends.dummy import DummyBackend
    from django_tasks.base import TaskResult, TaskResultStatus
    from django_tasks.utils import get_random_id

    class RecordingTaskBackend(DummyBackend):
        """Tasks kept in memory as a broker would hold them, and never run.

        django-tasks' own DummyBackend also deep-copies every result it returns, which
        costs more than enqueueing on a real queue; this one does not.
        """

        def enqueue(self, task, args, kwargs):
            self.validate_task(task)
            result = TaskResult(
                task=task, id=get_random_id(), status=TaskResultStatus.READY,
                enqueued_at=None, started_at=None, last_attempted_at=None, finished_at=None,
                args=args, kwargs=kwargs, backend=self.alias, errors=[], worker_ids=[],
            )  # fmt: skip
            self.results.append(result)
            return result

    return RecordingTaskBackend


def __getattr__(name: str):
    if name == "RecordingTaskBackend":  # made on first use, once Django is set up
        return _recording_backend()
    raise AttributeError(name)


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonweal.settings")
    import django

    django.setup()


def _spin(_: int = 0) -> float:
    started, total = time.perf_counter(), 0
    for number in range(3_000_000):
        total += number * number
    return time.perf_counter() - started


def parallel_speedup() -> float:
    """How much more work all the cores do at once than one alone (2.0 for two free cores).

    Virtual machines often give two "cores" that are one physical core's two hyperthreads,
    or share them with neighbours: then two web workers do little more than one. Read the
    figures against this.
    """
    alone = min(_spin() for _ in range(2))
    cores = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        together = max(pool.map(_spin, range(cores)))
    return round(cores * alone / together, 2)


def machine() -> dict:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        # One core's speed when measured (a fixed loop; lower is faster): compare runs by it.
        "spin_ms": round(min(_spin() for _ in range(3)) * 1000, 1),
        "parallel_speedup": parallel_speedup(),
        "memory_gib": round(memory_gib, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor


def write_results(name: str, figures: list[dict], extra: dict | None = None) -> Path:
    """Write figures (each: what, value, unit, target, ratio, met) as JSON and print a table."""
    RESULTS_DIR.mkdir(exist_ok=True)
    report = {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "figures": figures,
        **(extra or {}),
    }
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(report, indent=2))
    found = report["machine"]
    print(
        f"\n## {name} ({report['date']}, {found['cores']} cores, parallel speed-up "
        f"{found['parallel_speedup']}, spin {found['spin_ms']} ms)\n"
    )
    print("| figure | value | target | met |")
    print("|---|---|---|---|")
    for f in figures:
        target = f.get("target", "")
        met = {True: "yes", False: "NO", None: ""}[f.get("met")]
        print(f"| {f['what']} | {f['value']:,.3f} {f['unit']} | {target} | {met} |")
    print(f"\nwritten to {path}")
    return path
