"""The "check your answers" page: every answer in words, with a link back to change it."""

from dataclasses import dataclass, field

from django.urls import reverse

from commonweal.portal.draft import Draft
from commonweal.portal.questions import field_name
from commonweal.services import engine
from commonweal.workspace.display import NOT_ANSWERED, answer_lines

NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Row:
    key: str
    lines: list[str]
    change_url: str = ""
    change_label: str = ""  # what the hidden text says is changed ("your name")


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


def step_url(code: str, step: str, anchor: str = "") -> str:
    url = reverse(f"portal:ask-{step}", args=[code]) + "?change=1"
    return f"{url}#{anchor}" if anchor else url


def sections(definition: engine.Definition, draft: Draft) -> list[Section]:
    code = definition.code
    return [
        _place(definition, draft, step_url(code, "location")),
        _answers(definition, draft),
        _contact(draft, step_url(code, "contact")),
    ]


def _place(definition: engine.Definition, draft: Draft, url: str) -> Section:
    location = draft.location or {}
    place = definition.location_question
    where = [f"{location.get('lat')}, {location.get('lon')} (latitude, longitude)"]
    if location.get("address"):
        where.insert(0, location["address"])
    return Section(
        "Where",
        [
            Row(place.label if place else "Where", where, url, "the place"),
            Row("Who will deal with it", [location.get("organisation", "")]),
        ],
    )


def _answers(definition: engine.Definition, draft: Draft) -> Section:
    answers = draft.answers or {}
    visible = engine.visible_questions(definition=definition, answers=answers)
    rows = []
    for question in visible:
        if question.type == "location":
            continue
        anchor = field_name(question.id) + ("-day" if question.type == "date" else "")
        url = step_url(definition.code, "questions", anchor)
        if question.type == "photo":
            names = [photo["name"] for photo in draft.photos]
            lines = names or ["No photos"]
        elif question.id in answers:
            lines = answer_lines(question, answers[question.id])
        else:
            lines = [NOT_ANSWERED]
        rows.append(Row(question.label, lines, url, _lower_first(question.label)))
    return Section("Your answers", rows)


def _contact(draft: Draft, url: str) -> Section:
    contact = draft.contact or {}
    consent = "Yes" if contact.get("consent") else "No"
    return Section(
        "Your contact details",
        [
            Row("Name", [contact.get("name") or NOT_GIVEN], url, "your name"),
            Row("E-mail address", [contact.get("email") or NOT_GIVEN], url, "your e-mail address"),
            Row("Phone number", [contact.get("phone") or NOT_GIVEN], url, "your phone number"),
            Row("We may contact you about it", [consent], url, "whether we may contact you"),
        ],
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
