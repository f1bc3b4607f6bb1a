"""The case page: what it shows, each action, 403 with the reason, and a stale form kept."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commonweal.cases.models import Event


def text(response) -> str:
    return response.content.decode()


def url(case, action="") -> str:
    return f"/workspace/cases/{case.reference}/{action}"


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "JPEG")
    return SimpleUploadedFile("hole.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def signed_in(client, council):
    client.force_login(council.caseworker)
    return client


@pytest.fixture
def case(council, report):
    return report(
        council.organisation,
        position="cycle-lane",
        depth_cm="3",
        description="Next to the bus stop",
        photos=[jpeg()],
    )


def test_the_page_shows_the_answers_in_words(signed_in, case):
    page = text(signed_in.get(url(case)))

    assert "Is it in the road, the pavement or a cycle lane?" in page
    assert "In a cycle lane" in page and "cycle-lane" not in page  # the label, not the value
    assert "Has it caused an accident, or damaged a vehicle, today?" in page
    assert re.search(r"today\?</dt>\s*<dd[^>]*>No</dd>", page)
    assert "What happened?" not in page  # a question the resident was never asked
    assert "Next to the bus stop" in page


def test_the_page_shows_the_location_and_links_to_a_map(signed_in, case):
    page = text(signed_in.get(url(case)))

    assert "52.20530, 0.12180" in page
    assert "Parker&#x27;s Piece, Cambridge" in page
    assert "openstreetmap.org/?mlat=52.2053&amp;mlon=0.1218" in page


def test_photos_come_through_a_checked_view(signed_in, client, case, other_council):
    photo = case.attachments.get()
    page = text(signed_in.get(url(case)))
    address = f"/workspace/cases/{case.reference}/photos/{photo.token}/"
    assert f'src="{address}"' in page
    assert "/media/" not in page

    response = signed_in.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"

    client.force_login(other_council.caseworker)
    assert client.get(address).status_code == 404


def test_the_timeline_marks_public_and_internal_entries(signed_in, case, council):
    signed_in.post(
        url(case, "notes/"),
        {
            "note-version": case.version,
            "note-text": "Checked the site",
            "note-visibility": "internal",
        },
    )

    page = text(signed_in.get(url(case)))

    timeline = page[page.index('id="timeline"') :]
    assert "Checked the site" in timeline
    assert re.search(r"Note added\s*<strong class=\"govuk-tag govuk-tag--grey\">Internal", timeline)
    assert re.search(
        r"Submitted: Received\s*<strong class=\"govuk-tag govuk-tag--green\">Public", timeline
    )


def test_exactly_the_transitions_the_user_may_make(signed_in, client, case, council):
    page = text(signed_in.get(url(case)))

    buttons = re.findall(r'action="/workspace/cases/[^/]+/transitions/([^/]+)/"', page)
    assert buttons == ["triage", "schedule", "no-action", "mark-duplicate"]
    for prefix in ("transition-triage", "note", "assign", "merge"):  # each carries the version
        assert f'name="{prefix}-version" value="{case.version}"' in page
    # "No repair needed" needs a public note: its form has a textarea, the others do not.
    assert 'name="transition-no-action-public_note"' in page
    assert 'name="transition-triage-public_note"' not in page


def test_a_caseworker_takes_a_case_from_submitted_to_closed(signed_in, case):
    steps = [("triage", {}), ("schedule", {}), ("fix", {"public_note": "Filled and sealed."})]
    for transition, fields in steps:
        case.refresh_from_db()
        data = {f"transition-{transition}-{k}": v for k, v in fields.items()}
        data[f"transition-{transition}-version"] = case.version
        response = signed_in.post(url(case, f"transitions/{transition}/"), data)
        assert response.status_code == 302, text(response)

    case.refresh_from_db()
    assert (case.state, case.is_closed) == ("fixed", True)
    page = text(signed_in.get(url(case)))
    assert "Done: Mark as fixed" in page
    assert "Filled and sealed." in page
    assert "Reopen the case" in page and "Merge into that case" not in page


def test_a_missing_public_note_is_an_error_on_the_page(signed_in, case):
    response = signed_in.post(
        url(case, "transitions/no-action/"),
        {"transition-no-action-version": case.version, "transition-no-action-public_note": " "},
    )

    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_transition-no-action-public_note"' in page
    assert "Enter a public note telling the resident what was done and why" in page
    case.refresh_from_db()
    assert case.state == "submitted"


def test_a_transition_the_workflow_forbids_is_refused_with_the_reason(signed_in, case):
    response = signed_in.post(
        url(case, "transitions/fix/"),
        {"transition-fix-version": case.version, "transition-fix-public_note": "Done"},
    )

    assert response.status_code == 403
    assert "cannot be used while the case is &quot;Received&quot;" in text(response)
    case.refresh_from_db()
    assert case.state == "submitted"


def test_a_transition_the_role_may_not_make_is_refused_with_the_reason(client, council, case):
    client.force_login(council.caseworker)  # the caseworker closes it…
    for step, note in (("triage", ""), ("fix", "Mended")):
        case.refresh_from_db()
        client.post(
            url(case, f"transitions/{step}/"),
            {f"transition-{step}-version": case.version, f"transition-{step}-public_note": note},
        )
    case.refresh_from_db()

    response = client.post(  # …and "Inspect again" is for service owners only
        url(case, "transitions/reinspect/"), {"transition-reinspect-version": case.version}
    )

    assert response.status_code == 403
    assert "needs one of these roles: service-owner" in text(response)


def test_an_unknown_transition_is_not_found(signed_in, case):
    response = signed_in.post(url(case, "transitions/teleport/"), {})

    assert response.status_code == 404


def test_notes_internal_and_public(signed_in, case, council):
    for visibility in ("internal", "public"):
        case.refresh_from_db()
        response = signed_in.post(
            url(case, "notes/"),
            {
                "note-version": case.version,
                "note-text": f"A {visibility} note",
                "note-visibility": visibility,
            },
        )
        assert response.status_code == 302

    notes = {e.note: e.public for e in case.events.filter(kind=Event.Kind.NOTE)}
    assert notes == {"A internal note": False, "A public note": True}


def test_an_empty_note_is_an_error(signed_in, case):
    response = signed_in.post(
        url(case, "notes/"),
        {"note-version": case.version, "note-text": "", "note-visibility": "public"},
    )

    assert "Enter the note" in text(response)
    assert not case.events.filter(kind=Event.Kind.NOTE).exists()


def test_assign_to_a_team_and_a_person(signed_in, case, council):
    response = signed_in.post(
        url(case, "assign/"),
        {
            "assign-version": case.version,
            "assign-team": council.other_team.pk,
            "assign-assignee": council.caseworker.pk,
        },
        follow=True,
    )

    case.refresh_from_db()
    assert (case.team, case.assignee) == (council.other_team, council.caseworker)
    assert "Assigned to Customer services" in text(response)


def test_a_team_of_another_organisation_is_not_a_choice(signed_in, case, other_council):
    response = signed_in.post(
        url(case, "assign/"), {"assign-version": case.version, "assign-team": other_council.team.pk}
    )

    assert "Choose a team from the list" in text(response)


def test_merge_as_a_duplicate(signed_in, case, council, report):
    original = report(council.organisation)
    case.refresh_from_db()

    response = signed_in.post(
        url(case, "merge/"),
        {"merge-version": case.version, "merge-into": original.reference.lower()},
        follow=True,
    )

    case.refresh_from_db()
    assert case.duplicate_of == original and case.is_closed
    assert f"Merged as a duplicate of {original.reference}" in text(response)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("CW-2345-6789", "There is no case CW-2345-6789 that you can see"),
        ("xyz", "Enter a reference like"),
    ],
)
def test_merge_into_an_unknown_case_is_an_error(signed_in, case, typed, message):
    response = signed_in.post(
        url(case, "merge/"), {"merge-version": case.version, "merge-into": typed}
    )

    assert message in text(response)
    assert 'value="' + typed + '"' in text(response)


def test_merge_into_itself_is_an_error(signed_in, case):
    response = signed_in.post(
        url(case, "merge/"), {"merge-version": case.version, "merge-into": case.reference}
    )

    assert "Enter the reference of another case" in text(response)


def test_reopen_a_closed_case(signed_in, case):
    for step, note in (("triage", ""), ("fix", "Mended")):
        case.refresh_from_db()
        signed_in.post(
            url(case, f"transitions/{step}/"),
            {f"transition-{step}-version": case.version, f"transition-{step}-public_note": note},
        )
    case.refresh_from_db()

    response = signed_in.post(
        url(case, "reopen/"), {"reopen-version": case.version, "reopen-note": "Still there"}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.is_closed) == ("triaged", False)


def test_a_stale_form_shows_what_changed_and_keeps_the_text(signed_in, client, case, council):
    shown = case.version
    client.force_login(council.owner)  # someone else moves the case on meanwhile
    client.post(url(case, "transitions/triage/"), {"transition-triage-version": shown})
    client.force_login(council.caseworker)

    response = client.post(
        url(case, "notes/"),
        {"note-version": shown, "note-text": "My careful words", "note-visibility": "public"},
    )

    page = text(response)
    assert response.status_code == 409
    assert "Someone else changed this case" in page
    changes = page[
        page.index('id="what-changed"') : page.index("</div>", page.index('id="what-changed"'))
    ]
    assert "State changed: Received to Inspection booked" in changes
    assert council.owner.full_name in changes
    assert ">My careful words</textarea>" in page  # kept, not lost
    case.refresh_from_db()
    assert f'name="note-version" value="{case.version}"' in page  # ready to send again
    assert not case.events.filter(kind=Event.Kind.NOTE).exists()  # nothing overwritten


def test_a_stale_transition_that_is_gone_shows_what_was_typed(client, case, council):
    shown = case.version
    client.force_login(council.owner)
    client.post(
        url(case, "transitions/mark-duplicate/"), {"transition-mark-duplicate-version": shown}
    )
    client.force_login(council.caseworker)

    response = client.post(
        url(case, "transitions/no-action/"),
        {"transition-no-action-version": shown, "transition-no-action-public_note": "Not ours"},
    )

    page = text(response)
    assert response.status_code == 409
    assert "What you wrote (not saved)" in page and "Not ours" in page
