"""The reads on intake's hot path, as fixed SQL: the service's latest published version, the
responsible organisation's live offering, and the open cases nearby.

Every request makes these reads. Through the query builder each costs more to build than
the database takes to answer (0.4 to 1 ms of CPU on a small machine, bench/intake.py);
as fixed SQL they cost a fifth of that or less. Table names come from the models'
metadata and every value is a parameter. What they return matches the query-builder
versions: model instances with only the fields named here loaded.
"""

import math
from datetime import datetime, timedelta

from django.db import connection

from commonweal.cases.models import Case
from commonweal.core.rawsql import converted, table
from commonweal.organisations.models import Organisation
from commonweal.services.models import ServiceDefinition, ServiceOffering

EARTH_RADIUS_M = 6_371_008.8
MAX_NEARBY = 10


def _one(model, sql: str, params: list, fields: list[str], extra: int = 0):
    """The first row as an instance of `model` with `fields` loaded, and any extra columns."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, ()
    split = len(row) - extra
    values = [
        converted(model, name, value) for name, value in zip(fields, row[:split], strict=True)
    ]
    return model.from_db(connection.alias, fields, values), row[split:]


def latest_published(code: str) -> ServiceDefinition | None:
    """The latest published version of a service (id, code, status and publication time)."""
    sql = (
        f"SELECT id, code, status, published_at FROM {table(ServiceDefinition)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        "WHERE code = %s AND status = %s ORDER BY version DESC LIMIT 1"
    )
    params = [code, ServiceDefinition.Status.PUBLISHED]
    return _one(ServiceDefinition, sql, params, ["id", "code", "status", "published_at"])[0]


def definition_version(pk: int) -> ServiceDefinition:
    """A version by id, with the same fields as `latest_published`."""
    return ServiceDefinition.objects.only("id", "code", "status", "published_at").get(pk=pk)


OFFERING_FIELDS = ["id", "organisation_id", "service_code", "definition_id", "team_id"]


def live_offering(*, organisation_id: int, latest: ServiceDefinition) -> ServiceOffering | None:
    """As `services.definitions.live_offering`, with the organisation's name and nation.

    Its definition is `latest` when the offering runs that version (as it usually does).
    """
    sql = (
        "SELECT o.id, o.organisation_id, o.service_code, o.definition_id, o.team_id, "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        "o.sla_overrides, g.name, g.nation "
        f"FROM {table(ServiceOffering)} o "
        f"JOIN {table(Organisation)} g ON g.id = o.organisation_id "
        "WHERE o.organisation_id = %s AND o.service_code = %s AND o.live = %s LIMIT 1"
    )
    params = [organisation_id, latest.code, True]
    offering, extra = _one(ServiceOffering, sql, params, OFFERING_FIELDS, extra=3)
    if offering is None:
        return None
    overrides, name, nation = extra
    offering.sla_overrides = converted(ServiceOffering, "sla_overrides", overrides)
    offering.organisation = Organisation.from_db(
        connection.alias, ["id", "name", "nation"], [offering.organisation_id, name, nation]
    )
    same = offering.definition_id == latest.pk
    offering.definition = latest if same else definition_version(offering.definition_id)
    return offering


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def nearby_open_cases(
    *, case: Case, within_metres: float, within_days: int, now: datetime
) -> list[tuple[str, float]]:
    """(reference, metres) of open cases of the same offering near the case, nearest first.

    Same offering means same organisation and service. A latitude and longitude box in
    SQL (on the offering and latitude index), then the exact distance.
    """
    if case.lat is None or case.lon is None:
        return []
    dlat = math.degrees(within_metres / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(case.lat)), 0.01)
    sql = (
        f"SELECT reference, lat, lon FROM {table(Case)} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        "WHERE offering_id = %s AND lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s "
        "AND closed_at IS NULL AND submitted_at >= %s AND id <> %s LIMIT 500"
    )
    since = connection.ops.adapt_datetimefield_value(now - timedelta(days=within_days))
    params = [
        *(case.offering_id, case.lat - dlat, case.lat + dlat, case.lon - dlon),
        *(case.lon + dlon, since, case.pk or 0),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    for reference, lat, lon in rows:
        metres = haversine_m(case.lat, case.lon, lat, lon)
        if metres <= within_metres:
            found.append((reference, metres))
    return sorted(found, key=lambda item: item[1])[:MAX_NEARBY]
