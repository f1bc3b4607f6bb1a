"""Checking what people type or import about contracts, and the refusals commissioning raises.

Every refusal says what is wrong and what to do. `ContractInvalid` names the field each
message belongs to, so a form can show it in place and an import can report it by row.
The same cleaners serve `commissioning.contracts` and `commissioning.imports`.
"""

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from commonweal.commissioning import cpv
from commonweal.commissioning.models import Contract

MAX_NOTICE_MONTHS = 120
MAX_POUNDS = Decimal("999999999999.99")
_COMPANY_NUMBER = re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6})$")
_MONEY = re.compile(r"^\(?-?\s*£?\s*-?[\d,]*\.?\d*\)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_LIMITS = {"title": 300, "reference": 60, "name": 200, "supplier name": 200}


class CommissioningRefusal(ValueError):
    """Something commissioning will not do; nothing was changed."""


class NotAllowed(CommissioningRefusal):
    """The person may not do this (see commissioning.permissions)."""


class Conflict(CommissioningRefusal):
    """The request clashes with what is already there (a second interest, a used reference)."""


class ContractInvalid(CommissioningRefusal):
    """Some values are not acceptable; `errors` maps each field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


@dataclass(frozen=True)
class ContractValues:
    """A contract's details, checked and tidied, ready to be written."""

    title: str
    cpv_code: str
    start_date: date
    end_date: date
    annual_value: Decimal
    total_value: Decimal
    notice_period_months: int = 0
    extension_options: str = ""
    reference: str = ""
    description: str = ""
    status: str = Contract.Status.ACTIVE

    @property
    def cpv_group(self) -> str:
        return cpv.group_of(self.cpv_code)

    @property
    def notice_date(self) -> date:
        return notice_date_for(self.end_date, self.notice_period_months)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), kept within the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_date_for(end_date: date, notice_period_months: int) -> date:
    """The last day to give notice: the end date less the notice period (31 March 2027 with
    six months' notice gives 30 September 2026)."""
    return add_months(end_date, -notice_period_months)


def text(field: str, value: object, *, required: bool = True) -> str:
    cleaned = " ".join(str(value or "").split())
    if required and not cleaned:
        raise ValueError(f"Enter the {field}.")
    limit = _LIMITS.get(field)
    if limit and len(cleaned) > limit:
        raise ValueError(f"The {field} must be {limit} characters or fewer (it is {len(cleaned)}).")
    return cleaned


def money(field: str, value: object) -> Decimal:
    """Pounds as a Decimal to the penny: accepts 1234, 1234.5, "£1,234.50"; never negative."""
    if isinstance(value, bool):
        raise ValueError(f"Enter the {field} in pounds, like 12500 or 12,500.00.")
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        written = str(value or "").strip()
        if not written:
            raise ValueError(f"Enter the {field} in pounds, like 12500 or 12,500.00.")
        if not _MONEY.match(written):
            raise ValueError(
                f"“{written}” is not an amount: enter the {field} in pounds, like 12500."
            )
        negative = written.startswith(("(", "-")) or "-" in written
        try:
            amount = Decimal(written.strip("()").replace("£", "").replace(",", "").replace("-", ""))
        except InvalidOperation:
            raise ValueError(
                f"“{written}” is not an amount: enter the {field} in pounds, like 12500."
            ) from None
        amount = -amount if negative else amount
    if not amount.is_finite():
        raise ValueError(f"Enter the {field} in pounds, like 12500.")
    if amount < 0:
        raise ValueError(f"The {field} cannot be negative (it is {amount:,}).")
    if amount > MAX_POUNDS:
        raise ValueError(f"The {field} is too large: it must be under £1 trillion.")
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def day(field: str, value: object) -> date:
    """A date: a `date`, or text written 2026-03-27, 27/03/2026 or 27.3.2026."""
    if isinstance(value, date):
        return value
    written = str(value or "").strip()
    if not written:
        raise ValueError(f"Enter the {field}.")
    found = _ISO.match(written)
    if found:
        year, month, day_ = (int(part) for part in found.groups())
    elif found := _DAY_MONTH_YEAR.match(written):
        day_, month, year = (int(part) for part in found.groups())
    else:
        raise ValueError(
            f"“{written}” is not a date: enter the {field} as day, month and year, like "
            "31/03/2027 or 2027-03-31."
        )
    try:
        return date(year, month, day_)
    except ValueError:
        raise ValueError(f"“{written}” is not a real date: check the {field}.") from None


def notice_months(value: object) -> int:
    written = str(value if value is not None else "").strip() or "0"
    if isinstance(value, bool) or not written.isdigit():
        raise ValueError(f"“{written}” is not a notice period: enter whole months, like 6.")
    months = int(written)
    if months > MAX_NOTICE_MONTHS:
        raise ValueError(f"A notice period must be {MAX_NOTICE_MONTHS} months or fewer.")
    return months


def companies_house_number(value: object) -> str:
    """Upper case without spaces; 8 digits, or 2 letters and 6 digits (SC123456).

    Spreadsheets drop leading zeros, so 6 or 7 digits are padded back to 8.
    """
    written = "".join(str(value or "").split()).upper()
    if not written:
        return ""
    if written.isdigit() and 6 <= len(written) < 8:
        written = written.zfill(8)
    if not _COMPANY_NUMBER.match(written):
        raise ValueError(
            f"“{written}” is not a Companies House number: it is 8 characters, all digits "
            "(01234567) or two letters and six digits (SC123456)."
        )
    return written


def status(value: object) -> str:
    written = str(value or "").strip().lower() or Contract.Status.ACTIVE
    by_label = {label.lower(): code for code, label in Contract.Status.choices}
    found = written if written in Contract.Status.values else by_label.get(written)
    if found is None:
        choices = ", ".join(label.lower() for label in Contract.Status.labels)
        raise ValueError(f"“{written}” is not a status: use one of {choices}.")
    return found


def clean_contract(values: Mapping[str, object]) -> ContractValues:
    """Every field checked at once; ContractInvalid lists each problem against its field."""
    cleaned, errors = _checked(values)
    if errors:
        raise ContractInvalid(errors)
    return ContractValues(**cleaned)  # type: ignore[arg-type]


def contract_problems(values: Mapping[str, object]) -> dict[str, str]:
    """The problems `clean_contract` would report about the fields given, others unlooked at:
    for a form with problems of its own, so that every message is shown at once."""
    return _checked(values)[1]


def _checked(values: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    checks = {
        "title": lambda v: text("title", v),
        "cpv_code": cpv.normalise,
        "start_date": lambda v: day("start date", v),
        "end_date": lambda v: day("end date", v),
        "annual_value": lambda v: money("annual value", v),
        "total_value": lambda v: money("total value", v),
        "notice_period_months": notice_months,
        "extension_options": lambda v: str(v or "").strip(),
        "reference": lambda v: text("reference", v, required=False),
        "description": lambda v: str(v or "").strip(),
        "status": status,
    }
    for field, check in checks.items():
        if field not in values:
            continue
        try:
            cleaned[field] = check(values[field])
        except ValueError as problem:
            errors[field] = str(problem)
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["end_date"] = (
            f"The end date ({end:%d/%m/%Y}) is before the start date ({start:%d/%m/%Y})."
        )
    return cleaned, errors
