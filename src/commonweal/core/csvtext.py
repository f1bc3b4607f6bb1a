"""Reading uploaded CSV files: their text, and headings compared the forgiving way.

Shared by the importers (`commissioning.imports`, `insight.imports`). Spreadsheets save
CSV as UTF-8 with or without a byte-order mark, or, in older versions of Excel ("CSV
(comma delimited)"), as Windows-1252; only UTF-8 is read, and any other encoding is
refused with the line to look at and how to save the file again; so is a file holding
NUL characters, which no database keeps in text.
"""

import csv
import re

_NOT_WORD = re.compile(r"[^a-z0-9]+")


class CsvUnreadable(ValueError):
    """The file cannot be read as CSV text; the message says what to do."""


def heading_key(heading: str) -> str:
    """A heading in lower case without punctuation: "Annual value (£)" → "annual value"."""
    return " ".join(_NOT_WORD.sub(" ", heading.lower()).split())


def decode(data: bytes, *, max_bytes: int, split_hint: str = "split it") -> str:
    """The file's text, or `CsvUnreadable` when it is empty, too large, not UTF-8 or holds NUL."""
    if not data.strip():
        raise CsvUnreadable("The file is empty. Choose the CSV file to import.")
    if len(data) > max_bytes:
        size = f"{max_bytes / 1024 / 1024:g} MB"
        raise CsvUnreadable(f"The file is larger than {size}: {split_hint}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n")
        where = f"row {line}" if line else "the headings"
        raise CsvUnreadable(
            f"The file is not UTF-8 text: the first character that cannot be read is in "
            f"{where}. Save it from your spreadsheet as “CSV UTF-8 (comma delimited)” "
            "and import it again."
        ) from None
    if "\x00" in text:
        # Valid UTF-8, but no database stores it in text (and PostgreSQL refuses it).
        line = text[: text.index("\x00")].count("\n")
        where = f"row {line}" if line else "the headings"
        raise CsvUnreadable(
            f"The file holds a NUL character (in {where}), which CSV text never has: is it "
            "a spreadsheet or UTF-16 file? Save it as “CSV UTF-8 (comma delimited)” and "
            "import it again."
        )
    return text


def dialect_of(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The delimiter (comma, semicolon or tab) the headings row uses; comma when unsure."""
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel
