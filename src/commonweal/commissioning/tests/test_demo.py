"""The demo's contracts register: believable, safe to make twice, with opportunities."""

import pytest

from commonweal.commissioning import opportunities
from commonweal.commissioning.models import Contract, SupplierReview
from commonweal.demo.commissioning import CONTRACTS
from commonweal.demo.content import create_demo
from commonweal.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_the_demo_records_its_contracts_once():
    first = create_demo()
    assert first.contracts_made == len(CONTRACTS) == Contract.objects.count()
    reviews = SupplierReview.objects.count()

    again = create_demo()

    assert again.contracts_made == 0
    assert Contract.objects.count() == len(CONTRACTS)
    assert SupplierReview.objects.count() == reviews == 12


def test_the_county_commissioner_finds_opportunities_to_buy_together():
    from commonweal.accounts.models import User

    create_demo()
    commissioner = User.objects.get(email="commissioner@cambridgeshire.example.org")

    found = opportunities.find_opportunities(within_months=6, viewer=commissioner)

    labels = {(opp.basis, opp.label) for opp in found}
    assert ("cpv-group", "Refuse and waste related services") in labels
    assert ("supplier", "Ouse Valley Waste Ltd") in labels
    assert ("cpv-group", "Business transaction and personal business software package") in labels
    fleet = "Repair, maintenance and associated services of vehicles and related equipment"
    assert ("cpv-group", fleet) in labels
    waste = next(o for o in found if o.label == "Refuse and waste related services")
    assert len(waste.organisations) >= 3
    assert any(asset.service_code == "missed-bin" for asset in waste.assets)


def test_districts_share_with_the_county_and_the_county_with_the_councils():
    create_demo()
    county = Organisation.objects.get(gss_code="E10000003")
    cambridge = Organisation.objects.get(gss_code="E07000008")

    assert county in Contract.objects.get(reference="CAM-ENV-014").shared_with.all()
    assert cambridge in Contract.objects.get(reference="CCC-HW-2019").shared_with.all()
    assert not Contract.objects.get(reference="CVCN-2024-01").shared_with.exists()
