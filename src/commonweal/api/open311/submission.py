"""A GeoReport v2 POST made into one call of `cases.intake.submit`, with channel open311.

Decisions:
- The place: lat and long when given; otherwise the first match of the geocoder for
  address_string; address_id alone is refused (we hold no address register).
- attribute[code] answers the question `code`; a multivaluelist comes as attribute[code][]
  once per value. A datetime sent for a date question counts as its day in the UK.
- `description` answers the definition's question `description`; a service without one
  keeps the text for staff in the internal note below, never in public.
- first_name, last_name, email and phone go to the reporter only (personal data is kept
  nowhere else). Giving an e-mail or a phone number through an app is taken as asking to
  be told of progress.
- Each request gets one internal note saying which API client sent it, with its
  media_url. The URL is never fetched. device_id and account_id are not kept: they would
  identify a person in the client's system. account_id is only echoed in the answer.
"""

import logging
import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from commonweal.api.open311 import queries
from commonweal.api.open311.errors import Open311Error, bad_request, not_found
from commonweal.api.open311.params import PostedRequest, w3c_datetime
from commonweal.cases import automation, intake
from commonweal.cases.models import Case, Channel, Event
from commonweal.contrib.geocoding import get_geocoder
from commonweal.organisations.models import ApiClient, Organisation
from commonweal.services import engine

logger = logging.getLogger(__name__)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")
REPORTER_FIELDS = {
    "reporter.name": "first_name and last_name",
    "reporter.email": "email",
    "reporter.phone": "phone",
}


def submit(*, posted: PostedRequest, client: ApiClient, organisation: Organisation | None) -> Case:
    definition = queries.service(posted.service_code, organisation)
    if definition is None:
        where = f" at {organisation.name}" if organisation else ""
        raise not_found(
            f"There is no service with the service_code “{posted.service_code}”{where}."
        )
    lat, lon = _place(posted, organisation)
    answers = _answers(posted, definition)
    name = " ".join(part for part in (posted.first_name, posted.last_name) if part)
    reporter = intake.ReporterDetails(
        name=name,
        email=posted.email,
        phone=posted.phone,
        consent=bool(posted.email or posted.phone),
    )
    try:
        with transaction.atomic():
            case = intake.submit(
                service_code=definition.code,
                answers=answers,
                channel=Channel.OPEN311,
                lat=lat,
                lon=lon,
                address=posted.address_string,
                reporter=reporter,
                organisation=organisation,
            )
            _record_source(case, posted, client, definition)
    except intake.UnknownService as refused:
        raise not_found(refused.message) from None
    except intake.SubmissionRefused as refused:
        raise bad_request(*_descriptions(refused.errors, definition)) from None
    except intake.IntakeRefused as refused:  # nobody responsible, no live offering
        raise bad_request(refused.message) from None
    return case


def _place(posted: PostedRequest, organisation: Organisation | None) -> tuple[float | None, ...]:
    if posted.lat is not None and posted.lon is not None:
        return posted.lat, posted.lon
    if posted.address_string:
        return _geocode(posted.address_string)
    if posted.address_id:
        raise bad_request("address_id is not supported here: send lat and long, or address_string.")
    if organisation is None:
        raise bad_request("lat and long, address_string or address_id was not provided.")
    return None, None


def _geocode(address: str) -> tuple[float, float]:
    try:
        found = get_geocoder().search(address, limit=1)
    except Exception:
        logger.exception("The geocoder failed on an Open311 address_string")
        raise Open311Error(
            503, "The address could not be looked up just now: send lat and long instead."
        ) from None
    if not found:
        raise bad_request(
            f"No place was found for the address_string “{address[:80]}”: "
            "send lat and long instead."
        )
    return found[0].lat, found[0].lon


def _answer(code: str, question: engine.Question | None, values: list[str], listed: bool) -> Any:
    if (question is not None and question.type == "multiple-choice") or listed:
        return [value for value in values if value.strip()]
    if len(values) > 1:
        raise bad_request(f"attribute[{code}] was sent more than once.")
    value = values[0] if values else ""
    if question is not None and question.type == "date" and _DATE_TIME.match(value.strip()):
        moment: datetime = w3c_datetime(f"attribute[{code}]", value)
        return timezone.localtime(moment).date().isoformat()
    return value


def _answers(posted: PostedRequest, definition: engine.Definition) -> dict[str, Any]:
    questions = {question.id: question for question in definition.questions}
    problems: list[str] = []
    answers: dict[str, Any] = {}
    for code, values in posted.attributes.items():
        question = questions.get(code)
        try:
            answers[code] = _answer(code, question, values, code in posted.listed)
        except Open311Error as error:
            problems.extend(error.descriptions)
    if problems:
        raise bad_request(*problems)
    described = definition.description_question
    if described is not None and posted.description and not answers.get(described.id):
        answers[described.id] = posted.description
    return answers


def _parameter(key: str, definition: engine.Definition) -> str:
    location, described = definition.location_question, definition.description_question
    if (location is not None and key == location.id) or key == "location":
        return "lat and long"
    if described is not None and key == described.id:
        return "description"
    if key in REPORTER_FIELDS:
        return REPORTER_FIELDS[key]
    return f"attribute[{key}]"


def _descriptions(errors: dict[str, list[str]], definition: engine.Definition) -> list[str]:
    return [
        f"{_parameter(key, definition)}: {message}"
        for key, messages in errors.items()
        for message in messages
    ]


def _record_source(
    case: Case, posted: PostedRequest, client: ApiClient, definition: engine.Definition
) -> None:
    """The internal note: which client sent the request, its media_url, a stray description."""
    lines = [f"Sent through Open311 by {client.name} ({client.organisation.name})."]
    source: dict[str, Any] = {"api_client": client.pk, "key_prefix": client.key_prefix}
    if posted.media_url:
        lines.append(f"Photo or video link (not checked): {posted.media_url}")
        source["media_url"] = posted.media_url
    if posted.description and definition.description_question is None:
        lines.append(
            f"Description sent (this service has no description question):\n{posted.description}"
        )
    note = automation.event(
        Event.Kind.NOTE,
        at=case.submitted_at,
        label=f"Open311: {client.name}",
        public=False,
        note="\n".join(lines),
        data={queries.SOURCE_KEY: source},
    )
    automation.write_events(case, [note])
