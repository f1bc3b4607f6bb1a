"""How many requests each service gets on each day and at each hour, for generated data.

A plain model, close enough to what councils publish to make dashboards look lived in:

- Each service has a base yearly volume (missed bins the most, home adaptations the
  fewest), scaled by the organisation that runs it: a county's highways serve about four
  times a district's people, a unitary council's about one and a half.
- Months: potholes peak from January to April (freeze and thaw), street lights and
  dog fouling in the dark months, blocked drains in autumn (leaves), overgrown
  vegetation in early summer, noise in summer, bulky waste in the spring clear-out.
- Days: Monday is the busiest, weekends the quietest; noise is reported most at
  weekends. Missed bins more than double on the working days after a bank holiday
  (collections slip a day) and between Christmas and New Year.
- Hours (UK time): few requests at night, most in the morning and early evening;
  noise mostly in the evening and at night.
- Volumes grow by about 8% a year, as more services move online.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from commonweal.services.engine import calendar

FLAT = (1.0,) * 12
MONTHS: dict[str, tuple[float, ...]] = {
    "pothole": (1.7, 1.9, 1.7, 1.4, 1.0, 0.8, 0.7, 0.7, 0.8, 0.9, 1.1, 1.4),
    "street-light": (1.4, 1.2, 1.0, 0.8, 0.6, 0.5, 0.5, 0.6, 0.8, 1.1, 1.4, 1.5),
    "dog-fouling": (1.2, 1.2, 1.1, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 1.1, 1.2),
    "blocked-drain": (1.2, 1.1, 0.9, 0.8, 0.7, 0.8, 0.9, 0.9, 1.0, 1.4, 1.6, 1.3),
    "overgrown-vegetation": (0.3, 0.3, 0.6, 1.0, 1.7, 2.0, 2.0, 1.6, 1.0, 0.6, 0.3, 0.3),
    "noise-complaint": (0.7, 0.7, 0.8, 0.9, 1.1, 1.4, 1.6, 1.5, 1.1, 0.9, 0.8, 1.1),
    "bulky-waste": (1.0, 0.9, 1.3, 1.4, 1.3, 1.1, 1.0, 1.0, 0.9, 0.9, 0.8, 0.6),
    "graffiti": (0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.2, 1.2, 1.0, 1.0, 0.9, 0.8),
    "fly-tipping": (0.9, 0.9, 1.0, 1.1, 1.1, 1.1, 1.1, 1.1, 1.0, 0.9, 0.9, 1.0),
}
# Requests a year per 100,000 people served, roughly; unknown services get DEFAULT_VOLUME.
VOLUMES = {
    "missed-bin": 30,
    "pothole": 14,
    "fly-tipping": 14,
    "bulky-waste": 10,
    "street-light": 8,
    "noise-complaint": 6,
    "graffiti": 5,
    "blocked-drain": 5,
    "overgrown-vegetation": 5,
    "dog-fouling": 4,
    "abandoned-vehicle": 3,
    "home-adaptation-assessment": 2,
}
DEFAULT_VOLUME = 4
KIND_SCALE = {"county": 4.5, "unitary": 1.5}  # every other kind: 1.0
WEEKDAYS = (1.25, 1.1, 1.0, 1.0, 0.95, 0.7, 0.6)  # Monday first
NOISE_WEEKDAYS = (0.9, 0.8, 0.8, 0.9, 1.1, 1.5, 1.5)
AFTER_BANK_HOLIDAY = 2.5  # missed bins, the working days after a bank holiday
GROWTH_PER_YEAR = 0.08
HOURS = (
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.4, 3.0, 2.9, 2.6,
    2.4, 2.4, 2.3, 2.2, 2.0, 1.9, 2.1, 2.2, 1.8, 1.2, 0.7, 0.4,
)  # fmt: skip
NOISE_HOURS = (
    2.4, 2.0, 1.4, 0.8, 0.3, 0.2, 0.3, 0.6, 1.0, 1.0, 0.9, 0.9,
    0.9, 0.9, 0.9, 1.0, 1.1, 1.3, 1.6, 2.0, 2.4, 2.8, 3.0, 2.8,
)  # fmt: skip


def offering_scale(*, code: str, kind: str) -> float:
    """The relative yearly volume of a service run by an organisation of this kind."""
    return VOLUMES.get(code, DEFAULT_VOLUME) * KIND_SCALE.get(kind, 1.0)


def hour_weights(code: str) -> Sequence[float]:
    """The relative volume at each hour of the UK day (0 to 23)."""
    return NOISE_HOURS if code == "noise-complaint" else HOURS


def _after_bank_holiday(days: Sequence[date], nation: str) -> set[date]:
    """Working days within a week after a bank holiday, and 27 to 31 December."""
    found: set[date] = set()
    for day in days:
        if day.month == 12 and day.day >= 27:
            found.add(day)
        if not calendar.is_working_day(day=day, nation=nation):
            continue
        last_week = (day - timedelta(days=n) for n in range(1, 6))
        if any(past in calendar.bank_holidays(nation=nation, year=past.year) for past in last_week):
            found.add(day)
    return found


def day_weights(*, code: str, days: Sequence[date], nation: str) -> list[float]:
    """The relative volume of a service on each of these days (before the offering's scale)."""
    months = MONTHS.get(code, FLAT)
    weekdays = NOISE_WEEKDAYS if code == "noise-complaint" else WEEKDAYS
    busy = _after_bank_holiday(days, nation) if code == "missed-bin" else set()
    first = days[0] if days else date.today()
    weights = []
    for day in days:
        weight = months[day.month - 1] * weekdays[day.weekday()]
        weight *= (1 + GROWTH_PER_YEAR) ** ((day - first).days / 365)
        if day in busy:
            weight *= AFTER_BANK_HOLIDAY
        weights.append(weight)
    return weights
