"""The route's rules: who plans it, and every bad value refused with a reason, changing nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning.tests.factories import ContractFactory
from commonweal.commons.tests.factories import AssetFactory
from commonweal.strategy import key_players, route
from commonweal.strategy.models import Initiative, KeyPlayer, KeyPlayerRole, Milestone
from commonweal.strategy.tests.factories import InitiativeFactory, MilestoneFactory, person

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Shared revenues and benefits service",
    "themes": ["shared-services", "collaborate"],
    "starts_on": "1/4/2026",
    "ends_on": "2028-03-31",
    "annual_cash_benefit": "£250,000",
    "other_benefits": "One front door for residents.",
}


def snapshot() -> list:
    rows = []
    for model in (Initiative, Milestone, KeyPlayer):
        rows.append(list(model.objects.order_by("pk").values()))
    for through in (Initiative.partners.through, Initiative.contracts.through):
        rows.append(list(through.objects.order_by("pk").values()))
    return rows


@contextmanager
def nothing_changes() -> Iterator[None]:
    before = snapshot()
    yield
    assert snapshot() == before


def refused(call, **kwargs) -> dict[str, str]:
    with nothing_changes(), pytest.raises(route.RouteInvalid) as caught:
        call(**kwargs)
    return caught.value.errors


def test_an_executive_adds_an_initiative_with_partners_links_and_owner(route_area):
    contract = ContractFactory(organisation=route_area.county)
    asset = AssetFactory(owner_organisation=route_area.district)

    made = route.create_initiative(
        actor=route_area.cio, organisation=route_area.county, **GOOD,
        owner=route_area.cio_role, partners=[route_area.district], assets=[asset],
        contracts=[contract],
    )  # fmt: skip

    made.refresh_from_db()
    assert made.status == Initiative.Status.ACTIVE
    assert made.themes == ["collaborate", "shared-services"]  # the framework's order
    assert (made.starts_on, made.ends_on) == (date(2026, 4, 1), date(2028, 3, 31))
    assert made.annual_cash_benefit == Decimal("250000.00")
    assert made.owner == route_area.cio_role
    assert list(made.partners.all()) == [route_area.district]
    assert list(made.contracts.all()) == [contract]
    assert list(made.assets.all()) == [asset]
    assert made.created_by == route_area.cio


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ends_on": "31/3/2026"}, "ends_on", "on or after the start date"),
        ({"annual_cash_benefit": "-5000"}, "annual_cash_benefit", "cannot be negative"),
        ({"themes": ["happiness"]}, "themes", "not a theme of the framework"),
        ({"themes": []}, "themes", "Choose at least one theme"),
        ({"title": "  "}, "title", "Enter the initiative's title"),
        ({"starts_on": ""}, "starts_on", "Enter the date the initiative starts"),
        ({"starts_on": "31/2/2026"}, "starts_on", "not a real date"),
    ],
)
def test_bad_values_are_refused_with_a_reason(route_area, changes, field, words):
    errors = refused(
        route.create_initiative, actor=route_area.cio, organisation=route_area.county,
        **{**GOOD, **changes},
    )  # fmt: skip
    assert words in errors[field]


def test_the_owner_must_be_a_key_player_of_the_lead_organisation(route_area):
    elsewhere = KeyPlayer.objects.create(
        organisation=route_area.other, user=route_area.stranger, role=KeyPlayerRole.CIO
    )
    errors = refused(
        route.create_initiative, actor=route_area.cio, organisation=route_area.county, **GOOD,
        owner=elsewhere,
    )  # fmt: skip
    assert "key players" in errors["owner"]


def test_partners_are_other_active_organisations(route_area):
    errors = refused(
        route.create_initiative, actor=route_area.cio, organisation=route_area.county, **GOOD,
        partners=[route_area.county],
    )  # fmt: skip
    assert "cannot be a partner too" in errors["partners"]

    route_area.district.active = False
    route_area.district.save()
    errors = refused(
        route.create_initiative, actor=route_area.cio, organisation=route_area.county, **GOOD,
        partners=[route_area.district],
    )  # fmt: skip
    assert "no longer active" in errors["partners"]


def test_contracts_the_person_cannot_see_are_refused(route_area):
    private = ContractFactory(organisation=route_area.other)
    errors = refused(
        route.create_initiative, actor=route_area.cio, organisation=route_area.county, **GOOD,
        contracts=[private],
    )  # fmt: skip
    assert "you cannot see one of these" in errors["contracts"]


@pytest.mark.parametrize("who", ["caseworker", "commissioner", "stranger", "district_officer"])
def test_only_executives_and_administrators_plan_the_route(route_area, who):
    with nothing_changes(), pytest.raises(route.NotAllowed, match="Ask one of them"):
        route.create_initiative(
            actor=getattr(route_area, who), organisation=route_area.county, **GOOD
        )


def test_an_administrator_may_plan_but_not_for_an_inactive_organisation(route_area):
    assert route.create_initiative(actor=route_area.admin, organisation=route_area.county, **GOOD)
    route_area.county.active = False
    route_area.county.save()
    with nothing_changes(), pytest.raises(route.NotAllowed, match="active on the platform"):
        route.create_initiative(actor=route_area.admin, organisation=route_area.county, **GOOD)


def test_new_dates_must_still_hold_the_milestones(route_area):
    initiative = InitiativeFactory(lead_organisation=route_area.county)
    MilestoneFactory(initiative=initiative, title="Go live", due_on=date(2027, 9, 1))
    errors = refused(
        route.update_initiative, actor=route_area.cio, initiative=initiative,
        title=initiative.title, themes=initiative.themes, starts_on="2025-04-01",
        ends_on="2027-03-31",
    )  # fmt: skip
    assert "“Go live” is due on 1 September 2027" in errors["starts_on"]


def test_a_draft_is_planned_with_dates_then_put_under_way(route_area):
    draft = InitiativeFactory(
        lead_organisation=route_area.county, status=Initiative.Status.DRAFT, rag="",
        starts_on=None, ends_on=None,
    )  # fmt: skip
    values = {"title": draft.title, "themes": ["collaborate"]}
    route.update_initiative(actor=route_area.cio, initiative=draft, **values)
    assert Initiative.objects.get().status == Initiative.Status.DRAFT

    errors = refused(
        route.update_initiative, actor=route_area.cio, initiative=draft, start=True, **values
    )
    assert "Enter the date the initiative starts" in errors["starts_on"]

    route.update_initiative(
        actor=route_area.cio, initiative=draft, start=True, **values,
        starts_on="2026-01-01", ends_on="2026-12-31",
    )  # fmt: skip
    draft.refresh_from_db()
    assert (draft.status, draft.rag) == (Initiative.Status.ACTIVE, Initiative.Rag.GREEN)


def test_amber_and_red_need_a_reason_and_under_way_needs_a_rating(route_area):
    initiative = InitiativeFactory(lead_organisation=route_area.county)
    errors = refused(
        route.set_status, actor=route_area.cio, initiative=initiative, status="active", rag="amber"
    )
    assert "Say why the initiative is amber" in errors["reason"]
    errors = refused(
        route.set_status, actor=route_area.cio, initiative=initiative, status="active", rag=""
    )
    assert "Choose red, amber or green" in errors["rag"]

    route.set_status(
        actor=route_area.cio, initiative=initiative, status="active", rag="red",
        reason="The supplier has gone into administration; re-tendering.",
    )  # fmt: skip
    initiative.refresh_from_db()
    assert initiative.rag == "red"
    assert initiative.rag_reason.startswith("The supplier")


def test_an_undated_initiative_cannot_be_put_under_way(route_area):
    draft = InitiativeFactory(
        lead_organisation=route_area.county, status="draft", rag="", starts_on=None, ends_on=None
    )
    errors = refused(
        route.set_status, actor=route_area.cio, initiative=draft, status="active", rag="green"
    )
    assert "start and end dates first" in errors["status"]


def test_milestones_fall_within_the_initiative_dates(route_area):
    initiative = InitiativeFactory(lead_organisation=route_area.county)
    errors = refused(
        route.add_milestone, actor=route_area.cio, initiative=initiative, title="Go live",
        due_on="1/4/2028",
    )  # fmt: skip
    assert "from 1 April 2025 to 31 March 2028" in errors["due_on"]

    made = route.add_milestone(
        actor=route_area.cio, initiative=initiative, title="Go live", due_on="31/3/2028"
    )
    assert made.due_on == date(2028, 3, 31)


def test_a_milestone_is_done_once_and_never_in_the_future(route_area, time_machine):
    time_machine.move_to(date(2026, 6, 15))
    milestone = MilestoneFactory(initiative__lead_organisation=route_area.county)
    errors = refused(
        route.complete_milestone,
        actor=route_area.cio,
        milestone=milestone,
        done_on=date(2026, 7, 1),
    )
    assert "still to come" in errors["milestone"]

    route.complete_milestone(actor=route_area.cio, milestone=milestone)
    assert Milestone.objects.get().done_on == date(2026, 6, 15)
    errors = refused(route.complete_milestone, actor=route_area.cio, milestone=milestone)
    assert "already marked done" in errors["milestone"]

    route.remove_milestone(actor=route_area.cio, milestone=milestone)
    assert not Milestone.objects.exists()


def test_key_players_are_members_and_chief_roles_have_one_holder(route_area):
    errors = refused(
        key_players.assign_key_player, actor=route_area.admin, organisation=route_area.county,
        user=route_area.stranger, role=KeyPlayerRole.FINANCE_DIRECTOR,
    )  # fmt: skip
    assert "Choose one of Cambridgeshire County Council's members" in errors["user"]
    errors = refused(
        key_players.assign_key_player, actor=route_area.admin, organisation=route_area.county,
        user=route_area.admin, role=KeyPlayerRole.CHIEF_EXECUTIVE,
    )  # fmt: skip
    assert "Alex Moreno is the chief executive" in errors["role"]

    finance = person(route_area.county, full_name="Sam Okafor")
    named = key_players.assign_key_player(
        actor=route_area.admin, organisation=route_area.county, user=finance,
        role=KeyPlayerRole.FINANCE_DIRECTOR,
    )  # fmt: skip
    assert named.role == KeyPlayerRole.FINANCE_DIRECTOR


def test_removing_a_key_player_leaves_their_initiatives_without_an_owner(route_area):
    initiative = InitiativeFactory(lead_organisation=route_area.county, owner=route_area.cio_role)
    with pytest.raises(route.NotAllowed):
        key_players.remove_key_player(actor=route_area.caseworker, key_player=route_area.cio_role)

    left = key_players.remove_key_player(actor=route_area.admin, key_player=route_area.cio_role)

    assert left == 1
    initiative.refresh_from_db()
    assert initiative.owner is None
