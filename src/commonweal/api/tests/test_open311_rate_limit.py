"""Open311 POSTs are limited per API key and per address, with a 429 in the spec's format."""

import pytest
import yaml

from commonweal.api.tests.test_open311_openapi import DOCUMENT, _check, _json_schema
from commonweal.api.tests.test_open311_support import (
    BASE,
    CAMBRIDGE,
    POTHOLE,
    councils,
    error_descriptions,
)
from commonweal.cases.models import Case
from commonweal.organisations import api_keys

pytestmark = pytest.mark.django_db
LAT, LON = (str(value) for value in CAMBRIDGE)


@pytest.fixture
def setup(reference_data):
    return councils()


def send(client, key: str, *, fmt: str = "json", address: str = "192.0.2.10"):
    data = {"lat": LAT, "long": LON, "service_code": "pothole", **POTHOLE, "api_key": key}
    return client.post(f"{BASE}/requests.{fmt}", data, REMOTE_ADDR=address)


def test_a_key_over_its_limit_is_told_to_wait_and_nothing_is_made(client, settings, setup):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311-post-key": "2/3600"}
    assert [send(client, setup.key).status_code for _ in range(2)] == [201, 201]

    refused = send(client, setup.key, fmt="xml", address="192.0.2.11")
    (description,) = error_descriptions(refused, 429)
    assert "Too many requests were posted from this api_key" in description
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert Case.objects.count() == 2

    # Another client's key is counted apart.
    _, other = api_keys.create_key(organisation=setup.county, name="Other client")
    assert send(client, other).status_code == 201


def test_an_address_over_its_limit_is_refused_whatever_the_key(client, settings, setup):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311-post-ip": "1/3600"}
    assert send(client, setup.key).status_code == 201
    refused = send(client, "not-a-key")
    (description,) = error_descriptions(refused, 429)
    assert "from this address" in description
    document = _json_schema(yaml.safe_load(DOCUMENT.read_text(encoding="utf-8")))
    _check(document, f"{BASE}/requests.json", "post", refused)  # as the OpenAPI document says
    assert send(client, setup.key, address="192.0.2.99").status_code == 201
    assert Case.objects.count() == 2


def test_a_proxy_header_names_the_address_when_configured(client, settings, setup):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311-post-ip": "1/3600"}
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    proxied = {"REMOTE_ADDR": "10.0.0.1"}
    data = {"lat": LAT, "long": LON, "service_code": "pothole", **POTHOLE, "api_key": setup.key}
    url = f"{BASE}/requests.json"
    assert client.post(url, data, HTTP_X_REAL_IP="198.51.100.1", **proxied).status_code == 201
    assert client.post(url, data, HTTP_X_REAL_IP="198.51.100.2", **proxied).status_code == 201
    assert client.post(url, data, HTTP_X_REAL_IP="198.51.100.2", **proxied).status_code == 429
