"""`commonweal api-token`: a staff client's token, printed once, stored only as a hash."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from commonweal.accounts.models import ApiToken
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


def every_stored_value() -> str:
    """Every column of every token row, as text: what someone reading the database sees."""
    return " ".join(str(value) for row in ApiToken.objects.values_list() for value in row)


def test_create_prints_a_token_that_opens_the_staff_api():
    MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    key, note = run("create", "--email", "Kim@Council.example")

    assert len(key) == 43
    assert f"shown only this once and cannot be recovered. It is listed as {key[:8]}" in note
    assert cases_status(key) == 200


def test_the_database_holds_no_usable_token():
    MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    key, _ = run("create", "--email", "kim@council.example")
    stored = ApiToken.objects.get()

    assert key not in every_stored_value()
    assert stored.prefix == key[:8]
    for value in (stored.key_hash, stored.prefix, stored.key_hash[:43]):
        assert cases_status(value) == 401


def test_a_second_token_needs_replace_and_the_old_one_stops_working():
    MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    old, _ = run("create", "--email", "kim@council.example")
    with pytest.raises(CommandError, match=r"already has a token\. Use --replace"):
        run("create", "--email", "kim@council.example")
    new, _ = run("create", "--email", "kim@council.example", "--replace")
    assert new != old
    assert (cases_status(old), cases_status(new)) == (401, 200)


def test_revoke_stops_the_token_working_and_list_shows_it_without_the_key():
    MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    key, _ = run("create", "--email", "kim@council.example")
    assert cases_status(key) == 200
    assert run("revoke", "--email", "kim@council.example")[0].startswith("Revoked")
    assert cases_status(key) == 401
    assert run("revoke", "--email", "kim@council.example")[0] == "No token."

    listing, _ = run("list")
    assert f"{key[:8]}  revoked" in listing and "kim@council.example" in listing
    assert key not in listing


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


def test_a_token_of_a_user_made_inactive_stops_working():
    member = MembershipFactory(role=Role.CASEWORKER, user__email="kim@council.example")
    key, _ = run("create", "--email", "kim@council.example")
    member.user.is_active = False
    member.user.save()
    assert cases_status(key) == 401


def test_the_migration_hashes_existing_plain_tokens_and_they_keep_working():
    """A database from before hashing: DRF's authtoken table with a plain key in it."""
    user = MembershipFactory(role=Role.CASEWORKER).user
    legacy = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, '
            "created timestamp NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [legacy, "2026-01-05 09:30:00", user.pk],
        )
    migration = importlib.import_module(
        "commonweal.accounts.migrations.0003_hash_existing_api_tokens"
    )

    migration.hash_legacy_tokens(apps, connection.schema_editor())

    assert "authtoken_token" not in connection.introspection.table_names()
    assert legacy not in every_stored_value()
    assert ApiToken.objects.get().prefix == legacy[:8]
    assert cases_status(legacy) == 200
