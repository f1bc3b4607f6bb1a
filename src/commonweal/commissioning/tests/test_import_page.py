"""The import page: upload, a preview with every row and problem, then confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commonweal.commissioning.models import Contract
from commonweal.commissioning.tests.factories import nothing_changes
from commonweal.commissioning.tests.test_imports import GOOD_ROWS, csv_bytes

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, **extra):
    return client.post(
        "/commissioning/import/", {"file": SimpleUploadedFile("register.csv", data), **extra}
    )


def test_preview_then_confirm(client, area):
    client.force_login(area.commissioner)

    with nothing_changes():
        preview = upload(client, csv_bytes(*GOOD_ROWS))
    page = preview.content.decode()
    assert "Ready to import 2 contracts for Fenland District Council" in page
    assert "Urbaser Ltd</td>" in page  # a known supplier: no "new" tag
    assert 'Glen Clean Ltd <strong class="govuk-tag govuk-tag--blue">New supplier' in page
    assert "Import 2 contracts" in page

    done = client.post("/commissioning/import/confirm")

    assert done.status_code == 302
    assert Contract.objects.filter(organisation=area.fenland, reference="FDC-001").exists()
    assert (
        "2 contracts imported for Fenland District Council"
        in client.get(done["Location"]).content.decode()
    )


def test_problems_are_listed_by_row_and_nothing_can_be_confirmed(client, area):
    client.force_login(area.commissioner)
    rows = [GOOD_ROWS[0].replace("90511000-2", "12345678"), GOOD_ROWS[1]]

    with nothing_changes():
        page = upload(client, csv_bytes(*rows)).content.decode()
        assert "<title>Error: Import contracts" in page
        assert "Row 1: 12345678 is not in the CPV 2008 list" in page
        assert "Import 2 contracts" not in page
        confirm = client.post("/commissioning/import/confirm")
    assert "Upload the file again" in confirm.content.decode()


def test_a_file_that_is_not_utf8(client, area):
    client.force_login(area.commissioner)
    page = upload(client, csv_bytes(*GOOD_ROWS, encoding="cp1252")).content.decode()
    assert "The file is not UTF-8 text" in page


def test_no_file_chosen(client, area):
    client.force_login(area.commissioner)
    page = client.post("/commissioning/import/", {}).content.decode()
    assert "Choose the CSV file to import" in page


def test_confirming_rechecks_what_changed_meanwhile(client, area):
    client.force_login(area.commissioner)
    upload(client, csv_bytes(*GOOD_ROWS))
    from commonweal.commissioning.tests.factories import ContractFactory

    ContractFactory(organisation=area.fenland, reference="FDC-001")  # recorded meanwhile
    page = client.post("/commissioning/import/confirm").content.decode()
    assert "Row 1: A contract with the reference FDC-001 is already recorded." in page
    assert Contract.objects.filter(reference="FDC-002").count() == 0


def test_only_commissioners_and_administrators_may_import(client, area):
    client.force_login(area.caseworker)
    assert client.get("/commissioning/import/").status_code == 403
