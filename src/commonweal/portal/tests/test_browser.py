"""In Chromium: signing in through the form works, and axe finds no accessibility problems."""

import pytest
from playwright.sync_api import expect

from commonweal.accounts.tests.factories import PASSWORD, UserFactory
from commonweal.core.tests.browser import describe
from commonweal.organisations.models import Area, Kind
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

AREA = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[0.0, 52.0], [0.6, 52.1], [0.5, 52.5], [0.1, 52.4], [0.0, 52.0]]],
        [[[0.7, 52.2], [0.8, 52.2], [0.8, 52.3], [0.7, 52.2]]],
    ],
}


@pytest.fixture
def council():
    county = OrganisationFactory(name="Example County Council", slug="county", kind=Kind.COUNTY)
    district = OrganisationFactory(
        name="Example District Council", slug="district", gss_code="E07000999",
        website="https://district.example/", contact_email="help@district.example",
    )  # fmt: skip
    district.parents.add(county)
    Area.objects.create(organisation=district, geometry=AREA)
    return district


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_signing_in_through_the_form_shows_your_name(page, live_server, council):
    person = UserFactory(email="sam@example.org", full_name="Sam Jones")
    MembershipFactory(user=person, organisation=council)

    sign_in(page, live_server, "sam@example.org", PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Signed in as Sam Jones")).to_be_visible()
    expect(page.get_by_role("link", name="Example District Council")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_stylesheet_and_scripts_load(page, live_server):
    page.goto(f"{live_server.url}/")

    header = page.locator(".govuk-generic-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 12, 12)"
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")


@pytest.mark.parametrize(
    "path", ["/", "/organisations/", "/organisations/district/", "/accessibility/"]
)
def test_pages_have_no_accessibility_problems(page, live_server, council, axe_violations, path):
    page.goto(f"{live_server.url}{path}")

    violations = axe_violations(page)

    assert violations == [], describe(violations)


def test_the_sign_in_page_with_an_error_has_no_accessibility_problems(
    page, live_server, axe_violations
):
    UserFactory(email="sam@example.org")
    sign_in(page, live_server, "sam@example.org", "wrong password")
    expect(page.get_by_role("alert")).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)


def test_a_directory_error_has_no_accessibility_problems(page, live_server, axe_violations):
    page.goto(f"{live_server.url}/organisations/?kind=castle")
    expect(page.get_by_role("alert")).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)
