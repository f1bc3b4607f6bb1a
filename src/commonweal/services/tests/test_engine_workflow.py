"""Each role sees exactly the transitions it may make; refusals and reopenings say why."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from commonweal.services.engine import (
    CaseState,
    EngineEvent,
    TransitionRefused,
    allowed_transitions,
    apply_event,
    check_reopen,
    check_transition,
    load_definition,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)
PATH = Path(__file__).resolve().parents[4] / "data" / "services" / "pothole.yaml"
POTHOLE = load_definition(text=PATH.read_text(), filename=PATH.name)


def ids(state: str, *roles: str) -> list[str]:
    found = allowed_transitions(definition=POTHOLE, state=state, roles=set(roles))
    return [transition.id for transition in found]


# Allowed transitions -------------------------------------------------------------------------


def test_a_caseworker_on_a_new_case():
    assert ids("submitted", "caseworker") == ["triage", "schedule", "no-action", "mark-duplicate"]


def test_a_caseworker_on_a_scheduled_case():
    assert ids("scheduled", "caseworker") == ["fix", "no-action"]


def test_star_covers_every_open_state_but_no_closing_state():
    for state in ("submitted", "triaged", "scheduled"):
        assert "no-action" in ids(state, "caseworker")
    for state in ("fixed", "no-action", "duplicate"):
        assert "no-action" not in ids(state, "caseworker", "service-owner")


def test_only_the_service_owner_may_reinspect_a_closed_case():
    assert ids("fixed", "caseworker") == []
    assert ids("fixed", "service-owner") == ["reinspect"]
    assert ids("duplicate", "service-owner") == []


@pytest.mark.parametrize("role", ["commissioner", "executive", "admin"])
def test_roles_the_definition_does_not_name_may_do_nothing(role):
    for state in POTHOLE.workflow.states:
        assert ids(state.id, role) == []


def test_several_roles_together():
    assert ids("fixed", "caseworker", "service-owner") == ["reinspect"]
    assert ids("submitted") == []


def test_an_unknown_state_is_refused():
    with pytest.raises(TransitionRefused) as refused:
        allowed_transitions(definition=POTHOLE, state="lost", roles={"caseworker"})
    assert refused.value.reason == "unknown-state"


# Refusals --------------------------------------------------------------------------------------


def refusal(**given) -> TransitionRefused:
    arguments = {"definition": POTHOLE, "state": "scheduled", "roles": {"caseworker"}} | given
    with pytest.raises(TransitionRefused) as refused:
        check_transition(**arguments)
    return refused.value


def test_an_allowed_transition_is_returned():
    found = check_transition(
        definition=POTHOLE,
        state="scheduled",
        transition="fix",
        roles={"caseworker"},
        public_note="Filled with hot tarmac.",
    )
    assert (found.id, found.to, found.label) == ("fix", "fixed", "Mark as fixed")


def test_unknown_transition():
    refused = refusal(transition="fixx")
    assert refused.reason == "unknown-transition"
    assert str(refused) == "The service has no transition 'fixx' (did you mean 'fix'?)."


def test_wrong_state():
    refused = refusal(state="submitted", transition="fix")
    assert refused.reason == "wrong-state"
    assert str(refused) == (
        '"Mark as fixed" cannot be used while the case is "Received"; '
        "it can be used from: Inspection booked, Repair booked."
    )


def test_role_not_allowed():
    refused = refusal(state="fixed", transition="reinspect", roles={"caseworker", "executive"})
    assert refused.reason == "role-not-allowed"
    assert str(refused) == (
        '"Inspect again" needs one of these roles: service-owner; you have: caseworker, executive.'
    )


@pytest.mark.parametrize("note", [None, "", "   "])
def test_public_note_required(note):
    refused = refusal(transition="fix", public_note=note)
    assert refused.reason == "public-note-required"
    assert str(refused) == (
        '"Mark as fixed" needs a public note telling the resident what was done and why.'
    )


def test_the_checks_come_in_order_state_then_role_then_note():
    assert refusal(state="submitted", transition="fix", roles=set()).reason == "wrong-state"
    assert refusal(transition="fix", roles={"admin"}).reason == "role-not-allowed"


# Reopening -------------------------------------------------------------------------------------


def reopen_refusal(state: str, roles: set[str], closed_days_ago: float) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as refused:
        check_reopen(
            definition=POTHOLE,
            state=state,
            roles=roles,
            now=NOW,
            closed_at=NOW - timedelta(days=closed_days_ago),
        )
    return refused.value


def test_the_reporter_may_reopen_within_the_window():
    rule = check_reopen(
        definition=POTHOLE,
        state="fixed",
        closed_at=NOW - timedelta(days=28),
        roles={"reporter"},
        now=NOW,
    )
    assert rule.to == "triaged"


def test_reopening_too_late():
    refused = reopen_refusal("fixed", {"reporter"}, 28.01)
    assert refused.reason == "reopen-too-late"
    assert str(refused) == (
        "A case can only be reopened within 28 days of being closed. Make a new request instead."
    )


def test_reopening_an_open_case():
    assert reopen_refusal("triaged", {"reporter"}, 1).reason == "not-closed"


def test_reopening_a_state_the_rule_does_not_cover():
    refused = reopen_refusal("duplicate", {"reporter"}, 1)
    assert refused.reason == "cannot-reopen"
    assert str(refused) == 'A case that is "Already reported" cannot be reopened.'


def test_reopening_by_someone_not_named():
    refused = reopen_refusal("fixed", {"executive"}, 1)
    assert refused.reason == "role-not-allowed"
    assert str(refused) == (
        "Only these can reopen this case: caseworker, the person who reported it, service-owner."
    )


# Through apply_event ----------------------------------------------------------------------------


def case(state: str, closed_days_ago: float | None = None) -> CaseState:
    closed_at = NOW - timedelta(days=closed_days_ago) if closed_days_ago is not None else None
    return CaseState(
        state=state,
        priority="normal",
        channel="web",
        answers={},
        submitted_at=NOW,
        due_at=None,
        closed_at=closed_at,
    )


def test_apply_event_refuses_what_check_transition_refuses():
    event = EngineEvent(kind="transition", transition="fix", roles={"caseworker"})
    with pytest.raises(TransitionRefused) as refused:
        apply_event(
            definition=POTHOLE, case=case("scheduled"), event=event, now=NOW, nation="england"
        )
    assert refused.value.reason == "public-note-required"


def test_a_staff_transition_out_of_a_closed_state_keeps_to_the_reopen_window():
    event = EngineEvent(kind="transition", transition="reinspect", roles={"service-owner"})
    outcome = apply_event(
        definition=POTHOLE, case=case("fixed", 10), event=event, now=NOW, nation="england"
    )
    assert outcome.case.state == "triaged"
    assert outcome.transition is not None and outcome.transition.id == "reinspect"
    with pytest.raises(TransitionRefused) as refused:
        apply_event(
            definition=POTHOLE, case=case("fixed", 40), event=event, now=NOW, nation="england"
        )
    assert refused.value.reason == "reopen-too-late"


def test_apply_event_reopens_through_the_rule():
    event = EngineEvent(kind="reopen", roles={"reporter"})
    outcome = apply_event(
        definition=POTHOLE, case=case("no-action", 3), event=event, now=NOW, nation="england"
    )
    assert outcome.case.state == "triaged"
    assert outcome.case.closed_at is None
    with pytest.raises(TransitionRefused):
        apply_event(
            definition=POTHOLE, case=case("duplicate", 3), event=event, now=NOW, nation="england"
        )


def test_a_bad_event_is_refused_when_made():
    with pytest.raises(ValueError, match="unknown event kind"):
        EngineEvent(kind="closed")
    with pytest.raises(ValueError, match="needs the transition's id"):
        EngineEvent(kind="transition")
