"""The public pages show what each visitor may see: home, directory, organisation, accessibility."""

import pytest
from django.utils.html import escape

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Area, Kind, Nation, Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0.0, 52.0], [0.5, 52.0], [0.5, 52.4], [0.0, 52.4], [0.0, 52.0]]],
}


def title(page: str) -> str:
    return f"<title>{page} \N{EN DASH} Commonweal</title>"


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def table_rows(html: str) -> int:
    return html.count('<tr class="govuk-table__row">') - 1  # less the header row


class TestHome:
    def test_says_what_commonweal_is_and_links_to_the_directory(self, client):
        html = html_of(client.get("/"))

        assert title("Home") in html
        assert "shared, open-source platform for local public services" in html
        assert 'href="/organisations/"' in html
        assert 'href="/accessibility/"' in html
        assert 'href="/sign-in/"' in html
        assert "Your organisations" not in html

    def test_lists_a_members_organisations_and_roles(self, client):
        membership = MembershipFactory(
            organisation__name="Arun District Council", role=Role.SERVICE_OWNER
        )
        client.force_login(membership.user)

        html = html_of(client.get("/"))

        assert "Your organisations" in html
        assert "Arun District Council</a> \N{EN DASH} Service owner</li>" in html
        assert f"Signed in as {escape(membership.user.full_name)}" in html


class TestDirectory:
    def test_lists_active_organisations_with_their_details(self, client):
        OrganisationFactory(
            name="Cambridgeshire County Council", slug="cambridgeshire", kind=Kind.COUNTY,
            gss_code="E10000003",
        )  # fmt: skip
        OrganisationFactory(name="Dissolved Council", active=False)

        html = html_of(client.get("/organisations/"))

        assert title("Organisations") in html
        assert "1 organisation found" in html
        assert '<a class="govuk-link" href="/organisations/cambridgeshire/">' in html
        assert "County council" in html and "England" in html and "E10000003" in html
        assert "Dissolved Council" not in html

    def test_searches_by_name_and_filters_by_kind_and_nation(self, client):
        OrganisationFactory(name="Cardiff Council", kind=Kind.WELSH_COUNCIL, nation=Nation.WALES)
        OrganisationFactory(name="Cardiff and Vale University Health Board", kind=Kind.OTHER,
                            nation=Nation.WALES)  # fmt: skip
        OrganisationFactory(name="Carlisle City Council", kind=Kind.DISTRICT)

        by_name = html_of(client.get("/organisations/", {"q": "cardiff"}))
        by_kind = html_of(client.get("/organisations/", {"q": "Car", "kind": "welsh-council"}))
        by_nation = html_of(client.get("/organisations/", {"nation": "england"}))

        assert "2 organisations found" in by_name and "Carlisle" not in by_name
        assert "1 organisation found" in by_kind and "Cardiff Council" in by_kind
        assert '<option value="welsh-council" selected>' in by_kind
        assert 'value="Car"' in by_kind
        assert "Carlisle City Council" in by_nation and "Cardiff" not in by_nation

    def test_says_when_nothing_matches(self, client):
        html = html_of(client.get("/organisations/", {"q": "Atlantis"}))

        assert "No organisations found" in html
        assert "govuk-table" not in html

    def test_pages_through_fifty_at_a_time_keeping_the_filters(self, client):
        for n in range(51):
            OrganisationFactory(name=f"Parish {n:02}", kind=Kind.PARISH)
        OrganisationFactory(name="Not a parish", kind=Kind.COUNTY)

        first = html_of(client.get("/organisations/", {"kind": "parish"}))
        second = html_of(client.get("/organisations/", {"kind": "parish", "page": "2"}))

        assert "51 organisations found" in first
        assert table_rows(first) == 50
        assert 'href="?kind=parish&amp;page=2" rel="next"' in first
        assert 'aria-label="Page 1" aria-current="page"' in first
        assert table_rows(second) == 1
        assert "Parish 50" in second
        assert 'href="?kind=parish&amp;page=1" rel="prev"' in second

    def test_fits_on_one_page_without_pagination(self, client):
        OrganisationFactory()

        assert "govuk-pagination" not in html_of(client.get("/organisations/"))

    @pytest.mark.parametrize(
        ("params", "message", "field"),
        [
            ({"kind": "castle"}, "Choose a kind of organisation from the list", "id_kind"),
            ({"nation": "atlantis"}, "Choose a nation from the list", "id_nation"),
        ],
    )
    def test_an_unknown_filter_is_shown_as_an_error(self, client, params, message, field):
        OrganisationFactory()

        html = html_of(client.get("/organisations/", params))

        assert title("Error: Organisations") in html
        assert f'<li><a href="#{field}">{message}</a></li>' in html
        assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in html
        assert f'aria-describedby="{field}-error"' in html
        assert "govuk-table" not in html


class TestOrganisationPage:
    def test_shows_the_organisations_details_links_and_functions(self, client):
        county = OrganisationFactory(
            name="Norfolk County Council", slug="norfolk", kind=Kind.COUNTY
        )
        district = OrganisationFactory(
            name="Breckland Council", slug="breckland", gss_code="E07000143",
            website="https://www.breckland.gov.uk/", contact_email="help@breckland.gov.uk",
        )  # fmt: skip
        parish = OrganisationFactory(name="Attleborough Town Council", slug="attleborough")
        gone = OrganisationFactory(name="Old Buckenham Parish", active=False)
        district.parents.add(county)
        parish.parents.add(district)
        gone.parents.add(district)

        html = html_of(client.get("/organisations/breckland/"))

        assert title("Breckland Council") in html
        assert "District council" in html and "E07000143" in html
        assert '<a class="govuk-link" href="https://www.breckland.gov.uk/">' in html
        assert 'href="mailto:help@breckland.gov.uk"' in html
        assert '<a class="govuk-link" href="/organisations/norfolk/">Norfolk' in html
        assert '<a class="govuk-link" href="/organisations/attleborough/">Attleborough' in html
        assert "Old Buckenham" not in html
        assert "<li>Waste collection</li>" in html and "<li>Highways and roads</li>" not in html
        assert "No area is recorded for this organisation." in html

    def test_draws_the_outline_of_its_area(self, client):
        council = OrganisationFactory(name="Square District Council", slug="square")
        Area.objects.create(organisation=council, geometry=SQUARE)

        html = html_of(client.get("/organisations/square/"))

        assert '<svg class="cw-area-outline"' in html
        assert 'role="img"' in html
        assert (
            '<title id="area-outline-title">Outline of the area of Square District Council' in html
        )
        assert '<path class="cw-area-outline__shape" d="M' in html
        assert "No area is recorded" not in html

    def test_an_unknown_organisation_is_not_found(self, client):
        assert client.get("/organisations/nowhere/").status_code == 404

    def test_an_inactive_organisation_is_hidden_from_strangers(self, client):
        OrganisationFactory(slug="dissolved", active=False)

        assert client.get("/organisations/dissolved/").status_code == 404
        client.force_login(UserFactory())
        assert client.get("/organisations/dissolved/").status_code == 404

    def test_an_inactive_organisation_is_shown_to_members_and_platform_admins(self, client):
        membership = MembershipFactory(organisation__slug="dissolved", organisation__active=False)

        client.force_login(membership.user)
        assert "Inactive" in html_of(client.get("/organisations/dissolved/"))
        client.force_login(UserFactory(is_superuser=True))
        assert "Inactive" in html_of(client.get("/organisations/dissolved/"))


def test_the_accessibility_statement_is_linked_from_every_page(client):
    html = html_of(client.get("/accessibility/"))

    assert title("Accessibility statement") in html
    assert "WCAG" in html and "2.2 at level AA" in html
    assert "axe" in html and "keyboard" in html
    assert "Reporting a problem" in html
    assert '<a class="govuk-footer__link" href="/accessibility/">' in html_of(client.get("/"))
