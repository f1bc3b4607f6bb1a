"""Charts drawn on the server as SVG: a line for a trend, bars for a breakdown, a box strip
for peer quartiles.

Each chart is an `<svg role="img">` named by its `<title>` and described by a `<desc>` that
says in words what the data shows; the page puts the same figures in a table beside it.
Shapes and text labels carry the meaning (markers on every point, values written at the
end of every bar, the organisation's own figure drawn as a labelled diamond), so nothing
depends on telling colours apart. No JavaScript. Every label is escaped before the markup
is marked safe.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
FONT = 'font-family="Arial, Helvetica, sans-serif"'
INK = "#0b0c0c"
MUTED = "#505a5f"
GRID = "#b1b4b6"
LINE = "#1d70b8"
BAR = "#1d70b8"
BOX = "#cce2d8"
BOX_EDGE = "#005a30"
LABEL_CHARACTERS = 26


@dataclass(frozen=True)
class Spread:
    """The quartiles of a figure among peers, and how many organisations have a figure."""

    q1: Decimal
    median: Decimal
    q3: Decimal
    count: int


def format_value(value: Decimal | float | int | None, unit: str) -> str:
    """A figure as a reader expects it: "1,234", "85.2%", "£12.50", "3.5 days"."""
    if value is None:
        return "no data"
    number = Decimal(str(value))
    if unit == "percent":
        return f"{number:,.1f}%"
    if unit == "pounds":
        return f"£{number:,.0f}" if abs(number) >= 1000 else f"£{number:,.2f}"
    if unit == "days":
        text = f"{number:,.1f}"
        return f"{text} day" if text == "1.0" else f"{text} days"
    if unit == "score":
        return f"{number:,.1f}"
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.1f}"


def _scale(highest: float, unit: str) -> tuple[float, float]:
    """The top of the scale and the step between grid lines: round numbers at or above the
    highest value, whole numbers for counts, 0 to 100 for percentages."""
    if unit == "percent" and highest <= 100:
        return 100.0, 25.0
    if highest <= 0:
        return 1.0, 1.0 if unit == "count" else 0.25
    raw = highest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if unit == "count":
        step = float(max(1, math.ceil(step)))
    return step * math.ceil(highest / step), step


def _short(label: str) -> str:
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _open(chart_id: str, title: str, description: str, height: int) -> str:
    ident = escape(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cw-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" focusable="false">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )


def _finish(parts: list[str]) -> SafeString:
    """The markup, closed and marked safe: every text in it went through `escape` (in
    `_open` and `_text`), and every number was formatted here."""
    return mark_safe("".join(parts) + "</svg>")  # noqa: S308 (every text escaped)  # nosec B308 B703


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 15) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}" {FONT}>{escape(text)}</text>'
    )


def _empty(chart_id: str, title: str) -> SafeString:
    description = "There is no data for this period."
    return _finish(
        [
            _open(chart_id, title, description, 60),
            _text(WIDTH / 2, 35, description, anchor="middle", size=16),
        ]
    )


def describe_trend(points: Sequence[tuple[str, Decimal | None]], unit: str) -> str:
    known = [(label, value) for label, value in points if value is not None]
    if not known:
        return "There is no data for this period."
    low = min(known, key=lambda p: p[1])
    high = max(known, key=lambda p: p[1])
    first, last = known[0], known[-1]
    trend = "rose" if last[1] > first[1] else "fell" if last[1] < first[1] else "held steady"
    return (
        f"{len(points)} points from {points[0][0]} to {points[-1][0]}. "
        f"It {trend} from {format_value(first[1], unit)} to {format_value(last[1], unit)}; "
        f"lowest {format_value(low[1], unit)} ({low[0]}), "
        f"highest {format_value(high[1], unit)} ({high[0]})."
    )


def line_chart(
    *, chart_id: str, title: str, points: Sequence[tuple[str, Decimal | None]], unit: str
) -> SafeString:
    """A trend: one marker per period joined by a line; a gap where a period has no data."""
    if all(value is None for _, value in points):
        return _empty(chart_id, title)
    height, left, right, top, bottom = 300, 90, 40, 20, 50
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value, grid = _scale(max(float(v) for _, v in points if v is not None), unit)
    step_x = plot_w / max(len(points) - 1, 1)

    def y(value: Decimal) -> float:
        return top + plot_h - (float(value) / top_value) * plot_h

    parts = [_open(chart_id, title, describe_trend(points, unit), height)]
    parts.append('<g aria-hidden="true">')
    for n in range(round(top_value / grid) + 1):
        level = grid * n
        gy = y(Decimal(str(level)))
        parts.append(
            f'<line x1="{left}" y1="{gy:.1f}" x2="{WIDTH - right}" y2="{gy:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 8, gy + 5, format_value(Decimal(str(level)), unit), anchor="end"))
    every = max(1, math.ceil(len(points) / 6))
    for i, (label, _) in enumerate(points):
        if (len(points) - 1 - i) % every == 0:  # counted back from the last, always shown
            x = left + i * step_x if len(points) > 1 else left + plot_w / 2
            anchor = "end" if i == len(points) - 1 and len(points) > 1 else "middle"
            parts.append(_text(x, height - bottom + 26, label, anchor=anchor))
    runs: list[list[str]] = [[]]
    for i, (_, value) in enumerate(points):
        if value is None:
            runs.append([])
            continue
        x = left + i * step_x if len(points) > 1 else left + plot_w / 2
        runs[-1].append(f"{x:.1f},{y(value):.1f}")
    for run in runs:
        if len(run) > 1:
            parts.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" stroke-width="3"/>'
            )
        for xy in run:
            cx, cy = xy.split(",")
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="4" fill="#ffffff" stroke="{LINE}" '
                'stroke-width="2"/>'
            )
    parts.append("</g>")
    return _finish(parts)


def describe_breakdown(bars: Sequence[tuple[str, Decimal | None]], unit: str) -> str:
    known = [(label, value) for label, value in bars if value is not None]
    if not known:
        return "There is no data for this period."
    high = max(known, key=lambda b: b[1])
    low = min(known, key=lambda b: b[1])
    text = f"{len(bars)} bars. Highest: {high[0]}, {format_value(high[1], unit)}."
    if len(known) > 1:
        text += f" Lowest: {low[0]}, {format_value(low[1], unit)}."
    return text


def bar_chart(
    *, chart_id: str, title: str, bars: Sequence[tuple[str, Decimal | None]], unit: str
) -> SafeString:
    """A breakdown: one horizontal bar per label, its value written at the bar's end."""
    if all(value is None for _, value in bars):
        return _empty(chart_id, title)
    row, left, right, top = 34, 220, 110, 10
    height = top * 2 + row * len(bars)
    plot_w = WIDTH - left - right
    top_value, _ = _scale(max(float(v) for _, v in bars if v is not None), unit)
    parts = [
        _open(chart_id, title, describe_breakdown(bars, unit), height),
        '<g aria-hidden="true">',
    ]
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - top}" stroke="{INK}" '
        'stroke-width="1"/>'
    )
    for i, (label, value) in enumerate(bars):
        y = top + i * row
        parts.append(_text(left - 8, y + 22, _short(label), anchor="end"))
        if value is None:
            parts.append(_text(left + 8, y + 22, "no data"))
            continue
        length = max(float(value) / top_value * plot_w, 0)
        parts.append(
            f'<rect x="{left}" y="{y + 6}" width="{length:.1f}" height="{row - 12}" fill="{BAR}"/>'
        )
        parts.append(_text(left + length + 8, y + 22, format_value(value, unit)))
    parts.append("</g>")
    return _finish(parts)


def describe_spread(spread: Spread, own: Decimal | None, unit: str, direction: str) -> str:
    text = (
        f"Among {spread.count} organisations of the same kind: lower quartile "
        f"{format_value(spread.q1, unit)}, median {format_value(spread.median, unit)}, upper "
        f"quartile {format_value(spread.q3, unit)}."
    )
    if own is not None:
        text += f" Yours: {format_value(own, unit)}, {standing(own, spread, direction)}."
    return text


def standing(own: Decimal, spread: Spread, direction: str) -> str:
    """Where the organisation's figure falls, in words (best quarter first when it matters)."""
    if own >= spread.q3:
        place = "in the highest quarter"
    elif own >= spread.median:
        place = "above the median"
    elif own > spread.q1:
        place = "below the median"
    else:
        place = "in the lowest quarter"
    if direction == "neutral":
        return place
    good = (direction == "up") == (own >= spread.median)
    return f"{place} ({'better' if good else 'worse'} than the median)"


def quartile_strip(
    *,
    chart_id: str,
    title: str,
    spread: Spread | None,
    own: Decimal | None,
    unit: str,
    direction: str = "neutral",
) -> SafeString:
    """Peers: a box from the lower to the upper quartile on a scale from zero, the median as
    a thick bar across it, and the organisation's own figure as a labelled diamond. Only the
    quartiles are drawn: no other organisation's own figure."""
    if spread is None:
        return _empty(chart_id, title)
    height, left, right, mid = 150, 30, 30, 62
    plot_w = WIDTH - left - right
    highest = max(float(v) for v in (spread.q3, own) if v is not None)
    scale_top, _ = _scale(highest if unit == "percent" else highest * 1.1, unit)

    def x(value: Decimal | float) -> float:
        return left + max(float(value), 0.0) / scale_top * plot_w

    parts = [
        _open(chart_id, title, describe_spread(spread, own, unit, direction), height),
        '<g aria-hidden="true">',
        f'<line x1="{left}" y1="{mid}" x2="{WIDTH - right}" y2="{mid}" stroke="{GRID}" '
        'stroke-width="2"/>',
    ]
    for n in range(5):
        tick = scale_top * n / 4
        anchor = "start" if n == 0 else "end" if n == 4 else "middle"
        parts.append(
            _text(x(tick), height - 8, format_value(Decimal(str(tick)), unit), anchor=anchor)
        )
    box_w = max(x(spread.q3) - x(spread.q1), 2)
    parts.append(
        f'<rect x="{x(spread.q1):.1f}" y="{mid - 18}" width="{box_w:.1f}" height="36" '
        f'fill="{BOX}" stroke="{BOX_EDGE}" stroke-width="2"/>'
    )
    parts.append(
        f'<line x1="{x(spread.median):.1f}" y1="{mid - 18}" x2="{x(spread.median):.1f}" '
        f'y2="{mid + 18}" stroke="{INK}" stroke-width="4"/>'
    )
    median_anchor = _anchor(x(spread.median))
    parts.append(
        _text(
            x(spread.median),
            mid - 26,
            f"median {format_value(spread.median, unit)}",
            anchor=median_anchor,
        )
    )
    if own is not None:
        ox = x(own)
        parts.append(f'<path d="M {ox:.1f} {mid + 20} l 9 12 l -9 12 l -9 -12 z" fill="{INK}"/>')
        parts.append(_text(ox, mid + 54, f"yours {format_value(own, unit)}", anchor=_anchor(ox)))
    parts.append("</g>")
    return _finish(parts)


def _anchor(x: float) -> str:
    """Where to hang a label on x so that it stays inside the chart."""
    if x < WIDTH * 0.2:
        return "start"
    if x > WIDTH * 0.8:
        return "end"
    return "middle"
