"""Open-data files: what the CSV and JSON hold, rounding and descriptions per definition,
batches, remaking, the pages that list and serve them, and the command."""

import csv
import hashlib
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from commonweal.cases.lookups import haversine_m
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory, standard_definition
from commonweal.core.grid import rounded
from commonweal.insight import open_data
from commonweal.insight.models import OpenDataFile
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
EXACT = (52.205337, 0.121817)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def council():
    organisation = OrganisationFactory(name="Wessex County Council", slug="wessex")
    return {
        "organisation": organisation,
        "pothole": OfferingFactory(organisation=organisation),
        "noise": OfferingFactory(
            organisation=organisation, definition=standard_definition("noise-complaint")
        ),
        "bin": OfferingFactory(
            organisation=organisation, definition=standard_definition("missed-bin")
        ),
    }


def case(offering, **fields):
    fields.setdefault("lat", EXACT[0])
    fields.setdefault("lon", EXACT[1])
    return CaseFactory(offering=offering, **fields)


def stored(organisation, fmt: str) -> bytes:
    record = OpenDataFile.objects.get(organisation=organisation, format=fmt)
    with default_storage.open(record.name, "rb") as file:
        return file.read()


def csv_rows(organisation) -> list[dict[str, str]]:
    text = stored(organisation, "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def json_doc(organisation) -> dict:
    return json.loads(stored(organisation, "json").decode("utf-8"))


class TestTheFiles:
    def test_a_csv_row_and_a_json_item_per_case_with_the_public_fields(self, council):
        submitted = datetime(2026, 3, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # 31 March in UK
        pothole = case(
            council["pothole"], submitted_at=submitted, description="Deep hole by the bus stop",
            channel="phone", address="12 Acacia Avenue",
        )  # fmt: skip
        closed = case(
            council["pothole"], submitted_at=submitted + timedelta(days=1), state="fixed",
            closed_at=submitted + timedelta(days=3),
        )  # fmt: skip

        made = open_data.make(organisation=council["organisation"])

        assert made.rows == 2
        rows = csv_rows(council["organisation"])
        assert list(rows[0]) == list(open_data.COLUMNS)
        assert [row["reference"] for row in rows] == [pothole.reference, closed.reference]
        first = rows[0]
        assert first["service_code"] == "pothole"
        assert first["service_name"] == pothole.definition.name
        assert first["organisation"] == "Wessex County Council"
        assert first["open"] == "yes" and rows[1]["open"] == "no"
        assert first["submitted_on"] == "2026-03-31"
        assert first["due_on"] == "2026-04-14"
        assert first["closed_on"] == "" and rows[1]["closed_on"] == "2026-04-03"  # 00:30 BST
        assert first["channel"] == "phone"
        assert first["status"] != "" and rows[1]["status"] != "fixed"  # labels, not ids
        assert first["description"] == "Deep hole by the bus stop"
        assert "Acacia" not in stored(council["organisation"], "csv").decode()

        document = json_doc(council["organisation"])
        assert document["organisation"] == {"name": "Wessex County Council", "slug": "wessex"}
        assert document["licence"]["url"] == open_data.LICENCE_URL
        assert document["fields"] == list(open_data.COLUMNS)
        items = document["cases"]
        assert [item["reference"] for item in items] == [pothole.reference, closed.reference]
        assert items[0]["open"] is True and items[1]["open"] is False
        assert items[0]["submitted_on"] == "2026-03-31"
        assert items[0]["closed_on"] is None
        assert items[0]["latitude"] == float(first["latitude"])

    def test_places_are_rounded_to_100_metres_or_what_the_definition_asks(self, council):
        for offering in (council["pothole"], council["noise"], council["bin"]):
            case(offering)

        open_data.make(organisation=council["organisation"])

        items = json_doc(council["organisation"])["cases"]
        by_service = {item["service_code"]: item for item in items}
        # pothole rounds nothing and missed bins 50 m: both get the open-data floor of 100 m
        expected = {"pothole": 100, "missed-bin": 100, "noise-complaint": 250}
        for code, metres in expected.items():
            item = by_service[code]
            assert item["location_rounded_to_metres"] == metres
            assert (item["latitude"], item["longitude"]) == rounded(*EXACT, metres)
            assert 0 < haversine_m(*EXACT, item["latitude"], item["longitude"]) < metres
        for fmt in ("csv", "json"):
            assert str(EXACT[0]) not in stored(council["organisation"], fmt).decode()

    def test_a_case_without_a_place_has_empty_coordinates(self, council):
        case(council["pothole"], lat=None, lon=None)
        case(council["pothole"], lat=None, lon=EXACT[1])  # half a place: nothing shown

        open_data.make(organisation=council["organisation"])

        for row in csv_rows(council["organisation"]):
            place = (row["latitude"], row["longitude"], row["location_rounded_to_metres"])
            assert place == ("", "", "")

    def test_descriptions_only_where_the_definition_makes_them_public(self, council):
        case(council["pothole"], description="Hole outside the library")
        case(council["noise"], description="Loud music from number 7 every night")
        case(council["bin"], description="Left out by the gate of 3 Mill Lane")

        open_data.make(organisation=council["organisation"])

        rows = {row["service_code"]: row for row in csv_rows(council["organisation"])}
        assert rows["pothole"]["description"] == "Hole outside the library"
        assert rows["noise-complaint"]["description"] == ""
        assert rows["missed-bin"]["description"] == ""
        for fmt in ("csv", "json"):
            text = stored(council["organisation"], fmt).decode()
            assert "number 7" not in text and "Mill Lane" not in text

    def test_the_csv_cannot_run_a_formula_and_the_json_keeps_the_text(self, council):
        case(council["pothole"], description='=HYPERLINK("http://example.com","Click")')

        open_data.make(organisation=council["organisation"])

        assert csv_rows(council["organisation"])[0]["description"].startswith("'=HYPERLINK")
        assert json_doc(council["organisation"])["cases"][0]["description"].startswith("=HYP")

    def test_answers_and_other_organisations_cases_are_left_out(self, council):
        case(council["pothole"], answers={"position": "road", "note": "Call Zed on 07700900123"})
        other = OfferingFactory(organisation=OrganisationFactory(slug="elsewhere"))
        stranger = case(other)

        open_data.make(organisation=council["organisation"])

        for fmt in ("csv", "json"):
            text = stored(council["organisation"], fmt).decode()
            assert "07700900123" not in text and "road" not in text
            assert stranger.reference not in text

    def test_records_say_how_many_rows_how_big_and_the_hash(self, council):
        case(council["pothole"])
        now = datetime(2026, 4, 1, 9, 0, 0, 123456, tzinfo=LONDON)

        made = open_data.make(organisation=council["organisation"], now=now)

        assert {record.format for record in made.files} == {"csv", "json"}
        for record in made.files:
            data = stored(council["organisation"], record.format)
            assert record.rows == 1
            assert record.bytes == len(data)
            assert record.sha256 == hashlib.sha256(data).hexdigest()
            assert record.made_at == now.replace(microsecond=0)

    def test_an_organisation_without_cases_gets_files_with_headings_only(self, council):
        open_data.make(organisation=council["organisation"])

        assert csv_rows(council["organisation"]) == []
        assert json_doc(council["organisation"])["cases"] == []


class TestBatches:
    def test_every_case_once_oldest_first_across_batches_and_equal_times(self, council):
        start = datetime(2026, 3, 2, 9, tzinfo=LONDON)
        times = [start, start, start, start + timedelta(hours=1), start - timedelta(days=1)]
        cases = [case(council["pothole"], submitted_at=when) for when in times]

        batches = list(open_data.case_batches(organisation_id=council["organisation"].pk, size=2))

        assert [len(batch) for batch in batches] == [2, 2, 1]
        expected = sorted(cases, key=lambda c: (c.submitted_at, c.pk))
        seen = [row[open_data._READ.index("reference")] for batch in batches for row in batch]
        assert seen == [c.reference for c in expected]

    def test_the_files_are_the_same_whatever_the_batch_size(self, council):
        for _ in range(5):
            case(council["pothole"])
        now = datetime(2026, 4, 1, 9, tzinfo=LONDON)

        small = open_data.make(organisation=council["organisation"], now=now, size=2)
        hashes = {record.format: record.sha256 for record in small.files}
        large = open_data.make(organisation=council["organisation"], now=now, size=1000)

        assert {record.format: record.sha256 for record in large.files} == hashes

    def test_each_batch_is_one_query(self, council, django_assert_max_num_queries):
        for _ in range(6):
            case(council["pothole"])
        organisation_id = council["organisation"].pk

        with django_assert_max_num_queries(4):  # three batches and the empty one after
            list(open_data.case_batches(organisation_id=organisation_id, size=2))


class TestRemaking:
    def test_making_again_replaces_the_files_and_removes_the_old_ones(
        self, council, django_capture_on_commit_callbacks
    ):
        case(council["pothole"])
        first = open_data.make(
            organisation=council["organisation"], now=datetime(2026, 4, 1, tzinfo=LONDON)
        )
        old_names = [record.name for record in first.files]
        case(council["pothole"])

        with django_capture_on_commit_callbacks(execute=True):
            again = open_data.make(
                organisation=council["organisation"], now=datetime(2026, 4, 2, tzinfo=LONDON)
            )

        assert OpenDataFile.objects.count() == 2
        assert {record.rows for record in again.files} == {2}
        assert all(not default_storage.exists(name) for name in old_names)
        assert len(csv_rows(council["organisation"])) == 2

    def test_only_active_organisations_that_run_a_service_publish(self, council):
        OrganisationFactory(slug="runs-nothing")
        OfferingFactory(organisation=OrganisationFactory(slug="closed-down", active=False))

        made = open_data.make_all()

        assert [each.organisation.slug for each in made] == ["wessex"]


class TestPages:
    def test_the_list_shows_each_file_its_licence_and_when_it_was_made(self, client, council):
        case(council["pothole"])
        open_data.make(
            organisation=council["organisation"], now=datetime(2026, 4, 1, 9, 30, tzinfo=LONDON)
        )

        page = client.get("/open-data/")

        assert page.status_code == 200
        html = page.content.decode()
        assert "Wessex County Council" in html
        assert 'href="/open-data/wessex/cases.csv"' in html
        assert 'href="/open-data/wessex/cases.json"' in html
        assert open_data.LICENCE_URL in html and "Open Government Licence v3.0" in html
        assert "1 April 2026, 09:30" in html
        assert "How the data is made anonymous" in html

    def test_the_list_says_when_nothing_is_made_yet(self, client, council):
        html = client.get("/open-data/").content.decode()

        assert "No files have been made yet" in html

    def test_the_footer_links_to_open_data(self, client, council):
        html = client.get("/open-data/").content.decode()

        assert '<a class="govuk-footer__link" href="/open-data/">Open data</a>' in html

    @pytest.mark.parametrize("fmt", ["csv", "json"])
    def test_a_download_is_the_stored_file(self, client, council, fmt):
        case(council["pothole"])
        open_data.make(organisation=council["organisation"])
        record = OpenDataFile.objects.get(format=fmt)

        response = client.get(f"/open-data/wessex/cases.{fmt}")

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored(council["organisation"], fmt)
        assert response["ETag"] == f'"{record.sha256}"'
        wanted = "text/csv" if fmt == "csv" else "application/json"
        assert response["Content-Type"].startswith(wanted)
        assert "wessex-cases." + fmt in response["Content-Disposition"]

    def test_a_client_holding_the_current_file_is_told_it_has_not_changed(self, client, council):
        case(council["pothole"])
        open_data.make(organisation=council["organisation"])
        etag = client.get("/open-data/wessex/cases.json")["ETag"]

        again = client.get("/open-data/wessex/cases.json", headers={"If-None-Match": etag})

        assert again.status_code == 304
        assert client.head("/open-data/wessex/cases.json").status_code == 200

    def test_a_file_not_made_yet_is_404_with_a_page_saying_so(self, client, council):
        response = client.get("/open-data/wessex/cases.csv")

        assert response.status_code == 404
        html = response.content.decode()
        assert "The CSV file for Wessex County Council has not been made yet" in html
        assert 'href="/open-data/"' in html

    def test_an_unknown_or_inactive_organisation_is_404(self, client, council):
        council["organisation"].active = False
        council["organisation"].save()

        assert client.get("/open-data/wessex/cases.json").status_code == 404
        assert client.get("/open-data/nobody/cases.json").status_code == 404


class TestCommand:
    def test_makes_one_organisations_files(self, council):
        case(council["pothole"])
        out = io.StringIO()

        call_command("open_data", organisation="wessex", stdout=out)

        assert "Wessex County Council: 1 request." in out.getvalue()
        assert OpenDataFile.objects.filter(organisation=council["organisation"]).count() == 2

    def test_an_unknown_organisation_is_an_error(self, council):
        with pytest.raises(CommandError, match="nobody"):
            call_command("open_data", organisation="nobody", stdout=io.StringIO())
