"""REST v1 answers have the shapes the OpenAPI document gives them, errors included."""

from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import api_token
from commonweal.cases import intake, lifecycle
from commonweal.cases.tests.factories import OfferingFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi() -> dict:
    return yaml.safe_load(APIClient().get("/api/v1/schema/").content)


def as_json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def check(openapi: dict, response, path: str, method: str = "get") -> None:
    """The response's JSON against the schema documented for its path, method and status."""
    documented = openapi["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} answered {status}, undocumented"
    schema = documented[status]["content"]["application/json"]["schema"]
    document = {**as_json_schema(schema), "components": as_json_schema(openapi["components"])}
    jsonschema.validate(response.json(), document)


@pytest.fixture
def council() -> SimpleNamespace:
    offering = OfferingFactory()
    staff = {
        role: MembershipFactory(organisation=offering.organisation, role=role).user
        for role in (Role.CASEWORKER, Role.EXECUTIVE)
    }
    case = intake.submit(
        service_code="pothole",
        answers={"location": {"lat": 52.2, "lon": 0.12}, "position": "road", "dangerous": False},
        channel="web",
        organisation=offering.organisation,
        reporter=intake.ReporterDetails(name="Ada Resident", email="ada@example.net"),
    )
    return SimpleNamespace(offering=offering, case=case, **{str(k): v for k, v in staff.items()})


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_public_answers_match_the_document(openapi, council, reference_data):
    client = APIClient()
    slug = council.offering.organisation.slug
    for url, path in [
        ("/api/v1/services/", "/api/v1/services/"),
        ("/api/v1/services/pothole/", "/api/v1/services/{code}/"),
        ("/api/v1/services/nothing/", "/api/v1/services/{code}/"),
        ("/api/v1/services/?function=bins", "/api/v1/services/"),
        ("/api/v1/organisations/?page_size=3", "/api/v1/organisations/"),
        (f"/api/v1/organisations/{slug}/", "/api/v1/organisations/{slug}/"),
        ("/api/v1/organisations/nowhere/", "/api/v1/organisations/{slug}/"),
        ("/api/v1/offerings/", "/api/v1/offerings/"),
        ("/api/v1/places/?lat=52.2053&lon=0.1218&function=highways", "/api/v1/places/"),
        ("/api/v1/places/?lat=52.2053&lon=0.1218", "/api/v1/places/"),
        ("/api/v1/places/?lat=95&lon=0", "/api/v1/places/"),
    ]:
        check(openapi, client.get(url), path)


def test_staff_answers_match_the_document(openapi, council):
    case, base = council.case, "/api/v1/staff/cases/{reference}/"
    worker, executive = client_for(council.caseworker), client_for(council.executive)
    check(openapi, worker.get("/api/v1/staff/cases/"), "/api/v1/staff/cases/")
    check(openapi, worker.get("/api/v1/staff/cases/?priority=x"), "/api/v1/staff/cases/")
    check(openapi, APIClient().get("/api/v1/staff/cases/"), "/api/v1/staff/cases/")
    check(openapi, worker.get(f"/api/v1/staff/cases/{case.reference}/"), base)
    check(openapi, executive.get(f"/api/v1/staff/cases/{case.reference}/"), base)
    check(openapi, worker.get("/api/v1/staff/cases/CW-2222-2222/"), base)

    def act(client, action: str, body: dict):
        url = f"/api/v1/staff/cases/{case.reference}/{action}/"
        check(openapi, client.post(url, body, format="json"), f"{base}{action}/", "post")

    act(worker, "transition", {"transition": "triage", "expected_version": 1})  # 200
    act(worker, "transition", {"transition": "triage", "expected_version": 1})  # 409
    act(worker, "transition", {"transition": "reinspect", "expected_version": 2})  # 403
    act(worker, "transition", {"transition": "fix", "expected_version": 2})  # 400
    act(executive, "notes", {"text": "Hi", "expected_version": 2})  # 403
    act(worker, "notes", {"text": "Crew booked.", "expected_version": 2})  # 200
    act(worker, "assign", {"assignee": council.caseworker.pk, "expected_version": 3})  # 200
    lifecycle.add_note(
        case=case, actor=council.caseworker, text="Again.", public=True, expected_version=4
    )
    act(worker, "assign", {"assignee": None, "expected_version": 4})  # 409
