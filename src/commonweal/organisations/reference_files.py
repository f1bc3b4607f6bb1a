"""Read and check the organisation tables in data/: every problem is found before any write.

Each reader returns plain records; nothing here touches the database. A problem raises
`ReferenceDataError` naming the file, the row (counted from 1, after the header) and what
to do about it.
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from commonweal.organisations.models import Kind, Nation

AUTHORITIES = Path("organisations/uk_local_authorities.csv")
GOVUK = Path("organisations/govuk_local_authorities.csv")
NHS_TRUSTS = Path("organisations/nhs_trusts.csv")
POLICE = Path("organisations/police_forces.csv")
OTHER_BODIES = Path("organisations/other_bodies.json")

KIND_BY_TYPE = {
    "NMD": Kind.DISTRICT,
    "UA": Kind.UNITARY,
    "MD": Kind.METROPOLITAN_DISTRICT,
    "LBO": Kind.LONDON_BOROUGH,
    "CC": Kind.LONDON_BOROUGH,  # the City of London Corporation
    "CTY": Kind.COUNTY,
    "SCO": Kind.SCOTTISH_COUNCIL,
    "WPA": Kind.WELSH_COUNCIL,
    "NID": Kind.NI_DISTRICT,
    "COMB": Kind.COMBINED_AUTHORITY,
    "SRA": Kind.COMBINED_AUTHORITY,  # the Greater London Authority
}
NATIONS = {
    "England": Nation.ENGLAND,
    "Scotland": Nation.SCOTLAND,
    "Wales": Nation.WALES,
    "Northern Ireland": Nation.NORTHERN_IRELAND,
}
GSS_PREFIX = {
    Nation.ENGLAND: "E",
    Nation.SCOTLAND: "S",
    Nation.WALES: "W",
    Nation.NORTHERN_IRELAND: "N",
}
BUILT_KINDS = {Kind.COUNTY, Kind.COMBINED_AUTHORITY}
GSS_CODE = re.compile(r"[ENSW]\d{8}")
ODS_CODE = re.compile(r"[A-Z0-9]{3,6}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_url = URLValidator(schemes=["http", "https"])


class ReferenceDataError(Exception):
    """A reference data file is malformed; the message says where and what to do."""

    def __init__(self, path: Path, reason: str, *, row: int | str | None = None) -> None:
        self.path = path
        self.row = row
        self.reason = reason
        where = str(path) if row is None else f"{path}, {place(row)}"
        super().__init__(f"{where}: {reason}")


def is_url(value: str) -> bool:
    try:
        _url(value)
    except ValidationError:
        return False
    return True


def place(row: int | str) -> str:
    return f"row {row}" if isinstance(row, int) else str(row)


def failer(path: Path, row: int | str) -> Callable[[str], NoReturn]:
    """A function that raises ReferenceDataError for this file and row."""

    def fail(reason: str) -> NoReturn:
        raise ReferenceDataError(path, reason, row=row)

    return fail


@dataclass(frozen=True)
class Record:
    """One organisation as the reference data describes it."""

    key: str  # "gss:E07000008", "ods:RGT" or "slug:kent-police": how a later load finds it
    name: str
    slug: str
    kind: str
    nation: str
    gss_code: str | None = None
    ods_code: str | None = None
    former_gss_codes: tuple[str, ...] = ()
    website: str = ""
    functions_added: tuple[str, ...] | None = None  # None: leave the organisation's own
    functions_removed: tuple[str, ...] | None = None
    builds_area: bool = False  # its area is the union of its children's
    path: Path = Path()  # where the record came from, for messages
    row: int | str = 0


@dataclass
class Organisations:
    records: list[Record] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # keys of closed or abolished bodies
    parents: dict[str, set[str]] = field(default_factory=dict)  # child key -> parent keys
    by_gss: dict[str, Record] = field(default_factory=dict)  # current authorities only


def read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    """The rows of a CSV file, after checking it exists, is UTF-8 and has the columns needed."""
    if not path.is_file():
        raise ReferenceDataError(
            path, "the file is missing. Restore it from data/ in the repository."
        )
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if missing := [c for c in required if c not in (reader.fieldnames or [])]:
                raise ReferenceDataError(
                    path,
                    f"the column {', '.join(repr(c) for c in missing)} is missing. "
                    "Add it back (data/README.md lists the columns each file needs).",
                    row="header row",
                )
            rows = list(reader)
    except UnicodeDecodeError as error:
        raise ReferenceDataError(path, f"is not UTF-8 text ({error}). Save it as UTF-8.") from None
    except csv.Error as error:
        raise ReferenceDataError(path, f"is not a readable CSV file ({error}).") from None
    for number, row in enumerate(rows, start=1):
        if None in row:
            failer(path, number)("has more values than the header has columns; quote commas.")
        for column, value in row.items():
            row[column] = (value or "").strip()
    return rows


def claim_slug(slugs: dict[str, str], slug: str, path: Path, row: int | str) -> None:
    """Note that a record uses a slug, refusing one that an earlier record already took."""
    if slug in slugs:
        failer(path, row)(f"the slug {slug!r} is already used by {slugs[slug]}; make them differ.")
    slugs[slug] = f"{path.name} {place(row)}"


def read_govuk(path: Path) -> dict[str, dict[str, str]]:
    """GOV.UK's list of councils (slug and home page), by GSS code."""
    by_gss: dict[str, dict[str, str]] = {}
    for number, row in enumerate(read_csv(path, ["gss", "slug", "homepage_url"]), start=1):
        fail = failer(path, number)
        if not GSS_CODE.fullmatch(row["gss"]):
            fail(f"gss {row['gss']!r} is not a GSS code such as E07000008.")
        if row["gss"] in by_gss:
            fail(f"the GSS code {row['gss']} appears twice; keep one of the rows.")
        if row["slug"] and not SLUG.fullmatch(row["slug"]):
            fail(f"slug {row['slug']!r} may hold only a-z, 0-9 and single hyphens.")
        if row["homepage_url"] and not is_url(row["homepage_url"]):
            fail(f"homepage_url {row['homepage_url']!r} is not a web address; correct or blank it.")
        by_gss[row["gss"]] = row
    return by_gss


def read_authorities(
    path: Path, govuk: dict[str, dict[str, str]], found: Organisations, slugs: dict[str, str]
) -> None:
    """Current local authorities become records; former ones are noted to mark inactive."""
    columns = [
        "local-authority-code", "official-name", "nice-name", "gss-code", "nation",
        "local-authority-type", "county-la", "combined-authority", "former-gss-codes",
        "current-authority", "gov-uk-slug",
    ]  # fmt: skip
    rows = read_csv(path, columns)
    by_code: dict[str, tuple[int, dict[str, str]]] = {}
    gss_rows: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        _check_authority(failer(path, number), row, by_code, gss_rows)
        by_code[row["local-authority-code"]] = (number, row)
        if row["gss-code"]:
            gss_rows[row["gss-code"]] = number

    for number, row in enumerate(rows, start=1):
        if row["current-authority"] != "True":
            if row["gss-code"]:
                found.retired.append(f"gss:{row['gss-code']}")
            continue
        record = _authority(path, number, row, govuk)
        claim_slug(slugs, record.slug, path, number)
        found.records.append(record)
        found.by_gss[row["gss-code"]] = record
        parents = {
            _parent(failer(path, number), row, column, kind, by_code)
            for column, kind in (
                ("county-la", Kind.COUNTY),
                ("combined-authority", Kind.COMBINED_AUTHORITY),
            )
            if row[column]
        }
        if parents:
            found.parents[record.key] = parents


def _check_authority(
    fail: Callable[[str], NoReturn], row: dict[str, str], by_code: dict, gss_rows: dict[str, int]
) -> None:
    code, gss, nation = row["local-authority-code"], row["gss-code"], row["nation"]
    current = row["current-authority"] == "True"
    if not code:
        fail("local-authority-code is empty; every row needs its 3-letter code.")
    if code in by_code:
        fail(f"local-authority-code {code} is also used on row {by_code[code][0]}.")
    if row["current-authority"] not in {"True", "False"}:
        fail(f"current-authority is {row['current-authority']!r}; write True or False.")
    if row["local-authority-type"] not in KIND_BY_TYPE:
        fail(
            f"local-authority-type {row['local-authority-type']!r} is unknown; use one of "
            f"{', '.join(sorted(KIND_BY_TYPE))}."
        )
    if nation not in NATIONS:
        fail(f"nation {nation!r} is unknown; use one of {', '.join(NATIONS)}.")
    if current and not gss:
        fail("gss-code is empty; a current authority needs its GSS code, such as E07000008.")
    if gss and not GSS_CODE.fullmatch(gss):
        fail(f"gss-code {gss!r} is not a GSS code: a letter E, N, S or W and eight digits.")
    if gss and gss[0] != GSS_PREFIX[NATIONS[nation]]:
        fail(f"gss-code {gss} does not fit the nation {nation}; correct one of them.")
    if gss in gss_rows:
        fail(f"gss-code {gss} is also used on row {gss_rows[gss]}; each authority needs its own.")
    for old in filter(None, (c.strip() for c in row["former-gss-codes"].split(","))):
        if not GSS_CODE.fullmatch(old):
            fail(f"former-gss-codes holds {old!r}, not a GSS code; separate codes with commas.")
    if current and not row["official-name"]:
        fail("official-name is empty; a current authority needs its name.")


def _authority(
    path: Path, number: int, row: dict[str, str], govuk: dict[str, dict[str, str]]
) -> Record:
    kind = KIND_BY_TYPE[row["local-authority-type"]]
    former = tuple(c.strip() for c in row["former-gss-codes"].split(",") if c.strip())
    # GOV.UK's own list is the newer source of slugs and home pages; the Scottish
    # councils whose codes changed are still filed there under their former codes.
    links = [govuk[c] for c in (row["gss-code"], *former) if c in govuk]
    candidates = [links[0]["slug"] if links else "", row["gov-uk-slug"]]
    slug = next((s for s in candidates if SLUG.fullmatch(s)), "")
    if not slug:
        slug = slugify(row["official-name"] if kind in BUILT_KINDS else row["nice-name"])
    return Record(
        key=f"gss:{row['gss-code']}",
        name=row["official-name"],
        slug=slug,
        kind=kind,
        nation=NATIONS[row["nation"]],
        gss_code=row["gss-code"],
        former_gss_codes=former,
        website=links[0]["homepage_url"] if links else "",
        builds_area=kind in BUILT_KINDS,
        path=path,
        row=number,
    )


def _parent(
    fail: Callable[[str], NoReturn], row: dict[str, str], column: str, kind: str, by_code: dict
) -> str:
    """The key of the authority that a row's county-la or combined-authority column names."""
    code = row[column]
    parent = by_code.get(code)
    if parent is None or parent[1]["current-authority"] != "True":
        fail(f"{column} {code!r} is not the code of a current authority in this file.")
    number, parent_row = parent
    if KIND_BY_TYPE[parent_row["local-authority-type"]] != kind or parent_row is row:
        fail(f"{column} {code!r} is row {number}, which is not a {Kind(kind).label.lower()}.")
    return f"gss:{parent_row['gss-code']}"
