"""Case references such as CW-7K3F-9Q2M: easy to read aloud and to type from a letter.

The alphabet leaves out the characters people mistake for others (0 and O, 1, I and L)
and U (which reads as V): 30 characters, so 8 of them make about 656 billion references.
"""

import re
import secrets
from collections.abc import Callable

from django.urls import reverse

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "CW"
STAND_IN = f"{PREFIX}-XXXX-XXXX"  # reversed into a URL once, then replaced by each reference
_PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    """A random reference; the caller retries on the rare clash with an existing one."""
    number, chars = secrets.randbelow(len(ALPHABET) ** 8), []
    for _ in range(8):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return f"{PREFIX}-{''.join(chars[:4])}-{''.join(chars[4:])}"


def normalise(text: str) -> str:
    """A typed reference in its stored form: capitals, hyphens where they belong.

    "cw 7k3f9q2m", "CW-7K3F-9Q2M" and "7k3f-9q2m" all become "CW-7K3F-9Q2M".
    """
    chars = re.sub(r"[^0-9A-Z]", "", text.upper())
    if chars.startswith(PREFIX) and len(chars) == len(PREFIX) + 8:
        chars = chars[len(PREFIX) :]
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}" if len(chars) == 8 else text.strip().upper()


def is_reference(text: str) -> bool:
    """Whether `text` (as typed) is a well-formed case reference."""
    return bool(_PATTERN.match(normalise(text)))


def url_maker(url_name: str) -> Callable[[str], str]:
    """A function giving the URL that `url_name` names for a reference.

    The URL is reversed once, with a stand-in reference, and each reference is put in its
    place: a page listing fifty cases reverses one URL, not fifty.
    """
    head, tail = reverse(url_name, kwargs={"reference": STAND_IN}).split(STAND_IN, 1)
    return lambda reference: f"{head}{reference}{tail}"
