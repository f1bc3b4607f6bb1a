"""A service definition's asset page: adopting it makes an offering that is not live (with
the team chosen), a newer version is offered in one step, forking makes a draft; refusals
change nothing."""

import pytest
from django.utils.html import escape

from commonweal.commons.models import Adoption, Asset
from commonweal.commons.tests.factories import nothing_changes, staff
from commonweal.commons.tests.pages import COUNTY_BINS, html_of, make_wessex
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory, TeamFactory
from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition, ServiceOffering

pytestmark = pytest.mark.django_db

PAGE = "/commons/wessex-missed-bin/"
SERVICES = (ServiceDefinition, ServiceOffering)


@pytest.fixture
def wessex(db):
    return make_wessex()


@pytest.fixture
def county_bins(wessex) -> Asset:
    definitions.save_version(text=COUNTY_BINS, owner=wessex.county, publish=True)
    return Asset.objects.get(service_code="wessex-missed-bin")


def newer(text: str) -> str:
    return text.replace("Which bin was missed?", "Which bin did we miss?")


class TestAdopting:
    def test_the_page_says_adopting_creates_an_offering_that_is_not_live(
        self, client, wessex, county_bins
    ):
        client.force_login(wessex.district_owner)

        html = html_of(client.get(PAGE))

        assert 'action="/commons/wessex-missed-bin/adopt-definition/"' in html
        assert "The offering is created but not live" in html
        assert 'for="id_adopt-team">Team that will handle the requests</label>' in html
        assert f'<option value="{wessex.waste_team.pk}">Waste and streets</option>' in html
        assert "Adopt this service definition" in html

    def test_adopting_makes_the_offering_with_the_team_chosen_and_not_live(
        self, client, wessex, county_bins
    ):
        client.force_login(wessex.district_owner)

        response = client.post(
            f"{PAGE}adopt-definition/",
            {"adopt-team": wessex.waste_team.pk, "adopt-status": "adopted"},
        )

        assert response.status_code == 302 and response.url == PAGE
        offering = ServiceOffering.objects.get(organisation=wessex.district)
        assert (offering.service_code, offering.team, offering.live) == (
            "wessex-missed-bin",
            wessex.waste_team,
            False,
        )
        html = html_of(client.get(PAGE))
        assert (
            escape(
                "Casterbridge District Council has adopted Report a missed bin in Wessex. Its "
                "offering of version 1 is created and not live: it takes no requests until you "
                "switch it on in your service pages."
            )
            in html
        )
        assert 'href="/workspace/services/wessex-missed-bin/versions/1/"' in html

    def test_an_organisation_without_teams_is_not_asked_for_one(self, client, wessex, county_bins):
        wessex.waste_team.delete()
        client.force_login(wessex.district_owner)
        assert "adopt-team" not in html_of(client.get(PAGE))

        client.post(f"{PAGE}adopt-definition/", {"adopt-status": "adopted"})

        assert ServiceOffering.objects.get(organisation=wessex.district).team is None

    def test_a_team_must_be_chosen_when_the_organisation_has_teams(
        self, client, wessex, county_bins
    ):
        client.force_login(wessex.district_owner)

        with nothing_changes(*SERVICES):
            html = html_of(client.post(f"{PAGE}adopt-definition/", {"adopt-status": "adopted"}))

        assert '<a href="#id_adopt-team">Choose the team that will handle the requests</a>' in html

    def test_another_organisations_team_is_refused(self, client, wessex, county_bins):
        theirs = TeamFactory(organisation=wessex.county)
        client.force_login(wessex.district_owner)

        with nothing_changes(*SERVICES):
            html = html_of(
                client.post(
                    f"{PAGE}adopt-definition/", {"adopt-team": theirs.pk, "adopt-status": "adopted"}
                )
            )

        assert "Choose a team from the list" in html

    @pytest.mark.parametrize("who", ["district_caseworker", "resident", "county_owner"])
    def test_those_who_may_not_adopt_are_refused(self, client, wessex, county_bins, who):
        client.force_login(getattr(wessex, who))

        with nothing_changes(*SERVICES):
            response = client.post(f"{PAGE}adopt-definition/", {"adopt-status": "adopted"})

        assert response.status_code == 403

    def test_a_definition_is_not_adopted_through_the_commons_own_page(
        self, client, wessex, county_bins
    ):
        client.force_login(wessex.district_owner)

        with nothing_changes(*SERVICES):
            assert client.post(f"{PAGE}adopt/", {"adopt-status": "adopted"}).status_code == 404
            assert client.post("/commons/bin-round-planner/adopt-definition/").status_code == 404


class TestUpgrading:
    def test_an_adopter_on_an_older_version_upgrades_in_one_step(self, client, wessex, county_bins):
        adopted = definitions.adopt_definition(
            organisation=wessex.district,
            asset=county_bins,
            actor=wessex.district_owner,
            team=wessex.waste_team,
        )
        definitions.run_offering(
            organisation=wessex.district, row=adopted.offering.definition, live=True
        )
        definitions.save_version(text=newer(COUNTY_BINS), owner=wessex.county, publish=True)
        client.force_login(wessex.district_owner)
        html = html_of(client.get(PAGE))
        assert "A newer version is available: version 2." in html
        assert "Move Casterbridge District Council to version 2" in html

        response = client.post(f"{PAGE}upgrade/", {"organisation": wessex.district.pk})

        assert response.status_code == 302
        offering = ServiceOffering.objects.get(organisation=wessex.district)
        assert (offering.definition.version, offering.live) == (2, True)
        assert Adoption.objects.get(organisation=wessex.district).version.number == "2"
        html = html_of(client.get(PAGE))
        assert "now runs version 2 of Report a missed bin in Wessex (live)" in html
        assert "A newer version is available" not in html

    def test_a_caseworker_may_not_upgrade(self, client, wessex, county_bins):
        definitions.adopt_definition(
            organisation=wessex.district, asset=county_bins, actor=wessex.district_owner
        )
        definitions.save_version(text=newer(COUNTY_BINS), owner=wessex.county, publish=True)
        client.force_login(wessex.district_caseworker)

        with nothing_changes(*SERVICES):
            response = client.post(f"{PAGE}upgrade/", {"organisation": wessex.district.pk})

        assert response.status_code == 403


class TestForking:
    def test_forking_makes_a_draft_definition_under_a_code_of_its_own(
        self, client, wessex, county_bins
    ):
        client.force_login(wessex.district_owner)

        response = client.post(
            f"{PAGE}fork-definition/", {"fork-service_code": "casterbridge-missed-bin"}
        )

        assert response.status_code == 302
        assert response.url == "/workspace/services/casterbridge-missed-bin/versions/1/"
        draft = ServiceDefinition.objects.get(code="casterbridge-missed-bin")
        assert (draft.status, draft.owner) == ("draft", wessex.district)
        assert Asset.objects.get(service_code="casterbridge-missed-bin").forked_from == county_bins

    @pytest.mark.parametrize(
        ("code", "message"),
        [
            ("", "Enter a service code for your copy"),
            ("Casterbridge_Bins", "Enter a service code of lower-case letters"),
            ("wessex-missed-bin", "The service code wessex-missed-bin is taken."),
        ],
    )
    def test_a_bad_code_is_shown_against_it_and_nothing_changes(
        self, client, wessex, county_bins, code, message
    ):
        client.force_login(wessex.district_owner)

        with nothing_changes(*SERVICES):
            html = html_of(client.post(f"{PAGE}fork-definition/", {"fork-service_code": code}))

        assert f'<a href="#id_fork-service_code">{message}' in html
        assert f'value="{code}"' in html or not code

    def test_a_members_only_definition_cannot_be_forked_from_outside(
        self, client, wessex, county_bins
    ):
        Asset.objects.filter(pk=county_bins.pk).update(visibility="members")
        outsider = staff(OrganisationFactory(active=False), Role.SERVICE_OWNER)
        client.force_login(outsider)

        with nothing_changes(*SERVICES):
            response = client.post(f"{PAGE}fork-definition/", {"fork-service_code": "copy"})

        assert response.status_code == 404
