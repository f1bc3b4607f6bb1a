"""Erasure: retention runs from closure, only closed cases, once only, files gone, event kept."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import feedback, intake, lifecycle, privacy
from commonweal.cases.models import Attachment, Case, Event, Reporter
from commonweal.cases.tests.conftest import MONDAY, pothole_answers
from commonweal.cases.tests.factories import (
    CaseFactory,
    OfferingFactory,
    ReporterFactory,
    standard_definition,
)

pytestmark = pytest.mark.django_db
POTHOLE_DAYS = 2190  # data/services/pothole.yaml
ADA = intake.ReporterDetails(
    name="Ada Resident", email="ada@example.net", phone="01632 960 001", consent=True
)


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 90, 90)).save(buffer, "PNG")
    return SimpleUploadedFile("mine.png", buffer.getvalue(), "image/png")


@pytest.fixture
def closed(council):
    """A pothole reported with a photo and free text on MONDAY, closed the same day."""
    with time_machine.travel(MONDAY, tick=False):
        case = intake.submit(
            service_code="pothole",
            answers=pothole_answers(
                dangerous=True,
                danger_details="My neighbour Bob Smith of 4 Mill Road hit it.",
                description="Ring me on 01632 960 001.",
                depth_cm=5,
                photos=1,
            ),
            channel="web",
            organisation=council.organisation,
            reporter=ADA,
            photos=[photo()],
        )
        return lifecycle.transition(
            case=case,
            transition="no-action",
            actor=council.caseworker,
            expected_version=case.version,
            public_note="This is private land.",
        )


def erased(case: Case) -> bool:
    return Reporter.objects.get(case=case).erased_at is not None


def test_retention_runs_from_closure_to_the_day(closed):
    kept_until = MONDAY + timedelta(days=POTHOLE_DAYS)

    assert privacy.erase_due(now=kept_until - timedelta(days=1)) == 0
    assert not erased(closed)
    assert privacy.erase_due(now=kept_until + timedelta(days=1)) == 1
    assert erased(closed)


def test_erasure_blanks_the_reporter_and_the_free_text_and_keeps_the_rest(closed):
    privacy.erase_due(now=MONDAY + timedelta(days=POTHOLE_DAYS + 1))

    closed.refresh_from_db()
    reporter = closed.reporter
    assert (reporter.name, reporter.email, reporter.phone) == ("", "", "")
    assert not reporter.consent_to_contact and reporter.user is None
    assert closed.description == ""
    assert closed.answers == {
        "location": {"lat": 52.2053, "lon": 0.1218},
        "position": "road",
        "dangerous": True,
        "depth_cm": 5,
    }
    assert (closed.lat, closed.lon, closed.state) == (52.2053, 0.1218, "no-action")


def test_photos_rows_and_files_are_deleted(closed, django_capture_on_commit_callbacks):
    name = closed.attachments.get().file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_due(now=MONDAY + timedelta(days=POTHOLE_DAYS + 1))

    assert not Attachment.objects.filter(case=closed).exists()
    assert not default_storage.exists(name)


def test_an_internal_event_says_why_and_names_nobody(closed):
    at = MONDAY + timedelta(days=POTHOLE_DAYS + 1)
    privacy.erase_due(now=at)

    event = closed.events.get(kind=Event.Kind.ERASED)
    assert (event.at, event.public, event.actor, event.actor_label) == (
        at,
        False,
        None,
        "retention schedule",
    )
    assert event.data == {
        "reason": "retention",
        "answers": ["danger_details", "description", "photos"],
        "photos": 1,
        "location_rounded_to_metres": 0,
        "own_words_in_timeline": 0,
    }
    written = f"{event.note} {event.data}"
    for personal in ("Ada", "ada@example.net", "960", "Bob", "Mill Road"):
        assert personal not in written
    closed.refresh_from_db()
    assert event.case_version == closed.version


def test_open_cases_are_kept_however_old(council, report):
    with time_machine.travel(MONDAY, tick=False):
        case = report()

    assert privacy.erase_due(now=MONDAY + timedelta(days=POTHOLE_DAYS * 3)) == 0
    assert not erased(case)


def test_erasing_twice_does_nothing_the_second_time(closed):
    reporter = Reporter.objects.get(case=closed)
    assert privacy.erase_reporter(reporter=reporter, reason=privacy.REQUEST)
    assert not privacy.erase_reporter(reporter=reporter, reason=privacy.REQUEST)

    assert privacy.erase_due(now=MONDAY + timedelta(days=POTHOLE_DAYS + 1)) == 0
    assert closed.events.filter(kind=Event.Kind.ERASED).count() == 1
    assert closed.events.get(kind=Event.Kind.ERASED).actor_label == "personal data request"


def test_the_account_is_unlinked_and_its_own_events_say_the_reporter(council):
    resident = UserFactory(email="ada@example.net", full_name="Ada Resident")
    case = intake.submit(
        service_code="pothole",
        answers=pothole_answers(),
        channel="web",
        organisation=council.organisation,
        reporter=intake.ReporterDetails(email="ada@example.net", user=resident),
        actor=resident,
    )
    case = lifecycle.transition(
        case=case,
        transition="no-action",
        actor=council.caseworker,
        expected_version=case.version,
        public_note="This is private land.",
    )
    feedback.rate(case=case, user=resident, score=2, comment="Bob at number 4 dug it.")

    privacy.erase_case(case=case, reason=privacy.REQUEST, actor=council.caseworker)

    assert not Case.objects.filter(reporter__user=resident).exists()
    assert not Event.objects.filter(actor=resident).exists()
    submitted = case.events.get(kind=Event.Kind.SUBMITTED)
    assert (submitted.actor, submitted.actor_label) == (None, "the reporter")
    rated = case.events.get(kind=Event.Kind.RATED)
    assert (rated.actor_label, rated.data) == ("the reporter", {"score": 2, "comment": ""})
    assert case.events.get(kind=Event.Kind.TRANSITION).note == "This is private land."
    erased = case.events.get(kind=Event.Kind.ERASED)
    assert erased.actor == council.caseworker
    assert erased.data["own_words_in_timeline"] == 1


def test_a_case_without_a_reporter_is_erased_once_and_marked(council):
    closed_at = MONDAY
    case = CaseFactory(
        offering=council.offering, state="no-action", closed_at=closed_at, description="Mine."
    )
    later = closed_at + timedelta(days=POTHOLE_DAYS + 1)

    assert privacy.erase_due(now=later) == 1
    assert privacy.erase_due(now=later) == 0
    case.refresh_from_db()
    assert case.description == "" and case.reporter.erased_at == later


def test_a_home_location_is_rounded_and_its_address_blanked(council):
    offering = OfferingFactory(
        organisation=council.organisation, definition=standard_definition("missed-bin")
    )
    case = CaseFactory(
        offering=offering,
        state="collected",
        closed_at=MONDAY,
        address="12 Mill Road, Cambridge",
        lat=52.20531,
        lon=0.12183,
        answers={"location": {"lat": 52.20531, "lon": 0.12183}, "bin_type": "recycling"},
        reporter=ReporterFactory(),
    )

    assert privacy.erase_due(now=MONDAY + timedelta(days=366)) == 1

    case.refresh_from_db()
    assert case.address == ""
    assert (case.lat, case.lon) != (52.20531, 0.12183)
    assert abs(case.lat - 52.20531) < 0.0005 and abs(case.lon - 0.12183) < 0.0008
    assert case.answers == {"location": {"lat": case.lat, "lon": case.lon}, "bin_type": "recycling"}


def test_tick_says_how_many_were_erased(closed):
    def tick() -> list[str]:
        out = io.StringIO()
        call_command("tick", stdout=out)
        return out.getvalue().splitlines()

    with time_machine.travel(MONDAY + timedelta(days=POTHOLE_DAYS - 1), tick=False):
        assert tick()[1] == "Personal data erased from 0 cases past their retention period."
    with time_machine.travel(MONDAY + timedelta(days=POTHOLE_DAYS + 1), tick=False):
        assert tick()[1] == "Personal data erased from 1 case past their retention period."
        assert tick()[1] == "Personal data erased from 0 cases past their retention period."
