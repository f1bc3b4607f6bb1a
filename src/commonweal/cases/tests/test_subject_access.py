"""A person's data: the export finds all of theirs and nobody else's; erasure on request."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import feedback, intake, lifecycle, subject_access
from commonweal.cases.models import Case, Event
from commonweal.cases.tests.conftest import pothole_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada_and_bob(council):
    """Ada's two requests (one by account, one by phone only) and Bob's one."""
    ada = UserFactory(email="ada@example.net", full_name="Ada Resident")

    def send(reporter, **answers):
        return intake.submit(
            service_code="pothole",
            answers=pothole_answers(**answers),
            channel="web",
            organisation=council.organisation,
            reporter=reporter,
        )

    first = send(
        intake.ReporterDetails(name="Ada Resident", email="ADA@example.net", user=ada),
        description="It is outside my house.",
    )
    second = send(intake.ReporterDetails(name="Ada R", phone="01632 960 001"))
    bobs = send(intake.ReporterDetails(name="Bob", email="bob@example.net"))
    lifecycle.transition(
        case=first,
        transition="no-action",
        actor=council.caseworker,
        expected_version=first.version,
        public_note="This is private land.",
        internal_note="Looked on the map.",
    )
    feedback.rate(case=first, user=ada, score=4, comment="Quick work.")
    return first, second, bobs


def test_the_export_gathers_the_account_and_each_request(ada_and_bob):
    first, second, _ = ada_and_bob

    found = subject_access.personal_data(email="ada@example.net", phone="01632960001")

    assert found["account"]["email"] == "ada@example.net"
    assert found["account"]["full_name"] == "Ada Resident"
    references = [request["reference"] for request in found["requests"]]
    assert references == [first.reference, second.reference]
    mine = found["requests"][0]
    assert mine["service"] == "Report a pothole"
    assert mine["organisation"] == "Wessex County Council"
    assert mine["status"] == "No repair needed"
    assert mine["contact_details"]["email"] == "ADA@example.net"
    assert mine["description"] == "It is outside my house."
    assert mine["answers"]["description"] == "It is outside my house."
    assert mine["closed_at"] is not None
    notes = [event["note"] for event in mine["timeline"]]
    assert "This is private land." in notes
    assert "Looked on the map." not in notes  # internal notes are staff's, not theirs
    assert mine["rating"]["score"] == 4 and mine["rating"]["comment"] == "Quick work."
    assert found["requests"][1]["contact_details"]["phone"] == "01632 960 001"
    assert found["requests"][1]["rating"] is None


def test_the_export_command_writes_json_to_a_file(ada_and_bob, tmp_path):
    target = tmp_path / "ada.json"
    out = io.StringIO()

    call_command(
        "export_personal_data", "--email", "ada@example.net", "--output", target, stdout=out
    )

    assert out.getvalue() == f"Wrote an account and 1 request to {target}.\n"
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["requests"][0]["reference"] == ada_and_bob[0].reference
    assert "bob@example.net" not in target.read_text(encoding="utf-8")


def test_the_export_command_needs_someone_to_look_for():
    with pytest.raises(CommandError, match="e-mail address"):
        call_command("export_personal_data")


def erase(*arguments: str, answer: str | None = None, monkeypatch=None) -> str:
    if answer is not None:
        monkeypatch.setattr("builtins.input", lambda prompt: answer)
    out = io.StringIO()
    call_command("erase_personal_data", *arguments, stdout=out)
    return out.getvalue()


def test_erasure_lists_what_it_will_erase_and_asks_first(ada_and_bob, monkeypatch):
    first, _, _ = ada_and_bob

    said = erase("--email", "ada@example.net", answer="n", monkeypatch=monkeypatch)

    assert f"  {first.reference}  Report a pothole, sent " in said
    assert "Their account is kept" in said
    assert said.endswith("Nothing erased.\n")
    assert not Event.objects.filter(kind=Event.Kind.ERASED).exists()

    said = erase("--email", "ada@example.net", answer="yes", monkeypatch=monkeypatch)

    assert said.endswith("Erased the personal data of 1 request.\n")
    first.refresh_from_db()
    assert first.reporter.erased_at is not None and first.reporter.email == ""
    assert first.events.get(kind=Event.Kind.ERASED).data["reason"] == "request"
    assert subject_access.personal_data(email="ada@example.net")["requests"] == []


def test_erasure_by_reference_erases_that_request_only(ada_and_bob):
    _, second, bobs = ada_and_bob

    said = erase("--phone", "+441632960001", "--reference", second.reference.lower(), "--yes")

    assert said.endswith("Erased the personal data of 1 request.\n")
    erased = Case.objects.filter(reporter__erased_at__isnull=False)
    assert list(erased.values_list("reference", flat=True)) == [second.reference]
    assert erase("--email", "nobody@example.net", "--yes") == (
        "No personal data to erase: no request of theirs matches.\n"
    )
    bobs.refresh_from_db()
    assert bobs.reporter.email == "bob@example.net"
