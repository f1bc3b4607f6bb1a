"""A dashboard chart's figures as a CSV file: the same numbers as the chart and its table.

One row per point, bar or quartile: its label, a machine-readable key (the ISO date a
week or month starts, the service, channel or organisation name, the quartile's name) and
the figure unrounded, empty when there is none. Text cells are made safe to open in a
spreadsheet (`core.spreadsheets`).
"""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify

from commonweal.core.spreadsheets import safe_cell
from commonweal.insight.dashboards import Chart
from commonweal.insight.periods import Period

UNITS = {"count": "number", "percent": "%", "pounds": "£", "days": "days", "score": "score"}


def chart_rows(*, chart: Chart) -> list[list[str]]:
    metric = chart.spec.metric
    heading = [chart.spec.heading, "key", f"{metric.title} ({UNITS.get(metric.unit, metric.unit)})"]
    rows = [heading]
    for (label, figure), key in zip(chart.rows, chart.keys, strict=False):
        rows.append([safe_cell(label), safe_cell(key), safe_cell(figure)])
    return rows


def chart_csv(*, chart: Chart) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(chart_rows(chart=chart))
    return out.getvalue()


def filename(*, name: str, chart: Chart, period: Period) -> str:
    return f"{slugify(name)}-{chart.key}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"


def response(*, chart: Chart, name: str, period: Period) -> HttpResponse:
    """The chart as a CSV download (UTF-8 with a byte-order mark, so Excel reads the £)."""
    found = HttpResponse("\ufeff" + chart_csv(chart=chart), content_type="text/csv; charset=utf-8")
    found["Content-Disposition"] = (
        f'attachment; filename="{filename(name=name, chart=chart, period=period)}"'
    )
    return found
