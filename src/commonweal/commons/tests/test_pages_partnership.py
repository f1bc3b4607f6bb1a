"""Managing a partnership's members from its page: administrators of a lead organisation add,
re-role and remove members; a partnership keeps a lead; everyone else changes nothing."""

import pytest

from commonweal.commons.models import PartnershipMember
from commonweal.commons.tests.factories import (
    PartnershipFactory,
    PartnershipMemberFactory,
    nothing_changes,
    staff,
)
from commonweal.commons.tests.pages import html_of
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PAGE = "/commons/partnerships/wessex-waste/"
ADD = f"{PAGE}members/add/"


def role(path_org: str) -> str:
    return f"{PAGE}members/{path_org}/role/"


def remove(path_org: str) -> str:
    return f"{PAGE}members/{path_org}/remove/"


@pytest.fixture
def partnership(wessex):
    partnership = PartnershipFactory(name="Wessex Waste Partnership", slug="wessex-waste")
    PartnershipMemberFactory(partnership=partnership, organisation=wessex.county, role="lead")
    PartnershipMemberFactory(partnership=partnership, organisation=wessex.district)
    return partnership


@pytest.fixture
def county_admin(wessex):
    return staff(wessex.county, Role.ADMIN)


def roles(partnership) -> dict[str, str]:
    return dict(partnership.memberships.values_list("organisation__slug", "role"))


class TestWhoIsOffered:
    def test_a_lead_administrator_sees_the_links(self, client, wessex, partnership, county_admin):
        client.force_login(county_admin)

        html = html_of(client.get(PAGE))

        assert f'href="{ADD}"' in html
        assert f'href="{role("casterbridge")}"' in html and f'href="{remove("wessex")}"' in html

    @pytest.mark.parametrize("who", ["county_owner", "district_admin", "resident"])
    def test_others_do_not(self, client, wessex, partnership, who):
        client.force_login(getattr(wessex, who))

        html = html_of(client.get(PAGE))

        assert f'href="{ADD}"' not in html and "Change role" not in html


class TestAdding:
    def test_an_active_organisation_joins_with_its_role(
        self, client, wessex, partnership, county_admin
    ):
        mercia = OrganisationFactory(name="Mercia District Council", slug="mercia")
        OrganisationFactory(name="Gone District Council", active=False)
        client.force_login(county_admin)

        html = html_of(client.get(ADD))
        assert "Mercia District Council</option>" in html
        assert "Gone District Council" not in html and "Casterbridge District" not in html

        response = client.post(ADD, {"organisation": mercia.pk, "role": "lead"})

        assert response.status_code == 302 and response["Location"] == f"{PAGE}#members"
        assert roles(partnership)["mercia"] == "lead"
        assert "Mercia District Council is now a lead of Wessex Waste Partnership" in html_of(
            client.get(PAGE)
        )

    def test_choosing_nothing_is_an_inline_error(self, client, wessex, partnership, county_admin):
        client.force_login(county_admin)

        with nothing_changes():
            html = html_of(client.post(ADD, {"organisation": "", "role": "member"}))

        assert '<a href="#id_organisation">Choose the organisation to add</a>' in html
        assert 'id="id_organisation-error"' in html
        assert 'value="member" checked' in html

    def test_a_member_already_in_it_is_not_offered(self, client, wessex, partnership, county_admin):
        client.force_login(county_admin)

        with nothing_changes():
            html = html_of(client.post(ADD, {"organisation": wessex.district.pk, "role": "lead"}))

        assert "Choose an organisation from the list" in html


class TestChangingRoles:
    def test_a_member_becomes_a_lead_and_the_old_lead_a_member(
        self, client, wessex, partnership, county_admin
    ):
        client.force_login(county_admin)

        client.post(role("casterbridge"), {"role": "lead"})
        client.post(role("wessex"), {"role": "member"})

        assert roles(partnership) == {"wessex": "member", "casterbridge": "lead"}

    def test_the_only_lead_cannot_step_down(self, client, wessex, partnership, county_admin):
        client.force_login(county_admin)

        with nothing_changes():
            response = client.post(role("wessex"), {"role": "member"})

        assert response.status_code == 409
        html = response.content.decode()
        assert 'class="govuk-error-summary"' in html
        assert "Wessex County Council is Wessex Waste Partnership&#x27;s only lead" in html
        assert "Make another member a lead first." in html

    def test_an_organisation_not_in_it_is_not_found(
        self, client, wessex, partnership, county_admin
    ):
        OrganisationFactory(slug="mercia")
        client.force_login(county_admin)

        assert client.get(role("mercia")).status_code == 404


class TestRemoving:
    def test_the_confirmation_then_removal(self, client, wessex, partnership, county_admin):
        client.force_login(county_admin)

        html = html_of(client.get(remove("casterbridge")))
        assert "Remove Casterbridge District Council from Wessex Waste Partnership?" in html
        assert roles(partnership)["casterbridge"] == "member"

        response = client.post(remove("casterbridge"))

        assert response.status_code == 302
        assert "casterbridge" not in roles(partnership)
        assert "Casterbridge District Council has left" in html_of(client.get(PAGE))

    def test_the_only_lead_is_not_removed(self, client, wessex, partnership, county_admin):
        client.force_login(county_admin)

        with nothing_changes():
            response = client.post(remove("wessex"))

        assert response.status_code == 409
        assert "only lead. Make another member a lead first." in response.content.decode()


class TestRefusals:
    @pytest.mark.parametrize("who", ["county_owner", "district_admin"])
    def test_only_a_lead_organisations_administrators_manage_members(
        self, client, wessex, partnership, who
    ):
        client.force_login(getattr(wessex, who))

        with nothing_changes():
            responses = [
                client.get(ADD),
                client.post(ADD, {"organisation": OrganisationFactory().pk, "role": "member"}),
                client.post(role("casterbridge"), {"role": "lead"}),
                client.post(remove("casterbridge")),
            ]

        assert {response.status_code for response in responses} == {403}
        assert "Only administrators of Wessex Waste Partnership&#x27;s lead organisations" in (
            responses[1].content.decode()
        )
        assert PartnershipMember.objects.count() == 2

    def test_signing_in_is_asked_for(self, client, partnership):
        assert client.post(remove("casterbridge")).status_code == 302
        assert partnership.memberships.count() == 2
