"""The progress page's data and page: levels against targets, trend, measures, initiatives,
and the anonymous benchmark shown only with enough peers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.organisations.models import Kind
from commonweal.organisations.tests.factories import OrganisationFactory
from commonweal.strategy import progress
from commonweal.strategy.models import Initiative
from commonweal.strategy.tests.factories import (
    OutcomeTargetFactory,
    TargetFactory,
    scored,
    theme_keys,
)


def peers(count: int, level: int, kind=Kind.COUNTY, **fields):
    for _ in range(count):
        scored(OrganisationFactory(kind=kind, **fields), level)


def test_levels_targets_and_the_trend_per_theme(council):
    today = timezone.localdate()
    scored(council.org, 1, assessed_on=today - timedelta(days=365))
    scored(council.org, {"collaborate": 3}, assessed_on=today)
    TargetFactory(organisation=council.org, theme="collaborate", level=5)

    found = progress.progress(organisation=council.org)

    row = next(r for r in found.themes if r.key == "collaborate")
    assert (row.current, row.target, row.gap, row.trend) == (3, 5, 2, (1, 3))
    assert found.trend_dates == [today - timedelta(days=365), today]
    assert len(found.themes) == len(theme_keys())


def test_the_benchmark_needs_three_other_organisations_of_the_same_kind(council):
    scored(council.org, 2)
    peers(2, 3)
    peers(3, 5, kind=Kind.DISTRICT)
    peers(1, 5, active=False)

    found = progress.progress(organisation=council.org)

    assert found.benchmark_peers == 2
    assert not found.benchmark_shown
    assert all(row.benchmark is None for row in found.themes)


def test_the_benchmark_gives_quartiles_of_the_peers_latest_levels(council):
    scored(council.other, 1, assessed_on=timezone.localdate() - timedelta(days=400))
    scored(council.other, 2)
    peers(1, 3)
    peers(1, 4)
    peers(1, 5)

    found = progress.progress(organisation=council.org)

    assert found.benchmark_shown and found.benchmark_peers == 4
    mark = found.themes[0].benchmark
    assert (mark.organisations, mark.lower_quartile, mark.median, mark.upper_quartile) == (
        4, 2.75, 3.5, 4.25,
    )  # fmt: skip


def test_measures_against_targets_and_initiatives_by_status(council):
    OutcomeTargetFactory(organisation=council.org, measure="assets-adopted", value=3)
    Initiative.objects.create(
        title="One front door", lead_organisation=council.org, status=Initiative.Status.ACTIVE
    )
    joint = Initiative.objects.create(title="Shared data centre", lead_organisation=council.other)
    joint.partners.add(council.org)
    Initiative.objects.create(title="Not ours", lead_organisation=council.other)

    found = progress.progress(organisation=council.org)

    adopted = next(r for r in found.measures if r.measure.key == "assets-adopted")
    assert (adopted.value, adopted.target, adopted.met) == (0, 3, False)
    groups = {g.status: [i.title for i in g.initiatives] for g in found.initiatives}
    assert groups["active"] == ["One front door"]
    assert groups["draft"] == ["Shared data centre"]


def test_the_page_shows_the_chart_and_the_table(client, council):
    scored(council.org, 3)
    TargetFactory(organisation=council.org, theme="collaborate", level=5)
    client.force_login(council.caseworker)

    response = client.get(f"/strategy/{council.org.slug}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img" aria-labelledby="levels-chart-title levels-chart-desc"' in page
    assert "Current level and target in each theme, Cambridgeshire County Council" in page
    assert "Levels and targets by theme" in page
    assert "once at least 3 other active organisations of the same kind" in page
    assert "So far 0 have" in page


def test_the_page_shows_the_benchmark_when_there_are_enough_peers(client, council):
    scored(council.org, 3)
    peers(3, 4)
    client.force_login(council.cio)

    page = client.get(f"/strategy/{council.org.slug}/").content.decode()

    assert "Against the latest completed assessments of 3 other active organisations" in page
    assert "Norfolk" not in page


@pytest.mark.parametrize("who", ["stranger", None])
def test_others_cannot_see_the_progress_page(client, council, who):
    scored(council.org, 3)
    if who:
        client.force_login(getattr(council, who))

    response = client.get(f"/strategy/{council.org.slug}/")

    assert response.status_code == (404 if who else 302)
