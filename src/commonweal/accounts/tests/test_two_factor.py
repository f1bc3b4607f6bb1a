"""Two-factor sign-in for staff: set up, sign in with a code or a recovery code, lockout,
turning it off, and the admin. Codes are made from the secret by pyotp, as an app would.

The clock is held still (time-machine) and moved on 30 seconds whenever a test needs a
new code, since a code is never accepted twice.
"""

import logging
import re
from datetime import UTC, datetime

import pyotp
import pytest
import time_machine

from commonweal.accounts.models import RecoveryCode, TwoFactorDevice
from commonweal.accounts.tests.factories import PASSWORD, UserFactory
from commonweal.accounts.views import ENTER_CODE, WRONG_CODE, WRONG_SET_UP_CODE
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC)
SET_UP = "/account/two-factor/set-up/"
CODE_PAGE = "/sign-in/code/"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff():
    return MembershipFactory(user__email="sam@example.org", user__full_name="Sam Jones").user


def error_summary(html: str) -> str:
    start = html.index('<div class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def secret_on_page(html: str) -> str:
    key = re.search(r'<strong class="cw-secret-key">([A-Z2-7 ]+)</strong>', html).group(1)
    return key.replace(" ", "")


def turn_on(client, user, clock) -> tuple[pyotp.TOTP, list[str]]:
    """Set up two-factor sign-in through the pages; return the app's TOTP and the codes."""
    client.force_login(user)
    totp = pyotp.TOTP(secret_on_page(client.get(SET_UP).content.decode()))
    page = client.post(SET_UP, {"code": totp.now()}).content.decode()
    codes = re.findall(r"<code>([a-z2-9-]+)</code>", page)
    client.logout()
    clock.shift(30)
    return totp, codes


def signed_in_as(client) -> str | None:
    found = re.search(r"Signed in as ([^<]+)<", client.get("/").content.decode())
    return found.group(1) if found else None


def password_step(client, email="sam@example.org", **extra):
    return client.post("/sign-in/", {"email": email, "password": PASSWORD, **extra})


def test_set_up_shows_the_key_and_a_qr_code_and_a_right_code_turns_it_on(client, staff, clock):
    client.force_login(staff)
    page = client.get(SET_UP).content.decode()
    secret = secret_on_page(page)

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert 'aria-label="QR code to set up Commonweal in an authenticator app"' in page
    assert client.get(SET_UP).content.decode().count(secret[:4]) >= 1  # the same key again
    assert secret_on_page(client.get(SET_UP).content.decode()) == secret

    done = client.post(SET_UP, {"code": pyotp.TOTP(secret).now()}).content.decode()

    assert "Two-factor sign-in is on" in done
    codes = re.findall(r"<code>([a-z2-9-]+)</code>", done)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = " ".join(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)
    account = client.get("/account/").content.decode()
    assert "Turn off two-factor sign-in" in account and "10 unused recovery codes" in account
    assert client.get(SET_UP)["Location"] == "/account/"


def test_a_wrong_code_at_set_up_says_what_to_do_and_leaves_it_off(client, staff, clock):
    client.force_login(staff)
    secret = secret_on_page(client.get(SET_UP).content.decode())
    wrong = str((int(pyotp.TOTP(secret).now()) + 1) % 1_000_000).zfill(6)

    for code, message in [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12ab", "Enter the code as 6 digits, like 123456"),
        (wrong, WRONG_SET_UP_CODE),
    ]:
        page = client.post(SET_UP, {"code": code}).content.decode()
        assert message in error_summary(page)
        assert "<title>Error: Set up two-factor sign-in" in page
        assert secret_on_page(page) == secret
    assert "Set up two-factor sign-in" in client.get("/account/").content.decode()
    assert signed_in_as(client) == "Sam Jones"
    client.logout()
    assert password_step(client)["Location"] == "/"


def test_residents_are_not_offered_two_factor_sign_in(client):
    resident = UserFactory()
    client.force_login(resident)

    assert "Two-factor sign-in" not in client.get("/account/").content.decode()
    assert client.get(SET_UP).status_code == 404
    assert not TwoFactorDevice.objects.exists()


def test_sign_in_asks_for_the_code_after_the_password(client, staff, clock):
    totp, _ = turn_on(client, staff, clock)

    response = password_step(client, next="/workspace/")
    assert response["Location"] == CODE_PAGE
    assert signed_in_as(client) is None
    code_page = client.get(CODE_PAGE).content.decode()
    assert "<title>Enter your code" in code_page and 'autocomplete="one-time-code"' in code_page

    response = client.post(CODE_PAGE, {"code": totp.now()})

    assert response["Location"] == "/workspace/"
    assert signed_in_as(client) == "Sam Jones"


def test_half_signed_in_you_can_reach_nothing_else(client, staff, clock):
    turn_on(client, staff, clock)
    staff.is_staff = staff.is_superuser = True
    staff.save()

    password_step(client)

    assert client.get("/workspace/")["Location"].startswith("/sign-in/")
    assert client.get("/account/")["Location"].startswith("/sign-in/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/api/v1/staff/cases/").status_code in (401, 403)
    assert signed_in_as(client) is None


def test_a_wrong_code_is_refused_with_what_to_do(client, staff, clock):
    totp, _ = turn_on(client, staff, clock)
    password_step(client)
    wrong = str((int(totp.now()) + 1) % 1_000_000).zfill(6)

    for code, message in [(wrong, WRONG_CODE), ("", ENTER_CODE), ("not a code", WRONG_CODE)]:
        page = client.post(CODE_PAGE, {"code": code})
        html = page.content.decode()
        assert page.status_code == 200
        assert message in error_summary(html)
        assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in html
        assert '<a href="#id_code">' in html
    assert signed_in_as(client) is None


def test_a_code_is_accepted_only_once(client, staff, clock):
    totp, _ = turn_on(client, staff, clock)
    code = totp.now()
    password_step(client)
    client.post(CODE_PAGE, {"code": code})
    client.post("/sign-out/")

    password_step(client)
    again = client.post(CODE_PAGE, {"code": code})

    assert WRONG_CODE in again.content.decode()
    assert signed_in_as(client) is None


def test_a_recovery_code_works_once_only(client, staff, clock):
    _, codes = turn_on(client, staff, clock)

    password_step(client)
    assert client.post(CODE_PAGE, {"code": codes[3].upper().replace("-", " ")}).status_code == 302
    assert signed_in_as(client) == "Sam Jones"
    assert "9 unused recovery codes" in client.get("/account/").content.decode()
    client.post("/sign-out/")

    password_step(client)
    again = client.post(CODE_PAGE, {"code": codes[3]})
    assert WRONG_CODE in again.content.decode()
    assert signed_in_as(client) is None
    assert client.post(CODE_PAGE, {"code": codes[4]}).status_code == 302


def test_five_wrong_codes_lock_out_even_the_right_one_for_15_minutes(client, staff, clock):
    totp, _ = turn_on(client, staff, clock)
    password_step(client)
    for _ in range(4):
        assert client.post(CODE_PAGE, {"code": "000000"}).status_code == 200

    fifth = client.post(CODE_PAGE, {"code": "000000"})
    password_step(client)
    right = client.post(CODE_PAGE, {"code": totp.now()})

    for response in (fifth, right):
        assert response.status_code == 429
        assert "Too many wrong codes: wait 15 minutes" in response.content.decode()
    assert signed_in_as(client) is None

    clock.shift(15 * 60 + 1)
    password_step(client)
    assert client.post(CODE_PAGE, {"code": totp.now()}).status_code == 302
    assert signed_in_as(client) == "Sam Jones"


def test_the_second_step_expires_after_10_minutes(client, staff, clock):
    totp, _ = turn_on(client, staff, clock)
    password_step(client)

    clock.shift(10 * 60 + 1)

    assert client.post(CODE_PAGE, {"code": totp.now()})["Location"] == "/sign-in/"
    assert signed_in_as(client) is None


def test_turning_it_off_needs_a_current_code(client, staff, clock):
    totp, _ = turn_on(client, staff, clock)
    password_step(client)
    client.post(CODE_PAGE, {"code": totp.now()})
    clock.shift(30)

    wrong = client.post("/account/two-factor/turn-off/", {"code": "123"}).content.decode()
    assert WRONG_CODE in error_summary(wrong)
    assert "Turn off two-factor sign-in" in client.get("/account/").content.decode()

    response = client.post("/account/two-factor/turn-off/", {"code": totp.now()}, follow=True)
    assert "Two-factor sign-in is off." in response.content.decode()
    assert not TwoFactorDevice.objects.exists() and not RecoveryCode.objects.exists()
    client.post("/sign-out/")
    assert password_step(client)["Location"] == "/"


def test_the_admin_also_asks_for_the_code(client, clock):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    totp, _ = turn_on(client, admin, clock)

    # The admin's own sign-in form signs no one in: it sends you to the site's.
    direct = client.post(
        "/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD}
    )
    assert direct["Location"] == "/sign-in/?next=/admin/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    assert password_step(client, "admin@example.org", next="/admin/")["Location"] == CODE_PAGE
    assert client.get("/admin/").status_code == 302
    assert client.post(CODE_PAGE, {"code": totp.now()})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_secret_and_codes_are_not_logged(client, staff, clock, caplog):
    caplog.set_level(logging.DEBUG)
    totp, codes = turn_on(client, staff, clock)
    password_step(client)
    client.post(CODE_PAGE, {"code": "000000"})
    client.post(CODE_PAGE, {"code": codes[0]})

    assert totp.secret not in caplog.text
    assert codes[0] not in caplog.text
    assert totp.secret not in repr(TwoFactorDevice.objects.get())
