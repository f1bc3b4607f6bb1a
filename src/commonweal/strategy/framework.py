"""The reform framework: three principles, six capabilities and six issues, five levels each.

The framework is data, `data/framework.yaml`, checked against
`strategy/schema/framework.schema.json` and by the rules below that a schema cannot state.
It is read once and kept (`load_framework()`); an assessment records the version it was
made against, so the version changes whenever a theme's text or its levels change.
See docs/framework.md.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "framework.schema.json"
FILE_NAME = "framework.yaml"
LEVEL_NUMBERS = (1, 2, 3, 4, 5)
REQUIRED_ROLES = ("chief-executive", "finance-director", "cio")
ROLE_TITLES = {
    "chief-executive": "Chief executive",
    "finance-director": "Finance director",
    "cio": "Chief information officer",
    "elected-member": "Elected or board member",
    "service-director": "Service director",
    "partner-lead": "Partnership lead",
}
SECTOR_TITLES = {
    "councils": "Councils",
    "health": "Health",
    "education": "Education",
    "emergency-services": "Emergency services",
    "voluntary-sector": "Voluntary sector",
}


class FrameworkError(ValueError):
    """The framework file is unreadable or breaks its rules; the message lists every problem."""


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    description: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class Theme:
    key: str
    group: str
    title: str
    summary: str
    desired_situation: str
    what_must_change: str
    why_it_matters: str
    how_to_achieve: tuple[str, ...]
    key_players: tuple[tuple[str, str, tuple[str, ...]], ...]  # (role, role title, actions)
    sectors: tuple[tuple[str, str, str], ...]  # (sector, sector title, what it means there)
    levels: tuple[Level, ...]

    def level(self, number: int) -> Level:
        """The theme's level with this number (1 to 5); KeyError for any other number."""
        for level in self.levels:
            if level.number == number:
                return level
        raise KeyError(number)


@dataclass(frozen=True)
class Framework:
    version: str
    released: datetime.date
    title: str
    introduction: str
    groups: tuple[Group, ...]
    themes: tuple[Theme, ...]
    levels: tuple[Level, ...] = ()  # the five levels in general, without evidence

    def theme(self, key: str) -> Theme:
        """The theme with this key; KeyError if there is none."""
        for theme in self.themes:
            if theme.key == key:
                return theme
        raise KeyError(key)

    def themes_in(self, group: str) -> tuple[Theme, ...]:
        """The group's themes, in the framework's order."""
        return tuple(theme for theme in self.themes if theme.group == group)

    @property
    def theme_keys(self) -> tuple[str, ...]:
        return tuple(theme.key for theme in self.themes)

    def group(self, key: str) -> Group:
        """The group with this key; KeyError if there is none."""
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)

    def neighbours(self, key: str) -> tuple[Theme | None, Theme | None]:
        """The themes before and after this one in the framework's order (None at the ends)."""
        index = self.theme_keys.index(key)
        before = self.themes[index - 1] if index > 0 else None
        after = self.themes[index + 1] if index + 1 < len(self.themes) else None
        return before, after


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _where(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def validate_framework_document(document: dict) -> list[str]:
    """Every problem in the document, each as `path: what is wrong`; empty when it is sound."""
    document = _dates_as_text(document)
    errors = sorted(_validator().iter_errors(document), key=lambda e: _where(e.path))
    problems = [problem for error in errors for problem in _explain(error)]
    if problems or not isinstance(document, dict):
        return problems
    return _rule_problems(document)


def _explain(error: jsonschema.ValidationError) -> list[str]:
    """One schema error as short, located problems (jsonschema's own messages quote the
    whole offending value, which for a theme is pages long)."""
    where, value = _where(error.absolute_path), error.validator_value
    prefix = f"{where}." if error.absolute_path else ""
    if error.validator == "required":
        return [f"{prefix}{name}: is required" for name in value if name not in error.instance]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [f"{prefix}{name}: unknown field" for name in error.instance if name not in known]
    if error.validator == "minItems":
        return [f"{where}: has {len(error.instance)} item(s); at least {value} are needed"]
    if error.validator == "maxItems":
        return [f"{where}: has {len(error.instance)} item(s); at most {value} are allowed"]
    if error.validator == "enum":
        return [f"{where}: {error.instance!r} is not one of: " + ", ".join(map(str, value))]
    if error.validator == "minLength" and isinstance(error.instance, str):
        return [f"{where}: is too short; write at least {value} characters"]
    return [f"{where}: {error.message}"]


def _rule_problems(document: dict) -> list[str]:
    problems: list[str] = []
    try:
        datetime.date.fromisoformat(document["released"])
    except ValueError:
        problems.append(f"released: {document['released']!r} is not a real date")
    _check_levels(document["levels"], "levels", problems)
    group_keys = [group["key"] for group in document["groups"]]
    for index, key in enumerate(group_keys):
        if key in group_keys[:index]:
            problems.append(f"groups[{index}].key: the group {key!r} is given twice")
    seen: set[str] = set()
    for index, theme in enumerate(document["themes"]):
        where = f"themes[{index}]"
        if theme["key"] in seen:
            problems.append(f"{where}.key: the theme {theme['key']!r} is given twice")
        seen.add(theme["key"])
        if theme["group"] not in group_keys:
            problems.append(f"{where}.group: no group {theme['group']!r} in groups")
        _check_levels(theme["levels"], f"{where}.levels", problems)
        roles = [player["role"] for player in theme["key_players"]]
        for index_role, role in enumerate(roles):
            if role in roles[:index_role]:
                problems.append(f"{where}.key_players[{index_role}].role: {role!r} given twice")
        for role in REQUIRED_ROLES:
            if role not in roles:
                problems.append(f"{where}.key_players: the {role!r} actions are missing")
        sectors = [sector["sector"] for sector in theme["sectors"]]
        for sector in SECTOR_TITLES:
            if sector not in sectors:
                problems.append(f"{where}.sectors: the {sector!r} sector is missing")
    for group in group_keys:
        if group not in {theme["group"] for theme in document["themes"]}:
            problems.append(f"groups: the group {group!r} has no themes")
    return problems


def _check_levels(levels: list[dict], where: str, problems: list[str]) -> None:
    numbers = tuple(level["number"] for level in levels)
    if numbers != LEVEL_NUMBERS:
        shown = ", ".join(map(str, numbers))
        problems.append(f"{where}: the levels must be numbered 1, 2, 3, 4, 5 in order, not {shown}")


def _dates_as_text(document: Any) -> Any:
    """YAML reads an unquoted 2026-11-28 as a date; the schema checks it as text."""
    if isinstance(document, dict) and isinstance(document.get("released"), datetime.date):
        return {**document, "released": document["released"].isoformat()}
    return document


def default_path() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def load_framework(path: Path | None = None) -> Framework:
    """The framework in `path` (default: data/framework.yaml, read once and kept)."""
    if path is None or Path(path) == default_path():
        return _load_default()
    return _load(Path(path))


@cache
def _load_default() -> Framework:
    return _load(default_path())


def _load(path: Path) -> Framework:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise FrameworkError(f"{path}: cannot be read ({problem.strerror})") from problem
    except yaml.YAMLError as problem:
        raise FrameworkError(f"{path}: not valid YAML: {problem}") from problem
    if not isinstance(document, dict):
        raise FrameworkError(f"{path}: (document): must be a mapping of fields")
    problems = validate_framework_document(document)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise FrameworkError(f"{path} has {len(problems)} problem(s):\n{listed}")
    return _build(_dates_as_text(document))


def _build(document: dict) -> Framework:
    names = {level["number"]: level["name"] for level in document["levels"]}
    return Framework(
        version=document["version"],
        released=datetime.date.fromisoformat(document["released"]),
        title=document["title"],
        introduction=document["introduction"].strip(),
        groups=tuple(
            Group(key=group["key"], title=group["title"], description=group["description"])
            for group in document["groups"]
        ),
        themes=tuple(_theme(theme, names) for theme in document["themes"]),
        levels=tuple(
            Level(level["number"], level["name"], level["description"].strip(), ())
            for level in document["levels"]
        ),
    )


def _theme(theme: dict, names: dict[int, str]) -> Theme:
    return Theme(
        key=theme["key"],
        group=theme["group"],
        title=theme["title"],
        summary=theme["summary"].strip(),
        desired_situation=theme["desired_situation"].strip(),
        what_must_change=theme["what_must_change"].strip(),
        why_it_matters=theme["why_it_matters"].strip(),
        how_to_achieve=tuple(step.strip() for step in theme["how_to_achieve"]),
        key_players=tuple(
            (
                player["role"],
                ROLE_TITLES[player["role"]],
                tuple(a.strip() for a in player["actions"]),
            )
            for player in theme["key_players"]
        ),
        sectors=tuple(
            (sector["sector"], SECTOR_TITLES[sector["sector"]], sector["text"].strip())
            for sector in sorted(
                theme["sectors"], key=lambda s: list(SECTOR_TITLES).index(s["sector"])
            )
        ),
        levels=tuple(
            Level(
                number=level["number"],
                name=names[level["number"]],
                description=level["description"].strip(),
                evidence=tuple(item.strip() for item in level["evidence"]),
            )
            for level in theme["levels"]
        ),
    )
