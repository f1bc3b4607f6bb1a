"""The resident's form as it would look: one GOV.UK input per question, for a read-only preview."""

from dataclasses import dataclass
from typing import Any

from commonweal.services import engine

KINDS = {
    "text": "input",
    "email": "input",
    "phone": "input",
    "number": "input",
    "long-text": "textarea",
    "date": "date",
    "single-choice": "radios",
    "yes-no": "radios",
    "multiple-choice": "checkboxes",
    "location": "location",
    "photo": "file",
}
INPUT_TYPES = {"email": "email", "phone": "tel", "number": "text"}


@dataclass(frozen=True)
class PreviewChoice:
    id: str
    label: str


@dataclass(frozen=True)
class PreviewQuestion:
    id: str
    label: str
    hint: str
    kind: str
    input_type: str
    width: str
    optional: bool
    choices: list[PreviewChoice]
    condition: str


def preview(definition: engine.Definition) -> list[PreviewQuestion]:
    return [_question(definition, q) for q in definition.questions]


def _question(definition: engine.Definition, question: engine.Question) -> PreviewQuestion:
    dom_id = f"preview-{question.id}"
    labels = [choice.label for choice in question.choices]
    if question.type == "yes-no":
        labels = ["Yes", "No"]
    return PreviewQuestion(
        id=dom_id,
        label=question.label,
        hint=question.hint,
        kind=KINDS.get(question.type, "input"),
        input_type=INPUT_TYPES.get(question.type, "text"),
        width="govuk-input--width-5" if question.type == "number" else "",
        optional=not question.required,
        choices=[PreviewChoice(f"{dom_id}-{n}", label) for n, label in enumerate(labels)],
        condition=_condition(definition, question),
    )


def _condition(definition: engine.Definition, question: engine.Question) -> str:
    if question.show_if is None:
        return ""
    try:
        asked = definition.question(question.show_if.question)
    except KeyError:
        return ""
    words = " or ".join(f"“{_answer_words(asked, v)}”" for v in question.show_if.values)
    return f"Asked only when the answer to “{asked.label}” is {words}."


def _answer_words(question: engine.Question, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = {choice.value: choice.label for choice in question.choices}
    return labels.get(value, str(value))
