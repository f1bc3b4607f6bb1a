"""REST v1 commons endpoints: search with facets, one asset, partnerships; who sees what."""

import pytest
import yaml
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import api_token
from commonweal.api.tests.test_v1_schema_conformance import check
from commonweal.commons.models import Adoption, Kind, PartnershipMember, Stage, Visibility
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    AssetVersionFactory,
    InterestFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/commons/assets/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def commons() -> dict:
    """Public software and data, and a members-only contract."""
    planner = AssetFactory(
        title="Bin round planner", slug="planner", kind=Kind.SOFTWARE, stage=Stage.LIVE,
        licence="MIT", lgsl=[524], functions=["waste-collection"], tags=["routing"],
        summary="Plans collection rounds.",
    )  # fmt: skip
    data = AssetFactory(
        title="Collection calendar data", slug="calendar", kind=Kind.DATA_SET,
        licence="OGL-UK-3.0", stage=Stage.BETA, lgsl=[524, 525],
    )  # fmt: skip
    contract = AssetFactory(
        title="Bin lorry framework", slug="framework", kind=Kind.CONTRACT,
        licence="proprietary", visibility=Visibility.MEMBERS,
    )  # fmt: skip
    AdoptionFactory(asset=planner)
    AdoptionFactory(asset=planner, status=Adoption.Status.PILOTING)
    InterestFactory(asset=data)
    return {"planner": planner, "data": data, "contract": contract}


@pytest.fixture
def member():
    return MembershipFactory(role=Role.CASEWORKER).user


# Search


def test_anyone_searches_public_assets_with_facets(commons):
    body = ok(client_for().get(ASSETS, {"q": "bin"}))

    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 20
    assert body["next"] is None and body["previous"] is None
    [planner] = body["results"]
    assert planner["slug"] == "planner"
    assert planner["url"] == "http://testserver/api/v1/commons/assets/planner/"
    assert (planner["adoption_count"], planner["interest_count"]) == (2, 0)
    assert planner["owner"]["kind"] == "district"
    assert set(body["facets"]) == {"kind", "stage", "function", "owner_kind", "lgsl", "licence"}
    assert body["facets"]["kind"] == [
        {"value": "software", "label": "Software or component", "count": 1}
    ]


def test_facets_and_sorts_are_parameters_and_lists_repeat(commons):
    client = client_for()

    kinds = ok(client.get(ASSETS, {"kind": ["software", "data-set"], "sort": "newest"}))
    by_lgsl = ok(client.get(ASSETS, {"lgsl": "525"}))
    by_licence = ok(client.get(ASSETS, {"licence": "ogl-uk-3.0"}))  # any case

    assert [a["slug"] for a in kinds["results"]] == ["calendar", "planner"]
    assert [a["slug"] for a in by_lgsl["results"]] == ["calendar"]
    assert {f["value"]: f["count"] for f in by_lgsl["facets"]["lgsl"]} == {"524": 2, "525": 1}
    assert [a["slug"] for a in by_licence["results"]] == ["calendar"]


def test_a_platform_member_also_finds_members_only_assets(commons, member):
    resident = OrganisationFactory(active=False)  # an organisation that has left
    outsider = MembershipFactory(organisation=resident, role=Role.ADMIN).user

    def found(client) -> set[str]:
        return {a["slug"] for a in ok(client.get(ASSETS))["results"]}

    assert found(client_for()) == found(client_for(outsider)) == {"planner", "calendar"}
    assert found(client_for(member)) == {"planner", "calendar", "framework"}


def test_pages_link_to_each_other(commons):
    first = ok(client_for().get(ASSETS, {"page_size": 1, "sort": "newest"}))
    second = ok(client_for().get(first["next"]))

    assert first["count"] == 2 and "page=2" in first["next"]
    assert second["next"] is None and second["previous"] is not None
    assert "page=" not in second["previous"]
    assert [first["results"][0]["slug"], second["results"][0]["slug"]] == ["calendar", "planner"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"sort": "cheapest"}, "sort",
         "“cheapest” is not a way to sort. Sort by one of: relevance, most-adopted, newest."),
        ({"lgsl": "five"}, "lgsl", "“five” is not an LGSL code: LGSL codes are whole numbers"),
        ({"lgsl": ["524", "1.5"]}, "lgsl", "“1.5” is not an LGSL code"),
        ({"kind": ["software", "spreadsheet"]}, "kind", "Unknown kind: spreadsheet. Choose from:"),
        ({"owner_kind": "alien"}, "owner_kind", "Unknown owner kind: alien."),
        ({"licence": "WTFPL"}, "licence", "Unknown licence: WTFPL."),
        ({"page": "0"}, "page", "Ensure this value is greater than or equal to 1."),
        ({"page_size": "500"}, "page_size", "Ensure this value is less than or equal to 100."),
        ({"page": "two"}, "page", "A valid integer is required."),
        ({"q": "x" * 201}, "q", "Ensure this field has no more than 200 characters."),
    ],
)  # fmt: skip
def test_bad_parameters_are_a_400_naming_each(commons, query, field, message):
    response = client_for().get(ASSETS, query)

    assert response.status_code == 400
    [said] = response.json()[field]
    assert said.startswith(message)


@pytest.mark.parametrize("words", ['"', "AND (", "*", "NEAR(bin", "bin:*", "' OR 1=1 --", "%00"])
def test_any_words_are_searched_safely(commons, words):
    assert ok(client_for().get(ASSETS, {"q": words}))["count"] in (0, 1, 2)


# One asset


def test_an_asset_shows_its_versions_re_use_and_links(commons):
    planner = commons["planner"]
    planner.docs_url = "https://docs.example.org/planner"
    planner.save()
    AssetVersionFactory(asset=planner, number="1", release_notes="First.")
    AssetVersionFactory(asset=planner, number="2", release_notes="Faster.")
    AssetVersionFactory(asset=planner, number="3", published=False, release_notes="Draft.")
    AdoptionFactory(asset=planner, status=Adoption.Status.STOPPED, annual_saving_pounds=9_000)
    planner.adoptions.filter(status=Adoption.Status.ADOPTED).update(annual_saving_pounds=4_000)
    InterestFactory(asset=planner, note="Private: ring Jo on 07700 900123.")

    body = ok(client_for().get(f"{ASSETS}planner/"))

    assert [(v["number"], v["release_notes"]) for v in body["versions"]] == [
        ("2", "Faster."), ("1", "First."),
    ]  # fmt: skip
    assert body["adoptions"] == {"interested": 0, "piloting": 1, "adopted": 1, "stopped": 1}
    assert (body["adoption_count"], body["interest_count"]) == (2, 1)
    assert body["annual_saving_pounds_reported"] == 4_000
    assert body["links"] == {
        "code": None, "documentation": "https://docs.example.org/planner", "contact": None,
    }  # fmt: skip
    assert body["description"] == planner.description
    assert "07700" not in str(body)


def test_members_only_assets_are_not_found_by_outsiders(commons, member):
    assert client_for().get(f"{ASSETS}framework/").status_code == 404
    assert client_for().get(f"{ASSETS}framework/").json() == {
        "detail": "There is no asset “framework”.", "code": "not-found",
    }  # fmt: skip
    assert ok(client_for(member).get(f"{ASSETS}framework/"))["title"] == "Bin lorry framework"
    assert client_for().get(f"{ASSETS}nothing/").status_code == 404


def test_a_copy_names_its_origin_only_to_those_who_may_see_it(commons, member):
    AssetFactory(slug="copy", forked_from=commons["contract"])

    assert ok(client_for().get(f"{ASSETS}copy/"))["forked_from"] is None
    assert ok(client_for(member).get(f"{ASSETS}copy/"))["forked_from"] == "framework"


# Partnerships


def test_partnerships_list_their_members_and_the_assets_you_may_see(commons, member):
    partnership = PartnershipFactory(name="Fenland Shared Services", slug="fenland")
    lead = PartnershipMemberFactory(
        partnership=partnership, role=PartnershipMember.Role.LEAD,
        organisation__name="Zed District Council",
    )  # fmt: skip
    PartnershipMemberFactory(partnership=partnership, organisation__name="Alpha District Council")
    PartnershipMemberFactory(partnership=partnership, organisation__active=False)
    AssetFactory(owner_organisation=None, owner_partnership=partnership)
    AssetFactory(
        owner_organisation=None, owner_partnership=partnership, visibility=Visibility.MEMBERS
    )

    [anonymous] = ok(client_for().get("/api/v1/commons/partnerships/"))["results"]
    [inside] = ok(client_for(member).get("/api/v1/commons/partnerships/"))["results"]

    assert anonymous["name"] == "Fenland Shared Services"
    assert [(m["name"], m["role"]) for m in anonymous["members"]] == [
        ("Zed District Council", "lead"), ("Alpha District Council", "member"),
    ]  # fmt: skip
    assert anonymous["members"][0]["slug"] == lead.organisation.slug
    assert (anonymous["asset_count"], inside["asset_count"]) == (1, 2)


# The document


@pytest.fixture
def openapi() -> dict:
    return yaml.safe_load(APIClient().get("/api/v1/schema/").content)


def test_commons_answers_match_the_document(openapi, commons, member):
    PartnershipMemberFactory(partnership=PartnershipFactory(), role=PartnershipMember.Role.LEAD)
    AssetVersionFactory(asset=commons["planner"], number="1")
    for client in (client_for(), client_for(member)):
        for url, path in [
            (ASSETS, ASSETS),
            (f"{ASSETS}?q=bin&kind=software&page_size=1", ASSETS),
            (f"{ASSETS}?sort=nope&lgsl=x", ASSETS),
            (f"{ASSETS}planner/", f"{ASSETS}{{slug}}/"),
            (f"{ASSETS}framework/", f"{ASSETS}{{slug}}/"),
            ("/api/v1/commons/partnerships/", "/api/v1/commons/partnerships/"),
            ("/api/v1/commons/partnerships/?cursor=bad", "/api/v1/commons/partnerships/"),
        ]:
            check(openapi, client.get(url), path)


def test_a_page_too_far_to_be_any_use_is_400_naming_it(commons):
    response = client_for().get(ASSETS, {"page": "10000000000000000000000"})
    assert response.status_code == 400
    assert set(response.json()) == {"page"}
