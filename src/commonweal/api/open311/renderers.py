"""Writing Open311 answers as JSON (orjson) or XML (ElementTree), UTF-8 in both.

The same data makes both: a list becomes a JSON array and, in XML, a root element with
one child per item (`<services><service>…`); a dict becomes a JSON object and an element
per key. Lists inside an item are wrapped the way the specification shows them
(`<attributes><attribute>…`, `<values><value>…`). None is JSON null and an empty element;
booleans are true and false in both.
"""

import re
import xml.etree.ElementTree as ET  # writes XML, never parses it  # nosec B405
from typing import Any

import orjson
from django.http import HttpResponse

JSON, XML = "json", "xml"
CONTENT_TYPES = {JSON: "application/json; charset=utf-8", XML: "text/xml; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# The element each list's items are written in: the list's own name in the singular.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return XML_DECLARATION + ET.tostring(element, encoding="utf-8")


def to_json(data: Any) -> bytes:
    return orjson.dumps(data)


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """`root` names the XML root element; JSON has none."""
    body = to_xml(root, data) if fmt == XML else to_json(data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """The specification's error list: `[{code, description}]`, `<errors><error>…`."""
    entries = [{"code": status, "description": text} for text in descriptions]
    return render(fmt if fmt in CONTENT_TYPES else XML, "errors", entries, status=status)
