"""How fast `commonweal generate` fills a fresh database: 500,000 cases by default.

SQLite: the demo organisations and their live offerings are prepared once (migrate,
reference data, demo) into var/bench/generate-base.sqlite3; each run copies that file
afresh to var/bench/generate.sqlite3 and times `demo.generate.generate_cases` into it,
events and index building included. PostgreSQL: set DATABASE_URL to a throwaway, empty
database (`bench/run_all.py` makes one); it is prepared the same way, then filled.
Target: at least 50,000 cases/s.

Usage: python bench/generate.py [--cases N] [--seed S]
"""

import sys
from pathlib import Path

# Put bench/ last on the path: bench/queue.py would otherwise hide the standard `queue`.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]

import argparse
import os
import shutil

from _setup import django_setup, queue_bench, write_results

VAR = BENCH_DIR.parent / "var" / "bench"
BASE = VAR / "generate-base.sqlite3"
WORK = VAR / "generate.sqlite3"
TARGET = 50_000


def _fresh_copy() -> bool:
    """Copy the prepared base to the working file; False when there is no base yet."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{WORK}{suffix}").unlink(missing_ok=True)
    if not BASE.exists():
        return False
    shutil.copyfile(BASE, WORK)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    on_sqlite = "DATABASE_URL" not in os.environ
    if on_sqlite:
        prepared = _fresh_copy()
        os.environ["DATABASE_URL"] = f"sqlite:///{WORK}"
    os.environ["DEBUG"] = "false"
    django_setup()
    from django.db import connection

    if not on_sqlite:
        print("Preparing the demo organisations…", flush=True)
        queue_bench().prepare_database()
        prepared = True
    if prepared and on_sqlite:  # the base may predate the latest migrations
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    if not prepared:
        print("Preparing the demo organisations once…", flush=True)
        queue_bench().prepare_database()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(WORK, BASE)
    from commonweal.demo.generate import generate_cases

    print(f"Generating {args.cases:,} cases into a fresh {connection.vendor} database…", flush=True)
    made = generate_cases(count=args.cases, seed=args.seed)
    print(f"  {made.count:,} cases, {made.events:,} events in {made.seconds:.1f} s")
    rate = made.per_second
    figures = [
        {"what": "cases generated per second", "value": rate, "unit": "cases/s",
         "target": f">= {TARGET:,}", "ratio": rate / TARGET, "met": rate >= TARGET},
        {"what": "events generated per second", "value": made.events / made.seconds,
         "unit": "events/s"},
        {"what": "total time", "value": made.seconds, "unit": "s"},
    ]  # fmt: skip
    extra = {"cases": made.count, "events": made.events}
    write_results(f"generate-{connection.vendor}", figures, extra)


if __name__ == "__main__":
    main()
