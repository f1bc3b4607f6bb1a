"""Our services and cases as GeoReport v2 sees them: explicit functions, spec field names.

Decisions:
- A definition's questions become attributes, except the location (it is lat and long),
  photos (media_url) and the question `description` (the request's own description).
- A question shown only after an earlier answer is sent as not required, and its
  datatype_description says when it is needed: the specification has no conditions.
- A request never carries anything about the reporter. Its description and media_url are
  left out unless the definition makes the description public; where the definition
  rounds the location, lat and long are rounded and the address is left out (an address
  would give away what the rounding hides).
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from commonweal.core.grid import rounded
from commonweal.organisations.functions import FUNCTIONS
from commonweal.services import engine

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
NOT_ATTRIBUTES = ("location", "photo")
DATATYPES = {
    "text": "string",
    "long-text": "text",
    "number": "number",
    "date": "datetime",
    "single-choice": "singlevaluelist",
    "multiple-choice": "multivaluelist",
    "yes-no": "singlevaluelist",
    "email": "string",
    "phone": "string",
}
YES_NO_VALUES = ({"key": "true", "name": "Yes"}, {"key": "false", "name": "No"})
UK_TIME = ZoneInfo("Europe/London")


def w3c(moment: datetime | None) -> str | None:
    """A W3C datetime in UK time with its offset, such as 2026-03-27T10:15:00+00:00."""
    return moment.astimezone(UK_TIME).isoformat(timespec="seconds") if moment else None


def attribute_questions(definition: engine.Definition) -> list[engine.Question]:
    return [
        question
        for question in definition.questions
        if question.type not in NOT_ATTRIBUTES and question.id != "description"
    ]


def service(definition: engine.Definition) -> dict[str, Any]:
    function = FUNCTIONS.get(definition.function)
    return {
        "service_code": definition.code,
        "service_name": definition.name,
        "description": definition.description,
        "metadata": bool(attribute_questions(definition)),
        "type": "realtime",
        "keywords": ", ".join(definition.synonyms),
        "group": function.name if function else definition.function,
    }


def _datatype_description(question: engine.Question) -> str | None:
    parts = [question.hint.strip()] if question.hint.strip() else []
    if question.type == "date":
        parts.append("A date, like 2026-03-27.")
    if question.required and question.show_if is not None:
        wanted = " or ".join(_value_key(value) for value in question.show_if.values)
        parts.append(f"Required when attribute[{question.show_if.question}] is {wanted}.")
    return " ".join(parts) or None


def _value_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def attribute(question: engine.Question, order: int) -> dict[str, Any]:
    values: list[dict[str, str]] = []
    if question.type == "yes-no":
        values = [dict(value) for value in YES_NO_VALUES]
    elif question.type in ("single-choice", "multiple-choice"):
        values = [{"key": choice.value, "name": choice.label} for choice in question.choices]
    entry: dict[str, Any] = {
        "variable": True,
        "code": question.id,
        "datatype": DATATYPES[question.type],
        "required": question.required and question.show_if is None,
        "datatype_description": _datatype_description(question),
        "order": order,
        "description": question.label,
    }
    if values:
        entry["values"] = values
    return entry


def service_definition(definition: engine.Definition) -> dict[str, Any]:
    questions = attribute_questions(definition)
    return {
        "service_code": definition.code,
        "attributes": [attribute(q, order) for order, q in enumerate(questions, start=1)],
    }


def service_notice(*, agency: str | None, due_at: datetime | None, closed: bool) -> str | None:
    if closed or due_at is None:
        return None
    day = due_at.astimezone(UK_TIME)
    return f"{agency or 'The council'} aims to deal with this by {day.day} {day:%B %Y}."


def is_closed(definition: engine.Definition, state: str, closed_at: datetime | None) -> bool:
    try:
        return definition.workflow.state(state).closes
    except KeyError:
        return closed_at is not None


def service_request(
    row: dict[str, Any],
    *,
    definition: engine.Definition,
    agency: str | None,
    status_notes: str | None,
    media_url: str | None,
) -> dict[str, Any]:
    """One case as a GeoReport v2 request. `row` holds the Case columns it needs."""
    privacy = definition.privacy
    closed = is_closed(definition, row["state"], row["closed_at"])
    lat, lon = rounded(row["lat"], row["lon"], privacy.location_rounding_metres)
    show_address = privacy.location_rounding_metres <= 0 and row["address"]
    return {
        "service_request_id": row["reference"],
        "status": "closed" if closed else "open",
        "status_notes": status_notes or None,
        "service_name": definition.name,
        "service_code": definition.code,
        "description": (row["description"] or None) if privacy.description_public else None,
        "agency_responsible": agency,
        "service_notice": service_notice(agency=agency, due_at=row["due_at"], closed=closed),
        "requested_datetime": w3c(row["submitted_at"]),
        "updated_datetime": w3c(row["updated_at"]),
        "expected_datetime": w3c(row["due_at"]),
        "address": row["address"] if show_address else None,
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": media_url if privacy.description_public else None,
    }


def created(*, reference: str, notice: str | None, account_id: str | None) -> list[dict[str, Any]]:
    """The answer to a POST: made at once, so a request id and no token."""
    return [{"service_request_id": reference, "service_notice": notice, "account_id": account_id}]


def token(*, reference: str, token: str) -> list[dict[str, Any]]:
    return [{"service_request_id": reference, "token": token}]


def discovery(
    *, url: str, changeset: datetime | None, contact: str, key_service: str, formats: list[str]
) -> dict[str, Any]:
    return {
        "changeset": w3c(changeset),
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": w3c(changeset),
                "type": "production",
                "formats": formats,
            }
        ],
    }
