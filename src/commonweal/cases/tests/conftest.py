"""Fixtures for the cases tests: published standard definitions, councils that run them."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings

from commonweal.cases import intake
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.organisations.models import Kind, Organisation, Role, Team
from commonweal.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
)
from commonweal.services import definitions

LONDON = ZoneInfo("Europe/London")
# A Monday morning with no bank holiday for weeks either side.
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
PARKERS_PIECE = (52.2053, 0.1218)  # Cambridge: the city collects bins, the county mends roads


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standard_definitions(db) -> None:
    definitions.load_standard_definitions(data_dir=django_settings.DATA_DIR)


@pytest.fixture
def cambridge(reference_data, standard_definitions) -> SimpleNamespace:
    """Cambridge City Council runs missed bins, Cambridgeshire County Council potholes."""
    city = Organisation.objects.get(gss_code="E07000008")
    county = Organisation.objects.get(gss_code="E10000003")
    bins = Team.objects.create(organisation=city, name="Waste", email="waste@city.example")
    roads = Team.objects.create(organisation=county, name="Highways", email="roads@county.example")
    for organisation, code, team in ((city, "missed-bin", bins), (county, "pothole", roads)):
        definitions.run_offering(
            organisation=organisation, row=definitions.latest_published(code), team=team, live=True
        )
    return SimpleNamespace(city=city, county=county, bins=bins, roads=roads)


@pytest.fixture
def council(db) -> SimpleNamespace:
    """A county council with no area that runs potholes: cases are sent to it by name."""
    organisation = OrganisationFactory(name="Wessex County Council", kind=Kind.COUNTY)
    offering = OfferingFactory(
        organisation=organisation,
        definition=standard_definition("pothole"),
        team__name="Highways",
        team__email="highways@wessex.example",
    )
    people = {
        role: MembershipFactory(organisation=organisation, role=role).user
        for role in (Role.CASEWORKER, Role.SERVICE_OWNER, Role.EXECUTIVE)
    }
    emergency = TeamFactory(
        organisation=organisation,
        name="Highways emergency response",
        email="emergency@wessex.example",
    )
    return SimpleNamespace(
        organisation=organisation,
        offering=offering,
        team=offering.team,
        emergency=emergency,
        caseworker=people[Role.CASEWORKER],
        owner=people[Role.SERVICE_OWNER],
        executive=people[Role.EXECUTIVE],
    )


def pothole_answers(**changes) -> dict:
    return {
        "location": {"lat": PARKERS_PIECE[0], "lon": PARKERS_PIECE[1]},
        "position": "road",
        "dangerous": False,
        **changes,
    }


@pytest.fixture
def report(council):
    """Report a pothole to the council (by name, as Open311's jurisdiction_id does)."""

    def make(*, reporter=None, channel="web", **answers):
        return intake.submit(
            service_code="pothole",
            answers=pothole_answers(**answers),
            channel=channel,
            organisation=council.organisation,
            reporter=reporter
            or intake.ReporterDetails(name="Ada Resident", email="ada@example.net", consent=True),
        )

    return make
