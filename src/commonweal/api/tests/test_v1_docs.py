"""REST v1 OpenAPI document and docs page: valid, served, and assets from our own server."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_schema_is_served_and_valid_openapi_3():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/services/",
        "/api/v1/services/{code}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/places/",
        "/api/v1/offerings/",
        "/api/v1/staff/cases/",
        "/api/v1/staff/cases/{reference}/",
        "/api/v1/staff/cases/{reference}/transition/",
        "/api/v1/staff/cases/{reference}/notes/",
        "/api/v1/staff/cases/{reference}/assign/",
    } <= set(schema["paths"])


def test_the_schema_documents_the_error_answers():
    schema = yaml.safe_load(APIClient().get("/api/v1/schema/").content)
    transition = schema["paths"]["/api/v1/staff/cases/{reference}/transition/"]["post"]
    assert set(transition["responses"]) == {"200", "400", "401", "403", "404", "409"}
    stale = transition["responses"]["409"]["content"]["application/json"]["schema"]
    assert stale == {"$ref": "#/components/schemas/Stale"}
    assert {"current_version", "changes"} <= set(
        schema["components"]["schemas"]["Stale"]["properties"]
    )
    places = schema["paths"]["/api/v1/places/"]["get"]
    assert {p["name"] for p in places["parameters"]} == {"lat", "lon", "function"}
    assert "400" in places["responses"]
    assert schema["paths"]["/api/v1/staff/cases/"]["get"]["security"] == [
        {"tokenAuth": []},
        {"cookieAuth": []},
    ]


def test_the_docs_page_loads_its_assets_from_this_server():
    client = APIClient()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    # The start-up script is served by the page's own view (no inline script, for the CSP).
    (start,) = [url for url in assets if url.startswith("/api/v1/docs/?")]
    assets.remove(start)
    assert len(assets) >= 3  # the Swagger UI script bundles and stylesheet, at least
    for url in assets:
        assert url.startswith(settings.STATIC_URL), f"{url} is not served from here"
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is missing"
    assert "<script>" not in html and "<style>" not in html
    script = client.get(start.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    code = script.content.decode()
    assert "cdn" not in (html + code).lower()
    assert '"validatorUrl": null' in code  # no badge fetched from validator.swagger.io
    assert "/api/v1/schema/" in code
