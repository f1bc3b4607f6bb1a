"""Recording and changing contracts: every bad value refused with its reason, nothing changed."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning import contracts, cpv
from commonweal.commissioning.models import Contract, Supplier
from commonweal.commissioning.tests.factories import (
    REFUSE,
    ContractFactory,
    SupplierFactory,
    nothing_changes,
    staff,
)
from commonweal.commissioning.validation import ContractInvalid, NotAllowed
from commonweal.commons.models import Visibility
from commonweal.commons.tests.factories import AssetFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return OrganisationFactory(name="Fenland District Council")


@pytest.fixture
def commissioner(council):
    return staff(council, Role.COMMISSIONER)


def good(**changes) -> dict:
    return {
        "title": "Household waste and recycling collection",
        "cpv_code": "90511000",
        "start_date": "01/04/2025",
        "end_date": "2028-03-31",
        "annual_value": "£1,250,000",
        "total_value": Decimal("3750000"),
        "notice_period_months": "6",
        "extension_options": "Two further years, one at a time",
        "reference": "FDC-WASTE-01",
    } | changes


def test_a_contract_is_recorded_with_its_code_group_and_notice_date(council, commissioner):
    supplier = SupplierFactory()

    contract = contracts.create_contract(
        actor=commissioner, organisation=council, supplier=supplier, **good()
    )

    contract.refresh_from_db()
    assert contract.cpv_code == REFUSE  # the check digit added
    assert contract.cpv_group == "905"
    assert contract.annual_value == Decimal("1250000.00")
    assert contract.notice_date == date(2027, 9, 30)
    assert contract.created_by == commissioner
    assert cpv.group_label(contract.cpv_group) == "Refuse and waste related services"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Enter the title."),
        ("cpv_code", "90511001", "not in the CPV 2008 list"),
        ("cpv_code", "90511000-9", "wrong check digit: the code is 90511000-2"),
        ("cpv_code", "waste", "is not a CPV code"),
        ("start_date", "31/02/2026", "not a real date"),
        ("end_date", "next year", "is not a date"),
        ("end_date", "2025-03-31", "is before the start date"),
        ("annual_value", "-5", "cannot be negative"),
        ("total_value", "(1,000)", "cannot be negative"),
        ("annual_value", "lots", "is not an amount"),
        ("notice_period_months", "6.5", "is not a notice period"),
        ("notice_period_months", "200", "120 months or fewer"),
        ("status", "paused", "is not a status"),
    ],
)
def test_each_bad_value_is_refused_with_its_reason(council, commissioner, field, value, message):
    supplier = SupplierFactory()
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.create_contract(
            actor=commissioner, organisation=council, supplier=supplier, **good(**{field: value})
        )
    assert message in refused.value.errors[field]


def test_every_problem_is_reported_at_once(council, commissioner):
    with pytest.raises(ContractInvalid) as refused:
        contracts.create_contract(
            actor=commissioner,
            organisation=council,
            supplier=SupplierFactory(),
            **good(title="", annual_value="-1", cpv_code="1"),
        )
    assert set(refused.value.errors) == {"title", "annual_value", "cpv_code"}


def test_a_reference_is_used_once_per_organisation(council, commissioner):
    ContractFactory(organisation=council, reference="FDC-WASTE-01")
    supplier = SupplierFactory()
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.create_contract(
            actor=commissioner, organisation=council, supplier=supplier, **good()
        )
    assert "already has a contract with the reference" in refused.value.errors["reference"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.EXECUTIVE, Role.SERVICE_OWNER])
def test_only_commissioners_and_administrators_record_contracts(council, role):
    outsider, supplier = staff(council, role), SupplierFactory()
    with nothing_changes(), pytest.raises(NotAllowed):
        contracts.create_contract(actor=outsider, organisation=council, supplier=supplier, **good())


def test_another_organisations_commissioner_cannot(council):
    other, supplier = staff(OrganisationFactory(), Role.COMMISSIONER), SupplierFactory()
    with nothing_changes(), pytest.raises(NotAllowed):
        contracts.create_contract(actor=other, organisation=council, supplier=supplier, **good())


def test_a_members_only_asset_may_be_linked_by_members(council, commissioner):
    asset = AssetFactory(visibility=Visibility.MEMBERS)

    contract = contracts.create_contract(
        actor=commissioner,
        organisation=council,
        supplier=SupplierFactory(),
        commons_asset=asset,
        **good(),
    )

    assert contract.commons_asset == asset


def test_editing_recomputes_the_notice_date_and_keeps_the_rest(council, commissioner):
    contract = ContractFactory(organisation=council, end_date=date(2028, 3, 31))

    contracts.edit_contract(contract=contract, actor=commissioner, notice_period_months=3)

    contract.refresh_from_db()
    assert contract.notice_date == date(2027, 12, 31)
    assert contract.end_date == date(2028, 3, 31)


def test_a_bad_edit_changes_nothing(council, commissioner):
    contract = ContractFactory(organisation=council)
    with nothing_changes(), pytest.raises(ContractInvalid):
        contracts.edit_contract(
            contract=contract, actor=commissioner, end_date="2020-01-01", title="New"
        )


def test_sharing_with_partners_and_refusing_the_owner_itself(council, commissioner):
    contract = ContractFactory(organisation=council)
    partner = OrganisationFactory()

    contracts.share_contract(contract=contract, actor=commissioner, organisations=[partner])
    assert list(contract.shared_with.all()) == [partner]

    with nothing_changes(), pytest.raises(ContractInvalid):
        contracts.share_contract(contract=contract, actor=commissioner, organisations=[council])
    with nothing_changes(), pytest.raises(ContractInvalid):
        inactive = OrganisationFactory(active=False)
        contracts.share_contract(contract=contract, actor=commissioner, organisations=[inactive])


@pytest.mark.parametrize(
    ("written", "stored"),
    [("SC123456", "SC123456"), ("sc 123456", "SC123456"), ("1234567", "01234567")],
)
def test_companies_house_numbers_are_tidied(written, stored):
    supplier, created = contracts.find_or_create_supplier(
        name="Glen Waste Ltd", companies_house_number=written
    )
    assert created and supplier.companies_house_number == stored


@pytest.mark.parametrize("bad", ["12345", "ABC12345", "SC12345X", "123456789"])
def test_bad_companies_house_numbers_are_refused(bad):
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.find_or_create_supplier(name="Glen Waste Ltd", companies_house_number=bad)
    assert "is not a Companies House number" in str(refused.value)


def test_a_supplier_is_found_again_by_number_then_by_name():
    first, _ = contracts.find_or_create_supplier(name="Urbaser Ltd", companies_house_number="")
    again, created = contracts.find_or_create_supplier(
        name="URBASER LTD", companies_house_number="04071044", sme=True
    )
    assert not created and again == first
    again.refresh_from_db()
    assert again.companies_house_number == "04071044" and again.sme
    assert Supplier.objects.count() == 1


def test_reviews_score_1_to_5_over_a_period(council, commissioner):
    contract = ContractFactory(organisation=council)

    review = contracts.record_review(
        actor=commissioner,
        organisation=council,
        contract=contract,
        period_start="1/4/2025",
        period_end="30/6/2025",
        quality=5,
        delivery="4",
        value=3,
    )

    assert review.supplier == contract.supplier
    assert (review.quality, review.delivery, review.value) == (5, 4, 3)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quality": 0}, "quality"),
        ({"delivery": 6}, "delivery"),
        ({"value": "good"}, "value"),
        ({"period_end": "1/1/2025"}, "period_end"),
    ],
)
def test_bad_reviews_are_refused(council, commissioner, changes, field):
    contract = ContractFactory(organisation=council)
    values = {"period_start": "1/4/2025", "period_end": "30/6/2025", "quality": 3,
              "delivery": 3, "value": 3} | changes  # fmt: skip
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.record_review(
            actor=commissioner, organisation=council, contract=contract, **values
        )
    assert field in refused.value.errors


def test_an_organisation_reviews_only_its_own_contracts(council, commissioner):
    theirs = ContractFactory()
    with nothing_changes(), pytest.raises(NotAllowed):
        contracts.record_review(
            actor=commissioner, organisation=council, contract=theirs, period_start="1/4/2025",
            period_end="30/6/2025", quality=3, delivery=3, value=3,
        )  # fmt: skip


def test_the_database_refuses_negative_values_even_past_the_rules():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(annual_value=Decimal("-1"))
    assert Contract.objects.count() == 0


def test_a_new_supplier_is_added_with_its_contract(council, commissioner):
    new = contracts.NewSupplier(name="Glen Clean Ltd", companies_house_number="sc 123456", sme=True)

    contract = contracts.create_contract(
        actor=commissioner, organisation=council, supplier=new, **good()
    )

    assert contract.supplier.name == "Glen Clean Ltd"
    assert contract.supplier.companies_house_number == "SC123456"
    assert contract.supplier.sme


def test_a_refused_contract_adds_no_supplier(council, commissioner):
    new = contracts.NewSupplier(name="Glen Clean Ltd")
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.create_contract(
            actor=commissioner, organisation=council, supplier=new, **good(cpv_code="1")
        )
    assert set(refused.value.errors) == {"cpv_code"}


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        (contracts.NewSupplier(name=" "), "supplier_name", "Enter the supplier name."),
        (contracts.NewSupplier(name="x" * 201), "supplier_name", "200 characters or fewer"),
        (contracts.NewSupplier(name="URBASER ltd"), "supplier_name", "already recorded"),
        (
            contracts.NewSupplier(name="Glen", companies_house_number="01234567"),
            "companies_house_number",
            "already recorded for Urbaser Ltd",
        ),
        (
            contracts.NewSupplier(name="Glen", companies_house_number="ABC"),
            "companies_house_number",
            "is not a Companies House number",
        ),
    ],
)
def test_a_new_supplier_must_be_new_and_well_formed(council, commissioner, new, field, message):
    SupplierFactory(name="Urbaser Ltd", companies_house_number="01234567")
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.create_contract(
            actor=commissioner, organisation=council, supplier=new, **good(title="")
        )
    assert message in refused.value.errors[field]
    assert "title" in refused.value.errors  # reported with the contract's own problems


def test_updating_replaces_every_detail(council, commissioner):
    contract = ContractFactory(organisation=council, reference="OLD", description="Old")
    partner, other = OrganisationFactory(), SupplierFactory()

    contracts.update_contract(
        actor=commissioner, contract=contract, supplier=other, shared_with=[partner],
        **good(status="extended"),
    )  # fmt: skip

    contract.refresh_from_db()
    assert contract.reference == "FDC-WASTE-01"
    assert contract.description == ""
    assert contract.supplier == other
    assert contract.status == Contract.Status.EXTENDED
    assert contract.notice_date == date(2027, 9, 30)
    assert list(contract.shared_with.all()) == [partner]


def test_updating_without_partners_keeps_them(council, commissioner):
    partner = OrganisationFactory()
    contract = ContractFactory(organisation=council, shared_with=[partner])

    contracts.update_contract(
        actor=commissioner, contract=contract, supplier=contract.supplier, **good()
    )

    assert list(contract.shared_with.all()) == [partner]


def test_a_refused_update_changes_nothing(council, commissioner):
    contract = ContractFactory(organisation=council)
    ContractFactory(organisation=council, reference="TAKEN")
    with nothing_changes(), pytest.raises(ContractInvalid) as refused:
        contracts.update_contract(
            actor=commissioner, contract=contract, supplier=contract.supplier,
            **good(reference="TAKEN", end_date="2020-01-01"),
        )  # fmt: skip
    assert set(refused.value.errors) == {"reference", "end_date"}


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.EXECUTIVE])
def test_only_commissioners_and_administrators_update(council, role):
    contract = ContractFactory(organisation=council)
    with nothing_changes(), pytest.raises(NotAllowed):
        contracts.update_contract(
            actor=staff(council, role), contract=contract, supplier=contract.supplier, **good()
        )


def test_an_update_from_a_stale_page_is_refused(council, commissioner):
    contract = ContractFactory(organisation=council)
    seen = contracts.version_of(contract)
    Contract.objects.get(pk=contract.pk).save()  # someone else saved it meanwhile

    with nothing_changes(), pytest.raises(contracts.Conflict):
        contracts.update_contract(
            actor=commissioner, contract=contract, supplier=contract.supplier,
            seen_version=seen, **good(),
        )  # fmt: skip


def test_who_recorded_and_who_last_changed_a_contract_are_kept(council, commissioner):
    colleague = staff(council, Role.COMMISSIONER)
    contract = contracts.create_contract(
        actor=commissioner, organisation=council, supplier=SupplierFactory(), **good()
    )
    assert (contract.created_by, contract.updated_by) == (commissioner, commissioner)

    contracts.update_contract(
        actor=colleague, contract=contract, supplier=contract.supplier, **good(title="New")
    )
    contract.refresh_from_db()
    assert (contract.created_by, contract.updated_by) == (commissioner, colleague)

    contracts.edit_contract(contract=contract, actor=commissioner, notice_period_months=2)
    contract.refresh_from_db()
    assert contract.updated_by == commissioner


def test_a_refused_change_keeps_who_last_changed_it(council, commissioner):
    contract = ContractFactory(organisation=council, updated_by=commissioner)
    colleague = staff(council, Role.COMMISSIONER)

    with pytest.raises(ContractInvalid):
        contracts.edit_contract(contract=contract, actor=colleague, cpv_code="12345678")

    contract.refresh_from_db()
    assert contract.updated_by == commissioner
