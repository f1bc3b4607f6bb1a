"""With production settings (DEBUG off, HTTPS on): `check --deploy` is clean, and responses
carry HSTS, frame and content-security headers and cookies that are Secure and HttpOnly."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]

# Runs in a fresh interpreter, so settings.py reads the production environment itself.
SCRIPT = """
import json
import django
from django.core.management import call_command

django.setup()
call_command("check", deploy=True, fail_level="WARNING")
call_command("migrate", "sessions", verbosity=0)

from django.conf import settings

# Unhashed static names, as in every test: the manifest needs `collectstatic` first.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory

client = Client(HTTP_HOST="commonweal.example")
plain = client.get("/sign-in/")
secure = client.get("/sign-in/", secure=True)


def view(request):
    request.session["seen"] = True
    return HttpResponse()


signed = SessionMiddleware(view)(RequestFactory().get("/", secure=True))


def cookie(morsel):
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"]}


print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "secure": [secure.status_code, dict(secure.headers)],
    "csrf": cookie(secure.cookies[settings.CSRF_COOKIE_NAME]),
    "session": cookie(signed.cookies[settings.SESSION_COOKIE_NAME]),
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    var = tmp_path_factory.mktemp("var")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "commonweal.settings",
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "commonweal.example",
        "COMMONWEAL_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(  # noqa: S603  (our own interpreter, a fixed script)
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_and_plain_http_is_sent_to_https(production):
    assert production["plain"] == [301, "https://commonweal.example/sign-in/"]


def test_responses_carry_hsts_and_refuse_framing(production):
    status, headers = production["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_cookies_are_secure_and_kept_from_scripts(production):
    assert production["csrf"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert production["session"] == {"secure": True, "httponly": True, "samesite": "Lax"}
