"""Shared set-up for the Open311 tests: councils, keys, cases, and reading XML back."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from commonweal.cases import intake
from commonweal.cases.models import Case
from commonweal.demo.offerings import run_demo_offerings
from commonweal.organisations import api_keys
from commonweal.organisations.models import Organisation

# Mill Road, Cambridge: in Cambridge City Council's area, inside Cambridgeshire's.
CAMBRIDGE = (52.2053, 0.1218)
COUNTY_GSS, CITY_GSS = "E10000003", "E07000008"
BASE = "/open311/v2"
# Elements holding a list, and the name of each item, as the specification shows them.
LISTS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


@dataclass
class Councils:
    county: Organisation
    city: Organisation
    key: str


def councils() -> Councils:
    """Cambridgeshire and Cambridge run the standard services, as the demo sets them up."""
    county = Organisation.objects.get(gss_code=COUNTY_GSS)
    city = Organisation.objects.get(gss_code=CITY_GSS)
    run_demo_offerings(councils=[county, city])
    _, key = api_keys.create_key(organisation=city, name="Test client")
    return Councils(county=county, city=city, key=key)


POTHOLE = {"attribute[position]": "road", "attribute[dangerous]": "false"}
MISSED_BIN = {"attribute[bin_type]": "recycling", "attribute[out_on_time]": "true"}


def pothole_case(*, now: datetime | None = None, description: str = "", **extra) -> Case:
    answers = {"position": "road", "dangerous": False, **extra}
    if description:
        answers["description"] = description
    return intake.submit(
        service_code="pothole",
        answers=answers,
        channel="web",
        lat=CAMBRIDGE[0],
        lon=CAMBRIDGE[1],
        now=now,
    )


def parse_xml(content: bytes) -> ET.Element:
    """Our own answers, in tests: no untrusted XML is parsed anywhere in the application."""
    return ET.fromstring(content)  # noqa: S314


def xml_data(content: bytes) -> Any:
    """An Open311 XML answer read back into lists, dicts and text (or None when empty)."""
    assert content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return _element(parse_xml(content))


def _element(element: ET.Element) -> Any:
    if element.tag in LISTS:
        assert all(child.tag == LISTS[element.tag] for child in element), element.tag
        return [_element(child) for child in element]
    if len(element):
        return {child.tag: _element(child) for child in element}
    return element.text


def as_xml_text(value: Any) -> Any:
    """JSON data as the XML shows it: every value text, true/false, empty for null and ''."""
    if isinstance(value, dict):
        return {key: as_xml_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_xml_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "":
        return None
    return str(value)


def both_formats(client, path: str, **kwargs) -> tuple[Any, Any, int]:
    """GET path.json and path.xml; check they agree, and return the JSON, the XML, the status."""
    json_response = client.get(f"{path}.json", **kwargs)
    xml_response = client.get(f"{path}.xml", **kwargs)
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    assert xml_response["Content-Type"] == "text/xml; charset=utf-8"
    assert json_response.status_code == xml_response.status_code
    from_json, from_xml = json_response.json(), xml_data(xml_response.content)
    assert as_xml_text(from_json) == from_xml
    return from_json, parse_xml(xml_response.content), json_response.status_code


def error_descriptions(response, status: int) -> list[str]:
    """Check an answer is the specification's error list with `status`; its descriptions."""
    assert response.status_code == status, response.content
    if response["Content-Type"].startswith("text/xml"):
        root = parse_xml(response.content)
        assert root.tag == "errors"
        entries = [{child.tag: child.text for child in error} for error in root]
        assert all(entry["code"] == str(status) for entry in entries)
    else:
        entries = response.json()
        assert all(entry["code"] == status for entry in entries)
    assert entries and all(set(entry) == {"code", "description"} for entry in entries)
    return [entry["description"] for entry in entries]
