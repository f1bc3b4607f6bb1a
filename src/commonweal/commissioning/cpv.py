"""The Common Procurement Vocabulary (CPV 2008): checking a code and naming its group.

The list is `data/cpv_2008.csv` (9,454 codes; see data/README.md), read once when first
needed. A contract's code is stored as published, with its check digit (`90511000-2`).

Opportunities to buy together compare contracts by the code's **group**: its first three
digits, which the vocabulary names in the code `NNN00000` ("905" is "Refuse and waste
related services"). The division (two digits) is too broad to buy together from (division
90 runs from sewage to environmental auditing); the class (four digits) and category (five)
split contracts that one supplier would bid for together (refuse collection, 90511, and
refuse transport, 90512).
"""

import csv
import re
from functools import cache

from django.conf import settings

GROUP_DIGITS = 3
_CODE = re.compile(r"^(\d{8})(?:\s*-\s*(\d))?$")
_IN_URI = re.compile(r"(\d{8})(?:-(\d))?/?$")
EXAMPLE = "90511000-2"


class CpvInvalid(ValueError):
    """The text is not a CPV 2008 code; the message says what is wrong and what to do."""


@cache
def vocabulary() -> dict[str, tuple[str, str]]:
    """Each code's eight digits → (the code with its check digit, English description)."""
    path = settings.DATA_DIR / "cpv_2008.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["CODE"][:8]: (row["CODE"], row["EN"]) for row in csv.DictReader(handle)}


def normalise(text: str) -> str:
    """The code as published (`90511000-2`) for text such as `90511000`, `90511000-2` or a
    CPV URI ending in the code; CpvInvalid for anything else."""
    given = " ".join(str(text or "").split())
    if not given:
        raise CpvInvalid(f"Enter the CPV code, like {EXAMPLE}.")
    found = _CODE.match(given)
    if found is None and given.lower().startswith(("http://", "https://")):
        found = _IN_URI.search(given)
    if found is None:
        raise CpvInvalid(
            f"“{given}” is not a CPV code: a CPV code is eight digits and a check digit, "
            f"like {EXAMPLE}."
        )
    digits, check = found.groups()
    known = vocabulary().get(digits)
    if known is None:
        raise CpvInvalid(
            f"{digits} is not in the CPV 2008 list. Check the code on your contract notice; "
            "the list has the codes in use since 2008."
        )
    if check is not None and check != known[0][-1]:
        raise CpvInvalid(f"{digits}-{check} has the wrong check digit: the code is {known[0]}.")
    return known[0]


def describe(code: str) -> str:
    """The English description of a code (with or without its check digit)."""
    known = vocabulary().get(code[:8])
    return known[1] if known else ""


def group_of(code: str) -> str:
    """The code's group: its first three digits."""
    return code[:GROUP_DIGITS]


def group_label(group: str) -> str:
    """The vocabulary's name for a group (`905` → "Refuse and waste related services")."""
    return describe(group.ljust(8, "0"))


def label(code: str) -> str:
    """The code and its description, as pages show it."""
    return f"{code} {describe(code)}".strip()
