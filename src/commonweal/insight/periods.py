"""The period a dashboard covers, as the reader chose it, and the period before it.

Readers pick the last 30 days, the last quarter (three months), the last 12 months, or
dates of their own: the end must be after the start, not in the future, and the whole at
most five years long. Both ends are included. The previous period has the same number of
days and ends the day before this one starts.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT = "12-months"
CHOICES = {
    "30-days": "Last 30 days",
    "quarter": "Last quarter (3 months)",
    "12-months": "Last 12 months",
    "custom": "Dates of your choice",
}
LONGEST_YEARS = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    key: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.key != "custom":
            return CHOICES[self.key].lower()
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    def previous(self) -> "Period":
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end)

    @property
    def step(self) -> str:
        """How finely a trend over the period is drawn: by week or by month."""
        if self.days <= 120:
            return "week"
        return "month"

    def steps(self) -> list[tuple[date, date, date]]:
        """(label, first day, last day) of each week (from Monday) or month in the period,
        the first and last cut to the period, as `metrics.series` labels its points."""
        found = []
        label = (
            self.start - timedelta(days=self.start.weekday())
            if self.step == "week"
            else self.start.replace(day=1)
        )
        while label <= self.end:
            following = label + timedelta(days=7) if self.step == "week" else add_months(label, 1)
            found.append(
                (label, max(label, self.start), min(following - timedelta(days=1), self.end))
            )
            label = following
        return found

    def step_label(self, day: date) -> str:
        return f"{day.day} {day:%b}" if self.step == "week" else f"{day:%b %Y}"

    @property
    def step_heading(self) -> str:
        return "Week beginning" if self.step == "week" else "Month"

    def query(self) -> str:
        """The query string that chooses this period again (for links and CSV downloads)."""
        if self.key != "custom":
            return f"period={self.key}"
        return (
            f"period=custom&from-day={self.start.day}&from-month={self.start.month}"
            f"&from-year={self.start.year}&to-day={self.end.day}&to-month={self.end.month}"
            f"&to-year={self.end.year}"
        )


@dataclass
class Choice:
    """The period chosen, with error messages (by field id) when the custom dates were wrong;
    then `period` is the default one so that the page still has figures to show."""

    period: Period
    key: str
    errors: dict[str, str] = field(default_factory=dict)
    entered: dict[str, str] = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), kept within the month."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover: some day of every month is valid


def preset(key: str, *, today: date) -> Period:
    if key == "30-days":
        return Period(start=today - timedelta(days=29), end=today, key=key)
    months = 3 if key == "quarter" else 12
    return Period(start=add_months(today, -months) + timedelta(days=1), end=today, key=key)


def _date(params: Mapping[str, str], prefix: str, name: str) -> tuple[date | None, str]:
    parts = [params.get(f"{prefix}-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, f"Enter the {name} date"
    if not all(part.isdigit() for part in parts):
        return None, f"The {name} date must be a real date, such as 1 4 2026"
    day, month, year = (int(part) for part in parts)
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"The {name} date must be a real date, such as 1 4 2026"


def choose(*, params: Mapping[str, str], today: date) -> Choice:
    """The period the query string asks for (see the module notes)."""
    key = params.get("period", DEFAULT)
    if key not in CHOICES:
        key = DEFAULT
    if key != "custom":
        return Choice(period=preset(key, today=today), key=key)
    entered = {
        name: params.get(name, "")
        for prefix in ("from", "to")
        for name in (f"{prefix}-day", f"{prefix}-month", f"{prefix}-year")
    }
    start, start_error = _date(params, "from", "start")
    end, end_error = _date(params, "to", "end")
    errors = {}
    if start_error:
        errors["from-day"] = start_error
    if end_error:
        errors["to-day"] = end_error
    if start and end:
        if end <= start:
            errors["to-day"] = "The end date must be after the start date"
        elif end > today:
            errors["to-day"] = "The end date must be today or in the past"
        elif end > add_months(start, 12 * LONGEST_YEARS):
            errors["to-day"] = f"The period can be at most {LONGEST_YEARS} years long"
    if errors or start is None or end is None:
        return Choice(
            period=preset(DEFAULT, today=today), key="custom", errors=errors, entered=entered
        )
    return Choice(period=Period(start=start, end=end), key="custom", entered=entered)
