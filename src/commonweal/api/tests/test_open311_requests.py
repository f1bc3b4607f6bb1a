"""Open311 GET requests, requests/{id} and tokens/{token}: fields, filters, limits, privacy."""

import math
from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from commonweal.accounts.tests.factories import UserFactory
from commonweal.api.open311 import queries
from commonweal.api.tests.test_open311_support import (
    BASE,
    CAMBRIDGE,
    MISSED_BIN,
    POTHOLE,
    both_formats,
    councils,
    error_descriptions,
    parse_xml,
    pothole_case,
)
from commonweal.cases import intake, lifecycle
from commonweal.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture
def setup(reference_data):
    return councils()


def _ids(found: list[dict]) -> list[str]:
    return [request["service_request_id"] for request in found]


def test_requests_carry_every_field_of_the_specification(client, setup):
    case = pothole_case(description="Deep and wide")
    found, root, status = both_formats(client, f"{BASE}/requests")
    assert status == 200
    assert root.tag == "service_requests" and [child.tag for child in root] == ["request"]
    assert [child.tag for child in root[0]] == REQUEST_FIELDS
    (request,) = found
    assert request["service_request_id"] == case.reference
    assert request["status"] == "open"
    assert request["status_notes"] is None
    assert request["service_name"] == "Report a pothole"
    assert request["service_code"] == "pothole"
    assert request["description"] == "Deep and wide"
    assert request["agency_responsible"] == "Cambridgeshire County Council"
    assert request["service_notice"].startswith("Cambridgeshire County Council aims to deal")
    assert request["requested_datetime"] == timezone.localtime(case.submitted_at).isoformat(
        timespec="seconds"
    )
    assert request["expected_datetime"][-6:] in ("+00:00", "+01:00")
    assert (request["lat"], request["long"]) == CAMBRIDGE
    assert request["address_id"] is None and request["zipcode"] is None


def test_a_closed_request_shows_its_latest_public_note_only(client, setup):
    case = pothole_case()
    worker = UserFactory()
    Membership.objects.create(user=worker, organisation=setup.county, role=Role.CASEWORKER)
    case = lifecycle.add_note(
        case=case, actor=worker, text="Internal: crew busy", public=False, expected_version=1
    )
    lifecycle.transition(
        case=case,
        transition="no-action",
        actor=worker,
        expected_version=case.version,
        public_note="The hole is within the safe limit.",
    )
    found, _, _ = both_formats(client, f"{BASE}/requests/{case.reference}")
    (request,) = found
    assert request["status"] == "closed"
    assert request["status_notes"] == "The hole is within the safe limit."
    assert request["service_notice"] is None
    closed, _, _ = both_formats(client, f"{BASE}/requests", data={"status": "closed"})
    assert _ids(closed) == [case.reference]
    assert both_formats(client, f"{BASE}/requests", data={"status": "open"})[0] == []


def test_newest_first_in_pages_with_a_link_to_the_next(client, setup):
    now = timezone.now()
    cases = [pothole_case(now=now - timedelta(hours=hours)) for hours in (3, 1, 2)]
    found, _, _ = both_formats(client, f"{BASE}/requests")
    assert _ids(found) == [cases[1].reference, cases[2].reference, cases[0].reference]

    first = client.get(f"{BASE}/requests.json", {"status": "open", "page_size": "2"})
    assert _ids(first.json()) == [cases[1].reference, cases[2].reference]
    assert first["Link"] == (f'<{BASE}/requests.json?status=open&page_size=2&page=2>; rel="next"')
    second = client.get(f"{BASE}/requests.json", {"status": "open", "page_size": "2", "page": 2})
    assert _ids(second.json()) == [cases[0].reference]
    assert "Link" not in second
    assert client.get(f"{BASE}/requests.json", {"page": "3", "page_size": "2"}).json() == []


def test_a_list_is_50_requests_unless_the_client_asks_for_up_to_1000(client, setup):
    now = timezone.now()
    for minutes in range(52):
        pothole_case(now=now - timedelta(minutes=minutes))
    assert len(client.get(f"{BASE}/requests.json").json()) == 50
    assert len(client.get(f"{BASE}/requests.json", {"page_size": 1000}).json()) == 52
    assert len(client.get(f"{BASE}/requests.json", {"page": 2}).json()) == 2


@pytest.mark.parametrize("merge_up_to", [3, 1], ids=["merged", "scanned"])
def test_a_list_of_several_services_is_newest_first_across_pages(
    client, setup, monkeypatch, merge_up_to
):
    monkeypatch.setattr(queries, "MERGE_UP_TO", merge_up_to)
    now = timezone.now()
    made = {}
    for minutes in range(7):
        at = now - timedelta(minutes=minutes)
        if minutes % 3:
            made[minutes] = pothole_case(now=at)
        else:
            made[minutes] = intake.submit(
                service_code="missed-bin",
                answers={
                    "bin_type": "recycling",
                    "out_on_time": True,
                    "collection_date": timezone.localdate(at).isoformat(),
                },
                channel="web",
                lat=CAMBRIDGE[0],
                lon=CAMBRIDGE[1],
                now=at,
            )
    assert {case.offering_id for case in made.values()} == {
        made[0].offering_id,
        made[1].offering_id,
    }
    newest_first = [made[minutes].reference for minutes in range(7)]

    pages = [
        _ids(
            client.get(
                f"{BASE}/requests.json",
                {"service_code": "missed-bin,pothole", "page_size": 3, "page": page},
            ).json()
        )
        for page in (1, 2, 3)
    ]

    assert pages == [newest_first[0:3], newest_first[3:6], newest_first[6:7]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page_size": "0"}, "page_size must be a whole number from 1 to 1,000 (not “0”)."),
        ({"page_size": "1001"}, "page_size must be a whole number from 1 to 1,000"),
        ({"page": "two"}, "page must be a whole number from 1 to 10,000 (not “two”)."),
        ({"page": "²"}, "page must be a whole number"),
        ({"page": "-1"}, "page must be a whole number"),
        ({"page": "201", "page_size": "500"}, "Paging reaches at most the first 100,000"),
    ],
)
def test_a_bad_page_is_refused(client, setup, query, message):
    assert error_descriptions(client.get(f"{BASE}/requests.json", query), 400)[0].startswith(
        message
    )


def test_by_default_only_the_last_90_days(client, setup):
    now = timezone.now()
    old = pothole_case(now=now - timedelta(days=100))
    recent = pothole_case(now=now - timedelta(days=10))
    assert _ids(client.get(f"{BASE}/requests.json").json()) == [recent.reference]
    start = (now - timedelta(days=101)).isoformat(timespec="seconds")
    found = client.get(f"{BASE}/requests.json", {"start_date": start}).json()
    assert _ids(found) == [old.reference]
    end = (now - timedelta(days=50)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    found = client.get(f"{BASE}/requests.json", {"end_date": end}).json()
    assert _ids(found) == [old.reference]


def test_service_request_id_overrides_the_other_filters(client, setup):
    now = timezone.now()
    old = pothole_case(now=now - timedelta(days=200))
    recent = pothole_case()
    wanted = f"{old.reference.lower()}, {recent.reference},CW-2222-2222,nonsense"
    found, _, _ = both_formats(
        client,
        f"{BASE}/requests",
        data={"service_request_id": wanted, "status": "closed", "service_code": "graffiti"},
    )
    assert _ids(found) == [recent.reference, old.reference]


def test_service_code_takes_a_comma_list(client, setup):
    pothole = pothole_case()
    found = client.get(f"{BASE}/requests.json", {"service_code": "missed-bin"}).json()
    assert found == []
    found = client.get(f"{BASE}/requests.json", {"service_code": "missed-bin,pothole"}).json()
    assert _ids(found) == [pothole.reference]
    found = client.get(f"{BASE}/requests.json", {"service_code": "no-such-code"}).json()
    assert found == []


def test_jurisdiction_id_narrows_to_one_organisation(client, setup):
    case = pothole_case()
    county = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "E10000003"}).json()
    assert _ids(county) == [case.reference]
    assert client.get(f"{BASE}/requests.json", {"jurisdiction_id": "cambridge"}).json() == []
    response = client.get(
        f"{BASE}/requests/{case.reference}.json", {"jurisdiction_id": "cambridge"}
    )
    error_descriptions(response, 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"start_date": "yesterday"}, "start_date must be a W3C datetime"),
        ({"end_date": "2026-03-27"}, "end_date must be a W3C datetime"),
        ({"start_date": "2026-03-27T10:15:00"}, "with its time zone"),
        ({"start_date": "2026-02-30T10:15:00Z"}, "not a real date"),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"},
            "may not span more than 90 days",
        ),
        (
            {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},
            "end_date must not be before start_date",
        ),
        ({"start_date": "9999-12-31T00:00:00Z"}, "between the years 1 and 9999"),
        ({"status": "pending"}, "status must be open or closed"),
    ],
)
def test_bad_filters_are_400(client, fmt, query, expected):
    response = client.get(f"{BASE}/requests.{fmt}", query)
    (description,) = error_descriptions(response, 400)
    assert expected in description


def test_exactly_90_days_and_an_unencoded_plus_are_accepted(client):
    response = client.get(
        f"{BASE}/requests.json",
        {"start_date": "2026-01-01T00:00:00+00:00", "end_date": "2026-04-01T00:00:00 00:00"},
    )
    assert response.status_code == 200, response.content


def test_reads_take_the_same_few_queries_however_many_requests(
    client, setup, django_assert_max_num_queries
):
    for _ in range(6):
        pothole_case()
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{BASE}/requests.json").json()) == 6


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_or_token_is_404(client, fmt):
    for path in ("requests/CW-2222-2222", "requests/whatever", "tokens/CW-2222-2222"):
        error_descriptions(client.get(f"{BASE}/{path}.{fmt}"), 404)


def test_a_token_equal_to_the_reference_gives_the_request_id(client, setup):
    case = pothole_case()
    found, root, status = both_formats(client, f"{BASE}/tokens/{case.reference}")
    assert status == 200
    assert found == [{"service_request_id": case.reference, "token": case.reference}]
    assert [child.tag for child in root[0]] == ["service_request_id", "token"]


# Privacy ----------------------------------------------------------------------------

PERSONAL = {
    "first_name": "Zebedee",
    "last_name": "Quartermaine",
    "email": "zebedee@example.org",
    "phone": "07700 900 982",
}


def _everything(client, reference: str) -> str:
    bodies = []
    for fmt in ("json", "xml"):
        for path in ("requests", f"requests/{reference}", f"tokens/{reference}"):
            response = client.get(f"{BASE}/{path}.{fmt}")
            assert response.status_code == 200
            bodies.append(response.content.decode())
    return "\n".join(bodies)


def test_no_reporter_data_in_any_response(client, setup):
    response = client.post(
        f"{BASE}/requests.xml",
        {
            "api_key": setup.key,
            "service_code": "pothole",
            "lat": str(CAMBRIDGE[0]),
            "long": str(CAMBRIDGE[1]),
            **POTHOLE,
            **PERSONAL,
            "account_id": "acct-zq",
            "device_id": "device-zq",
        },
    )
    assert response.status_code == 201
    reference = response.content.decode().split("<service_request_id>")[1].split("<")[0]
    seen = _everything(client, reference) + response.content.decode()
    for secret in (*PERSONAL.values(), "900 982", "+447700", "device-zq"):
        assert secret not in seen


def test_a_private_definition_hides_description_media_and_address_and_rounds_the_place(
    client, setup
):
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": setup.key,
            "service_code": "missed-bin",
            "lat": str(CAMBRIDGE[0]),
            "long": str(CAMBRIDGE[1]),
            "address_string": "12 Example Road",
            **MISSED_BIN,
            "attribute[collection_date]": timezone.localdate().isoformat(),
            "description": "The neighbour at number 14 moved it",
            "media_url": "https://photos.example/bin.jpg",
            **PERSONAL,
        },
    )
    assert response.status_code == 201, response.content
    reference = response.json()[0]["service_request_id"]
    (request,) = client.get(f"{BASE}/requests/{reference}.json").json()
    assert request["description"] is None
    assert request["media_url"] is None
    assert request["address"] is None
    assert (request["lat"], request["long"]) != CAMBRIDGE
    north = (request["lat"] - CAMBRIDGE[0]) * 111_320
    east = (request["long"] - CAMBRIDGE[1]) * 111_320 * math.cos(math.radians(CAMBRIDGE[0]))
    assert math.hypot(north, east) <= 50
    seen = _everything(client, reference)
    for secret in ("neighbour", "12 Example Road", "bin.jpg", *PERSONAL.values()):
        assert secret not in seen


def test_a_public_definition_shows_description_media_and_address(client, setup):
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": setup.key,
            "service_code": "pothole",
            "lat": str(CAMBRIDGE[0]),
            "long": str(CAMBRIDGE[1]),
            "address_string": "Mill Road",
            **POTHOLE,
            "description": "By the bus stop",
            "media_url": "https://photos.example/hole.jpg",
        },
    )
    reference = response.json()[0]["service_request_id"]
    (request,) = client.get(f"{BASE}/requests/{reference}.json").json()
    assert request["description"] == "By the bus stop"
    assert request["media_url"] == "https://photos.example/hole.jpg"
    assert request["address"] == "Mill Road"
    assert (request["lat"], request["long"]) == CAMBRIDGE


def test_characters_xml_cannot_carry_are_left_out_of_xml_only(client, setup):
    pothole_case(description="Bell\x07 rings <loudly> & long")
    found = client.get(f"{BASE}/requests.json").json()
    assert found[0]["description"] == "Bell\x07 rings <loudly> & long"
    xml = client.get(f"{BASE}/requests.xml")
    assert xml.status_code == 200
    assert parse_xml(xml.content).findtext("request/description") == "Bell rings <loudly> & long"
