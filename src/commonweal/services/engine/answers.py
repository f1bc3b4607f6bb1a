"""Checking and normalising a resident's answers against a definition's questions.

Hidden questions: a question whose `show_if` is false (because the earlier answer it
depends on is different, missing or itself hidden) is ignored. An answer given to it is
dropped, not refused: a resident who changes an earlier answer should not be stopped by
an answer the form no longer shows. An answer to a question the definition does not
have is an error. All errors come back at once, as plain words per question id.
"""

from datetime import date
from typing import Any

from .answer_types import CLEANERS, Problem, today_in_london
from .structure import Definition, Question

UNKNOWN = "This service does not ask this question. Remove this answer."


class AnswersInvalid(ValueError):
    """Answers that break the definition, with every error per question id."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in errors.items()))


def _is_empty(value: Any, question: Question) -> bool:
    if value is None:
        return True
    if question.type == "photo" and value == 0 and not isinstance(value, bool):
        return True  # "no photos" given as a count
    if isinstance(value, str | list | tuple | dict):
        return not (value.strip() if isinstance(value, str) else value)
    return False


def _shown(question: Question, cleaned: dict[str, Any]) -> bool:
    if question.show_if is None:
        return True
    answer = cleaned.get(question.show_if.question)
    if answer is None:
        return False
    if isinstance(answer, list):
        return any(_matches(item, value) for item in answer for value in question.show_if.values)
    return any(_matches(answer, value) for value in question.show_if.values)


def _matches(answer: Any, value: Any) -> bool:
    """Equal, without counting true as 1 or 1 as true."""
    return answer == value and isinstance(answer, bool) == isinstance(value, bool)


def _required_message(question: Question) -> str:
    if question.required_message:
        return question.required_message
    label = question.label
    return {
        "single-choice": f"Select an answer to: {label}",
        "yes-no": f"Select an answer to: {label}",
        "multiple-choice": f"Select at least one answer to: {label}",
        "date": f"Enter a date, like 27 3 2026, to answer: {label}",
        "location": f"Choose a place on the map to answer: {label}",
        "photo": f"Add at least one photo to answer: {label}",
    }.get(question.type, f"Enter an answer to: {label}")


def _process(
    definition: Definition, answers: dict[str, Any], today: date | None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    today = today or today_in_london()
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in definition.questions:
        if not _shown(question, cleaned):
            continue
        raw = answers.get(question.id)
        if _is_empty(raw, question):
            if question.required:
                errors[question.id] = [_required_message(question)]
            continue
        try:
            cleaned[question.id] = CLEANERS[question.type](raw, question, today)
        except Problem as problem:
            errors[question.id] = problem.messages
    known = {question.id for question in definition.questions}
    for key in answers:
        if key not in known:
            errors[str(key)] = [UNKNOWN]
    return cleaned, errors


def visible_questions(
    *, definition: Definition, answers: dict[str, Any], today: date | None = None
) -> list[Question]:
    """The questions shown for these answers, in order (hidden ones left out)."""
    cleaned, _ = _process(definition, answers, today)
    return [question for question in definition.questions if _shown(question, cleaned)]


def validate_answers(
    *, definition: Definition, answers: dict[str, Any], today: date | None = None
) -> dict[str, list[str]]:
    """Every error, per question id; empty when the answers are sound.

    `today` (default: today in Europe/London) anchors date limits such as 'today'.
    """
    return _process(definition, answers, today)[1]


def clean_answers(
    *, definition: Definition, answers: dict[str, Any], today: date | None = None
) -> dict[str, Any]:
    """The normalised answers (JSON-ready), or `AnswersInvalid` with every error.

    Hidden and empty answers are left out. Numbers become int or float, dates yyyy-mm-dd
    text, yes-no true or false, phone numbers +44…, locations {"lat", "lon"}, photos a
    list of attachment ids (or a count), multiple choices a list in the definition's order.
    """
    cleaned, errors = _process(definition, answers, today)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned
