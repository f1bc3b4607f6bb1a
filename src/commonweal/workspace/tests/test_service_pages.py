"""Service pages: offerings, a definition checked with located errors, preview, publish, switch."""

import re

import pytest
from django.conf import settings

from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition, ServiceOffering

POTHOLE = (settings.DATA_DIR / "services" / "pothole.yaml").read_text(encoding="utf-8")
MINE = POTHOLE.replace("code: pothole", "code: wessex-pothole")


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def signed_in(client, council):
    client.force_login(council.owner)
    return client


def test_the_offerings_with_version_newer_version_live_and_team(signed_in, council):
    newer = POTHOLE.replace("name: Report a pothole", "name: Report a pothole or a crater")
    definitions.save_version(text=newer, owner=None, publish=True)

    page = text(signed_in.get("/workspace/services/"))

    row = page[page.index("Report a pothole") : page.index("</tr>", page.index("Report a pothole"))]
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.S)
    assert cells[0] == "1"  # the version running
    assert "Version 2" in cells[1]  # a newer version is published
    assert "Live" in cells[2]
    assert cells[3] == "Highways"


def test_edit_starts_from_the_running_versions_text(signed_in):
    page = text(signed_in.get("/workspace/services/pothole/edit"))

    assert "code: pothole" in page
    assert "This is version 1, which Wessex County Council runs now" in page


def test_editing_a_service_the_organisation_does_not_run_is_not_found(signed_in):
    assert signed_in.get("/workspace/services/graffiti/edit").status_code == 404


def test_errors_are_listed_against_their_location_and_the_text_kept(signed_in):
    broken = MINE.replace(
        "to: no-action, label: No repair needed", "to: closd, label: No repair needed"
    )

    response = signed_in.post("/workspace/services/new", {"text": broken})

    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: Add a service definition" in page
    summary = page[
        page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))
    ]
    assert "workflow.transitions[3].to: unknown state &#x27;closd&#x27; (line 72)" in summary
    at_field = page[page.index('id="id_text-error"') :]
    assert "workflow.transitions[3].to: unknown state &#x27;closd&#x27; (line 72)" in at_field
    assert "to: closd, label: No repair needed" in page  # the text is kept
    assert not ServiceDefinition.objects.filter(code="wessex-pothole").exists()


def test_every_error_is_shown(signed_in):
    broken = MINE.replace("function: highways", "function: dragons").replace(
        "initial: submitted", "initial: nowhere"
    )

    page = text(signed_in.post("/workspace/services/new", {"text": broken}))

    assert page.count("function:") >= 1 and "workflow.initial:" in page


def test_text_that_is_not_yaml_is_an_error(signed_in):
    page = text(signed_in.post("/workspace/services/new", {"text": "code: [unclosed"}))

    assert "(document): not valid YAML" in page


def test_an_empty_definition_is_an_error(signed_in):
    assert "Enter the service definition" in text(
        signed_in.post("/workspace/services/new", {"text": ""})
    )


def test_a_sound_definition_is_saved_as_a_draft_and_previewed(signed_in, council):
    response = signed_in.post("/workspace/services/new", {"text": MINE}, follow=True)

    assert response.redirect_chain == [("/workspace/services/wessex-pothole/versions/1/", 302)]
    row = ServiceDefinition.objects.get(code="wessex-pothole")
    assert (row.status, row.owner) == ("draft", council.organisation)
    page = text(response)
    assert "Saved as draft version 1 of wessex-pothole" in page
    assert "Preview of the resident" in page
    # Each question as the GOV.UK input it would be, disabled, with its hint.
    assert re.search(
        r'<input class="govuk-radios__input" id="preview-position-2"[^>]*disabled', page
    )
    assert "In a cycle lane" in page
    assert re.search(
        r'<input class="govuk-input govuk-input--width-5" id="preview-depth_cm"[^>]*disabled', page
    )
    assert "A rough guess is fine." in page
    assert re.search(
        r'<textarea class="govuk-textarea" id="preview-danger_details"[^>]*disabled', page
    )
    assert "Asked only when the answer to “Has it caused an accident" in page
    assert 'type="file"' in page
    assert "Publish version 1" in page


def test_publish_then_switch_the_offering_to_it(signed_in, council):
    edited = POTHOLE.replace("name: Report a pothole", "name: Report a pothole in Wessex")
    signed_in.post("/workspace/services/pothole/edit", {"text": edited})
    row = ServiceDefinition.objects.get(code="pothole", version=2)
    assert row.status == "draft"

    response = signed_in.post("/workspace/services/pothole/versions/2/publish", follow=True)
    assert "Version 2 of Report a pothole in Wessex is published" in text(response)
    assert "Switch the offering to version 2" in text(response)

    response = signed_in.post(
        "/workspace/services/pothole/versions/2/run",
        {"team": council.other_team.pk, "live": "yes"},
        follow=True,
    )

    offering = ServiceOffering.objects.get(
        organisation=council.organisation, service_code="pothole"
    )
    assert (offering.definition.version, offering.team, offering.live) == (
        2,
        council.other_team,
        True,
    )
    assert "Wessex County Council now runs Report a pothole in Wessex version 2 (live)" in text(
        response
    )


def test_switching_needs_a_team_and_a_choice(signed_in):
    response = signed_in.post("/workspace/services/pothole/versions/1/run", {})

    page = text(response)
    assert "Choose the team that handles the requests" in page
    assert "Choose whether the service takes requests now" in page


def test_a_team_of_another_organisation_cannot_run_it(signed_in, other_council):
    response = signed_in.post(
        "/workspace/services/pothole/versions/1/run", {"team": other_council.team.pk, "live": "no"}
    )

    assert "Choose a team from the list" in text(response)


def test_only_the_owner_organisation_publishes_a_version(signed_in):
    response = signed_in.post("/workspace/services/pothole/versions/1/publish")

    assert response.status_code == 403
    assert "Only service owners and administrators of the organisation that wrote" in text(response)


def test_a_published_version_cannot_be_published_again(signed_in, council):
    definitions.save_version(text=MINE, owner=council.organisation, publish=True)

    response = signed_in.post("/workspace/services/wessex-pothole/versions/1/publish")

    assert response.status_code == 409
    assert "is already published" in text(response)
