"""Reading Open311 parameters: W3C datetimes, the 90-day window, lists, and a POST's fields.

Every problem is an `Open311Error` naming the parameter; a POST's problems come back
together, one error entry each.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict

from commonweal.api.open311.errors import bad_request
from commonweal.api.open311.queries import MAX_REQUESTS, PAGE_SIZE, RequestFilters
from commonweal.cases import references

MAX_RANGE = timedelta(days=90)
MAX_PAGE = 10_000
MAX_DEPTH = 100_000  # how far into a list paging may reach: deeper, narrow the dates
MAX_CODES = 100
MAX_TEXT = {"description": 4000, "address_string": 300, "first_name": 100, "last_name": 100}
MAX_SHORT = 200  # the other text fields
TEXT_FIELDS = (*MAX_TEXT, "email", "phone", "device_id", "account_id", "address_id")
MAX_URL = 2000
STATUSES = ("open", "closed")
_W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
_URL = URLValidator(schemes=["http", "https"])
EXAMPLE = "like 2026-03-27T10:15:00Z or 2026-03-27T10:15:00+01:00"


def shown(text: str, longest: int = 40) -> str:
    """Some of what a client sent, to quote in an error."""
    text = text.strip()
    return text if len(text) <= longest else text[: longest - 1] + "…"


def w3c_datetime(name: str, text: str) -> datetime:
    value = re.sub(r" (\d{2}:\d{2})$", r"+\1", text.strip())  # an unencoded + arrives as a space
    if not _W3C.match(value):
        raise bad_request(
            f"{name} must be a W3C datetime with its time zone, {EXAMPLE} (not “{shown(text)}”)."
        )
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{name} is not a real date and time: “{shown(text)}”.") from None


def date_range(start_text: str, end_text: str, now: datetime) -> tuple[datetime, datetime]:
    """The window of requested_datetime to search: by default the last 90 days."""
    start = w3c_datetime("start_date", start_text) if start_text.strip() else None
    end = w3c_datetime("end_date", end_text) if end_text.strip() else None
    try:
        if start is not None and end is not None:
            if end < start:
                raise bad_request("end_date must not be before start_date.")
            if end - start > MAX_RANGE:
                raise bad_request("start_date and end_date may not span more than 90 days.")
            return start, end
        if start is not None:
            return start, start + MAX_RANGE
        if end is not None:
            return end - MAX_RANGE, end
    except OverflowError:
        raise bad_request(
            "start_date and end_date must be dates between the years 1 and 9999."
        ) from None
    return now - MAX_RANGE, now


def comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def statuses(text: str) -> frozenset[str]:
    wanted = {part.lower() for part in comma_list(text)}
    if wanted - set(STATUSES):
        raise bad_request(
            f"status must be open or closed, or both comma separated (not “{shown(text)}”)."
        )
    return frozenset(wanted)


def whole_number(name: str, text: str, *, default: int, highest: int) -> int:
    """A positive whole number parameter, such as page or page_size."""
    if not text.strip():
        return default
    if not re.fullmatch(r"[0-9]{1,9}", text.strip()) or not 1 <= int(text) <= highest:
        raise bad_request(
            f"{name} must be a whole number from 1 to {highest:,} (not “{shown(text)}”)."
        )
    return int(text)


def request_filters(
    query: QueryDict, *, organisation_id: int | None, now: datetime
) -> RequestFilters:
    """GET requests' filters. service_request_id overrides every other one."""
    ids = comma_list(query.get("service_request_id", ""))
    if len(ids) > MAX_REQUESTS:
        raise bad_request(f"Ask for at most {MAX_REQUESTS} service_request_id values at once.")
    if ids:
        wanted = tuple(dict.fromkeys(references.normalise(item) for item in ids))
        return RequestFilters(references=wanted, organisation_id=organisation_id)
    codes = tuple(comma_list(query.get("service_code", "")))
    if len(codes) > MAX_CODES:
        raise bad_request(f"Ask for at most {MAX_CODES} service_code values at once.")
    start, end = date_range(query.get("start_date", ""), query.get("end_date", ""), now)
    page = whole_number("page", query.get("page", ""), default=1, highest=MAX_PAGE)
    page_size = whole_number(
        "page_size", query.get("page_size", ""), default=PAGE_SIZE, highest=MAX_REQUESTS
    )
    if (page - 1) * page_size >= MAX_DEPTH:
        raise bad_request(
            f"Paging reaches at most the first {MAX_DEPTH:,} requests of a list; "
            "narrow it with start_date and end_date, service_code or status."
        )
    return RequestFilters(
        service_codes=codes,
        start=start,
        end=end,
        statuses=statuses(query.get("status", "")),
        organisation_id=organisation_id,
        page=page,
        page_size=page_size,
    )


@dataclass(frozen=True)
class PostedRequest:
    """A POST requests' fields, checked for form only (intake checks the answers)."""

    service_code: str = ""
    lat: float | None = None
    lon: float | None = None
    address_string: str = ""
    address_id: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)
    listed: frozenset[str] = frozenset()  # codes sent as attribute[code][]
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_url: str = ""
    device_id: str = ""
    account_id: str = ""


def _coordinate(name: str, text: str, limit: int, errors: list[str]) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -limit <= value <= limit:
        errors.append(
            f"{name} must be a number of degrees between -{limit} and {limit} "
            f"(not “{shown(text)}”)."
        )
        return None
    return value


def _attributes(form: QueryDict, errors: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    found: dict[str, list[str]] = {}
    listed: set[str] = set()
    for key in form:
        if not (key == "attribute" or key.startswith("attribute[")):
            continue
        match = _ATTRIBUTE.match(key)
        if match is None:
            errors.append(
                f"{shown(key)} is not an attribute parameter: send attribute[code], "
                "or attribute[code][] once per value of a multivaluelist."
            )
            continue
        code = match.group(1)
        found.setdefault(code, []).extend(form.getlist(key))
        if match.group(2):
            listed.add(code)
    return found, listed


def posted_request(form: QueryDict) -> PostedRequest:
    errors: list[str] = []
    text = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    for name, value in text.items():
        longest = MAX_TEXT.get(name, MAX_SHORT)
        if len(value) > longest:
            errors.append(f"{name} must be {longest} characters or fewer.")
    service_code = form.get("service_code", "").strip()
    if not service_code:
        errors.append("service_code was not provided.")
    lat_text, lon_text = form.get("lat", ""), form.get("long", "")
    lat = lon = None
    if lat_text.strip() or lon_text.strip():
        if not (lat_text.strip() and lon_text.strip()):
            errors.append("Send both lat and long, or neither.")
        else:
            lat = _coordinate("lat", lat_text, 90, errors)
            lon = _coordinate("long", lon_text, 180, errors)
    media_url = form.get("media_url", "").strip()
    if media_url:
        try:
            _URL(media_url)
        except ValidationError:
            errors.append("media_url must be an http or https URL.")
        if len(media_url) > MAX_URL:
            errors.append(f"media_url must be {MAX_URL} characters or fewer.")
    attributes, listed = _attributes(form, errors)
    if errors:
        raise bad_request(*errors)
    return PostedRequest(
        service_code=service_code,
        lat=lat,
        lon=lon,
        attributes=attributes,
        listed=frozenset(listed),
        media_url=media_url,
        **text,
    )
