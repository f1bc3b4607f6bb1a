"""Signing in and out: one message for every failure, lockout, safe redirects, POST sign-out."""

import logging

import pytest
from django.conf import settings as project_settings

from commonweal import settings as commonweal_settings
from commonweal.accounts.forms import SIGN_IN_FAILED
from commonweal.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = "/sign-in/"


@pytest.fixture
def person():
    return UserFactory(email="sam@example.org", full_name="Sam Jones")


def title(page: str) -> str:
    return f"<title>{page} \N{EN DASH} Commonweal</title>"


def sign_in(client, email: str, password: str, **extra):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra})


def error_summary(html: str) -> str:
    start = html.index('<div class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def test_the_sign_in_page_asks_for_an_email_address_and_password(client):
    html = client.get(SIGN_IN).content.decode()

    assert title("Sign in") in html
    assert 'name="email" type="email"' in html
    assert 'name="password" type="password"' in html
    assert "govuk-error-summary" not in html


def test_the_right_email_and_password_sign_you_in(client, person):
    response = sign_in(client, "Sam@Example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Signed in as Sam Jones" in client.get("/").content.decode()


def test_a_wrong_email_and_a_wrong_password_get_the_same_message(client, person):
    wrong_email = sign_in(client, "nobody@example.org", PASSWORD).content.decode()
    wrong_password = sign_in(client, "sam@example.org", "not my password").content.decode()

    for html in (wrong_email, wrong_password):
        assert title("Error: Sign in") in html
        assert SIGN_IN_FAILED in error_summary(html)
        assert f'<span class="govuk-visually-hidden">Error:</span> {SIGN_IN_FAILED}' in html
        assert PASSWORD not in html and "not my password" not in html
    assert error_summary(wrong_email) == error_summary(wrong_password)
    assert 'value="nobody@example.org"' in wrong_email
    assert 'value="sam@example.org"' in wrong_password


@pytest.mark.parametrize(
    ("email", "password"), [("", ""), ("sam@example.org", ""), ("not an address", "x")]
)
def test_missing_or_malformed_details_get_the_same_message(client, person, email, password):
    html = sign_in(client, email, password).content.decode()

    assert error_summary(html).count("<li>") == 1
    assert SIGN_IN_FAILED in error_summary(html)


def test_five_failures_lock_the_account_even_against_the_right_password(client, person):
    for _ in range(4):
        assert sign_in(client, "sam@example.org", "guess").status_code == 200

    fifth = sign_in(client, "sam@example.org", "guess")
    right = sign_in(client, "sam@example.org", PASSWORD)

    for response in (fifth, right):
        assert response.status_code == 429
        assert "Your account is locked for 15 minutes" in response.content.decode()
    assert "Signed in as" not in client.get("/").content.decode()


@pytest.mark.parametrize("target", ["/organisations/", "/organisations/?kind=county"])
def test_you_return_to_the_page_you_came_from(client, person, target):
    form = client.get(SIGN_IN, {"next": target}).content.decode()
    response = sign_in(client, "sam@example.org", PASSWORD, next=target)

    assert f'name="next" value="{target.replace("&", "&amp;")}"' in form
    assert response["Location"] == target


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]
)
def test_you_are_never_sent_to_another_site(client, person, target):
    form = client.get(SIGN_IN, {"next": target}).content.decode()
    response = sign_in(client, "sam@example.org", PASSWORD, next=target)

    assert "evil.example" not in form
    assert response["Location"] == "/"


def test_signing_out_needs_a_post(client, person):
    client.force_login(person)

    confirm = client.get("/sign-out/")
    assert "You are signed in as Sam Jones" in confirm.content.decode()
    assert "Signed in as Sam Jones" in client.get("/").content.decode()

    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Signed in as" not in home
    assert 'href="/sign-in/"' in home


def test_passwords_are_stored_with_argon2(client, settings):
    """The other tests use a fast hasher; this one puts the project's setting back."""
    settings.PASSWORD_HASHERS = commonweal_settings.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")

    person = UserFactory(email="argon@example.org")

    assert person.password.startswith("argon2$")
    assert sign_in(client, "argon@example.org", PASSWORD).status_code == 302


def test_failed_and_locked_out_sign_ins_log_no_email_or_ip_address(client, person, caplog):
    """django-axes masks its lockout parameters in its log lines (AXES_SENSITIVE_PARAMETERS)."""
    caplog.set_level(logging.DEBUG)

    for _ in range(project_settings.AXES_FAILURE_LIMIT + 1):
        sign_in(client, "sam@example.org", "wrong password", REMOTE_ADDR="203.0.113.9")

    assert "AXES" in caplog.text
    assert "sam@example.org" not in caplog.text and "203.0.113.9" not in caplog.text
