"""In Chromium: a district adopts its county's missed-bin definition from the commons,
switches it on, and a resident's request there reaches the district; axe finds no
accessibility problem on any commons page, including an adoption's own pages, a version
notice and managing a partnership's members."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from commonweal.cases.models import Case
from commonweal.commons import versions
from commonweal.commons.models import Adoption, Asset
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    InterestFactory,
    PartnershipMemberFactory,
    staff,
)
from commonweal.commons.tests.pages import MISSED_BIN, make_wessex
from commonweal.core.tests.browser import describe, sign_in
from commonweal.organisations.models import Organisation, Role
from commonweal.organisations.tests.factories import TeamFactory
from commonweal.services import definitions
from commonweal.services.models import ServiceOffering

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PARKERS_PIECE = ("52.2053", "0.1218")  # in Cambridge: the city collects the bins
CAMBRIDGESHIRE_BINS = MISSED_BIN.replace("code: missed-bin", "code: cambs-missed-bin").replace(
    "name: Report a missed bin collection", "name: Report a missed bin in Cambridgeshire"
)


@pytest.fixture
def accessible(axe_violations):
    def check(page) -> None:
        violations = axe_violations(page)
        assert violations == [], f"{page.url}\n{describe(violations)}"

    return check


@pytest.fixture
def cambridgeshire():
    """The real Cambridge City and Cambridgeshire County councils; the county has published
    a missed-bin definition of its own, and the city has two teams."""
    call_command("load_reference", verbosity=0, stdout=StringIO())
    county = Organisation.objects.get(gss_code="E10000003")
    city = Organisation.objects.get(gss_code="E07000008")
    definitions.save_version(text=CAMBRIDGESHIRE_BINS, owner=county, publish=True)
    for name in ("Customer services", "Waste and streets"):
        TeamFactory(organisation=city, name=name)
    return city, staff(city, Role.SERVICE_OWNER, full_name="Sam Owner")


def test_a_district_adopts_the_countys_definition_and_a_residents_request_reaches_it(
    page, live_server, cambridgeshire, accessible
):
    city, owner = cambridgeshire
    sign_in(page, live_server, owner, then="/commons/")

    page.get_by_label("Search the commons").fill("missed bin")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Report a missed bin in Cambridgeshire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report a missed bin in Cambridgeshire"
    )
    expect(page.get_by_text("The offering is created but not live")).to_be_visible()
    accessible(page)

    page.get_by_label("Team that will handle the requests").select_option(label="Waste and streets")
    page.get_by_role("button", name="Adopt this service definition").click()

    expect(page.get_by_text("Cambridge City Council has adopted")).to_contain_text(
        "is created and not live"
    )
    offering = ServiceOffering.objects.get(organisation=city, service_code="cambs-missed-bin")
    assert (offering.team.name, offering.live) == ("Waste and streets", False)
    accessible(page)

    page.get_by_role("link", name=re.compile("Choose the team and switch the service on")).click()
    page.get_by_label("Team that handles the requests").select_option(label="Waste and streets")
    page.get_by_label("Yes, live").check()
    page.get_by_role("button", name="Switch the offering to version 1").click()
    expect(
        page.get_by_text("now runs Report a missed bin in Cambridgeshire version 1 (live)")
    ).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(f"{live_server.url}/services/cambs-missed-bin/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Latitude").fill(PARKERS_PIECE[0])
    page.get_by_label("Longitude").fill(PARKERS_PIECE[1])
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

    expect(page.get_by_text("Cambridge City Council will deal with your request.")).to_be_visible()
    case = Case.objects.get()
    assert (case.organisation, case.offering.service_code, case.team.name) == (
        city,
        "cambs-missed-bin",
        "Waste and streets",
    )
    assert Adoption.objects.get(organisation=city).asset.service_code == "cambs-missed-bin"


@pytest.fixture
def wessex():
    """The commons pages' usual councils, with an adopter, an interest and a definition."""
    councils = make_wessex()
    AdoptionFactory(
        asset=councils.planner,
        organisation__name="Mercia District Council",
        annual_saving_pounds=12_000,
        one_off_cost_pounds=2_000,
        version=councils.planner.versions.get(number="1"),
    )
    InterestFactory(asset=councils.planner, organisation__name="Anglia District Council")
    lead = PartnershipMemberFactory(
        organisation=councils.county, role="lead", partnership__slug="wessex-waste"
    )
    PartnershipMemberFactory(partnership=lead.partnership, organisation=councils.district)
    definitions.save_version(
        text=MISSED_BIN.replace("code: missed-bin", "code: wessex-missed-bin"),
        owner=councils.county,
        publish=True,
    )
    definitions.run_offering(
        organisation=councils.district,
        row=definitions.latest_published("wessex-missed-bin"),
        team=councils.waste_team,
        live=True,
    )
    return councils


PAGES = [
    "/commons/",
    "/commons/?q=bin&kind=software&sort=newest",
    "/commons/?function=waste-collection&stage=live",
    "/commons/bin-round-planner/",
    "/commons/wessex-missed-bin/",
    "/commons/mine/",
    "/commons/partnerships/",
    "/commons/partnerships/wessex-waste/",
    "/commons/reuse/",
    "/commons/reuse/?function=waste-collection&area=wessex",
    "/commons/reuse/?lgsl=bins",
    "/commons/publish/",
]


@pytest.mark.parametrize("path", PAGES)
def test_commons_pages_have_no_accessibility_problems(page, live_server, wessex, accessible, path):
    sign_in(page, live_server, wessex.district_owner, then=path)
    expect(page).to_have_url(f"{live_server.url}{path}")

    accessible(page)


def test_the_pages_of_an_asset_owner_and_of_nobody_signed_in_have_none_either(
    page, live_server, wessex, accessible
):
    page.goto(f"{live_server.url}/commons/bin-round-planner/")
    accessible(page)
    page.goto(f"{live_server.url}/commons/partnerships/")
    accessible(page)

    sign_in(page, live_server, wessex.county_owner, then="/commons/bin-round-planner/")
    accessible(page)
    page.get_by_role("link", name="Edit the details").click()
    accessible(page)
    page.goto(f"{live_server.url}/commons/bin-round-planner/versions/new/")
    page.get_by_label("Version number").fill("1")
    page.get_by_role("button", name="Release the version").click()
    expect(page.get_by_role("alert")).to_be_visible()
    accessible(page)


def test_the_publish_form_with_errors_has_no_accessibility_problems(
    page, live_server, wessex, accessible
):
    sign_in(page, live_server, wessex.district_owner, then="/commons/publish/")
    page.get_by_label("Summary").fill("Bin days for every street.")
    page.get_by_label("Documentation (optional)").fill("not a web address")
    page.get_by_role("button", name="Publish it").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Enter the title.")
    expect(alert).to_contain_text("Choose what kind of thing it is")
    expect(page.get_by_label("Summary")).to_have_value("Bin days for every street.")
    accessible(page)

    page.get_by_role("link", name="Choose what kind of thing it is").click()
    expect(page.get_by_label("Software or component")).to_be_focused()
    assert not Asset.objects.filter(summary="Bin days for every street.").exists()


def test_an_action_with_errors_and_a_refusal_have_no_accessibility_problems(
    page, live_server, wessex, accessible
):
    sign_in(page, live_server, wessex.district_owner, then="/commons/bin-round-planner/")
    page.get_by_label("Estimated saving a year, in pounds (optional)").fill("a lot")
    page.get_by_role("button", name="Record that we use it").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the saving in whole pounds")
    accessible(page)

    page.goto(f"{live_server.url}/commons/bin-round-planner/edit/")
    expect(page.get_by_role("heading", name="You cannot do that")).to_be_visible()
    accessible(page)


def test_reporting_savings_and_stopping_have_no_accessibility_problems(
    page, live_server, wessex, accessible
):
    AdoptionFactory(
        asset=wessex.planner,
        organisation=wessex.district,
        status=Adoption.Status.PILOTING,
        version=wessex.planner.versions.get(number="2"),
    )
    sign_in(page, live_server, wessex.district_owner, then="/commons/bin-round-planner/")
    page.get_by_role("link", name=re.compile("Report savings or how far you have got")).click()
    expect(page.get_by_label("Estimated saving a year, in pounds")).to_be_visible()
    accessible(page)

    page.get_by_label("Estimated saving a year, in pounds").fill("-300")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The saving cannot be negative")
    expect(page.get_by_label("Estimated saving a year, in pounds")).to_have_value("-300")
    accessible(page)

    page.get_by_label("We use it").check()
    page.get_by_label("Estimated saving a year, in pounds").fill("9500")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("use of Bin round planner is updated")).to_be_visible()
    expect(page.get_by_text("£21,500 a year")).to_be_visible()  # with Mercia's £12,000
    accessible(page)

    page.get_by_role("link", name=re.compile("^Stop using it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop using Bin round planner?")
    accessible(page)
    page.get_by_label("Why are you stopping? (optional)").fill("A shared service does it now.")
    page.get_by_role("button", name="Stop using it").click()
    expect(page.get_by_text("no longer uses Bin round planner")).to_be_visible()
    assert Adoption.objects.get(organisation=wessex.district).status == "stopped"
    accessible(page)


def test_a_version_notice_on_mine_has_no_accessibility_problems(
    page, live_server, wessex, accessible
):
    AdoptionFactory(
        asset=wessex.planner,
        organisation=wessex.district,
        version=wessex.planner.versions.get(number="1"),
    )
    versions.release_version(
        asset=wessex.planner, actor=wessex.county_owner, number="3", release_notes="Quicker."
    )
    sign_in(page, live_server, wessex.district_owner, then="/commons/mine/")
    expect(page.get_by_text("A newer version is out")).to_be_visible()
    accessible(page)

    page.get_by_role("button", name=re.compile("^Dismiss")).click()
    expect(
        page.get_by_text("The notice about version 3 of Bin round planner is dismissed")
    ).to_be_visible()
    expect(page.get_by_text("A newer version is out")).to_have_count(0)
    accessible(page)


def test_managing_a_partnerships_members_has_no_accessibility_problems(
    page, live_server, wessex, accessible
):
    Organisation.objects.create(name="Mercia District Council", slug="mercia")
    admin = staff(wessex.county, Role.ADMIN)
    sign_in(page, live_server, admin, then="/commons/partnerships/wessex-waste/")
    accessible(page)

    page.get_by_role("link", name="Add a member organisation").click()
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the organisation to add")
    accessible(page)
    page.get_by_label("Organisation").select_option(label="Mercia District Council")
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_text("Mercia District Council is now a member")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Change role of Wessex County Council").click()
    page.get_by_label("Member", exact=True).check()
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_role("alert")).to_contain_text("Make another member a lead first.")
    accessible(page)

    page.goto(f"{live_server.url}/commons/partnerships/wessex-waste/")
    page.get_by_role("link", name="Remove Mercia District Council").click()
    accessible(page)
    page.get_by_role("button", name="Remove Mercia District Council").click()
    expect(page.get_by_text("Mercia District Council has left")).to_be_visible()
