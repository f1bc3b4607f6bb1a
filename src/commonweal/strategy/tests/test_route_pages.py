"""The route pages: who sees and who changes what, and forms that keep what was typed."""

from datetime import date

import pytest

from commonweal.accounts.tests.factories import UserFactory
from commonweal.strategy.models import Initiative, KeyPlayer, Milestone
from commonweal.strategy.tests.factories import InitiativeFactory, MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db

ROUTE = "/strategy/route/cambridgeshire/"


def page_of(initiative) -> str:
    return f"{ROUTE}initiatives/{initiative.pk}/"


@pytest.fixture
def planned(route_area, time_machine):
    time_machine.move_to(date(2026, 6, 15))
    late = InitiativeFactory(
        lead_organisation=route_area.county, title="Shared fleet maintenance",
        owner=route_area.cio_role, partners=[route_area.district],
    )  # fmt: skip
    MilestoneFactory(initiative=late, title="Fleet audit", due_on=date(2026, 5, 1))
    unowned = InitiativeFactory(
        lead_organisation=route_area.county, title="Digital skills for residents",
        themes=["digital-inclusion"],
    )  # fmt: skip
    draft = InitiativeFactory(
        lead_organisation=route_area.county, title="Buy together: Street lighting",
        status="draft", rag="", starts_on=None, ends_on=None, themes=["strategic-commissioning"],
    )  # fmt: skip
    TargetFactory(organisation=route_area.county, theme="leadership")
    return late, unowned, draft


def test_members_see_the_route_with_what_needs_attention(client, route_area, planned):
    client.force_login(route_area.caseworker)
    html = client.get(ROUTE).content.decode()
    assert "Shared fleet maintenance</a>: “Fleet audit” was due on 1 May 2026" in html
    assert "Digital skills for residents" in html
    assert "Leadership: level 4 by" in html
    assert "Buy together: Street lighting" in html
    assert '<svg class="cw-timeline govuk-body" role="img"' in html
    assert "Plan this initiative" not in html  # a caseworker may look, not plan
    assert "Add an initiative" not in html


def test_executives_are_offered_to_plan_drafts_and_add_initiatives(client, route_area, planned):
    client.force_login(route_area.cio)
    html = client.get(ROUTE).content.decode()
    assert f'href="{page_of(planned[2])}edit/">Plan this initiative' in html
    assert "Add an initiative" in html


def test_strangers_and_partners_do_not_see_the_route(client, route_area, planned):
    client.force_login(route_area.stranger)
    assert client.get(ROUTE).status_code == 404
    assert client.get(page_of(planned[0])).status_code == 404
    client.force_login(route_area.district_officer)
    assert client.get(ROUTE).status_code == 404


def test_signing_in_comes_first(client, route_area):
    response = client.get(ROUTE)
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_a_partner_sees_the_initiative_it_is_named_on_but_cannot_change_it(
    client, route_area, planned
):
    late, unowned, _ = planned
    client.force_login(route_area.district_officer)
    response = client.get(page_of(late))
    assert response.status_code == 200
    assert "Fenland District Council" in response.content.decode()
    assert client.get(page_of(unowned)).status_code == 404
    response = client.post(f"{page_of(late)}status/", {"status": "stopped"})
    assert response.status_code == 403
    assert Initiative.objects.get(pk=late.pk).status == "active"


def test_another_organisations_initiative_is_not_found_under_this_one(client, route_area):
    theirs = InitiativeFactory(lead_organisation=route_area.other)
    client.force_login(route_area.cio)
    assert client.get(page_of(theirs)).status_code == 404


def test_an_executive_adds_an_initiative(client, route_area):
    client.force_login(route_area.cio)
    assert "Partner organisations" in client.get(f"{ROUTE}new/").content.decode()
    response = client.post(
        f"{ROUTE}new/",
        {
            "title": "Joint customer contact centre",
            "themes": ["collaborate", "redesign"],
            "owner": route_area.chief.pk,
            "starts_on": "1/4/2026",
            "ends_on": "31/3/2029",
            "partners": [route_area.district.pk],
            "annual_cash_benefit": "1,200,000",
        },
    )
    made = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(made)
    assert list(made.partners.all()) == [route_area.district]
    html = client.get(response["Location"]).content.decode()
    assert "“Joint customer contact centre” is on the route" in html
    assert "£1,200,000" in html


def test_a_refused_initiative_keeps_what_was_typed_and_says_why(client, route_area):
    client.force_login(route_area.cio)
    response = client.post(
        f"{ROUTE}new/",
        {
            "title": "Joint customer contact centre",
            "themes": ["collaborate"],
            "starts_on": "1/4/2029",
            "ends_on": "31/3/2026",
            "annual_cash_benefit": "-10",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_ends_on">The end date must be on or after the start date' in html
    assert "cannot be negative" in html
    assert 'value="Joint customer contact centre"' in html
    assert 'value="1/4/2029"' in html
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "commissioner"])
def test_others_are_told_who_can_plan_and_nothing_is_added(client, route_area, who):
    client.force_login(getattr(route_area, who))
    assert client.get(f"{ROUTE}new/").status_code == 403
    response = client.post(f"{ROUTE}new/", {"title": "Sneaky", "themes": ["collaborate"]})
    assert response.status_code == 403
    assert "Only executives and administrators" in response.content.decode()
    assert not Initiative.objects.exists()


def test_planning_a_draft_puts_it_under_way(client, route_area, planned):
    draft = planned[2]
    client.force_login(route_area.cio)
    form = client.get(f"{page_of(draft)}edit/").content.decode()
    assert "Save and start the initiative" in form
    assert 'value="Buy together: Street lighting"' in form
    response = client.post(
        f"{page_of(draft)}edit/",
        {"title": draft.title, "themes": ["strategic-commissioning"], "owner": route_area.chief.pk,
         "starts_on": "2026-09-01", "ends_on": "2027-08-31", "start": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "active"
    assert draft.owner == route_area.chief


def test_a_red_rating_without_a_reason_is_refused_on_the_page(client, route_area, planned):
    late = planned[0]
    client.force_login(route_area.cio)
    response = client.post(f"{page_of(late)}status/", {"status": "active", "rag": "red"})
    html = response.content.decode()
    assert '<a href="#status-reason">Say why the initiative is red' in html
    assert Initiative.objects.get(pk=late.pk).rag == "green"

    response = client.post(
        f"{page_of(late)}status/",
        {"status": "active", "rag": "red", "reason": "The audit found gaps."},
    )
    assert response.status_code == 302
    assert Initiative.objects.get(pk=late.pk).rag_reason == "The audit found gaps."


def test_milestones_are_added_within_the_dates_marked_done_and_removed(client, route_area, planned):
    late = planned[0]
    client.force_login(route_area.cio)
    response = client.post(
        f"{page_of(late)}milestones/", {"title": "Go live", "due_on": "1/1/2030"}
    )
    assert "must be due within the initiative&#x27;s dates" in response.content.decode()
    assert 'value="Go live"' in response.content.decode()
    assert late.milestones.count() == 1

    client.post(f"{page_of(late)}milestones/", {"title": "Go live", "due_on": "1/1/2027"})
    audit = Milestone.objects.get(title="Fleet audit")
    client.post(f"{page_of(late)}milestones/{audit.pk}/done/")
    assert Milestone.objects.get(pk=audit.pk).done_on == date(2026, 6, 15)
    html = client.get(ROUTE).content.decode()
    assert "Nothing is late." in html

    client.post(f"{page_of(late)}milestones/{audit.pk}/remove/")
    assert list(late.milestones.values_list("title", flat=True)) == ["Go live"]


def test_key_players_are_named_by_an_administrator(client, route_area):
    client.force_login(route_area.caseworker)
    html = client.get(f"{ROUTE}key-players/").content.decode()
    assert "Alex Moreno" in html
    assert "Name a key player" not in html
    response = client.post(
        f"{ROUTE}key-players/", {"user": route_area.caseworker.pk, "role": "service-director"}
    )
    assert response.status_code == 403

    client.force_login(route_area.admin)
    response = client.post(
        f"{ROUTE}key-players/", {"user": route_area.admin.pk, "role": "chief-executive"}
    )
    assert "Alex Moreno is the chief executive" in response.content.decode()
    response = client.post(
        f"{ROUTE}key-players/", {"user": route_area.caseworker.pk, "role": "service-director"}
    )
    assert response.status_code == 302
    assert KeyPlayer.objects.filter(user=route_area.caseworker, role="service-director").exists()

    client.post(f"{ROUTE}key-players/{route_area.chief.pk}/remove/")
    assert not KeyPlayer.objects.filter(pk=route_area.chief.pk).exists()


def test_the_index_goes_straight_to_the_only_route(client, route_area):
    client.force_login(route_area.caseworker)
    response = client.get("/strategy/route/")
    assert response["Location"] == ROUTE


def test_a_platform_administrator_sees_and_plans_any_route(client, route_area, planned):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/strategy/route/norfolk/").status_code == 200
    assert client.get(f"{ROUTE}new/").status_code == 200
    response = client.post(f"{page_of(planned[0])}status/", {"status": "complete", "rag": ""})
    assert response.status_code == 302
    assert Initiative.objects.get(pk=planned[0].pk).status == "complete"


def test_an_inactive_organisations_route_is_seen_but_not_changed(client, route_area, planned):
    route_area.county.active = False
    route_area.county.save()
    client.force_login(route_area.cio)
    assert client.get(ROUTE).status_code == 200
    response = client.post(
        f"{page_of(planned[0])}milestones/", {"title": "X", "due_on": "1/1/2027"}
    )
    assert response.status_code == 403
    assert "only while it is active on the platform" in response.content.decode()
    assert planned[0].milestones.count() == 1


def test_a_milestone_of_another_initiative_is_not_found(client, route_area, planned):
    late, unowned, _ = planned
    audit = late.milestones.get()
    client.force_login(route_area.cio)
    response = client.post(f"{page_of(unowned)}milestones/{audit.pk}/remove/")
    assert response.status_code == 404
    assert late.milestones.count() == 1
