"""Reading a definition's text (YAML or JSON) and checking it against the published JSON Schema.

YAML is read with YAML 1.2 rules rather than PyYAML's 1.1 defaults, so that `on`, `yes`
and `no` stay strings, `23:00` is a time and not the number 1380, and an unquoted
`2026-01-01` stays a string. A key given twice in one mapping is an error, and so are
anchors and aliases (a few lines with aliases can expand into a huge document).

A document holds only what JSON (and PostgreSQL's jsonb) can: text keys, text without
NUL or lone surrogates, finite numbers, true/false, null, lists and mappings, nested at
most MAX_DEPTH deep; anything else is refused as unreadable. `dump` writes a document
back as YAML that `parse` reads as the same document.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "service-definition.schema.json"
ROOT = "(document)"


@dataclass(frozen=True)
class DefinitionError:
    """One problem in a definition, with where it is, such as `workflow.transitions[3].to`."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


MAX_CHARACTERS = 500_000
MAX_DEPTH = 32


def _refused(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars, no duplicate keys and no anchors or aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (& and *) are not allowed",
                self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise _refused(key_node, f"a key must be text, not {_kind(key)}")
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_REPLACED = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$"),
    list("-+.0123456789"),
)


# PyYAML's own constructors read 09 as octal (and fail), `!!bool x` as a KeyError, and
# let NaN, infinity, bytes, sets and dates in: these read only what JSON can hold.
def _whole_number(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    try:
        return int(text, 10)
    except ValueError:
        raise _refused(
            node, f"{text[:40]!r} is not a whole number, or has too many digits"
        ) from None


def _number(loader: _Loader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node)
    try:
        value = float(text)
    except ValueError:
        raise _refused(node, f"{text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise _refused(node, f"{text[:40]!r} is not a finite number")
    return value


def _true_or_false(loader: _Loader, node: yaml.ScalarNode) -> bool:
    text = loader.construct_scalar(node)
    if text.lower() not in ("true", "false"):
        raise _refused(node, f"{text[:40]!r} is not true or false")
    return text.lower() == "true"


def _not_json(loader: _Loader, node: yaml.Node) -> None:
    raise _refused(
        node,
        f"the tag {node.tag} is not allowed: a definition holds only text, numbers, "
        "true or false, lists and mappings",
    )


_Loader.add_constructor("tag:yaml.org,2002:int", _whole_number)
_Loader.add_constructor("tag:yaml.org,2002:float", _number)
_Loader.add_constructor("tag:yaml.org,2002:bool", _true_or_false)
for _tag in ("binary", "timestamp", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _not_json)


class _Dumper(yaml.SafeDumper):
    """Quotes any text that `_Loader` (YAML 1.2) or a YAML 1.1 reader would take for a
    number, true/false or null, and never writes anchors (which `_Loader` refuses)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


for _first, _resolvers in _Loader.yaml_implicit_resolvers.items():
    for _resolved, _regexp in _resolvers:
        _Dumper.add_implicit_resolver(_resolved, _regexp, [_first])

# YAML reads these as line breaks: in a single-quoted or block scalar they come back as a
# space or a newline. Double quotes write them as escapes (\N, \L, \P) instead.
_OTHER_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def _text(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    if _OTHER_LINE_BREAKS.intersection(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_str(data)


_Dumper.add_representer(str, _text)


def dump(document: dict) -> str:
    """The document as YAML text that `parse` reads back as the same document."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


class DocumentUnreadable(ValueError):
    """The text is not YAML or JSON, or its top level is not a mapping."""


def parse(*, text: str, filename: str = "<input>") -> dict:
    """The document in `text`: JSON when the file name ends in .json, YAML otherwise."""
    if len(text) > MAX_CHARACTERS:
        raise DocumentUnreadable(
            f"too long: a definition may have at most {MAX_CHARACTERS} characters"
        )
    try:
        if filename.lower().endswith(".json"):
            document = json.loads(
                text, parse_constant=_no_constant, parse_float=_finite, parse_int=_whole
            )
        else:
            document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass  # nosec B506
    except json.JSONDecodeError as problem:
        raise DocumentUnreadable(
            f"not valid JSON: {problem.msg} at line {problem.lineno} column {problem.colno}"
        ) from problem
    except ValueError as problem:  # from the parse_* functions below
        raise DocumentUnreadable(f"not valid JSON: {problem}") from problem
    except RecursionError:
        raise DocumentUnreadable(f"nested too deeply: at most {MAX_DEPTH} levels") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        reason = getattr(problem, "problem", None) or str(problem)
        raise DocumentUnreadable(f"not valid YAML: {reason}{where}") from problem
    if not isinstance(document, dict):
        raise DocumentUnreadable(
            "a service definition must be a mapping of fields (code, name, questions, …), "
            f"not {_kind(document)}"
        )
    _check_values(document)
    return document


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is too large a number")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"a number has too many digits ({len(text)})") from None


_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _check_values(document: dict) -> None:
    """Refuse what a database cannot store: deep nesting, NUL and lone surrogates."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise DocumentUnreadable(f"nested too deeply: at most {MAX_DEPTH} levels")
        if isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and _UNSTORABLE.search(value):
            raise DocumentUnreadable(
                f"the text {value[:40]!r} holds a NUL character or a lone surrogate "
                "(\\u0000 or \\ud800 to \\udfff), which cannot be stored"
            )


_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def location(path: Any) -> str:
    """A JSON-path-like location, such as `workflow.transitions[3].to`."""
    text = ROOT
    for part in path:
        if isinstance(part, int):
            text = f"{'' if text == ROOT else text}[{part}]"
        else:
            text = _join(text, str(part))
    return text


def _join(base: str, name: str) -> str:
    """`base.name`, with an odd name (empty, spaces, dots) quoted: `base["my key"]`."""
    if not _NAME.match(name):
        return f"{'' if base == ROOT else base}[{json.dumps(name, ensure_ascii=False)}]"
    return name if base == ROOT else f"{base}.{name}"


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true or false"}
    if value is None:
        return "empty"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


@cache
def schema() -> dict:
    """The published JSON Schema for service definitions."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _explain(error: jsonschema.ValidationError) -> list[DefinitionError]:
    """Turn one jsonschema error into plain, precisely located errors."""
    where = location(error.absolute_path)
    if error.context:  # anyOf: the schema's own words, or the branch that came closest
        if "x-message" in error.schema:
            return [DefinitionError(where, error.schema["x-message"])]
        return _explain(jsonschema.exceptions.best_match(error.context))
    validator, value = error.validator, error.validator_value
    if validator == "required":
        missing = [name for name in value if name not in error.instance]
        return [DefinitionError(_join(where, name), "is required") for name in missing]
    if validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        return [
            DefinitionError(_join(where, str(name)), f"unknown field; allowed: {', '.join(known)}")
            for name in error.instance
            if name not in known
        ]
    if validator == "enum":
        return [
            DefinitionError(
                where,
                f"{error.instance!r} is not allowed; use one of: " + ", ".join(map(str, value)),
            )
        ]
    if validator == "const":
        return [DefinitionError(where, f"must be {value!r}")]
    if validator == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        return [
            DefinitionError(
                where, f"must be {_TYPE_WORDS.get(wanted, wanted)}, not {_kind(error.instance)}"
            )
        ]
    if validator == "pattern":
        return [DefinitionError(where, _pattern_message(error.instance, value))]
    if validator in ("minProperties", "maxProperties") and value == 1:
        return [
            DefinitionError(
                where,
                "give exactly one of: " + ", ".join(sorted(error.schema.get("properties", {}))),
            )
        ]
    if validator in ("minProperties", "maxProperties") and value == 2:
        operators = sorted(set(error.schema.get("properties", {})) - {"question"})
        return [
            DefinitionError(where, "give the question and exactly one of: " + ", ".join(operators))
        ]
    return [DefinitionError(where, error.message)]


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "string or number or boolean": "text, a number, or true or false",
    "number or string": "a number or a date",
}


def _pattern_message(instance: str, pattern: str) -> str:
    if "today" in pattern:
        return f"{instance!r} is not a date limit; use yyyy-mm-dd, 'today' or e.g. 'today-90'"
    if "[01][0-9]" in pattern:
        return f"{instance!r} is not a time; use 24-hour HH:MM, such as 07:30"
    return (
        f"{instance!r} is not a valid identifier; use lower case letters and digits, "
        "joined by single hyphens (or underscores), starting with a letter"
    )


def _document_order(error: jsonschema.ValidationError) -> list[tuple[int, str]]:
    return [(part, "") if isinstance(part, int) else (-1, str(part)) for part in error.path]


def schema_errors(document: Any) -> list[DefinitionError]:
    """Every error the JSON Schema finds, each with its location, in document order."""
    errors = sorted(_validator().iter_errors(document), key=_document_order)
    found: list[DefinitionError] = []
    for error in errors:
        for explained in _explain(error):
            if explained not in found:
                found.append(explained)
    return found
