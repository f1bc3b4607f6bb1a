"""Every URL pattern, as every role, is allowed or denied as the access table says."""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from commonweal.cases.models import Case
from commonweal.core.tests.access_matrix import Entry, full_table
from commonweal.core.tests.access_urls import Pattern, all_patterns
from commonweal.core.tests.access_world import ROLES, World, build_world

TABLE = full_table()
PATTERNS = {pattern.key: pattern for pattern in all_patterns()}
SIGN_IN_PATHS = {"/sign-in/", "/admin/login/"}
# Rows that change on their own with any request or sign-in, not through what was asked.
UNWATCHED = {"sessions", "axes", "django_tasks_database", "jobs"}
IGNORED_FIELDS = {"last_login", "last_used_at"}


def _cases() -> Iterator[tuple[str, str, Entry]]:
    for key, row in TABLE.items():
        if isinstance(row, Entry):
            yield key, "", row
        else:
            for variant, entry in row.items():
                yield key, variant, entry


CASES = list(_cases())


def _label(key: str, variant: str) -> str:
    return f"{key}[{variant}]" if variant else key


def _params(method: str) -> list:
    params = []
    for key, variant, entry in CASES:
        if entry.group:
            continue
        rule = entry.get if method == "GET" else entry.post
        if method == "POST" and rule is None:
            continue
        for role in ROLES:
            params.append(
                pytest.param(key, entry, role, id=f"{_label(key, variant)}-{role}-{method}")
            )
    return params


# --- The table and the URL configuration agree -------------------------------------------


def test_every_url_pattern_has_an_entry_in_the_access_table() -> None:
    missing = sorted(f"{key} ({p.route})" for key, p in PATTERNS.items() if key not in TABLE)
    assert not missing, (
        "These URL patterns have no entry in core/tests/access_matrix.py; add one saying "
        "which roles may GET and POST them:\n  " + "\n  ".join(missing)
    )


def test_every_entry_in_the_access_table_names_a_url_pattern() -> None:
    stale = sorted(key for key in TABLE if key not in PATTERNS)
    assert not stale, (
        "The access table names patterns that are no longer in the URL configuration; "
        "remove them:\n  " + "\n  ".join(stale)
    )


# --- The world, built once for the module ------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once inside a transaction that is rolled back at the end; each test runs in a
    savepoint inside it (pytest-django's `db`), so what one test writes the next never sees."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


def _address(key: str, entry: Entry, world: World) -> str:
    kwargs = {name: str(value) for name, value in entry.args(world).items()}
    pattern: Pattern = PATTERNS[key]
    if not key.endswith(">"):
        return reverse(key, kwargs=kwargs)
    # An unnamed pattern: fill in its route by hand.
    route = pattern.route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: kwargs[m.group(1)], route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], route)
    return "/" + route


@pytest.fixture(scope="module")
def sessions(world: World, django_db_blocker) -> dict[str, str]:
    """A signed-in session per role, made once inside the module's transaction."""
    keys = {}
    with django_db_blocker.unblock():
        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def _client(sessions: dict[str, str], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def outcome(response) -> str:
    """allowed, denied, no-method (405) or error (5xx)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 405:
        return "no-method"
    if status in (401, 403, 404):
        return "denied"
    if 300 <= status < 400 and status != 304:
        return "denied" if urlsplit(response["Location"]).path in SIGN_IN_PATHS else "allowed"
    return "allowed"


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def snapshot() -> dict[str, list[dict]]:
    """Every row the project keeps, but sessions, sign-in logs and task queues."""
    rows = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in UNWATCHED or meta.proxy or not meta.managed:
            continue
        values = model._default_manager.order_by("pk").values()
        rows[meta.label] = [
            {k: v for k, v in row.items() if k not in IGNORED_FIELDS} for row in values
        ]
    return rows


def _explain(key: str, role: str, method: str, address: str, response, expected: str) -> str:
    where = response.get("Location", "") if hasattr(response, "get") else ""
    return (
        f"{method} {address} ({key}) as {role}: expected {expected}, "
        f"got {response.status_code} {where}".rstrip()
    )


# --- Every pattern as every role ---------------------------------------------------------


def check_get(client: Client, world: World, key: str, entry: Entry, role: str) -> None:
    address = _address(key, entry, world) + entry.query
    response = client.get(address)
    got = outcome(response)
    if got == "no-method" and entry.get is not None:
        got = "denied"  # not served to this person (the admin's sign-out takes POST only)
    if entry.get is None:
        assert got in ("no-method", "denied"), _explain(
            key, role, "GET", address, response, "no GET"
        )
        return
    expected = "allowed" if role in entry.get else "denied"
    assert got == expected, _explain(key, role, "GET", address, response, expected)
    if expected == "allowed" and entry.hides is not None:
        text, secret = _text(response), entry.hides(world)
        if role in entry.sees:
            assert secret in text, f"{key} as {role} should show {secret!r}"
        else:
            assert secret not in text, f"{key} as {role} shows {secret!r}, which is not theirs"


def check_post(client: Client, world: World, key: str, entry: Entry, role: str) -> None:
    address = _address(key, entry, world)
    data = entry.role_data(world, role) if entry.role_data else entry.data(world)
    before = snapshot()
    response = client.post(address, data)
    got = outcome(response)
    expected = "allowed" if role in entry.post else "denied"
    if expected == "denied" and got == "allowed" and entry.refuses_with_redirect:
        got = "denied" if 300 <= response.status_code < 400 else got
    assert got == expected, _explain(key, role, "POST", address, response, expected)
    if expected == "denied" or role in entry.untouched_by:
        assert snapshot() == before, f"POST {address} ({key}) as {role} changed the database"
    elif entry.writes:
        assert snapshot() != before, (
            f"POST {address} ({key}) as {role} changed nothing: "
            f"{response.status_code} {_text(response)[:300]}"
        )


@pytest.mark.parametrize(("key", "entry", "role"), _params("GET"))
def test_get(db, world: World, sessions, key: str, entry: Entry, role: str) -> None:
    check_get(_client(sessions, role), world, key, entry, role)


@pytest.mark.parametrize(("key", "entry", "role"), _params("POST"))
def test_post(db, world: World, sessions, key: str, entry: Entry, role: str) -> None:
    check_post(_client(sessions, role), world, key, entry, role)


ADMIN_GROUPS = sorted({entry.group for _, _, entry in CASES if entry.group})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("group", ADMIN_GROUPS)
def test_admin_model_pages(db, world: World, sessions, group: str, role: str) -> None:
    """A registered model's admin pages (list, add, change, history, delete), GET and POST."""
    for key, _, entry in CASES:
        if entry.group != group:
            continue
        check_get(_client(sessions, role), world, key, entry, role)
        if entry.post is not None:
            check_post(_client(sessions, role), world, key, entry, role)


# --- Credentials other than a session ----------------------------------------------------


def test_metrics_refuses_the_outside_whoever_is_signed_in(db, sessions) -> None:
    """The matrix's clients come from loopback; from a public address /metrics is refused
    to every role (with no METRICS_TOKEN set), since a session does not count there."""
    for role in ("anonymous", "platform_admin"):
        response = _client(sessions, role).get("/metrics", REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 403, role


def test_an_open311_post_is_made_with_an_api_key_only(db, world: World, sessions) -> None:
    before = Case.objects.count()
    fields = {
        "service_code": "pothole",
        "lat": "52.2053",
        "long": "0.1218",
        "attribute[position]": "road",
        "attribute[dangerous]": "false",
    }
    signed_in = _client(sessions, "platform_admin")
    assert signed_in.post("/open311/v2/requests.json", fields).status_code == 403
    assert Case.objects.count() == before
    wrong = signed_in.post("/open311/v2/requests.json", {**fields, "api_key": "not-a-key"})
    assert wrong.status_code == 403
    assert Case.objects.count() == before
    keyed = Client().post("/open311/v2/requests.json", {**fields, "api_key": world.api_key_a})
    assert keyed.status_code == 201, keyed.content
    assert Case.objects.count() == before + 1


def test_a_rest_token_reaches_only_its_own_organisations_cases(db, world: World) -> None:
    reference = world.case_a.reference
    case_url = f"/api/v1/staff/cases/{reference}/"

    def as_token(role: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")

    assert Client().get(case_url).status_code == 401
    assert as_token("caseworker_a").get(case_url).status_code == 200
    assert as_token("commissioner_a").get(case_url).status_code == 403
    stranger = as_token("caseworker_b")
    assert stranger.get(case_url).status_code == 404
    assert reference not in stranger.get("/api/v1/staff/cases/").content.decode()
    before = snapshot()
    note = {"text": "Not mine.", "expected_version": world.case_a.version}
    assert stranger.post(f"{case_url}notes/", note).status_code == 404
    assert snapshot() == before
