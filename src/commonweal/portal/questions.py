"""The questions step: the service's own questions as GOV.UK inputs, read back and checked.

Every question is on the page, in the definition's order (the location is asked on its
own step first). A question asked only after a certain answer says so in its hint, and
a script hides it while that answer is not given; without the script it stays on the
page, and the engine drops an answer to a question that the other answers leave hidden.
The workspace's preview of a definition decides which GOV.UK component each type gets.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from commonweal.services import engine
from commonweal.workspace.preview import PreviewQuestion, preview

YES_NO = (("yes", "Yes"), ("no", "No"))
DATE_PARTS = ("day", "month", "year")
DATE_INPUTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


@dataclass(frozen=True)
class Option:
    id: str
    value: str
    label: str
    checked: bool


@dataclass
class Field:
    """One question as the page shows it, with what was typed and what is wrong."""

    question: engine.Question
    shown: PreviewQuestion
    name: str
    value: str = ""
    parts: dict[str, str] = field(default_factory=dict)  # a date's day, month and year
    options: list[Option] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    describedby: str = ""  # the aria-describedby of its input or fieldset

    @property
    def id(self) -> str:
        """The id an error summary links to: the first input of the question."""
        if self.shown.kind == "date":
            return f"{self.name}-day"
        return self.options[0].id if self.options else self.name

    def described_by(self, *, photos: bool = False) -> str:
        """The ids of the texts that describe the input: condition, hint, photos, error."""
        name, shown = self.name, self.shown
        ids = [
            f"{name}-condition" if shown.condition else "",
            f"{name}-hint" if shown.hint else "",
            f"{name}-added" if photos and shown.kind == "file" else "",
            f"{name}-error" if self.errors else "",
        ]
        return " ".join(part for part in ids if part)

    @property
    def show_if_name(self) -> str:
        show_if = self.question.show_if
        return field_name(show_if.question) if show_if else ""

    @property
    def show_if_values(self) -> str:
        show_if = self.question.show_if
        return json.dumps([form_value(v) for v in show_if.values]) if show_if else ""


def field_name(question_id: str) -> str:
    return f"q-{question_id}"


def form_value(value: Any) -> str:
    """An answer as the form carries it: yes and no for true and false."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def asked(definition: engine.Definition) -> list[engine.Question]:
    """The questions of this step: all but the location."""
    return [q for q in definition.questions if q.type != "location"]


def photo_question(definition: engine.Definition) -> engine.Question | None:
    return next((q for q in definition.questions if q.type == "photo"), None)


def fields(
    definition: engine.Definition,
    typed: dict[str, Any],
    errors: dict[str, list[str]],
    *,
    photos: int = 0,
) -> list[Field]:
    shown_by_id = {
        q.id: shown for q, shown in zip(definition.questions, preview(definition), strict=True)
    }
    result = []
    for question in asked(definition):
        name = field_name(question.id)
        raw = typed.get(question.id)
        made = Field(
            question=question, shown=shown_by_id[question.id], name=name,
            errors=errors.get(question.id, []),
        )  # fmt: skip
        if made.shown.kind == "date":
            parts = raw if isinstance(raw, dict) else {}
            made.parts = {part: str(parts.get(part, "")) for part in DATE_PARTS}
        elif made.shown.kind in ("radios", "checkboxes"):
            picked = raw if isinstance(raw, list) else [raw]
            pairs = (
                YES_NO
                if question.type == "yes-no"
                else [(c.value, c.label) for c in question.choices]
            )
            made.options = [
                Option(
                    id=name if n == 0 else f"{name}-{n}",
                    value=value,
                    label=label,
                    checked=value in picked,
                )
                for n, (value, label) in enumerate(pairs)
            ]
        elif made.shown.kind != "file":
            made.value = raw if isinstance(raw, str) else ""
        made.describedby = made.described_by(photos=bool(photos))
        result.append(made)
    return result


def read_typed(definition: engine.Definition, data: QueryDict) -> dict[str, Any]:
    """What was typed for each question, as typed (files are read apart)."""
    typed: dict[str, Any] = {}
    for question in asked(definition):
        name = field_name(question.id)
        if question.type == "photo":
            continue
        if question.type == "multiple-choice":
            typed[question.id] = data.getlist(name)
        elif question.type == "date":
            typed[question.id] = {
                part: data.get(f"{name}-{part}", "").strip() for part in DATE_PARTS
            }
        else:
            typed[question.id] = data.get(name, "")
    return typed


def engine_answers(
    definition: engine.Definition, typed: dict[str, Any], *, location: dict | None, photos: int
) -> dict[str, Any]:
    """The typed values as the engine takes them: blanks left out, the place and photo count in."""
    answers: dict[str, Any] = {}
    for question in asked(definition):
        raw = typed.get(question.id)
        if question.type == "date" and isinstance(raw, dict):
            raw = raw if any(str(v).strip() for v in raw.values()) else None
        if raw in (None, "", []) or (isinstance(raw, str) and not raw.strip()):
            continue
        answers[question.id] = raw
    place = definition.location_question
    if place is not None and location is not None:
        answers[place.id] = {"lat": location["lat"], "lon": location["lon"]}
    photo = photo_question(definition)
    if photo is not None and photos:
        answers[photo.id] = photos
    return answers


def check(
    definition: engine.Definition, answers: dict[str, Any], today: date | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The engine's cleaned answers (hidden ones dropped), or the errors per question id."""
    today = today or timezone.localdate()
    try:
        return engine.clean_answers(definition=definition, answers=answers, today=today), {}
    except engine.AnswersInvalid as invalid:
        return {}, {key: list(messages) for key, messages in invalid.errors.items()}
