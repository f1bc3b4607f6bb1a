"""In Chromium: the open-data page, with files listed and without, has no accessibility
problems axe can find, and its links lead to the files."""

import os

import pytest
from playwright.sync_api import expect

from commonweal.cases.tests.factories import CaseFactory, OfferingFactory
from commonweal.core.tests.browser import describe
from commonweal.insight import open_data
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def check(page, axe_violations, name: str) -> None:
    page.wait_for_load_state()
    shots = os.environ.get("COMMONWEAL_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/open-data-{name}.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_open_data_page_with_files(page, live_server, axe_violations):
    for name, slug in (("Wessex County Council", "wessex"), ("Mercia City Council", "mercia")):
        offering = OfferingFactory(organisation=OrganisationFactory(name=name, slug=slug))
        CaseFactory(offering=offering)
        open_data.make(organisation=offering.organisation)

    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()

    expect(page.get_by_role("heading", name="Open data", level=1)).to_be_visible()
    link = page.get_by_role("link", name="JSON file of Wessex County Council\u2019s requests")
    assert link.get_attribute("href") == "/open-data/wessex/cases.json"
    expect(page.get_by_role("link", name="Open Government Licence v3.0")).to_be_visible()
    check(page, axe_violations, "files")


def test_the_open_data_page_before_any_file_is_made(page, live_server, axe_violations):
    page.goto(f"{live_server.url}/open-data/")

    expect(page.get_by_text("No files have been made yet")).to_be_visible()
    check(page, axe_violations, "empty")


def test_the_page_for_a_file_not_made_yet(page, live_server, axe_violations):
    OfferingFactory(organisation=OrganisationFactory(name="Wessex County Council", slug="wessex"))

    page.goto(f"{live_server.url}/open-data/wessex/cases.csv")

    assert page.get_by_role("heading", level=1).inner_text().endswith("has not been made yet")
    check(page, axe_violations, "not-made")
