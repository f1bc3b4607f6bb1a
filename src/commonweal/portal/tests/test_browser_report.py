"""In Chromium: a resident reports a pothole and a missed bin in a two-tier area, follows
them, and axe finds no accessibility problem on any page of the way."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from commonweal.accounts.tests.factories import PASSWORD, UserFactory
from commonweal.core.tests.browser import describe
from commonweal.demo.offerings import run_demo_offerings
from commonweal.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LAT, LON = "52.2053", "0.1218"  # Parker's Piece, Cambridge
REFERENCE = re.compile(r"CW-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture
def cambridge(transactional_db):
    call_command("load_reference", verbosity=0, stdout=StringIO())
    councils = Organisation.objects.filter(gss_code__in=["E07000008", "E10000003"])
    run_demo_offerings(councils=list(councils))


@pytest.fixture
def accessible(axe_violations):
    """Check the page with axe; a failure names the page and every problem."""

    def check(page) -> None:
        violations = axe_violations(page)
        assert violations == [], f"{page.url}\n{describe(violations)}"

    return check


def report_pothole(page, live_server, accessible, *, check_pages: bool = False) -> str:
    page.goto(f"{live_server.url}/services/")
    page.get_by_label("What do you need?").fill("pothole")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Report a pothole").click()
    if check_pages:
        accessible(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Where is the pothole?")
    page.get_by_label("Latitude").fill(LAT)
    page.get_by_label("Longitude").fill(LON)
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_text("Your request will go to Cambridgeshire County Council.")
    ).to_be_visible()
    page.get_by_label("In the road").check()
    page.locator("#q-dangerous-1").check()  # No
    page.get_by_label("About how deep is it, in centimetres? (optional)").fill("3")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Full name (optional)").fill("Ada Lovelace")
    page.get_by_label("E-mail address (optional)").fill("ada@example.net")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Check your answers before sending your request")).to_be_visible()
    if check_pages:
        accessible(page)
    page.get_by_role("button", name="Accept and send").click()
    return confirmed(page, "Cambridgeshire County Council")


def confirmed(page, organisation: str) -> str:
    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", name="Request sent")).to_be_visible()
    expect(page.get_by_text(f"{organisation} will deal with your request.")).to_be_visible()
    return REFERENCE.search(panel.inner_text()).group(0)


def test_a_pothole_goes_to_the_county_and_a_missed_bin_to_the_city(
    page, live_server, cambridge, accessible
):
    pothole = report_pothole(page, live_server, accessible)

    page.goto(f"{live_server.url}/services/?q=bin+not+emptied")
    page.get_by_role("link", name="Report a missed bin collection").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Latitude").fill(LAT)
    page.get_by_label("Longitude").fill(LON)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Your request will go to Cambridge City Council.")).to_be_visible()
    page.get_by_label("Recycling").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.locator("#q-out_on_time").check()  # Yes
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # no contact details
    page.get_by_role("button", name="Accept and send").click()
    missed_bin = confirmed(page, "Cambridge City Council")

    for reference, status, organisation in (
        (pothole, "Received", "Cambridgeshire County Council"),
        (missed_bin, "Received", "Cambridge City Council"),
    ):
        page.goto(f"{live_server.url}/track/")
        page.get_by_label("Reference").fill(reference.lower())
        page.get_by_role("button", name="Find request").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")
        expect(page.locator("main .govuk-tag")).to_have_text(status)
        expect(page.get_by_role("link", name=organisation)).to_be_visible()
        assert "Ada Lovelace" not in page.content()


def test_a_place_name_through_the_geocoder(page, live_server, cambridge, accessible):
    page.goto(f"{live_server.url}/services/missed-bin/ask/location/")
    page.get_by_label("Place name or postcode").fill("Cambridge")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("group", name="Which place do you mean?")).to_be_visible()
    accessible(page)
    page.get_by_label("Cambridge", exact=True).check()
    page.get_by_role("button", name="Continue").first.click()

    expect(page.get_by_text("Your request will go to Cambridge City Council.")).to_be_visible()


def test_clicking_the_map_fills_in_the_coordinates(page, live_server, cambridge, accessible):
    page.goto(f"{live_server.url}/services/pothole/ask/location/")
    page.get_by_label("Latitude").fill(LAT)
    page.get_by_label("Longitude").fill(LON)
    page.get_by_label("Longitude").dispatch_event("change")

    map_ = page.locator("#location-map")
    expect(map_).to_be_visible()
    accessible(page)
    box = map_.bounding_box()
    map_.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.75})  # south-east

    lat = float(page.get_by_label("Latitude").input_value())
    lon = float(page.get_by_label("Longitude").input_value())
    assert 52.19 < lat < 52.2053 and 0.1218 < lon < 0.14


def test_a_question_shows_only_after_the_answer_it_depends_on(page, live_server, cambridge):
    page.goto(f"{live_server.url}/services/pothole/ask/location/")
    page.get_by_label("Latitude").fill(LAT)
    page.get_by_label("Longitude").fill(LON)
    page.get_by_role("button", name="Continue").click()

    details = page.get_by_label("What happened?")
    expect(details).to_be_hidden()
    page.locator("#q-dangerous").check()  # Yes
    expect(details).to_be_visible()
    page.locator("#q-dangerous-1").check()  # No
    expect(details).to_be_hidden()


def test_every_step_and_its_errors_have_no_accessibility_problems(
    page, live_server, cambridge, accessible
):
    base = f"{live_server.url}/services/pothole/ask"
    page.goto(f"{base}/location/")
    accessible(page)
    page.get_by_role("button", name="Continue").click()  # nothing typed
    expect(page.get_by_role("alert")).to_be_visible()
    accessible(page)

    page.get_by_label("Latitude").fill(LAT)
    page.get_by_label("Longitude").fill(LON)
    page.get_by_role("button", name="Continue").click()
    accessible(page)
    page.get_by_label("About how deep is it, in centimetres? (optional)").fill("deep")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    accessible(page)

    page.get_by_label("In the road").check()
    page.locator("#q-dangerous-1").check()
    page.get_by_label("About how deep is it, in centimetres? (optional)").fill("3")
    page.get_by_role("button", name="Continue").click()
    accessible(page)
    page.get_by_label("E-mail address (optional)").fill("ada@")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    accessible(page)
    page.get_by_label("E-mail address (optional)").fill("ada@example.net")
    page.get_by_role("button", name="Continue").click()
    accessible(page)  # check your answers
    page.get_by_role("button", name="Accept and send").click()
    accessible(page)  # the confirmation
    reference = REFERENCE.search(page.locator(".govuk-panel").inner_text()).group(0)

    page.get_by_role("link", name="follow your request").click()
    accessible(page)
    page.goto(f"{live_server.url}/track/?reference=nonsense")
    accessible(page)
    page.goto(f"{live_server.url}/reports/?lat={LAT}&lon={LON}")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert page.locator("#reports-map .leaflet-interactive").count() >= 1
    accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/services/",
        "/services/?q=bin+not+emptied",
        "/services/?q=zeppelin",
        "/services/pothole/",
        "/track/",
        "/account/register/",
        "/reports/",
        "/reports/?lat=north&lon=0.1",
    ],
)
def test_portal_pages_have_no_accessibility_problems(
    page, live_server, cambridge, accessible, path
):
    page.goto(f"{live_server.url}{path}")

    accessible(page)


def test_account_pages_have_no_accessibility_problems(page, live_server, cambridge, accessible):
    page.goto(f"{live_server.url}/account/register/")
    page.get_by_label("E-mail address").fill("sam@")
    page.get_by_label("Create a password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    accessible(page)

    UserFactory(email="sam@example.org", full_name="Sam Jones")
    page.goto(f"{live_server.url}/sign-in/?next=/account/requests/")
    page.get_by_label("E-mail address").fill("sam@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    report_pothole(page, live_server, accessible)
    page.goto(f"{live_server.url}/account/requests/")
    expect(page.get_by_role("cell", name="Report a pothole")).to_be_visible()
    accessible(page)


def test_the_privacy_notice_has_no_accessibility_problems(page, live_server, cambridge, accessible):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Privacy").click()

    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    expect(page.get_by_role("row", name="Report a pothole 6 years")).to_be_visible()
    accessible(page)
