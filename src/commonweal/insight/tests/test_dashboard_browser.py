"""In Chromium: a member opens their dashboards and chooses a period; axe finds no problems
on the organisation, service, partnership and area dashboards, the list or the board
pack form; an executive downloads the board pack."""

import os

import pytest
from playwright.sync_api import expect

from commonweal.core.tests.browser import describe, sign_in
from commonweal.insight.tests.dashboard_world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_a_member_finds_the_dashboard_and_chooses_a_period(page, live_server, world):
    sign_in(page, live_server, world.fenland_staff, then="/insight/dashboards/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboards").click()
    page.get_by_role("link", name="Fenland District Council").click()

    expect(page.get_by_role("heading", name="Fenland District Council", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Requests by month")).to_be_visible()

    page.get_by_label("Last 30 days").check()
    page.get_by_role("button", name="Show figures").click()

    expect(page.get_by_text("Figures for last 30 days")).to_be_visible()
    expect(page.get_by_role("img", name="Requests by week")).to_be_visible()

    page.get_by_label("Dates of your choice").check()
    page.get_by_role("group", name="Start date").get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "Enter the end date" in page.get_by_role("alert").inner_text()


def paths(world) -> list[str]:
    return [
        "/insight/dashboards/",
        "/insight/dashboards/fenland/",
        "/insight/dashboards/fenland/?period=30-days",
        "/insight/dashboards/fenland/services/pothole/",
        "/insight/dashboards/partnerships/fens/",
        "/insight/dashboards/areas/cambridgeshire/",
        "/insight/dashboards/fenland/?period=custom&from-day=31&from-month=2&from-year=2026",
    ]


@pytest.mark.parametrize("which", range(7))
def test_dashboards_have_no_accessibility_problems(page, live_server, world, axe_violations, which):
    sign_in(page, live_server, world.fenland_staff, then=paths(world)[which])
    page.wait_for_load_state()
    shots = os.environ.get("COMMONWEAL_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/dashboard-{which}.png", full_page=True)

    violations = axe_violations(page)

    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    "query", ["", "?organisation=fenland&period=custom&from-day=31&from-month=2&from-year=2026"]
)
def test_the_board_pack_form_has_no_accessibility_problems(
    page, live_server, world, axe_violations, query
):
    sign_in(page, live_server, world.fenland_staff, then=f"/insight/board-pack/{query}")
    expect(page.get_by_role("heading", name="Board pack", level=1)).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)


@pytest.mark.usefixtures("weasyprint_ready")
def test_an_executive_downloads_the_board_pack(page, live_server, world):
    sign_in(page, live_server, world.fenland_staff, then="/insight/dashboards/")
    page.get_by_role("link", name="Download a board pack").click()
    page.get_by_label("Organisation").select_option(label="Fenland District Council")
    page.get_by_label("Last quarter (3 months)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the board pack (PDF)").click()

    assert download.value.suggested_filename.startswith("board-pack-fenland-")
    assert download.value.suggested_filename.endswith(".pdf")
