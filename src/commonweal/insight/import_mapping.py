"""The mapping for a historical-case import: which column holds what, which service is which.

A mapping is a small JSON or YAML document (see docs/import-cases.md):

    columns:            # the file's headings, as written (compared ignoring case and punctuation)
      reference: Enquiry number          # needed
      category: Type                     # needed
      opened: Date logged                # needed
      closed: Date closed                # optional
      status: Status                     # optional
      latitude: Lat                      # optional, with longitude
      longitude: Long
      description: Details               # optional
      channel: Received by               # optional
    categories:         # needed: the category as written → the service code
      Pothole: pothole
      Missed bin: missed-bin
    statuses:           # optional: the status as written → open, closed or a workflow state
      Open: open
      Completed: closed
    date_format: "%d.%m.%Y %H:%M"        # optional, when dates are written another way

Categories and statuses are compared ignoring case and surrounding spaces.
"""

import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from commonweal.core.csvtext import heading_key

FIELDS = {
    "reference": "the case's reference in the old system",
    "category": "the kind of request, mapped to a service",
    "opened": "when the request was made",
    "closed": "when it was closed (empty while open)",
    "status": "open, closed or a workflow state",
    "latitude": "latitude in degrees",
    "longitude": "longitude in degrees",
    "description": "what was reported",
    "channel": "how it came in, kept for the record",
}
NEEDED = ("reference", "category", "opened")
OPEN, CLOSED = "open", "closed"
MAX_MAPPING_BYTES = 256 * 1024


class MappingInvalid(ValueError):
    """The mapping document cannot be used; `errors` says each problem and what to do."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors))


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]  # field → heading as the mapping writes it
    categories: dict[str, str]  # category key (lower case) → service code
    statuses: dict[str, str] = field(default_factory=dict)  # status key → open/closed/state id
    date_format: str = ""

    def as_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"columns": self.columns, "categories": self.categories}
        if self.statuses:
            document["statuses"] = self.statuses
        if self.date_format:
            document["date_format"] = self.date_format
        return document


def category_key(written: str) -> str:
    return " ".join(written.split()).lower()


def parse_mapping(text: str | bytes) -> Mapping:
    """Read a mapping written as JSON or YAML; `MappingInvalid` lists every problem."""
    if isinstance(text, bytes):
        if len(text) > MAX_MAPPING_BYTES:
            raise MappingInvalid(["The mapping file is larger than 256 KB: is it the right file?"])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MappingInvalid(
                ["The mapping file is not UTF-8 text: save it as UTF-8."]
            ) from None
    try:
        document = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, RecursionError) as problem:  # recursion: nested deep
        where = getattr(problem, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise MappingInvalid(
            [f"The mapping cannot be read as JSON or YAML{line}: check its indentation and quotes."]
        ) from None
    return mapping_from_document(document)


def mapping_from_document(document: Any) -> Mapping:
    """A mapping from its parsed form (also how an import run's stored mapping comes back)."""
    if not isinstance(document, dict):
        raise MappingInvalid(["The mapping needs a “columns” section and a “categories” section."])
    errors: list[str] = []
    known = {"columns", "categories", "statuses", "date_format"}
    unknown = sorted(str(key) for key in document if key not in known)  # YAML keys: any type
    if unknown:
        errors.append(
            f"The mapping has sections Commonweal does not know: {', '.join(unknown)}. "
            "Use columns, categories, statuses and date_format."
        )
    columns = _text_pairs(document.get("columns"), "columns", errors)
    for name in sorted(set(columns) - set(FIELDS)):
        errors.append(
            f"“{name}” under columns is not a field Commonweal imports: use {', '.join(FIELDS)}."
        )
    for name in NEEDED:
        if name not in columns:
            errors.append(f"Under columns, name the column that gives {FIELDS[name]} ({name}).")
    if ("latitude" in columns) != ("longitude" in columns):
        errors.append("Under columns, name both latitude and longitude, or neither.")
    headings: dict[str, str] = {}
    for name, heading in columns.items():
        key = heading_key(heading)
        if key in headings:
            errors.append(f"The column “{heading}” is named for both {headings[key]} and {name}.")
        headings[key] = name
    categories = {category_key(k): v for k, v in _text_pairs(
        document.get("categories"), "categories", errors).items()}  # fmt: skip
    if "categories" in document and not categories and isinstance(document["categories"], dict):
        errors.append("Under categories, map at least one category to a service code.")
    if "categories" not in document:
        errors.append("The mapping needs a “categories” section: each category → a service code.")
    statuses = {
        category_key(k): v.strip().lower()
        for k, v in _text_pairs(document.get("statuses", {}), "statuses", errors).items()
    }
    date_format = document.get("date_format") or ""
    if not isinstance(date_format, str) or (date_format and "%" not in date_format):
        errors.append("date_format must be written as for strptime, such as “%d.%m.%Y %H:%M”.")
        date_format = ""
    if errors:
        raise MappingInvalid(errors)
    return Mapping(
        columns=columns, categories=categories, statuses=statuses, date_format=date_format
    )


def _text_pairs(section: Any, name: str, errors: list[str]) -> dict[str, str]:
    if section is None:
        return {}
    if not isinstance(section, dict):
        errors.append(f"Under {name}, write one “name: value” pair a line.")
        return {}
    pairs: dict[str, str] = {}
    for key, value in section.items():
        if value is None or isinstance(value, (dict, list)) or str(value).strip() == "":
            errors.append(f"Under {name}, give a value for “{key}”.")
            continue
        pairs[str(key).strip()] = str(value).strip()
    return pairs
