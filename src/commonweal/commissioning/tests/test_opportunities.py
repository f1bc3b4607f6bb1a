"""Finding opportunities in the database: what the viewer may see, the commons assets that
might replace the contracts, and registering interest."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning import opportunities
from commonweal.commissioning.models import Contract, OpportunityInterest
from commonweal.commissioning.tests.factories import (
    SOFTWARE,
    ContractFactory,
    SupplierFactory,
    nothing_changes,
    staff,
)
from commonweal.commissioning.validation import Conflict, NotAllowed
from commonweal.commons.models import Stage, Visibility
from commonweal.commons.tests.factories import AssetFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


@pytest.fixture
def councils():
    return [OrganisationFactory(name=name) for name in ("Fenland", "Huntingdonshire", "Ely")]


@pytest.fixture
def waste(councils):
    fenland, hunts, _ = councils
    shared = SupplierFactory(name="Urbaser Ltd")
    return [
        ContractFactory(organisation=fenland, supplier=shared, end_date=date(2028, 3, 31),
                        notice_period_months=12, shared_with=[hunts]),
        ContractFactory(organisation=hunts, end_date=date(2028, 6, 30), shared_with=[fenland],
                        annual_value=Decimal("250000")),
    ]  # fmt: skip


def find(**kwargs):
    return opportunities.find_opportunities(within_months=6, today=TODAY, **kwargs)


def test_contracts_of_two_councils_ending_close_together_are_found(waste, councils):
    [opp] = find()

    assert opp.basis == "cpv-group" and opp.label == "Refuse and waste related services"
    assert [o.name for o in opp.organisations] == ["Fenland", "Huntingdonshire"]
    assert opp.combined_annual_value == Decimal("350000.00")
    assert opp.earliest_notice_date == date(2027, 3, 31)


def test_ended_and_past_contracts_are_left_out(waste):
    waste[1].status = Contract.Status.ENDED
    waste[1].save()
    assert find() == []
    assert opportunities.find_opportunities(within_months=6, today=date(2028, 4, 1)) == []


def test_a_viewer_sees_only_opportunities_among_contracts_they_may_see(waste, councils):
    fenland, _, ely = councils
    assert len(find(viewer=staff(fenland, Role.COMMISSIONER))) == 1
    assert find(viewer=staff(ely, Role.COMMISSIONER)) == []
    waste[1].shared_with.clear()  # Huntingdonshire no longer shares with Fenland
    assert find(viewer=staff(fenland, Role.COMMISSIONER)) == []


def test_only_those_including_the_organisations_asked_for(waste, councils):
    fenland, _, ely = councils
    assert len(find(organisations=[fenland])) == 1
    assert find(organisations=[ely]) == []


def test_commons_assets_by_function_tag_and_link_are_suggested(waste):
    linked = AssetFactory(title="Shared round planner", functions=[], stage=Stage.BETA)
    by_function = AssetFactory(title="Missed bin service", functions=["waste-collection"])
    by_tag = AssetFactory(title="Waste data standard", functions=[], tags=["cpv:905"])
    AssetFactory(title="Pothole reporting", functions=["highways"])
    AssetFactory(title="Old bin app", functions=["waste-collection"], stage=Stage.RETIRED)
    hidden = AssetFactory(title="Members' bin app", functions=["waste-collection"],
                          visibility=Visibility.MEMBERS)  # fmt: skip
    waste[0].commons_asset = linked
    waste[0].save()

    [opp] = find()

    titles = [a.title for a in opp.assets]
    assert titles[0] == "Shared round planner"  # linked first
    assert set(titles) == {linked.title, by_function.title, by_tag.title, hidden.title}
    [seen_by_resident] = find(viewer=None)
    assert hidden.title in [a.title for a in seen_by_resident.assets]


def test_supplier_opportunities_are_labelled_with_the_supplier(councils):
    fenland, hunts, _ = councils
    supplier = SupplierFactory(name="Civica UK Ltd")
    ContractFactory(organisation=fenland, supplier=supplier, cpv_code=SOFTWARE, cpv_group="480")
    ContractFactory(organisation=hunts, supplier=supplier, end_date=date(2028, 1, 31))

    found = {opp.basis: opp for opp in find()}

    assert set(found) == {"supplier"}
    assert found["supplier"].label == "Civica UK Ltd"


def test_registering_interest_stores_it_once(waste, councils):
    fenland = councils[0]
    commissioner = staff(fenland, Role.COMMISSIONER)
    [opp] = find(viewer=commissioner)

    interest = opportunities.register_interest(
        actor=commissioner, organisation=fenland, opportunity=opp, note="Let's talk"
    )

    assert interest.basis == "cpv-group" and interest.key == "905"
    assert interest.window_start == date(2028, 3, 31)
    assert set(interest.contracts.all()) == set(waste)
    assert opportunities.interests_of([fenland])[opp.ident] == [interest]
    with nothing_changes(), pytest.raises(Conflict):
        opportunities.register_interest(actor=commissioner, organisation=fenland, opportunity=opp)


def test_caseworkers_cannot_register_interest(waste, councils):
    fenland = councils[0]
    [opp] = find()
    with nothing_changes(), pytest.raises(NotAllowed):
        opportunities.register_interest(
            actor=staff(fenland, Role.CASEWORKER), organisation=fenland, opportunity=opp
        )
    assert OpportunityInterest.objects.count() == 0


def test_find_one_by_identity(waste):
    [opp] = find()
    again = opportunities.find_one(ident=opp.ident, within_months=6, today=TODAY)
    assert again is not None and again.contract_ids == opp.contract_ids
    missing = opportunities.find_one(ident="cpv-group:905:2020-01-01", within_months=6, today=TODAY)
    assert missing is None
