"""API keys: shown once, stored only hashed, revocable, from code, the command and the admin."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations import api_keys
from commonweal.organisations.models import ApiClient
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="exampleshire", name="Exampleshire Council")


def test_a_key_is_random_and_only_its_prefix_and_hash_are_kept(organisation):
    client, key = api_keys.create_key(organisation=organisation, name="Reporting app")
    other_client, other = api_keys.create_key(organisation=organisation, name="Other app")
    assert key != other and len(key) == 43 and key.isalnum()
    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.key_prefix == key[:8]
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in repr(ApiClient.objects.filter(pk=client.pk).values().get())
    assert other_client.key_prefix != client.key_prefix


def test_authenticate_finds_the_client_and_notes_its_use(organisation):
    client, key = api_keys.create_key(organisation=organisation, name="Reporting app")
    found = api_keys.authenticate_key(key)
    assert found == client
    assert found.organisation == organisation
    assert ApiClient.objects.get(pk=client.pk).last_used_at is not None


@pytest.mark.parametrize("key", [None, "", "nope", "x" * 10_000])
def test_unknown_keys_are_refused(organisation, key):
    api_keys.create_key(organisation=organisation, name="Reporting app")
    assert api_keys.authenticate_key(key) is None


def test_last_use_is_written_at_most_once_a_minute(organisation, django_assert_num_queries):
    client, key = api_keys.create_key(organisation=organisation, name="Reporting app")
    api_keys.authenticate_key(key)
    with django_assert_num_queries(1):  # the lookup only, no write
        api_keys.authenticate_key(key)
    ApiClient.objects.filter(pk=client.pk).update(
        last_used_at=ApiClient.objects.get(pk=client.pk).last_used_at - timedelta(minutes=2)
    )
    with django_assert_num_queries(2):
        api_keys.authenticate_key(key)


def test_a_revoked_key_or_inactive_organisation_stops_working(organisation):
    client, key = api_keys.create_key(organisation=organisation, name="Reporting app")
    api_keys.revoke(client=client)
    first = ApiClient.objects.get(pk=client.pk).revoked_at
    assert first is not None and api_keys.authenticate_key(key) is None
    api_keys.revoke(client=client)
    assert ApiClient.objects.get(pk=client.pk).revoked_at == first
    _, other = api_keys.create_key(organisation=organisation, name="Other app")
    organisation.active = False
    organisation.save()
    assert api_keys.authenticate_key(other) is None


# The command ------------------------------------------------------------------------


def _run(*args: str) -> str:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_key_once_with_a_warning(organisation):
    output = _run("create", "--organisation", "exampleshire", "--name", "Reporting app")
    client = ApiClient.objects.get()
    key = next(word for word in output.split() if word.startswith(client.key_prefix))
    assert api_keys.authenticate_key(key) == client
    assert "shown only this once" in output
    assert key not in _run("list")


def test_list_shows_prefixes_and_status(organisation):
    client, _ = api_keys.create_key(organisation=organisation, name="Reporting app")
    api_keys.create_key(organisation=OrganisationFactory(slug="elsewhere"), name="Other app")
    api_keys.revoke(client=client)
    output = _run("list", "--organisation", "exampleshire")
    assert client.key_prefix in output and "revoked" in output
    assert "Other app" not in output
    assert "Other app" in _run("list")


def test_revoke_by_prefix(organisation):
    client, key = api_keys.create_key(organisation=organisation, name="Reporting app")
    assert "Revoked the key" in _run("revoke", client.key_prefix)
    assert api_keys.authenticate_key(key) is None
    assert "already revoked" in _run("revoke", client.key_prefix)


@pytest.mark.parametrize(
    "args",
    [
        ("create", "--organisation", "atlantis", "--name", "App"),
        ("list", "--organisation", "atlantis"),
        ("revoke", "ZZZZZZZZ"),
        ("revoke", "abc"),
    ],
)
def test_clear_errors_exit_1(organisation, args):
    with pytest.raises(CommandError) as raised:
        _run(*args)
    assert raised.value.returncode == 1
    assert "atlantis" in str(raised.value) or "No API key" in str(raised.value)


def test_an_unknown_organisation_exits_1_without_a_traceback(organisation, capsys):
    from commonweal.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["commonweal", "apikey", "create", "--organisation", "atlantis", "--name", "A"])
    assert exited.value.code == 1
    error = capsys.readouterr().err
    assert "no organisation with the slug “atlantis”" in error
    assert "Traceback" not in error


# The admin --------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_makes_a_key_and_shows_it_once(admin_client, organisation):
    response = admin_client.post(
        reverse("admin:organisations_apiclient_add"),
        {"organisation": organisation.pk, "name": "Admin-made app"},
        follow=True,
    )
    assert response.status_code == 200
    client = ApiClient.objects.get()
    (message,) = [str(m) for m in response.context["messages"] if "API key" in str(m)]
    key = message.split(" is ")[1].split(" ")[0]
    assert key.startswith(client.key_prefix)
    assert api_keys.authenticate_key(key) == client
    page = admin_client.get(reverse("admin:organisations_apiclient_change", args=[client.pk]))
    assert key not in page.content.decode()
    assert client.key_prefix in page.content.decode()


def test_the_admin_revokes_keys(admin_client, organisation):
    client, key = api_keys.create_key(organisation=organisation, name="Reporting app")
    response = admin_client.post(
        reverse("admin:organisations_apiclient_changelist"),
        {"action": "revoke_keys", "_selected_action": [client.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert api_keys.authenticate_key(key) is None
    assert "Revoked 1 API key." in response.content.decode()
