"""Read and check the tables of public bodies other than councils: NHS trusts, police, others.

Like reference_files, these readers only read: a problem raises ReferenceDataError.
"""

import json
from datetime import date
from pathlib import Path

from django.utils.text import slugify

from commonweal.organisations.functions import FUNCTIONS, unknown_functions
from commonweal.organisations.models import Kind, Nation
from commonweal.organisations.reference_files import (
    ODS_CODE,
    SLUG,
    Organisations,
    Record,
    ReferenceDataError,
    claim_slug,
    failer,
    is_url,
    read_csv,
)

WELSH_FORCES = {"dyfed-powys", "gwent", "north-wales", "south-wales"}
_SMALL_WORDS = {"and", "of", "the", "for", "upon", "in", "on", "at"}


def nice_trust_name(name: str) -> str:
    """'THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST' in ordinary case."""
    words = []
    for index, word in enumerate(name.split()):
        lower = word.lower()
        if word == "NHS":
            words.append(word)
        elif index and lower in _SMALL_WORDS:
            words.append(lower)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in lower.split("-")))
    return " ".join(words)


def read_nhs_trusts(path: Path, found: Organisations, slugs: dict[str, str]) -> None:
    """Open NHS trusts become records; closed ones are noted so they can be marked inactive."""
    rows = read_csv(path, ["organisation_code", "name", "national_grouping", "close_date"])
    seen: dict[str, int] = {}
    today = date.today()
    for number, row in enumerate(rows, start=1):
        fail = failer(path, number)
        code = row["organisation_code"]
        if not ODS_CODE.fullmatch(code):
            fail(f"organisation_code {code!r} is not an ODS code such as RGT.")
        if code in seen:
            fail(f"the ODS code {code} is also on row {seen[code]}; keep one of the rows.")
        seen[code] = number
        if not row["name"] or not row["national_grouping"]:
            fail("name and national_grouping must not be empty.")
        try:
            closed = bool(row["close_date"]) and date.fromisoformat(row["close_date"]) <= today
        except ValueError:
            fail(f"close_date {row['close_date']!r} is not a date written as YYYYMMDD.")
        if closed:
            found.retired.append(f"ods:{code}")
            continue
        name = nice_trust_name(row["name"])
        slug = slugify(name)[:100].strip("-")
        claim_slug(slugs, slug, path, number)
        nation = Nation.WALES if row["national_grouping"] == "W00" else Nation.ENGLAND
        found.records.append(
            Record(
                key=f"ods:{code}",
                name=name,
                slug=slug,
                kind=Kind.NHS_TRUST,
                nation=nation,
                ods_code=code,
                path=path,
                row=number,
            )
        )


def read_police(path: Path, found: Organisations, slugs: dict[str, str]) -> None:
    """Police forces, keyed by the slug made from their data.police.uk id."""
    for number, row in enumerate(read_csv(path, ["police-force", "name"]), start=1):
        fail = failer(path, number)
        force = row["police-force"]
        if not SLUG.fullmatch(force):
            fail(f"police-force {force!r} is not a data.police.uk force id such as kent.")
        if not row["name"]:
            fail("name is empty; give the force's name.")
        slug = f"{force}-police"
        claim_slug(slugs, slug, path, number)
        nation = Nation.ENGLAND
        if force == "northern-ireland":
            nation = Nation.NORTHERN_IRELAND
        elif force in WELSH_FORCES:
            nation = Nation.WALES
        found.records.append(
            Record(
                key=f"slug:{slug}",
                name=row["name"],
                slug=slug,
                kind=Kind.POLICE,
                nation=nation,
                path=path,
                row=number,
            )
        )


def read_other_bodies(path: Path, found: Organisations, slugs: dict[str, str]) -> None:
    """Bodies described by hand in JSON, such as Northern Ireland's Department for Infrastructure.

    An entry's `children` are GSS codes of current authorities: the body becomes their
    parent and its area is the union of theirs.
    """
    if not path.is_file():
        raise ReferenceDataError(
            path, "the file is missing. Restore it from data/ in the repository."
        )
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ReferenceDataError(path, f"is not valid JSON ({error}).") from None
    if not isinstance(entries, list):
        raise ReferenceDataError(path, "must hold a JSON list of organisations.")
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        fail = failer(path, where)
        if not isinstance(entry, dict):
            fail("must be a JSON object.")
        if missing := [k for k in ("slug", "name", "kind", "nation") if not entry.get(k)]:
            fail(f"{', '.join(missing)} must be given.")
        if not SLUG.fullmatch(str(entry["slug"])):
            fail(f"slug {entry['slug']!r} may hold only a-z, 0-9 and single hyphens.")
        if entry["kind"] not in Kind.values:
            fail(f"kind {entry['kind']!r} is unknown; use one of {', '.join(Kind.values)}.")
        if entry["nation"] not in Nation.values:
            fail(f"nation {entry['nation']!r} is unknown; use one of {', '.join(Nation.values)}.")
        functions = {}
        for name in ("functions_added", "functions_removed"):
            value = entry.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                fail(f"{name} must be a list of function names.")
            if unknown := unknown_functions(value):
                fail(
                    f"{name} names the unknown function {', '.join(unknown)}; "
                    f"use one of {', '.join(FUNCTIONS)}."
                )
            functions[name] = tuple(value)
        website = entry.get("website", "")
        if website and not is_url(website):
            fail(f"website {website!r} is not a web address.")
        children = entry.get("children", [])
        if not isinstance(children, list):
            fail("children must be a list of GSS codes.")
        for code in children:
            if not isinstance(code, str) or code not in found.by_gss:
                fail(f"children names {code!r}, which is not a current authority's GSS code.")
        claim_slug(slugs, entry["slug"], path, where)
        record = Record(
            key=f"slug:{entry['slug']}", name=str(entry["name"]), slug=entry["slug"],
            kind=entry["kind"], nation=entry["nation"], website=website,
            builds_area=bool(children), path=path, row=where, **functions,
        )  # fmt: skip
        found.records.append(record)
        for code in children:
            found.parents.setdefault(f"gss:{code}", set()).add(record.key)
