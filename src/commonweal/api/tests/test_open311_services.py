"""Open311 discovery, GET services and GET services/{code}: spec fields in JSON and XML alike."""

import pytest

from commonweal.api.tests.test_open311_support import (
    BASE,
    CITY_GSS,
    both_formats,
    councils,
    error_descriptions,
)
from commonweal.services.models import ServiceOffering

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
}


@pytest.fixture
def setup(reference_data):
    return councils()


def test_discovery_lists_the_georeport_v2_endpoint(client, setup):
    document, root, status = both_formats(client, "/open311/discovery")
    assert status == 200
    assert root.tag == "discovery"
    assert set(document) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert document["changeset"].endswith(("+00:00", "+01:00"))
    assert root.find("endpoints/endpoint/formats/format") is not None


def test_services_lists_every_published_standard_service(client, setup):
    services, root, status = both_formats(client, f"{BASE}/services")
    assert status == 200
    assert root.tag == "services" and all(child.tag == "service" for child in root)
    codes = [service["service_code"] for service in services]
    assert "pothole" in codes and "missed-bin" in codes
    assert codes == sorted(codes)
    pothole = next(service for service in services if service["service_code"] == "pothole")
    assert set(pothole) == SERVICE_FIELDS
    assert pothole["service_name"] == "Report a pothole"
    assert pothole["metadata"] is True
    assert pothole["type"] == "realtime"
    assert pothole["keywords"].startswith("pothole, hole in the road")
    assert pothole["group"] == "Highways and roads"


@pytest.mark.parametrize("jurisdiction", ["cambridge", CITY_GSS, CITY_GSS.lower()])
def test_a_jurisdiction_lists_only_its_live_offerings(client, setup, jurisdiction):
    ServiceOffering.objects.filter(organisation=setup.city, service_code="graffiti").update(
        live=False
    )
    services, _, status = both_formats(
        client, f"{BASE}/services", data={"jurisdiction_id": jurisdiction}
    )
    assert status == 200
    codes = {service["service_code"] for service in services}
    assert "missed-bin" in codes
    assert "pothole" not in codes  # the county's
    assert "graffiti" not in codes  # not live


def test_an_unknown_jurisdiction_is_404(client):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "atlantis"})
        (description,) = error_descriptions(response, 404)
        assert "atlantis" in description


def test_a_service_definition_maps_every_question_type(client, setup):
    definition, root, status = both_formats(client, f"{BASE}/services/pothole")
    assert status == 200
    assert root.tag == "service_definition"
    assert definition["service_code"] == "pothole"
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    # The location is lat/long, photos are media_url, the description is `description`.
    assert list(attributes) == ["position", "depth_cm", "dangerous", "danger_details"]
    assert [attribute["order"] for attribute in attributes.values()] == [1, 2, 3, 4]
    for attribute in attributes.values():
        assert ATTRIBUTE_FIELDS <= set(attribute) <= ATTRIBUTE_FIELDS | {"values"}
        assert attribute["variable"] is True
    position = attributes["position"]
    assert position["datatype"] == "singlevaluelist"
    assert position["required"] is True
    assert position["description"] == "Is it in the road, the pavement or a cycle lane?"
    assert position["values"][0] == {"key": "road", "name": "In the road"}
    assert attributes["depth_cm"]["datatype"] == "number"
    assert attributes["depth_cm"]["datatype_description"].startswith("A rough guess")
    assert attributes["dangerous"]["values"] == [
        {"key": "true", "name": "Yes"},
        {"key": "false", "name": "No"},
    ]
    details = attributes["danger_details"]
    assert details["datatype"] == "text"
    assert details["required"] is False  # only when dangerous is true, which it says
    assert "Required when attribute[dangerous] is true" in details["datatype_description"]
    value = root.find("attributes/attribute/values/value")
    assert [child.tag for child in value] == ["key", "name"]


@pytest.mark.parametrize(
    ("code", "question", "datatype"),
    [
        ("missed-bin", "collection_date", "datetime"),
        ("missed-bin", "out_on_time", "singlevaluelist"),
        ("abandoned-vehicle", "registration", "string"),
        ("abandoned-vehicle", "condition", "multivaluelist"),
    ],
)
def test_datatypes(client, setup, code, question, datatype):
    definition = client.get(f"{BASE}/services/{code}.json").json()
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert attributes[question]["datatype"] == datatype


def test_unknown_service_code_is_404_in_both_formats(client):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/services/no-such-thing.{fmt}")
        (description,) = error_descriptions(response, 404)
        assert "no-such-thing" in description


def test_a_service_the_jurisdiction_does_not_run_is_404(client, setup):
    response = client.get(f"{BASE}/services/pothole.json", {"jurisdiction_id": "cambridge"})
    (description,) = error_descriptions(response, 404)
    assert "Cambridge City Council" in description


def test_unknown_format_suffix_is_404_in_xml(client):
    for path in (f"{BASE}/services.csv", f"{BASE}/services/pothole.html", "/open311/discovery.x"):
        response = client.get(path)
        (description,) = error_descriptions(response, 404)
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        assert ".json or .xml" in description


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (f"{BASE}/nothing.json", "application/json; charset=utf-8"),
        (f"{BASE}/services", "text/xml; charset=utf-8"),
        ("/open311/", "text/xml; charset=utf-8"),
        (f"{BASE}/requests/a/b/c.xml", "text/xml; charset=utf-8"),
        (f"{BASE}/new%0Aline/x.json", "application/json; charset=utf-8"),  # was HTML
    ],
)
def test_any_other_address_is_404_in_the_error_format(client, path, content_type):
    response = client.get(path)
    error_descriptions(response, 404)
    assert response["Content-Type"] == content_type


def test_a_method_a_resource_does_not_take_is_405(client):
    response = client.post(f"{BASE}/services.json")
    error_descriptions(response, 405)
    assert response["Allow"] == "GET, HEAD"
    response = client.delete(f"{BASE}/requests.xml")
    error_descriptions(response, 405)
    assert response["Allow"] == "GET, HEAD, POST"
