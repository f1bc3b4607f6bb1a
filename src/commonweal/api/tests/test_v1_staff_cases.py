"""REST v1 staff case list and case page: who sees what, the queue's filters, personal data."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import UserFactory, api_token
from commonweal.cases import intake, lifecycle
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory, standard_definition
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
ROLES = (Role.CASEWORKER, Role.SERVICE_OWNER, Role.EXECUTIVE, Role.COMMISSIONER)


def staff_council(name: str) -> SimpleNamespace:
    offering = OfferingFactory(
        organisation__name=name, organisation__kind=Kind.COUNTY, team__name="Highways"
    )
    people = {
        role: MembershipFactory(organisation=offering.organisation, role=role).user
        for role in ROLES
    }
    return SimpleNamespace(
        organisation=offering.organisation,
        offering=offering,
        team=offering.team,
        caseworker=people[Role.CASEWORKER],
        owner=people[Role.SERVICE_OWNER],
        executive=people[Role.EXECUTIVE],
        commissioner=people[Role.COMMISSIONER],
    )


@pytest.fixture
def council() -> SimpleNamespace:
    return staff_council("Wessex County Council")


@pytest.fixture
def other() -> SimpleNamespace:
    return staff_council("Mercia County Council")


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def report(council, **answers):
    return intake.submit(
        service_code="pothole",
        answers={
            "location": {"lat": 52.2053, "lon": 0.1218},
            "position": "road",
            "dangerous": False,
            **answers,
        },
        channel="web",
        organisation=council.organisation,
        address="Parker's Piece, Cambridge",
        reporter=intake.ReporterDetails(
            name="Ada Resident", email="ada@example.net", phone="01223 000000", consent=True
        ),
    )


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [case["reference"] for case in response.json()["results"]]


# Who may call


def test_anonymous_clients_are_asked_to_authenticate(council):
    response = APIClient().get("/api/v1/staff/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not-authenticated"


def test_a_wrong_token_is_refused(council):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/staff/cases/")
    assert (response.status_code, response.json()["code"]) == (401, "authentication-failed")


def test_a_role_without_cases_is_refused_with_the_reason(council):
    for user in (council.commissioner, UserFactory()):
        response = client_for(user).get("/api/v1/staff/cases/")
        assert response.status_code == 403
        assert response.json()["code"] == "no-case-role"
        assert "caseworker, service owner or executive" in response.json()["detail"]


def test_staff_see_only_their_own_organisations_cases(council, other):
    ours, theirs = report(council), report(other)
    assert references(client_for(council.caseworker).get("/api/v1/staff/cases/")) == [
        ours.reference
    ]
    assert references(client_for(other.executive).get("/api/v1/staff/cases/")) == [theirs.reference]
    admin = UserFactory(is_superuser=True)
    assert set(references(client_for(admin).get("/api/v1/staff/cases/"))) == {
        ours.reference,
        theirs.reference,
    }


def test_another_organisations_case_is_not_found_rather_than_forbidden(council, other):
    theirs = report(other)
    response = client_for(council.caseworker).get(f"/api/v1/staff/cases/{theirs.reference}/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": f"There is no case {theirs.reference} that you can see.",
        "code": "not-found",
    }


def test_a_signed_in_session_works_too(council):
    case = report(council)
    client = APIClient()
    client.force_login(council.caseworker)
    assert client.get(f"/api/v1/staff/cases/{case.reference}/").status_code == 200


# The list


def test_the_list_shows_a_summary_without_personal_data(council):
    case = report(council)
    response = client_for(council.caseworker).get("/api/v1/staff/cases/")
    (row,) = response.json()["results"]
    assert row == {
        "reference": case.reference,
        "organisation": {"slug": council.organisation.slug, "name": "Wessex County Council"},
        "service": {"code": "pothole", "name": "Report a pothole", "version": 1},
        "state": {"id": "submitted", "label": "Received", "closes": False},
        "priority": "normal",
        "channel": "web",
        "submitted_at": row["submitted_at"],
        "due_at": row["due_at"],
        "closed_at": None,
        "overdue": False,
        "team": {"id": council.team.pk, "name": "Highways"},
        "assignee": None,
        "version": 1,
    }
    assert b"ada@example.net" not in response.content and b"Ada" not in response.content
    assert (response.json()["next"], response.json()["previous"]) == (None, None)


def test_the_list_filters_as_the_queue_does(council):
    when = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
    bins = OfferingFactory(
        organisation=council.organisation,
        definition=standard_definition("missed-bin"),
        team=council.team,
    )
    roads = TeamFactory(organisation=council.organisation, name="Roads")

    def case(**fields):
        fields.setdefault("offering", council.offering)
        fields.setdefault("submitted_at", when)
        fields.setdefault("due_at", timezone.now() + timedelta(days=30))
        return CaseFactory(**fields).reference

    plain = case()
    urgent = case(priority="urgent", channel="phone")
    mine = case(assignee=council.caseworker, team=roads)
    late = case(due_at=when - timedelta(days=1), submitted_at=when - timedelta(days=20))
    closed = case(state="fixed", closed_at=when)
    binned = case(offering=bins, state="received", description="Green bin left behind")
    early = case(submitted_at=when - timedelta(days=5))

    def found(**query) -> set[str]:
        response = client_for_user.get("/api/v1/staff/cases/", query)
        return set(references(response))

    client_for_user = client_for(council.caseworker)
    open_ones = {plain, urgent, mine, late, binned, early}
    assert found() == open_ones
    assert found(state="any") == open_ones | {closed}
    assert found(state="closed") == found(state="fixed") == {closed}
    assert found(service="missed-bin") == {binned}
    assert found(team=roads.pk) == {mine}
    assert found(assignee="me") == found(assignee=council.caseworker.pk) == {mine}
    assert found(assignee="unassigned") == open_ones - {mine}
    assert found(priority="urgent") == found(channel="phone") == {urgent}
    assert found(overdue="true") == {late}
    assert found(submitted_after="2026-03-02") == open_ones - {late, early}
    assert found(submitted_before="2026-02-25") == {late, early}
    assert found(submitted_after="2026-02-25", submitted_before="2026-02-25") == {early}
    assert found(q="green bin") == {binned}
    assert found(q=closed.lower().replace("-", " ")) == {closed}


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"priority": "extreme"}, {"priority"}),
        ({"assignee": "someone"}, {"assignee"}),
        ({"submitted_after": "2026-03-02", "submitted_before": "2026-03-01"}, {"submitted_before"}),
        ({"submitted_after": "yesterday"}, {"submitted_after"}),
        ({"team": "roads", "channel": "pigeon"}, {"team", "channel"}),
        ({"page_size": "1000"}, {"page_size"}),
        ({"sort": "random"}, {"sort"}),
        # Ids beyond what the databases store (found by fuzzing: SQLite overflowed, a 500).
        ({"team": "363932398496707444736"}, {"team"}),
        ({"assignee": "99999999999999999999999"}, {"assignee"}),
        ({"assignee": "¹"}, {"assignee"}),  # a digit to str.isdigit, not to int()
    ],
)
def test_bad_filters_are_400_naming_each_one(council, query, fields):
    response = client_for(council.caseworker).get("/api/v1/staff/cases/", query)
    assert response.status_code == 400
    assert set(response.json()) == fields


# The case


def test_a_caseworker_sees_the_whole_case_with_the_reporter(council):
    case = report(council, depth_cm=3, description="By the bus stop")
    case = lifecycle.add_note(
        case=case, actor=council.owner, text="Seen it myself.", public=False, expected_version=1
    )

    response = client_for(council.caseworker).get(f"/api/v1/staff/cases/{case.reference}/")

    assert response.status_code == 200
    data = response.json()
    assert (data["reference"], data["version"], data["state"]["label"]) == (
        case.reference,
        2,
        "Received",
    )
    assert data["reporter"] == {
        "name": "Ada Resident",
        "email": "ada@example.net",
        "phone": "01223 000000",
        "consent_to_contact": True,
    }
    answers = {answer["question"]: answer for answer in data["answers"]}
    assert answers["position"] == {
        "question": "position",
        "label": "Is it in the road, the pavement or a cycle lane?",
        "type": "single-choice",
        "value": "road",
    }
    assert answers["depth_cm"]["value"] == 3
    assert data["location"] == {"lat": 52.2053, "lon": 0.1218}
    assert data["address"] == "Parker's Piece, Cambridge"
    note = next(event for event in data["timeline"] if event["kind"] == "note")
    assert (note["public"], note["note"], note["case_version"]) == (False, "Seen it myself.", 2)
    assert note["actor"] == council.owner.full_name
    assert data["timeline"][0]["kind"] == "submitted"
    assert [t["id"] for t in data["transitions"]] == [
        "triage",
        "schedule",
        "no-action",
        "mark-duplicate",
    ]


def test_an_executive_reads_the_case_but_not_the_reporter_and_has_no_actions(council):
    case = report(council)
    response = client_for(council.executive).get(f"/api/v1/staff/cases/{case.reference}/")
    assert response.status_code == 200
    assert response.json()["reporter"] is None
    assert response.json()["transitions"] == []
    assert b"ada@example.net" not in response.content


def test_a_reference_is_found_however_it_is_typed(council):
    case = report(council)
    typed = case.reference.lower()
    response = client_for(council.caseworker).get(f"/api/v1/staff/cases/{typed}/")
    assert response.json()["reference"] == case.reference


def test_an_overdue_case_says_so(council):
    case = report(council)
    case.due_at = timezone.now() - timedelta(hours=1)
    case.save(update_fields=["due_at"])
    response = client_for(council.caseworker).get(f"/api/v1/staff/cases/{case.reference}/")
    assert response.json()["overdue"] is True
