"""Run every benchmark on SQLite and on PostgreSQL, then write bench/results.md.

Each script runs in its own process, as `python bench/NAME.py`, with the database it
expects:

- SQLite: the script's own file under var/bench/ (no DATABASE_URL).
- PostgreSQL: the benchmarks that reuse 1,000,000 generated cases share one database
  (`commonweal_bench`; the commons has its own), so the cases are made once; those that
  need an empty database get a throwaway one, dropped and made again before each run.

PostgreSQL is reached at BENCH_POSTGRES_URL (default: the local server, role
`commonweal`, which may create databases). A script that fails is reported and the others
still run; the exit status is 1 if any failed.

    python bench/run_all.py [--databases sqlite postgresql] [--only NAME ...] [--report-only]
"""

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]

from report import write_report

POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://commonweal:commonweal@127.0.0.1:5432"
).rstrip("/")
SHARED = "commonweal_bench"  # 1,000,000 generated cases, reused between runs
SCRATCH = "commonweal_bench_scratch"


@dataclass(frozen=True)
class Benchmark:
    name: str
    postgresql: str | None  # a database name, "scratch", or None: not database-bound
    extra_env: tuple[tuple[str, str], ...] = ()


BENCHMARKS = [
    Benchmark("places", None),  # shapely in memory; the database is only read once
    Benchmark("intake", "scratch"),
    Benchmark("generate", "scratch"),
    Benchmark("queue", SHARED),
    Benchmark("open311", SHARED),
    Benchmark("portal", "scratch"),
    Benchmark("commons", "commonweal_commons_bench"),
    Benchmark("commissioning", "scratch"),
    Benchmark("rollups", SHARED),
    Benchmark(
        "dashboard",
        SHARED,
        (("BENCH_SMALL_DATABASE_URL", f"{POSTGRES}/commonweal_bench_small"),),
    ),
    Benchmark("import_cases", "scratch"),
    Benchmark("mixed_load", SHARED),
]


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def _ensure(name: str) -> None:
    if not _database_exists(name):
        _admin(f'CREATE DATABASE "{name}"')


def _fresh(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')


def environment(benchmark: Benchmark, database: str) -> dict[str, str] | None:
    """The environment to run one benchmark in; None when it does not run on this database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database == "sqlite":
        return env
    if benchmark.postgresql is None:
        return None
    name = SCRATCH if benchmark.postgresql == "scratch" else benchmark.postgresql
    if benchmark.postgresql == "scratch":
        _fresh(name)
    else:
        _ensure(name)
    for key, value in benchmark.extra_env:
        _ensure(value.rsplit("/", 1)[1])
        env[key] = value
    env["DATABASE_URL"] = f"{POSTGRES}/{name}"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--only", nargs="+", help="benchmark names (default: all)")
    parser.add_argument("--report-only", action="store_true", help="only write results.md")
    args = parser.parse_args()
    failed = []
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    for database in [] if args.report_only else args.databases:
        for benchmark in chosen:
            script = BENCH_DIR / f"{benchmark.name}.py"
            if not script.exists():
                continue
            env = environment(benchmark, database)
            if env is None:
                continue
            print(f"\n===== {benchmark.name} on {database}", flush=True)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, str(script)], env=env, check=False)  # noqa: S603
            print(f"===== {benchmark.name} on {database}: {time.perf_counter() - started:.0f} s")
            if done.returncode:
                failed.append(f"{benchmark.name} on {database}")
    path = write_report()
    print(f"\nwritten to {path}")
    if failed:
        sys.exit("failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
