"""The import page: administrators only, the check and its report, starting, the run page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonweal.cases.models import Case
from commonweal.insight.import_models import ImportRun
from commonweal.insight.tests.test_import_cases import HEAD, MAPPING, council  # noqa: F401
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
GOOD = HEAD + (
    "OLD-1,Pothole,03/02/2026 09:14,12/02/2026 15:30,Done,Deep hole\n"
    "OLD-2,Missed bin,2026-02-27 18:00,,Open,\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(council):  # noqa: F811
    return MembershipFactory(organisation=council.organisation, role=Role.ADMIN).user


def upload(client, text: str = GOOD, mapping: str | None = MAPPING):
    files = {"file": SimpleUploadedFile("old-cases.csv", text.encode(), "text/csv")}
    if mapping is not None:
        files["mapping"] = SimpleUploadedFile("mapping.yaml", mapping.encode())
    return client.post(reverse("insight:imports"), files)


def test_only_administrators_may_import(client, council):  # noqa: F811
    caseworker = MembershipFactory(organisation=council.organisation, role=Role.CASEWORKER).user
    client.force_login(caseworker)
    response = client.get(reverse("insight:imports"))
    assert response.status_code == 403
    assert "Only administrators of an organisation can import" in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("insight:imports"))
    assert response.status_code == 302


def test_check_preview_then_import_and_the_cases_show_as_open_and_closed(client, council, admin):  # noqa: F811
    client.force_login(admin)
    page = client.get(reverse("insight:imports")).content.decode()
    assert "Import historical cases" in page and "Check the file" in page

    response = upload(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ready to import 2 cases for Wessex Council" in page
    assert "OLD-1" in page and "Report a pothole" in page and "Fixed" in page
    assert Case.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == "checked"

    response = client.post(reverse("insight:import-start", args=[run.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2 cases imported for Wessex Council" in page
    assert "2 of 2 (100%)" in page and "Imported" in page

    fixed = Case.objects.get(answers__imported_reference="OLD-1")
    missed = Case.objects.get(answers__imported_reference="OLD-2")
    queue = client.get(reverse("workspace:queue")).content.decode()
    assert missed.reference in queue and fixed.reference not in queue
    closed = client.get(reverse("workspace:queue"), {"state": "closed"}).content.decode()
    assert fixed.reference in closed

    track = client.get(reverse("portal:case", args=[fixed.reference])).content.decode()
    assert 'govuk-tag--grey">Fixed</strong>' in track
    track = client.get(reverse("portal:case", args=[missed.reference])).content.decode()
    assert 'govuk-tag--blue">Received</strong>' in track


def test_problems_are_listed_and_nothing_is_imported(client, council, admin):  # noqa: F811
    client.force_login(admin)
    response = upload(client, HEAD + "OLD-1,Pothole,someday,,Open,\nOLD-2,Bins,03/02/2026,,Open,\n")
    page = response.content.decode()
    assert response.status_code == 400
    assert "2 problems to put right" in page
    assert "Line 2: “someday” (opened) is not a date and time" in page
    assert "Line 3: The category “Bins” is not in the mapping" in page
    assert "Import 1 case" not in page and Case.objects.count() == 0


def test_a_mapping_that_cannot_be_read_is_explained(client, council, admin):  # noqa: F811
    client.force_login(admin)
    response = upload(client, mapping="columns: [unclosed")
    assert response.status_code == 400
    assert "The mapping cannot be read as JSON or YAML" in response.content.decode()


def test_without_a_mapping_file_the_last_mapping_is_used(client, council, admin):  # noqa: F811
    client.force_login(admin)
    response = upload(client, mapping=None)
    assert "Choose the mapping file" in response.content.decode()
    upload(client)
    response = upload(client, GOOD.replace("OLD-2", "OLD-3"), mapping=None)
    assert "Ready to import 2 cases" in response.content.decode()


def test_a_file_imported_already_is_not_imported_twice(client, council, admin):  # noqa: F811
    client.force_login(admin)
    upload(client)
    client.post(reverse("insight:import-start", args=[ImportRun.objects.get().pk]))
    response = upload(client)
    assert response.status_code == 400
    assert "This file was imported for Wessex Council on" in response.content.decode()
    assert Case.objects.count() == 2


def test_another_organisations_run_is_not_found(client, council, admin):  # noqa: F811
    client.force_login(admin)
    upload(client)
    other = MembershipFactory(role=Role.ADMIN).user
    client.force_login(other)
    run = ImportRun.objects.get()
    assert client.get(reverse("insight:import-run", args=[run.pk])).status_code == 404
    assert client.post(reverse("insight:import-start", args=[run.pk])).status_code == 404
    assert Case.objects.count() == 0


def test_a_run_stopped_part_way_is_finished_from_its_page(client, council, admin):  # noqa: F811
    from commonweal.insight import imports
    from commonweal.insight.import_mapping import parse_mapping

    client.force_login(admin)
    upload(client)
    imports.import_cases(
        organisation=council.organisation, mapping=parse_mapping(MAPPING), data=GOOD.encode(),
        batch_size=1, stop_after_batches=1,
    )  # fmt: skip
    run = ImportRun.objects.get()
    page = client.get(reverse("insight:import-run", args=[run.pk])).content.decode()
    assert "Stopped part-way" in page and "1 of 2 (50%)" in page and "Import the rest" in page

    client.post(reverse("insight:import-start", args=[run.pk]))
    page = client.get(reverse("insight:import-run", args=[run.pk])).content.decode()
    assert "2 of 2 (100%)" in page and Case.objects.count() == 2
