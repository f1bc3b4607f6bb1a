"""Working days and due times, with each nation's bank holidays from the `holidays` package.

When the clock starts: a request made on a working day before 17:00 (Europe/London) counts
from that day; one made at or after 17:00, or on a weekend or bank holiday, counts from
the next working day. That first counted day is the *start day*. A deadline of N working
days falls at 17:00 local time on the N-th working day after the start day, so 0 working
days means "by 17:00 on the start day". England and Wales share their bank holidays
(subdivisions ENG and WLS); Scotland (SCT) and Northern Ireland (NIR) have their own.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
DAY_ENDS = time(17, 0)
SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


def _subdivision(nation: str) -> str:
    try:
        return SUBDIVISIONS[nation]
    except KeyError:
        raise ValueError(
            f"unknown nation {nation!r}; use one of: {', '.join(SUBDIVISIONS)}"
        ) from None


@lru_cache(maxsize=256)
def bank_holidays(*, nation: str, year: int) -> frozenset[date]:
    """The bank holidays of a nation in a year (cached per nation and year)."""
    found = holidays.country_holidays("GB", subdiv=_subdivision(nation), years=year)
    return frozenset(day for day in found if day.year == year)


def is_working_day(*, day: date, nation: str) -> bool:
    """Monday to Friday, and not a bank holiday in the nation."""
    return day.weekday() < 5 and day not in bank_holidays(nation=nation, year=day.year)


def next_working_day(*, day: date, nation: str) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day=day, nation=nation):
        day += timedelta(days=1)
    return day


def start_day(*, start: datetime, nation: str) -> date:
    """The first day the clock counts for a request made at `start` (see the module notes)."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    local = start.astimezone(LONDON)
    if is_working_day(day=local.date(), nation=nation) and local.time() < DAY_ENDS:
        return local.date()
    return next_working_day(day=local.date(), nation=nation)


def add_working_days(*, day: date, working_days: int, nation: str) -> date:
    """The working day `working_days` working days after `day` (`day` itself when 0)."""
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    for _ in range(working_days):
        day = next_working_day(day=day, nation=nation)
    return day


def due_at(*, start: datetime, working_days: int, nation: str) -> datetime:
    """When a request made at `start` is due: 17:00 Europe/London on the last working day."""
    last = add_working_days(
        day=start_day(start=start, nation=nation), working_days=working_days, nation=nation
    )
    return datetime.combine(last, DAY_ENDS, tzinfo=LONDON)


def working_days_between(*, start: date, end: date, nation: str) -> int:
    """How many working days lie after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day=day, nation=nation)
    return count
