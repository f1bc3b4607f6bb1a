"""The open catalogue lists every public asset, as JSON and CSV, and never personal data."""

import csv
import io
import json

import pytest
from django.test import RequestFactory
from django.urls import reverse

from commonweal.commons import catalogue
from commonweal.commons.catalogue import CSV_COLUMNS, catalogue_csv, catalogue_json
from commonweal.commons.models import Adoption, Asset, Kind, Stage, Visibility
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    AssetVersionFactory,
    InterestFactory,
    PartnershipFactory,
)
from commonweal.organisations.models import Kind as OrganisationKind
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PERSON = {"full_name": "Philippa Quartermaine", "email": "philippa.q@council.example"}
NOTE = "Ring Philippa on 07700 900123 about the budget."


def fetch(view, method: str = "get"):
    request = getattr(RequestFactory(), method)("/commons/catalogue")
    response = view(request)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8")


def as_json() -> dict:
    response, body = fetch(catalogue_json)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(body)


def as_csv() -> list[dict]:
    response, body = fetch(catalogue_csv)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def planner():
    """A public asset with two published versions, a draft, adopters and interest."""
    from commonweal.accounts.tests.factories import UserFactory

    person = UserFactory(**PERSON)
    county = OrganisationFactory(name="Exampleshire County Council", kind=OrganisationKind.COUNTY)
    asset = AssetFactory(
        title="Bin round planner", slug="bin-round-planner", owner_organisation=county,
        licence="AGPL-3.0-only", stage=Stage.BETA, lgsl=[524, 525],
        functions=["waste-collection"], tags=["routing", "gis"],
        code_url="https://code.example.org/planner", docs_url="https://docs.example.org/planner",
        contact_url="https://example.org/contact", created_by=person,
    )  # fmt: skip
    AssetVersionFactory(asset=asset, number="1.0", release_notes="First.", released_by=person)
    AssetVersionFactory(asset=asset, number="1.1", release_notes="Faster.", released_by=person)
    AssetVersionFactory(asset=asset, number="2.0", published=False, release_notes="Draft.")
    AdoptionFactory(asset=asset, annual_saving_pounds=12_000, notes=NOTE, created_by=person)
    AdoptionFactory(asset=asset, status=Adoption.Status.PILOTING, annual_saving_pounds=3_000)
    AdoptionFactory(asset=asset, status=Adoption.Status.STOPPED, annual_saving_pounds=50_000)
    InterestFactory(asset=asset, note=NOTE, created_by=person)
    return asset


def test_json_lists_each_public_asset_with_its_facts_versions_and_adoptions(planner):
    document = as_json()

    assert document["count"] == 1 and document["licence"] == "OGL-UK-3.0"
    [entry] = document["assets"]
    assert entry["slug"] == "bin-round-planner" and entry["title"] == "Bin round planner"
    assert entry["owner"] == {
        "name": "Exampleshire County Council", "slug": planner.owner_organisation.slug,
        "kind": "county",
    }  # fmt: skip
    assert (entry["kind"], entry["licence"], entry["stage"]) == (
        "software",
        "AGPL-3.0-only",
        "beta",
    )
    assert entry["lgsl"] == [524, 525] and entry["functions"] == ["waste-collection"]
    assert entry["tags"] == ["routing", "gis"]
    assert entry["links"] == {
        "code": "https://code.example.org/planner",
        "documentation": "https://docs.example.org/planner",
        "contact": "https://example.org/contact",
    }
    assert [(v["number"], v["release_notes"]) for v in entry["versions"]] == [
        ("1.1", "Faster."), ("1.0", "First."),
    ]  # fmt: skip
    assert entry["adoptions"] == {"interested": 0, "piloting": 1, "adopted": 1, "stopped": 1}
    assert entry["interests"] == 1
    assert entry["annual_saving_pounds_reported"] == 15_000  # the stopped one's not counted


def test_members_only_assets_and_their_names_stay_out(planner):
    hidden = AssetFactory(title="Members-only contract", visibility=Visibility.MEMBERS)
    AssetFactory(title="Copy of it", slug="copy", forked_from=hidden)
    AssetFactory(title="Copy of the planner", slug="planner-copy", forked_from=planner)

    document = as_json()
    _, csv_body = fetch(catalogue_csv)

    by_slug = {entry["slug"]: entry for entry in document["assets"]}
    assert set(by_slug) == {"bin-round-planner", "copy", "planner-copy"}
    assert document["count"] == 3
    assert by_slug["copy"]["forked_from"] is None
    assert by_slug["planner-copy"]["forked_from"] == "bin-round-planner"
    for body in (json.dumps(document), csv_body):
        assert "Members-only contract" not in body and hidden.slug not in body


def test_no_personal_data_in_either_format(planner):
    _, json_body = fetch(catalogue_json)
    _, csv_body = fetch(catalogue_csv)

    for body in (json_body, csv_body):
        assert "Philippa" not in body and "Quartermaine" not in body
        assert "council.example" not in body and "07700" not in body
    entry = json.loads(json_body)["assets"][0]
    assert not {"created_by", "released_by", "notes", "description"} & set(entry)


def test_owners_name_partnerships_and_the_platforms_standards():
    partnership = PartnershipFactory(name="Fenland Digital Partnership")
    AssetFactory(slug="shared", owner_organisation=None, owner_partnership=partnership)
    Asset.objects.create(
        kind=Kind.SERVICE_DEFINITION, title="Report a pothole", slug="pothole",
        summary="The standard definition.", service_code="pothole", licence="OGL-UK-3.0",
    )  # fmt: skip

    owners = {entry["slug"]: entry["owner"] for entry in as_json()["assets"]}

    assert owners["shared"]["name"] == "Fenland Digital Partnership"
    assert owners["shared"]["kind"] == "partnership"
    assert owners["pothole"] == {
        "name": "Platform standard definitions", "slug": None, "kind": "standard",
    }  # fmt: skip


def test_csv_has_a_header_and_a_row_per_asset_with_the_latest_version(planner):
    AssetFactory(title="Second", slug="second", lgsl=[], tags=[])

    rows = as_csv()

    assert list(rows[0]) == CSV_COLUMNS
    assert [row["slug"] for row in rows] == ["bin-round-planner", "second"]
    first = rows[0]
    assert (first["latest_version"], first["versions"]) == ("1.1", "2")
    assert first["latest_version_released_on"] == str(
        planner.versions.get(number="1.1").released_on
    )
    assert (first["lgsl"], first["tags"]) == ("524;525", "routing;gis")
    assert (first["owner"], first["owner_kind"]) == ("Exampleshire County Council", "county")
    assert (first["adoptions_adopted"], first["adoptions_stopped"], first["interests"]) == (
        "1", "1", "1",
    )  # fmt: skip
    assert rows[1]["latest_version"] == "" and rows[1]["versions"] == "0"


def test_csv_quotes_commas_quotes_and_new_lines_and_is_utf_8():
    AssetFactory(
        slug="tricky", title='Bins, boxes and "bags" — Ynys Môn',
        summary="First line.\nSecond line, with a comma.",
    )  # fmt: skip

    _, body = fetch(catalogue_csv)
    [row] = list(csv.DictReader(io.StringIO(body)))

    assert row["title"] == 'Bins, boxes and "bags" — Ynys Môn'
    assert row["summary"] == "First line.\nSecond line, with a comma."
    assert '"Bins, boxes and ""bags"" — Ynys Môn"' in body


def test_csv_cells_that_a_spreadsheet_would_run_are_defused():
    AssetFactory(slug="formula", title='=HYPERLINK("https://evil.example")', tags=["@sum"])

    [row] = as_csv()

    assert row["title"] == '\'=HYPERLINK("https://evil.example")'
    assert row["tags"] == "'@sum"


def test_the_catalogue_is_read_in_chunks_and_nothing_is_lost(
    monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(catalogue, "CHUNK", 2)
    for n in range(5):
        AssetFactory(slug=f"asset-{n:02}")

    assert [entry["slug"] for entry in as_json()["assets"]] == [f"asset-{n:02}" for n in range(5)]
    with django_assert_max_num_queries(20):  # a few queries a chunk, not a few an asset
        rows = as_csv()
    assert len(rows) == 5


def test_anyone_may_fetch_it_from_anywhere_but_only_read_it(planner):
    response, _ = fetch(catalogue_json)
    csv_response, _ = fetch(catalogue_csv)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert csv_response["Content-Disposition"] == 'attachment; filename="commons-catalogue.csv"'
    assert fetch(catalogue_json, "post")[0].status_code == 405
    assert fetch(catalogue_csv, "post")[0].status_code == 405


def test_an_empty_commons_is_an_empty_catalogue():
    assert as_json()["assets"] == [] and as_csv() == []


def test_the_catalogue_is_served_at_its_addresses(client, planner):
    as_json_response = client.get(reverse("commons:catalogue-json"))
    as_csv_response = client.get(reverse("commons:catalogue-csv"))

    assert reverse("commons:catalogue-json") == "/commons/catalogue.json"
    assert reverse("commons:catalogue-csv") == "/commons/catalogue.csv"
    document = json.loads(b"".join(as_json_response.streaming_content))
    assert [entry["slug"] for entry in document["assets"]] == ["bin-round-planner"]
    rows = list(csv.DictReader(io.StringIO(b"".join(as_csv_response.streaming_content).decode())))
    assert [row["slug"] for row in rows] == ["bin-round-planner"]
