"""docs/open311-openapi.yaml stays true: real answers validate against its schemas."""

from pathlib import Path

import jsonschema
import pytest
import yaml
from django.utils import timezone

from commonweal.api.tests.test_open311_support import (
    BASE,
    CAMBRIDGE,
    MISSED_BIN,
    POTHOLE,
    councils,
    pothole_case,
)

pytestmark = pytest.mark.django_db
DOCUMENT = Path(__file__).resolve().parents[4] / "docs" / "open311-openapi.yaml"


def _json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema, with $refs pointing into the document."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        converted["type"] = [node["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
    return converted


@pytest.fixture(scope="module")
def document() -> dict:
    return _json_schema(yaml.safe_load(DOCUMENT.read_text(encoding="utf-8")))


def _check(document: dict, path: str, method: str, response) -> None:
    operation = document["paths"][path][method]
    declared = operation["responses"][str(response.status_code)]
    if "$ref" in declared:
        declared = document["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
    schema = {
        **declared["content"]["application/json"]["schema"],
        "components": document["components"],
    }
    jsonschema.validate(response.json(), schema)


def test_every_json_answer_matches_the_document(client, document, reference_data):
    setup = councils()
    pothole_case(description="On the corner")
    place = {"lat": str(CAMBRIDGE[0]), "long": str(CAMBRIDGE[1])}
    created = client.post(
        f"{BASE}/requests.json",
        {"api_key": setup.key, "service_code": "pothole", **place, **POTHOLE},
    )
    reference = created.json()[0]["service_request_id"]
    bin_day = timezone.localdate().isoformat()
    client.post(
        f"{BASE}/requests.json",
        {
            "api_key": setup.key,
            "service_code": "missed-bin",
            **place,
            **MISSED_BIN,
            "attribute[collection_date]": bin_day,
        },
    )
    calls = [
        ("/open311/discovery.json", "get", "/open311/discovery.json", {}),
        ("/open311/v2/services.json", "get", f"{BASE}/services.json", {}),
        (
            "/open311/v2/services.json",
            "get",
            f"{BASE}/services.json",
            {"jurisdiction_id": "nowhere"},
        ),
        (
            "/open311/v2/services/{service_code}.json",
            "get",
            f"{BASE}/services/missed-bin.json",
            {},
        ),
        ("/open311/v2/services/{service_code}.json", "get", f"{BASE}/services/x.json", {}),
        ("/open311/v2/requests.json", "get", f"{BASE}/requests.json", {}),
        ("/open311/v2/requests.json", "get", f"{BASE}/requests.json", {"status": "x"}),
        (
            "/open311/v2/requests/{service_request_id}.json",
            "get",
            f"{BASE}/requests/{reference}.json",
            {},
        ),
        ("/open311/v2/tokens/{token}.json", "get", f"{BASE}/tokens/{reference}.json", {}),
        ("/open311/v2/tokens/{token}.json", "get", f"{BASE}/tokens/nope.json", {}),
    ]
    for path, method, url, query in calls:
        _check(document, path, method, client.get(url, query))
    assert created.status_code == 201
    _check(document, "/open311/v2/requests.json", "post", created)
    for fields in ({}, {"api_key": setup.key}, {"api_key": setup.key, "service_code": "x"}):
        refused = client.post(f"{BASE}/requests.json", fields)
        _check(document, "/open311/v2/requests.json", "post", refused)
