"""Fixtures for the workspace: a council that runs potholes, its staff, and another council."""

from types import SimpleNamespace

import pytest

from commonweal.cases import intake
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
)

PARKERS_PIECE = {"lat": 52.2053, "lon": 0.1218}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def staff_council(name: str) -> SimpleNamespace:
    organisation = OrganisationFactory(name=name, kind=Kind.COUNTY)
    offering = OfferingFactory(
        organisation=organisation, definition=standard_definition("pothole"), team__name="Highways"
    )
    people = {
        role: MembershipFactory(
            organisation=organisation, role=role, user__full_name=f"{name} {role}"
        ).user
        for role in (Role.CASEWORKER, Role.SERVICE_OWNER, Role.EXECUTIVE, Role.ADMIN)
    }
    return SimpleNamespace(
        organisation=organisation,
        offering=offering,
        team=offering.team,
        other_team=TeamFactory(organisation=organisation, name="Customer services"),
        caseworker=people[Role.CASEWORKER],
        owner=people[Role.SERVICE_OWNER],
        executive=people[Role.EXECUTIVE],
        admin=people[Role.ADMIN],
    )


@pytest.fixture
def council(db) -> SimpleNamespace:
    return staff_council("Wessex County Council")


@pytest.fixture
def other_council(db) -> SimpleNamespace:
    return staff_council("Mercia County Council")


def pothole_answers(**changes) -> dict:
    return {"location": PARKERS_PIECE, "position": "road", "dangerous": False, **changes}


@pytest.fixture
def report():
    """Report a pothole to a council by name (as Open311's jurisdiction_id does)."""

    def make(organisation, *, channel="web", photos=(), **answers):
        return intake.submit(
            service_code="pothole",
            answers=pothole_answers(**answers),
            channel=channel,
            organisation=organisation,
            address="Parker's Piece, Cambridge",
            photos=photos,
            reporter=intake.ReporterDetails(name="Ada Resident", email="ada@example.net"),
        )

    return make
