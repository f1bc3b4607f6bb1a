"""Checking a whole file of historical cases before anything is written.

`check_file` reads every row and reports every problem with the line it is on (line 1
is the headings, as a spreadsheet numbers its rows). Each good row becomes a `Planned`
case: its service, state, times in UTC, due time and location, ready for the writer.
The per-row work is kept small (about 200,000 rows a second on one core): dates are read
by slicing when they are written the usual ways, and due times are worked out once per
service, start day and "before or after 17:00", since many cases share them.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models.fields.json import KT

from commonweal.cases.models import Case, Channel
from commonweal.core import csvtext
from commonweal.insight.import_mapping import CLOSED, FIELDS, OPEN, Mapping, category_key
from commonweal.organisations.models import Organisation
from commonweal.organisations.places import InvalidLocation, check_location
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceOffering

LONDON = ZoneInfo("Europe/London")
MAX_REFERENCE = 100
KEPT_ERRORS = 1000  # an import run stores the first ones; the command prints them all
PERSONAL_WORDS = frozenset(
    ("name", "surname", "forename", "firstname", "lastname", "email", "mail", "phone",
     "telephone", "tel", "mobile", "postcode", "address", "dob", "birth", "contact", "reporter",
     "customer", "complainant", "caller", "resident", "person", "nino")
)  # fmt: skip
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NO_CLOSING = (
    "The service {code} has no closing state, so it cannot take a closed case: map the "
    "category to another service, or leave the closed date empty."
)
DATE_HELP = "write it as 31/03/2024 14:30 or 2024-03-31 14:30 (or give date_format in the mapping)"


@dataclass(frozen=True)
class RowError:
    """A problem in the file; `line` 0 means the mapping, the headings or the file as a whole."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Service:
    """What the writer needs of one offering the mapping names."""

    offering_id: int
    definition_id: int
    team_id: int | None
    code: str
    name: str
    definition: engine.Definition
    priority: str
    initial: str
    closing: str  # the first closing state the workflow lists ("" if it has none)


class Planned(NamedTuple):
    """One good row, as it will be stored."""

    line: int
    reference: str
    service: int  # index into FileCheck.services
    state: str
    submitted_at: datetime  # UTC
    closed_at: datetime | None  # UTC
    due_at: datetime  # UTC
    lat: float | None
    lon: float | None
    description: str
    channel: str
    category: str


@dataclass
class FileCheck:
    rows: list[Planned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    notices: list[str] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.rows)

    def add(self, line: int, message: str) -> None:
        self.error_count += 1
        self.errors.append(RowError(line, message))


# "Contact method", "Customer type": about how or what, not who.
NOT_PERSONAL_WORDS = frozenset(("method", "type", "channel", "source", "via", "category"))


def looks_personal(heading: str) -> bool:
    """Whether a heading looks like it holds personal data (a name, e-mail, phone, address)."""
    words = set(csvtext.heading_key(heading).split())
    return bool(PERSONAL_WORDS & words) and not (NOT_PERSONAL_WORDS & words)


def services_for(
    *, organisation: Organisation, mapping: Mapping, check: FileCheck
) -> dict[str, int]:
    """category key → index into check.services; a mapping error for each unknown code."""
    codes = sorted(set(mapping.categories.values()))
    offerings = {
        o.service_code: o
        for o in ServiceOffering.objects.filter(organisation=organisation, service_code__in=codes)
        .select_related("definition")
        .defer("definition__source_text")
    }
    index: dict[str, int] = {}
    for code in codes:
        offering = offerings.get(code)
        if offering is None:
            written = [k for k, v in mapping.categories.items() if v == code]
            check.add(
                0,
                f"The mapping sends “{written[0]}” to the service “{code}”, but "
                f"{organisation.name} runs no service with that code: run the service first, "
                "or correct the code under categories.",
            )
            continue
        definition = definitions.effective_definition(offering)
        workflow = definition.workflow
        closing = next((s.id for s in workflow.states if s.closes), "")
        index[code] = len(check.services)
        check.services.append(
            Service(
                offering_id=offering.pk,
                definition_id=offering.definition_id,
                team_id=offering.team_id,
                code=code,
                name=definition.name,
                definition=definition,
                priority=definition.sla.default_priority,
                initial=workflow.initial,
                closing=closing,
            )
        )
    return {key: index[code] for key, code in mapping.categories.items() if code in index}


def existing_references(*, organisation: Organisation, run_id: int | None) -> dict[str, str]:
    """Old references already imported for the organisation (lower case) → the case reference.

    Cases written by the run being resumed are left out: they are its own earlier batches.
    """
    found = (
        Case.objects.filter(organisation=organisation, channel=Channel.IMPORT)
        .annotate(old=KT("answers__imported_reference"), run=KT("answers__import_run"))
        .values_list("old", "run", "reference")
    )
    mine = str(run_id) if run_id is not None else None
    return {old.lower(): ref for old, run, ref in found.iterator(2000) if old and str(run) != mine}


def _columns(headings: list[str], mapping: Mapping, check: FileCheck) -> dict[str, int]:
    where = {csvtext.heading_key(h): i for i, h in reversed(list(enumerate(headings)))}
    found: dict[str, int] = {}
    for name, heading in mapping.columns.items():
        position = where.get(csvtext.heading_key(heading))
        if position is None:
            check.add(
                0,
                f"The file has no column “{heading}”, which the mapping names for {name} "
                f"({FIELDS[name]}): correct the heading in the file or the name in the mapping.",
            )
        elif looks_personal(heading) and name not in ("reference", "category", "status"):
            check.add(
                0,
                f"The column “{heading}” looks like personal data, which is not imported with "
                f"historical cases: map {name} to another column, or leave it out.",
            )
        else:
            found[name] = position
    used = set(found.values())
    personal = [h for i, h in enumerate(headings) if i not in used and looks_personal(h)]
    if personal:
        check.notices.append(
            f"Left out as personal data: {', '.join(f'“{h}”' for h in personal)}. Nothing about "
            "the people who made the requests is imported."
        )
    other = [h for i, h in enumerate(headings) if i not in used and h.strip() and h not in personal]
    if other:
        check.notices.append(f"Not used: {', '.join(f'“{h}”' for h in other)}.")
    return found


class MomentReader:
    """Reads written dates and times in UK local time into aware UTC times.

    Called as `read(text)` → (UTC time, whether a time of day was given); ValueError when
    the text cannot be read. The usual shapes (2024-03-31, 2024-03-31 14:30[:05],
    31/03/2024, 31/03/2024 14:30[:05], with T or a space) are read by slicing, with each
    day's offset from UTC worked out once; anything else by the slower general readers.
    """

    def __init__(self, date_format: str = "") -> None:
        self.date_format = date_format
        self._days: dict[str, tuple[int, int, int, timedelta | None]] = {}

    def __call__(self, text: str) -> tuple[datetime, bool]:
        written = text.strip()
        if self.date_format:
            moment = datetime.strptime(written, self.date_format)  # UK local time
            given = any(code in self.date_format for code in ("%H", "%I", "%M"))
            try:
                return moment.replace(tzinfo=LONDON).astimezone(UTC), given
            except OverflowError:  # in UTC, before year 1 or after 9999
                raise ValueError(written) from None
        head, rest = written[:10], written[10:]
        day = self._days.get(head)
        if day is None:
            day = self._day(head)
            if day is None:
                return self._slowly(written)
        year, month, number, offset = day
        try:
            if not rest:
                hour = minute = second = 0
            elif (
                rest[0] in "T "
                and rest[3:4] == ":"
                and (len(rest) == 6 or (len(rest) == 9 and rest[6] == ":"))
            ):
                hour, minute = int(rest[1:3]), int(rest[4:6])
                second = int(rest[7:9]) if len(rest) == 9 else 0
            else:
                return self._slowly(written)
            if offset is None:  # the clocks change that day
                local = datetime(year, month, number, hour, minute, second, tzinfo=LONDON)
                return local.astimezone(UTC), bool(rest)
            moment = datetime(year, month, number, hour, minute, second, tzinfo=UTC)
        except ValueError:
            raise ValueError(written) from None
        return moment - offset, bool(rest)

    def _day(self, head: str) -> tuple[int, int, int, timedelta | None] | None:
        if len(head) != 10:
            return None
        try:
            if head[4] == "-" and head[7] == "-":
                day = date(int(head[:4]), int(head[5:7]), int(head[8:10]))
            elif head[2] == "/" and head[5] == "/":
                day = date(int(head[6:10]), int(head[3:5]), int(head[:2]))
            else:
                return None
        except ValueError:
            raise ValueError(head) from None
        morning = datetime.combine(day, time(0, 0), LONDON).utcoffset()
        night = datetime.combine(day, time(23, 59), LONDON).utcoffset()
        found = (day.year, day.month, day.day, morning if morning == night else None)
        self._days[head] = found
        return found

    def _slowly(self, written: str) -> tuple[datetime, bool]:
        found = _UK_DATE.fullmatch(written)
        try:
            if found is None:
                moment = datetime.fromisoformat(written)  # fractions of seconds, offsets, "Z"
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=LONDON)
                return moment.astimezone(UTC), len(written) > 10
            d, m, y, hh, mm, ss = found.groups()
            clock = time(int(hh), int(mm), int(ss or 0)) if hh else time()
            local = datetime.combine(date(int(y), int(m), int(d)), clock, LONDON)
            return local.astimezone(UTC), hh is not None
        except (ValueError, OverflowError):  # overflow: in UTC, before year 1 or after 9999
            raise ValueError(written) from None


def parse_moment(text: str, date_format: str = "") -> tuple[datetime, bool]:
    """A written date and time in UK local time → (UTC time, whether a time was given)."""
    return MomentReader(date_format)(text)


def _state_of(written: str, service: Service, mapping: Mapping) -> tuple[str, bool] | str:
    """(state, closes) for a status as written, or a message saying what is wrong."""
    key = category_key(written)
    wanted = mapping.statuses.get(key, key)
    if wanted == OPEN:
        return service.initial, False
    if wanted == CLOSED:
        if not service.closing:
            return _NO_CLOSING.format(code=service.code)
        return service.closing, True
    workflow = service.definition.workflow
    if workflow.has_state(wanted):
        return wanted, workflow.state(wanted).closes
    if key in mapping.statuses:
        states = ", ".join(s.id for s in workflow.states)
        return (
            f"The mapping gives the status “{written}” the state “{wanted}”, which the service "
            f"{service.code} does not have: use open, closed or one of {states}."
        )
    return (
        f"The status “{written}” is not in the mapping: add it under statuses as open, closed "
        f"or a state of the service {service.code}."
    )


def check_file(
    *,
    organisation: Organisation,
    mapping: Mapping,
    data: bytes,
    max_bytes: int,
    now: datetime,
    run_id: int | None = None,
) -> FileCheck:
    """Read and check the whole file against the mapping; write nothing."""
    check = FileCheck()
    try:
        text = csvtext.decode(data, max_bytes=max_bytes, split_hint="split it into parts")
    except csvtext.CsvUnreadable as problem:
        check.add(0, str(problem))
        return check
    reader = csv.reader(io.StringIO(text, newline=""), csvtext.dialect_of(text))
    try:
        check.headings = next(reader)
    except (StopIteration, csv.Error):
        check.add(0, "The file has no headings row.")
        return check
    categories = services_for(organisation=organisation, mapping=mapping, check=check)
    columns = _columns(check.headings, mapping, check)
    if check.error_count:
        return check
    existing = existing_references(organisation=organisation, run_id=run_id)
    try:
        _check_rows(reader, check, mapping, columns, categories, existing, organisation, now)
    except csv.Error as problem:
        check.add(reader.line_num, f"This line cannot be read as CSV ({problem}).")
    if not check.rows and not check.error_count:
        check.add(0, "The file has headings but no cases.")
    return check


def _check_rows(reader, check, mapping, columns, categories, existing, organisation, now) -> None:
    """The loop over every row; long, as hot loops are, to keep lookups local."""
    width = len(check.headings)
    at = columns.get
    i_ref, i_cat, i_open = columns["reference"], columns["category"], columns["opened"]
    i_closed, i_status, i_lat, i_lon, i_text, i_channel = (
        at(name, -1)
        for name in ("closed", "status", "latitude", "longitude", "description", "channel")
    )
    services, rows, add = check.services, check.rows, check.add
    read, nation = MomentReader(mapping.date_format), organisation.nation
    category_cache: dict[str, int | None] = {}
    seen: dict[str, int] = {}
    due_cache: dict[tuple, datetime] = {}
    state_cache: dict[tuple[str, int], tuple[str, bool] | str] = {}
    ended = reader.line_num  # the line the last row read ended on
    for cells in reader:
        # A row starts on the line after the last one ended (a quoted cell may span lines).
        line, ended = ended + 1, reader.line_num
        if len(cells) != width:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width:
                if any(cell.strip() for cell in cells[width:]):
                    add(line, f"It has {len(cells)} cells but there are {width} headings.")
                    continue
                del cells[width:]  # empty cells after the last column, as spreadsheets save
            else:
                cells += [""] * (width - len(cells))
        problems: list[str] = []
        reference = cells[i_ref].strip()
        if not reference:
            if not any(cell.strip() for cell in cells):
                continue
            problems.append("The reference is empty: every case needs its reference.")
        elif len(reference) > MAX_REFERENCE:
            problems.append(f"The reference is longer than {MAX_REFERENCE} characters.")
        else:
            key = reference.lower()
            if key in seen:
                problems.append(f"The reference {reference} is also on line {seen[key]}.")
            else:
                seen[key] = line
                if key in existing:
                    problems.append(
                        f"The reference {reference} was imported before, as case "
                        f"{existing[key]}: take the row out of the file."
                    )
        written = cells[i_cat]
        if written in category_cache:
            service_index = category_cache[written]
        else:
            service_index = category_cache[written] = categories.get(category_key(written))
        if service_index is None:
            if written.strip():
                problems.append(
                    f"The category “{written.strip()}” is not in the mapping: add it under "
                    "categories with the code of the service it belongs to."
                )
            else:
                problems.append("The category is empty: every case needs one.")
        opened_text = cells[i_open]
        submitted = closed = None
        if not opened_text.strip():
            problems.append("The opened date is empty: every case needs one.")
        else:
            try:
                submitted, _ = read(opened_text)
            except ValueError:
                problems.append(
                    f"“{opened_text.strip()}” (opened) is not a date and time: {DATE_HELP}."
                )
            else:
                if submitted > now:
                    problems.append(f"The opened date {opened_text.strip()} is in the future.")
        closed_text = cells[i_closed] if i_closed >= 0 else ""
        if closed_text.strip():
            try:
                closed, with_time = read(closed_text)
            except ValueError:
                problems.append(
                    f"“{closed_text.strip()}” (closed) is not a date and time: {DATE_HELP}."
                )
            else:
                if not with_time and submitted is not None and closed < submitted:
                    # A day without a time: closed that day, not before it was opened.
                    local = submitted.astimezone(LONDON)
                    if closed.astimezone(LONDON).date() == local.date():
                        closed = submitted
                if submitted is not None and closed < submitted:
                    problems.append(
                        f"It was closed ({closed_text.strip()}) before it was opened "
                        f"({opened_text.strip()})."
                    )
                elif closed > now:
                    problems.append(f"The closed date {closed_text.strip()} is in the future.")
        state = ""
        if service_index is not None:
            service = services[service_index]
            status_text = cells[i_status].strip() if i_status >= 0 else ""
            if status_text:
                cache_key = (status_text, service_index)
                found = state_cache.get(cache_key)
                if found is None:
                    found = state_cache[cache_key] = _state_of(status_text, service, mapping)
                if isinstance(found, str):
                    problems.append(found)
                else:
                    state, closes = found
                    if closes and closed is None and not closed_text.strip():
                        problems.append(
                            f"The status “{status_text}” means closed, but the closed date is "
                            "empty: give the date it was closed."
                        )
                    elif not closes and closed is not None:
                        problems.append(
                            f"The status “{status_text}” means open, but there is a closed "
                            "date: empty one of them."
                        )
            else:
                state = service.closing if closed_text.strip() else service.initial
                if not state:
                    problems.append(_NO_CLOSING.format(code=service.code))
        lat = lon = None
        if i_lat >= 0:
            lat_text, lon_text = cells[i_lat].strip(), cells[i_lon].strip()
            if lat_text or lon_text:
                try:
                    lat, lon = check_location(lat_text, lon_text)
                except InvalidLocation as invalid:
                    problems.append(str(invalid))
        if problems:
            for message in problems:
                add(line, message)
            continue
        local = submitted.astimezone(LONDON)
        due_key = (service_index, local.date(), local.hour < 17)
        due = due_cache.get(due_key)
        if due is None:
            service = services[service_index]
            due = due_cache[due_key] = engine.sla_due_at(
                definition=service.definition,
                priority=service.priority,
                start=submitted,
                nation=nation,
            ).astimezone(UTC)
        rows.append(
            Planned(
                line,
                reference,
                service_index,
                state,
                submitted,
                closed,
                due,
                lat,
                lon,
                cells[i_text].strip() if i_text >= 0 else "",
                cells[i_channel].strip() if i_channel >= 0 else "",
                written.strip(),
            )
        )
