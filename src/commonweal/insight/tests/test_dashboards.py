"""Choosing a dashboard's period (and checking custom dates), the period before it, and
headline changes judged by each metric's direction."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.insight import periods
from commonweal.insight.dashboards import Headline
from commonweal.insight.metrics import METRICS

TODAY = date(2026, 3, 31)


def choose(**params):
    return periods.choose(params=params, today=TODAY)


@pytest.mark.parametrize(
    ("key", "start", "step"),
    [
        ("30-days", date(2026, 3, 2), "week"),
        ("quarter", date(2026, 1, 1), "week"),
        ("12-months", date(2025, 4, 1), "month"),
    ],
)
def test_the_presets_end_today(key, start, step):
    period = choose(period=key).period

    assert (period.start, period.end, period.step) == (start, TODAY, step)


def test_the_last_12_months_is_the_default_and_unknown_choices_fall_back_to_it():
    assert choose().period == choose(period="12-months").period == choose(period="x").period


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    period = choose(period="30-days").period
    previous = period.previous()

    assert previous.days == period.days == 30
    assert previous.end == date(2026, 3, 1)
    assert previous.start == date(2026, 1, 31)


def dates(start: date, end: date) -> dict:
    return {
        "period": "custom",
        "from-day": str(start.day), "from-month": str(start.month), "from-year": str(start.year),
        "to-day": str(end.day), "to-month": str(end.month), "to-year": str(end.year),
    }  # fmt: skip


def test_custom_dates():
    chosen = choose(**dates(date(2025, 1, 1), date(2025, 12, 31)))

    assert not chosen.errors
    assert (chosen.period.start, chosen.period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert chosen.period.label == "1 January 2025 to 31 December 2025"
    assert (
        periods.choose(
            params=dict(part.split("=") for part in chosen.period.query().split("&")), today=TODAY
        ).period
        == chosen.period
    )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"period": "custom"}, "from-day", "Enter the start date"),
        (dates(date(2026, 3, 1), date(2026, 2, 1)), "to-day",
         "The end date must be after the start date"),
        (dates(date(2026, 3, 1), date(2026, 3, 1)), "to-day",
         "The end date must be after the start date"),
        (dates(date(2026, 3, 1), date(2026, 4, 1)), "to-day",
         "The end date must be today or in the past"),
        (dates(date(2020, 3, 1), date(2025, 3, 2)), "to-day",
         "The period can be at most 5 years long"),
        ({**dates(date(2026, 1, 1), date(2026, 2, 1)), "from-month": "13"}, "from-day",
         "The start date must be a real date, such as 1 4 2026"),
        ({**dates(date(2026, 1, 1), date(2026, 2, 1)), "to-day": "x"}, "to-day",
         "The end date must be a real date, such as 1 4 2026"),
    ],
)  # fmt: skip
def test_custom_dates_are_checked(params, field, message):
    chosen = choose(**params)

    assert chosen.errors[field] == message
    assert chosen.period == choose().period  # the default, so the page still shows figures
    assert chosen.key == "custom"


def test_five_years_exactly_is_allowed():
    assert not choose(**dates(date(2020, 3, 1), date(2025, 3, 1))).errors


def test_steps_cover_the_period_from_monday_or_the_first_of_the_month():
    weeks = choose(period="30-days").period.steps()
    months = choose(period="12-months").period.steps()

    assert weeks[0] == (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 8))
    assert weeks[-1] == (date(2026, 3, 30), date(2026, 3, 30), date(2026, 3, 31))
    assert len(months) == 12
    assert months[0] == (date(2025, 4, 1), date(2025, 4, 1), date(2025, 4, 30))


@pytest.mark.parametrize(
    ("key", "now", "before", "change", "verdict"),
    [
        ("requests", "120", "100", "up 20%", ""),  # neutral: more is neither
        ("sla-compliance", "85.5", "80", "up 5.5 percentage points", "better"),
        ("median-resolution", "4", "5", "down 20%", "better"),
        ("backlog", "12", "10", "up 20%", "worse"),
        ("satisfaction", "3.9", "4.2", "down 7%", "worse"),
        ("backlog", "10", "10", "no change", ""),
        ("backlog", "3", "0", "up 3", "worse"),
        ("satisfaction", "4", None, "no figure to compare with", ""),
    ],
)
def test_headline_changes(key, now, before, change, verdict):
    headline = Headline(
        metric=METRICS[key],
        value=Decimal(now),
        previous=None if before is None else Decimal(before),
    )

    assert (headline.change, headline.verdict) == (change, verdict)


def test_a_chart_csv_is_safe_to_open_in_a_spreadsheet():
    from commonweal.insight import charts, csv_export
    from commonweal.insight.dashboards import Chart, Spec

    metric = METRICS["requests"]
    rows = [("=cmd|' /C calc'!A0", Decimal(3)), ("Report a pothole", None)]
    chart = Chart(
        spec=Spec("requests-by-service", "service", metric, "Requests by service", "Service"),
        rows=rows,
        svg=charts.bar_chart(chart_id="x", title="t", bars=rows, unit="count"),
        keys=[label for label, _ in rows],
    )

    assert csv_export.chart_csv(chart=chart).splitlines() == [
        "Service,key,Requests (number)",
        "'=cmd|' /C calc'!A0,'=cmd|' /C calc'!A0,3",
        "Report a pothole,Report a pothole,",
    ]
