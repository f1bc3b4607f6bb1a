"""Residents are told through the chosen sender: SMTP or GOV.UK Notify, e-mail or text."""

import pytest
import time_machine

from commonweal.cases import intake
from commonweal.cases.tests.conftest import MONDAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_submission_is_e_mailed_over_smtp(smtp, report, django_capture_on_commit_callbacks):
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=ada)
    (message,) = smtp.mailbox.messages
    assert message["Subject"] == f"We have your pothole report {case.reference}"
    assert smtp.mailbox.envelopes[0][1] == ["ada@example.net"]


def test_submission_goes_through_notify(notify, report, django_capture_on_commit_callbacks):
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=ada)
    (record,) = notify.records
    assert record.kind == "email"
    assert record.body["personalisation"]["subject"].endswith(case.reference)


def test_a_reporter_with_only_a_phone_gets_a_text(
    notify, report, django_capture_on_commit_callbacks
):
    bea = intake.ReporterDetails(name="Bea Resident", phone="07700 900123", consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=bea)
    (record,) = notify.records
    assert record.kind == "sms"
    assert record.body["phone_number"] == "07700 900123"
    notified = case.events.get(kind="notified")
    assert notified.note.startswith("Text message")
    assert "07700" not in notified.note


def test_a_failed_send_is_recorded_and_the_request_still_stands(
    notify,
    report,
    django_capture_on_commit_callbacks,
):
    notify.fail_with = (500, "Internal server error")
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        case = report(reporter=ada)
    case.refresh_from_db()
    notified = case.events.get(kind="notified")
    assert notified.data["sent"] is False
    assert "could not be sent" in notified.note
    assert "ada@example.net" not in notified.note
