"""Request ids and the request's JSON log line: valid JSON, the id, and nothing personal."""

import io
import json
import logging
import re
import sys

import pytest
from django.urls import reverse

from commonweal.core.logs import JsonFormatter, RequestIdFilter, TextFormatter, redact

EMAIL, PHONE, NAME = "ada.resident@example.net", "07700 900123", "Ada Lovelace-Resident"


@pytest.fixture
def log_lines():
    """Everything logged while the test runs, through the formatter and filter settings use."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_settings_log_json_by_default(settings):
    formatter = settings.LOGGING["formatters"]["main"]["()"]
    assert formatter == "commonweal.core.logs.JsonFormatter"
    assert settings.MIDDLEWARE[0] == "commonweal.core.observability.RequestObservabilityMiddleware"


@pytest.mark.django_db
def test_a_request_id_is_kept_from_the_client_and_echoed(client, log_lines):
    response = client.get("/healthz?x=1", HTTP_X_REQUEST_ID="lb-4f2a9c1e-77")

    assert response["X-Request-ID"] == "lb-4f2a9c1e-77"


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "short", "has spaces in it", "x" * 200, "<script>1</script>"])
def test_a_badly_formed_request_id_is_replaced(client, sent):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=sent)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_the_request_line_is_json_with_the_id_and_nothing_personal(client, log_lines):
    form = {
        "api_key": "not-a-key",
        "service_code": "pothole",
        "lat": "52.2",
        "long": "0.12",
        "email": EMAIL,
        "phone": PHONE,
        "first_name": NAME,
    }
    response = client.post(
        f"/open311/v2/requests.json?email={EMAIL}", form, HTTP_X_REQUEST_ID="req-0001-abcdef"
    )
    client.post(
        reverse("accounts:sign-in"),
        {"email": EMAIL, "password": "wrong password"},
        HTTP_X_REQUEST_ID="req-0002-abcdef",
    )

    lines = log_lines()
    (line,) = [entry for entry in lines if entry["request_id"] == "req-0001-abcdef"
               and entry["logger"] == "commonweal.request"]  # fmt: skip
    assert line["method"] == "POST"
    assert line["route"] == "open311:requests"
    assert line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float)
    assert {"time", "level", "logger", "message"} <= line.keys()
    assert any(entry["request_id"] == "req-0002-abcdef" for entry in lines)
    everything = json.dumps(lines)
    for personal in (EMAIL, "example.net", PHONE, "900123", NAME, "Lovelace"):
        assert personal not in everything


def test_redact_removes_email_addresses_and_uk_phone_numbers():
    text = "from ada@example.net, call 07700 900123 or +44 1632 960001; case CW-2345-6789, 12 ms"

    assert redact(text) == (
        "from [email removed], call [phone removed] or [phone removed]; case CW-2345-6789, 12 ms"
    )


def test_an_exception_is_one_json_line_without_the_email():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise ValueError(f"duplicate key {EMAIL}")
    except ValueError:
        record.exc_info = sys.exc_info()
    record.request = object()  # as Django's records carry: never written

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert "ValueError" in entry["exception"]
    assert EMAIL not in line
    assert "request" not in entry


def test_the_text_form_names_the_request():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "mail %s", (EMAIL,), None)
    record.request_id = "abc12345"

    assert TextFormatter().format(record).endswith("x [abc12345] mail [email removed]")


@pytest.mark.django_db
def test_probes_are_not_logged_unless_they_fail(client, log_lines):
    client.get("/healthz")

    assert not [entry for entry in log_lines() if entry["logger"] == "commonweal.request"]
