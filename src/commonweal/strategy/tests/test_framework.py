"""The framework file against its schema and rules, and the loader that reads it."""

import copy
import datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from commonweal.strategy.framework import (
    FrameworkError,
    Level,
    load_framework,
    validate_framework_document,
)
from commonweal.strategy.models import KeyPlayerRole

PRINCIPLES = ("collaborate", "redesign", "innovate")
CAPABILITIES = (
    "leadership",
    "governance",
    "organisational-change",
    "strategic-commissioning",
    "shared-services",
    "professionalism",
)
ISSUES = (
    "business-change",
    "digital-inclusion",
    "infrastructure",
    "information-governance",
    "information-assurance",
    "central-government-policy",
)
SECTORS = ("councils", "health", "education", "emergency-services", "voluntary-sector")
FILE = Path(settings.DATA_DIR) / "framework.yaml"


@pytest.fixture
def document() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_the_framework_file_meets_its_schema_and_rules(document):
    assert validate_framework_document(document) == []


def test_the_framework_has_all_fifteen_themes_in_three_groups():
    framework = load_framework()

    assert framework.theme_keys == PRINCIPLES + CAPABILITIES + ISSUES
    assert [group.key for group in framework.groups] == ["principle", "capability", "issue"]
    assert tuple(t.key for t in framework.themes_in("principle")) == PRINCIPLES
    assert tuple(t.key for t in framework.themes_in("capability")) == CAPABILITIES
    assert tuple(t.key for t in framework.themes_in("issue")) == ISSUES
    assert framework.version == "1.0"
    assert framework.released == datetime.date(2026, 11, 28)


@pytest.mark.parametrize("key", PRINCIPLES + CAPABILITIES + ISSUES)
def test_every_theme_is_complete(key):
    theme = load_framework().theme(key)

    assert [level.number for level in theme.levels] == [1, 2, 3, 4, 5]
    assert [level.name for level in theme.levels] == [
        "Starting",
        "Developing",
        "Established",
        "Advanced",
        "Leading",
    ]
    assert all(2 <= len(level.evidence) <= 4 for level in theme.levels)
    assert 3 <= len(theme.how_to_achieve) <= 6
    roles = [role for role, _, _ in theme.key_players]
    assert {"chief-executive", "finance-director", "cio"} <= set(roles)
    assert set(roles) <= set(KeyPlayerRole.values)
    assert tuple(sector for sector, _, _ in theme.sectors) == SECTORS
    assert "Placeholder" not in repr(theme)


def test_role_titles_match_the_key_player_roles():
    roles = dict(KeyPlayerRole.choices)
    for theme in load_framework().themes:
        for role, title, actions in theme.key_players:
            assert title == roles[role]
            assert actions


def test_the_framework_is_immutable_and_read_once():
    framework = load_framework()

    assert load_framework() is framework
    assert load_framework(FILE) is framework
    assert isinstance(framework.themes, tuple) and isinstance(framework.levels[0], Level)
    with pytest.raises(AttributeError):
        framework.version = "2.0"


def test_an_unknown_theme_is_a_key_error():
    with pytest.raises(KeyError):
        load_framework().theme("astrology")


def test_neighbours_run_in_the_framework_order():
    framework = load_framework()

    assert framework.neighbours("collaborate") == (None, framework.theme("redesign"))
    assert framework.neighbours("leadership") == (
        framework.theme("innovate"),
        framework.theme("governance"),
    )
    assert framework.neighbours("central-government-policy")[1] is None


def test_schema_problems_are_listed_with_their_paths(document):
    del document["themes"][2]["summary"]
    document["themes"][4]["levels"][1]["evidence"] = []
    document["themes"][7]["sectors"][0]["sector"] = "banking"

    problems = validate_framework_document(document)

    assert "themes[2].summary: is required" in problems
    assert any(p.startswith("themes[4].levels[1].evidence:") for p in problems)
    assert any(p.startswith("themes[7].sectors[0].sector:") for p in problems)


def test_rules_beyond_the_schema_are_checked(document):
    themes = document["themes"]
    themes[1]["key"] = "collaborate"
    themes[3]["levels"][0], themes[3]["levels"][1] = themes[3]["levels"][1], themes[3]["levels"][0]
    themes[5]["key_players"] = [p for p in themes[5]["key_players"] if p["role"] != "cio"]
    themes[6]["sectors"][4] = copy.deepcopy(themes[6]["sectors"][0])
    document["groups"] = [g for g in document["groups"] if g["key"] != "issue"]
    document["released"] = "2026-02-30"

    problems = validate_framework_document(document)

    assert "themes[1].key: the theme 'collaborate' is given twice" in problems
    assert any(p.startswith("themes[3].levels: the levels must be numbered") for p in problems)
    assert "themes[5].key_players: the 'cio' actions are missing" in problems
    assert "themes[6].sectors: the 'voluntary-sector' sector is missing" in problems
    assert "themes[9].group: no group 'issue' in groups" in problems
    assert "released: '2026-02-30' is not a real date" in problems


def test_a_broken_file_raises_one_error_listing_every_problem(tmp_path, document):
    document["version"] = "one"
    document["themes"][0]["levels"].pop()
    path = write(tmp_path, document)

    with pytest.raises(FrameworkError) as raised:
        load_framework(path)

    message = str(raised.value)
    assert "2 problem(s)" in message
    assert "version:" in message
    assert "themes[0].levels:" in message


def test_a_file_read_from_elsewhere_loads_with_an_unquoted_date(tmp_path, document):
    document["version"] = "1.1"
    document["released"] = datetime.date(2027, 1, 5)

    framework = load_framework(write(tmp_path, document))

    assert (framework.version, framework.released) == ("1.1", datetime.date(2027, 1, 5))


@pytest.mark.parametrize("text", ["key: [unclosed", "- just a list"])
def test_a_file_that_is_not_a_mapping_is_a_framework_error(tmp_path, text):
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(FrameworkError):
        load_framework(path)


def test_a_missing_file_is_a_framework_error(tmp_path):
    with pytest.raises(FrameworkError, match="cannot be read"):
        load_framework(tmp_path / "absent.yaml")
