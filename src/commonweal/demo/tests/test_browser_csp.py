"""In Chromium, on the demo site: the main pages of the portal, workspace, commons, strategy
and insight break none of the Content Security Policy, and the maps still work."""

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commonweal.cases.models import Case
from commonweal.demo.content import COUNTY_GSS, create_demo
from commonweal.organisations.models import Organisation
from commonweal.portal.tests.flows import report
from commonweal.services.models import ServiceOffering

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LAT, LON = "52.2053", "0.1218"  # Parker's Piece, Cambridge
TILES = "https://{s}.tiles.example/{z}/{x}/{y}.png"  # answered by the browser itself below
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
# Collects every violation the page reports, before any of the page's own code runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def demo(settings, transactional_db):
    settings.MAP_TILE_URL = TILES
    call_command("load_reference", verbosity=0, stdout=StringIO())
    people = create_demo(reset_passwords=True).created_people
    report("pothole", description="By the bus stop")  # a case for the workspace and charts
    call_command("rollups", verbosity=0, stdout=StringIO())
    return people


@pytest.fixture
def watched(browser):
    """A page whose CSP violations and console errors are kept, with tiles served locally."""
    context = browser.new_context(locale="en-GB")
    context.add_init_script(LISTEN)
    context.route(
        "https://*.tiles.example/**",
        lambda route: route.fulfill(status=200, body=PNG, content_type="image/png"),
    )
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def visit(page, url: str) -> int:
    """Load the page; fail on any violation or console error. The number of SVG images."""
    response = page.goto(url)
    assert response.status == 200 and page.url == url, (url, page.url)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    assert (violations, page.errors) == ([], []), url
    charts = page.locator("svg > title").count()  # our charts carry a title
    return charts


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("link", name="Sign out").or_(page.get_by_role("button", name="Sign out"))
    ).to_be_visible()


def test_public_pages_and_the_maps_keep_to_the_policy(watched, live_server, demo):
    page = watched
    offering = ServiceOffering.objects.filter(definition__name__icontains="pothole").first()
    code = offering.definition.code
    for path in ["/", "/services/", f"/services/{code}/", "/commons/", "/open-data/"]:
        visit(page, f"{live_server.url}{path}")

    visit(page, f"{live_server.url}/services/{code}/ask/location/")
    map_ = page.locator("#location-map")
    expect(map_.locator(".leaflet-tile-loaded").first).to_be_attached()
    map_.click()
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    assert page.evaluate("window.__violations") == [] and page.errors == []

    visit(page, f"{live_server.url}/reports/?lat={LAT}&lon={LON}")
    expect(page.locator("#reports-map .leaflet-interactive").first).to_be_attached()
    visit(page, f"{live_server.url}/api/v1/services/")  # DRF's browsable API
    # The admin signs people in through the site's own sign-in (with its code step).
    visit(page, f"{live_server.url}/sign-in/?next=/admin/")
    visit(page, f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()


def test_staff_pages_keep_to_the_policy(watched, live_server, demo):
    page = watched
    county = Organisation.objects.get(gss_code=COUNTY_GSS)
    sign_in(
        page,
        live_server,
        "caseworker@cambridgeshire.example.org",
        demo["caseworker@cambridgeshire.example.org"],
    )
    visit(page, f"{live_server.url}/workspace/")
    case = Case.objects.get(organisation=county)
    visit(page, f"{live_server.url}/workspace/cases/{case.reference}/")
    page.context.clear_cookies()

    sign_in(
        page, live_server, "ceo@cambridgeshire.example.org", demo["ceo@cambridgeshire.example.org"]
    )
    charts = 0
    for path in [
        f"/strategy/{county.slug}/",
        "/strategy/framework/",
        f"/strategy/route/{county.slug}/",
        "/insight/dashboards/",
        f"/insight/dashboards/{county.slug}/",
        f"/insight/dashboards/{county.slug}/services/pothole/",
        "/commissioning/",
    ]:
        charts += visit(page, f"{live_server.url}{path}")
    assert charts > 0  # the server-drawn SVG charts were on the pages checked
