"""In Chromium: a caseworker takes a case from submitted to closed; axe finds no problems."""

import pytest
from playwright.sync_api import expect

from commonweal.core.tests.browser import describe, sign_in
from commonweal.workspace.tests.conftest import staff_council

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def wessex(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return staff_council("Wessex County Council")


@pytest.fixture
def case(wessex, report):
    return report(wessex.organisation, description="Deep hole by the bus stop", depth_cm="5")


def test_a_caseworker_takes_a_case_from_submitted_to_closed(page, live_server, wessex, case):
    sign_in(page, live_server, wessex.caseworker, then="/workspace/")
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()

    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name=case.reference)).to_be_visible()
    page.get_by_role("button", name="Book an inspection").click()
    expect(page.get_by_text("Done: Book an inspection")).to_be_visible()
    page.get_by_role("button", name="Book the repair").click()
    expect(page.get_by_text("Done: Book the repair")).to_be_visible()
    page.get_by_label("Public note for the resident (mark as fixed)").fill(
        "Filled and sealed today."
    )
    page.get_by_role("button", name="Mark as fixed").click()

    expect(page.get_by_text("Done: Mark as fixed")).to_be_visible()
    assert page.locator("h1 + p .govuk-tag").first.inner_text() == "Fixed"
    expect(page.get_by_role("button", name="Reopen the case")).to_be_visible()
    case.refresh_from_db()
    assert case.state == "fixed" and case.closed_at is not None


def page_paths(case) -> list[str]:
    return [
        "/workspace/",
        "/workspace/?state=lost&submitted_from=31/2/2026",
        f"/workspace/cases/{case.reference}/",
    ]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_queue_and_case_pages_have_no_accessibility_problems(
    page, live_server, wessex, case, axe_violations, which
):
    sign_in(page, live_server, wessex.caseworker, then="/workspace/")
    page.goto(f"{live_server.url}{page_paths(case)[which]}")

    violations = axe_violations(page)

    assert violations == [], describe(violations)


def test_a_stale_case_page_has_no_accessibility_problems(
    page, live_server, wessex, case, axe_violations
):
    sign_in(page, live_server, wessex.caseworker, then="/workspace/")
    page.goto(f"{live_server.url}/workspace/cases/{case.reference}/")
    case.state = "triaged"  # someone else moved it on
    case.version += 1
    case.save()
    page.get_by_label("Note", exact=True).fill("My careful words")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Someone else changed this case")).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    "path",
    [
        "/workspace/services/",
        "/workspace/services/pothole/edit",
        "/workspace/services/pothole/versions/1/",
    ],
)
def test_service_pages_have_no_accessibility_problems(
    page, live_server, wessex, axe_violations, path
):
    sign_in(page, live_server, wessex.owner, then="/workspace/")
    page.goto(f"{live_server.url}{path}")

    violations = axe_violations(page)

    assert violations == [], describe(violations)


def test_the_service_edit_page_with_errors_has_no_accessibility_problems(
    page, live_server, wessex, axe_violations
):
    sign_in(page, live_server, wessex.owner, then="/workspace/")
    page.goto(f"{live_server.url}/workspace/services/pothole/edit")
    box = page.get_by_label("Service definition (YAML or JSON)")
    box.fill(box.input_value().replace("to: no-action, label", "to: closd, label"))
    page.get_by_role("button", name="Check and save as a draft").click()
    expect(page.get_by_role("alert")).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe(violations)
    assert (
        "workflow.transitions[3].to: unknown state 'closd'"
        in page.get_by_role("alert").inner_text()
    )


def test_bulk_assign_in_the_browser(page, live_server, wessex, report):
    first, second = report(wessex.organisation), report(wessex.organisation)
    sign_in(page, live_server, wessex.caseworker, then="/workspace/")

    page.get_by_label(f"Select {first.reference}").check()
    page.get_by_label(f"Select {second.reference}").check()
    page.locator("#id_bulk-team").select_option(label="Customer services")
    page.get_by_role("button", name="Assign selected cases").click()

    expect(page.get_by_text("2 cases assigned to Customer services")).to_be_visible()
    first.refresh_from_db()
    assert first.team == wessex.other_team
