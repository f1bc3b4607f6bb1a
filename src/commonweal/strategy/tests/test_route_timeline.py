"""The route page's facts: the timeline's bars by theme, and what is late, unowned or missing."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import timezone

from commonweal.strategy.models import Initiative
from commonweal.strategy.route_queries import read_route
from commonweal.strategy.tests.factories import InitiativeFactory, MilestoneFactory, TargetFactory
from commonweal.strategy.timeline import COLOURS, WIDTH, build_timeline

TODAY = date(2026, 6, 15)
THEMES = [("collaborate", "Collaborate"), ("redesign", "Redesign"), ("innovate", "Innovate")]


def plain(title, themes, starts_on, ends_on, status="active", rag="green"):
    item = Initiative(
        title=title, themes=themes, starts_on=starts_on, ends_on=ends_on, status=status, rag=rag
    )
    return item


def test_bars_span_their_dates_over_whole_years_in_a_lane_for_each_theme():
    both = plain(
        "Joint contact centre", ["collaborate", "redesign"], date(2025, 1, 1), date(2026, 12, 31)
    )
    later = plain("New front door", ["redesign"], date(2027, 1, 1), date(2027, 12, 31), rag="amber")
    undated = plain("Someday", ["innovate"], None, None, status="draft", rag="")

    timeline = build_timeline([later, both, undated], themes=THEMES, today=TODAY)

    assert (timeline.first_year, timeline.last_year) == (2025, 2027)
    assert [lane.key for lane in timeline.lanes] == ["collaborate", "redesign"]
    collaborate, redesign = timeline.lanes
    assert [bar.initiative for bar in redesign.bars] == [both, later]
    first = collaborate.bars[0]
    assert first.x == 0
    assert 630 < first.width < 645  # two of three years
    assert redesign.bars[1].x == pytest.approx(WIDTH * 730 / 1095, abs=0.1)
    assert redesign.bars[1].colour == COLOURS["amber"]
    assert redesign.bars[1].label == "New front door (amber)"
    assert [year.year for year in redesign.years] == [2025, 2026, 2027]
    assert 0 < redesign.today_x < WIDTH


def test_no_dated_initiatives_no_timeline():
    assert build_timeline([], themes=THEMES, today=TODAY).lanes == []


@pytest.fixture
def county_route(route_area):
    county = route_area.county
    late_by_end = InitiativeFactory(
        lead_organisation=county, title="Old intranet", starts_on=date(2024, 1, 1),
        ends_on=date(2026, 3, 31), owner=route_area.cio_role,
    )  # fmt: skip
    late_by_milestone = InitiativeFactory(
        lead_organisation=county, title="Shared fleet", themes=["shared-services"],
        owner=route_area.chief,
    )  # fmt: skip
    MilestoneFactory(initiative=late_by_milestone, title="Fleet audit", due_on=date(2026, 5, 1))
    MilestoneFactory(initiative=late_by_milestone, title="Done already", due_on=date(2026, 1, 1),
                     done_on=date(2026, 1, 2))  # fmt: skip
    unowned = InitiativeFactory(
        lead_organisation=county, title="Digital skills", themes=["digital-inclusion"]
    )
    finished = InitiativeFactory(
        lead_organisation=county, title="Finished work", themes=["governance"],
        ends_on=date(2026, 1, 31), status="complete",
    )  # fmt: skip
    draft = InitiativeFactory(
        lead_organisation=county, title="Buy together: vehicles", status="draft", rag="",
        starts_on=None, ends_on=None, themes=["strategic-commissioning"],
    )  # fmt: skip
    for theme in ("collaborate", "strategic-commissioning", "governance", "leadership"):
        TargetFactory(organisation=county, theme=theme)
    return SimpleNamespace(
        late_by_end=late_by_end, late_by_milestone=late_by_milestone, unowned=unowned,
        finished=finished, draft=draft,
    )  # fmt: skip


def test_the_route_says_what_is_late_unowned_drafted_and_missing(route_area, county_route):
    found = read_route(organisation=route_area.county, today=TODAY)

    late = dict(found.late)
    assert set(late) == {county_route.late_by_end, county_route.late_by_milestone}
    assert late[county_route.late_by_end] == ["It was due to end on 31 March 2026"]
    assert late[county_route.late_by_milestone] == ["“Fleet audit” was due on 1 May 2026"]
    assert found.unowned == [county_route.unowned]
    assert found.drafts == [county_route.draft]
    # collaborate has an initiative under way and strategic-commissioning a draft; a complete
    # initiative does not count for governance.
    assert [(gap.theme, gap.title) for gap in found.gaps] == [
        ("leadership", "Leadership"),
        ("governance", "Governance"),
    ]
    assert county_route.draft not in [
        bar.initiative for lane in found.timeline.lanes for bar in lane.bars
    ]


def test_superseded_targets_and_other_organisations_do_not_count(route_area):
    TargetFactory(organisation=route_area.county, theme="innovate", superseded_at=timezone.now())
    TargetFactory(organisation=route_area.other, theme="leadership")
    assert read_route(organisation=route_area.county, today=TODAY).gaps == []


def test_the_route_lists_initiatives_it_is_a_partner_in(route_area):
    shared = InitiativeFactory(lead_organisation=route_area.county, partners=[route_area.district])
    found = read_route(organisation=route_area.district, today=TODAY)
    assert found.partnered == [shared]
    assert found.planned == []
