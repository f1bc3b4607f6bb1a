"""One cleaner per question type: check a raw answer and return it normalised, or raise Problem.

The messages follow the GOV.UK Design System's error message patterns: say what is
wrong and what to do, in words a resident understands.
"""

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from .calendar import LONDON
from .structure import Question

DEFAULT_MAX_LENGTH = {"text": 500, "long-text": 5000}
DEFAULT_MAX_PHOTOS = 10
DATE_EXAMPLE = "like 27 3 2026"
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE_NOISE = re.compile(r"[\s\-().]")
_UK_NATIONAL = re.compile(r"^0[1-9]\d{8,9}$")


class Problem(ValueError):
    """An answer that cannot be accepted, with the messages to show."""

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__(" ".join(messages))


def today_in_london() -> date:
    return datetime.now(LONDON).date()


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(raw: Any, question: Question, today: date) -> str:
    if not isinstance(raw, str):
        raise Problem("Enter your answer as text.")
    value = raw.strip()
    longest = question.max_length or DEFAULT_MAX_LENGTH[question.type]
    if question.min_length and len(value) < question.min_length:
        raise Problem(f"Enter at least {question.min_length} characters.")
    if len(value) > longest:
        raise Problem(f"Enter {longest} characters or fewer (you entered {len(value)}).")
    return value


def _number(raw: Any, question: Question, today: date) -> int | float:
    value: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str) and _NUMBER.match(raw.strip().replace(",", "")):
        value = float(raw.strip().replace(",", ""))
    if value is None or not math.isfinite(value):
        raise Problem(
            "Enter a whole number, like 3."
            if question.whole_number
            else "Enter a number, like 12 or 2.5."
        )
    if question.whole_number and not value.is_integer():
        raise Problem("Enter a whole number, like 3.")
    if question.min is not None and value < question.min:
        raise Problem(f"Enter a number that is {_number_text(question.min)} or more.")
    if question.max is not None and value > question.max:
        raise Problem(f"Enter a number that is {_number_text(question.max)} or less.")
    return int(value) if value.is_integer() else value


def _as_date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            return None
    if isinstance(raw, dict) and {"day", "month", "year"} <= set(raw):
        try:
            parts = [int(str(raw[name]).strip()) for name in ("year", "month", "day")]
            return date(*parts) if parts[0] >= 1000 else None
        except ValueError:
            return None
    return None


def resolve_date_limit(limit: str, today: date) -> date:
    """A date limit: yyyy-mm-dd, 'today', or 'today' plus or minus days such as 'today-90'."""
    if not limit.startswith("today"):
        return date.fromisoformat(limit)
    offset = limit[len("today") :]
    return today + timedelta(days=int(offset)) if offset else today


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _date(raw: Any, question: Question, today: date) -> str:
    value = _as_date(raw)
    if value is None:
        raise Problem(f"Enter a real date, {DATE_EXAMPLE}.")
    if question.min_date:
        earliest = resolve_date_limit(question.min_date, today)
        if value < earliest:
            raise Problem(
                "The date must be today or in the future."
                if earliest == today
                else f"The date must be on or after {_long_date(earliest)}."
            )
    if question.max_date:
        latest = resolve_date_limit(question.max_date, today)
        if value > latest:
            raise Problem(
                "The date must be today or in the past."
                if latest == today
                else f"The date must be on or before {_long_date(latest)}."
            )
    return value.isoformat()


def _single_choice(raw: Any, question: Question, today: date) -> str:
    if raw not in question.choice_values():
        raise Problem("Select one of the options shown.")
    return raw


def _multiple_choice(raw: Any, question: Question, today: date) -> list[str]:
    picked = [raw] if isinstance(raw, str) else raw
    allowed = question.choice_values()
    if not isinstance(picked, list | tuple) or any(value not in allowed for value in picked):
        raise Problem("Select only from the options shown.")
    return [value for value in allowed if value in picked]


def _yes_no(raw: Any, question: Question, today: date) -> bool:
    if isinstance(raw, bool):
        return raw
    words = {"yes": True, "true": True, "no": False, "false": False}
    if isinstance(raw, str) and raw.strip().lower() in words:
        return words[raw.strip().lower()]
    raise Problem("Select yes or no.")


def _email(raw: Any, question: Question, today: date) -> str:
    value = raw.strip() if isinstance(raw, str) else ""
    if len(value) > 254 or not _EMAIL.match(value):
        raise Problem("Enter an email address in the correct format, like name@example.com.")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _phone(raw: Any, question: Question, today: date) -> str:
    value = raw.strip() if isinstance(raw, str) else ""
    digits = _PHONE_NOISE.sub("", value.replace("(0)", ""))
    for prefix in ("+44", "0044"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :]
    if not _UK_NATIONAL.match(digits):
        raise Problem("Enter a UK phone number, like 01632 960 001 or 07700 900 982.")
    return "+44" + digits[1:]


def _coordinate(raw: Any) -> float | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str) and _NUMBER.match(raw.strip()):
        value = float(raw.strip())
    else:
        return None
    return value if math.isfinite(value) else None


def _location(raw: Any, question: Question, today: date) -> dict[str, float]:
    if not isinstance(raw, dict) or not {"lat", "lon"} <= set(raw):
        raise Problem("Choose a place on the map, or give a latitude and longitude.")
    lat, lon = _coordinate(raw["lat"]), _coordinate(raw["lon"])
    messages = []
    if lat is None or not -90 <= lat <= 90:
        messages.append("The latitude must be a number between -90 and 90.")
    if lon is None or not -180 <= lon <= 180:
        messages.append("The longitude must be a number between -180 and 180.")
    if messages:
        raise Problem(*messages)
    return {"lat": lat, "lon": lon}


def _photo(raw: Any, question: Question, today: date) -> list[str] | int:
    most = question.max_photos or DEFAULT_MAX_PHOTOS
    too_many = f"You can add up to {most} photo{'s' if most != 1 else ''}."
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        if raw > most:
            raise Problem(too_many)
        return raw
    ids = raw if isinstance(raw, list | tuple) else None
    if ids is None or any(not _attachment_id(item) for item in ids):
        raise Problem("Something went wrong with a photo. Upload it again.")
    if len(ids) > most:
        raise Problem(too_many)
    return [str(item).strip() for item in ids]


def _attachment_id(item: Any) -> bool:
    if isinstance(item, bool):
        return False
    return (isinstance(item, int) and item > 0) or (isinstance(item, str) and bool(item.strip()))


CLEANERS: dict[str, Callable[[Any, Question, date], Any]] = {
    "text": _text,
    "long-text": _text,
    "number": _number,
    "date": _date,
    "single-choice": _single_choice,
    "multiple-choice": _multiple_choice,
    "yes-no": _yes_no,
    "email": _email,
    "phone": _phone,
    "location": _location,
    "photo": _photo,
}
