"""Cells for CSV files that people open in spreadsheets.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (or a tab or carriage
return before one) as a formula, so text from users could run on a reader's machine. Text
that starts so gets a leading apostrophe, which spreadsheets show as plain text. Numbers
are written as they are: a negative number is not a formula.
"""

from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as CSV text that no spreadsheet will run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
