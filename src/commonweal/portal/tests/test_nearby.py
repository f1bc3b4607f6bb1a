"""Reports near a point, as a page and as GeoJSON: no personal data, places rounded."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.cases import lifecycle
from commonweal.cases.lookups import haversine_m
from commonweal.cases.models import Case
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory
from commonweal.portal import nearby
from commonweal.portal.tests.flows import close_pothole, html_of, report

pytestmark = pytest.mark.django_db

HERE = {"lat": "52.2053", "lon": "0.1218"}
PERSONAL = ("Ada Lovelace", "ada@example.net", "01632 960 001", "+441632960001")


@pytest.fixture
def reports(cambridge):
    """A pothole (closed), a missed bin 30 m away and a pothole in London, each reported."""
    staff = MembershipFactory(
        organisation=cambridge.county, role=Role.CASEWORKER, user__full_name="Casey Worker"
    ).user
    pothole = report("pothole", description="Deep hole by the bus stop")
    pothole = lifecycle.add_note(
        case=pothole, actor=staff, text="Internal: resident is a councillor.", public=False,
        expected_version=pothole.version,
    )  # fmt: skip
    pothole = close_pothole(pothole, staff)
    bin_ = report("missed-bin", lat=52.20557, lon=0.12190, description="My neighbour at no. 4")
    return {"pothole": pothole, "bin": bin_}


def geojson(client, **params) -> dict:
    response = client.get("/reports.geojson", {**HERE, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


class TestRounding:
    def test_no_rounding_keeps_the_point(self):
        assert nearby.rounded(52.2053219, 0.1218456, 0) == (52.2053219, 0.1218456)

    def test_rounding_moves_the_point_to_the_centre_of_its_cell(self):
        lat, lon = nearby.rounded(52.20557, 0.12190, 50)

        assert nearby.rounded(lat, lon, 50) == (lat, lon)  # every point of a cell goes there
        assert nearby.rounded(lat + 0.0001, lon - 0.0001, 50) == (lat, lon)
        assert haversine_m(52.20557, 0.12190, lat, lon) <= 25 * 2**0.5 + 1


class TestGeoJSON:
    def test_a_feature_collection_of_the_reports_nearby(self, client, reports):
        data = geojson(client)

        assert data["type"] == "FeatureCollection"
        by_reference = {f["properties"]["reference"]: f for f in data["features"]}
        assert set(by_reference) == {reports["pothole"].reference, reports["bin"].reference}
        pothole = by_reference[reports["pothole"].reference]
        assert pothole["geometry"] == {"type": "Point", "coordinates": [0.1218, 52.2053]}
        assert pothole["properties"] == {
            "reference": reports["pothole"].reference,
            "service_code": "pothole",
            "service_name": "Report a pothole",
            "status": "closed",
            "state": "Fixed",
            "submitted": timezone.localdate().isoformat(),
            "description": "Deep hole by the bus stop",
        }

    def test_a_missed_bin_is_rounded_and_keeps_its_description_private(self, client, reports):
        data = geojson(client)

        feature = next(
            f for f in data["features"] if f["properties"]["service_code"] == "missed-bin"
        )
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == nearby.rounded(52.20557, 0.12190, 50)
        assert (lat, lon) != (52.20557, 0.1219)
        assert "description" not in feature["properties"]
        assert feature["properties"]["status"] == "open"
        assert feature["properties"]["state"] == "Received"

    def test_carries_no_personal_data_and_no_internal_notes(self, client, reports):
        text = client.get("/reports.geojson", HERE).content.decode()

        for secret in (*PERSONAL, "councillor", "Casey Worker", "My neighbour"):
            assert secret not in text

    def test_filters_by_service_and_status(self, client, reports):
        bins = geojson(client, service="missed-bin")
        closed = geojson(client, status="closed")
        open_ = geojson(client, status="open")

        assert [f["properties"]["service_code"] for f in bins["features"]] == ["missed-bin"]
        assert [f["properties"]["service_code"] for f in closed["features"]] == ["pothole"]
        assert [f["properties"]["service_code"] for f in open_["features"]] == ["missed-bin"]

    def test_only_within_the_radius_and_the_last_90_days(self, client, reports):
        far = report("pothole", lat=52.2153, lon=0.1218)  # about 1.1 km north
        old = report("pothole", lat=52.2054, lon=0.1218)
        Case.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=91))

        near = {f["properties"]["reference"] for f in geojson(client, radius="1000")["features"]}
        wide = {f["properties"]["reference"] for f in geojson(client, radius="2000")["features"]}

        assert far.reference not in near and far.reference in wide
        assert old.reference not in wide

    def test_newest_first_and_at_most_the_limit(self, cambridge):
        made = [report("pothole", lat=52.2053 + n / 100_000) for n in range(5)]

        found = nearby.reports(lat=52.2053, lon=0.1218, radius=500, limit=3)

        assert [r.reference for r in found] == [c.reference for c in made[::-1][:3]]

    def test_looks_past_the_first_chunk_of_newer_reports_outside_the_radius(self, cambridge):
        near = report("pothole", lat=52.2053, lon=0.1218)
        far = report("pothole", lat=52.2103, lon=0.1218)  # about 550 m north: in the box
        copies = []
        for n in range(25):  # three chunks for a limit of 3: 6, 12, then 24 rows
            copy = Case.objects.get(pk=far.pk)
            copy.pk, copy.reporter = None, None
            copy.reference = f"CW-TEST-{n:04d}"
            copy.submitted_at = far.submitted_at + timedelta(seconds=n + 1)
            copies.append(copy)
        Case.objects.bulk_create(copies)

        found = nearby.reports(lat=52.2053, lon=0.1218, radius=100, limit=3)

        assert [r.reference for r in found] == [near.reference]

    @pytest.mark.parametrize(
        ("params", "field"),
        [({"lat": "north"}, "lat"), ({"lon": "200"}, "lon"), ({"radius": "7"}, "radius"),
         ({"service": "teleport"}, "service"), ({"status": "lost"}, "status")],
    )  # fmt: skip
    def test_bad_parameters_are_refused_by_name(self, client, cambridge, params, field):
        response = client.get("/reports.geojson", {**HERE, **params})

        assert response.status_code == 400
        assert field in json.loads(response.content)["errors"]

    def test_without_a_point_is_refused(self, client):
        response = client.get("/reports.geojson")

        assert response.status_code == 400
        assert set(json.loads(response.content)["errors"]) == {"lat", "lon"}


class TestPage:
    def test_asks_where_before_showing_anything(self, client, cambridge):
        html = html_of(client.get("/reports/"))

        assert "<title>Reports near a place \N{EN DASH} Commonweal</title>" in html
        assert 'for="id_lat">Latitude</label>' in html
        assert "govuk-table" not in html and "govuk-error-summary" not in html
        assert '<option value="pothole">Report a pothole</option>' in html

    def test_lists_the_reports_with_a_map_and_the_geojson_link(self, client, reports):
        html = html_of(client.get("/reports/", HERE))

        assert "2 reports within 1000 metres" in html
        assert f'href="/track/{reports["pothole"].reference}/"' in html
        assert "Deep hole by the bus stop" in html
        assert 'data-cw-map="reports"' in html
        assert 'href="/reports.geojson?lat=52.2053&amp;lon=0.1218"' in html
        for secret in (*PERSONAL, "councillor", "Casey Worker", "My neighbour"):
            assert secret not in html

    def test_a_bad_point_is_named_and_kept(self, client, cambridge):
        html = html_of(client.get("/reports/", {"lat": "north", "lon": "0.1"}))

        assert "<title>Error: Reports near a place \N{EN DASH} Commonweal</title>" in html
        assert '<li><a href="#id_lat">The latitude must be a number, like 52.2053</a></li>' in html
        assert 'value="north"' in html
