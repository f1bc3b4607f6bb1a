"""Checking what staff type about an asset, and the refusals the commons raises.

Every refusal carries a plain message saying what to do. `AssetInvalid` also names the
field each message belongs to, so a form can show it in place.
"""

import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from commonweal.commons.licences import canonical_licence
from commonweal.commons.models import Kind, Stage, Visibility
from commonweal.organisations.functions import FUNCTIONS


class CommonsRefusal(ValueError):
    """Something the commons will not do; nothing was changed."""


class NotAllowed(CommonsRefusal):
    """The person may not do this (see commons.permissions)."""


class Conflict(CommonsRefusal):
    """The request clashes with what is already there (a retired asset, a second adoption…)."""


class AssetInvalid(CommonsRefusal):
    """Some of the values given are not acceptable; `errors` maps each field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_DESCRIPTION = 20_000
_LIMITS = {"title": 200, "summary": 300}
_URL = URLValidator(schemes=["http", "https"])
_VERSION = re.compile(r"^v?(\d{1,4})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?$", re.IGNORECASE)


def version_sequence(number: str) -> tuple[str, int]:
    """The number as written without a leading "v", and one integer that sorts it.

    "3" sorts as 3.0.0, so "3", "3.0" and "3.0.0" are the same version. Each part after the
    first is below 1,000; the first below 10,000 (calendar versions like 2026.1 fit).
    """
    match = _VERSION.match(number.strip())
    if match is None:
        raise AssetInvalid(
            {"number": "Enter the version as numbers with dots, like 3 or 2.1.0 (up to 3 parts)."}
        )
    major, minor, patch = (int(part or 0) for part in match.groups())
    return number.strip().lstrip("vV"), major * 1_000_000 + minor * 1_000 + patch


def clean_asset_fields(values: Mapping[str, object]) -> dict[str, object]:
    """The values tidied (tags in lower case, lists without repeats), or AssetInvalid."""
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field, value in values.items():
        try:
            cleaned[field] = _CLEANERS[field](value)
        except ValidationError as error:
            errors[field] = " ".join(error.messages)
    if errors:
        raise AssetInvalid(errors)
    return cleaned


def _text(field: str, *, required: bool = True):
    def clean(value: object) -> str:
        text = " ".join(str(value or "").split())
        if required and not text:
            raise ValidationError(f"Enter the {field}.")
        if len(text) > _LIMITS[field]:
            raise ValidationError(
                f"The {field} must be {_LIMITS[field]} characters or fewer (it is {len(text)})."
            )
        return text

    return clean


def _description(value: object) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError(f"The description must be {MAX_DESCRIPTION:,} characters or fewer.")
    return text


def _choice(choices: type, label: str):
    def clean(value: object) -> str:
        if value not in choices.values:
            raise ValidationError(f"Choose a {label}: {', '.join(choices.values)}.")
        return str(value)

    return clean


def _licence(value: object) -> str:
    licence = canonical_licence(str(value or ""))
    if licence is None:
        raise ValidationError(
            f"“{value}” is not a licence we list. Choose an SPDX identifier such as MIT, "
            "Apache-2.0 or OGL-UK-3.0, or “proprietary”; ask us to add one that is missing."
        )
    return licence


def _list(value: object, what: str) -> list:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(f"Give the {what} as a list.")
    return list(value)


def _lgsl(value: object) -> list[int]:
    codes = set()
    for item in _list(value, "LGSL codes"):
        text = str(item).strip()
        if isinstance(item, bool) or not text.isdigit() or not 0 < int(text) < 100_000:
            raise ValidationError(
                f"“{item}” is not an LGSL code: LGSL codes are numbers, like 524."
            )
        codes.add(int(text))
    return sorted(codes)


def _functions(value: object) -> list[str]:
    slugs = {str(item) for item in _list(value, "functions")}
    unknown = sorted(slugs - set(FUNCTIONS))
    if unknown:
        raise ValidationError(
            f"Unknown function: {', '.join(unknown)}. Choose from: {', '.join(sorted(FUNCTIONS))}."
        )
    return sorted(slugs)


def _tags(value: object) -> list[str]:
    tags: list[str] = []
    for item in _list(value, "tags"):
        tag = " ".join(str(item).lower().split())
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(f"Tags must be {MAX_TAG_LENGTH} characters or fewer: “{tag}”.")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"Give {MAX_TAGS} tags or fewer.")
    return tags


def _url(value: object) -> str:
    url = str(value or "").strip()
    if not url:
        return ""
    try:
        _URL(url)
    except ValidationError:
        raise ValidationError(
            f"“{url}” is not a web address. Enter one starting https:// (or http://)."
        ) from None
    if len(url) > 500:
        raise ValidationError("Web addresses must be 500 characters or fewer.")
    return url


def _slug(value: object) -> str:
    slug = str(value or "").strip()
    try:
        validate_slug(slug)
    except ValidationError:
        raise ValidationError(
            "The short name may use only letters, numbers, hyphens and underscores."
        ) from None
    if len(slug) > 100:
        raise ValidationError("The short name must be 100 characters or fewer.")
    return slug


_CLEANERS = {
    "title": _text("title"),
    "summary": _text("summary"),
    "description": _description,
    "kind": _choice(Kind, "kind"),
    "stage": _choice(Stage, "stage"),
    "visibility": _choice(Visibility, "visibility"),
    "licence": _licence,
    "lgsl": _lgsl,
    "functions": _functions,
    "tags": _tags,
    "code_url": _url,
    "docs_url": _url,
    "contact_url": _url,
    "slug": _slug,
    "service_code": _slug,
}
