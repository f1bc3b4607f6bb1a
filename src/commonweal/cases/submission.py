"""What a request carries, and every check made before anything is written.

The answers are checked by the engine against one definition version, together with the
place (from the location question's answer, or coordinates given beside the answers),
the reporter's contact details, the channel and the photos. Every problem comes back at
once, keyed by question id, "location", "channel", "photos" or "reporter.<field>".
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases import attachments
from commonweal.organisations import places
from commonweal.services import engine

_PHONE = re.compile(r"^\+?[\d\s().-]{7,25}$")
Point = tuple[float, float]


@dataclass(frozen=True)
class ReporterDetails:
    """Who asked. Kept apart from the case, in `Reporter`, and never published."""

    name: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False
    user: User | None = None

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.email.strip() or self.phone.strip() or self.user)


@dataclass(frozen=True)
class Request:
    """What the caller gave, to be checked against a definition version."""

    answers: dict
    channel: str
    lat: float | None
    lon: float | None
    reporter: ReporterDetails | None
    routed: bool  # the caller named the organisation
    photo_count: int
    photo_errors: dict[str, list[str]]
    now: datetime


@dataclass(frozen=True)
class Checked:
    """The answers as the engine cleaned them and the place, or the errors."""

    answers: dict[str, Any]
    point: Point | None
    errors: dict[str, list[str]]


def check(definition: engine.Definition, request: Request) -> Checked:
    """The cleaned answers and the place, or every problem with the request at once."""
    answers, lat, lon = dict(request.answers), request.lat, request.lon
    question = definition.location_question
    if question and _blank(answers.get(question.id)) and (lat is not None or lon is not None):
        answers[question.id] = {"lat": lat, "lon": lon}
    photo_question = next((q for q in definition.questions if q.type == "photo"), None)
    if request.photo_count and photo_question and _blank(answers.get(photo_question.id)):
        answers[photo_question.id] = request.photo_count
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    try:
        cleaned = engine.clean_answers(
            definition=definition, answers=answers, today=timezone.localtime(request.now).date()
        )
    except engine.AnswersInvalid as invalid:
        errors = {key: list(messages) for key, messages in invalid.errors.items()}
    if request.channel not in engine.CHANNELS:
        errors["channel"] = [
            f"Unknown channel “{request.channel}”. Use one of: {', '.join(engine.CHANNELS)}."
        ]
    point = _point(definition, answers, cleaned, lat, lon, request.routed, errors)
    errors.update(reporter_errors(request.reporter))
    for key, messages in request.photo_errors.items():
        errors.setdefault(key, []).extend(messages)
    return Checked(answers=cleaned, point=point, errors=errors)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


def _point(
    definition: engine.Definition,
    answers: dict[str, Any],
    cleaned: dict[str, Any],
    lat: float | None,
    lon: float | None,
    routed: bool,
    errors: dict[str, list[str]],
) -> Point | None:
    """The place, or None with an error saying why (unless the caller named the organisation).

    When other answers are refused the engine cleans none of them; a location it found no
    fault with then gets no error of its own (the request is refused all the same).
    """
    question = definition.location_question
    key = question.id if question else "location"
    if question is not None and cleaned.get(question.id):
        return cleaned[question.id]["lat"], cleaned[question.id]["lon"]
    if question is not None and errors and not _blank(answers.get(question.id)):
        return None
    if question is None and lat is not None and lon is not None:
        try:
            return places.check_location(lat, lon)
        except places.InvalidLocation as invalid:
            errors[key] = [str(invalid)]
            return None
    if question is None and (lat is not None or lon is not None):
        errors[key] = ["Give both a latitude and a longitude."]
    if not routed and key not in errors:
        errors[key] = [
            "Choose the place on the map, so that the request goes to whoever looks after it there."
        ]
    return None


def reporter_errors(details: ReporterDetails | None) -> dict[str, list[str]]:
    if details is None:
        return {}
    errors: dict[str, list[str]] = {}
    if len(details.name.strip()) > 200:
        errors["reporter.name"] = ["Enter a name of 200 characters or fewer."]
    email, phone = details.email.strip(), details.phone.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["reporter.email"] = [
                "Enter an e-mail address in the correct format, like name@example.com."
            ]
    digits = sum(char.isdigit() for char in phone)
    if phone and not (_PHONE.match(phone) and 7 <= digits <= 15):
        errors["reporter.phone"] = ["Enter a phone number, like 01632 960 001 or +44 7700 900 982."]
    if details.consent and not email and not phone:
        errors["reporter.email"] = [
            "Enter an e-mail address or a phone number, so that we can contact you."
        ]
    return errors


def prepare_photos(
    photos: Sequence[UploadedFile], question: engine.Question | None
) -> tuple[list[attachments.PreparedPhoto], dict[str, list[str]]]:
    if not photos:
        return [], {}
    key = question.id if question else "photos"
    if question is None:
        return [], {key: ["This service does not take photos."]}
    prepared, problems = [], []
    for number, upload in enumerate(photos, start=1):
        try:
            prepared.append(attachments.prepare_photo(upload))
        except attachments.PhotoRefused as refused:
            name = getattr(upload, "name", None) or f"Photo {number}"
            problems.append(f"{name}: {refused.message}")
    return prepared, ({key: problems} if problems else {})
