"""The route's timeline, worked out here and drawn by the template as plain SVG (no script).

Initiatives with dates are bars over the years, one lane for each framework theme. An
initiative with several themes appears in the lane of each of them, so a theme's lane
shows all the work on it. Every bar says in words what its colour says (its rating or its
status), and the page gives the same facts in a table, so nothing depends on the picture.
No database here: give it initiatives that carry their `themes`, dates, status and rating.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH = 960
AXIS_HEIGHT = 28
ROW_HEIGHT = 46
BAR_HEIGHT = 16
MIN_BAR = 4
COLOURS = {  # GOV.UK Frontend colours
    "red": "#d4351c",
    "amber": "#f47738",
    "green": "#00703c",
    "complete": "#1d70b8",
    "other": "#505a5f",
}


@dataclass(frozen=True)
class Bar:
    initiative: object
    label: str
    dates: str
    x: float
    width: float
    y: int  # the top of the row
    colour: str

    @property
    def text_y(self) -> int:
        return self.y + 18

    @property
    def bar_y(self) -> int:
        return self.y + 24

    @property
    def text_x(self) -> float:
        """Left-aligned at the bar's start in the first half, right-aligned at its end after."""
        return self.x if self.x < WIDTH / 2 else round(self.x + self.width, 1)

    @property
    def text_anchor(self) -> str:
        return "start" if self.x < WIDTH / 2 else "end"


@dataclass(frozen=True)
class Year:
    year: int
    x: float

    @property
    def label_x(self) -> float:
        return round(self.x + 4, 1)


@dataclass
class Lane:
    key: str
    title: str
    bars: list[Bar] = field(default_factory=list)
    years: list[Year] = field(default_factory=list)
    today_x: float | None = None

    @property
    def height(self) -> int:
        return AXIS_HEIGHT + ROW_HEIGHT * len(self.bars) + 8

    @property
    def svg_id(self) -> str:
        return f"timeline-{self.key}"


@dataclass
class Timeline:
    lanes: list[Lane]
    first_year: int | None = None
    last_year: int | None = None
    width: int = WIDTH


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def describe(initiative) -> tuple[str, str]:
    """The words for a bar's colour, and the colour: the rating, or the status."""
    status = initiative.status
    if status == "active" and initiative.rag:
        return initiative.get_rag_display(), COLOURS[initiative.rag]
    if status == "complete":
        return "Complete", COLOURS["complete"]
    return initiative.get_status_display(), COLOURS["other"]


def build_timeline(
    initiatives: Iterable, *, themes: Sequence[tuple[str, str]], today: date
) -> Timeline:
    """Lanes of bars for the dated initiatives, in the order of `themes` ((key, title) pairs)."""
    dated = [i for i in initiatives if i.starts_on and i.ends_on]
    if not dated:
        return Timeline(lanes=[])
    first = min(i.starts_on for i in dated).year
    last = max(i.ends_on for i in dated).year
    origin, finish = date(first, 1, 1), date(last + 1, 1, 1)
    span = (finish - origin).days

    def x(day: date) -> float:
        return round(WIDTH * (day - origin).days / span, 1)

    years = [Year(year=year, x=x(date(year, 1, 1))) for year in range(first, last + 1)]
    today_x = x(today) if origin <= today < finish else None
    lanes = []
    for key, title in themes:
        members = sorted(
            (i for i in dated if key in (i.themes or [])), key=lambda i: (i.starts_on, i.title)
        )
        if not members:
            continue
        lane = Lane(key=key, title=title, years=years, today_x=today_x)
        for row, initiative in enumerate(members):
            words, colour = describe(initiative)
            start = x(initiative.starts_on)
            lane.bars.append(
                Bar(
                    initiative=initiative,
                    label=f"{initiative.title} ({words.lower()})",
                    dates=f"{_day(initiative.starts_on)} to {_day(initiative.ends_on)}",
                    x=start,
                    width=max(MIN_BAR, round(x(initiative.ends_on) - start, 1)),
                    y=AXIS_HEIGHT + ROW_HEIGHT * row,
                    colour=colour,
                )
            )
        lanes.append(lane)
    return Timeline(lanes=lanes, first_year=first, last_year=last)
