"""E-mails on submission and closure as the rules say; no personal data in the events."""

import json

import pytest
import time_machine
from django.core import mail

from commonweal.cases import intake, lifecycle, notifications
from commonweal.cases.models import Event
from commonweal.cases.tests.conftest import MONDAY

pytestmark = pytest.mark.django_db
ADA = intake.ReporterDetails(name="Ada Resident", email="ada@example.net", phone="07700 900982")


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_the_reporter_is_told_on_submission(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=ADA)

    (received,) = mail.outbox
    assert received.to == ["ada@example.net"]
    assert received.subject == f"We have your pothole report {case.reference}"
    assert "We aim to deal with it by Monday 16 March 2026." in received.body
    assert f"You can follow it at {notifications.case_url(case, staff=False)}." in received.body
    notified = case.events.get(kind="notified")
    assert not notified.public
    assert notified.actor_label == "rule acknowledge"
    assert (
        notified.note
        == f"E-mail “We have your pothole report {case.reference}” sent to the reporter."
    )


def test_the_reporter_is_told_of_closure_with_the_public_note(
    council, report, django_capture_on_commit_callbacks
):
    case = report(reporter=ADA)
    with django_capture_on_commit_callbacks(execute=True):
        case = lifecycle.transition(
            case=case, transition="triage", actor=council.caseworker, expected_version=1
        )
        lifecycle.transition(
            case=case,
            transition="fix",
            actor=council.caseworker,
            expected_version=2,
            public_note="We filled it on Tuesday.",
        )

    (closed,) = mail.outbox
    assert closed.subject == f"Pothole {case.reference}: Fixed"
    assert "We filled it on Tuesday." in closed.body
    assert "reopen the report within 28 days" in closed.body


def test_staff_are_told_of_urgent_reports(council, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=ADA, dangerous=True, danger_details="A bus hit it.")
    by_subject = {m.subject: m.to for m in mail.outbox}
    assert by_subject[f"URGENT pothole {case.reference}"] == ["emergency@wessex.example"]
    urgent = next(m for m in mail.outbox if m.subject.startswith("URGENT"))
    assert "due by Tuesday 3 March 2026. Make it safe." in urgent.body
    assert notifications.case_url(case, staff=True) in urgent.body  # the staff page


def test_no_e_mail_without_an_address_or_consent_taken_for_them(
    report, django_capture_on_commit_callbacks
):
    by_phone = intake.ReporterDetails(name="Bob", email="bob@example.net", consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        taken = report(reporter=by_phone, channel="phone")
        anonymous = report(reporter=intake.ReporterDetails(), location={"lat": 52.3, "lon": 0.1})
    assert mail.outbox == []
    assert taken.events.get(kind="notified").note == (
        "No e-mail “received” sent to the reporter: they did not agree to be contacted."
    )
    assert anonymous.events.get(kind="notified").data == {
        "template": "received",
        "to": "reporter",
        "sent": False,
    }


def test_their_own_web_request_is_answered_without_a_consent_tick(
    report, django_capture_on_commit_callbacks
):
    own = intake.ReporterDetails(email="cy@example.net", consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        report(reporter=own, channel="web")
    assert [m.to for m in mail.outbox] == [["cy@example.net"]]


def test_no_personal_data_in_the_internal_events(
    council, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=ADA)
        lifecycle.transition(
            case=case,
            transition="no-action",
            actor=council.caseworker,
            expected_version=1,
            public_note="Not a pothole: a drain cover.",
        )
    assert len(mail.outbox) == 2
    timeline = json.dumps(
        [[e.note, e.data, e.actor_label] for e in Event.objects.filter(case=case)]
    )
    for personal in ("Ada", "ada@example.net", "07700", "900982"):
        assert personal not in timeline
