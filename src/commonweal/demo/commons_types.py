"""The shape of a demo commons asset, kept apart so the data modules read as data."""

from dataclasses import dataclass

# (who: a GSS or ODS code or slug, status, estimated annual saving, one-off cost) in pounds
Adopter = tuple[str, str, int | None, int | None]


@dataclass(frozen=True)
class Shared:
    """An asset to publish, with its versions, adopters and interest.

    `owner` is an organisation's GSS or ODS code or slug, or "partnership:<slug>".
    """

    slug: str
    owner: str
    kind: str
    title: str
    summary: str
    description: str
    licence: str
    stage: str
    functions: tuple[str, ...] = ()
    lgsl: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    members_only: bool = False
    code: bool = False  # has a public code repository
    age_days: int = 365
    versions: tuple[tuple[str, int, str], ...] = ()  # (number, days ago, release notes)
    adopters: tuple[Adopter, ...] = ()
    interested: tuple[tuple[str, str], ...] = ()  # (who, note)
