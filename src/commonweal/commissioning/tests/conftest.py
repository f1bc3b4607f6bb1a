"""Fixtures for the pages: two councils that share their waste contracts, and a stranger."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from commonweal.commissioning.tests.factories import ContractFactory, SupplierFactory, staff
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory


def in_years(years: int, month: int, day: int) -> date:
    """A date some years ahead, so that the fixtures never slip into the past."""
    return date(timezone.localdate().year + years, month, day)


@pytest.fixture
def area(db):
    fenland = OrganisationFactory(name="Fenland District Council", slug="fenland")
    hunts = OrganisationFactory(name="Huntingdonshire District Council", slug="hunts")
    ely = OrganisationFactory(name="East Cambridgeshire District Council", slug="ely")
    urbaser = SupplierFactory(name="Urbaser Ltd", sme=False)
    fenland_waste = ContractFactory(
        organisation=fenland, supplier=urbaser, title="Household waste collection",
        reference="FDC-W1", end_date=in_years(2, 3, 31), shared_with=[hunts],
    )  # fmt: skip
    hunts_waste = ContractFactory(
        organisation=hunts, title="Refuse and recycling collection", reference="HDC-7",
        end_date=in_years(2, 6, 30), annual_value=Decimal("250000"), shared_with=[fenland],
    )  # fmt: skip
    private = ContractFactory(
        organisation=fenland, supplier=urbaser, title="Confidential grounds maintenance",
        cpv_code="77314000-4", cpv_group="773", end_date=in_years(3, 1, 31),
    )  # fmt: skip
    return SimpleNamespace(
        fenland=fenland,
        hunts=hunts,
        ely=ely,
        urbaser=urbaser,
        fenland_waste=fenland_waste,
        hunts_waste=hunts_waste,
        private=private,
        commissioner=staff(fenland, Role.COMMISSIONER, full_name="Ruth Achebe"),
        caseworker=staff(fenland, Role.CASEWORKER),
        hunts_caseworker=staff(hunts, Role.CASEWORKER),
        stranger=staff(ely, Role.COMMISSIONER),
    )
