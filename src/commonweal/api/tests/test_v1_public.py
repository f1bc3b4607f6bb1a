"""REST v1 public endpoints: services, organisations, places and offerings, for anyone."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import api_token
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.organisations.models import Kind, Nation
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory
from commonweal.services import definitions

pytestmark = pytest.mark.django_db

PARKERS_PIECE = {"lat": "52.2053", "lon": "0.1218"}  # Cambridge: city bins, county roads


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.fixture
def standard(db) -> None:
    definitions.load_standard_definitions(data_dir=settings.DATA_DIR)


def results(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Services


def test_services_list_the_latest_published_version_of_each(client, standard):
    bins = definitions.latest_published("missed-bin")
    edited = bins.source_text.replace("name: Report a missed bin collection", "name: Missed bin")
    definitions.save_version(text=edited, owner=None, publish=True)
    definitions.save_version(text=edited.replace("Missed bin", "Draft bin"), owner=None)

    services = results(client.get("/api/v1/services/", {"page_size": 50}))

    codes = [service["code"] for service in services]
    assert codes == sorted(codes) and len(codes) == 12
    missed = next(service for service in services if service["code"] == "missed-bin")
    assert (missed["version"], missed["name"]) == (2, "Missed bin")
    assert missed["function"] == "waste-collection"
    assert missed["function_name"] == "Waste collection"
    assert missed["owner"] is None


def test_a_service_shows_its_questions_and_states(client, standard):
    response = client.get("/api/v1/services/pothole/")
    assert response.status_code == 200
    pothole = response.json()
    assert set(pothole) == {
        "code", "version", "name", "description", "function", "function_name", "lgsl",
        "owner", "published_at", "questions", "states",
    }  # fmt: skip
    assert (pothole["code"], pothole["function"], pothole["lgsl"]) == ("pothole", "highways", [557])
    position = next(q for q in pothole["questions"] if q["id"] == "position")
    assert position["type"] == "single-choice" and position["required"] is True
    assert {"value": "road", "label": "In the road"} in position["choices"]
    assert {"id": "fixed", "label": "Fixed", "closes": True} in pothole["states"]


def test_a_service_version_can_be_asked_for(client, standard):
    row = definitions.latest_published("pothole")
    definitions.save_version(
        text=row.source_text.replace("Report a pothole", "Pothole"), owner=None, publish=True
    )
    assert client.get("/api/v1/services/pothole/").json()["version"] == 2
    first = client.get("/api/v1/services/pothole/", {"version": 1}).json()
    assert (first["version"], first["name"]) == (1, "Report a pothole")
    assert client.get("/api/v1/services/pothole/", {"version": 9}).status_code == 404
    too_big = client.get("/api/v1/services/pothole/", {"version": 2**63})
    assert too_big.status_code == 400 and set(too_big.json()) == {"version"}


def test_services_filter_by_function(client, standard):
    services = results(client.get("/api/v1/services/", {"function": "highways"}))
    codes = {service["code"] for service in services}
    assert codes == {"blocked-drain", "overgrown-vegetation", "pothole"}


def test_an_unknown_or_unpublished_service_is_404(client, standard):
    draft = standard_definition("pothole").source_text.replace("code: pothole", "code: new-thing")
    definitions.save_version(text=draft, owner=None)
    for code in ("no-such-service", "new-thing"):
        response = client.get(f"/api/v1/services/{code}/")
        assert response.status_code == 404
        assert response.json() == {
            "detail": f"There is no published service “{code}”.",
            "code": "not-found",
        }


def test_a_bad_filter_is_400_naming_it(client, standard):
    response = client.get("/api/v1/services/", {"function": "bins"})
    assert response.status_code == 400
    assert list(response.json()) == ["function"]


# Organisations


def test_organisations_are_listed_by_name_without_inactive_ones(client):
    OrganisationFactory(name="Borsetshire County Council", slug="borsetshire", kind=Kind.COUNTY)
    OrganisationFactory(name="Ambridge Parish Council", slug="ambridge", kind=Kind.PARISH)
    OrganisationFactory(name="Closed Council", slug="closed", active=False)

    listed = results(client.get("/api/v1/organisations/"))

    assert [o["slug"] for o in listed] == ["ambridge", "borsetshire"]
    assert listed[1]["kind"] == "county" and listed[1]["kind_label"] == "County council"
    assert "highways" in listed[1]["functions"]


def test_organisations_filter_by_kind_nation_and_words(client):
    OrganisationFactory(name="Borsetshire County Council", slug="borsetshire", kind=Kind.COUNTY)
    OrganisationFactory(
        name="Glenbogle Council", slug="glenbogle", kind=Kind.SCOTTISH_COUNCIL,
        nation=Nation.SCOTLAND, gss_code="S12000099",
    )  # fmt: skip

    def slugs(**query) -> list[str]:
        return [o["slug"] for o in results(client.get("/api/v1/organisations/", query))]

    assert slugs(kind="county") == ["borsetshire"]
    assert slugs(nation="scotland") == ["glenbogle"]
    assert slugs(q="borset county") == ["borsetshire"]
    assert slugs(q="s12000099") == ["glenbogle"]
    bad = client.get("/api/v1/organisations/", {"kind": "kingdom", "nation": "mars"})
    assert bad.status_code == 400 and set(bad.json()) == {"kind", "nation"}


def test_an_organisation_shows_its_parents_and_children(client):
    county = OrganisationFactory(slug="borsetshire", kind=Kind.COUNTY)
    district = OrganisationFactory(slug="felpersham")
    district.parents.add(county)
    assert client.get("/api/v1/organisations/felpersham/").json()["parents"] == ["borsetshire"]
    assert client.get("/api/v1/organisations/borsetshire/").json()["children"] == [district.slug]


def test_an_unknown_website_or_contact_email_is_null_not_an_empty_string(client):
    # Found by fuzzing: "" broke the document's uri and email formats.
    OrganisationFactory(slug="quiet", website="", contact_email="")
    OrganisationFactory(
        slug="loud", website="https://loud.example/", contact_email="a@loud.example"
    )
    quiet = client.get("/api/v1/organisations/quiet/").json()
    assert (quiet["website"], quiet["contact_email"]) == (None, None)
    listed = {o["slug"]: o for o in results(client.get("/api/v1/organisations/"))}
    assert listed["quiet"]["website"] is None
    assert listed["loud"]["website"] == "https://loud.example/"
    assert listed["loud"]["contact_email"] == "a@loud.example"


def test_an_inactive_organisation_is_seen_only_by_its_members(client):
    closed = OrganisationFactory(slug="closed", active=False)
    assert client.get("/api/v1/organisations/closed/").status_code == 404
    member = MembershipFactory(organisation=closed).user
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(member)}")
    assert client.get("/api/v1/organisations/closed/").json()["active"] is False
    assert [o["slug"] for o in results(client.get("/api/v1/organisations/"))] == ["closed"]


# Addresses that are not in the API


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/services/not a slug/",  # found by fuzzing: Django's HTML 404 page
        "/api/v1/organisations/a%2Fb/",
        "/api/v1/organisations/%C2%A6%0A/",  # a newline, found by fuzzing too
        "/api/v1/commons/assets/%C3%A9t%C3%A9/",
        "/api/v1/no-such-thing/",
        "/api/v1/",
    ],
)
def test_an_address_that_is_not_in_the_api_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not-found"


def test_an_address_without_its_slash_is_still_redirected(client):
    response = client.get("/api/v1/services")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/services/"


# Offerings


def test_offerings_are_live_ones_of_visible_organisations(client):
    live = OfferingFactory(organisation__slug="borsetshire")
    OfferingFactory(organisation__slug="paused", live=False)
    OfferingFactory(organisation__slug="closed", organisation__active=False)

    listed = results(client.get("/api/v1/offerings/"))

    assert listed == [
        {
            "id": live.pk,
            "organisation": {"slug": "borsetshire", "name": live.organisation.name},
            "service": {"code": "pothole", "name": "Report a pothole", "version": 1},
        }
    ]


def test_offerings_filter_by_organisation_and_service(client):
    county = OfferingFactory(organisation__slug="borsetshire").organisation
    OfferingFactory(organisation=county, definition=standard_definition("street-light"))
    OfferingFactory(organisation__slug="elsewhere")

    def pairs(**query) -> set[tuple[str, str]]:
        listed = results(client.get("/api/v1/offerings/", query))
        return {(o["organisation"]["slug"], o["service"]["code"]) for o in listed}

    assert pairs(organisation="borsetshire") == {
        ("borsetshire", "pothole"),
        ("borsetshire", "street-light"),
    }
    assert pairs(service="street-light") == {("borsetshire", "street-light")}
    assert pairs(organisation="nowhere") == set()


# Places


def test_places_names_who_covers_a_point_and_who_is_responsible(client, reference_data):
    roads = client.get("/api/v1/places/", {**PARKERS_PIECE, "function": "highways"}).json()
    bins = client.get("/api/v1/places/", {**PARKERS_PIECE, "function": "waste-collection"}).json()

    assert roads["responsible"]["gss_code"] == "E10000003"  # Cambridgeshire County Council
    assert bins["responsible"]["gss_code"] == "E07000008"  # Cambridge City Council
    covering = {place["gss_code"] for place in roads["covering"]}
    assert {"E10000003", "E07000008"} <= covering
    assert (roads["lat"], roads["lon"], roads["function"]) == (52.2053, 0.1218, "highways")


def test_places_without_a_function_lists_only_the_covering_areas(client, reference_data):
    answer = client.get("/api/v1/places/", PARKERS_PIECE).json()
    assert answer["responsible"] is None and answer["function"] is None
    assert answer["covering"]


def test_places_at_sea_covers_nothing(client, reference_data):
    answer = client.get("/api/v1/places/", {"lat": 50, "lon": -20, "function": "highways"})
    assert answer.json()["covering"] == [] and answer.json()["responsible"] is None


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"lat": "north", "lon": "0.1"}, "lat", "Latitude must be a number"),
        ({"lat": "91", "lon": "0.1"}, "lat", "Latitude must be between -90 and 90"),
        ({"lat": "52", "lon": "181"}, "lon", "Longitude must be between -180 and 180"),
        ({"lat": "nan", "lon": "0.1"}, "lat", "Latitude must be between"),
        ({"lat": "52"}, "lon", "This field is required."),
        ({**PARKERS_PIECE, "function": "bins"}, "function", "Unknown function 'bins'"),
    ],
)
def test_places_refuses_bad_input_naming_the_field(client, query, field, words):
    response = client.get("/api/v1/places/", query)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert words in response.json()[field][0]


def test_public_endpoints_are_read_only(client):
    response = client.post("/api/v1/organisations/", {"name": "Mine"})
    assert response.status_code == 405
    assert response.json()["code"] == "method-not-allowed"
