"""The re-use map: who runs which definition at which version, and what converging takes."""

import pytest
from django.utils.html import escape

from commonweal.cases.tests.factories import standard_definition
from commonweal.commons.tests.factories import staff
from commonweal.commons.tests.pages import COUNTY_BINS, html_of
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import OrganisationFactory, TeamFactory
from commonweal.services import definitions

pytestmark = pytest.mark.django_db

MAP = "/commons/reuse/?function=waste-collection&area=wessex"


def district(name: str, county=None):
    organisation = OrganisationFactory(name=name)
    if county is not None:
        organisation.parents.add(county)
    return organisation


def runs(organisation, row) -> None:
    team = TeamFactory(organisation=organisation)
    definitions.run_offering(organisation=organisation, row=row, team=team, live=True)


@pytest.fixture
def wessex():
    county = OrganisationFactory(name="Wessex County Council", slug="wessex", kind=Kind.COUNTY)
    first = definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
    second = definitions.save_version(
        text=COUNTY_BINS.replace("Which bin was missed?", "Which bin did we miss?"),
        owner=county,
        publish=True,
    )
    for name in ("Anglebury", "Budmouth", "Casterbridge"):
        runs(district(name, county), second)
    runs(district("Durnover", county), first)
    runs(district("Elsewhere"), first)
    runs(district("Fairfield", county), standard_definition("missed-bin"))
    district("Gallowfield", county)
    return county


def test_it_says_how_many_run_each_version_and_that_converging_is_one_step(client, wessex):
    html = html_of(client.get(MAP))

    assert "<title>Re-use map: Waste collection, within the area of Wessex County Council" in html
    assert "5 organisations run 2 definitions." in html
    assert (
        "3 organisations run version 2, 1 runs version 1; moving it to version 2 is one step."
        in html
    )
    assert 'scope="row" class="govuk-table__header">Durnover</th>' in html
    assert "One step: move to version 2" in html
    assert "Elsewhere" not in html  # outside the county's area
    assert "These organisations run different definitions for the same thing." in html
    assert 'href="/commons/wessex-missed-bin/">Report a missed bin in Wessex</a>' in html


def test_it_names_the_organisations_that_run_none_of_them(client, wessex):
    html = html_of(client.get(MAP))

    assert "Not running any of these" in html
    assert "<li>Gallowfield</li>" in html


def test_without_an_area_it_covers_everyone(client, wessex):
    html = html_of(client.get("/commons/reuse/?function=waste-collection"))

    assert (
        "3 organisations run version 2, 2 run version 1; moving each of them to version 2 is "
        "one step." in html
    )


def test_by_lgsl_service(client, wessex):
    html = html_of(client.get("/commons/reuse/?lgsl=524&area=wessex"))

    assert "LGSL 524" in html and "Report a missed bin in Wessex" in html


def test_offerings_not_yet_live_are_shown_to_the_platforms_members_only(client, wessex):
    newcomer = district("Hintock", wessex)
    definitions.run_offering(
        organisation=newcomer, row=definitions.latest_published("wessex-missed-bin")
    )

    html = html_of(client.get(MAP))
    assert "Hintock</th>" not in html and "Only services that are live are shown." in html

    client.force_login(staff(newcomer, Role.CASEWORKER))
    html = html_of(client.get(MAP))
    assert "Hintock</th>" in html and "Not yet" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lgsl=bins", "Enter the LGSL code as a number, like 524"),
        ("function=alchemy", "Choose a function from the list"),
        ("function=waste-collection&area=atlantis", "Choose an organisation from the list"),
    ],
)
def test_bad_values_are_shown_as_errors(client, wessex, query, message):
    html = html_of(client.get(f"/commons/reuse/?{query}"))

    assert "There is a problem" in html and escape(message) in html
    assert "govuk-table" not in html


def test_with_nothing_chosen_it_shows_only_the_form(client, wessex):
    html = html_of(client.get("/commons/reuse/"))

    assert "Show who runs what" in html and "There is a problem" not in html
    assert "govuk-table" not in html
