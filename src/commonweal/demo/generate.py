"""Generated cases at scale: a deterministic, lived-in data set for demos and benchmarks.

`generate_cases` adds `count` cases to the live offerings already in the database, spread
over the last `years` years up to the start of `until` (today by default), oldest first.
The volumes follow `demo.seasons` (services, months, days, hours); on top of that:

- Channels: web the majority, then phone, e-mail, Open311, in person, the API and
  imports; social care and noise are asked for more by phone.
- Priorities: mostly the definition's default, some high, low and urgent (where the
  service has a deadline for them); each due time is the engine's own (working days,
  bank holidays), computed once per hour of the day and kept.
- Outcomes: about 80% are closed before they are due and most of the rest a few days
  late; 1% are left open; closed cases end in the workflow's closing states (mostly the
  first); about 4% of those the workflow lets be reopened are, and most are closed again.
  Cases closing after `until` are still open there, in a state of their workflow, and
  overdue when their due time has passed (marked as already escalated, so the next SLA
  sweep does not escalate them all at once).
- Places: points inside the organisation's area; staff: its caseworkers and service
  owners, when it has any. No reporter and no personal data.

Each case gets its `submitted` event, a `transition` event for each close and a
`reopened` event for each reopening, so the insight rollups count them on their next
catch-up. Rows are written by fixed multi-row INSERTs, many thousands per transaction,
with explicit ids: the same seed and the same starting database (and `until`) give the
very same rows.
"""

import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from commonweal.cases.models import Case, Event
from commonweal.core.dbstats import refresh_statistics
from commonweal.demo import seasons
from commonweal.demo.generated_offerings import Offering, live_offerings
from commonweal.demo.generated_rows import Writer, write

__all__ = ["Generated", "NoLiveOfferings", "generate_cases"]

BATCH = 20_000
REBUILD_INDEXES_FROM = 50_000  # cases: from here, indexes are made again at the end
Progress = Callable[[int, int], None]  # (done, total)


class NoLiveOfferings(Exception):
    """Nothing to generate cases for: no organisation runs a live service."""


@dataclass(frozen=True)
class Generated:
    count: int
    events: int
    seconds: float
    first: date
    until: date

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


def generate_cases(
    *,
    count: int,
    seed: int = 1,
    years: int = 3,
    until: date | None = None,
    progress: Progress | None = None,
) -> Generated:
    """Add `count` generated cases (see the module notes); what was made, and how fast."""
    if count <= 0:
        raise ValueError("the number of cases must be at least 1")
    if not 1 <= years <= 20:
        raise ValueError("years must be between 1 and 20")
    started = time.perf_counter()
    until = until or timezone.localdate()
    days = [until - timedelta(days=n) for n in range(years * 365, 0, -1)]
    first_case = (Case.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    first_event = (Event.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    rng = random.Random(f"commonweal-generate:{seed}:{first_case}")  # noqa: S311 (repeatable on purpose)  # nosec B311
    offerings = live_offerings(rng)
    if not offerings:
        raise NoLiveOfferings(
            "No organisation runs a live service, so there is nothing to generate cases for. "
            "Run `commonweal demo --no-serve` (or make an offering live) first."
        )
    writer = Writer(next_case=first_case, next_event=first_event, until=until)
    done = events = 0
    with _indexes_set_aside(count >= REBUILD_INDEXES_FROM):
        for cases, made in _batches(writer, rng, offerings, days, count):
            write(cases, made)
            done, events = done + len(cases), events + len(made)
            if progress:
                progress(done, count)
    _reset_sequences()
    refresh_statistics(after_bulk_load=True)
    return Generated(
        count=done,
        events=events,
        seconds=time.perf_counter() - started,
        first=days[0],
        until=until,
    )


def _batches(
    writer: Writer, rng: random.Random, offerings: list[Offering], days: list[date], count: int
) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Batches of rows, made in a second thread while this one writes the one before.

    The database drivers let go of Python's lock while the database works, so making and
    writing overlap. The rows and their order are the same as without the thread.
    """
    shares = _cases_per_day(offerings, days, count)
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand_over(item: object) -> None:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def make() -> None:
        try:
            for index, n in shares:
                if stop.is_set():
                    return
                writer.add_day(rng=rng, index=index, day=days[index], count=n, offerings=offerings)
                if writer.pending >= BATCH:
                    hand_over(writer.take())
            if writer.pending:
                hand_over(writer.take())
            hand_over(None)
        except BaseException as problem:  # raised again in the writing thread
            hand_over(problem)

    maker = threading.Thread(target=make, name="generate-cases", daemon=True)
    maker.start()
    try:
        while (batch := ready.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield batch
    finally:
        stop.set()
        maker.join()


def _cases_per_day(
    offerings: list[Offering], days: list[date], count: int
) -> list[tuple[int, int]]:
    """Share `count` between the days by their total weight (rounded so they sum to it)."""
    for offering in offerings:
        weights = seasons.day_weights(code=offering.code, days=days, nation=offering.nation)
        offering.day_weights = [w * offering.scale for w in weights]
    totals = [sum(o.day_weights[i] for o in offerings) for i in range(len(days))]
    running = list(accumulate(totals))
    whole = running[-1]
    shares, given = [], 0
    for index, upto in enumerate(running):
        reached = round(count * upto / whole)
        if reached > given:
            shares.append((index, reached - given))
        given = reached
    return shares


@contextmanager
def _indexes_set_aside(wanted: bool) -> Iterator[None]:
    """Drop the cases' and events' secondary indexes, and make them again at the end.

    Building an index once over sorted rows costs far less than keeping a dozen indexes
    up to date row by row. It all runs in one transaction (both databases change their
    schema inside one), so a failure leaves the schema and the data as they were. Indexes
    that back a constraint (primary keys, unique references) stay.
    """
    if not wanted:
        yield
        return
    tables = [Case._meta.db_table, Event._meta.db_table]
    with transaction.atomic(), connection.cursor() as cursor, _big_cache(cursor):
        cursor.execute(_SECONDARY_INDEXES[connection.vendor], tables)
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        foreign_keys = _foreign_keys_set_aside(cursor, tables)
        yield
        for _, sql in indexes:
            cursor.execute(sql)
        for table, name, definition in foreign_keys:
            quote = connection.ops.quote_name
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def _foreign_keys_set_aside(cursor, tables: list[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: drop the foreign keys of the tables; (table, name, definition) to re-add.

    Each row would otherwise queue a check that runs at commit, one lookup at a time;
    adding the constraint back checks every row in one join. SQLite does not enforce
    them row by row while loading (Django checks them at commit), so it keeps them.
    """
    if connection.vendor != "postgresql":
        return []
    # Checks still queued by earlier work in this transaction would stop ALTER TABLE.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        "SELECT cl.relname, co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint co "
        "JOIN pg_class cl ON cl.oid = co.conrelid WHERE co.contype = 'f' "
        "AND cl.relname IN (%s, %s) AND cl.relnamespace = current_schema()::regnamespace "
        "ORDER BY cl.relname, co.conname",
        tables,
    )
    found = cursor.fetchall()
    for table, name, _ in found:
        quote = connection.ops.quote_name
        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    return found


_SECONDARY_INDEXES = {
    "sqlite": (
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN (%s, %s) ORDER BY name"
    ),
    "postgresql": (
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename IN (%s, %s) AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conindid <> 0) ORDER BY indexname"
    ),
}


@contextmanager
def _big_cache(cursor) -> Iterator[None]:
    """More memory for sorting while the indexes are made, then as it was."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        yield
        return
    cursor.execute("PRAGMA cache_size")
    before = cursor.fetchone()[0]
    cursor.execute("PRAGMA cache_size = -262144")
    cursor.execute("PRAGMA threads = 2")  # index sorts may use a second core
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")
        cursor.execute("PRAGMA threads = 0")


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind: move them past the new rows."""
    if connection.vendor == "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, Event]):
            cursor.execute(sql)
