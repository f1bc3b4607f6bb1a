"""Recent reports around a point, as the public may see them.

No personal data and no notes: a report is its reference, service, status, date and
place, and its description only where the service's definition makes descriptions
public. The place is rounded to the grid the definition asks for (missed bins to 50
metres, noise to 250 …), and the distance and the radius are measured from the rounded
point, so narrowing the radius cannot find a home more closely than the rounding allows.

The query is a latitude and longitude box in SQL (at most SCAN_LIMIT recent rows), then
the exact distance here.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from commonweal.cases.lookups import EARTH_RADIUS_M, haversine_m
from commonweal.cases.models import Case
from commonweal.cases.state import state_label
from commonweal.core.grid import rounded
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition, ServiceOffering

RECENT_DAYS = 90
LIMIT = 200
SCAN_LIMIT = 2000
MARGIN_M = 1000  # rounding may move a report this far: the box is widened by it
ROWS_PER_REPORT = 2  # the first query reads this many rows for each report wanted
FIELDS = (
    "reference", "lat", "lon", "state", "submitted_at", "is_closed", "description",
    "definition_id",
)  # fmt: skip


@dataclass(frozen=True)
class Report:
    reference: str
    service_code: str
    service_name: str
    status: str  # open or closed
    state: str  # the public label of its state
    submitted: date
    lat: float
    lon: float
    metres: int
    description: str  # empty unless the definition makes it public


def reports(
    *,
    lat: float,
    lon: float,
    radius: int,
    service: str = "",
    status: str = "",
    limit: int = LIMIT,
    now: datetime | None = None,
) -> list[Report]:
    """The newest reports within `radius` metres of the point, at most `limit`."""
    now = now or timezone.now()
    reach = radius + MARGIN_M
    dlat = math.degrees(reach / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    cases = Case.objects.filter(
        lat__range=(lat - dlat, lat + dlat),
        lon__range=(lon - dlon, lon + dlon),
        submitted_at__gte=now - timedelta(days=RECENT_DAYS),
    )
    if service:
        offerings = ServiceOffering.objects.filter(service_code=service).values_list("pk")
        cases = cases.filter(offering_id__in=[pk for (pk,) in offerings])
    if status == "open":
        cases = cases.filter(closed_at__isnull=True)
    elif status == "closed":
        cases = cases.filter(closed_at__isnull=False)
    closed = ExpressionWrapper(Q(closed_at__isnull=False), output_field=BooleanField())
    rows = cases.annotate(is_closed=closed).order_by("-submitted_at", "-id").values_list(*FIELDS)
    public = _Public(here=(lat, lon), zone=timezone.get_current_timezone())
    found: list[Report] = []
    for row in _in_chunks(rows, first=ROWS_PER_REPORT * limit):
        report = public.report(*row, radius=radius)
        if report is not None:
            found.append(report)
            if len(found) >= limit:
                break
    return found


def _in_chunks(rows, *, first: int) -> Iterator[tuple]:
    """The first SCAN_LIMIT rows: `first` of them, then twice as many each time, each chunk
    its own query.

    Most pages need only the first chunk: the box holds some reports beyond the radius, so
    twice as many rows as reports wanted usually suffice (at 1,000,000 cases, 87 rows gave
    the 50 a page lists). Reading the 250 rows earlier chunks held cost about 1 ms of
    Python a page.

    Not `.iterator()`: on PostgreSQL that opens a server-side cursor WITH HOLD, which
    materialises every row up to SCAN_LIMIT at the first fetch and costs a round trip a
    chunk.
    """
    start, size = 0, max(first, 1)
    while start < SCAN_LIMIT:
        size = min(size, SCAN_LIMIT - start)
        chunk = list(rows[start : start + size])
        yield from chunk
        if len(chunk) < size:
            return
        start, size = start + size, size * 2


class _Public:
    """What may be shown of each definition version's cases, worked out once a version."""

    def __init__(self, *, here: tuple[float, float], zone: tzinfo) -> None:
        self.versions: dict[int, engine.Definition] = {}
        self.here, self.zone = here, zone

    def definition(self, pk: int) -> engine.Definition:
        if pk not in self.versions:
            row = ServiceDefinition.objects.only("id", "status", "published_at").get(pk=pk)
            self.versions[pk] = definitions.engine_definition(row)
        return self.versions[pk]

    def report(self, *row, radius: int) -> Report | None:
        """The row as the public may see it; None when its rounded place is beyond `radius`."""
        reference, lat, lon, state, submitted_at, is_closed, description, definition_id = row
        definition = self.definition(definition_id)
        privacy = definition.privacy
        point = rounded(lat, lon, privacy.location_rounding_metres)
        metres = round(haversine_m(*self.here, *point))
        if metres > radius:
            return None
        return Report(
            reference=reference,
            service_code=definition.code,
            service_name=definition.name,
            status="closed" if is_closed else "open",
            state=state_label(definition, state),
            submitted=submitted_at.astimezone(self.zone).date(),
            lat=point[0],
            lon=point[1],
            metres=metres,
            description=description if privacy.description_public else "",
        )


def feature(report: Report) -> dict:
    """A GeoJSON feature: [longitude, latitude], and only the public properties."""
    properties = {
        "reference": report.reference,
        "service_code": report.service_code,
        "service_name": report.service_name,
        "status": report.status,
        "state": report.state,
        "submitted": report.submitted.isoformat(),
    }
    if report.description:
        properties["description"] = report.description
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [report.lon, report.lat]},
        "properties": properties,
    }


def feature_collection(found: list[Report]) -> dict:
    return {"type": "FeatureCollection", "features": [feature(report) for report in found]}
