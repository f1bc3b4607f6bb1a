"""Workspace access: sign-in first, organisations.permissions decide, other organisations 404."""

import pytest

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory

PAGES = ["/workspace/", "/workspace/services/", "/workspace/services/new"]


@pytest.mark.parametrize("path", [*PAGES, "/workspace/cases/CW-2345-6789/"])
def test_anonymous_people_are_sent_to_sign_in(client, db, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_a_case_of_another_organisation_is_not_found(client, council, other_council, report):
    theirs = report(other_council.organisation)
    client.force_login(council.caseworker)

    assert client.get(f"/workspace/cases/{theirs.reference}/").status_code == 404
    response = client.post(
        f"/workspace/cases/{theirs.reference}/notes/",
        {"note-version": theirs.version, "note-text": "Hello", "note-visibility": "internal"},
    )
    assert response.status_code == 404


def test_a_photo_of_another_organisations_case_is_not_found(client, council, other_council):
    client.force_login(council.caseworker)

    assert client.get("/workspace/cases/CW-2345-6789/photos/abc/").status_code == 404


def test_someone_without_a_case_role_is_told_why(client, council):
    commissioner = MembershipFactory(organisation=council.organisation, role=Role.COMMISSIONER)
    client.force_login(commissioner.user)

    response = client.get("/workspace/")

    assert response.status_code == 403
    assert "caseworker, service owner or executive" in response.content.decode()


def test_an_executive_sees_the_case_but_no_actions(client, council, report):
    case = report(council.organisation)
    client.force_login(council.executive)

    page = client.get(f"/workspace/cases/{case.reference}/").content.decode()

    assert case.reference in page
    assert "You can see this case but not work on it" in page
    assert "Add the note" not in page
    assert "Book an inspection" not in page


def test_an_executive_cannot_act_and_is_told_why(client, council, report):
    case = report(council.organisation)
    client.force_login(council.executive)

    response = client.post(
        f"/workspace/cases/{case.reference}/transitions/triage/",
        {"transition-triage-version": case.version},
    )

    assert response.status_code == 403
    assert "caseworker, service owner or organisation administrator" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "submitted"


def test_caseworkers_cannot_manage_services(client, council):
    client.force_login(council.caseworker)

    for path in PAGES[1:]:
        response = client.get(path)
        assert response.status_code == 403
        assert "Only service owners and organisation administrators" in response.content.decode()


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_service_owners_and_admins_manage_services(client, council, role):
    client.force_login(getattr(council, role))

    assert client.get("/workspace/services/").status_code == 200


def test_another_organisations_draft_is_not_found(client, council, other_council):
    from commonweal.services import definitions

    text = (definitions.latest_published("pothole").source_text).replace(
        "code: pothole", "code: mercia-pothole"
    )
    definitions.save_version(text=text, owner=other_council.organisation)
    client.force_login(council.owner)

    assert client.get("/workspace/services/mercia-pothole/versions/1/").status_code == 404
    assert client.post("/workspace/services/mercia-pothole/versions/1/publish").status_code == 404


def test_a_stranger_signed_in_cannot_see_cases(client, council, report):
    case = report(council.organisation)
    client.force_login(UserFactory())

    assert client.get(f"/workspace/cases/{case.reference}/").status_code == 403
