"""Working days and due times follow each UK nation's bank holidays and the 17:00 clock rules."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonweal.services.engine import (
    add_working_days,
    bank_holidays,
    due_at,
    is_working_day,
    start_day,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")
NATIONS = ["england", "wales", "scotland", "northern-ireland"]


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def due(start: datetime, days: int, nation: str) -> date:
    result = due_at(start=start, working_days=days, nation=nation)
    assert result.tzinfo is not None
    local = result.astimezone(LONDON)
    assert (local.hour, local.minute) == (17, 0)
    return local.date()


# Christmas and New Year -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "expected"),
    [
        ("england", date(2026, 1, 5)),
        ("wales", date(2026, 1, 5)),
        ("northern-ireland", date(2026, 1, 5)),
        # Scotland also stops on 2 January.
        ("scotland", date(2026, 1, 6)),
    ],
)
def test_five_working_days_over_christmas_and_new_year(nation, expected):
    # Wednesday 24 December 2025: 24 (start), then 29, 30, 31 Dec and 2 (or 5) Jan.
    assert due(at(2025, 12, 24), 5, nation) == expected


@pytest.mark.parametrize("nation", NATIONS)
def test_christmas_on_a_friday_moves_boxing_day_to_monday(nation):
    # 25 Dec 2026 is a Friday, Boxing Day a Saturday: its substitute is Monday 28th.
    assert due(at(2026, 12, 24), 1, nation) == date(2026, 12, 29)


@pytest.mark.parametrize(
    ("nation", "expected"),
    [
        ("england", date(2027, 1, 4)),
        ("wales", date(2027, 1, 4)),
        ("northern-ireland", date(2027, 1, 4)),
        # 2 January 2027 is a Saturday: Scotland's substitute day is Monday 4 January.
        ("scotland", date(2027, 1, 5)),
    ],
)
def test_new_year_2027(nation, expected):
    assert due(at(2026, 12, 31), 1, nation) == expected


# Easter -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "expected"),
    [
        ("england", date(2026, 4, 7)),
        ("wales", date(2026, 4, 7)),
        ("northern-ireland", date(2026, 4, 7)),
        # Easter Monday is not a bank holiday in Scotland.
        ("scotland", date(2026, 4, 6)),
    ],
)
def test_easter(nation, expected):
    # Thursday 2 April 2026; Good Friday is 3 April, Easter Monday 6 April.
    assert due(at(2026, 4, 2), 1, nation) == expected


def test_easter_monday_is_a_working_day_only_in_scotland():
    easter_monday = date(2026, 4, 6)
    assert is_working_day(day=easter_monday, nation="scotland")
    for nation in ("england", "wales", "northern-ireland"):
        assert not is_working_day(day=easter_monday, nation=nation)


# St Andrew's Day ----------------------------------------------------------------------------


def test_st_andrews_day_on_a_monday_in_scotland():
    # Friday 27 November 2026; 30 November 2026 is a Monday.
    assert due(at(2026, 11, 27), 1, "scotland") == date(2026, 12, 1)
    assert due(at(2026, 11, 27), 1, "england") == date(2026, 11, 30)


def test_st_andrews_day_on_a_sunday_gives_a_substitute_monday_in_scotland():
    # 30 November 2025 is a Sunday: Monday 1 December is the substitute day.
    assert not is_working_day(day=date(2025, 12, 1), nation="scotland")
    assert due(at(2025, 11, 28), 1, "scotland") == date(2025, 12, 2)
    assert due(at(2025, 11, 28), 1, "england") == date(2025, 12, 1)


# Northern Ireland ---------------------------------------------------------------------------


def test_st_patricks_day_in_northern_ireland_only():
    # Monday 16 March 2026; St Patrick's Day is Tuesday 17 March.
    assert due(at(2026, 3, 16), 1, "northern-ireland") == date(2026, 3, 18)
    for nation in ("england", "wales", "scotland"):
        assert due(at(2026, 3, 16), 1, nation) == date(2026, 3, 17)


def test_battle_of_the_boyne_on_a_weekday():
    # 12 July 2027 is a Monday.
    assert due(at(2027, 7, 9), 1, "northern-ireland") == date(2027, 7, 13)
    assert due(at(2027, 7, 9), 1, "england") == date(2027, 7, 12)


def test_battle_of_the_boyne_on_a_sunday_moves_to_monday():
    # 12 July 2026 is a Sunday: the holiday is taken on Monday 13 July.
    assert not is_working_day(day=date(2026, 7, 13), nation="northern-ireland")
    assert due(at(2026, 7, 10), 1, "northern-ireland") == date(2026, 7, 14)


# When the clock starts -----------------------------------------------------------------------


def test_a_request_before_17_00_counts_from_that_day():
    monday = at(2026, 3, 9, 16, 59)
    assert start_day(start=monday, nation="england") == date(2026, 3, 9)
    assert due(monday, 0, "england") == date(2026, 3, 9)
    assert due(monday, 1, "england") == date(2026, 3, 10)


def test_a_request_at_or_after_17_00_counts_from_the_next_working_day():
    for minute in (0, 30):
        evening = at(2026, 3, 9, 17, minute)
        assert start_day(start=evening, nation="england") == date(2026, 3, 10)
        assert due(evening, 0, "england") == date(2026, 3, 10)
        assert due(evening, 1, "england") == date(2026, 3, 11)


@pytest.mark.parametrize("hour", [0, 9, 12, 23])
def test_a_request_on_a_weekend_counts_from_monday(hour):
    saturday = at(2026, 3, 28, hour)
    assert start_day(start=saturday, nation="england") == date(2026, 3, 30)
    assert due(saturday, 0, "england") == date(2026, 3, 30)
    assert due(saturday, 1, "england") == date(2026, 3, 31)


def test_friday_evening_counts_from_monday():
    assert due(at(2026, 3, 27, 18, 30), 1, "england") == date(2026, 3, 31)


def test_a_request_on_a_bank_holiday_counts_from_the_next_working_day():
    good_friday = at(2026, 4, 3, 9)
    assert start_day(start=good_friday, nation="england") == date(2026, 4, 7)
    assert start_day(start=good_friday, nation="scotland") == date(2026, 4, 6)


def test_ten_working_days_from_a_monday_morning_is_the_monday_two_weeks_later():
    assert due(at(2026, 3, 9), 10, "england") == date(2026, 3, 23)


def test_the_start_is_read_in_london_time():
    # 16:30 UTC on 1 June 2026 is 17:30 British Summer Time: after hours.
    start = datetime(2026, 6, 1, 16, 30, tzinfo=UTC)
    assert start_day(start=start, nation="england") == date(2026, 6, 2)
    result = due_at(start=start, working_days=0, nation="england")
    assert result.astimezone(UTC) == datetime(2026, 6, 2, 16, 0, tzinfo=UTC)


def test_due_time_in_winter_is_17_00_gmt():
    result = due_at(start=at(2026, 1, 12), working_days=1, nation="wales")
    assert result.astimezone(UTC) == datetime(2026, 1, 13, 17, 0, tzinfo=UTC)


# Bad input and helpers --------------------------------------------------------------------------


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        due_at(start=datetime(2026, 3, 9, 10), working_days=1, nation="england")


def test_an_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="unknown nation 'cornwall'"):
        due_at(start=at(2026, 3, 9), working_days=1, nation="cornwall")


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        due_at(start=at(2026, 3, 9), working_days=-1, nation="england")


def test_holiday_sets_are_cached_per_nation_and_year():
    first = bank_holidays(nation="scotland", year=2031)
    assert bank_holidays(nation="scotland", year=2031) is first
    assert bank_holidays(nation="england", year=2031) is not first
    assert date(2031, 12, 1) in first  # St Andrew's Day 2031 (a Sunday) moves to Monday
    assert all(day.year == 2031 for day in first)


def test_england_and_wales_share_their_bank_holidays():
    for year in (2025, 2026, 2027):
        assert bank_holidays(nation="england", year=year) == bank_holidays(
            nation="wales", year=year
        )


def test_add_working_days_and_working_days_between():
    friday = date(2026, 3, 27)
    assert add_working_days(day=friday, working_days=0, nation="england") == friday
    assert add_working_days(day=friday, working_days=1, nation="england") == date(2026, 3, 30)
    assert working_days_between(start=friday, end=date(2026, 4, 7), nation="england") == 5
    assert working_days_between(start=friday, end=date(2026, 4, 7), nation="scotland") == 6
    assert working_days_between(start=friday, end=friday, nation="england") == 0


# Properties -------------------------------------------------------------------------------------

starts = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=40), nation=st.sampled_from(NATIONS))
def test_due_is_a_working_day_at_17_00_after_the_start(start, days, nation):
    result = due_at(start=start, working_days=days, nation=nation)
    local = result.astimezone(LONDON)
    assert is_working_day(day=local.date(), nation=nation)
    assert (local.hour, local.minute, local.second) == (17, 0, 0)
    assert result > start
    first = start_day(start=start, nation=nation)
    assert working_days_between(start=first, end=local.date(), nation=nation) == days


@settings(max_examples=100, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=40), nation=st.sampled_from(NATIONS))
def test_due_is_strictly_monotonic_in_working_days(start, days, nation):
    sooner = due_at(start=start, working_days=days, nation=nation)
    later = due_at(start=start, working_days=days + 1, nation=nation)
    assert later > sooner
    assert later - sooner >= timedelta(days=1)
