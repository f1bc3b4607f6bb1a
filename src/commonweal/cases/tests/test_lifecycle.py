"""lifecycle: each change checks permission and version, writes its event and runs the rules."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from django.utils import timezone

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import intake, lifecycle
from commonweal.cases.models import Case, Event
from commonweal.cases.tests.conftest import MONDAY, pothole_answers
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def kinds(case) -> list[str]:
    return list(case.events.values_list("kind", flat=True))


def fixed(case, council):
    case = lifecycle.transition(
        case=case, transition="triage", actor=council.caseworker, expected_version=case.version
    )
    return lifecycle.transition(
        case=case,
        transition="fix",
        actor=council.caseworker,
        expected_version=case.version,
        public_note="Filled and sealed.",
    )


def test_a_transition_moves_the_case_and_records_who_did_it(council, report):
    case = report()
    moved = lifecycle.transition(
        case=case,
        transition="triage",
        actor=council.caseworker,
        expected_version=1,
        internal_note="Inspector booked for Tuesday.",
    )
    assert (moved.state, moved.version) == ("triaged", 2)
    step, note = moved.events.filter(case_version=2)
    assert (step.kind, step.actor, step.public) == ("transition", council.caseworker, True)
    assert (step.from_state, step.to_state) == ("submitted", "triaged")
    assert (note.kind, note.public, note.note) == ("note", False, "Inspector booked for Tuesday.")


def test_closing_sets_the_closed_time_and_a_public_note(council, report):
    case = fixed(report(), council)
    assert case.state == "fixed" and case.is_closed
    closing = case.events.filter(kind="transition").last()
    assert (closing.note, closing.public) == ("Filled and sealed.", True)


def test_a_transition_the_workflow_refuses_gives_the_engines_reason(council, report):
    case = report()
    with pytest.raises(lifecycle.TransitionNotAllowed) as refused:
        lifecycle.transition(
            case=case, transition="fix", actor=council.caseworker, expected_version=1
        )
    assert refused.value.code == "wrong-state"
    assert refused.value.reason.startswith('"Mark as fixed" cannot be used while the case is')

    case = fixed(case, council)
    with pytest.raises(lifecycle.TransitionNotAllowed) as refused:
        lifecycle.transition(
            case=case,
            transition="reinspect",
            actor=council.caseworker,
            expected_version=case.version,
        )
    assert refused.value.code == "role-not-allowed"
    assert refused.value.reason == (
        '"Inspect again" needs one of these roles: service-owner; you have: caseworker.'
    )
    assert isinstance(refused.value, lifecycle.PermissionRefused)
    case.refresh_from_db()
    assert (case.state, case.version) == ("fixed", 3)


def test_a_required_public_note_is_asked_for(council, report):
    case = report()
    with pytest.raises(lifecycle.TransitionNotAllowed) as refused:
        lifecycle.transition(
            case=case, transition="no-action", actor=council.caseworker, expected_version=1
        )
    assert refused.value.code == "public-note-required"


def test_people_who_may_not_work_the_case_are_refused(council, report):
    case = report()
    outsider = MembershipFactory(organisation=OrganisationFactory()).user
    for person in (council.executive, outsider):
        with pytest.raises(lifecycle.PermissionRefused, match="cannot work on Wessex"):
            lifecycle.transition(case=case, transition="triage", actor=person, expected_version=1)
        with pytest.raises(lifecycle.PermissionRefused):
            lifecycle.add_note(case=case, actor=person, text="Hi", public=False, expected_version=1)
    case.refresh_from_db()
    assert case.version == 1
    assert lifecycle.available_transitions(case=case, user=council.executive) == []


def test_a_stale_version_is_refused_with_what_changed(council, report):
    case = report()
    lifecycle.transition(case=case, transition="triage", actor=council.owner, expected_version=1)

    with pytest.raises(lifecycle.StaleCase) as stale:
        lifecycle.transition(
            case=case, transition="mark-duplicate", actor=council.caseworker, expected_version=1
        )
    assert stale.value.case.version == 2
    assert [(e.kind, e.actor) for e in stale.value.changes] == [("transition", council.owner)]
    assert "Nothing was saved" in str(stale.value)
    case.refresh_from_db()
    assert (case.state, case.version) == ("triaged", 2)


def test_notes_public_and_internal(council, report):
    case = report()
    case = lifecycle.add_note(
        case=case, actor=council.caseworker, text="We are on it.", public=True, expected_version=1
    )
    case = lifecycle.add_note(
        case=case, actor=council.caseworker, text="Call the contractor", public=False,
        expected_version=2,
    )  # fmt: skip
    notes = case.events.filter(kind="note")
    assert [(n.note, n.public, n.case_version) for n in notes] == [
        ("We are on it.", True, 2),
        ("Call the contractor", False, 3),
    ]
    with pytest.raises(lifecycle.ChangeRefused, match="Enter the text"):
        lifecycle.add_note(case=case, actor=council.caseworker, text=" ", public=True,
                           expected_version=3)  # fmt: skip


def test_assign_to_a_team_and_a_person_of_the_organisation(council, report):
    case = report()
    case = lifecycle.assign(
        case=case,
        actor=council.owner,
        team=council.emergency,
        assignee=council.caseworker,
        expected_version=1,
    )
    assert (case.team, case.assignee, case.version) == (council.emergency, council.caseworker, 2)
    assigned = case.events.get(kind="assigned")
    assert assigned.note.startswith("Assigned to the team Highways emergency response and ")

    elsewhere = TeamFactory()
    with pytest.raises(lifecycle.ChangeRefused, match="is not part of Wessex County Council"):
        lifecycle.assign(
            case=case, actor=council.owner, team=elsewhere, assignee=None, expected_version=2
        )
    stranger = UserFactory(full_name="Sam Stranger")
    with pytest.raises(lifecycle.ChangeRefused, match="Sam Stranger does not work on Wessex"):
        lifecycle.assign(
            case=case, actor=council.owner, team=None, assignee=stranger, expected_version=2
        )
    with pytest.raises(lifecycle.ChangeRefused, match="does not work on"):
        lifecycle.assign(
            case=case,
            actor=council.owner,
            team=None,
            assignee=council.executive,
            expected_version=2,
        )


def test_the_reporter_reopens_within_the_window_and_the_clock_restarts(council, report):
    with time_machine.travel(MONDAY, tick=False):
        case = fixed(report(), council)
    with time_machine.travel(MONDAY + timedelta(days=7), tick=False):
        case = lifecycle.reopen(
            case=case,
            actor=None,
            by_reporter=True,
            expected_version=case.version,
            note="Still there.",
        )
    assert (case.state, case.closed_at, case.reopened_count) == ("triaged", None, 1)
    assert case.priority == "high"  # the definition's "reopened" rule
    assert case.clock_started_at == MONDAY + timedelta(days=7)
    assert case.due_at > MONDAY + timedelta(days=7)
    reopened = case.events.get(kind="reopened")
    assert (reopened.public, reopened.note, reopened.actor_label) == (
        True,
        "Still there.",
        "the reporter",
    )
    assert reopened.data["rules_fired"] == ["reopened"]


def test_reopening_is_refused_late_and_to_strangers(council, report):
    with time_machine.travel(MONDAY, tick=False):
        case = fixed(report(), council)
    with pytest.raises(lifecycle.PermissionRefused, match="Only the person who reported"):
        lifecycle.reopen(
            case=case, actor=UserFactory(), by_reporter=True, expected_version=case.version
        )
    with time_machine.travel(MONDAY + timedelta(days=40), tick=False):
        with pytest.raises(lifecycle.TransitionNotAllowed, match="within 28 days") as refused:
            lifecycle.reopen(case=case, actor=None, by_reporter=True, expected_version=case.version)
        assert refused.value.code == "reopen-too-late"
        assert lifecycle.available_transitions(case=case, user=council.owner) == []
    with pytest.raises(lifecycle.PermissionRefused, match="Sign in"):
        lifecycle.reopen(case=case, actor=None, expected_version=case.version)


def test_merge_a_duplicate_closes_it_and_notes_both_timelines(council, report):
    first, second = report(), report()
    merged = lifecycle.merge_duplicate(
        case=second, into=first, actor=council.caseworker, expected_version=1
    )
    assert (merged.state, merged.duplicate_of, merged.version) == ("duplicate", first, 2)
    assert merged.is_closed
    told = merged.events.get(kind="merged")
    assert told.public and first.reference in told.note
    noted = first.events.get(kind="merged")
    assert not noted.public and second.reference in noted.note


def test_merges_that_make_no_sense_are_refused(council, report):
    first, second, third = report(), report(), report()
    with pytest.raises(lifecycle.ChangeRefused, match="itself"):
        lifecycle.merge_duplicate(case=first, into=first, actor=council.owner, expected_version=1)
    lifecycle.merge_duplicate(case=second, into=first, actor=council.owner, expected_version=1)
    with pytest.raises(lifecycle.ChangeRefused, match="is itself a duplicate"):
        lifecycle.merge_duplicate(case=third, into=second, actor=council.owner, expected_version=1)
    with pytest.raises(lifecycle.ChangeRefused, match="Other cases are merged into"):
        lifecycle.merge_duplicate(case=first, into=third, actor=council.owner, expected_version=1)
    bins = OfferingFactory(
        organisation=council.organisation, definition=standard_definition("missed-bin")
    )
    bin_case = intake.submit(
        service_code="missed-bin",
        answers={
            "location": {"lat": 52.2, "lon": 0.12},
            "bin_type": "recycling",
            "collection_date": timezone.localdate().isoformat(),
            "out_on_time": True,
        },
        channel="phone",
        organisation=bins.organisation,
    )
    with pytest.raises(lifecycle.ChangeRefused, match="same service"):
        lifecycle.merge_duplicate(
            case=bin_case, into=third, actor=council.owner, expected_version=1
        )
    assert not Event.objects.filter(kind="merged", case__in=[third, bin_case]).exists()


def test_available_transitions_are_the_buttons_to_show(council, report):
    case = report()
    ids = [t.id for t in lifecycle.available_transitions(case=case, user=council.caseworker)]
    assert ids == ["triage", "schedule", "no-action", "mark-duplicate"]
    case = fixed(case, council)
    assert lifecycle.available_transitions(case=case, user=council.caseworker) == []
    owner_ids = [t.id for t in lifecycle.available_transitions(case=case, user=council.owner)]
    assert owner_ids == ["reinspect"]


def _transition_racing(*, case, transition, actor, barrier, outcomes) -> None:
    """One worker in its own thread and database connection; records "won" or "stale".

    SQLite's in-memory test database is shared between connections through its shared
    cache, where a second writer is refused at once ("database table is locked") instead
    of waiting as it does on the real database file (busy timeout). The worker then waits
    and tries again, which is what the busy timeout does; PostgreSQL needs no retry.
    """
    try:
        barrier.wait(timeout=10)
        for _ in range(500):
            try:
                lifecycle.transition(
                    case=case, transition=transition, actor=actor, expected_version=1
                )
                outcomes.append("won")
                return
            except lifecycle.StaleCase:
                outcomes.append("stale")
                return
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.002)
        outcomes.append("gave up")
    except Exception as error:  # reported by the test, not lost in the thread
        outcomes.append(repr(error))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_one_wins_the_other_is_stale_no_event_lost():
    standard = standard_definition("pothole")
    organisation = OrganisationFactory(name="Racing County Council")
    OfferingFactory(organisation=organisation, definition=standard)
    for round_ in range(3):  # a few rounds, each with a fresh case far from the last
        case = intake.submit(
            service_code="pothole",
            answers=pothole_answers(location={"lat": 52.2 + round_ / 100, "lon": 0.12}),
            channel="phone",
            organisation=organisation,
        )
        case = Case.objects.select_related("organisation").get(pk=case.pk)
        people = [MembershipFactory(organisation=organisation).user for _ in range(2)]
        barrier, outcomes = threading.Barrier(2), []
        workers = [
            threading.Thread(
                target=_transition_racing,
                kwargs={
                    "case": case,
                    "transition": transition,
                    "actor": person,
                    "barrier": barrier,
                    "outcomes": outcomes,
                },
            )
            for transition, person in zip(("triage", "mark-duplicate"), people, strict=True)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)

        assert sorted(outcomes) == ["stale", "won"]
        case.refresh_from_db()
        assert case.version == 2
        changes = case.events.exclude(kind=Event.Kind.NOTIFIED)
        assert [e.kind for e in changes] == ["submitted", "transition"]
        assert changes.last().to_state == case.state
