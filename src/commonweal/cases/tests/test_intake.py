"""intake.submit: routing by place and function, refusals that write nothing, rules, photos."""

import io
import json
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from commonweal.cases import attachments, intake, references
from commonweal.cases.models import Attachment, Case, Event, Reporter
from commonweal.cases.tests.conftest import LONDON, MONDAY, PARKERS_PIECE, pothole_answers
from commonweal.organisations.models import Team
from commonweal.services import definitions

pytestmark = pytest.mark.django_db
HERE = {"lat": PARKERS_PIECE[0], "lon": PARKERS_PIECE[1]}
CAMBOURNE = {"lat": 52.2186, "lon": -0.0672}  # South Cambridgeshire: runs nothing here
ATLANTIC = {"lat": 54.0, "lon": -12.0}


def missed_bin_answers(**changes) -> dict:
    return {
        "location": HERE,
        "bin_type": "recycling",
        "collection_date": "2026-02-27",
        "out_on_time": True,
        **changes,
    }


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Case, Reporter, Event, Attachment)}


@pytest.fixture(autouse=True)
def _monday(cambridge):
    """Monday morning, from after the reference data is loaded at the real time.

    (Loaded under a frozen clock, every test's boundaries would carry the same timestamps,
    and the place index could not tell this test's from the last one's.)
    """
    with time_machine.travel(MONDAY, tick=False):
        yield


def submit(code: str, answers: dict, **kwargs) -> Case:
    kwargs.setdefault("channel", "web")
    return intake.submit(service_code=code, answers=answers, **kwargs)


def test_a_pothole_goes_to_the_county_and_a_missed_bin_to_the_district(cambridge):
    pothole = submit("pothole", pothole_answers())
    missed_bin = submit("missed-bin", missed_bin_answers())

    assert pothole.organisation == cambridge.county
    assert pothole.team == cambridge.roads
    assert missed_bin.organisation == cambridge.city
    assert missed_bin.team == cambridge.bins
    # Ten working days for a pothole, two for a missed bin, by 17:00 UK time.
    assert pothole.due_at == datetime(2026, 3, 16, 17, 0, tzinfo=LONDON)
    assert missed_bin.due_at == datetime(2026, 3, 4, 17, 0, tzinfo=LONDON)
    assert references.is_reference(pothole.reference)
    assert pothole.state == "submitted"
    assert (pothole.lat, pothole.lon) == PARKERS_PIECE
    first = pothole.events.first()
    assert (first.kind, first.public, first.actor_label) == ("submitted", True, "Web")


def test_the_reporter_is_kept_apart_from_the_case(cambridge):
    details = intake.ReporterDetails(
        name="Ada Lovelace", email="ada@example.net", phone="01632 960 001", consent=True
    )
    case = submit("pothole", pothole_answers(description="Deep, by the bus stop"), reporter=details)

    reporter = Reporter.objects.get(case=case)
    assert (reporter.name, reporter.email, reporter.phone) == (
        "Ada Lovelace",
        "ada@example.net",
        "01632 960 001",
    )
    assert reporter.consent_to_contact
    stored = json.dumps([case.answers, case.description, case.address])
    timeline = json.dumps([[e.note, e.data, e.actor_label] for e in Event.objects.all()])
    for personal in ("Ada", "ada@example.net", "960 001"):
        assert personal not in stored
        assert personal not in timeline


def test_every_problem_is_reported_at_once_and_nothing_is_written(cambridge):
    before = rows()
    answers = pothole_answers(dangerous="perhaps", depth_cm=500, colour="grey")
    del answers["position"]
    with pytest.raises(intake.SubmissionRefused) as refused:
        submit(
            "pothole",
            answers,
            channel="carrier-pigeon",
            reporter=intake.ReporterDetails(email="not an address", phone="12"),
            photos=[SimpleUploadedFile("pothole.jpg", b"not a photo")],
        )

    errors = refused.value.errors
    assert errors["position"] == [
        "Select an answer to: Is it in the road, the pavement or a cycle lane?"
    ]
    assert errors["dangerous"] == ["Select yes or no."]
    assert errors["depth_cm"] == ["Enter a number that is 100 or less."]
    assert errors["colour"] == ["This service does not ask this question. Remove this answer."]
    assert "Unknown channel" in errors["channel"][0]
    assert "correct format" in errors["reporter.email"][0]
    assert "phone number" in errors["reporter.phone"][0]
    assert errors["photos"] == [f"pothole.jpg: {attachments.NOT_A_PHOTO}"]
    assert str(refused.value).startswith("The request could not be accepted.")
    assert rows() == before
    assert mail.outbox == []


def test_a_sound_place_gets_no_error_when_another_answer_is_refused(cambridge):
    answers = pothole_answers()
    del answers["position"]
    with pytest.raises(intake.SubmissionRefused) as refused:
        submit("pothole", answers)
    assert list(refused.value.errors) == ["position"]


def test_a_missing_place_is_asked_for(cambridge):
    answers = pothole_answers()
    del answers["location"]
    with pytest.raises(intake.SubmissionRefused) as refused:
        submit("pothole", answers)
    assert refused.value.errors == {"location": ["Choose the place of the pothole on the map"]}


def test_a_place_nobody_covers_is_refused_by_name(cambridge):
    with pytest.raises(intake.NobodyResponsible) as refused:
        submit("pothole", pothole_answers(location=ATLANTIC), address="Mid-Atlantic")

    assert str(refused.value) == (
        "Nobody on Commonweal looks after highways and roads at Mid-Atlantic "
        "(54.00000, -12.00000): the place is outside every area we know."
    )


def test_an_organisation_without_a_live_offering_is_named_with_the_service(cambridge):
    before = rows()
    with pytest.raises(intake.NoLiveOffering) as refused:
        submit("missed-bin", missed_bin_answers(location=CAMBOURNE))

    assert str(refused.value) == (
        "South Cambridgeshire District Council does not take “Report a missed bin collection” "
        "requests through Commonweal yet, so the request could not be sent. "
        "Contact them directly."
    )
    assert rows() == before


def test_an_organisation_on_an_older_version_gets_cases_under_it(cambridge):
    older = definitions.latest_published("pothole")
    text = older.source_text.replace(
        "  - id: description\n",
        "  - id: lane\n    label: Which lane?\n    type: text\n    required: true\n"
        "  - id: description\n",
    )
    newer = definitions.save_version(text=text, owner=None, publish=True)
    with pytest.raises(intake.SubmissionRefused) as refused:
        submit("pothole", pothole_answers())  # checked against the newer form first
    assert list(refused.value.errors) == ["lane"]

    case = submit("pothole", pothole_answers(lane="The bus lane"))
    assert (case.definition_id, newer.version) == (older.pk, older.version + 1)
    assert "lane" not in case.answers  # the older version does not ask it


def test_an_offering_that_is_not_live_takes_nothing(cambridge):
    cambridge.city.offerings.update(live=False)
    with pytest.raises(intake.NoLiveOffering, match="Cambridge City Council"):
        submit("missed-bin", missed_bin_answers())


def test_an_unknown_service_is_refused(cambridge):
    with pytest.raises(intake.UnknownService) as refused:
        submit("unicorn-sighting", {})
    assert str(refused.value) == "There is no published service with the code “unicorn-sighting”."


def test_open311_gives_coordinates_and_the_jurisdiction(cambridge):
    answers = pothole_answers()
    del answers["location"]
    case = submit(
        "pothole", answers, channel="open311", lat=52.2, lon=0.13, organisation=cambridge.county
    )
    assert case.answers["location"] == {"lat": 52.2, "lon": 0.13}
    assert case.events.first().actor_label == "Open311"


def test_the_submitted_rules_run_and_their_steps_are_recorded(cambridge):
    emergency = Team.objects.create(
        organisation=cambridge.county, name="Highways emergency response"
    )
    case = submit("pothole", pothole_answers(dangerous=True, danger_details="A cyclist fell off."))

    assert case.priority == "urgent"
    assert case.team == emergency
    assert case.due_at == datetime(2026, 3, 3, 17, 0, tzinfo=LONDON)  # one working day
    steps = [(e.kind, e.actor_label) for e in case.events.all()]
    assert steps == [
        ("submitted", "Web"),
        ("priority", "rule accident"),
        ("assigned", "rule accident"),
    ]
    assert case.events.get(kind="submitted").data["rules_fired"] == [
        "look-for-duplicates",
        "acknowledge",
        "accident",
    ]


def test_a_rule_naming_a_missing_team_leaves_a_note_not_a_crash(cambridge):
    case = submit("pothole", pothole_answers(dangerous=True, danger_details="A car lost a tyre."))

    assert case.team == cambridge.roads
    note = case.events.get(kind="rule")
    assert note.actor_label == "rule accident"
    assert not note.public
    assert "no team of that name" in note.note


def test_a_rule_can_close_the_case_at_once(cambridge):
    case = submit(
        "missed-bin", missed_bin_answers(bin_type="garden-waste", garden_subscription=False)
    )
    assert case.state == "not-needed"
    assert case.closed_at is not None
    note = case.events.get(kind="note")
    assert note.public and "pay for garden waste" in note.note


def test_possible_duplicates_nearby_are_flagged(cambridge):
    first = submit("pothole", pothole_answers())
    near = {"lat": HERE["lat"] + 0.0002, "lon": HERE["lon"]}  # about 22 m north
    second = submit("pothole", pothole_answers(location=near))
    far = submit("pothole", pothole_answers(location={"lat": 52.21, "lon": 0.13}))

    flagged = second.events.get(kind="flagged")
    assert flagged.data["cases"][0]["reference"] == first.reference
    assert 20 < flagged.data["cases"][0]["metres"] < 25
    assert first.reference in flagged.note
    assert not flagged.public
    assert not far.events.filter(kind="flagged").exists()


def jpeg_with_exif(size=(3000, 1000), orientation=6) -> bytes:
    image = Image.new("RGB", size, "white")
    image.paste((200, 0, 0), (0, 0, 100, 100))  # a red corner, to see the turn
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Jane Resident"  # Artist
    exif[0x010F] = "Acme Cameras"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_photos_are_turned_upright_bounded_and_stripped_of_exif(cambridge):
    original = jpeg_with_exif()
    assert b"Jane Resident" in original
    upload = SimpleUploadedFile("IMG_0001.heic", original, content_type="application/x-anything")
    case = submit("pothole", pothole_answers(), photos=[upload])

    attachment = case.attachments.get()
    assert case.answers["photos"] == [attachment.token]
    stored = attachment.file.read()
    assert b"Jane Resident" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as photo:
        assert photo.format == "JPEG"
        assert len(photo.getexif()) == 0
        assert photo.size == (683, 2048)  # turned upright (orientation 6), at most 2048 px
        assert (attachment.width, attachment.height, attachment.bytes) == (683, 2048, len(stored))
        assert photo.getpixel((680, 2))[0] > 150  # the red corner is now at the top right


def test_a_text_file_named_jpg_is_refused(cambridge):
    before = rows()
    upload = SimpleUploadedFile("pothole.jpg", b"GIF89a but really just text", "image/jpeg")
    with pytest.raises(intake.SubmissionRefused) as refused:
        submit("pothole", pothole_answers(), photos=[upload])
    assert refused.value.errors == {"photos": [f"pothole.jpg: {attachments.NOT_A_PHOTO}"]}
    assert rows() == before


def test_an_oversized_upload_is_refused_before_it_is_decoded(cambridge):
    upload = SimpleUploadedFile("huge.jpg", b"\xff" * (attachments.MAX_BYTES + 1), "image/jpeg")
    with pytest.raises(intake.SubmissionRefused) as refused:
        submit("pothole", pothole_answers(), photos=[upload])
    assert refused.value.errors == {"photos": ["huge.jpg: The photo must be smaller than 10 MB."]}


def test_a_reference_already_taken_is_drawn_again_and_the_case_stored_once(cambridge, monkeypatch):
    first = submit("pothole", pothole_answers())
    drawn = iter([first.reference, first.reference, "CW-2345-6789"])
    monkeypatch.setattr(references, "new_reference", lambda: next(drawn))

    second = submit("pothole", pothole_answers(description="Another one"))

    assert second.reference == "CW-2345-6789"
    assert rows()["Case"] == 2
    assert list(second.events.values_list("kind", flat=True)) == ["submitted", "flagged"]
    assert Case.objects.get(reference=first.reference).description == first.description
    assert first.events.count() == 1


def test_no_free_reference_after_five_draws_writes_nothing(cambridge, monkeypatch):
    first = submit("pothole", pothole_answers())
    before = rows()
    monkeypatch.setattr(references, "new_reference", lambda: first.reference)
    reporter = intake.ReporterDetails(name="Ada Lovelace", email="ada@example.net")

    with pytest.raises(IntegrityError, match="No free case reference after 5 tries"):
        submit("pothole", pothole_answers(), reporter=reporter)

    assert rows() == before
