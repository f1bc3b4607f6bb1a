"""The rows of generated cases and their events, made in memory and written in bulk.

`Writer` makes each case's row and events from a random source, for the offerings
`demo.generated_offerings` read; `write` stores them with fixed multi-row INSERTs. Times are
whole seconds since the epoch until they are written. See `demo.generate` for the model.
"""

import json
import random
from bisect import bisect
from datetime import UTC, date, datetime, time, timedelta

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from commonweal.cases.models import Case, Channel, Event
from commonweal.core.rawsql import copy_rows
from commonweal.demo.generated_offerings import Offering
from commonweal.services.engine import calendar

__all__ = ["Writer", "write"]

CLOSED_IN_TIME = 0.80  # closed before the due time
LEFT_OPEN = 0.01  # never closed
LATE_MEAN_S = 4 * 86_400  # how late the rest are, on average
REOPENED = 0.04  # of the closes the workflow lets be reopened
AGAIN_MEAN_S = 5 * 86_400  # from reopening to the next close, on average
JITTER = 0.0016  # degrees, whole width: under 100 metres either way
PLACES = [
    "outside the school", "by the shops", "on the corner", "near the church",
    "opposite the park", "behind the library", "by the bus stop", "at the roundabout",
]  # fmt: skip


def _pick(rng: random.Random, names: list[str], cum: list[float]) -> str:
    return names[bisect(cum, rng.random() * cum[-1])]


def _columns(model, names: list[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


CASE_FIELDS = [
    "id", "reference", "offering", "definition", "organisation", "state", "priority",
    "answers", "description", "lat", "lon", "address", "channel", "submitted_at", "due_at",
    "closed_at", "overdue_fired_at", "clock_started_at", "reopened_count", "team",
    "assignee", "version", "updated_at",
]  # fmt: skip
EVENT_FIELDS = [
    "id", "case", "at", "kind", "actor", "actor_label", "public", "from_state", "to_state",
    "note", "data", "case_version",
]  # fmt: skip
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # as cases.references
SPAN = len(ALPHABET) ** 8
ROWS_PER_STATEMENT = 500


PAIRS = [a + b for b in ALPHABET for a in ALPHABET]  # two characters, least significant first


def reference(number: int) -> str:
    """The reference of the case with this id: a bijection scrambles the order."""
    n = (number * 96_889_010_407 + 12_345) % SPAN  # 7**13, coprime to 30**8
    n, first = divmod(n, 900)
    n, second = divmod(n, 900)
    fourth, third = divmod(n, 900)
    return f"CW-{PAIRS[first]}{PAIRS[second]}-{PAIRS[third]}{PAIRS[fourth]}"


MINUTES_SECONDS = [f"{m:02d}:{s:02d}" for m in range(60) for s in range(60)]


class _WorkingDays:
    """A nation's working days in order, and where each hour's requests start the clock."""

    def __init__(self, nation: str) -> None:
        self.nation = nation
        self.days: list[int] = []  # 17:00 UK time on each working day, in seconds
        self.position: dict[date, int] = {}
        self.starts: dict[int, int] = {}  # hour -> position of its start day
        self._first: date | None = None
        self._last = date.min

    def _extend_to(self, day: date) -> None:
        current = self._last
        while current < day:
            current = calendar.next_working_day(day=current, nation=self.nation)
            self.position[current] = len(self.days)
            closes = datetime.combine(current, calendar.DAY_ENDS, tzinfo=calendar.LONDON)
            self.days.append(int(closes.timestamp()))
        self._last = current

    def due(self, start: int, working_days: int) -> int:
        hour = start // 3600
        found = self.starts.get(hour)
        if found is None:
            moment = datetime.fromtimestamp(hour * 3600, UTC)
            first = calendar.start_day(start=moment, nation=self.nation)
            if self._first is None or first < self._first:  # begin (again) from here
                self.days, self.position, self.starts = [], {}, {}
                self._first, self._last = first, first - timedelta(days=1)
            self._extend_to(first + timedelta(days=3 * working_days + 14))
            found = self.starts[hour] = self.position[first]
        if found + working_days >= len(self.days):
            self._extend_to(self._last + timedelta(days=3 * working_days + 14))
        return self.days[found + working_days]


def _midnight(day: date) -> int:
    return int(datetime.combine(day, time(0), tzinfo=calendar.LONDON).timestamp())


class Writer:
    """Makes the rows of each day's cases, handed over in batches by `take`."""

    def __init__(self, *, next_case: int, next_event: int, until: date) -> None:
        self.next_case, self.next_event = next_case, next_event
        self.end = _midnight(until)
        self.cases: list[tuple] = []
        self.events: list[tuple] = []
        self._calendars: dict[str, _WorkingDays] = {}
        self._hours: dict[int, str] = {}
        self._json: dict[object, object] = {}
        self._database = connections[DEFAULT_DB_ALIAS]  # this thread's, also used by another
        self._sqlite = self._database.vendor == "sqlite"
        self._data_field = Event._meta.get_field("data")
        self._answers = self._prepared_json("answers", {})

    @property
    def pending(self) -> int:
        return len(self.cases)

    def add_day(
        self, *, rng: random.Random, index: int, day: date, count: int, offerings: list[Offering]
    ) -> None:
        """Make `count` cases submitted on this UK day, in the order they arrive."""
        midnight = _midnight(day)
        chosen = rng.choices(offerings, weights=[o.day_weights[index] for o in offerings], k=count)
        arrivals = []
        for offering in chosen:
            hour = bisect(offering.hour_cum, rng.random() * offering.hour_cum[-1])
            arrivals.append((midnight + hour * 3600 + int(rng.random() * 3600), offering))
        arrivals.sort(key=lambda arrival: arrival[0])
        for submitted, offering in arrivals:
            self._case(rng, offering, submitted)

    def _case(self, rng: random.Random, o: Offering, submitted: int) -> None:
        pk = self.next_case
        self.next_case += 1
        priority = _pick(rng, o.priorities, o.priority_cum)
        working_days = o.working_days.get(priority, 10)
        due = self._due_at(o.nation, working_days, submitted)
        channel = _pick(rng, o.channels, o.channel_cum)
        assignee = rng.choice(o.staff) if o.staff and rng.random() < 0.9 else None
        self._event(pk, submitted, "submitted", None, Channel(channel).label, "", o.initial,
                    "", ("submitted", channel), 1)  # fmt: skip
        version, clock, reopened, closed_at = 1, submitted, 0, None
        chance = rng.random()
        if chance < CLOSED_IN_TIME:
            closes = submitted + int((due - submitted) * (0.05 + 0.95 * rng.random()))
        elif chance < 1 - LEFT_OPEN:
            closes = due + int(rng.expovariate(1 / LATE_MEAN_S))
        else:
            closes = self.end
        if closes < self.end and o.closing:
            state = _pick(rng, o.closing, o.closing_cum)
            version = self._walk(pk, o.paths[state], submitted, closes, assignee, version)
            closed_at = closes
            if o.reopen and state in o.reopen[0] and rng.random() < REOPENED:
                back = closes + int(rng.uniform(3600, o.reopen[2] * 86_400))
                if back < self.end:
                    reopened, clock, version = 1, back, version + 1
                    due = self._due_at(o.nation, working_days, back)
                    self._event(pk, back, "reopened", None, "the reporter", state, o.reopen[1],
                                "", ("reopened",), version)  # fmt: skip
                    again, closed_at = back + int(rng.expovariate(1 / AGAIN_MEAN_S)), None
                    if again < self.end and o.reclose:
                        version = self._walk(pk, [o.reclose], back, again, assignee, version)
                        closed_at, state = again, o.reclose[3]
                    else:
                        state = o.reopen[1]
        else:
            state = o.initial
            if submitted < self.end - 2 * 86_400 and rng.random() < 0.7:
                state = rng.choice(o.open_states)
            if state == o.initial and rng.random() < 0.5:
                assignee = None
            moved = submitted + (self.end - submitted) // 3
            version = self._walk(pk, o.paths[state], submitted, moved, assignee, version)
        stamp = self._stamp
        lat, lon = self._place(rng, o)
        self.cases.append((
            pk, reference(pk), o.pk, o.definition_id, o.organisation_id, state, priority,
            self._answers, f"{rng.choice(o.phrases)} {rng.choice(PLACES)}.", lat, lon, "",
            channel, stamp(submitted), stamp(due), stamp(closed_at) if closed_at else None,
            stamp(due) if due < (closed_at or self.end) else None, stamp(clock), reopened,
            o.team_id, assignee, version, stamp(self.events[-1][2]),
        ))  # fmt: skip

    def _walk(self, pk, path, start: int, end: int, actor, version: int) -> int:
        """Transition events along `path`, spread over (start, end], the last at `end`."""
        for step, (move, label, came, went) in enumerate(path, start=1):
            version += 1
            at = start + (end - start) * step // len(path)
            self._event(pk, at, "transition", actor, "", came, went, f"{label}.",
                        ("transition", move, label), version)  # fmt: skip
        return version

    def _event(self, pk, at, kind, actor, label, came, went, note, data_key, version) -> None:
        self.events.append((
            self.next_event, pk, at, kind, actor, label, True, came, went, note,
            self._data(data_key), version,
        ))  # fmt: skip
        self.next_event += 1

    def _data(self, key: tuple) -> object:
        found = self._json.get(key)
        if found is None:
            if key[0] == "submitted":
                value = {"channel": key[1], "photos": 0, "rules_fired": []}
            elif key[0] == "reopened":
                value = {"by_reporter": True, "rules_fired": []}
            else:
                value = {"transition": key[1], "label": key[2], "rules_fired": []}
            found = self._json[key] = self._prepared_json("data", value)
        return found

    def _prepared_json(self, name: str, value: dict) -> object:
        if not self._sqlite:  # COPY sends text: the JSON itself, encoded once, not per row
            return json.dumps(value)
        model = Case if name == "answers" else Event
        return model._meta.get_field(name).get_db_prep_save(value, connection=self._database)

    def _place(self, rng: random.Random, o: Offering) -> tuple[float | None, float | None]:
        if not o.points:
            return None, None
        lat, lon = o.points[int(rng.random() * len(o.points))]
        return lat + (rng.random() - 0.5) * JITTER, lon + (rng.random() - 0.5) * JITTER

    def _due_at(self, nation: str, working_days: int, start: int) -> int:
        """The engine's due time (`calendar.due_at`), from tables made once per nation.

        The start day is looked up per hour (17:00 and midnight fall on the hour), the due
        day is that many working days on in the nation's list of working days.
        """
        table = self._calendars.get(nation)
        if table is None:
            table = self._calendars[nation] = _WorkingDays(nation)
        return table.due(start, working_days)

    def _stamp(self, seconds: int) -> object:
        """A time as the database takes it: SQLite's text, or an aware datetime."""
        if not self._sqlite:
            return datetime.fromtimestamp(seconds, UTC)
        hour, rest = divmod(seconds, 3600)
        text = self._hours.get(hour)
        if text is None:
            text = self._hours[hour] = f"{datetime.fromtimestamp(hour * 3600, UTC):%Y-%m-%d %H}:"
        return text + MINUTES_SECONDS[rest]

    def take(self) -> tuple[list[tuple], list[tuple]]:
        """The case and event rows made so far, ready to write (see `write`)."""
        cases, events = self.cases, [(*e[:2], self._stamp(e[2]), *e[3:]) for e in self.events]
        self.cases, self.events = [], []
        return cases, events


def write(cases: list[tuple], events: list[tuple]) -> None:
    """Store rows from `Writer.take`, in one transaction."""
    with transaction.atomic():
        _insert(Case, CASE_FIELDS, cases)
        _insert(Event, EVENT_FIELDS, events)


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """PostgreSQL: one COPY. SQLite: INSERTs of ROWS_PER_STATEMENT rows each, then the rest."""
    if connection.vendor == "postgresql":
        copy_rows(model, _columns(model, names), rows)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _columns(model, names))
    row = f"({', '.join(['%s'] * len(names))})"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
    whole = len(rows) - len(rows) % ROWS_PER_STATEMENT
    with connection.cursor() as cursor:
        if whole:
            sql = head + ", ".join([row] * ROWS_PER_STATEMENT)
            cursor.executemany(
                sql,
                [
                    [value for one in rows[first : first + ROWS_PER_STATEMENT] for value in one]
                    for first in range(0, whole, ROWS_PER_STATEMENT)
                ],
            )
        if whole < len(rows):
            rest = rows[whole:]
            cursor.execute(head + ", ".join([row] * len(rest)), [v for one in rest for v in one])
