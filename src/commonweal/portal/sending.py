"""Sending a checked draft through intake, and taking its refusals back to their steps.

Intake checks everything again (the definition may have changed, the place may no longer
be covered). A refusal names fields: the location's, "reporter.<field>" for the contact
details, question ids for the answers. Each goes back to the step that asks for it.
"""

from django.contrib.auth.models import AnonymousUser

from commonweal.accounts.models import User
from commonweal.cases import intake
from commonweal.cases.models import Case
from commonweal.core import ratelimit
from commonweal.portal import photos
from commonweal.portal.draft import Draft
from commonweal.services import engine


def wait_before_sending(*, address: str, session_key: str) -> int:
    """Seconds to wait before this session, or this address, may send another request
    (0: it may now). Counted per session and per address; the limits are RATE_LIMITS."""
    waits = [
        ratelimit.hit(scope="portal-submit-session", key=session_key).retry_after,
        ratelimit.hit(scope="portal-submit-ip", key=address).retry_after,
    ]
    return max(waits)


def send(*, draft: Draft, definition: engine.Definition, user: User | AnonymousUser) -> Case:
    """The new case. Raises intake.IntakeRefused; `refusal_steps` sorts its errors by step."""
    signed_in = user if user.is_authenticated else None
    contact = draft.contact or {}
    location = draft.location or {}
    answers = dict(draft.answers or {})
    photo = next((q for q in definition.questions if q.type == "photo"), None)
    if photo is not None:
        answers.pop(photo.id, None)  # intake counts the photos it is given
    case = intake.submit(
        service_code=definition.code,
        answers=answers,
        channel="web",
        lat=location.get("lat"),
        lon=location.get("lon"),
        address=location.get("address", ""),
        reporter=intake.ReporterDetails(
            name=contact.get("name", ""),
            email=contact.get("email", ""),
            phone=contact.get("phone", ""),
            consent=bool(contact.get("consent")),
            user=signed_in,
        ),
        photos=photos.uploads(draft.photos),
        actor=signed_in,
    )
    photos.discard(draft.photos)
    return case


def refusal_steps(
    definition: engine.Definition, refused: intake.IntakeRefused
) -> dict[str, dict[str, list[str]]]:
    """The refusal's messages per step, then per field key as the step knows it."""
    place = definition.location_question
    location_keys = {"location", place.id if place else "location"}
    if not refused.errors:  # nobody responsible, or no live offering: a problem of the place
        return {"location": {"lat": [refused.message]}}
    steps: dict[str, dict[str, list[str]]] = {}
    for key, messages in refused.errors.items():
        if key in location_keys:
            step, key = "location", "lat"
        elif key.startswith("reporter."):
            step, key = "contact", key.removeprefix("reporter.")
        elif key == "channel":
            step = "check"
        else:
            step = "questions"
        steps.setdefault(step, {}).setdefault(key, []).extend(messages)
    return steps
