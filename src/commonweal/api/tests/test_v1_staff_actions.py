"""REST v1 staff changes: transition, note, assign; 403 with the reason, 409 when stale."""

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import UserFactory, api_token
from commonweal.cases import intake, lifecycle
from commonweal.cases.models import Case, Event
from commonweal.cases.tests.factories import OfferingFactory
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def staff_council(name: str) -> SimpleNamespace:
    offering = OfferingFactory(
        organisation__name=name, organisation__kind=Kind.COUNTY, team__name="Highways"
    )
    roles = (Role.CASEWORKER, Role.SERVICE_OWNER, Role.EXECUTIVE)
    people = {
        role: MembershipFactory(organisation=offering.organisation, role=role).user
        for role in roles
    }
    return SimpleNamespace(
        organisation=offering.organisation,
        team=offering.team,
        caseworker=people[Role.CASEWORKER],
        owner=people[Role.SERVICE_OWNER],
        executive=people[Role.EXECUTIVE],
    )


@pytest.fixture
def council() -> SimpleNamespace:
    return staff_council("Wessex County Council")


@pytest.fixture
def case(council) -> Case:
    return intake.submit(
        service_code="pothole",
        answers={"location": {"lat": 52.2, "lon": 0.12}, "position": "road", "dangerous": False},
        channel="web",
        organisation=council.organisation,
        reporter=intake.ReporterDetails(name="Ada Resident", email="ada@example.net"),
    )


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def post(user, case: Case, action: str, body: dict):
    return client_for(user).post(
        f"/api/v1/staff/cases/{case.reference}/{action}/", body, format="json"
    )


# Transitions


def test_a_transition_answers_with_the_changed_case(council, case):
    response = post(
        council.caseworker,
        case,
        "transition",
        {"transition": "triage", "expected_version": 1, "internal_note": "Booked for Tuesday."},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["state"]["id"], data["state"]["label"], data["version"]) == (
        "triaged",
        "Inspection booked",
        2,
    )
    step, note = [event for event in data["timeline"] if event["case_version"] == 2]
    assert (step["kind"], step["from_state"], step["to_state"]) == (
        "transition",
        "submitted",
        "triaged",
    )
    assert (note["kind"], note["public"], note["note"]) == ("note", False, "Booked for Tuesday.")
    assert "fix" in [t["id"] for t in data["transitions"]]


def test_a_stale_version_is_409_with_the_current_version_and_the_changes(council, case):
    lifecycle.add_note(
        case=case, actor=council.owner, text="Looked at it.", public=False, expected_version=1
    )

    response = post(
        council.caseworker, case, "transition", {"transition": "triage", "expected_version": 1}
    )

    assert response.status_code == 409
    data = response.json()
    assert (data["code"], data["current_version"]) == ("stale", 2)
    assert "was changed by someone else" in data["detail"]
    assert [(c["kind"], c["note"], c["actor"]) for c in data["changes"]] == [
        ("note", "Looked at it.", council.owner.full_name)
    ]
    case.refresh_from_db()
    assert (case.state, case.version) == ("submitted", 2)


def test_an_executive_can_read_but_not_act(council, case):
    response = post(
        council.executive, case, "transition", {"transition": "triage", "expected_version": 1}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "view-only"
    assert (
        "cannot work on them" in response.json()["detail"]
        or "but not work" in response.json()["detail"]
    )
    assert (
        post(council.executive, case, "notes", {"text": "Hi", "expected_version": 1}).status_code
        == 403
    )
    assert Case.objects.get(pk=case.pk).version == 1


def test_a_transition_the_workflow_refuses_is_403_with_its_reason(council, case):
    response = post(
        council.caseworker, case, "transition", {"transition": "reinspect", "expected_version": 1}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "wrong-state"
    assert "cannot be used while the case is" in response.json()["detail"]


def test_a_role_the_workflow_does_not_name_is_403_with_its_reason(council, case):
    admin = MembershipFactory(organisation=council.organisation, role=Role.ADMIN).user
    response = post(admin, case, "transition", {"transition": "triage", "expected_version": 1})
    assert response.status_code == 403
    assert response.json()["code"] == "role-not-allowed"
    assert "needs one of these roles" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"transition": "no-action", "expected_version": 1}, "public_note", "needs a public note"),
        (
            {"transition": "teleport", "expected_version": 1},
            "transition",
            "no transition 'teleport'",
        ),
        ({"transition": "triage"}, "expected_version", "This field is required."),
        ({"transition": "triage", "expected_version": "one"}, "expected_version", "valid integer"),
    ],
)
def test_bad_transition_input_is_400_naming_the_field(council, case, body, field, words):
    response = post(council.caseworker, case, "transition", body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert words in response.json()[field][0]


@pytest.mark.parametrize("action", ["transition", "notes", "assign"])
def test_a_body_that_is_not_json_is_400_in_the_validation_format(council, case, action):
    # Found by fuzzing: DRF's parse error came as {"detail": …}, which the document
    # does not give a 400.
    events = Event.objects.filter(case=case).count()
    response = client_for(council.caseworker).post(
        f"/api/v1/staff/cases/{case.reference}/{action}/",
        data=b"\x00{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert message.startswith("JSON parse error")
    assert Event.objects.filter(case=case).count() == events


def test_another_organisations_case_cannot_be_changed_or_even_found(council, case):
    stranger = staff_council("Mercia County Council").caseworker
    response = post(stranger, case, "transition", {"transition": "triage", "expected_version": 1})
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).version == 1


def test_a_session_client_must_send_the_csrf_token(council, case):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(council.caseworker)
    url = f"/api/v1/staff/cases/{case.reference}/notes/"
    response = client.post(url, {"text": "Hello", "expected_version": 1}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# Notes


def test_notes_are_internal_unless_made_public(council, case):
    internal = post(
        council.caseworker, case, "notes", {"text": "Crew asked.", "expected_version": 1}
    )
    public = post(
        council.caseworker,
        case,
        "notes",
        {"text": "We are on it.", "public": True, "expected_version": 2},
    )
    assert (internal.status_code, public.status_code) == (200, 200)
    notes = [(e.note, e.public) for e in Event.objects.filter(case=case, kind=Event.Kind.NOTE)]
    assert notes == [("Crew asked.", False), ("We are on it.", True)]
    assert public.json()["version"] == 3


def test_an_empty_note_is_400(council, case):
    response = post(council.caseworker, case, "notes", {"text": "", "expected_version": 1})
    assert (response.status_code, list(response.json())) == (400, ["text"])


# Assignment


def test_assign_gives_the_case_to_a_team_and_a_person(council, case):
    roads = TeamFactory(organisation=council.organisation, name="Roads")
    response = post(
        council.caseworker,
        case,
        "assign",
        {"team": roads.pk, "assignee": council.owner.pk, "expected_version": 1},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["team"] == {"id": roads.pk, "name": "Roads"}
    assert data["assignee"] == {"id": council.owner.pk, "name": council.owner.full_name}
    assert data["timeline"][-1]["kind"] == "assigned"


def test_assign_keeps_what_is_left_out_and_clears_what_is_null(council, case):
    post(council.caseworker, case, "assign", {"assignee": council.owner.pk, "expected_version": 1})
    kept = Case.objects.get(pk=case.pk)
    assert (kept.team, kept.assignee) == (council.team, council.owner)
    post(council.caseworker, case, "assign", {"team": None, "expected_version": 2})
    cleared = Case.objects.get(pk=case.pk)
    assert (cleared.team, cleared.assignee) == (None, council.owner)


def test_assign_refuses_another_organisations_team_and_an_outsider(council, case):
    elsewhere = TeamFactory(name="Not ours")
    response = post(
        council.caseworker, case, "assign", {"team": elsewhere.pk, "expected_version": 1}
    )
    assert (response.status_code, list(response.json())) == (400, ["team"])

    outsider = UserFactory()
    response = post(
        council.caseworker, case, "assign", {"assignee": outsider.pk, "expected_version": 1}
    )
    assert response.status_code == 400
    assert (
        "does not work on Wessex County Council's cases" in response.json()["non_field_errors"][0]
    )
    assert Case.objects.get(pk=case.pk).version == 1


def test_a_version_beyond_what_the_database_stores_is_400_and_changes_nothing(council, case):
    response = post(
        council.caseworker, case, "transition", {"transition": "triage", "expected_version": 2**63}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"expected_version"}
    case.refresh_from_db()
    assert (case.state, case.version) == ("submitted", 1)
