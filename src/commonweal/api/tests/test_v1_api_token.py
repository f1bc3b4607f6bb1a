"""`commonweal api-token`: a staff client's token, printed once, that opens the staff API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def cases_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/staff/cases/").status_code


def test_create_prints_a_token_that_opens_the_staff_api():
    user = MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example").user
    key, note = run("create", "--email", "Kim@Council.example")
    assert Token.objects.get(user=user).key == key and note == ""
    assert cases_status(key) == 200


def test_a_second_token_needs_replace_and_the_old_one_stops_working():
    MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    old, _ = run("create", "--email", "kim@council.example")
    with pytest.raises(CommandError, match=r"already has a token\. Use --replace"):
        run("create", "--email", "kim@council.example")
    new, _ = run("create", "--email", "kim@council.example", "--replace")
    assert new != old
    assert (cases_status(old), cases_status(new)) == (401, 200)


def test_revoke_deletes_the_token():
    MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    key, _ = run("create", "--email", "kim@council.example")
    assert run("revoke", "--email", "kim@council.example")[0].startswith("Revoked")
    assert cases_status(key) == 401
    assert run("revoke", "--email", "kim@council.example")[0] == "No token."


def test_a_user_without_a_case_role_is_warned():
    UserFactory(email="resident@example.net")
    key, note = run("create", "--email", "resident@example.net")
    assert "only the public endpoints" in note
    assert cases_status(key) == 403


def test_unknown_and_inactive_users_are_refused():
    with pytest.raises(CommandError, match="no user with the e-mail address"):
        run("create", "--email", "nobody@example.net")
    UserFactory(email="gone@example.net", is_active=False)
    with pytest.raises(CommandError, match="not active"):
        run("create", "--email", "gone@example.net")
