"""CSV cells that no spreadsheet runs as a formula, and numbers and dates written plainly."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.core.spreadsheets import safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1223", "'+44 1223"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Fenland District Council", "Fenland District Council"),
        (Decimal("-2.5"), "-2.5"),
        (7, "7"),
        (None, ""),
        (True, "yes"),
        (date(2026, 3, 1), "2026-03-01"),
    ],
)
def test_cells(value, cell):
    assert safe_cell(value) == cell
