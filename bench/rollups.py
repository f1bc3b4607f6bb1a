"""How fast the daily rollups rebuild from 1,000,000 cases, and how fast metrics read them.

Reuses the cases `bench/queue.py` generates (SQLite in var/bench/ unless DATABASE_URL is
set). Those cases have no events, so once, for realism, every 20th closed case gets a
`rated` event and every 100th a close and a `reopened` event written straight to the
events table. Then times `commonweal rollups --rebuild` (target: under 60 s), a catch-up
with nothing to do, and the metric registry on the organisation dashboard's metrics for
the busiest organisation over a year (p50/p95).

    python bench/rollups.py [--cases 1000000] [--repeats 20]
"""

import sys
from pathlib import Path

# First of all: put bench/ last on the path, or bench/queue.py hides the standard `queue`.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]

import argparse
import os
import statistics
import time
from datetime import timedelta

from _setup import database_vendor, django_setup, queue_bench, write_results

TARGET_S = 60.0
DASHBOARD = ("requests", "online-share", "sla-compliance", "median-resolution", "backlog",
             "satisfaction")  # fmt: skip


def add_events() -> int:
    """Ratings and reopenings for some closed cases, once (set-based INSERT … SELECT)."""
    from django.db import connection, transaction

    from commonweal.cases.models import Event

    if Event.objects.filter(kind__in=("rated", "reopened")).exists():
        return Event.objects.count()
    json = "'{\"score\": ' || (c.id % 5 + 1) || '}'"
    if connection.vendor == "postgresql":
        json = f"({json})::jsonb"
    columns = (
        "case_id, at, kind, actor_label, public, from_state, to_state, note, data, case_version"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO cases_event ({columns}) SELECT c.id, c.closed_at, 'rated', '', "  # noqa: S608
            f"FALSE, '', '', '', {json}, c.version FROM cases_case c "
            "WHERE c.closed_at IS NOT NULL AND c.id % 20 = 0"
        )
        # A first close, then a reopening a day later (the final close is the case's own).
        for kind, offset, from_state, to_state in (
            ("transition", "0", "''", "c.state"),
            ("reopened", "1", "c.state", "'triaged'"),
        ):
            at = (
                f"c.submitted_at + interval '{offset} day'"
                if connection.vendor == "postgresql"
                else f"datetime(c.submitted_at, '+{offset} day')"
            )
            cursor.execute(
                f"INSERT INTO cases_event ({columns}) SELECT c.id, {at}, '{kind}', '', "  # noqa: S608
                f"FALSE, {from_state}, {to_state}, '', '{{}}', c.version FROM cases_case c "
                "WHERE c.closed_at IS NOT NULL AND c.id % 100 = 7 ORDER BY c.id"
            )
    return Event.objects.count()


def progress(done: int, total: int, what: str) -> None:
    print(f"\r  rebuild {done}/{total} {what:<8}", end="", flush=True)


def time_metrics(repeats: int) -> list[float]:
    from django.db.models import Count
    from django.utils import timezone

    from commonweal.cases.models import Case
    from commonweal.insight import metrics

    busiest = Case.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
    scope = metrics.Scope.for_organisation(busiest["organisation_id"])
    end = timezone.localdate()
    start = end - timedelta(days=365)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        for metric in DASHBOARD:
            metrics.value(metric=metric, scope=scope, start=start, end=end)
        metrics.series(metric="requests", scope=scope, start=start, end=end)
        times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    queue = queue_bench()
    if "DATABASE_URL" not in os.environ:
        queue.BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{queue.BENCH_DB}"
    django_setup()
    queue.prepare_database()
    queue.generate(args.cases)
    events = add_events()
    print(f"{events:,} events.")

    from commonweal.insight import rollups
    from commonweal.insight.models import DailyRollup, OrganisationDay

    cpu = time.process_time()
    seconds = rollups.timed_rebuild(progress=progress)
    cpu = time.process_time() - cpu  # SQLite works in this process: its work, without the wait
    print(f"\n  {DailyRollup.objects.count():,} daily rollups, "
          f"{OrganisationDay.objects.count():,} organisation days.")  # fmt: skip
    began = time.perf_counter()
    rollups.fresh()
    idle_ms = (time.perf_counter() - began) * 1000
    times = time_metrics(args.repeats)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    figures = [
        {"what": f"rollup rebuild, {args.cases:,} cases", "value": seconds, "unit": "s",
         "target": f"< {TARGET_S:.0f} s", "ratio": seconds / TARGET_S, "met": seconds < TARGET_S},
        {"what": "rollup rebuild, CPU time of this process", "value": cpu, "unit": "s",
         "met": None},
        {"what": "fresh() with nothing waiting", "value": idle_ms, "unit": "ms", "met": None},
        {"what": "dashboard metrics (6 values + a series), p50", "value": p50, "unit": "ms",
         "met": None},
        {"what": "dashboard metrics (6 values + a series), p95", "value": p95, "unit": "ms",
         "met": None},
    ]  # fmt: skip
    vendor = database_vendor()
    write_results(f"rollups-{vendor}", figures, {"database": vendor, "cases": args.cases})


if __name__ == "__main__":
    main()
