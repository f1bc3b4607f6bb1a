"""In Chromium: setting up two-factor sign-in and signing in with a code, with axe on each
page (the set-up page with its QR code, an error, the recovery codes, the code page)."""

import pyotp
import pytest
from playwright.sync_api import expect

from commonweal.accounts.tests.factories import PASSWORD
from commonweal.core.tests.browser import describe
from commonweal.organisations.tests.factories import MembershipFactory
from commonweal.portal.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def assert_no_violations(page, axe_violations) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_setting_up_and_signing_in_with_a_code(page, live_server, axe_violations):
    MembershipFactory(user__email="sam@example.org", user__full_name="Sam Jones")
    sign_in(page, live_server, "sam@example.org", PASSWORD)

    page.get_by_role("link", name="Your account").click()
    assert_no_violations(page, axe_violations)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name="QR code to set up Commonweal")).to_be_visible()
    assert_no_violations(page, axe_violations)

    secret = page.locator(".cw-secret-key").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_violations(page, axe_violations)

    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    codes = page.locator(".cw-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_violations(page, axe_violations)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, live_server, "sam@example.org", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_no_violations(page, axe_violations)

    page.get_by_label("Code").fill("999999")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_violations(page, axe_violations)

    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Signed in as Sam Jones")).to_be_visible()

    page.goto(f"{live_server.url}/account/two-factor/turn-off/")
    expect(page.get_by_label("Code")).to_be_visible()
    assert_no_violations(page, axe_violations)
