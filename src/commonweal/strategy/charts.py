"""A radar chart drawn on the server as SVG: current level against target for each theme.

The chart is an image with a title and a description; the page always puts the same
figures in a table beside it, so nothing is known only from the picture. No JavaScript.
"""

import math
import textwrap
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 590
CENTRE_X, CENTRE_Y = WIDTH / 2, 285
WRAP = 14  # characters a label's line holds
RADIUS = 175
LEVELS = 5


@dataclass(frozen=True)
class Spoke:
    label: str
    current: int | None
    target: int | None


def _point(index: int, count: int, level: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * level / LEVELS
    return CENTRE_X + distance * math.cos(angle), CENTRE_Y + distance * math.sin(angle)


def _xy(point: tuple[float, float]) -> tuple[str, str]:
    return f"{point[0]:.1f}", f"{point[1]:.1f}"


def _points(values: list[float], count: int) -> str:
    return " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, v) for i, v in enumerate(values))
    )


def _label(index: int, count: int, text: str) -> SafeString:
    x, y = _point(index, count, LEVELS + 0.3)
    anchor = "middle" if abs(x - CENTRE_X) < 20 else ("start" if x > CENTRE_X else "end")
    lines = textwrap.wrap(text, WRAP, break_long_words=False) or [""]
    if y < CENTRE_Y - RADIUS * 0.9:
        y -= 20 * (len(lines) - 1) / 2 + 10  # labels at the top grow upwards
    elif y > CENTRE_Y + RADIUS * 0.9:
        y += 20 * (len(lines) - 1) / 2 + 8
    top = y - 10 * (len(lines) - 1) + 6
    spans = format_html_join(
        "",
        '<tspan x="{}" y="{}">{}</tspan>',
        ((f"{x:.1f}", f"{top + 20 * n:.1f}", line) for n, line in enumerate(lines)),
    )
    return format_html(
        '<text text-anchor="{}" font-size="18" fill="#0b0c0c">{}</text>', anchor, spans
    )


def radar_chart(*, spokes: list[Spoke], title: str, description: str, chart_id: str) -> SafeString:
    """The SVG for the spokes (at least three), levels 0 to 5 from the centre outwards.

    A missing current level or target is drawn at the centre; the description should say so.
    """
    count = len(spokes)
    rings = format_html_join(
        "",
        '<polygon points="{}" fill="none" stroke="#b1b4b6" stroke-width="1"/>',
        ((_points([level] * count, count),) for level in range(1, LEVELS + 1)),
    )
    axes = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>',
        ((CENTRE_X, CENTRE_Y, *_xy(_point(i, count, LEVELS))) for i in range(count)),
    )
    numbers = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="15" fill="#484949">{}</text>',
        (
            (f"{CENTRE_X + 4:.1f}", f"{_point(0, count, level)[1] - 3:.1f}", level)
            for level in range(1, LEVELS + 1)
        ),
    )
    labels = format_html_join(
        "", "{}", ((_label(i, count, s.label),) for i, s in enumerate(spokes))
    )
    target = _points([s.target or 0 for s in spokes], count)
    current = _points([s.current or 0 for s in spokes], count)
    legend_y = HEIGHT - 30
    return format_html(
        '<svg role="img" aria-labelledby="{id}-title {id}-desc" width="100%" '
        'font-family="Arial, Helvetica, sans-serif" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{rings}{axes}{numbers}"
        '<polygon points="{target}" fill="none" stroke="#0b0c0c" stroke-width="3" '
        'stroke-dasharray="8 5"/>'
        '<polygon points="{current}" fill="#1d70b8" fill-opacity="0.35" stroke="#1d70b8" '
        'stroke-width="3"/>'
        "{labels}"
        '<g font-size="19" fill="#0b0c0c">'
        '<rect x="170" y="{ly}" width="24" height="14" fill="#1d70b8" fill-opacity="0.35" '
        'stroke="#1d70b8" stroke-width="2"/>'
        '<text x="202" y="{ty}">Current level</text>'
        '<line x1="360" y1="{my}" x2="390" y2="{my}" stroke="#0b0c0c" stroke-width="3" '
        'stroke-dasharray="8 5"/>'
        '<text x="398" y="{ty}">Target</text>'
        "</g></svg>",
        id=chart_id,
        width=WIDTH,
        height=HEIGHT,
        title=title,
        description=description,
        rings=rings,
        axes=axes,
        numbers=numbers,
        target=target,
        current=current,
        labels=labels,
        ly=legend_y,
        ty=legend_y + 12,
        my=legend_y + 7,
    )
