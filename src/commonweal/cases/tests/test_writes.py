"""The hot-path inserts store what the ORM would: defaults, times, JSON, ids in order."""

from datetime import UTC, datetime

import pytest

from commonweal.cases import automation, writes
from commonweal.cases.models import Case, Event, Reporter
from commonweal.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_a_reporter_is_stored_with_its_defaults_and_given_its_id():
    reporter = writes.insert_reporter(Reporter(name="Ada Lovelace", email="ada@example.net"))

    stored = Reporter.objects.get(pk=reporter.pk)
    assert (stored.name, stored.email, stored.phone) == ("Ada Lovelace", "ada@example.net", "")
    assert stored.consent_to_contact is False
    assert stored.created_at is not None and stored.erased_at is None
    assert reporter._state.adding is False


def test_a_case_is_stored_with_its_answers_and_times_and_a_taken_reference_is_refused():
    existing = CaseFactory()
    case = Case(
        reference="CW-2345-6789",
        offering=existing.offering,
        definition=existing.definition,
        organisation=existing.organisation,
        state="submitted",
        answers={"depth_cm": 7, "where": {"lat": 52.2, "lon": 0.12}, "note": "“quoted”"},
        channel="web",
        submitted_at=AT,
        due_at=AT,
    )

    assert writes.insert_case(case) is True
    stored = Case.objects.get(pk=case.pk)
    assert stored.answers == {
        "depth_cm": 7,
        "where": {"lat": 52.2, "lon": 0.12},
        "note": "“quoted”",
    }
    assert (stored.submitted_at, stored.due_at, stored.priority) == (AT, AT, "normal")
    assert stored.updated_at is not None and stored.version == 1

    clash = Case(**{**{f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}})
    clash.pk = None
    assert writes.insert_case(clash) is False
    assert clash.pk is None
    assert Case.objects.filter(reference="CW-2345-6789").count() == 1


def test_events_are_stored_in_order_with_their_ids():
    case = CaseFactory()
    events = [
        automation.event(Event.Kind.NOTE, at=AT, note=f"Note {n}", data={"n": n}) for n in range(3)
    ]

    automation.write_events(case, events)

    stored = list(case.events.filter(kind=Event.Kind.NOTE).order_by("pk"))
    assert [event.pk for event in events] == [event.pk for event in stored]
    assert [(event.note, event.data, event.at) for event in stored] == [
        (f"Note {n}", {"n": n}, AT) for n in range(3)
    ]
    assert writes.insert_events([]) == []
