"""The metric registry's figures against cases worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning.models import Contract, Supplier
from commonweal.commons.models import Adoption
from commonweal.commons.tests.factories import AssetFactory
from commonweal.insight import metrics
from commonweal.insight.metrics import METRICS, Scope
from commonweal.insight.tests.factories import at, close, pothole_council, rate, reopen, report
from commonweal.organisations.models import Kind

pytestmark = pytest.mark.django_db
APRIL = {"start": date(2026, 3, 30), "end": date(2026, 4, 30)}


@pytest.fixture
def worked():
    """Three potholes reported on Monday 30 March 2026, Easter falling between.

    A (web): due 10 working days later; Good Friday and Easter Monday push the due date to
    Wednesday 15 April, so closing on Tuesday 14 April is on time (it would be late without
    the bank holidays). B (phone): closed late on 20 April. C (web): closed on 31 March,
    reopened on 2 April, closed for good on 8 April: it counts once, on 8 April.
    """
    council = pothole_council()
    a = report(council, when=at(2026, 3, 30, 10), channel="web")
    b = report(council, when=at(2026, 3, 30, 10), channel="phone")
    c = report(council, when=at(2026, 3, 30, 10), channel="web")
    close(council, c, when=at(2026, 3, 31, 10))
    reopen(council, c, when=at(2026, 4, 2, 10))
    close(council, c, when=at(2026, 4, 8, 10))
    a = close(council, a, when=at(2026, 4, 14, 12))
    close(council, b, when=at(2026, 4, 20, 10))
    rate(a, score=4, when=at(2026, 4, 16, 9))
    rate(c, score=2, when=at(2026, 4, 16, 9))
    return council, a


def figure(metric: str, council, **period) -> Decimal | None:
    return metrics.value(
        metric=metric, scope=Scope.for_organisation(council.organisation), **(period or APRIL)
    )


def test_the_registry_defines_every_metric():
    assert set(METRICS) == {
        "requests", "online-share", "sla-compliance", "median-resolution", "p90-resolution",
        "backlog", "cost-per-transaction", "satisfaction", "assets-adopted", "reuse-savings",
        "contract-value-expiring", "maturity-average",
    }  # fmt: skip
    for metric in METRICS.values():
        assert metric.unit in {"count", "percent", "pounds", "days", "score"}
        assert metric.direction in {"up", "down", "neutral"}
        assert metric.definition.endswith(".")


def test_case_metrics_worked_by_hand(worked):
    council, a = worked
    assert a.due_at.date() == date(2026, 4, 15)
    assert figure("requests", council) == 3
    assert figure("online-share", council) == Decimal("66.7")
    assert figure("sla-compliance", council) == Decimal("66.7")  # A and C on time, B late
    # Resolution: C 9 days (bucket 7-10 days), A 15.1 days and B 21 days (bucket 14-21
    # days). The median is halfway into the second bucket's two: 336 + 168 / 4 = 378 h.
    assert figure("median-resolution", council) == Decimal("15.8")
    assert figure("satisfaction", council) == Decimal("3.00")
    assert figure("backlog", council) == 0
    assert figure("backlog", council, start=date(2026, 3, 30), end=date(2026, 3, 31)) == 2
    assert figure("backlog", council, start=date(2026, 4, 1), end=date(2026, 4, 2)) == 3
    # Closed in March: none (C's first close was undone by its reopening).
    march = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
    assert figure("sla-compliance", council, **march) is None
    assert figure("requests", council, start=date(2026, 5, 1), end=date(2026, 5, 31)) is None


def test_series_and_breakdowns(worked):
    council, _ = worked
    scope = Scope.for_organisation(council.organisation)
    weeks = metrics.series(metric="requests", scope=scope, step="week", **APRIL)
    assert weeks[0] == (date(2026, 3, 30), Decimal(3))
    assert not any(value for _, value in weeks[1:])  # 0 on days with other news, else None
    backlog = metrics.series(
        metric="backlog", scope=scope, start=date(2026, 3, 1), end=date(2026, 4, 30)
    )
    assert backlog == [(date(2026, 3, 1), Decimal(2)), (date(2026, 4, 1), Decimal(0))]
    by_channel = metrics.breakdown(metric="requests", scope=scope, by="channel", **APRIL)
    assert by_channel == [("Phone", Decimal(1)), ("Web", Decimal(2))]
    by_service = metrics.breakdown(metric="requests", scope=scope, by="service", **APRIL)
    assert [value for _, value in by_service] == [Decimal(3)]
    with pytest.raises(ValueError, match="cannot be broken down"):
        metrics.breakdown(metric="reuse-savings", scope=scope, by="service", **APRIL)


def test_cost_per_transaction_weights_each_channel_by_its_requests(worked):
    council, _ = worked
    council.offering.cost_per_transaction = {"web": 0.5, "phone": "8.00"}
    council.offering.save()
    # (2 x £0.50 + 1 x £8.00) / 3
    assert figure("cost-per-transaction", council) == Decimal("3.00")


def test_platform_and_group_scopes_add_up(worked):
    council, _ = worked
    other = pothole_council(name="Mercia County Council")
    report(other, when=at(2026, 4, 1, 10), channel="phone")
    both = Scope.for_organisations([council.organisation, other.organisation])
    assert metrics.value(metric="requests", scope=both, **APRIL) == 4
    assert metrics.value(metric="requests", scope=Scope.platform(), **APRIL) == 4
    assert metrics.value(metric="online-share", scope=both, **APRIL) == Decimal("50.0")


def test_peers_need_four_organisations_of_the_same_kind(worked):
    council, _ = worked
    others = [pothole_council(name=f"Shire {n}") for n in range(3)]
    for n, other in enumerate(others):
        for _ in range(n + 1):
            report(other, when=at(2026, 4, 1, 10))
    pothole_council(name="A district", kind=Kind.DISTRICT)
    found = metrics.peers(metric="requests", organisation=council.organisation, **APRIL)
    assert (found.lower, found.median, found.upper) == (Decimal("1.75"), Decimal("2.5"),
                                                         Decimal("3"))  # fmt: skip
    assert (found.organisations, found.own) == (4, Decimal(3))
    assert metrics.peers(metric="requests", organisation=others[0].organisation, **APRIL)
    lonely = metrics.peers(
        metric="requests", organisation=council.organisation, start=date(2026, 5, 1),
        end=date(2026, 5, 2),
    )  # fmt: skip
    assert lonely is None


def test_reuse_and_contract_metrics():
    council = pothole_council()
    organisation = council.organisation
    asset = AssetFactory(owner_organisation=organisation)
    Adoption.objects.create(
        organisation=organisation, asset=asset, status=Adoption.Status.ADOPTED,
        started_on=date(2026, 1, 1), annual_saving_pounds=36_500,
    )  # fmt: skip
    supplier = Supplier.objects.create(name="Roads Ltd")
    for ends, value in ((date(2026, 4, 30), "1000.00"), (date(2026, 9, 1), "5000.00")):
        Contract.objects.create(
            organisation=organisation, supplier=supplier, title="Road repairs",
            cpv_code="45233141-9", annual_value=value, total_value=value,
            start_date=date(2024, 1, 1), end_date=ends, notice_date=ends,
        )  # fmt: skip
    assert figure("assets-adopted", council, start=date(2026, 1, 1), end=date(2026, 1, 31)) == 1
    assert figure("assets-adopted", council) == 0
    # £36,500 a year is £100 a day; April has 30 days and 30 March to 30 April has 32.
    assert figure("reuse-savings", council) == Decimal("3200.00")
    assert figure("contract-value-expiring", council) == Decimal("1000.00")


def test_maturity_averages_the_latest_complete_assessment():
    pytest.importorskip("commonweal.strategy.models")
    from commonweal.strategy.models import Assessment, ThemeScore

    council = pothole_council()
    for on, levels in ((date(2025, 1, 1), (1, 1)), (date(2026, 1, 1), (2, 5))):
        assessment = Assessment.objects.create(
            organisation=council.organisation, framework_version="1",
            status=Assessment.Status.COMPLETE, assessed_on=on,
        )  # fmt: skip
        for n, level in enumerate(levels):
            ThemeScore.objects.create(assessment=assessment, theme=f"theme-{n}", level=level)
    assert figure("maturity-average", council) == Decimal("3.50")
    early = {"start": date(2025, 1, 1), "end": date(2025, 6, 30)}
    assert figure("maturity-average", council, **early) == Decimal("1.00")
