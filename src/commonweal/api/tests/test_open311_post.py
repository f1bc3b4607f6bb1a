"""Open311 POST requests: API keys, routing, answers, and every refusal in the error format."""

import pytest
from django.test import Client
from django.utils import timezone

from commonweal.api.open311 import submission
from commonweal.api.tests.test_open311_support import (
    BASE,
    CAMBRIDGE,
    MISSED_BIN,
    POTHOLE,
    councils,
    error_descriptions,
    parse_xml,
)
from commonweal.cases.models import Case, Event
from commonweal.organisations import api_keys
from commonweal.services.models import ServiceOffering

pytestmark = pytest.mark.django_db
LAT, LON = (str(value) for value in CAMBRIDGE)


@pytest.fixture
def setup(reference_data):
    return councils()


@pytest.fixture
def post(client, setup):
    """POST requests.json (or .xml) with the key and a place unless the test says otherwise."""

    def send(fields: dict, *, fmt: str = "json", place: bool = True, key: bool = True):
        data = {**({"lat": LAT, "long": LON} if place else {}), **fields}
        if key:
            data.setdefault("api_key", setup.key)
        return client.post(f"{BASE}/requests.{fmt}", data)

    return send


def test_a_pothole_goes_to_the_county_and_answers_with_its_id(post, setup):
    response = post({"service_code": "pothole", **POTHOLE, "attribute[depth_cm]": "3"})
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    (answer,) = response.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    case = Case.objects.get(reference=answer["service_request_id"])
    assert case.organisation == setup.county
    assert case.channel == "open311"
    assert case.answers == {
        "location": {"lat": 52.2053, "lon": 0.1218},
        "position": "road",
        "depth_cm": 3,
        "dangerous": False,
    }
    assert answer["service_notice"].startswith("Cambridgeshire County Council aims to deal")
    assert answer["account_id"] is None


def test_a_missed_bin_at_the_same_spot_goes_to_the_city_in_xml(post, setup):
    response = post(
        {"service_code": "missed-bin", **MISSED_BIN, "attribute[collection_date]": "2020-01-01"},
        fmt="xml",
    )
    # A date long past is refused (the engine's own rule), which shows the date was read.
    assert "attribute[collection_date]" in error_descriptions(response, 400)[0]
    day = timezone.localdate().isoformat()
    response = post(
        {"service_code": "missed-bin", **MISSED_BIN, "attribute[collection_date]": day},
        fmt="xml",
    )
    assert response.status_code == 201, response.content
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    (request,) = root
    assert request.tag == "request"
    assert [child.tag for child in request] == [
        "service_request_id",
        "service_notice",
        "account_id",
    ]
    case = Case.objects.get(reference=request.findtext("service_request_id"))
    assert case.organisation == setup.city


def test_a_datetime_for_a_date_question_counts_as_its_uk_day(post):
    day = timezone.localdate()
    response = post(
        {
            "service_code": "missed-bin",
            **MISSED_BIN,
            "attribute[collection_date]": f"{day.isoformat()}T09:30:00+00:00",
        }
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.answers["collection_date"] == day.isoformat()


def test_jurisdiction_id_names_the_organisation(post, setup):
    response = post({"service_code": "pothole", **POTHOLE, "jurisdiction_id": "E10000003"})
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.organisation == setup.county


def test_multivaluelist_answers_come_as_repeated_brackets(client, setup):
    response = client.post(
        f"{BASE}/requests.json",
        "&".join(
            [
                f"api_key={setup.key}",
                "service_code=abandoned-vehicle",
                f"lat={LAT}",
                f"long={LON}",
                "attribute%5Bhow_long%5D=over-three-weeks",
                "attribute%5Bcondition%5D%5B%5D=no-plates",
                "attribute%5Bcondition%5D%5B%5D=flat-tyres",
            ]
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.answers["condition"] == ["flat-tyres", "no-plates"]  # the definition's order


def test_description_answers_the_description_question(post):
    response = post({"service_code": "pothole", **POTHOLE, "description": "Deep and wide"})
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.answers["description"] == "Deep and wide"
    assert case.description == "Deep and wide"


def test_media_url_and_the_client_are_kept_in_an_internal_note(post):
    response = post(
        {"service_code": "pothole", **POTHOLE, "media_url": "https://photos.example/1.jpg"}
    )
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    note = Event.objects.get(case=case, kind=Event.Kind.NOTE, public=False)
    assert "Test client" in note.note and "https://photos.example/1.jpg" in note.note
    assert note.data["open311"]["media_url"] == "https://photos.example/1.jpg"


def test_contact_details_go_to_the_reporter_only(post):
    response = post(
        {
            "service_code": "pothole",
            **POTHOLE,
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "phone": "01632 960 001",
            "account_id": "acc-42",
            "device_id": "dev-7",
        }
    )
    (answer,) = response.json()
    assert answer["account_id"] == "acc-42"
    case = Case.objects.select_related("reporter").get(reference=answer["service_request_id"])
    assert case.reporter.name == "Ada Lovelace"
    assert case.reporter.email == "ada@example.org"
    assert case.reporter.phone == "01632 960 001"
    stored = repr(case.answers) + case.description + case.address
    stored += "".join(repr(event.data) + event.note for event in case.events.all())
    for secret in ("Ada", "Lovelace", "ada@example.org", "960 001", "acc-42", "dev-7"):
        assert secret not in stored


def test_address_string_is_geocoded_to_its_first_match(post, setup):
    fields = {"service_code": "missed-bin", **MISSED_BIN}
    fields["attribute[collection_date]"] = timezone.localdate().isoformat()
    response = post({**fields, "address_string": "Cambridge"}, place=False)
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.organisation == setup.city
    assert case.address == "Cambridge"


def test_the_post_is_csrf_exempt(setup):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/requests.json",
        {"api_key": setup.key, "service_code": "pothole", "lat": LAT, "long": LON, **POTHOLE},
    )
    assert response.status_code == 201, response.content


# Refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_api_key_is_403(post, fmt):
    response = post({"service_code": "pothole", **POTHOLE}, fmt=fmt, key=False)
    assert "api_key" in error_descriptions(response, 403)[0]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_wrong_api_key_is_403(post, fmt):
    response = post({"service_code": "pothole", **POTHOLE, "api_key": "not-a-key"}, fmt=fmt)
    error_descriptions(response, 403)
    assert not Case.objects.exists()


def test_a_revoked_api_key_is_403(post, setup):
    client, key = api_keys.create_key(organisation=setup.county, name="Old app")
    api_keys.revoke(client=client)
    response = post({"service_code": "pothole", **POTHOLE, "api_key": key})
    assert "revoked" in error_descriptions(response, 403)[0]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_service_code_is_400(post, fmt):
    response = post(POTHOLE, fmt=fmt)
    assert error_descriptions(response, 400) == ["service_code was not provided."]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_404(post, fmt):
    response = post({"service_code": "dragon-sighting"}, fmt=fmt)
    assert "dragon-sighting" in error_descriptions(response, 404)[0]


def test_an_unknown_jurisdiction_is_404(post):
    response = post({"service_code": "pothole", **POTHOLE, "jurisdiction_id": "nowhere"})
    error_descriptions(response, 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_required_attribute_is_400_naming_it(post, fmt):
    response = post({"service_code": "pothole", "attribute[dangerous]": "false"}, fmt=fmt)
    descriptions = error_descriptions(response, 400)
    assert descriptions[0].startswith("attribute[position]: Select an answer to: Is it in")


def test_a_refused_answer_adds_no_error_about_the_place(post):
    response = post({"service_code": "pothole", "attribute[dangerous]": "false"})
    assert len(error_descriptions(response, 400)) == 1


def test_every_validation_error_is_its_own_entry(post):
    response = post(
        {
            "service_code": "pothole",
            "attribute[depth_cm]": "very",
            "attribute[dangerous]": "perhaps",
            "attribute[colour]": "red",
            "email": "not-an-address",
        }
    )
    descriptions = error_descriptions(response, 400)
    named = {description.split(":")[0] for description in descriptions}
    assert {
        "attribute[position]",
        "attribute[depth_cm]",
        "attribute[dangerous]",
        "attribute[colour]",
        "email",
    } <= named
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("lat", "long"),
    [("north", "0.12"), ("52.2", "east"), ("nan", "0.1"), ("91", "0.1"), ("52", "1e999")],
)
def test_non_numeric_or_impossible_lat_long_is_400(post, lat, long):
    response = post({"service_code": "pothole", **POTHOLE, "lat": lat, "long": long})
    descriptions = error_descriptions(response, 400)
    assert any(d.startswith(("lat ", "long ")) for d in descriptions)


def test_only_one_coordinate_is_400(post):
    response = post({"service_code": "pothole", **POTHOLE, "lat": LAT}, place=False)
    assert error_descriptions(response, 400) == ["Send both lat and long, or neither."]


def test_no_location_at_all_is_400(post):
    response = post({"service_code": "pothole", **POTHOLE}, place=False)
    (description,) = error_descriptions(response, 400)
    assert "lat and long, address_string or address_id" in description


def test_address_id_alone_is_not_supported(post):
    response = post({"service_code": "pothole", **POTHOLE, "address_id": "123"}, place=False)
    (description,) = error_descriptions(response, 400)
    assert "address_id is not supported" in description


def test_an_address_nobody_knows_is_400(post):
    response = post({"service_code": "pothole", **POTHOLE, "address_string": "Zzyzx"}, place=False)
    assert "Zzyzx" in error_descriptions(response, 400)[0]


def test_a_place_outside_every_area_is_400_with_the_message(post):
    response = post({"service_code": "pothole", **POTHOLE, "lat": "0", "long": "-30"})
    (description,) = error_descriptions(response, 400)
    assert "outside every area" in description


def test_an_organisation_not_running_the_service_is_400(post, setup):
    ServiceOffering.objects.filter(organisation=setup.county, service_code="pothole").update(
        live=False
    )
    response = post({"service_code": "pothole", **POTHOLE})
    (description,) = error_descriptions(response, 400)
    assert "Cambridgeshire County Council" in description


def test_a_malformed_attribute_parameter_is_400(post):
    response = post({"service_code": "pothole", **POTHOLE, "attribute[a][b]": "x"})
    assert "attribute[a][b]" in error_descriptions(response, 400)[0]


def test_a_media_url_that_is_not_http_is_400(post):
    response = post({"service_code": "pothole", **POTHOLE, "media_url": "file:///etc/passwd"})
    assert error_descriptions(response, 400) == ["media_url must be an http or https URL."]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_body_over_the_limit_is_413(client, setup, settings, fmt):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = f"api_key={setup.key}&service_code=pothole&description=" + "x" * 2000
    response = client.post(
        f"{BASE}/requests.{fmt}", body, content_type="application/x-www-form-urlencoded"
    )
    assert "1000 bytes" in error_descriptions(response, 413)[0]


def test_an_unexpected_failure_answers_500_in_the_format_and_is_logged(post, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(submission.intake, "submit", broken)
    response = post({"service_code": "pothole", **POTHOLE}, fmt="xml")
    (description,) = error_descriptions(response, 500)
    assert "boom" not in description
    assert "Open311 POST" in caplog.text and "boom" in caplog.text


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"service_code=pothole&description=%00", "application/x-www-form-urlencoded", 400),
        (b"--xx\r\nbroken", "multipart/form-data", 400),
        (b'{"service_code": "pothole"}', "application/json", 403),
        (b"\xff\xfe\x00\x01", "text/plain; charset=bogus", 403),
    ],
)
def test_odd_bodies_are_answered_in_the_error_format(client, setup, body, content_type, status):
    if status == 400:
        body = f"api_key={setup.key}&".encode() + body
    response = client.generic("POST", f"{BASE}/requests.json", body, content_type=content_type)
    error_descriptions(response, status)


def test_nul_in_an_address_is_400(client):
    error_descriptions(client.get(f"{BASE}/services/pot%00hole.xml"), 400)
    error_descriptions(client.get(f"{BASE}/requests.json", {"status": "open\x00"}), 400)
