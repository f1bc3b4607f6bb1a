"""In Chromium: an executive plans a drafted initiative; axe finds no problems on the route
pages, their forms, or their forms showing errors."""

import re
from datetime import date

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonweal.core.tests.browser import describe
from commonweal.strategy.models import Initiative
from commonweal.strategy.tests.factories import InitiativeFactory, MilestoneFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ROUTE = "/strategy/route/cambridgeshire/"


def sign_in(page, live_server, user) -> None:
    """Sign in through a session made by the test client (the sign-in page is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def route_with_work(route_area):
    county = route_area.county
    fleet = InitiativeFactory(
        lead_organisation=county, title="Shared fleet maintenance", owner=route_area.cio_role,
        themes=["shared-services", "collaborate"], partners=[route_area.district],
        starts_on=date(2025, 4, 1), ends_on=date(2029, 3, 31), rag="amber",
        rag_reason="The depot lease is late.", annual_cash_benefit=180000,
    )  # fmt: skip
    MilestoneFactory(initiative=fleet, title="Fleet audit", due_on=date(2025, 9, 30))
    MilestoneFactory(
        initiative=fleet, title="Joint contract let", due_on=date(2026, 3, 31),
        done_on=date(2026, 3, 20),
    )  # fmt: skip
    InitiativeFactory(
        lead_organisation=county, title="Digital skills for residents",
        themes=["digital-inclusion"], starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31),
    )  # fmt: skip
    draft = InitiativeFactory(
        lead_organisation=county, title="Buy together: Street lighting", status="draft",
        rag="", starts_on=None, ends_on=None, themes=["strategic-commissioning"],
    )  # fmt: skip
    TargetFactory(organisation=county, theme="leadership")
    return fleet, draft


def paths(fleet, draft) -> list[str]:
    return [
        ROUTE,
        f"{ROUTE}initiatives/{fleet.pk}/",
        f"{ROUTE}initiatives/{draft.pk}/",
        f"{ROUTE}new/",
        f"{ROUTE}initiatives/{fleet.pk}/edit/",
        f"{ROUTE}initiatives/{draft.pk}/edit/",
        f"{ROUTE}key-players/",
    ]


@pytest.mark.parametrize("which", range(7))
def test_route_pages_have_no_accessibility_problems(
    page, live_server, route_area, route_with_work, axe_violations, which
):
    sign_in(page, live_server, route_area.cio)
    page.goto(f"{live_server.url}{paths(*route_with_work)[which]}")

    violations = axe_violations(page)

    assert violations == [], describe(violations)


def test_forms_showing_errors_have_no_accessibility_problems(
    page, live_server, route_area, route_with_work, axe_violations
):
    fleet, _ = route_with_work
    sign_in(page, live_server, route_area.cio)
    page.goto(f"{live_server.url}{ROUTE}new/")
    page.get_by_label("Start date").fill("1/4/2029")
    page.get_by_label("End date").fill("31/3/2026")
    page.get_by_role("button", name="Add the initiative").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("Start date").input_value() == "1/4/2029"
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}{ROUTE}initiatives/{fleet.pk}/")
    page.get_by_label("Milestone", exact=True).fill("Go live")
    page.get_by_label("Date it is due").fill("1/1/2031")
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_text("must be due within the initiative's dates").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_label("Red", exact=True).check()
    page.get_by_label("Reason for the rating").fill("")
    page.get_by_role("button", name="Save the status").click()
    expect(page.get_by_role("link", name="Say why the initiative is red")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.goto(f"{live_server.url}{ROUTE}key-players/")
    page.get_by_role("button", name="Name them").click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_an_executive_plans_a_drafted_initiative(page, live_server, route_area, route_with_work):
    _, draft = route_with_work
    sign_in(page, live_server, route_area.cio)
    page.goto(f"{live_server.url}{ROUTE}")
    page.get_by_role("link", name=re.compile("^Plan this initiative.*Street lighting")).click()

    page.get_by_label("Owner").select_option(label="Alex Moreno, chief executive")
    page.get_by_label("Start date").fill("1/10/2026")
    page.get_by_label("End date").fill("30/9/2028")
    page.get_by_label("Fenland District Council").check()
    page.get_by_role("button", name="Save and start the initiative").click()

    expect(page.get_by_text("“Buy together: Street lighting” is under way")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Initiative.Status.ACTIVE
    assert [org.name for org in draft.partners.all()] == ["Fenland District Council"]
