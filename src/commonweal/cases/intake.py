"""The single way in for every request, whatever the channel: `submit`.

1. The latest published definition of the service (else `UnknownService`).
2. The answers checked by the engine, with the location, the reporter's contact details
   and the photos: every error at once (`SubmissionRefused`).
3. Routing: the organisation that holds the definition's function at that place
   (`NobodyResponsible`), unless the caller names one (Open311's jurisdiction_id).
4. That organisation's live offering of the service (`NoLiveOffering`). When it runs an
   older version than the latest, the answers are checked again against that version
   (answers to questions it does not ask are left out) and the case runs under it.
5. The case in its initial state with its due time, and the `submitted` rules worked out
   by the engine with what their actions need read (a team, the cases nearby).
6. In one transaction: the reporter (personal data is kept there only), the case, its
   photos, its `submitted` event and an event for each automatic step. Notifications
   are sent by task after commit.

A refusal writes nothing. Everything that only reads or computes (Pillow re-encoding the
photos included) happens before the transaction opens: on SQLite a write transaction
holds the whole database, so it should hold it briefly.
"""

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases import attachments, automation, lookups, references, writes
from commonweal.cases.models import Case, Channel, Event, Reporter
from commonweal.cases.submission import (
    Checked,
    Point,
    ReporterDetails,
    Request,
    check,
    prepare_photos,
)
from commonweal.organisations import places
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Organisation
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceOffering

__all__ = [
    "IntakeRefused",
    "NoLiveOffering",
    "NobodyResponsible",
    "ReporterDetails",
    "SubmissionRefused",
    "UnknownService",
    "submit",
]
REFERENCE_ATTEMPTS = 5


class IntakeRefused(ValueError):
    """A request that cannot be taken; `errors` gives the messages per field where relevant."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        self.message = message
        self.errors = errors or {}
        super().__init__(message)


class UnknownService(IntakeRefused):
    """No published definition has the service code."""


class SubmissionRefused(IntakeRefused):
    """Answers, location, contact details or photos that cannot be accepted: every error."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        messages = " ".join(message for found in errors.values() for message in found)
        super().__init__(f"The request could not be accepted. {messages}", errors)


class NobodyResponsible(IntakeRefused):
    """No organisation holds the service's function at the place."""


class NoLiveOffering(IntakeRefused):
    """The responsible organisation does not run the service on Commonweal (yet)."""


def submit(
    *,
    service_code: str,
    answers: dict,
    channel: str,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    reporter: ReporterDetails | None = None,
    organisation: Organisation | None = None,
    photos: Sequence[UploadedFile] = (),
    actor: User | None = None,
    now: datetime | None = None,
) -> Case:
    """Take a request for a service and return its new case (see the module notes)."""
    now = now or timezone.now()
    row = lookups.latest_published(service_code)
    if row is None:
        raise UnknownService(f"There is no published service with the code “{service_code}”.")
    definition = definitions.engine_definition(row)
    photo_question = next((q for q in definition.questions if q.type == "photo"), None)
    prepared, photo_errors = prepare_photos(photos, photo_question)
    request = Request(
        answers=answers,
        channel=channel,
        lat=lat,
        lon=lon,
        reporter=reporter,
        routed=organisation is not None,
        photo_count=len(photos),
        photo_errors=photo_errors,
        now=now,
    )
    checked = _checked(definition, request)
    if organisation is None:
        organisation_id, name = _route(definition, cast(Point, checked.point), address)
    else:
        organisation_id, name = organisation.pk, organisation.name
    offering = lookups.live_offering(organisation_id=organisation_id, latest=row)
    if offering is None:
        raise NoLiveOffering(
            f"{name} does not take “{definition.name}” requests through Commonweal yet, "
            "so the request could not be sent. Contact them directly."
        )
    if offering.definition_id != row.pk:
        checked = _checked_older(definitions.engine_definition(offering.definition), request)
    cleaned = dict(checked.answers)
    if prepared and photo_question and cleaned.get(photo_question.id) == len(photos):
        cleaned[photo_question.id] = [photo.token for photo in prepared]
    return _create(
        offering=offering,
        definition=definitions.effective_definition(offering),
        answers=cleaned,
        point=checked.point,
        address=address,
        channel=channel,
        reporter=reporter,
        prepared=prepared,
        actor=actor,
        now=now,
    )


def _checked(definition: engine.Definition, request: Request) -> Checked:
    checked = check(definition, request)
    if checked.errors:
        raise SubmissionRefused(checked.errors)
    return checked


def _checked_older(older: engine.Definition, request: Request) -> Checked:
    """Check again against the older version the organisation runs.

    The resident answered the latest version's questions; answers to questions the older
    version does not ask are left out, and its own rules apply to the rest.
    """
    asked = {question.id for question in older.questions}
    kept = {key: value for key, value in request.answers.items() if key in asked}
    return _checked(older, dataclasses.replace(request, answers=kept))


def _route(definition: engine.Definition, point: Point, address: str) -> tuple[int, str]:
    lat, lon = point
    try:
        place = places.responsible(lat, lon, definition.function)
    except places.InvalidLocation as invalid:
        raise SubmissionRefused({"location": [str(invalid)]}) from None
    if place is not None:
        return place.organisation_id, place.name
    function = FUNCTIONS[definition.function].name.lower()
    where = (
        f"{address.strip()} ({lat:.5f}, {lon:.5f})" if address.strip() else f"{lat:.5f}, {lon:.5f}"
    )
    covering = [found.name for found in places.covering(lat, lon)]
    if covering:
        message = (
            f"Nobody on Commonweal looks after {function} at {where}: "
            f"{', '.join(covering)} cover{'s' if len(covering) == 1 else ''} that place, "
            "but not that service."
        )
    else:
        message = (
            f"Nobody on Commonweal looks after {function} at {where}: "
            "the place is outside every area we know."
        )
    raise NobodyResponsible(message)


def _create(
    *,
    offering: ServiceOffering,
    definition: engine.Definition,
    answers: dict[str, Any],
    point: Point | None,
    address: str,
    channel: str,
    reporter: ReporterDetails | None,
    prepared: list[attachments.PreparedPhoto],
    actor: User | None,
    now: datetime,
) -> Case:
    nation = offering.organisation.nation
    state = engine.new_case(
        definition=definition, answers=answers, channel=channel, now=now, nation=nation
    )
    outcome = engine.apply_event(
        definition=definition,
        case=state,
        event=engine.EngineEvent(kind="submitted"),
        now=now,
        nation=nation,
    )
    case = Case(
        offering=offering,
        definition=offering.definition,
        organisation=offering.organisation,
        state=state.state,
        priority=state.priority,
        answers=answers,
        description=str(answers.get("description", "")) if definition.description_question else "",
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        address=address.strip()[:300],
        channel=channel,
        submitted_at=now,
        due_at=state.due_at,
        clock_started_at=now,
        team_id=offering.team_id,
        version=1,
    )
    submitted = automation.event(
        Event.Kind.SUBMITTED,
        at=now,
        actor=actor,
        label=Channel(channel).label,
        public=True,
        to_state=state.state,
        data={
            "channel": channel,
            "photos": len(prepared),
            "rules_fired": list(outcome.rules_fired),
        },
    )
    steps = automation.plan(case=case, outcome=outcome, definition=definition, now=now)
    person = _reporter(reporter)
    stored: list[str] = []
    try:
        with transaction.atomic():
            if person is not None:
                case.reporter = writes.insert_reporter(person)
            _insert(case)
            for photo in prepared:
                stored.append(attachments.save_prepared(case=case, photo=photo).file.name)
            automation.write_events(case, [submitted, *steps.events])
            steps.queue(case)
    except BaseException:
        attachments.delete_files(stored)
        raise
    return case


def _reporter(details: ReporterDetails | None) -> Reporter | None:
    """The reporter to store (unsaved), or None when nothing about them was given."""
    if details is None or details.is_empty():
        return None
    return Reporter(
        name=details.name.strip(),
        email=details.email.strip(),
        phone=details.phone.strip(),
        consent_to_contact=details.consent,
        user=details.user,
    )


def _insert(case: Case) -> None:
    """Insert the case under a fresh reference, drawing again on the rare clash."""
    for _ in range(REFERENCE_ATTEMPTS):
        case.reference = references.new_reference()
        if writes.insert_case(case):
            return
    raise IntegrityError(f"No free case reference after {REFERENCE_ATTEMPTS} tries.")
