"""Open data: each organisation's cases, anonymised, as a CSV file and a JSON file.

What a row holds is what the public side already shows of a case, and no more: its
public reference, the service, the public label of its state, whether it is open, the
days it was submitted, is due and was closed, the channel, and the place snapped to a
grid of at least `MIN_METRES` (coarser where the definition asks). Never the reporter,
the answers, the address, notes or photos; the description only where the definition
makes descriptions public.

The cases are read oldest first in batches, each starting after the last one read
(keyset pagination on the submission time and id, which the organisation's index
serves), so memory stays flat however many cases there are. The cases are read from the
read replica when there is one (`core.db_routers`). Both files are written in
the same pass to temporary files, then saved to the default storage under new names;
the `OpenDataFile` records are switched to them in one transaction and the old files
removed after it commits, so a download never meets a half-written file.
"""

import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from commonweal.cases.models import Case
from commonweal.cases.state import state_label
from commonweal.core.db_routers import replica_reads
from commonweal.core.grid import rounded
from commonweal.core.spreadsheets import safe_cell
from commonweal.insight.open_data_models import OpenDataFile
from commonweal.organisations.models import Organisation
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition, ServiceOffering

UK_TIME = ZoneInfo("Europe/London")
MIN_METRES = 100
BATCH = 2000
FOLDER = "open-data"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
COLUMNS = (
    "reference", "service_code", "service_name", "organisation", "status", "open",
    "submitted_on", "due_on", "closed_on", "channel", "latitude", "longitude",
    "location_rounded_to_metres", "description",
)  # fmt: skip
_READ = (
    "id", "reference", "definition_id", "state", "channel", "submitted_at", "due_at",
    "closed_at", "lat", "lon", "description",
)  # fmt: skip
_SUBMITTED, _ID = _READ.index("submitted_at"), _READ.index("id")


@dataclass(frozen=True)
class Made:
    """What one making wrote for one organisation."""

    organisation: Organisation
    rows: int
    files: tuple[OpenDataFile, ...]


def case_batches(*, organisation_id: int, size: int = BATCH) -> Iterator[list[tuple]]:
    """The organisation's cases, oldest first, `size` rows at a time (`_READ` columns)."""
    after: tuple[datetime, int] | None = None
    while True:
        cases = Case.objects.filter(organisation_id=organisation_id)
        if after is not None:
            # The plain >= lets the index seek to the last time read; the OR breaks ties.
            cases = cases.filter(submitted_at__gte=after[0]).filter(
                Q(submitted_at__gt=after[0]) | Q(id__gt=after[1])
            )
        batch = list(cases.order_by("submitted_at", "id").values_list(*_READ)[:size])
        if not batch:
            return
        yield batch
        after = (batch[-1][_SUBMITTED], batch[-1][_ID])


class _Definitions:
    """Each definition version the cases were made under, read once."""

    def __init__(self) -> None:
        self.versions: dict[int, engine.Definition] = {}

    def get(self, pk: int) -> engine.Definition:
        if pk not in self.versions:
            row = ServiceDefinition.objects.only("id", "status", "published_at").get(pk=pk)
            self.versions[pk] = definitions.engine_definition(row)
        return self.versions[pk]


def _day(moment: datetime | None) -> date | None:
    """The day in UK time (a fixed zone: `timezone.localtime` costs more per row)."""
    return moment.astimezone(UK_TIME).date() if moment else None


def public_row(
    row: tuple, *, definition: engine.Definition, organisation_name: str
) -> dict[str, Any]:
    """One case (a `_READ` tuple) as open data: only what anyone may see."""
    case = dict(zip(_READ, row, strict=True))
    privacy = definition.privacy
    metres = max(MIN_METRES, privacy.location_rounding_metres)
    lat, lon = None, None  # a lone coordinate would not be rounded: leave both out
    if case["lat"] is not None and case["lon"] is not None:
        lat, lon = rounded(case["lat"], case["lon"], metres)
    return {
        "reference": case["reference"],
        "service_code": definition.code,
        "service_name": definition.name,
        "organisation": organisation_name,
        "status": state_label(definition, case["state"]),
        "open": case["closed_at"] is None,
        "submitted_on": _day(case["submitted_at"]),
        "due_on": _day(case["due_at"]),
        "closed_on": _day(case["closed_at"]),
        "channel": case["channel"],
        "latitude": lat,
        "longitude": lon,
        "location_rounded_to_metres": metres if lat is not None else None,
        "description": (case["description"] or None) if privacy.description_public else None,
    }


def public_rows(*, organisation: Organisation, size: int = BATCH) -> Iterator[dict[str, Any]]:
    """The organisation's cases as open data, oldest first, read `size` at a time."""
    versions = _Definitions()
    for batch in case_batches(organisation_id=organisation.pk, size=size):
        for row in batch:
            definition = versions.get(row[_READ.index("definition_id")])
            yield public_row(row, definition=definition, organisation_name=organisation.name)


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


class _Hashed:
    """A binary temporary file that counts and hashes what is written to it."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.file.write(data)
        self.sha256.update(data)
        self.bytes += len(data)


def _json_head(*, organisation: Organisation, made_at: datetime) -> str:
    head = {
        "organisation": {"name": organisation.name, "slug": organisation.slug},
        "made_at": made_at.isoformat(timespec="seconds"),
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "fields": list(COLUMNS),
    }
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [\n'


def write_files(
    *, organisation: Organisation, made_at: datetime, csv_out: _Hashed, json_out: _Hashed,
    size: int = BATCH,
) -> int:  # fmt: skip
    """Write the CSV and JSON files in one pass over the cases; the number of cases."""
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    csv_out.write("\ufeff" + line.getvalue())  # the byte-order mark tells Excel it is UTF-8
    json_out.write(_json_head(organisation=organisation, made_at=made_at))
    count = 0
    for entry in public_rows(organisation=organisation, size=size):
        line.seek(0)
        line.truncate()
        writer.writerow([safe_cell(entry[column]) for column in COLUMNS])
        csv_out.write(line.getvalue())
        item = json.dumps({k: _json_value(v) for k, v in entry.items()}, ensure_ascii=False)
        json_out.write(("" if count == 0 else ",\n") + item)
        count += 1
    json_out.write("\n]}\n")
    return count


def _store(*, organisation: Organisation, out: _Hashed, fmt: str, made_at: datetime) -> str:
    digest = out.sha256.hexdigest()
    name = f"{FOLDER}/{organisation.slug}/cases-{made_at:%Y%m%dT%H%M%S}-{digest[:12]}.{fmt}"
    out.file.seek(0)
    return default_storage.save(name, File(out.file))


def make(*, organisation: Organisation, now: datetime | None = None, size: int = BATCH) -> Made:
    """Make the organisation's open-data files again, replacing the ones it had."""
    made_at = (now or timezone.now()).replace(microsecond=0)
    with tempfile.TemporaryFile() as csv_file, tempfile.TemporaryFile() as json_file:
        csv_out, json_out = _Hashed(csv_file), _Hashed(json_file)
        with replica_reads():  # only the reading: the records are switched on the primary
            count = write_files(
                organisation=organisation, made_at=made_at, csv_out=csv_out, json_out=json_out,
                size=size,
            )  # fmt: skip
        stored = {
            fmt: (out, _store(organisation=organisation, out=out, fmt=fmt, made_at=made_at))
            for fmt, out in (("csv", csv_out), ("json", json_out))
        }
    files = []
    with transaction.atomic():
        old = OpenDataFile.objects.select_for_update().filter(organisation=organisation)
        replaced = [record.name for record in old]
        for fmt, (out, name) in stored.items():
            record, _ = OpenDataFile.objects.update_or_create(
                organisation=organisation,
                format=fmt,
                defaults={
                    "name": name, "rows": count, "bytes": out.bytes,
                    "sha256": out.sha256.hexdigest(), "made_at": made_at,
                },
            )  # fmt: skip
            files.append(record)
        gone = [name for name in replaced if name not in {n for _, n in stored.values()}]
        transaction.on_commit(lambda: _remove(gone))
    return Made(organisation=organisation, rows=count, files=tuple(files))


def _remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def publishing_organisations() -> list[Organisation]:
    """Active organisations that run at least one service: those that get open data."""
    runs = ServiceOffering.objects.filter(organisation_id=OuterRef("pk"))
    return list(Organisation.objects.filter(Exists(runs), active=True).order_by("name"))


def make_all(*, slug: str | None = None, now: datetime | None = None) -> list[Made]:
    """Make the files of every publishing organisation, or of the one with `slug`."""
    organisations = publishing_organisations()
    if slug is not None:
        organisations = [o for o in organisations if o.slug == slug]
    return [make(organisation=organisation, now=now) for organisation in organisations]


@dataclass(frozen=True)
class Listing:
    """One organisation's files, for the open-data page."""

    organisation: Organisation
    files: tuple[OpenDataFile, ...]


def listings() -> list[Listing]:
    """The files of active organisations, by organisation name, CSV before JSON."""
    records = (
        OpenDataFile.objects.filter(organisation__active=True)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id", "format")
    )
    grouped: dict[int, Listing] = {}
    for record in records:
        found = grouped.get(record.organisation_id)
        files = (*found.files, record) if found else (record,)
        grouped[record.organisation_id] = Listing(record.organisation, files)
    return list(grouped.values())


def latest_file(*, organisation: Organisation, fmt: str) -> OpenDataFile | None:
    """The organisation's file in `fmt` ("csv" or "json"), if it has been made."""
    return OpenDataFile.objects.filter(organisation=organisation, format=fmt).first()
