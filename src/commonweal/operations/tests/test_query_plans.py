"""The queue's, Open311's and /metrics' queries at 100,000 cases: no sequential scan of cases.

PostgreSQL only: its planner chooses from statistics, so a missing or unusable index shows
up as a Seq Scan in EXPLAIN. The cases come from the queue benchmark's generator
(bench/queue.py, loaded by path), over the demo organisations, then ANALYZE. Every
statement the real functions run is captured and EXPLAINed; any plan node that reads the
cases table sequentially fails the test, named with the look that ran it.
"""

import importlib.util
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from commonweal.cases.models import Case
from commonweal.cases.queries import queue
from commonweal.operations import collectors

CASES = 100_000
BENCH_QUEUE = Path(__file__).resolve().parents[4] / "bench" / "queue.py"
OPEN311_LISTS = [
    "requests.json",
    "requests.json?status=open",
    "requests.json?service_code=pothole&status=open",
    "requests.json?jurisdiction_id=cambridge&service_code=missed-bin",
    "requests.json?jurisdiction_id=E10000003",
    "requests.json?jurisdiction_id=E10000003&status=closed&page=3",
    "requests.json?service_code=missed-bin,pothole&status=closed",
    "requests.json?service_code=missed-bin,pothole,fly-tipping,street-light&status=open",
    "requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z",
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are checked on PostgreSQL, the scale-out database (EXPLAIN's "
        "JSON form is PostgreSQL's); set DATABASE_URL to a PostgreSQL database to run it",
    ),
]


def _bench_queue():
    spec = importlib.util.spec_from_file_location("commonweal_bench_queue", BENCH_QUEUE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def statements() -> Iterator[list[tuple[str, tuple]]]:
    """Every statement run inside the block, with its parameters."""
    seen: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def sequential_scans(plan: dict, table: str) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") == table:
        found.append(f"Seq Scan on {table} (filter: {plan.get('Filter', 'none')})")
    for child in plan.get("Plans", []):
        found += sequential_scans(child, table)
    return found


def explain(sql: str, params: tuple) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def test_no_sequential_scan_of_cases(reference_data, client):
    from commonweal.demo.content import create_demo

    if not BENCH_QUEUE.exists():
        pytest.skip(f"{BENCH_QUEUE} is not here (an installed package, not the repository)")
    bench = _bench_queue()
    create_demo()
    bench.generate(CASES)
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    looks: list[tuple[str, list[tuple[str, tuple]]]] = []
    for name, user, filters, cursor in bench.scenarios(random.Random(3)):
        wanted = filters() if callable(filters) else filters
        user.__dict__.pop("_commonweal_roles", None)
        with statements() as seen:
            queue(user=user, filters=wanted, after=cursor)
        looks.append((f"queue: {name}", seen))
    for path in OPEN311_LISTS:
        with statements() as seen:
            assert client.get(f"/open311/v2/{path}").status_code == 200, path
        looks.append((f"Open311: {path}", seen))
    with statements() as seen:
        collectors.open_cases_by_state()
    looks.append(("metrics: open cases by state", seen))

    problems, checked = [], 0
    for name, seen in looks:
        for sql, params in seen:
            if table not in sql:
                continue
            checked += 1
            for scan in sequential_scans(explain(sql, params), table):
                problems.append(f"{name}: {scan}\n    {sql[:300]}")
    assert checked >= len(looks)
    assert not problems, "\n".join(problems)
    # And the guard itself sees a sequential scan where there is one.
    unindexed = f"SELECT id FROM {connection.ops.quote_name(table)} WHERE description LIKE %s"  # noqa: S608
    assert sequential_scans(explain(unindexed, ("%lamp%",)), table)
