"""In Chromium: a commissioner finds an opportunity and registers interest; axe finds no
problems on any commissioning page."""

import pytest
from playwright.sync_api import expect

from commonweal.commissioning.models import OpportunityInterest
from commonweal.commissioning.tests.factories import SupplierReviewFactory
from commonweal.commissioning.tests.test_imports import GOOD_ROWS, csv_bytes
from commonweal.core.tests.browser import describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_commissioner_finds_an_opportunity_and_registers_interest(page, live_server, area):
    sign_in(page, live_server, area.commissioner, then="/workspace/")
    page.get_by_role("link", name="Commissioning", exact=True).click()
    expect(page.get_by_role("heading", name="Contracts register")).to_be_visible()

    page.get_by_role("link", name="Opportunities to buy together").click()
    page.get_by_label("End dates within how many months of each other?").fill("6")
    page.get_by_role("button", name="Find opportunities").click()

    expect(page.get_by_role("heading", name="1 opportunity within 6 months")).to_be_visible()
    heading = "Refuse and waste related services (CPV group 905)"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("£350,000")).to_be_visible()
    page.get_by_label("Note for the other organisations (optional)").fill(
        "Our contracts end three months apart: shall we tender together?"
    )
    page.get_by_role("button", name=f"Register interest in {heading}").click()

    expect(page.get_by_text("interest in buying together is registered")).to_be_visible()
    expect(page.get_by_text("Interest registered by")).to_be_visible()
    interest = OpportunityInterest.objects.get()
    assert interest.organisation == area.fenland
    assert interest.created_by == area.commissioner


def paths(area) -> list[str]:
    return [
        "/commissioning/",
        "/commissioning/?cpv=9&status=lost",
        f"/commissioning/contracts/{area.fenland_waste.pk}/",
        f"/commissioning/suppliers/{area.urbaser.pk}/",
        "/commissioning/renewals/",
        "/commissioning/opportunities/?within=6",
        "/commissioning/opportunities/?within=99",
        "/commissioning/import/",
    ]


@pytest.mark.parametrize("which", range(8))
def test_commissioning_pages_have_no_accessibility_problems(
    page, live_server, area, axe_violations, which
):
    SupplierReviewFactory(contract=area.fenland_waste)
    sign_in(page, live_server, area.commissioner, then="/commissioning/")
    page.goto(f"{live_server.url}{paths(area)[which]}")

    violations = axe_violations(page)

    assert violations == [], describe(violations)


def test_the_review_form_with_errors_has_no_accessibility_problems(
    page, live_server, area, axe_violations
):
    sign_in(
        page,
        live_server,
        area.commissioner,
        then=f"/commissioning/contracts/{area.fenland_waste.pk}/",
    )
    page.get_by_label("Start of the period").fill("1/4/2026")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)
    assert "Score the quality from 1 to 5" in page.get_by_role("alert").inner_text()


@pytest.mark.parametrize("good", [True, False])
def test_the_import_preview_has_no_accessibility_problems(
    page, live_server, area, axe_violations, tmp_path, good
):
    rows = GOOD_ROWS if good else [GOOD_ROWS[0].replace("90511000-2", "12345678")]
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(*rows))
    sign_in(page, live_server, area.commissioner, then="/commissioning/import/")
    page.get_by_label("Contracts register (CSV file)").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expected = "Ready to import 2 contracts" if good else "Problems to put right"
    expect(page.get_by_role("heading", name=expected)).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)
    if good:
        page.get_by_role("button", name="Import 2 contracts").click()
        expect(
            page.get_by_text("2 contracts imported for Fenland District Council")
        ).to_be_visible()


def test_a_commissioner_adds_a_contract_and_changes_it(page, live_server, area, axe_violations):
    sign_in(page, live_server, area.commissioner, then="/commissioning/")
    page.get_by_role("link", name="Add a contract").click()
    expect(page.get_by_role("heading", name="Add a contract")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_label("A new supplier").check()
    page.get_by_label("Supplier's name").fill("Glen Clean Ltd")
    page.get_by_label("Title").fill("Street cleansing")
    page.get_by_label("CPV code").fill("12345678")
    page.get_by_label("Annual value").fill("-120000")
    page.get_by_label("Total value").fill("360000")
    page.get_by_role("group", name="Start date").get_by_label("Day").fill("1")
    page.get_by_role("group", name="Start date").get_by_label("Year").fill("2026")
    page.get_by_role("group", name="End date").get_by_label("Day").fill("31")
    page.get_by_role("group", name="End date").get_by_label("Month").fill("3")
    page.get_by_role("group", name="End date").get_by_label("Year").fill("2029")
    page.get_by_role("button", name="Add the contract").click()

    summary = page.get_by_role("alert").inner_text()
    assert "The start date must include a month" in summary
    assert "12345678 is not in the CPV 2008 list" in summary
    assert "The annual value cannot be negative" in summary
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.get_by_label("Supplier's name").input_value() == "Glen Clean Ltd"

    page.get_by_label("CPV code").fill("90610000")
    page.get_by_label("Annual value").fill("120000")
    page.get_by_role("group", name="Start date").get_by_label("Month").fill("4")
    page.get_by_role("button", name="Add the contract").click()
    expect(page.get_by_text("“Street cleansing” is recorded")).to_be_visible()
    expect(page.get_by_text("90610000-6 Street-cleaning and sweeping services")).to_be_visible()

    page.get_by_role("link", name="Change this contract").click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("Title").fill("Street cleansing and litter picking")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Your changes to the contract are saved")).to_be_visible()
    expect(page.get_by_role("heading", name="Street cleansing and litter picking")).to_be_visible()
