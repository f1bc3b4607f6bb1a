"""Following a request: the public timeline only, never internal notes or personal data."""

import pytest

from commonweal.cases import lifecycle
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory
from commonweal.portal.tests.flows import close_pothole, html_of, report

pytestmark = pytest.mark.django_db

PERSONAL = ("Ada Lovelace", "ada@example.net", "01632 960 001", "960 001")


@pytest.fixture
def caseworker(cambridge):
    return MembershipFactory(
        organisation=cambridge.county, role=Role.CASEWORKER, user__full_name="Casey Worker",
        user__email="casey@county.example",
    ).user  # fmt: skip


class TestFindingARequest:
    def test_the_page_asks_for_a_reference(self, client):
        html = html_of(client.get("/track/"))

        assert "<title>Follow a request \N{EN DASH} Commonweal</title>" in html
        assert '<label class="govuk-label" for="id_reference">Reference</label>' in html

    def test_a_reference_typed_loosely_finds_the_request(self, client, cambridge):
        case = report()
        typed = case.reference.lower().replace("-", " ")

        response = client.get("/track/", {"reference": typed})

        assert response.headers["Location"] == f"/track/{case.reference}/"

    def test_a_malformed_reference_is_named_and_kept(self, client):
        html = html_of(client.get("/track/", {"reference": "12345"}))

        assert "<title>Error: Follow a request \N{EN DASH} Commonweal</title>" in html
        assert '<li><a href="#id_reference">Enter a reference in the right form' in html
        assert 'value="12345"' in html

    def test_an_unknown_reference_says_so(self, client, cambridge):
        html = html_of(client.get("/track/", {"reference": "CW-2222-2222"}))

        assert "No request has the reference CW-2222-2222." in html

    def test_an_empty_reference(self, client):
        html = html_of(client.get("/track/", {"reference": ""}))

        assert "Enter your reference, like CW-7K3F-9Q2M" in html


class TestRequestPage:
    def test_shows_status_organisation_and_due_date(self, client, cambridge):
        case = report()

        html = html_of(client.get(f"/track/{case.reference}/"))

        assert f"<title>Request {case.reference} \N{EN DASH} Commonweal</title>" in html
        assert "Report a pothole" in html
        assert '<strong class="govuk-tag govuk-tag--blue">Received</strong>' in html
        assert 'href="/organisations/cambridgeshire/">Cambridgeshire County Council</a>' in html
        assert "Should be dealt with by" in html
        assert "Request sent" in html and "Status: Received" in html

    def test_the_timeline_has_public_labels_and_notes_only(self, client, cambridge, caseworker):
        case = report()
        case = lifecycle.add_note(
            case=case, actor=caseworker, text="Resident sounds cross; check CCTV.", public=False,
            expected_version=case.version,
        )  # fmt: skip
        close_pothole(case, caseworker, internal="Crew B to attend, overtime approved.")

        html = html_of(client.get(f"/track/{case.reference}/"))

        assert "Status: Inspection booked" in html
        assert "Status: Fixed" in html and "We filled it in." in html
        assert '<strong class="govuk-tag govuk-tag--grey">Fixed</strong>' in html
        assert "Closed" in html and "Should be dealt with by" not in html
        for secret in ("check CCTV", "overtime approved", "Book an inspection", "Mark as fixed"):
            assert secret not in html
        for personal in (*PERSONAL, "Casey Worker", "casey@county.example"):
            assert personal not in html

    def test_newest_first(self, client, cambridge, caseworker):
        case = close_pothole(report(), caseworker)

        html = html_of(client.get(f"/track/{case.reference}/"))

        assert html.index("Status: Fixed") < html.index("Status: Inspection booked")
        assert html.index("Status: Inspection booked") < html.index("Request sent")

    def test_a_lower_case_address_goes_to_the_proper_one(self, client, cambridge):
        case = report()

        response = client.get(f"/track/{case.reference.lower()}/")

        assert response.headers["Location"] == f"/track/{case.reference}/"

    def test_an_unknown_request_is_not_found(self, client, cambridge):
        assert client.get("/track/CW-2222-2222/").status_code == 404
