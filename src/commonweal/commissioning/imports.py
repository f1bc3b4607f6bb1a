"""Importing a contracts register from CSV, in the shape councils publish theirs.

Councils publish their contracts under the Local Government Transparency Code with
headings that vary from one to the next ("Contract reference number", "Reference Number",
"Contract Ref"…). `HEADINGS` lists the variants understood for each field; headings are
compared in lower case with punctuation, "£" and repeated spaces ignored, so
"Annual value (£)" reads as "annual value".

Needed: a title, the supplier, the CPV code, the start and end dates, and the annual or the
total value (when only one is given the other is worked out from the contract's length,
a contract shorter than a year counting as one year). Optional: reference, description,
Companies House number, SME, extension options, notice period in months, status.

**Nothing is written unless every row is right.** `check_register` reads the whole file
and reports each problem with its row — rows are counted from 1, the first row after the
headings — and `import_register` writes all the contracts in one transaction only when
there is none. Problems found: a file that is not UTF-8, missing or repeated columns,
cells that are not dates, amounts or known CPV codes, negative values, end dates before
start dates, rows that repeat an earlier row or a contract already recorded, rows with more
cells than headings.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from commonweal.commissioning import permissions
from commonweal.commissioning.models import Contract, Supplier
from commonweal.commissioning.suppliers import find_or_create_supplier
from commonweal.commissioning.validation import (
    CommissioningRefusal,
    ContractInvalid,
    ContractValues,
    NotAllowed,
    clean_contract,
    companies_house_number,
    day,
    money,
    text,
)
from commonweal.core import csvtext
from commonweal.organisations.models import Organisation

MAX_BYTES = 2 * 1024 * 1024
HEADINGS: dict[str, tuple[str, ...]] = {
    "reference": (
        "reference", "contract reference", "contract reference number", "reference number",
        "contract ref", "contract id", "contract number", "ref",
    ),
    "title": (
        "title", "contract title", "contract name", "title of agreement", "name of contract",
        "agreement title",
    ),
    "description": (
        "description", "short description", "contract description",
        "description of goods and services", "description of the goods or services",
    ),
    "supplier": (
        "supplier", "supplier name", "vendor", "vendor name", "winning bidder", "contractor",
        "supplier name and details", "provider", "provider name",
    ),
    "companies_house_number": (
        "companies house number", "company number", "registered company number",
        "supplier registered company number", "company registration number",
        "supplier company number", "company reg no",
    ),
    "sme": ("sme", "is sme", "sme supplier", "supplier is sme", "sme flag", "sme status"),
    "cpv_code": ("cpv", "cpv code", "cpv codes", "cpv uri", "primary cpv code", "cpv 2008"),
    "start_date": ("start date", "contract start date", "start", "validity period start"),
    "end_date": (
        "end date", "contract end date", "end", "contract current end date",
        "current end date", "validity period end", "expiry date",
    ),
    "annual_value": (
        "annual value", "estimated annual value", "annual contract value", "value per annum",
        "annual spend",
    ),
    "total_value": (
        "total value", "value", "contract value", "total contract value",
        "contract award value", "current value", "original contract value", "value of contract",
        "sum to be paid over the length of the contract", "estimated total value",
    ),
    "extension_options": (
        "extension options", "extension", "extensions", "extension period", "option to extend",
        "extension options available",
    ),
    "notice_period_months": ("notice period", "notice period months", "notice period in months"),
    "status": ("status", "contract status"),
}  # fmt: skip
NEEDED = ("title", "supplier", "cpv_code", "start_date", "end_date")
NAMES = {
    "title": "Title", "supplier": "Supplier name", "cpv_code": "CPV code",
    "start_date": "Start date", "end_date": "End date", "annual_value": "Annual value",
    "total_value": "Total value",
}  # fmt: skip
_YES = {"yes", "y", "true", "1", "sme", "x"}
_NO = {"no", "n", "false", "0", "", "neither", "large", "non-sme", "not sme", "non sme"}
heading_key = csvtext.heading_key
_FIELD_OF = {heading_key(h): name for name, variants in HEADINGS.items() for h in variants}


@dataclass(frozen=True)
class RowError:
    """A problem in the file; `row` 0 means the headings or the file as a whole."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


@dataclass(frozen=True)
class ImportRow:
    row: int
    values: ContractValues
    supplier_name: str
    companies_house_number: str
    sme: bool
    new_supplier: bool


@dataclass
class RegisterCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → heading as written

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class ImportRefused(CommissioningRefusal):
    """The file has problems; `errors` lists every one with its row. Nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"The file has {len(errors)} problem{'s' * (len(errors) != 1)}.")


def _decode(data: bytes) -> str:
    try:
        return csvtext.decode(data, max_bytes=MAX_BYTES, split_hint="split it and import each part")
    except csvtext.CsvUnreadable as problem:
        raise ImportRefused([RowError(0, str(problem))]) from None


def _columns(headings: list[str], check: RegisterCheck) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        name = _FIELD_OF.get(heading_key(heading))
        if name is None:
            continue
        if name in found:
            what = NAMES.get(name, name.replace("_", " ")).lower()
            message = f"The columns “{headings[found[name]]}” and “{heading}” both give the {what}."
            check.errors.append(RowError(0, f"{message} Keep one."))
            continue
        found[name] = index
        check.columns[name] = heading
    for name in NEEDED:
        if name not in found:
            variants = ", ".join(f"“{h}”" for h in HEADINGS[name][:3])
            check.errors.append(
                RowError(0, f"The file has no {NAMES[name].lower()} column: name one {variants}.")
            )
    if "annual_value" not in found and "total_value" not in found:
        check.errors.append(
            RowError(0, "The file has no annual value or total value column: add one of them.")
        )
    return found


def _sme(written: str) -> bool:
    value = written.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"“{written}” is not yes or no: say whether the supplier is an SME.")


def _fill_values(cells: dict[str, str]) -> dict[str, object]:
    """Work out the annual or total value when the register gives only one.

    When the given one (or a date) cannot be read, its own error is reported and the other
    is left at 0 so as not to report a second, made-up problem.
    """
    annual, total = cells.get("annual_value", "").strip(), cells.get("total_value", "").strip()
    filled: dict[str, object] = {"annual_value": "", "total_value": ""} | cells
    if (annual and total) or not (annual or total):
        return filled
    missing = "total_value" if annual else "annual_value"
    try:
        start = day("start date", cells.get("start_date"))
        end = day("end date", cells.get("end_date"))
        amount = money("annual value" if annual else "total value", annual or total)
    except ValueError:
        return filled | {missing: "0"}
    months = round(((end - start).days + 1) / (365.25 / 12))  # 1/4/2025 to 31/3/2027: 24
    years = max(Decimal(months) / 12, Decimal(1))
    worked_out = amount * years if annual else amount / years
    return filled | {missing: worked_out.quantize(Decimal("0.01"), ROUND_HALF_UP)}


def _duplicate_key(values: ContractValues, supplier: str) -> tuple:
    if values.reference:
        return ("reference", values.reference.lower())
    return ("details", supplier.lower(), values.title.lower(), values.start_date, values.end_date)


def check_register(*, organisation: Organisation, data: bytes) -> RegisterCheck:
    """Read and check the whole file; write nothing."""
    check = RegisterCheck()
    try:
        content = _decode(data)
    except ImportRefused as refused:
        check.errors += refused.errors
        return check
    reader = csv.reader(io.StringIO(content, newline=""), csvtext.dialect_of(content))
    try:
        headings = next(reader)
    except (StopIteration, csv.Error):
        check.errors.append(RowError(0, "The file has no headings row."))
        return check
    columns = _columns(headings, check)
    if check.errors:
        return check
    existing = _existing_keys(organisation)
    suppliers = _known_suppliers()
    seen: dict[tuple, int] = {}
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            _check_row(number, cells, headings, columns, check, seen, existing, suppliers)
    except csv.Error as problem:
        check.errors.append(RowError(number + 1, f"This row cannot be read as CSV ({problem})."))
    if not check.rows and not check.errors:
        check.errors.append(RowError(0, "The file has headings but no contracts."))
    return check


def _check_row(number, cells, headings, columns, check, seen, existing, suppliers) -> None:
    if len(cells) > len(headings):
        check.errors.append(
            RowError(number, f"It has {len(cells)} cells but there are {len(headings)} headings.")
        )
        return
    given = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
    problems: list[str] = []
    try:
        supplier = text("supplier name", given.pop("supplier"))
    except ValueError as problem:
        supplier = ""
        problems.append(str(problem))
    try:
        number_ch = companies_house_number(given.pop("companies_house_number", ""))
    except ValueError as problem:
        number_ch = ""
        problems.append(str(problem))
    try:
        sme = _sme(given.pop("sme", ""))
    except ValueError as problem:
        sme = False
        problems.append(str(problem))
    try:
        values = clean_contract(_fill_values(given))
    except ContractInvalid as invalid:
        problems += invalid.errors.values()
        values = None
    if values is not None and supplier:
        key = _duplicate_key(values, supplier)
        if key in seen:
            problems.append(f"It repeats row {seen[key]}.")
        elif key in existing:
            problems.append(_already(values))
        seen.setdefault(key, number)
    if problems:
        check.errors += [RowError(number, message) for message in problems]
        return
    known = (number_ch and number_ch in suppliers) or supplier.lower() in suppliers
    check.rows.append(ImportRow(number, values, supplier, number_ch, sme, not known))


def _already(values: ContractValues) -> str:
    if values.reference:
        return f"A contract with the reference {values.reference} is already recorded."
    return "The same contract (supplier, title and dates) is already recorded."


def _existing_keys(organisation: Organisation) -> set[tuple]:
    keys: set[tuple] = set()
    rows = Contract.objects.filter(organisation=organisation).values_list(
        "reference", "supplier__name", "title", "start_date", "end_date"
    )
    for reference, supplier, title, start, end in rows:
        if reference:
            keys.add(("reference", reference.lower()))
        else:
            keys.add(("details", supplier.lower(), title.lower(), start, end))
    return keys


def _known_suppliers() -> set[str]:
    known: set[str] = set()
    for name, number in Supplier.objects.values_list("name", "companies_house_number"):
        known.add(name.lower())
        if number:
            known.add(number)
    return known


@transaction.atomic
def import_register(*, actor, organisation: Organisation, data: bytes) -> list[Contract]:
    """Check the file and, only if every row is right, record all its contracts.

    `actor` None means the platform's operators at the command line
    (`commonweal import-contracts`), who may change any organisation's records.
    """
    if actor is not None and not permissions.can_manage_contracts(actor, organisation):
        raise NotAllowed(
            f"Only commissioners and administrators of {organisation} can import its contracts."
        )
    check = check_register(organisation=organisation, data=data)
    if not check.ok:
        raise ImportRefused(check.errors)
    contracts = []
    for row in check.rows:
        supplier, _ = find_or_create_supplier(
            name=row.supplier_name, companies_house_number=row.companies_house_number, sme=row.sme
        )
        values = row.values
        contracts.append(
            Contract(
                organisation=organisation,
                supplier=supplier,
                created_by=actor,
                updated_by=actor,
                cpv_group=values.cpv_group,
                notice_date=values.notice_date,
                **{name: getattr(values, name) for name in _CONTRACT_FIELDS},
            )
        )
    return Contract.objects.bulk_create(contracts, batch_size=500)


_CONTRACT_FIELDS = (
    "title", "cpv_code", "start_date", "end_date", "annual_value", "total_value",
    "notice_period_months", "extension_options", "reference", "description", "status",
)  # fmt: skip
