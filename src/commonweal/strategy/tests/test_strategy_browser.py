"""In Chromium: a CIO finishes an assessment, taking it up again where it was left, and sees
the progress page; axe finds no problems on the assessment, targets and progress pages."""

import pytest
from playwright.sync_api import expect

from commonweal.core.tests.browser import describe, sign_in
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Assessment
from commonweal.strategy.tests.factories import TargetFactory, scored, theme_keys

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def assert_accessible(page, axe_violations) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_cio_completes_an_assessment_and_sees_the_progress_page(
    page, live_server, council, axe_violations
):
    framework = load_framework()
    keys = theme_keys()
    # Thirteen themes were scored earlier; the CIO scores the last two in the browser.
    assessment = scored(council.org, 3, complete=False, only=keys[:12] + keys[14:])
    TargetFactory(organisation=council.org, theme=keys[0], level=5)
    sign_in(page, live_server, council.cio, then="/workspace/")
    page.get_by_role("link", name="Strategy", exact=True).click()
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()

    page.get_by_role("link", name="Continue the assessment").click()
    first = framework.theme(keys[12])
    expect(page.get_by_role("heading", name=first.title, exact=True)).to_be_visible()
    expect(page.get_by_text("Theme 13 of 15")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, axe_violations)

    page.get_by_label("4: Advanced").check()
    page.get_by_label("Evidence for this level").fill("Our data protection officer signs off")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    expect(page.get_by_text("1 theme still to score")).to_be_visible()

    page.get_by_role("link", name="Continue the assessment").click()
    second = framework.theme(keys[13])
    expect(page.get_by_role("heading", name=second.title, exact=True)).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_label("2: Developing").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check the assessment")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Complete the assessment").click()

    expect(page.get_by_role("alert").get_by_text("is complete")).to_be_visible()
    chart = page.get_by_role("img", name=f"Current level and target in each theme, {council.org}")
    expect(chart).to_be_visible()
    table = page.get_by_role("region", name="Levels and targets by theme")
    expect(table.get_by_role("row", name=f"{first.title} 4")).to_be_visible()
    assert_accessible(page, axe_violations)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETE
    assert set(assessment.assessors.all()) == {council.cio}


def paths(council) -> list[str]:
    slug = council.org.slug
    return [
        f"/strategy/{slug}/",
        f"/strategy/{slug}/assessments/",
        f"/strategy/{slug}/targets/",
        f"/strategy/{slug}/targets/themes/redesign/",
        f"/strategy/{slug}/targets/measures/online-share/",
    ]


@pytest.mark.parametrize("which", range(5))
def test_strategy_pages_have_no_accessibility_problems(
    page, live_server, council, axe_violations, which
):
    scored(council.org, 2)
    TargetFactory(organisation=council.org, theme="redesign", level=4)
    sign_in(page, live_server, council.cio, then=paths(council)[which])

    assert_accessible(page, axe_violations)


def test_a_target_with_errors_has_no_accessibility_problems(
    page, live_server, council, axe_violations
):
    sign_in(page, live_server, council.cio, then=f"/strategy/{council.org.slug}/targets/")
    page.get_by_role("link", name="Set the target for redesign").click()
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Set the target").click()

    alert = page.get_by_role("alert").inner_text()
    assert "Choose the level you will reach in redesign" in alert
    assert_accessible(page, axe_violations)
