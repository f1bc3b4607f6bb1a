"""My organisation's page (what it shares, re-uses and needs) and the partnership pages."""

import pytest

from commonweal.commons.models import Asset, Visibility
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    InterestFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
)
from commonweal.commons.tests.pages import html_of, title
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class TestMine:
    def test_shows_what_the_organisation_shares_re_uses_and_needs(self, client, wessex):
        AssetFactory(title="Casterbridge bin days", owner_organisation=wessex.district)
        AdoptionFactory(
            asset=wessex.planner,
            organisation=wessex.district,
            version=wessex.planner.versions.get(number="1"),
        )
        InterestFactory(
            asset=AssetFactory(title="Street naming data"),
            organisation=wessex.district,
            note="For the new estate.",
        )
        client.force_login(wessex.district_owner)

        html = html_of(client.get("/commons/mine/"))

        assert title("Your organisation in the commons") in html
        assert "Casterbridge bin days</a>" in html
        assert "Bin round planner</a>" in html and "Version 2 is available" in html
        assert 'action="/commons/bin-round-planner/move-to-latest/"' in html
        assert "Street naming data</a>: For the new estate." in html
        assert 'href="/commons/publish/"' in html

    def test_a_caseworker_sees_the_newer_version_but_no_button(self, client, wessex):
        AdoptionFactory(
            asset=wessex.planner,
            organisation=wessex.district,
            version=wessex.planner.versions.get(number="1"),
        )
        client.force_login(wessex.district_caseworker)

        html = html_of(client.get("/commons/mine/"))

        assert "Version 2 is available" in html and "move-to-latest" not in html
        assert 'href="/commons/publish/"' not in html

    def test_each_of_several_organisations_has_its_part(self, client, wessex):
        MembershipFactory(user=wessex.district_owner, organisation=wessex.county, role=Role.ADMIN)
        client.force_login(wessex.district_owner)

        html = html_of(client.get("/commons/mine/"))

        assert title("Your organisations in the commons") in html
        assert '<h2 class="govuk-heading-l">Casterbridge District Council</h2>' in html
        assert '<h2 class="govuk-heading-l">Wessex County Council</h2>' in html

    def test_a_partnerships_assets_are_its_members_too(self, client, wessex):
        member = PartnershipMemberFactory(organisation=wessex.district)
        AssetFactory(
            title="Shared gazetteer", owner_organisation=None, owner_partnership=member.partnership
        )
        client.force_login(wessex.district_caseworker)

        assert "Shared gazetteer</a>" in html_of(client.get("/commons/mine/"))

    def test_someone_without_an_organisation_is_told_so(self, client, wessex):
        client.force_login(wessex.resident)

        html = html_of(client.get("/commons/mine/"))

        assert "You do not hold a role in any organisation on Commonweal" in html

    def test_nobody_signed_in_is_sent_to_sign_in(self, client, wessex):
        response = client.get("/commons/mine/")

        assert response.status_code == 302 and response.url.startswith("/sign-in/")


class TestPartnerships:
    @pytest.fixture
    def partnership(self, wessex):
        partnership = PartnershipFactory(
            name="Wessex Waste Partnership", slug="wessex-waste", description="Bins, together."
        )
        PartnershipMemberFactory(partnership=partnership, organisation=wessex.district)
        PartnershipMemberFactory(partnership=partnership, organisation=wessex.county, role="lead")
        AssetFactory(
            title="Shared gazetteer", owner_organisation=None, owner_partnership=partnership
        )
        AssetFactory(
            title="Members' contract register",
            owner_organisation=None,
            owner_partnership=partnership,
            visibility=Visibility.MEMBERS,
        )
        return partnership

    def test_the_list_counts_members_and_the_assets_each_person_may_see(
        self, client, wessex, partnership
    ):
        html = html_of(client.get("/commons/partnerships/"))

        assert 'href="/commons/partnerships/wessex-waste/">Wessex Waste Partnership</a>' in html
        assert html.count('govuk-table__cell--numeric">2</td>') == 1  # members
        assert 'govuk-table__cell--numeric">1</td>' in html  # one public asset
        client.force_login(wessex.district_caseworker)
        assert (
            html_of(client.get("/commons/partnerships/")).count(
                'govuk-table__cell--numeric">2</td>'
            )
            == 2
        )

    def test_a_partnership_shows_its_members_with_their_roles_and_its_assets(
        self, client, wessex, partnership
    ):
        html = html_of(client.get("/commons/partnerships/wessex-waste/"))

        assert title("Wessex Waste Partnership \N{EN DASH} Commons") in html
        assert "Bins, together." in html
        assert html.index("Wessex County Council") < html.index("Casterbridge District Council")
        assert "Lead" in html and "Member" in html
        assert "Shared gazetteer</a>" in html
        assert "Members&#x27; contract register" not in html

    def test_an_unknown_partnership_is_not_found(self, client, db):
        assert client.get("/commons/partnerships/nobody/").status_code == 404


def test_an_inactive_organisation_does_not_act(client, wessex):
    inactive = OrganisationFactory(active=False)
    MembershipFactory(user=wessex.resident, organisation=inactive, role=Role.ADMIN)
    client.force_login(wessex.resident)

    assert "You do not hold a role" in html_of(client.get("/commons/mine/"))
    assert Asset.objects.count() == 1
