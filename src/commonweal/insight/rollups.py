"""Daily rollups kept from the cases' event log: catch up, check freshness, rebuild.

Intake writes nothing here (it must stay fast). Every change of a case writes an `Event`;
`catch_up` reads the events it has not applied yet, recomputes the facts of the cases they
touch and adds the difference to the rollups, and records how far it got, all in one
transaction: an event is applied once, and none is lost. One catch-up runs at a time
(the `RollupState` row is its lock). `fresh()` catches up only when an event is waiting,
cheaply enough to run before every dashboard read; `commonweal rollups` (run by `tick`)
catches up too; `commonweal rollups --rebuild` starts again from all cases and events.

Commit order: on PostgreSQL an event id is taken when the row is inserted but seen only
when its transaction commits, so a lower id can appear after a higher one was read. The
ids skipped below the highest one applied (`RollupState.top`) are kept as
`PendingEvent` rows and read again by every catch-up; one that appears is applied then.
One still missing after `PATIENCE` (longer than any transaction may run) belonged to a
transaction that rolled back, and is forgotten. SQLite writes one transaction at a time,
so ids appear in order there, but the same code serves both.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from commonweal.cases.models import Case, Event
from commonweal.core import rawsql
from commonweal.insight import rollup_facts
from commonweal.insight.models import (
    COUNT_FIELDS,
    CaseFact,
    DailyRollup,
    OrganisationDay,
    PendingEvent,
    RollupState,
)

__all__ = ["PATIENCE", "catch_up", "fresh", "rebuild", "refresh_cases"]

PATIENCE = timedelta(minutes=15)
BATCH = 2_000
FACT_CHUNK = 100_000
MAX_PENDING = 10_000
Progress = Callable[[int, int, str], None]  # (done, total, what)
Key = tuple[int, int, str, object]  # organisation, offering, channel, day


def fresh() -> int:
    """Catch up if an event is waiting: one small indexed query when none is (written out:
    the ORM would take longer to build it than the database to answer)."""
    events, state = rawsql.table(Event), rawsql.table(RollupState)
    pending = rawsql.table(PendingEvent)
    sql = (
        # MAX(id) reads the end of the primary key; `WHERE id > top` would be planned by
        # PostgreSQL as a scan of every event (it cannot know the top is the highest id).
        f"SELECT COALESCE((SELECT MAX(id) FROM {events}), 0) > "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"COALESCE((SELECT top FROM {state} WHERE id = 1), 0) "
        f"OR EXISTS (SELECT 1 FROM {pending} p JOIN {events} e ON e.id = p.event_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        waiting = cursor.fetchone()[0]
    return catch_up() if waiting else 0


def catch_up(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Apply every event not applied yet to the rollups; the number of events applied.

    `now` stands for the time of reading (tests use it to make time pass).
    """
    applied = 0
    while True:
        with transaction.atomic():
            state = _lock()
            read_at = now or timezone.now()
            pending = dict(PendingEvent.objects.values_list("event_id", "noticed_at"))
            new = list(
                Event.objects.filter(Q(id__gt=state.top) | Q(id__in=list(pending)))
                .order_by("id")
                .values_list("id", "case_id")[:batch]
            )
            _track_gaps(state, pending, [pk for pk, _ in new], read_at)
            if new:
                _apply(events=[pk for pk, _ in new], cases={case for _, case in new})
            state.caught_up_at = read_at
            state.save(update_fields=["top", "caught_up_at"])
        applied += len(new)
        if len(new) < batch:
            return applied


def refresh_cases(*, case_ids: Iterable[int]) -> None:
    """Recompute what these cases add to the rollups from their rows, as they are now.

    For writers that store cases without events (a bulk import): their cases count once
    this has run for them. Safe to run for any case at any time.
    """
    ids = sorted(set(case_ids))
    for first in range(0, len(ids), BATCH):
        with transaction.atomic():
            _lock()
            _apply(events=[], cases=set(ids[first : first + BATCH]))


def rebuild(*, progress: Progress | None = None) -> None:
    """Start the rollups again from every case and event, in one transaction.

    Set-based: the facts are written by INSERT … SELECT over the cases, in chunks of ids
    (for the progress bar), and the rollups by a few INSERT … SELECT … GROUP BY over the
    facts and the events (`_insert_rollups`). On
    PostgreSQL the transaction reads one snapshot (REPEATABLE READ), so the events it
    counts are exactly those below `top` that were committed when it began; the ones
    still being written are left pending for catch-up.
    """
    report = progress or (lambda done, total, what: None)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            _rebuild(report)
    else:
        with transaction.atomic():
            _rebuild(report)


def _rebuild(report: Progress) -> None:
    started = timezone.now()
    state = _lock()
    top = Event.objects.aggregate(top=Max("id"))["top"] or 0
    with connection.cursor() as cursor:
        for model in (DailyRollup, OrganisationDay, CaseFact, PendingEvent):
            # No WHERE: SQLite empties the table at once instead of row by row.
            cursor.execute(f"DELETE FROM {rawsql.table(model)}")  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
    high = Case.objects.aggregate(high=Max("id"))["high"] or 0
    steps = high // FACT_CHUNK + 3
    for step, first in enumerate(range(0, high + 1, FACT_CHUNK)):
        report(step, steps, "cases")
        rollup_facts.store_facts(Case.objects.filter(id__gte=first, id__lt=first + FACT_CHUNK))
    report(steps - 2, steps, "rollups")
    _insert_rollups(CaseFact.objects.all(), Event.objects.filter(id__lte=top))
    report(steps - 1, steps, "totals")
    _insert_totals()
    if connection.vendor == "postgresql":
        _pend_unseen(top, started)
    state.top, state.rebuilt_at, state.caught_up_at = top, started, started
    state.save()
    report(steps, steps, "done")


def _lock() -> RollupState:
    """The state row, locked: one catch-up or rebuild at a time.

    On SQLite the write transaction (IMMEDIATE) is the lock; on PostgreSQL, the row lock.
    """
    RollupState.objects.get_or_create(pk=1)
    return RollupState.objects.select_for_update().get(pk=1)


def _track_gaps(
    state: RollupState, pending: dict[int, datetime], seen: Sequence[int], read_at: datetime
) -> None:
    """Move `top` to the highest id seen, and keep the ids skipped below it as pending."""
    found = set(seen)
    done = [pk for pk in pending if pk in found]
    expired = [
        pk for pk, noticed in pending.items() if pk not in found and noticed < read_at - PATIENCE
    ]
    PendingEvent.objects.filter(event_id__in=done + expired).delete()
    above = [pk for pk in seen if pk > state.top]
    if not above:
        return
    # Ids far below the highest one seen cannot belong to a transaction still running (a
    # sequence that jumped, rows deleted); nor can any before the very first catch-up.
    floor = max(state.top + 1, max(above) - MAX_PENDING)
    if state.caught_up_at is None and state.rebuilt_at is None:
        floor = min(above)
    skipped = sorted(set(range(floor, max(above))) - found)
    PendingEvent.objects.bulk_create(
        [PendingEvent(event_id=pk, noticed_at=read_at) for pk in skipped]
    )
    state.top = max(above)


def _apply(*, events: Sequence[int], cases: set[int]) -> None:
    """Add to the rollups what these events and these cases' changed facts make."""
    changes: dict[Key, list[int]] = defaultdict(lambda: [0] * len(COUNT_FIELDS))
    old = CaseFact.objects.filter(case_id__in=cases)
    _collect(changes, (rollup_facts.submissions(old), rollup_facts.closes(old)), sign=-1)
    old.delete()
    rollup_facts.store_facts(Case.objects.filter(id__in=cases))
    new = CaseFact.objects.filter(case_id__in=cases)
    parts: list[QuerySet] = [rollup_facts.submissions(new), rollup_facts.closes(new)]
    if events:
        happened = Event.objects.filter(id__in=events)
        parts += [
            rollup_facts.reopenings(happened),
            rollup_facts.undone_closes(happened),
            rollup_facts.ratings(happened),
        ]
    _collect(changes, parts, sign=1)
    _upsert(changes)


def _collect(changes: dict[Key, list[int]], parts: Iterable[QuerySet], sign: int) -> None:
    width = len(rollup_facts.KEY)
    for part in parts:
        for row in part.values_list(*rollup_facts.KEY, *COUNT_FIELDS):
            counts = changes[row[:width]]
            for i, n in enumerate(row[width:]):
                counts[i] += sign * (n or 0)


def _upsert(changes: dict[Key, list[int]]) -> None:
    """Add the changes to DailyRollup and OrganisationDay; drop rows left all zero."""
    changed = {key: counts for key, counts in changes.items() if any(counts)}
    if not changed:
        return
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(COUNT_FIELDS))
    for (organisation, _, _, day), counts in changed.items():
        total = totals[(organisation, day)]
        for i, n in enumerate(counts):
            total[i] += n
    _add(DailyRollup, ("organisation_id", "offering_id", "channel", "day"), changed)
    _add(OrganisationDay, ("organisation_id", "day"), totals)
    zero = Q(**dict.fromkeys(COUNT_FIELDS, 0))
    organisations = {key[0] for key in changed}
    days = {key[3] for key in changed}
    for model in (DailyRollup, OrganisationDay):
        model.objects.filter(zero, organisation_id__in=organisations, day__in=days).delete()


def _add(model, key: Sequence[str], changes: dict[tuple, list[int]]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*key, *COUNT_FIELDS]
    conflict = ", ".join(quote(name) for name in key)
    updates = ", ".join(
        f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in COUNT_FIELDS
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*k, *counts) for k, counts in changes.items()])


def _insert_rollups(facts: QuerySet, events: QuerySet) -> None:
    """Every DailyRollup row, set-based: each part's GROUP BY added in by INSERT … SELECT …
    ON CONFLICT DO UPDATE (cheaper than grouping the union of the parts again)."""
    parts = [
        rollup_facts.submissions(facts),
        rollup_facts.closes(facts),
        rollup_facts.reopenings(events),
        rollup_facts.undone_closes(events),
        rollup_facts.ratings(events),
    ]
    quote = connection.ops.quote_name
    table = rawsql.table(DailyRollup)
    columns = ", ".join(quote(c) for c in (*rollup_facts.KEY, *COUNT_FIELDS))
    conflict = ", ".join(quote(c) for c in ("organisation_id", "day", "offering_id", "channel"))
    updates = ", ".join(
        f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in COUNT_FIELDS
    )
    with connection.cursor() as cursor:
        for part in parts:
            sql, params = part.query.sql_with_params()
            # "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT after a SELECT.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM ({sql}) part "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
                f"WHERE 1 = 1 ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
                params,
            )


def _insert_totals() -> None:
    quote = connection.ops.quote_name
    key = ", ".join(quote(c) for c in ("organisation_id", "day"))
    sums = ", ".join(f"SUM({quote(c)})" for c in COUNT_FIELDS)
    columns = ", ".join(quote(c) for c in ("organisation_id", "day", *COUNT_FIELDS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(OrganisationDay._meta.db_table)} ({columns}) "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            f"SELECT {key}, {sums} FROM {quote(DailyRollup._meta.db_table)} GROUP BY {key}"
        )


def _pend_unseen(top: int, started: datetime) -> None:
    """PostgreSQL: ids below `top` missing from this snapshot, among recent events, pend.

    Only events of the last few PATIENCE windows are looked at: a transaction still
    writing began within PATIENCE, and its ids were taken after those of older events.
    """
    since = started - 3 * PATIENCE
    floor = Event.objects.filter(at__lt=since).order_by("-id").values_list("id", flat=True)[:1]
    low = next(iter(floor), 0)
    table = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, nxt FROM (SELECT id, LEAD(id) OVER (ORDER BY id) AS nxt "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            f"FROM {table} WHERE id >= %s) runs WHERE nxt > id + 1",
            [low],
        )
        gaps = cursor.fetchall()
    skipped = [pk for first, following in gaps for pk in range(first + 1, following)]
    PendingEvent.objects.bulk_create(
        [PendingEvent(event_id=pk, noticed_at=started) for pk in skipped[:100_000]]
    )


def timed_rebuild(progress: Progress | None = None) -> float:
    """Rebuild and give the seconds it took (for the command and the benchmark)."""
    began = time.perf_counter()
    rebuild(progress=progress)
    return time.perf_counter() - began
