"""Adding and changing a contract by hand: the pages, every refusal, and who may."""

import re
from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning.models import Contract, Supplier
from commonweal.commissioning.tests.factories import SupplierFactory, nothing_changes, staff
from commonweal.commons.tests.factories import AssetFactory
from commonweal.organisations.models import Role

pytestmark = pytest.mark.django_db

ADD = "/commissioning/contracts/add"


def change(contract) -> str:
    return f"/commissioning/contracts/{contract.pk}/change"


def filled(supplier, /, **changes) -> dict:
    """What a commissioner types for a street cleansing contract."""
    return {
        "supplier_kind": "existing",
        "supplier": str(supplier.pk),
        "title": "Street cleansing",
        "reference": "FDC-SC1",
        "description": "Sweeping and litter picking across the district",
        "cpv_code": "90610000",
        "annual_value": "£120,000",
        "total_value": "360000",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2026",
        "end_date_day": "31",
        "end_date_month": "3",
        "end_date_year": "2029",
        "extension_options": "One further year",
        "notice_period_months": "6",
        "status": "active",
        "commons_asset": "",
    } | changes


def test_the_register_offers_the_form_to_commissioners_only(client, area):
    client.force_login(area.commissioner)
    assert 'href="/commissioning/contracts/add"' in client.get("/commissioning/").content.decode()
    client.force_login(area.caseworker)
    assert (
        'href="/commissioning/contracts/add"' not in client.get("/commissioning/").content.decode()
    )


def test_the_empty_form(client, area):
    client.force_login(area.commissioner)

    page = client.get(ADD).content.decode()

    assert '<h1 class="govuk-heading-xl">Add a contract</h1>' in page
    assert 'href="/commissioning/" class="govuk-back-link"' in page
    assert "Urbaser Ltd" in page  # the suppliers to choose from
    assert "Huntingdonshire District Council" in page  # a partner to share with
    assert 'name="organisation"' not in page  # Fenland is the only one she acts for


def test_a_contract_with_a_recorded_supplier(client, area):
    client.force_login(area.commissioner)

    response = client.post(ADD, filled(area.urbaser, shared_with=[str(area.hunts.pk)]))

    contract = Contract.objects.get(reference="FDC-SC1")
    assert response.status_code == 302
    assert response["Location"] == f"/commissioning/contracts/{contract.pk}/"
    assert contract.organisation == area.fenland
    assert contract.supplier == area.urbaser
    assert contract.cpv_code == "90610000-6"
    assert contract.cpv_group == "906"
    assert contract.annual_value == Decimal("120000.00")
    assert contract.start_date == date(2026, 4, 1)
    assert contract.end_date == date(2029, 3, 31)
    assert contract.notice_date == date(2028, 9, 30)
    assert contract.created_by == area.commissioner
    assert list(contract.shared_with.all()) == [area.hunts]
    page = client.get(response["Location"]).content.decode()
    assert "“Street cleansing” is recorded for Fenland District Council" in page
    assert "90610000-6 Street-cleaning and sweeping services" in page


def test_a_contract_with_a_new_supplier_adds_both(client, area):
    client.force_login(area.commissioner)
    asset = AssetFactory(title="Street cleansing rounds")
    typed = filled(
        area.urbaser, supplier_kind="new", supplier="", supplier_name="Glen Clean Ltd",
        companies_house_number="sc123456", sme="on", commons_asset=str(asset.pk),
    )  # fmt: skip

    assert client.post(ADD, typed).status_code == 302

    supplier = Supplier.objects.get(name="Glen Clean Ltd")
    assert supplier.companies_house_number == "SC123456"
    assert supplier.sme
    contract = Contract.objects.get(reference="FDC-SC1")
    assert contract.supplier == supplier
    assert contract.commons_asset == asset


REFUSALS = [
    ({"end_date_year": "2025"}, "end_date", "is before the start date"),
    ({"annual_value": "-5"}, "annual_value", "The annual value cannot be negative"),
    ({"total_value": "lots"}, "total_value", "is not an amount"),
    ({"cpv_code": "12345678"}, "cpv_code", "12345678 is not in the CPV 2008 list"),
    ({"cpv_code": "90511000-9"}, "cpv_code", "wrong check digit: the code is 90511000-2"),
    ({"start_date_day": "31", "start_date_month": "2"}, "start_date", "not a real date"),
    ({"start_date_month": ""}, "start_date", "The start date must include a month"),
    ({"end_date_year": "29"}, "end_date", "The year of the end date must have 4 digits"),
    ({"end_date_day": "last"}, "end_date", "The end date must be written in numbers"),
    (
        {"start_date_day": "", "start_date_month": "", "start_date_year": ""},
        "start_date",
        "Enter the start date.",
    ),
    ({"title": " "}, "title", "Enter the title."),
    ({"notice_period_months": "6.5"}, "notice_period_months", "is not a notice period"),
    ({"status": "paused"}, "status", "Choose the contract&#x27;s status from the list"),
    ({"supplier": ""}, "supplier", "Choose the supplier from the list, or add a new one"),
    ({"supplier_kind": ""}, "supplier_kind", "Choose a supplier already recorded, or add a new"),
    (
        {"supplier_kind": "new", "supplier_name": ""},
        "supplier_name",
        "Enter the supplier name.",
    ),
    (
        {"supplier_kind": "new", "supplier_name": "URBASER LTD"},
        "supplier_name",
        "Urbaser Ltd is already recorded as a supplier: choose it from the list",
    ),
    (
        {"supplier_kind": "new", "supplier_name": "Glen Clean", "companies_house_number": "12"},
        "companies_house_number",
        "is not a Companies House number",
    ),
]


@pytest.mark.parametrize(("typed", "field", "message"), REFUSALS)
def test_each_problem_is_refused_in_place_and_nothing_is_saved(client, area, typed, field, message):
    client.force_login(area.commissioner)

    with nothing_changes():
        response = client.post(ADD, filled(area.urbaser, **typed))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a contract" in page
    assert f'href="#id_{field}' in page  # in the error summary, leading to the field
    assert f'id="id_{field}-error"' in page  # and beside it
    assert message in page
    assert 'value="Sweeping and litter picking' not in page  # a textarea keeps it inside
    assert "Sweeping and litter picking across the district</textarea>" in page


def test_a_new_supplier_whose_number_is_recorded_is_refused(client, area):
    SupplierFactory(name="Glen Clean Limited", companies_house_number="SC123456")
    client.force_login(area.commissioner)
    typed = filled(
        area.urbaser, supplier_kind="new", supplier_name="Glen Clean Ltd",
        companies_house_number="SC123456",
    )  # fmt: skip

    with nothing_changes():
        page = client.post(ADD, typed).content.decode()

    assert "Companies House number SC123456 is already recorded for Glen Clean Limited" in page


def test_a_reference_already_used_by_the_organisation_is_refused(client, area):
    client.force_login(area.commissioner)

    with nothing_changes():
        page = client.post(ADD, filled(area.urbaser, reference="FDC-W1")).content.decode()

    assert "Fenland District Council already has a contract with the reference FDC-W1." in page


def test_the_form_s_own_problems_and_the_rules_problems_are_shown_together(client, area):
    client.force_login(area.commissioner)
    typed = filled(area.urbaser, start_date_month="", cpv_code="1", annual_value="-1")

    with nothing_changes():
        page = client.post(ADD, typed).content.decode()

    assert "The start date must include a month" in page
    assert "“1” is not a CPV code" in page
    assert "The annual value cannot be negative" in page
    assert 'value="Street cleansing"' in page  # what was typed is kept
    assert 'value="£120,000"' not in page and 'value="-1"' in page


def test_a_new_supplier_s_problems_are_shown_with_the_form_s_own(client, area):
    client.force_login(area.commissioner)
    typed = filled(area.urbaser, supplier_kind="new", supplier_name="", start_date_year="")

    with nothing_changes():
        page = client.post(ADD, typed).content.decode()

    assert "The start date must include a year" in page
    assert "Enter the supplier name." in page


def test_someone_acting_for_two_organisations_chooses_one(client, area):
    area.hunts.memberships.create(user=area.commissioner, role=Role.ADMIN)
    client.force_login(area.commissioner)
    assert 'name="organisation"' in client.get(ADD).content.decode()

    client.post(ADD, filled(area.urbaser, organisation=str(area.hunts.pk)))

    assert Contract.objects.get(reference="FDC-SC1").organisation == area.hunts


def test_a_partner_cannot_be_the_organisation_itself(client, area):
    area.hunts.memberships.create(user=area.commissioner, role=Role.ADMIN)
    client.force_login(area.commissioner)
    typed = filled(area.urbaser, organisation=str(area.hunts.pk), shared_with=[str(area.hunts.pk)])

    with nothing_changes():
        page = client.post(ADD, typed).content.decode()

    assert "Huntingdonshire District Council already sees its own contracts." in page


def test_changing_a_contract(client, area):
    contract = area.fenland_waste
    client.force_login(area.commissioner)
    form = client.get(change(contract)).content.decode()
    assert 'value="Household waste collection"' in form
    assert 'value="FDC-W1"' in form
    assert f'href="/commissioning/contracts/{contract.pk}/" class="govuk-back-link"' in form
    assert (
        f'href="/commissioning/contracts/{contract.pk}/change"'
        in client.get(f"/commissioning/contracts/{contract.pk}/").content.decode()
    )

    typed = filled(
        area.urbaser, title="Household waste collection", reference="FDC-W1",
        notice_period_months="3", status="extended", shared_with=[],
    )  # fmt: skip
    response = client.post(change(contract), typed)

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.end_date == date(2029, 3, 31)
    assert contract.notice_date == date(2028, 12, 31)
    assert contract.status == Contract.Status.EXTENDED
    assert contract.created_by is None  # the importer, unchanged
    assert list(contract.shared_with.all()) == []
    assert (
        "Your changes to the contract are saved"
        in client.get(response["Location"]).content.decode()
    )


def test_a_refused_change_changes_nothing(client, area):
    client.force_login(area.commissioner)
    typed = filled(area.urbaser, reference="FDC-W1", end_date_year="2020", cpv_code="999")

    with nothing_changes():
        page = client.post(change(area.fenland_waste), typed).content.decode()

    assert "<title>Error: Change Household waste collection" in page
    assert "is before the start date" in page
    assert "“999” is not a CPV code" in page


def test_a_contract_keeps_its_own_reference_but_not_another_s(client, area):
    client.force_login(area.commissioner)
    typed = filled(area.urbaser, reference="FDC-W1")
    assert client.post(change(area.fenland_waste), typed).status_code == 302

    private_ref = Contract.objects.filter(pk=area.private.pk).update(reference="FDC-P")
    assert private_ref == 1
    with nothing_changes():
        page = client.post(change(area.fenland_waste), filled(area.urbaser, reference="FDC-P"))
    assert "already has a contract with the reference FDC-P" in page.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_caseworker_may_not_add_or_change(client, area, method):
    client.force_login(area.caseworker)

    with nothing_changes():
        added = getattr(client, method)(ADD, filled(area.urbaser))
        changed = getattr(client, method)(change(area.fenland_waste), filled(area.urbaser))

    assert added.status_code == changed.status_code == 403
    assert "Only commissioners and organisation administrators can add contracts" in (
        added.content.decode()
    )
    assert "Only commissioners and administrators of Fenland District Council can change" in (
        changed.content.decode()
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_organisations_staff_find_no_such_contract(client, area, method):
    shared_to_hunts = area.fenland_waste
    hunts_commissioner = staff(area.hunts, Role.COMMISSIONER)

    with nothing_changes():
        client.force_login(area.stranger)
        assert (
            getattr(client, method)(change(shared_to_hunts), filled(area.urbaser)).status_code
            == 404
        )
        client.force_login(hunts_commissioner)
        assert (
            getattr(client, method)(change(area.private), filled(area.urbaser)).status_code == 404
        )
        # a partner sees a shared contract but may not change it
        assert (
            getattr(client, method)(change(shared_to_hunts), filled(area.urbaser)).status_code
            == 403
        )


def test_signing_in_first(client, area):
    response = client.get(ADD)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(client, area):
    contract = area.fenland_waste
    client.force_login(area.commissioner)
    form = client.get(change(contract)).content.decode()
    seen = re.search(r'name="seen_version" value="([^"]+)"', form).group(1)
    Contract.objects.get(pk=contract.pk).save()  # a colleague saves it meanwhile
    typed = filled(area.urbaser, reference="FDC-W1", title="Waste", seen_version=seen)

    with nothing_changes():
        page = client.post(change(contract), typed).content.decode()

    assert "Someone else saved changes to this contract after you opened this page" in page
    assert 'value="Waste"' in page  # nothing typed is lost
    again = re.search(r'name="seen_version" value="([^"]+)"', page).group(1)
    assert again != seen
    assert client.post(change(contract), typed | {"seen_version": again}).status_code == 302
    contract.refresh_from_db()
    assert contract.title == "Waste"


def test_a_missing_part_of_a_date_is_the_one_marked(client, area):
    client.force_login(area.commissioner)

    page = client.post(ADD, filled(area.urbaser, end_date_month="")).content.decode()

    assert '<a href="#id_end_date_month">The end date must include a month</a>' in page
    marked = re.findall(r'govuk-input--error" id="(id_end_date[a-z_]*)"', page)
    assert marked == ["id_end_date_month"]
