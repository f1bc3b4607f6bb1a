"""Any definition text or document either loads or is refused with located errors; what loads
survives being written out and read back, and can be stored."""

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from commonweal.services import definitions
from commonweal.services.engine import (
    Definition,
    DefinitionInvalid,
    definition_from_document,
    dump_document,
    load_definition,
    parse_document,
)

SERVICES = Path(__file__).resolve().parents[4] / "data" / "services"
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted(SERVICES.glob("*.yaml"))}
DOCUMENTS = [parse_document(text=text) for text in TEXTS.values()]

FUZZ = settings(
    max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text that YAML readers disagree about, or that breaks naive quoting.
TRICKY = [
    "09", "1e5", "1.0e5", "+1", "0x1F", ".nan", "-.inf", "yes", "no", "on", "off", "null",
    "~", "", "true", "False", "2026-01-01", "23:00", "1:30:00", "&anchor", "*alias",
    "!!python/object", "'", '"', "# not a comment", "key: value", "- item", "[a]", "{b: c}",
    " padded ", "\t", "line\nbreak", "\u2028", "\x85", "\ufeff", "%TAG", "---", "...",
    "\x00", "\ud800", "9" * 5000,
]  # fmt: skip
texts = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _same_kind(value: Any) -> st.SearchStrategy:
    """Another value of the same kind, so that the document often keeps its shape and the
    meaning checks (ids, workflow, rules) get to see it."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=-5, max_value=400) | st.integers()
    if isinstance(value, float):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(value, str):
        return texts
    if isinstance(value, list) and value:
        index = st.integers(0, len(value) - 1)
        return st.one_of(
            index.map(lambda i: value[:i] + value[i + 1 :]),  # one item fewer
            index.map(lambda i: [*value, value[i]]),  # an item twice
            st.just(value[::-1]),
        )
    if isinstance(value, dict) and value:
        return st.sampled_from(sorted(value)).map(
            lambda key: {k: v for k, v in value.items() if k != key}
        )
    return json_values


@st.composite
def documents(draw) -> dict:
    """A shipped definition with one to three changes: a value of the same kind, anything
    at all, or a key removed or added."""
    document = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        current = parent[path[-1]]
        change = draw(st.sampled_from(["same-kind", "same-kind", "anything", "remove", "add"]))
        if change == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif change == "add" and isinstance(parent, dict):
            parent[draw(texts)] = draw(json_values)
        elif change == "anything":
            parent[path[-1]] = draw(json_values)
        else:
            parent[path[-1]] = draw(_same_kind(current))
    return document


@st.composite
def edited_texts(draw) -> tuple[str, str]:
    """A shipped definition's text with a few characters cut, added or replaced."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 20)))
        added = draw(texts | st.sampled_from([":", "-", " ", "\n", "  "]))
        text = text[:start] + added + text[end:]
    return text, draw(st.sampled_from([name, name.replace(".yaml", ".json")]))


def _load_or_refuse(load, **kwargs) -> Definition | None:
    """Loaded, or refused with the loader's own error listing located problems; nothing else."""
    try:
        return load(**kwargs)
    except DefinitionInvalid as invalid:
        assert invalid.errors
        for error in invalid.errors:
            assert isinstance(error.location, str) and error.location
            assert isinstance(error.message, str) and error.message
        return None


def _round_trips(definition: Definition) -> None:
    """Written out as YAML and as JSON, the definition reads back the same."""
    for text, filename in [
        (dump_document(definition.document), "again.yaml"),
        (json.dumps(definition.document, ensure_ascii=False), "again.json"),
    ]:
        again = load_definition(text=text, filename=filename)
        assert again.document == definition.document
        assert again == definition


@FUZZ
@given(text=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_any_text_loads_or_is_refused_with_located_errors(text):
    for filename in ("mine.yaml", "mine.json"):
        definition = _load_or_refuse(load_definition, text=text, filename=filename)
        if definition is not None:
            _round_trips(definition)


@FUZZ
@given(edited=edited_texts())
def test_an_edited_definition_loads_or_is_refused_and_what_loads_round_trips(edited):
    text, filename = edited
    definition = _load_or_refuse(load_definition, text=text, filename=filename)
    if definition is not None:
        _round_trips(definition)


@FUZZ
@given(document=documents())
def test_a_changed_document_loads_or_is_refused_and_what_loads_round_trips(document):
    _load_or_refuse(definition_from_document, document=document)  # as stored, parsed
    # As a person would write it, in YAML or in JSON: the two agree.
    as_yaml = _load_or_refuse(load_definition, text=dump_document(document), filename="a.yaml")
    as_json = _load_or_refuse(
        load_definition, text=json.dumps(document, ensure_ascii=False), filename="a.json"
    )
    assert as_yaml == as_json
    if as_yaml is not None:
        assert as_yaml.document == as_json.document == document
        _round_trips(as_yaml)


def test_the_shipped_definitions_round_trip():
    for text in TEXTS.values():
        _round_trips(load_definition(text=text))


class StoringWhatLoads(TestCase):
    """Whatever the loader accepts can be saved as a version, on SQLite and PostgreSQL."""

    @settings(
        max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(document=documents())
    def test_what_loads_can_be_saved_and_read_back(self, document) -> None:
        text = json.dumps(document, ensure_ascii=False)
        loaded = _load_or_refuse(load_definition, text=text, filename="mine.json")
        if loaded is None:
            return
        row = definitions.save_version(text=text, owner=None, filename="mine.json")
        row.refresh_from_db()
        assert definitions.engine_definition(row) == loaded
        assert row.source_text == text
