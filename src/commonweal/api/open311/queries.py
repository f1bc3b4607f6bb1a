"""The reads behind Open311: jurisdictions, services, and requests at a million cases.

Requests are read with `.values()` and only the columns a GeoReport request shows. Every
filter leads with an indexed column (see Case.Meta.indexes): the reference (unique),
the organisation with -submitted_at, the offering with -submitted_at, or -submitted_at
alone; the status is a residual test on closed_at. What each row needs besides (its
definition, its organisation's name, its latest public note, the media_url a client sent)
comes in one query each for the whole page, never one per row.
"""

import heapq
import itertools
import operator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Max, Q

from commonweal.cases.models import Case, Event
from commonweal.core.rawsql import converter, placeholders, table, time_value
from commonweal.organisations.models import Organisation
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition, ServiceOffering

MAX_REQUESTS = 1000  # the largest page, and the most service_request_id values at once
PAGE_SIZE = 50  # a list's page unless the client asks for another size (page_size)
MERGE_UP_TO = 3  # offerings read one by one and merged; more are filtered while scanning
# Written by `submission` on every Open311 request: which client sent it, and its media_url.
SOURCE_KEY = "open311"
CASE_COLUMNS = (
    "id",
    "reference",
    "state",
    "description",
    "address",
    "lat",
    "lon",
    "submitted_at",
    "updated_at",
    "due_at",
    "closed_at",
    "definition_id",
    "organisation_id",
)
_LIGHT = ("document", "source_text")


def jurisdiction(jurisdiction_id: str) -> Organisation | None:
    """An active organisation by its slug (cambridge) or its GSS code (E07000008)."""
    wanted = jurisdiction_id.strip()
    if not wanted or len(wanted) > 100:
        return None
    return (
        Organisation.objects.filter(active=True)
        .filter(Q(slug__in={wanted, wanted.lower()}) | Q(gss_code=wanted.upper()))
        .first()
    )


def services(organisation: Organisation | None) -> list[engine.Definition]:
    """An organisation's live offerings; without one, every published standard service."""
    if organisation is not None:
        offerings = (
            ServiceOffering.objects.filter(organisation=organisation, live=True)
            .select_related("definition")
            .defer(*(f"definition__{name}" for name in _LIGHT))
            .order_by("service_code")
        )
        return [definitions.engine_definition(offering.definition) for offering in offerings]
    rows = (
        ServiceDefinition.objects.filter(owner=None, status=ServiceDefinition.Status.PUBLISHED)
        .defer(*_LIGHT)
        .order_by("code", "-version")
    )
    latest: dict[str, ServiceDefinition] = {}
    for row in rows:
        latest.setdefault(row.code, row)
    return [definitions.engine_definition(row) for row in latest.values()]


def service(code: str, organisation: Organisation | None) -> engine.Definition | None:
    """The version a request would be checked against: the organisation's, or the latest."""
    if organisation is not None:
        offering = definitions.live_offering(organisation_id=organisation.pk, service_code=code)
        return definitions.engine_definition(offering.definition) if offering else None
    row = (
        ServiceDefinition.objects.filter(code=code, status=ServiceDefinition.Status.PUBLISHED)
        .defer(*_LIGHT)
        .order_by("-version")
        .first()
    )
    return definitions.engine_definition(row) if row else None


def changeset() -> datetime | None:
    """When the services on offer last changed: a definition published or an offering changed."""
    published = ServiceDefinition.objects.aggregate(at=Max("published_at"))["at"]
    offered = ServiceOffering.objects.aggregate(at=Max("updated_at"))["at"]
    return max((moment for moment in (published, offered) if moment), default=None)


@dataclass(frozen=True)
class RequestFilters:
    """Empty values filter nothing, except that the dates always bound a list by codes."""

    references: tuple[str, ...] = ()  # when given, every other filter but the organisation
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: frozenset[str] = frozenset()  # "open", "closed"
    organisation_id: int | None = None
    page: int = 1  # paging applies to lists, not to requests asked for by id
    page_size: int = PAGE_SIZE


@dataclass
class RequestRows:
    """A page of requests, with what serialising each needs."""

    rows: list[dict] = field(default_factory=list)
    definitions: dict[int, engine.Definition] = field(default_factory=dict)
    agencies: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    media: dict[int, str] = field(default_factory=dict)


def _offering_ids(filters: RequestFilters) -> list[int] | None:
    """The offerings of the services asked for, or None when no service was named."""
    if not filters.service_codes:
        return None
    codes = list(filters.service_codes)
    sql = (
        f"SELECT id FROM {table(ServiceOffering)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"WHERE service_code IN ({placeholders(codes)})"
    )
    if filters.organisation_id is not None:
        sql += " AND organisation_id = %s"
        codes.append(filters.organisation_id)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY id", codes)
        return [pk for (pk,) in cursor.fetchall()]


def _conditions(filters: RequestFilters) -> tuple[list[str], list[Any]]:
    """Every filter but the services', as SQL conditions on the case table and parameters."""
    where, params = [], []
    if filters.organisation_id is not None:
        where.append("organisation_id = %s")
        params.append(filters.organisation_id)
    if filters.references:
        where.append(f"reference IN ({placeholders(filters.references)})")
        return where, [*params, *filters.references]
    if filters.start is not None:
        where.append("submitted_at >= %s")
        params.append(time_value(filters.start))
    if filters.end is not None:
        where.append("submitted_at <= %s")
        params.append(time_value(filters.end))
    if filters.statuses == {"open"}:
        where.append("closed_at IS NULL")
    elif filters.statuses == {"closed"}:
        where.append("closed_at IS NOT NULL")
    return where, params


def _newest(where: list[str], params: list[Any], start: int, stop: int) -> list[tuple]:
    """A page of cases, newest first, as rows of CASE_COLUMNS straight from the database."""
    sql = (
        f"SELECT {', '.join(CASE_COLUMNS)} FROM {table(Case)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"WHERE {' AND '.join(where) or '1 = 1'} "
        "ORDER BY submitted_at DESC, id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, stop - start, start])
        return cursor.fetchall()


def _as_dicts(rows: list[tuple]) -> list[dict]:
    """Rows of CASE_COLUMNS as dicts, each value converted as the ORM would."""
    convert = [converter(Case, column) for column in CASE_COLUMNS]
    return [
        {
            column: change(value)
            for column, change, value in zip(CASE_COLUMNS, convert, row, strict=True)
        }
        for row in rows
    ]


_NEWEST_FIRST = operator.itemgetter(CASE_COLUMNS.index("submitted_at"), CASE_COLUMNS.index("id"))


def find_requests(filters: RequestFilters) -> RequestRows:
    """The requests asked for by id, or one page of a list; newest first.

    Asked for cases of several offerings at once, a database gathers all their cases in
    the date range from the offering index and sorts them (tens of thousands at a million
    cases) to return one page. So a few offerings are read newest first from each one's
    index and merged; for more, the cases are read newest first from the date index and
    the offering is checked on each (the `+ 0` keeps the planner off the offering index),
    which finds a page quickly as long as the services asked for are common ones.
    """
    where, params = _conditions(filters)
    if filters.references:
        return _with_context(_newest(where, params, 0, MAX_REQUESTS))
    start = (filters.page - 1) * filters.page_size
    stop = start + filters.page_size
    offering_ids = _offering_ids(filters)
    if offering_ids is None:
        return _with_context(_newest(where, params, start, stop))
    if not offering_ids:
        return RequestRows()
    if len(offering_ids) == 1:
        rows = _newest([*where, "offering_id = %s"], [*params, *offering_ids], start, stop)
        return _with_context(rows)
    if len(offering_ids) > MERGE_UP_TO:
        scanned = f"offering_id + 0 IN ({placeholders(offering_ids)})"
        rows = _newest([*where, scanned], [*params, *offering_ids], start, stop)
        return _with_context(rows)
    runs = [_newest([*where, "offering_id = %s"], [*params, pk], 0, stop) for pk in offering_ids]
    # Merged as read (times of one database compare alike), converted once cut to a page.
    merged = heapq.merge(*runs, key=_NEWEST_FIRST, reverse=True)
    return _with_context(list(itertools.islice(merged, start, stop)))


def request_by_reference(reference: str, organisation_id: int | None) -> RequestRows:
    return find_requests(RequestFilters(references=(reference,), organisation_id=organisation_id))


def _with_context(found: list[tuple]) -> RequestRows:
    if not found:
        return RequestRows()
    rows = _as_dicts(found)
    definition_ids = sorted({row["definition_id"] for row in rows})
    organisation_ids = sorted({row["organisation_id"] for row in rows})
    case_ids = [row["id"] for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status, published_at FROM {table(ServiceDefinition)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            f"WHERE id IN ({placeholders(definition_ids)})",
            definition_ids,
        )
        versions = cursor.fetchall()
        cursor.execute(
            f"SELECT id, name FROM {table(Organisation)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            f"WHERE id IN ({placeholders(organisation_ids)})",
            organisation_ids,
        )
        agencies = dict(cursor.fetchall())
        # Public notes, and the internal notes Open311 clients' requests carry (media_url).
        cursor.execute(
            f"SELECT case_id, public, note, data FROM {table(Event)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            f"WHERE case_id IN ({placeholders(case_ids)}) "
            "AND ((public = %s AND note <> '') OR (public = %s AND kind = %s)) "
            "ORDER BY at, id",
            [*case_ids, True, False, Event.Kind.NOTE],
        )
        events = cursor.fetchall()
    published_at, data = converter(ServiceDefinition, "published_at"), converter(Event, "data")
    result = RequestRows(
        rows=rows,
        definitions={
            pk: definitions.engine_definition(
                ServiceDefinition.from_db(
                    connection.alias,
                    ["id", "status", "published_at"],
                    [pk, status, published_at(published)],
                )
            )
            for pk, status, published in versions
        },
        agencies=agencies,
    )
    for case_id, public, note, raw in events:
        if public:
            result.notes[case_id] = note
        elif media_url := (data(raw).get(SOURCE_KEY) or {}).get("media_url"):
            result.media[case_id] = media_url
    return result
