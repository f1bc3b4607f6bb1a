"""Checks the JSON Schema cannot make: the function, ids, question limits, show_if, SLA, templates.

Each check takes a document that has already passed the schema and returns located errors.
The workflow and rule checks are in `checks_workflow`.
"""

import difflib
import string
from datetime import date
from typing import Any

from commonweal.organisations.functions import FUNCTIONS

from .documents import DefinitionError
from .structure import CHOICE_TYPES

PLACEHOLDERS = (
    "reference",
    "service_name",
    "organisation_name",
    "state_label",
    "due_date",
    "public_note",
    "case_url",
)

LIMIT_TYPES = {
    "min_length": ("text", "long-text"),
    "max_length": ("text", "long-text"),
    "min": ("number",),
    "max": ("number",),
    "whole_number": ("number",),
    "min_date": ("date",),
    "max_date": ("date",),
    "max_photos": ("photo",),
}


def near(name: str, options: list[str] | set[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def duplicates(items: list[dict], key: str, where: str) -> list[DefinitionError]:
    """An error for each item whose `key` repeats an earlier item's."""
    first: dict[Any, int] = {}
    errors = []
    for index, item in enumerate(items):
        value = item[key]
        if value in first:
            errors.append(
                DefinitionError(
                    f"{where}[{index}].{key}",
                    f"duplicate {key} {value!r} (also {where}[{first[value]}])",
                )
            )
        else:
            first[value] = index
    return errors


def check_function(document: dict) -> list[DefinitionError]:
    slug = document["function"]
    if slug in FUNCTIONS:
        return []
    return [
        DefinitionError(
            "function",
            f"unknown function {slug!r}{near(slug, list(FUNCTIONS))}; "
            f"use one of: {', '.join(sorted(FUNCTIONS))}",
        )
    ]


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _limit_order(raw: dict, where: str) -> list[DefinitionError]:
    errors = []
    for low, high in (("min_length", "max_length"), ("min", "max")):
        if low in raw and high in raw and raw[low] > raw[high]:
            errors.append(DefinitionError(f"{where}.{low}", f"is more than {high}"))
    for name in ("min_date", "max_date"):
        value = raw.get(name)
        if value and not value.startswith("today") and not _is_iso_date(value):
            errors.append(DefinitionError(f"{where}.{name}", f"{value!r} is not a real date"))
    low, high = raw.get("min_date"), raw.get("max_date")
    if low and high and _is_iso_date(low) and _is_iso_date(high) and low > high:
        errors.append(DefinitionError(f"{where}.min_date", "is later than max_date"))
    return errors


def _possible(value: Any, target: dict) -> bool:
    """Whether an answer to `target` could equal `value`."""
    kind = target["type"]
    if kind in CHOICE_TYPES:
        return value in [choice["value"] for choice in target["choices"]]
    if kind == "yes-no":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "date":
        return _is_iso_date(value)
    return isinstance(value, str)


def _show_if(raw: dict, index: int, questions: list[dict]) -> list[DefinitionError]:
    where = f"questions[{index}].show_if"
    test = raw["show_if"]
    target_id = test["question"]
    positions = {q["id"]: i for i, q in enumerate(questions)}
    if target_id not in positions:
        hint = near(target_id, list(positions))
        return [DefinitionError(f"{where}.question", f"unknown question {target_id!r}{hint}")]
    if positions[target_id] >= index:
        return [
            DefinitionError(
                f"{where}.question",
                f"{target_id!r} is not an earlier question; "
                "show_if may only depend on a question asked before this one",
            )
        ]
    target = questions[positions[target_id]]
    if target["type"] in ("location", "photo"):
        return [
            DefinitionError(f"{where}.question", f"cannot depend on a {target['type']} question")
        ]
    operator = "in" if "in" in test else "equals"
    values = test["in"] if operator == "in" else [test["equals"]]
    errors = []
    for position, value in enumerate(values):
        if not _possible(value, target):
            spot = f"{where}.in[{position}]" if operator == "in" else f"{where}.equals"
            errors.append(
                DefinitionError(
                    spot,
                    f"{value!r} can never be an answer to {target_id!r} "
                    f"({target['type']}{_choice_list(target)})",
                )
            )
    return errors


def _choice_list(question: dict) -> str:
    if question["type"] in CHOICE_TYPES:
        return ": " + ", ".join(choice["value"] for choice in question["choices"])
    return ""


def check_questions(document: dict) -> list[DefinitionError]:
    questions = document["questions"]
    errors = duplicates(questions, "id", "questions")
    locations = [i for i, q in enumerate(questions) if q["type"] == "location"]
    for index in locations[1:]:
        errors.append(
            DefinitionError(
                f"questions[{index}].type",
                f"only one location question is allowed (the first is questions[{locations[0]}])",
            )
        )
    for index, raw in enumerate(questions):
        where = f"questions[{index}]"
        kind = raw["type"]
        if raw["id"] == "description" and kind not in ("text", "long-text"):
            errors.append(
                DefinitionError(
                    f"{where}.type", "the description question must be long-text or text"
                )
            )
        if "choices" in raw:
            if kind not in CHOICE_TYPES:
                errors.append(
                    DefinitionError(
                        f"{where}.choices", f"only choice questions have choices, not {kind!r}"
                    )
                )
            else:
                errors += duplicates(raw["choices"], "value", f"{where}.choices")
        for limit, types in LIMIT_TYPES.items():
            if limit in raw and kind not in types:
                errors.append(
                    DefinitionError(
                        f"{where}.{limit}",
                        f"applies only to {' and '.join(types)} questions, not {kind!r}",
                    )
                )
        errors += _limit_order(raw, where)
        if "show_if" in raw:
            errors += _show_if(raw, index, questions)
    return errors


def priorities_used(document: dict) -> list[tuple[str, str]]:
    """(location, priority) for every priority named outside the SLA itself."""
    used = []
    sla = document["sla"]
    used.append(("sla.default_priority", sla.get("default_priority", "normal")))
    for r, rule in enumerate(document.get("rules", [])):
        for c, condition in enumerate(rule.get("if", [])):
            for p, priority in enumerate(condition.get("priority", [])):
                used.append((f"rules[{r}].if[{c}].priority[{p}]", priority))
        for a, action in enumerate(rule["do"]):
            if "set-priority" in action:
                used.append((f"rules[{r}].do[{a}].set-priority", action["set-priority"]))
    return used


def check_sla(document: dict) -> list[DefinitionError]:
    defined = document["sla"]["working_days"]
    return [
        DefinitionError(
            where,
            f"unknown SLA priority {priority!r}: sla.working_days gives no deadline for it "
            f"(it has {', '.join(defined)})",
        )
        for where, priority in priorities_used(document)
        if priority not in defined
    ]


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in a template text; ValueError if its braces are broken."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def check_notifications(document: dict) -> list[DefinitionError]:
    templates = document.get("notifications", [])
    errors = duplicates(templates, "id", "notifications")
    for index, template in enumerate(templates):
        for part in ("subject", "body"):
            where = f"notifications[{index}].{part}"
            try:
                names = placeholders_in(template[part])
            except ValueError as problem:
                errors.append(
                    DefinitionError(where, f"broken placeholder: {problem}; write {{{{ for {{")
                )
                continue
            for name in names:
                if name not in PLACEHOLDERS:
                    errors.append(
                        DefinitionError(
                            where,
                            f"unknown placeholder {{{name}}}{near(name, PLACEHOLDERS)}; "
                            f"use: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}",
                        )
                    )
    return errors
