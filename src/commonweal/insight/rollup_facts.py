"""What each case and each event adds to the rollups, as SQL shared by catch-up and rebuild.

Catch-up and rebuild run the very same queries (one restricted to some cases or events,
the other over all of them), so that the rollups kept by catch-up equal a rebuild.

- A case adds, from its row alone (`CaseFact`): one submission on the day it was
  submitted; and, while it is closed, one close on the day of its final close, with
  whether it had a due time and met it, and its resolution time (submission to close).
- A reopening adds one reopening on its day, and one "closed before reopen" on the day of
  the close it undid: the latest earlier event of the case that moved it into the state it
  was reopened from (the reopening's own day when there is none). A reopening is what the
  engine counts as one: a `reopened` event, or a transition from a closing state of the
  case's definition to an open one (such as the pothole's "inspect again").
- A `rated` event adds one rating of its score on its day.
Days are UK days (Europe/London), whatever the time zone of the request.
"""

import functools
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from commonweal.cases.models import Case as CaseRow
from commonweal.cases.models import Event
from commonweal.insight.models import (
    BUCKET_HOURS,
    COUNT_FIELDS,
    HISTOGRAM_FIELDS,
    ONLINE_CHANNELS,
    RATING_FIELDS,
    SCORES,
    CaseFact,
)
from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition

KEY = ("organisation_id", "offering_id", "channel", "day")
FACT_COLUMNS = (
    "case_id", "organisation_id", "offering_id", "channel", "submitted_on", "closed_on",
    "has_due", "in_sla", "resolution_seconds",
)  # fmt: skip


def uk() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class LocalDay(Func):
    """The UK date of a stored time (settings.TIME_ZONE), for any time zone of the request.

    On SQLite, Django's TruncDate parses and converts every value in Python (about 4 µs
    each, most of a rebuild's time at 1,000,000 cases); here a small function looks up the
    date of the value's UTC hour, computed once per hour (offsets change on the hour).
    """

    arity = 1
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        connection.ensure_connection()
        connection.connection.create_function(
            "insight_local_day", 1, _local_day, deterministic=True
        )
        return self.as_sql(compiler, connection, function="insight_local_day", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        zone = settings.TIME_ZONE.replace("'", "")
        template = f"((%(expressions)s) AT TIME ZONE '{zone}')::date"
        return self.as_sql(compiler, connection, template=template, **extra)


def _local_day(value: str | None) -> str | None:
    return None if value is None else _day_of_hour(value[:13])


@functools.cache
def _day_of_hour(hour: str) -> str:
    """ "2026-03-31 23" (UTC) -> "2026-04-01" (in London, summer time)."""
    moment = datetime(int(hour[:4]), int(hour[5:7]), int(hour[8:10]), int(hour[11:13]), tzinfo=UTC)
    return moment.astimezone(uk()).date().isoformat()


def _resolution_sql() -> str:
    table = connection.ops.quote_name(CaseRow._meta.db_table)
    closed, submitted = f'{table}."closed_at"', f'{table}."submitted_at"'
    if connection.vendor == "sqlite":
        return f"CAST(ROUND((julianday({closed}) - julianday({submitted})) * 86400) AS INTEGER)"
    return f"CAST(ROUND(EXTRACT(EPOCH FROM ({closed} - {submitted}))) AS BIGINT)"


def facts(cases: QuerySet) -> QuerySet:
    """The CaseFact columns of these cases, in FACT_COLUMNS order, as one SELECT."""
    closed = Q(closed_at__isnull=False)
    has_due = closed & Q(due_at__isnull=False)
    return (
        cases.order_by()
        .annotate(
            case_id=F("id"),
            submitted_on=LocalDay("submitted_at"),
            closed_on=LocalDay("closed_at"),
            has_due=ExpressionWrapper(has_due, output_field=BooleanField()),
            in_sla=ExpressionWrapper(
                has_due & Q(closed_at__lte=F("due_at")), output_field=BooleanField()
            ),
            # NULL while open: the difference with a NULL close time is NULL.
            resolution_seconds=RawSQL(_resolution_sql(), (), output_field=IntegerField()),  # noqa: S611 (fixed SQL, no values)  # nosec B611
        )
        .values(*FACT_COLUMNS)
    )


def store_facts(cases: QuerySet) -> None:
    """Write the facts of these cases (any old ones of theirs must be gone already)."""
    sql, params = facts(cases).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(CaseFact._meta.db_table)} ({columns}) {sql}", params)


def _zeros(names: Iterable[str]) -> dict[str, Value]:
    return {name: Value(0, output_field=IntegerField()) for name in names}


def _select(found: QuerySet, counted: dict) -> QuerySet:
    """Rows of KEY then every count (zero unless counted), for a UNION of several parts."""
    rest = [name for name in COUNT_FIELDS if name not in counted]
    return found.annotate(**counted).annotate(**_zeros(rest)).values(*KEY, *COUNT_FIELDS)


def submissions(found: QuerySet) -> QuerySet:
    """From CaseFact rows: the submissions, by KEY."""
    online = Case(When(channel__in=ONLINE_CHANNELS, then=1), default=0)
    grouped = found.order_by().annotate(day=F("submitted_on")).values(*KEY)
    return _select(grouped, {"submitted": Count("case_id"), "submitted_online": Sum(online)})


def closes(found: QuerySet) -> QuerySet:
    """From CaseFact rows: the final closes, by KEY, with their SLA and resolution times."""
    counted = {
        "closed": Count("case_id"),
        "closed_with_due": Count("case_id", filter=Q(has_due=True)),
        "closed_in_sla": Count("case_id", filter=Q(in_sla=True)),
        "resolution_seconds": Sum("resolution_seconds"),
    }
    bounds = [0, *(hours * 3600 for hours in BUCKET_HOURS)]
    for i, name in enumerate(HISTOGRAM_FIELDS):
        within = Q(seconds__gt=bounds[i]) if i else Q()
        if i < len(BUCKET_HOURS):
            within &= Q(seconds__lte=bounds[i + 1])
        counted[name] = Count("case_id", filter=within)
    grouped = (
        found.filter(closed_on__isnull=False)
        .order_by()
        # The column under another name: the sum below takes the name resolution_seconds.
        .alias(seconds=F("resolution_seconds"))
        .annotate(day=F("closed_on"))
        .values(*KEY)
    )
    return _select(grouped, counted)


def _by_case(events: QuerySet) -> QuerySet:
    return events.order_by().annotate(
        organisation_id=F("case__organisation_id"),
        offering_id=F("case__offering_id"),
        channel=F("case__channel"),
    )


def closing_states() -> dict[frozenset[str], list[int]]:
    """Published definitions' ids, by the set of their closing states."""
    found: dict[frozenset[str], list[int]] = {}
    published = ServiceDefinition.objects.filter(status=ServiceDefinition.Status.PUBLISHED)
    for pk, published_at in published.values_list("pk", "published_at"):
        found.setdefault(_closing(pk, published_at), []).append(pk)
    return found


@functools.cache
def _closing(pk: int, published_at: datetime) -> frozenset[str]:
    row = ServiceDefinition.objects.get(pk=pk)
    workflow = definitions.engine_definition(row).workflow
    return frozenset(state.id for state in workflow.states if state.closes)


def reopening_events(events: QuerySet) -> QuerySet:
    """The events that reopen a case (see the module docstring)."""
    reopens = Q(kind=Event.Kind.REOPENED)
    for closing, definition_ids in closing_states().items():
        reopens |= (
            Q(kind=Event.Kind.TRANSITION, case__definition_id__in=definition_ids)
            & Q(from_state__in=closing)
            & ~Q(to_state__in=closing)
        )
    return events.filter(reopens)


def reopenings(events: QuerySet) -> QuerySet:
    """From reopening events: the reopenings on their day, by KEY."""
    grouped = _by_case(reopening_events(events))
    grouped = grouped.annotate(day=LocalDay("at")).values(*KEY)
    return _select(grouped, {"reopened": Count("id")})


def undone_closes(events: QuerySet) -> QuerySet:
    """From reopening events: the closes they undid, on the day of each close, by KEY."""
    closing = Event.objects.filter(
        case_id=OuterRef("case_id"),
        id__lt=OuterRef("id"),
        to_state=OuterRef("from_state"),
        kind__in=(Event.Kind.SUBMITTED, Event.Kind.TRANSITION),
    ).order_by("-id")
    grouped = _by_case(reopening_events(events)).annotate(
        closed_at=Coalesce(Subquery(closing.values("at")[:1]), F("at"))
    )
    grouped = grouped.annotate(day=LocalDay("closed_at")).values(*KEY)
    return _select(grouped, {"closed_before_reopen": Count("id")})


def ratings(events: QuerySet) -> QuerySet:
    """From `rated` events: the ratings by score on their day, by KEY."""
    grouped = _by_case(events.filter(kind=Event.Kind.RATED)).annotate(
        score=Cast(KT("data__score"), IntegerField()), day=LocalDay("at")
    )
    counted = {
        name: Count("id", filter=Q(score=score))
        for name, score in zip(RATING_FIELDS, SCORES, strict=True)
    }
    return _select(grouped.values(*KEY), counted)
