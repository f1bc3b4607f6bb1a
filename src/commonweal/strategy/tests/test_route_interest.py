"""Registering interest in buying together drafts an initiative on the route, or keeps neither."""

from datetime import date

import pytest
from django.utils import timezone

from commonweal.commissioning import opportunities
from commonweal.commissioning.models import OpportunityInterest
from commonweal.commissioning.tests.factories import ContractFactory
from commonweal.organisations.models import Role
from commonweal.strategy import route
from commonweal.strategy.models import Initiative
from commonweal.strategy.tests.factories import person

pytestmark = pytest.mark.django_db


def in_years(years: int, month: int, day: int) -> date:
    return date(timezone.localdate().year + years, month, day)


@pytest.fixture
def waste(route_area):
    """The county's and the district's waste contracts end three months apart, each shared
    with the other; the county also has a private one with the district's supplier."""
    county = ContractFactory(
        organisation=route_area.county, title="Household recycling centres",
        end_date=in_years(2, 3, 31), shared_with=[route_area.district],
    )  # fmt: skip
    district = ContractFactory(
        organisation=route_area.district, title="Kerbside collection",
        end_date=in_years(2, 6, 30), shared_with=[route_area.county],
    )  # fmt: skip
    return county, district


def the_opportunity(viewer):
    (found,) = opportunities.find_opportunities(within_months=6, viewer=viewer)
    return found


def test_registering_interest_drafts_an_initiative_on_the_route(route_area, waste):
    opportunity = the_opportunity(route_area.commissioner)

    interest = opportunities.register_interest(
        actor=route_area.commissioner, organisation=route_area.county, opportunity=opportunity,
        note="Shall we tender together?",
    )  # fmt: skip

    draft = Initiative.objects.get()
    assert draft.from_interest == interest
    assert draft.lead_organisation == route_area.county
    assert draft.status == Initiative.Status.DRAFT
    assert draft.title == "Buy together: Refuse and waste related services"
    assert draft.themes == ["strategic-commissioning"]
    assert (draft.starts_on, draft.ends_on, draft.owner) == (None, None, None)
    assert set(draft.contracts.all()) == set(waste)
    assert "Shall we tender together?" in draft.description
    assert draft.created_by == route_area.commissioner


def test_registering_through_the_page_puts_the_draft_on_the_route(client, route_area, waste):
    opportunity = the_opportunity(route_area.commissioner)
    client.force_login(route_area.commissioner)
    response = client.post(
        "/commissioning/opportunities/interest",
        {"opportunity": opportunity.ident, "within": 6, "note": ""},
    )
    assert response.status_code == 302
    assert OpportunityInterest.objects.count() == 1

    client.force_login(route_area.cio)
    html = client.get("/strategy/route/cambridgeshire/").content.decode()
    assert "Buy together: Refuse and waste related services" in html
    assert "Plan this initiative" in html


def test_if_the_draft_cannot_be_made_the_interest_is_not_kept(route_area, waste, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the route is unavailable")

    monkeypatch.setattr(route, "draft_initiative_from_interest", broken)
    opportunity = the_opportunity(route_area.commissioner)

    with pytest.raises(RuntimeError):
        opportunities.register_interest(
            actor=route_area.commissioner, organisation=route_area.county, opportunity=opportunity
        )

    assert not OpportunityInterest.objects.exists()
    assert not Initiative.objects.exists()


def test_a_supplier_opportunity_is_named_after_the_supplier(route_area, waste):
    supplier = waste[0].supplier
    supplier.name = "Ouse Valley Waste Ltd"
    supplier.save()
    elsewhere = person(route_area.district, Role.COMMISSIONER)
    ContractFactory(
        organisation=route_area.district, supplier=supplier, cpv_code="48000000-8",
        cpv_group="480", end_date=in_years(2, 4, 30), shared_with=[route_area.county],
    )  # fmt: skip
    found = opportunities.find_opportunities(within_months=6, viewer=elsewhere)
    by_supplier = next(o for o in found if o.basis == OpportunityInterest.Basis.SUPPLIER)

    opportunities.register_interest(
        actor=elsewhere, organisation=route_area.district, opportunity=by_supplier
    )

    assert Initiative.objects.get().title == "Buy together: Ouse Valley Waste Ltd"
