"""Server-drawn charts: well-formed SVG named and described for screen readers, labels
escaped, shapes and words rather than colour alone, and a plain message when empty."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from commonweal.insight import charts

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own markup)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def assert_named_and_described(root: ET.Element, chart_id: str, title: str) -> str:
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    found_title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert found_title is not None and found_title.get("id") == f"{chart_id}-title"
    assert found_title.text == title
    assert desc is not None and desc.get("id") == f"{chart_id}-desc"
    assert not list(root.iter(f"{SVG}script"))
    return desc.text or ""


POINTS = [("Jan 2026", D(10)), ("Feb 2026", D(25)), ("Mar 2026", None), ("Apr 2026", D(5))]


def test_a_line_chart_marks_every_point_and_leaves_a_gap_for_missing_data():
    root = parsed(charts.line_chart(chart_id="t", title="Requests", points=POINTS, unit="count"))

    description = assert_named_and_described(root, "t", "Requests")
    assert "4 points from Jan 2026 to Apr 2026" in description
    assert "It fell from 10 to 5" in description
    assert "lowest 5 (Apr 2026)" in description and "highest 25 (Feb 2026)" in description
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # a marker per known point
    assert len(list(root.iter(f"{SVG}polyline"))) == 1  # the gap splits Apr from the rest
    labels = texts(root)
    assert "Apr 2026" in labels and "0" in labels and "30" in labels


def test_counts_have_whole_number_grid_lines_and_percentages_run_to_100():
    counts = texts(
        parsed(charts.line_chart(chart_id="c", title="t", points=[("a", D(3))], unit="count"))
    )
    assert "0" in counts and "3" in counts and not any("." in t for t in counts)

    shares = texts(
        parsed(charts.line_chart(chart_id="p", title="t", points=[("a", D(40))], unit="percent"))
    )
    assert "100.0%" in shares and "50.0%" in shares


def test_labels_are_escaped():
    nasty = '<script>alert("x")</script> & Co'
    markup = str(charts.bar_chart(chart_id="b", title=nasty, bars=[(nasty, D(1))], unit="count"))

    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    root = parsed(markup)
    assert root.find(f"{SVG}title").text == nasty


def test_a_bar_chart_writes_each_value_and_shortens_long_labels():
    bars = [("Report a pothole", D(120)), ("Report a missed bin collection on your street", D(7))]

    root = parsed(charts.bar_chart(chart_id="s", title="By service", bars=bars, unit="count"))

    description = assert_named_and_described(root, "s", "By service")
    assert description == "2 bars. Highest: Report a pothole, 120. Lowest: " + (
        "Report a missed bin collection on your street, 7."
    )
    labels = texts(root)
    assert "120" in labels and "7" in labels
    assert "Report a missed bin colle…" in labels
    assert len(list(root.iter(f"{SVG}rect"))) == 2


def test_a_quartile_strip_places_the_organisation_and_names_nobody_else():
    spread = charts.Spread(q1=D("70"), median=D("80"), q3=D("90"), count=12)

    root = parsed(
        charts.quartile_strip(
            chart_id="q", title="Closed on time", spread=spread, own=D("65"), unit="percent",
            direction="up",
        )
    )  # fmt: skip

    description = assert_named_and_described(root, "q", "Closed on time")
    assert description == (
        "Among 12 organisations of the same kind: lower quartile 70.0%, median 80.0%, upper "
        "quartile 90.0%. Yours: 65.0%, in the lowest quarter (worse than the median)."
    )
    assert "yours 65.0%" in texts(root) and "median 80.0%" in texts(root)
    assert len(list(root.iter(f"{SVG}path"))) == 1  # the diamond


@pytest.mark.parametrize(
    ("own", "direction", "expected"),
    [
        (D(95), "up", "in the highest quarter (better than the median)"),
        (D(95), "down", "in the highest quarter (worse than the median)"),
        (D(85), "neutral", "above the median"),
        (D(75), "down", "below the median (better than the median)"),
    ],
)
def test_standing_in_words(own, direction, expected):
    spread = charts.Spread(q1=D(70), median=D(80), q3=D(90), count=5)
    assert charts.standing(own, spread, direction) == expected


@pytest.mark.parametrize(
    "markup",
    [
        charts.line_chart(chart_id="e", title="Empty", points=[("a", None)], unit="count"),
        charts.bar_chart(chart_id="e", title="Empty", bars=[], unit="count"),
        charts.quartile_strip(chart_id="e", title="Empty", spread=None, own=None, unit="days"),
    ],
)
def test_a_chart_without_data_says_so(markup):
    root = parsed(markup)
    assert assert_named_and_described(root, "e", "Empty") == "There is no data for this period."
    assert texts(root) == ["There is no data for this period."]


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (D("1234"), "count", "1,234"),
        (D("85.24"), "percent", "85.2%"),
        (D("12.5"), "pounds", "£12.50"),
        (D("125000"), "pounds", "£125,000"),
        (D("1"), "days", "1.0 day"),
        (D("3.25"), "days", "3.2 days"),
        (D("4.16"), "score", "4.2"),
        (None, "count", "no data"),
    ],
)
def test_figures_are_written_as_readers_expect(value, unit, shown):
    assert charts.format_value(value, unit) == shown


def test_a_percentage_strip_runs_from_0_to_100():
    spread = charts.Spread(q1=D("95.8"), median=D(100), q3=D(100), count=4)

    labels = texts(
        parsed(
            charts.quartile_strip(
                chart_id="p", title="t", spread=spread, own=D("83.3"), unit="percent"
            )
        )
    )

    assert [label for label in labels if not label.startswith(("median", "yours"))] == [
        "0.0%",
        "25.0%",
        "50.0%",
        "75.0%",
        "100.0%",
    ]
