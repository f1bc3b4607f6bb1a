"""A request being asked for, kept in the session between the steps (one per service).

What the resident typed is kept as typed, so every page shows it again, even after an
error. The steps are: location, questions, contact, check. A step is done once its
values have passed its checks; intake's refusals at the end are kept per step to show.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.http import HttpRequest

SESSION_KEY = "portal-ask"
SENT_KEY = "portal-sent"
STEPS = ("location", "questions", "contact", "check")


@dataclass
class Draft:
    code: str
    location: dict[str, Any] | None = None  # lat, lon, address, organisation…
    located_by: dict[str, str] = field(default_factory=dict)  # lat, lon, place as typed
    typed: dict[str, Any] = field(default_factory=dict)  # question id → raw value
    answers: dict[str, Any] | None = None  # the engine's cleaned answers, once checked
    photos: list[dict[str, str]] = field(default_factory=list)  # token, name
    contact: dict[str, Any] | None = None  # name, email, phone, consent
    refused: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # step → errors

    def next_step(self) -> str:
        """The first step not yet done (check, when everything is)."""
        if self.location is None:
            return "location"
        if self.answers is None:
            return "questions"
        if self.contact is None:
            return "contact"
        return "check"

    def reached(self, step: str) -> bool:
        """Whether the resident may be on this step: every step before it is done."""
        return STEPS.index(step) <= STEPS.index(self.next_step())


def load(request: HttpRequest, code: str) -> Draft:
    stored = request.session.get(SESSION_KEY, {}).get(code)
    if not stored:
        return Draft(code=code)
    try:
        return Draft(**stored)
    except TypeError:  # kept by an older version of this code
        return Draft(code=code)


def save(request: HttpRequest, draft: Draft) -> None:
    drafts = dict(request.session.get(SESSION_KEY, {}))
    drafts[draft.code] = asdict(draft)
    request.session[SESSION_KEY] = drafts


def discard(request: HttpRequest, code: str) -> None:
    drafts = dict(request.session.get(SESSION_KEY, {}))
    drafts.pop(code, None)
    request.session[SESSION_KEY] = drafts


def remember_sent(request: HttpRequest, code: str, sent: dict[str, str]) -> None:
    request.session[SENT_KEY] = {**request.session.get(SENT_KEY, {}), code: sent}


def sent(request: HttpRequest, code: str) -> dict[str, str] | None:
    return request.session.get(SENT_KEY, {}).get(code)
