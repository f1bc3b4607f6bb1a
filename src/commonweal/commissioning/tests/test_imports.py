"""Importing a contracts register from CSV: each kind of problem reported by row, and then
nothing written at all."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning import imports
from commonweal.commissioning.models import Contract, Supplier
from commonweal.commissioning.tests.factories import (
    ContractFactory,
    SupplierFactory,
    nothing_changes,
    staff,
)
from commonweal.commissioning.validation import NotAllowed
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Contract Reference Number,Title,Supplier Name,Supplier Registered Company Number,SME,"
    "CPV Code,Contract Start Date,Contract End Date,Annual Value (£),Total Value (£),"
    "Extension Options,Notice Period (months)"
)
GOOD_ROWS = [
    "FDC-001,Household waste collection,Urbaser Ltd,04071044,No,90511000-2,01/04/2025,"
    '31/03/2028,"£1,250,000","3,750,000",Two years,6',
    "FDC-002,Street cleansing,Glen Clean Ltd,SC123456,Yes,90610000,2024-10-01,2027-09-30,"
    "200000,600000,,3",
]


def csv_bytes(*rows: str, headings: str = HEADINGS, encoding: str = "utf-8") -> bytes:
    return "\n".join([headings, *rows]).encode(encoding)


@pytest.fixture
def council():
    return OrganisationFactory(name="Fenland District Council")


@pytest.fixture
def commissioner(council):
    return staff(council, Role.COMMISSIONER)


def problems(council, data: bytes) -> list[str]:
    check = imports.check_register(organisation=council, data=data)
    assert not check.ok
    with nothing_changes(), pytest.raises(imports.ImportRefused) as refused:
        imports.import_register(actor=None, organisation=council, data=data)
    assert [str(e) for e in refused.value.errors] == [str(e) for e in check.errors]
    return [str(e) for e in check.errors]


def test_a_good_register_is_imported_with_its_suppliers(council, commissioner):
    made = imports.import_register(
        actor=commissioner, organisation=council, data=csv_bytes(*GOOD_ROWS)
    )

    assert len(made) == 2
    waste = Contract.objects.get(reference="FDC-001")
    assert waste.organisation == council
    assert waste.supplier.companies_house_number == "04071044"
    assert (waste.cpv_code, waste.cpv_group) == ("90511000-2", "905")
    assert waste.annual_value == Decimal("1250000.00")
    assert waste.notice_date == date(2027, 9, 30)
    assert waste.created_by == commissioner
    cleaning = Contract.objects.get(reference="FDC-002")
    assert cleaning.cpv_code == "90610000-6"  # the check digit filled in
    assert cleaning.supplier.sme is True
    assert Supplier.objects.count() == 2


def test_the_preview_names_new_and_known_suppliers_without_writing(council):
    SupplierFactory(name="Urbaser Ltd", companies_house_number="04071044")
    with nothing_changes():
        check = imports.check_register(organisation=council, data=csv_bytes(*GOOD_ROWS))
    assert check.ok
    assert [(r.row, r.supplier_name, r.new_supplier) for r in check.rows] == [
        (1, "Urbaser Ltd", False),
        (2, "Glen Clean Ltd", True),
    ]


def test_transparency_code_headings_and_a_byte_order_mark_are_understood(council):
    headings = (
        "Reference Number,Title of agreement,Vendor,Company Number,CPV,Start date,End date,"
        "Sum to be paid over the length of the contract"
    )
    row = "R1,Library management system,Civica UK Ltd,01628868,48161000,1/4/2025,31/3/2027,90000"
    data = b"\xef\xbb\xbf" + csv_bytes(row, headings=headings)

    check = imports.check_register(organisation=council, data=data)

    assert check.ok, check.errors
    [only] = check.rows
    assert only.values.total_value == Decimal("90000.00")
    assert only.values.annual_value == Decimal("45000.00")  # two years


def test_semicolons_are_read_as_well_as_commas(council):
    data = csv_bytes(*(r for r in GOOD_ROWS[1:2]), headings=HEADINGS)
    semicolons = data.decode().replace(",", ";").encode()

    check = imports.check_register(organisation=council, data=semicolons)

    assert check.ok, check.errors


def test_missing_columns_are_named(council):
    headings = "Title,Supplier Name,Start Date,End Date"
    found = problems(council, csv_bytes("A,B,1/1/2026,1/1/2027", headings=headings))

    assert found == [
        "The file has no cpv code column: name one “cpv”, “cpv code”, “cpv codes”.",
        "The file has no annual value or total value column: add one of them.",
    ]


def test_two_columns_for_one_field_are_refused(council):
    headings = HEADINGS + ",Contract Title"
    found = problems(council, csv_bytes(GOOD_ROWS[0] + ",Other", headings=headings))

    assert found == ["The columns “Title” and “Contract Title” both give the title. Keep one."]


def test_bad_dates_are_reported_with_their_rows(council):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1].replace("2027-09-30", "30/13/2027")]

    assert problems(council, csv_bytes(*rows)) == [
        "Row 2: “30/13/2027” is not a real date: check the end date."
    ]


def test_end_before_start_is_refused(council):
    row = GOOD_ROWS[0].replace("31/03/2028", "31/03/2024")

    [found] = problems(council, csv_bytes(row))
    assert found.startswith("Row 1: The end date (31/03/2024) is before the start date")


def test_the_wrong_encoding_is_reported_with_its_row(council):
    assert "headings" in problems(council, csv_bytes(*GOOD_ROWS, encoding="cp1252"))[0]  # £

    rows = [
        GOOD_ROWS[0].replace("£", ""),
        GOOD_ROWS[1].replace("Glen Clean Ltd", "Glen Clean Ltd \u2013 Fenland"),
    ]
    data = csv_bytes(*rows, headings=HEADINGS.replace(" (£)", ""), encoding="cp1252")

    [found] = problems(council, data)
    assert "The file is not UTF-8 text" in found
    assert "row 2" in found
    assert "CSV UTF-8" in found


def test_a_nul_character_is_refused_with_its_row(council):
    # Found by fuzzing: valid UTF-8, but PostgreSQL cannot store it, so the write failed.
    [found] = problems(council, csv_bytes(GOOD_ROWS[0].replace("Household", "House\x00hold")))
    assert found.startswith("The file holds a NUL character (in row 1)")


def test_duplicated_rows_are_refused(council):
    [found] = problems(council, csv_bytes(GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]))

    assert found == "Row 3: It repeats row 1."


def test_rows_without_references_are_compared_by_supplier_title_and_dates(council):
    row = GOOD_ROWS[1].replace("FDC-002", "")

    assert problems(council, csv_bytes(row, row)) == ["Row 2: It repeats row 1."]


def test_contracts_already_recorded_are_refused(council):
    ContractFactory(organisation=council, reference="FDC-001")

    assert problems(council, csv_bytes(*GOOD_ROWS)) == [
        "Row 1: A contract with the reference FDC-001 is already recorded."
    ]


def test_another_organisations_reference_is_no_duplicate(council):
    ContractFactory(reference="FDC-001")

    check = imports.check_register(organisation=council, data=csv_bytes(*GOOD_ROWS))
    assert check.ok


def test_unknown_cpv_codes_are_refused(council):
    rows = [GOOD_ROWS[0].replace("90511000-2", "90511999"), GOOD_ROWS[1]]

    assert problems(council, csv_bytes(*rows)) == [
        "Row 1: 90511999 is not in the CPV 2008 list. Check the code on your contract notice; "
        "the list has the codes in use since 2008."
    ]


def test_negative_values_are_refused(council):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1].replace(",200000,", ",-200000,")]

    assert problems(council, csv_bytes(*rows)) == [
        "Row 2: The annual value cannot be negative (it is -200,000)."
    ]


def test_a_negative_value_alone_is_reported_once(council):
    headings = "Title,Supplier,CPV code,Start date,End date,Total value"
    found = problems(council, csv_bytes("A,B,90511000,1/4/2025,31/3/2027,-10", headings=headings))

    assert found == ["Row 1: The total value cannot be negative (it is -10)."]


def test_every_problem_of_every_row_is_listed(council):
    rows = [
        GOOD_ROWS[0].replace("01/04/2025", "soon").replace("04071044", "123"),
        GOOD_ROWS[1].replace("Yes", "Perhaps"),
    ]

    found = problems(council, csv_bytes(*rows))

    assert found == [
        "Row 1: “123” is not a Companies House number: it is 8 characters, all digits "
        "(01234567) or two letters and six digits (SC123456).",
        "Row 1: “soon” is not a date: enter the start date as day, month and year, like "
        "31/03/2027 or 2027-03-31.",
        "Row 2: “Perhaps” is not yes or no: say whether the supplier is an SME.",
    ]


def test_a_row_with_more_cells_than_headings_is_refused(council):
    assert problems(council, csv_bytes(GOOD_ROWS[0] + ",extra")) == [
        "Row 1: It has 13 cells but there are 12 headings."
    ]


def test_blank_rows_are_skipped_but_an_empty_register_is_refused(council):
    assert imports.check_register(organisation=council, data=csv_bytes(GOOD_ROWS[0], ",,,")).ok
    assert problems(council, csv_bytes()) == ["The file has headings but no contracts."]
    assert problems(council, b"  \n") == ["The file is empty. Choose the CSV file to import."]


def test_only_commissioners_and_administrators_import(council):
    caseworker = staff(council, Role.CASEWORKER)
    with nothing_changes(), pytest.raises(NotAllowed):
        imports.import_register(actor=caseworker, organisation=council, data=csv_bytes(*GOOD_ROWS))
