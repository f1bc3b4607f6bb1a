"""Reads of cases used by more than one caller: the staff queue and a case's timeline.

The queue pages with a keyset, never an offset, and never counts: each page is one
indexed range scan of `limit + 1` rows (the extra row says whether there is more), so a
page costs the same at case 50 and at case 1,000,000. A cursor is opaque to callers; it
holds the sort, the direction and the sort key and id of the row the page starts after.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import DateTimeField, F, Func, Q, QuerySet
from django.db.models.lookups import LessThan
from django.utils import timezone

from commonweal.cases import references
from commonweal.cases.models import Case, Event
from commonweal.organisations.permissions import is_platform_admin, organisations_with_cases
from commonweal.services.models import ServiceOffering

LONDON = ZoneInfo("Europe/London")
SORTS = ("newest", "oldest", "due")
STATE_GROUPS = ("open", "closed", "any")
# Up to this many organisations, a member's queue asks each organisation's index in turn
# and merges the pages; `organisation IN (…)` with a sort would read every matching row.
MAX_SPLIT = 12
# Columns the queue's table does not show: left in the database.
NOT_LISTED = ("answers", "description", "address", "lat", "lon", "updated_at")


class BadCursor(ValueError):
    """A cursor that this code did not make, or made for another sort."""


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to. Empty values filter nothing.

    `state` is "open", "closed", "any" or a state id. `assignee` is a user id, "me" or
    "unassigned". Dates are days in Europe/London, both ends included. A `text` that is a
    full case reference finds that case whatever the other filters say; other text finds
    cases whose description holds every word.
    """

    state: str = "open"
    service: str = ""
    team: int | None = None
    assignee: int | Literal["me", "unassigned"] | None = None
    priority: str = ""
    overdue: bool = False
    channel: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    text: str = ""
    sort: str = "newest"


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    next_cursor: str | None
    previous_cursor: str | None


def normalise_reference(text: str) -> str | None:
    """`CW-7K3F-9Q2M` from a reference typed in any case, with or without hyphens."""
    return references.normalise(text) if references.is_reference(text) else None


def queue(
    *,
    user,
    filters: QueueFilters,
    after: str | None = None,
    limit: int = 50,
    joined: tuple[str, ...] = (),
) -> QueuePage:
    """A page of the cases `user` may see, filtered and sorted; `after` is a page's cursor.

    `joined` names related rows to read in the same query (`select_related`).
    """
    if filters.sort not in SORTS:
        raise ValueError(f"unknown sort {filters.sort!r}")
    cases = Case.objects.visible_to(user)
    if joined:  # select_related() with no names would follow every foreign key
        cases = cases.select_related(*joined)
    base = filtered(cases, user=user, filters=filters)
    scopes = _scopes(base.defer(*NOT_LISTED), user)
    keyset = _Keyset(filters.sort)
    position = keyset.decode(after) if after else None
    if position is None or position.forward:
        rows = keyset.fetch(scopes, position, limit + 1, forward=True)
        more = len(rows) > limit
        rows = rows[:limit]
        return _page(
            keyset,
            rows,
            has_next=more,
            has_previous=position is not None and bool(rows),
        )
    rows = keyset.fetch(scopes, position, limit + 1, forward=False)
    if len(rows) <= limit:  # back at the start: show the first page in full
        return queue(user=user, filters=filters, limit=limit, joined=joined)
    rows = rows[:limit][::-1]
    return _page(keyset, rows, has_next=True, has_previous=True)


def _scopes(cases: QuerySet[Case], user) -> list[QuerySet[Case]]:
    """One query per organisation for a member of a few, so each uses its own index."""
    if is_platform_admin(user):
        return [cases]
    organisation_ids = organisations_with_cases(user)
    if 1 < len(organisation_ids) <= MAX_SPLIT:
        return [cases.filter(organisation_id=pk) for pk in organisation_ids]
    return [cases]


def filtered(cases: QuerySet[Case], *, user, filters: QueueFilters) -> QuerySet[Case]:
    reference = normalise_reference(filters.text) if filters.text else None
    if reference:
        return cases.filter(reference=reference)
    if filters.state == "open":
        cases = cases.filter(closed_at__isnull=True)
    elif filters.state == "closed":
        cases = cases.filter(closed_at__isnull=False)
    elif filters.state != "any":
        cases = cases.filter(state=filters.state)
    if filters.service:
        offerings = ServiceOffering.objects.filter(service_code=filters.service)
        cases = cases.filter(offering_id__in=list(offerings.values_list("pk", flat=True)))
    if filters.team is not None:
        cases = cases.filter(team_id=filters.team)
    if filters.assignee == "me":
        cases = cases.filter(assignee_id=user.pk)
    elif filters.assignee == "unassigned":
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee is not None:
        cases = cases.filter(assignee_id=filters.assignee)
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.overdue:
        due = F("due_at") if filters.sort == "due" else _Unindexed(F("due_at"))
        cases = cases.filter(LessThan(due, timezone.now()), closed_at__isnull=True)
    if filters.channel:
        cases = cases.filter(channel=filters.channel)
    if filters.submitted_from:
        cases = cases.filter(submitted_at__gte=_start_of(filters.submitted_from))
    if filters.submitted_to:
        cases = cases.filter(submitted_at__lt=_start_of(filters.submitted_to + timedelta(days=1)))
    for word in filters.text.split():
        cases = cases.filter(description__icontains=word)
    return cases


class _Unindexed(Func):
    """The column as is, but SQLite is told (`+column`) not to pick an index for it.

    Overdue cases sorted by submission: without this SQLite takes the open-due index for
    `due_at < now`, reads every overdue case and sorts them (40 ms at 1,000,000 cases);
    with it, it walks the open cases newest first and stops at the 51st (under 1 ms).
    PostgreSQL plans from its statistics and gets the column unchanged.
    """

    template = "%(expressions)s"
    output_field = DateTimeField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


@dataclass(frozen=True)
class _Position:
    forward: bool
    value: datetime | None  # None: a case with no due time, listed after all the others
    pk: int


@dataclass(frozen=True)
class _Segment:
    """A run of rows in one order: (field, id), or id alone for the rows whose field is null."""

    field: str | None
    descending: bool
    only: Callable[[QuerySet[Case]], QuerySet[Case]]

    def rows(self, cases: QuerySet[Case], position: _Position | None, forward: bool, n: int):
        cases = self.only(cases)
        descending = self.descending != (not forward)
        if position is not None:
            cases = self._beyond(cases, position, descending)
        keys = [self.field, "id"] if self.field else ["id"]
        order = [f"-{key}" if descending else key for key in keys]
        return list(cases.order_by(*order)[:n])

    def _beyond(self, cases: QuerySet[Case], position: _Position, descending: bool):
        strictly, inclusive = ("lt", "lte") if descending else ("gt", "gte")
        if self.field is None:
            return cases.filter(**{f"id__{strictly}": position.pk})
        # `field <= v AND (field < v OR id < pk)`: the first term is an index range.
        return cases.filter(**{f"{self.field}__{inclusive}": position.value}).filter(
            Q(**{f"{self.field}__{strictly}": position.value})
            | Q(**{f"id__{strictly}": position.pk})
        )


class _Keyset:
    def __init__(self, sort: str) -> None:
        self.sort = sort
        if sort == "due":  # soonest first; cases without a due time last
            self.segments = [
                _Segment("due_at", False, lambda qs: qs.filter(due_at__isnull=False)),
                _Segment(None, False, lambda qs: qs.filter(due_at__isnull=True)),
            ]
        else:
            self.segments = [_Segment("submitted_at", sort == "newest", lambda qs: qs)]

    def value(self, case: Case) -> datetime | None:
        return case.due_at if self.sort == "due" else case.submitted_at

    def fetch(self, scopes, position: _Position | None, n: int, *, forward: bool) -> list[Case]:
        """The first n rows beyond the position, merged across the scopes in sort order."""
        if len(scopes) == 1:
            return self._fetch(scopes[0], position, n, forward)
        rows = [row for scope in scopes for row in self._fetch(scope, position, n, forward)]
        rows.sort(key=self._key, reverse=(self.sort == "newest") == forward)
        return rows[:n]

    def _key(self, case: Case) -> tuple:
        value = self.value(case)
        return (value is None, value.timestamp() if value else 0.0, case.pk)

    def _fetch(self, cases, position: _Position | None, n: int, forward: bool) -> list[Case]:
        start = 0 if position is None else self._segment_of(position)
        indexes = range(start, len(self.segments)) if forward else range(start, -1, -1)
        rows: list[Case] = []
        for i in indexes:
            bound = position if i == start else None
            rows += self.segments[i].rows(cases, bound, forward, n - len(rows))
            if len(rows) >= n:
                break
        return rows

    def _segment_of(self, position: _Position) -> int:
        return 1 if self.sort == "due" and position.value is None else 0

    def encode(self, case: Case, *, forward: bool) -> str:
        value = self.value(case)
        raw = [self.sort, "n" if forward else "p", value.isoformat() if value else None, case.pk]
        text = json.dumps(raw, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(text).decode().rstrip("=")

    def decode(self, cursor: str) -> _Position:
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            sort, direction, value, pk = json.loads(text)
            when = datetime.fromisoformat(value) if value is not None else None
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise BadCursor("not a queue cursor") from None
        if sort != self.sort or direction not in ("n", "p") or type(pk) is not int:
            raise BadCursor("a cursor for another list")
        if (when is None and self.sort != "due") or (when is not None and when.tzinfo is None):
            raise BadCursor("not a queue cursor")
        return _Position(forward=direction == "n", value=when, pk=pk)


def _page(keyset: _Keyset, rows: list[Case], *, has_next: bool, has_previous: bool) -> QueuePage:
    return QueuePage(
        cases=rows,
        next_cursor=keyset.encode(rows[-1], forward=True) if has_next and rows else None,
        previous_cursor=keyset.encode(rows[0], forward=False) if has_previous and rows else None,
    )


def case_timeline(*, case: Case, public_only: bool) -> list[Event]:
    """The case's events, oldest first; only the public ones if asked.

    Staff see who acted, read in the same query. The public timeline names no one, so its
    events come without their actors.
    """
    events = Event.objects.filter(case=case).order_by("at", "id")
    if public_only:
        return list(events.filter(public=True))
    return list(events.select_related("actor"))
