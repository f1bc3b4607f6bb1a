"""Writing a batch of checked historical cases: set-based inserts, in fixed SQL.

SQLite: the batch's cases in one `executemany` of a prepared INSERT, then their events
made from them by two INSERT … SELECTs. PostgreSQL: ids drawn from the sequence, then the
cases and the events each in one COPY. Elsewhere (and when a test asks): one multi-row
INSERT … RETURNING per chunk of 1,000 cases (a clash with a reference already taken is
skipped by ON CONFLICT DO NOTHING and that case drawn again), then the events in one
`executemany`.
References are drawn for the whole batch at once; values the cases share (times as the
database stores them, the events' data) are prepared once.

No reporter, no photos, no notifications and no rules: historical cases happened
elsewhere; their events say only that they were submitted and, if so, closed.
"""

import functools
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime

from django.db import IntegrityError, connection, transaction

from commonweal.cases import references
from commonweal.cases.models import Case, Channel, Event, Priority
from commonweal.core.rawsql import copy_rows
from commonweal.insight.import_check import Planned, Service

LABEL = "Import"
REFERENCE_ATTEMPTS = 5
CASE_COLUMNS = (
    "reference", "offering_id", "definition_id", "organisation_id", "state", "priority",
    "answers", "description", "lat", "lon", "address", "channel", "submitted_at", "due_at",
    "closed_at", "overdue_fired_at", "clock_started_at", "reopened_count", "team_id",
    "version", "updated_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "case_id", "at", "kind", "actor_label", "public", "from_state", "to_state", "note", "data",
    "case_version",
)  # fmt: skip


# Random bytes map evenly onto the 30 characters of case references when those from 240
# (8 times 30) up are dropped; `bytes.translate` does it for a whole batch at once.
_SIZE = len(references.ALPHABET)
_USABLE = 256 - 256 % _SIZE
_TO_ALPHABET = bytes(ord(references.ALPHABET[b % _SIZE]) if b < _USABLE else 0 for b in range(256))
_UNUSABLE = bytes(range(_USABLE, 256))


def new_references(count: int) -> list[str]:
    """`count` random references in the form `references.new_reference` makes, at once."""
    chars = b""
    while len(chars) < 8 * count:
        more = os.urandom(9 * count + 64).translate(_TO_ALPHABET, _UNUSABLE)
        chars += more
    text = chars[: 8 * count].decode("ascii")
    prefix = references.PREFIX
    return [f"{prefix}-{text[i : i + 4]}-{text[i + 4 : i + 8]}" for i in range(0, 8 * count, 8)]


def unwritten_columns() -> list[str]:
    """Columns that need a value but are not written here: none (the tests check)."""
    return [
        f"{model.__name__}.{field.column}"
        for model, written in ((Case, CASE_COLUMNS), (Event, EVENT_COLUMNS))
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.column in written or field.null)
    ]


@functools.cache
def _case_sql(vendor: str, rows: int) -> str:
    quote = connection.ops.quote_name
    row = f"({', '.join(['%s'] * len(CASE_COLUMNS))})"
    return (
        f"INSERT INTO {quote(Case._meta.db_table)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"({', '.join(quote(c) for c in CASE_COLUMNS)}) VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({quote('reference')}) DO NOTHING "
        f"RETURNING {quote('id')}, {quote('reference')}"
    )


@functools.cache
def _event_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {quote(Event._meta.db_table)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"({', '.join(quote(c) for c in EVENT_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})"
    )


def _time_param():
    """A function turning an aware UTC time into the value the database stores."""
    if connection.vendor == "sqlite":
        # As Django's SQLite backend stores it: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return lambda moment: str(moment.replace(tzinfo=None)) if moment is not None else None
    return lambda moment: moment


def _chunk_size() -> int:
    limit = connection.features.max_query_params or 60_000
    return max(1, min(1000, limit // len(CASE_COLUMNS)))


def write_batch(
    *,
    rows: Sequence[Planned],
    services: Sequence[Service],
    organisation_id: int,
    run_id: int,
    now: datetime,
    portable: bool | None = None,
) -> int:
    """Insert the cases and their events; call inside the batch's transaction.

    SQLite and PostgreSQL each take their own fastest way in; `portable` (what other
    databases take, and what a test may ask for) uses only SQL both accept.
    """
    if portable is None:
        portable = connection.vendor not in ("sqlite", "postgresql")
    stamp = _time_param()
    now_value = stamp(now.astimezone(UTC))
    shared = [
        (s.offering_id, s.definition_id, organisation_id, s.priority or Priority.NORMAL, s.team_id)
        for s in services
    ]
    initial = [s.initial for s in services]
    run_part = f', "import_run": {int(run_id)}'
    channel = Channel.IMPORT.value
    dumps = json.dumps
    due_values: dict[datetime, object] = {}
    values = []
    for row in rows:
        answers = f'{{"imported_reference": {dumps(row.reference)}{run_part}'
        if row.channel:
            answers += f', "imported_channel": {dumps(row.channel)}'
        answers += f', "imported_category": {dumps(row.category)}}}'
        submitted = stamp(row.submitted_at)
        due = due_values.get(row.due_at)
        if due is None:
            due = due_values[row.due_at] = stamp(row.due_at)
        offering, definition, organisation, priority, team = shared[row.service]
        closed = row.closed_at
        values.append(
            [
                "", offering, definition, organisation, row.state, priority, answers,
                row.description, row.lat, row.lon, "", channel, submitted, due,
                stamp(closed) if closed is not None else None,
                now_value if closed is None and row.due_at < now else None,
                submitted, 0, team, 1 if row.state == initial[row.service] else 2, now_value,
            ]
        )  # fmt: skip
    if portable:
        ids = _insert_cases(values)
        _insert_events(_event_rows(rows, services, ids, run_id, stamp))
    elif connection.vendor == "postgresql":
        _commit_without_waiting()
        ids = _copy_cases_postgresql(values)
        copy_rows(Event, EVENT_COLUMNS, _event_rows(rows, services, ids, run_id, stamp))
    else:
        first, last = _insert_cases_sqlite(values)
        _copy_events_sqlite(first, last, services, run_id)
    return len(rows)


def _insert_cases(values: list[list]) -> list[int]:
    """PostgreSQL: multi-row INSERT … RETURNING in chunks; the ids, in the rows' order.

    A clash with a reference already taken is skipped (ON CONFLICT DO NOTHING) and that
    case drawn again.
    """
    ids: list[int] = [0] * len(values)
    waiting = list(range(len(values)))
    size = _chunk_size()
    with connection.cursor() as cursor:
        for _ in range(REFERENCE_ATTEMPTS):
            clashed: list[int] = []
            for start in range(0, len(waiting), size):
                chunk = waiting[start : start + size]
                by_reference = {}
                params = []
                for position, reference in zip(chunk, new_references(len(chunk)), strict=True):
                    values[position][0] = reference
                    by_reference[reference] = position
                    params += values[position]
                cursor.execute(_case_sql(connection.vendor, len(chunk)), params)
                for pk, reference in cursor.fetchall():
                    ids[by_reference.pop(reference)] = pk
                clashed += by_reference.values()
            if not clashed:
                return ids
            waiting = clashed
    raise IntegrityError(f"No free case reference after {REFERENCE_ATTEMPTS} tries.")


def _commit_without_waiting() -> None:
    """PostgreSQL: this batch's commit does not wait for its WAL to reach the disk.

    A batch's WAL (a case touches seventeen indexes) takes long to flush. Should the server
    stop before it is flushed, the batch is lost whole, together with the run's count of
    rows written, which the same transaction moves on; resuming writes the batch again.
    Nothing half-written can remain, and other work keeps its own setting.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _copy_cases_postgresql(values: list[list]) -> list[int]:
    """PostgreSQL: ids drawn from the table's sequence, then the rows in one COPY.

    COPY streams rows without a statement to parse, several times faster than INSERTs of
    many rows. A reference already taken fails the COPY inside its savepoint, and every
    reference of the batch is drawn again.
    """
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), len(values)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    for _ in range(REFERENCE_ATTEMPTS):
        for row, reference in zip(values, new_references(len(values)), strict=True):
            row[0] = reference
        try:
            with transaction.atomic():
                rows = [[pk, *row] for pk, row in zip(ids, values, strict=True)]
                copy_rows(Case, ("id", *CASE_COLUMNS), rows)
        except connection.Database.errors.UniqueViolation:
            continue  # the only unique column written is the reference
        return ids
    raise IntegrityError(f"No free case reference after {REFERENCE_ATTEMPTS} tries.")


def _insert_cases_sqlite(values: list[list]) -> tuple[int, int]:
    """SQLite: one `executemany` of a prepared INSERT, the fastest way in.

    The batch's transaction holds SQLite's only write lock, and the table's ids come from
    AUTOINCREMENT, so the rows take consecutive ids after the highest used (checked
    against the last one inserted). Returns the first and the last.
    """
    quote = connection.ops.quote_name
    table = quote(Case._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in CASE_COLUMNS)}) "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"VALUES ({', '.join(['?'] * len(CASE_COLUMNS))})"
    )
    raw = connection.connection
    for _ in range(REFERENCE_ATTEMPTS):
        for row, reference in zip(values, new_references(len(values)), strict=True):
            row[0] = reference
        try:
            with transaction.atomic():
                last = _last_id(raw)
                raw.executemany(sql, values)
        except connection.Database.IntegrityError:
            continue  # a reference already taken: draw them all again
        newest = raw.execute("SELECT last_insert_rowid()").fetchone()[0]
        if newest - last != len(values):
            raise IntegrityError("The imported cases did not take consecutive ids.")
        return last + 1, newest
    raise IntegrityError(f"No free case reference after {REFERENCE_ATTEMPTS} tries.")


def _last_id(raw) -> int:
    table = Case._meta.db_table
    found = raw.execute(
        "SELECT MAX(seq) FROM (SELECT seq FROM sqlite_sequence WHERE name = ? "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"UNION ALL SELECT MAX(id) FROM {connection.ops.quote_name(table)})",
        (table,),
    ).fetchone()[0]
    return found or 0


def _transition_data(run_id: int, service: Service, to_state: str) -> str:
    workflow = service.definition.workflow
    moves = [t for t in workflow.transitions if t.to == to_state]
    made = next(
        (t for t in moves if workflow.initial in t.from_states), moves[0] if moves else None
    )
    label = made.label if made else workflow.state(to_state).label
    return json.dumps(
        {"transition": made.id if made else None, "label": label, "import_run": run_id}
    )


def _event_rows(rows, services, ids, run_id, stamp) -> list[tuple]:
    """Each case's `submitted` event, and a `transition` for a case in another state."""
    events = []
    submitted_data = json.dumps({"channel": Channel.IMPORT.value, "import_run": run_id})
    moved_data: dict[tuple[int, str], str] = {}
    submitted_kind, moved_kind = Event.Kind.SUBMITTED.value, Event.Kind.TRANSITION.value
    for row, case_id in zip(rows, ids, strict=True):
        service = services[row.service]
        events.append(
            (
                case_id, stamp(row.submitted_at), submitted_kind, LABEL, True, "",
                service.initial, "", submitted_data, 1,
            )
        )  # fmt: skip
        if row.state != service.initial:
            at = row.closed_at or row.submitted_at
            data = moved_data.get((row.service, row.state))
            if data is None:
                data = moved_data[row.service, row.state] = _transition_data(
                    run_id, service, row.state
                )
            events.append(
                (
                    case_id, stamp(at), moved_kind, LABEL, True, service.initial, row.state, "",
                    data, 2,
                )
            )  # fmt: skip
    return events


def _insert_events(events: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(_event_sql(connection.vendor), events)


def _copy_events_sqlite(first: int, last: int, services: Sequence[Service], run_id: int) -> None:
    """SQLite: the batch's events made from its cases, set-based, in two INSERT … SELECTs.

    Every case gets `submitted` (at its opened time, into the initial state); a case in
    another state (version 2) a `transition` to it, at its closed time if it has one.
    """
    quote = connection.ops.quote_name
    cases, events = quote(Case._meta.db_table), quote(Event._meta.db_table)
    columns = ", ".join(quote(c) for c in EVENT_COLUMNS)
    initial_sql, initial_params = "CASE offering_id", []
    data_sql, data_params = "CASE", []
    for service in services:
        initial_sql += " WHEN ? THEN ?"
        initial_params += [service.offering_id, service.initial]
        for state in service.definition.workflow.states:
            if state.id != service.initial:
                data_sql += " WHEN offering_id = ? AND state = ? THEN ?"
                data_params += [
                    service.offering_id,
                    state.id,
                    _transition_data(run_id, service, state.id),
                ]
    initial_sql += " END"
    data_sql += " END"
    submitted = json.dumps({"channel": Channel.IMPORT.value, "import_run": run_id})
    raw = connection.connection
    raw.execute(
        f"INSERT INTO {events} ({columns}) SELECT id, submitted_at, ?, ?, 1, '', "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"{initial_sql}, '', ?, 1 FROM {cases} WHERE id BETWEEN ? AND ? ORDER BY id",
        [Event.Kind.SUBMITTED.value, LABEL, *initial_params, submitted, first, last],
    )
    raw.execute(
        f"INSERT INTO {events} ({columns}) SELECT id, COALESCE(closed_at, submitted_at), ?, ?, "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"1, {initial_sql}, state, '', {data_sql}, 2 FROM {cases} "
        "WHERE id BETWEEN ? AND ? AND version = 2 ORDER BY id",
        [Event.Kind.TRANSITION.value, LABEL, *initial_params, *data_params, first, last],
    )
