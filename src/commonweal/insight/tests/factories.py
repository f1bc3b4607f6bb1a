"""Helpers for insight tests: a council running potholes, and cases moved through real changes.

Every change goes through the cases app's own functions (intake, lifecycle, feedback), at
a time set with time-machine, so the events are the ones production writes.
"""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import time_machine

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import feedback, intake, lifecycle
from commonweal.cases.models import Case
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

LONDON = ZoneInfo("Europe/London")
SPOT = {"lat": 52.2053, "lon": 0.1218}


def pothole_council(name: str = "Wessex County Council", kind: str = Kind.COUNTY):
    """A council that runs potholes, with a caseworker."""
    organisation = OrganisationFactory(name=name, kind=kind)
    offering = OfferingFactory(
        organisation=organisation,
        definition=standard_definition("pothole"),
        team__name="Highways",
    )
    caseworker = MembershipFactory(organisation=organisation, role=Role.CASEWORKER).user
    owner = MembershipFactory(organisation=organisation, role=Role.SERVICE_OWNER).user
    return SimpleNamespace(
        organisation=organisation, offering=offering, caseworker=caseworker, owner=owner
    )


def at(*parts: int) -> datetime:
    """A UK local time: at(2026, 3, 30, 10) is 10:00 in London that day."""
    return datetime(*parts, tzinfo=LONDON)


def report(council, *, when: datetime, channel: str = "web", reporter=None) -> Case:
    """A pothole reported to the council at `when`, by a resident with an account."""
    person = reporter or UserFactory()
    return intake.submit(
        service_code="pothole",
        answers={"location": SPOT, "position": "road", "dangerous": False},
        channel=channel,
        organisation=council.organisation,
        reporter=intake.ReporterDetails(name="A Resident", email=person.email, user=person),
        now=when,
    )


def _fresh(case: Case) -> Case:
    return Case.objects.select_related("offering", "organisation", "reporter").get(pk=case.pk)


def close(council, case: Case, *, when: datetime) -> Case:
    """Close the case as "no repair needed" (allowed from any state)."""
    case = _fresh(case)
    with time_machine.travel(when, tick=False):
        return lifecycle.transition(
            case=case,
            transition="no-action",
            actor=council.caseworker,
            expected_version=case.version,
            public_note="Nothing to repair.",
        )


def triage(council, case: Case, *, when: datetime) -> Case:
    case = _fresh(case)
    with time_machine.travel(when, tick=False):
        return lifecycle.transition(
            case=case, transition="triage", actor=council.caseworker, expected_version=case.version
        )


def reopen(council, case: Case, *, when: datetime) -> Case:
    case = _fresh(case)
    with time_machine.travel(when, tick=False):
        return lifecycle.reopen(
            case=case, actor=council.caseworker, expected_version=case.version, note="Still there."
        )


def reinspect(council, case: Case, *, when: datetime) -> Case:
    """Take a closed pothole back to inspection: a transition out of a closing state."""
    case = _fresh(case)
    with time_machine.travel(when, tick=False):
        return lifecycle.transition(
            case=case, transition="reinspect", actor=council.owner, expected_version=case.version
        )


def rate(case: Case, *, score: int, when: datetime):
    case = _fresh(case)
    with time_machine.travel(when, tick=False):
        return feedback.rate(case=case, user=case.reporter.user, score=score)
