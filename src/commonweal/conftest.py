"""Shared test fixtures: a fast password hasher, plain static files, and a Chromium browser."""

import copy
import functools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns that STATIC_ROOT is missing until `collectstatic` runs; tests do not need it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Give the test database a `replica` alias: a second connection to the same database
    (Django's test mirror), for the read-replica tests. No router uses it unless a test
    installs one, so every other test reads and writes `default` as before."""
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        replica = copy.deepcopy(settings.DATABASES["default"])
        replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
        settings.DATABASES["replica"] = replica


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    """Hash passwords fast (one test puts argon2 back), and serve static files unhashed.

    The manifest storage needs `collectstatic` first; tests and the live server find the
    files in place instead.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def chromium_path() -> Path:
    return Path(os.environ.get("COMMONWEAL_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the session; browser tests skip without it (fail in CI)."""
    path = chromium_path()
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {path}: browser tests must run in CI")
        pytest.skip(
            f"Chromium not found at {path}: browser tests skipped (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser
    # is open, and Django refuses database calls under a running loop unless told not to.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text() + "\n;true"


@pytest.fixture
def axe_violations():
    """Run axe-core on the page and return its violations (an empty list when clean)."""
    from playwright.sync_api import Error as PlaywrightError

    def run(page) -> list[dict]:
        # Evaluated through the browser's debugging protocol, which the page's Content
        # Security Policy does not govern; a <script> tag added to the page would be
        # refused, as the policy allows no inline script.
        # A click that starts a navigation returns once the navigation has begun, so
        # wait for the new document; should it still be replaced while axe runs (the
        # document goes null under axe, or the context is destroyed), run axe again.
        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                page.evaluate(_axe_source())
                result = page.evaluate(
                    """() => axe.run(document, {runOnly: {type: 'tag', values: [
                    'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
                )
            except PlaywrightError:
                if attempt == 2:
                    raise
                continue
            return result["violations"]
        return []  # not reached: the last attempt returns or raises

    return run


@pytest.fixture
def reference_data(db) -> None:
    """The real UK reference data, loaded inside the test's transaction (about half a second)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_reference", verbosity=0, stdout=StringIO())


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache, so no rate-limit count carries over."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_place_index() -> Iterator[None]:
    """After a test, make the place index compare itself with the database again.

    A rolled-back test sends no signal, so without this the index could keep its changes.
    """
    yield
    from commonweal.organisations import places

    places.invalidate()


# Fake servers on loopback for the outside services we cannot reach (SMTP, GOV.UK Notify).
@pytest.fixture
def smtp(settings):
    from commonweal.contrib.tests.fakes import FakeSMTPServer

    server = FakeSMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def notify(settings):
    from commonweal.contrib.tests.fakes import FakeNotifyServer

    server = FakeNotifyServer()
    settings.NOTIFICATIONS_SENDER = "govuk-notify"
    settings.NOTIFY_API_KEY = server.api_key
    settings.NOTIFY_BASE_URL = server.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "11111111-1111-1111-1111-111111111111"
    settings.NOTIFY_SMS_TEMPLATE_ID = "22222222-2222-2222-2222-222222222222"
    yield server
    server.shutdown()
    server.server_close()
