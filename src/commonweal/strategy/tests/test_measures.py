"""Outcome measures: each value comes from live data (the rollups and the commons), never typed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commonweal.cases.models import Case, Channel, Event
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory
from commonweal.commons.models import Adoption
from commonweal.commons.tests.factories import AdoptionFactory, AssetFactory
from commonweal.insight import rollups
from commonweal.organisations.tests.factories import OrganisationFactory
from commonweal.strategy import measures


@pytest.fixture
def period(db):
    today = timezone.localdate()
    return {"period_start": today - timedelta(days=30), "period_end": today}


def test_the_catalogue_says_what_each_measure_is(db):
    keys = [m.key for m in measures.CATALOGUE]
    assert len(keys) == len(set(keys)) >= 6
    for measure in measures.CATALOGUE:
        assert measure.title and measure.definition and measure.unit
        assert measure.direction in (measures.HIGHER, measures.LOWER)
    assert measures.measure("cost-per-transaction").direction == measures.LOWER


def test_with_no_activity_rates_are_unknown_and_counts_are_zero(period):
    values = measures.current_values(organisation=OrganisationFactory(), **period)

    assert values["online-share"] is None
    assert values["sla-compliance"] is None
    assert values["cost-per-transaction"] is None
    assert values["resident-satisfaction"] is None
    assert values["assets-adopted"] == 0
    assert values["reuse-savings"] == 0


def test_case_measures_come_from_the_organisations_cases_in_the_period(period):
    now = timezone.now()
    offering = OfferingFactory(cost_per_transaction={"web": 0.5, "phone": "8.50"})
    org = offering.organisation
    for channel in (Channel.WEB, Channel.WEB, Channel.OPEN311, Channel.PHONE):
        CaseFactory(offering=offering, channel=channel, submitted_at=now - timedelta(days=2))
    CaseFactory(offering=offering, channel=Channel.PHONE, submitted_at=now - timedelta(days=90))
    CaseFactory(channel=Channel.PHONE, submitted_at=now)  # another organisation's
    on_time = CaseFactory(offering=offering, submitted_at=now - timedelta(days=5))
    on_time.closed_at, on_time.due_at = now - timedelta(days=1), now
    on_time.save()
    late = CaseFactory(offering=offering, submitted_at=now - timedelta(days=20))
    late.closed_at, late.due_at = now - timedelta(days=1), now - timedelta(days=3)
    late.save()
    for score in (4, 5):
        Event.objects.create(case=on_time, at=now, kind=Event.Kind.RATED, data={"score": score})
    # Factories store cases without the events the real code writes: count them as they are.
    rollups.refresh_cases(case_ids=Case.objects.values_list("pk", flat=True))

    values = measures.current_values(organisation=org, **period)

    # Six received in the period: five on the web or through Open311, one by phone.
    assert values["online-share"] == Decimal("83.3")
    assert values["sla-compliance"] == Decimal(50)
    # The Open311 request has no cost recorded: five costed, four at £0.50 and one at £8.50.
    assert values["cost-per-transaction"] == Decimal("10.5") / 5
    assert values["resident-satisfaction"] == Decimal("4.5")


def test_commons_measures_count_adoptions_savings_and_assets_shared(period):
    org = OrganisationFactory()
    AdoptionFactory(organisation=org, annual_saving_pounds=12000)
    AdoptionFactory(organisation=org, annual_saving_pounds=None)
    AdoptionFactory(organisation=org, status=Adoption.Status.PILOTING, annual_saving_pounds=900)
    AdoptionFactory(organisation=org, started_on=period["period_end"] + timedelta(days=5))
    AssetFactory(owner_organisation=org)

    values = measures.current_values(organisation=org, **period)

    assert values["assets-adopted"] == 2
    assert values["reuse-savings"] == 12000
    assert values["assets-shared"] == 1


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("online-share", Decimal("62.46"), "62.5%"),
        ("cost-per-transaction", Decimal("3.4"), "£3.40"),
        ("reuse-savings", Decimal("12000"), "£12,000 a year"),
        ("resident-satisfaction", Decimal("4.25"), "4.3 out of 5"),
        ("assets-adopted", None, "No data yet"),
    ],
)
def test_values_are_shown_in_their_unit(key, value, shown):
    assert measures.measure(key).shown(value) == shown
