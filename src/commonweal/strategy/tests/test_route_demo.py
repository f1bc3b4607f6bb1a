"""The demo route: the county's key players and initiatives, one late, one unowned, twice."""

import pytest
from django.utils import timezone

from commonweal.demo.content import create_demo
from commonweal.organisations.models import Kind, Organisation
from commonweal.strategy.models import Initiative, KeyPlayer
from commonweal.strategy.route_queries import read_route

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_the_demo_county_has_a_route_with_something_late_and_something_unowned():
    create_demo()
    county = Organisation.objects.get(gss_code="E10000003")

    roles = dict(KeyPlayer.objects.filter(organisation=county).values_list("role", "user__email"))
    assert roles == {
        "chief-executive": "ceo@cambridgeshire.example.org",
        "finance-director": "finance@cambridgeshire.example.org",
        "cio": "cio@cambridgeshire.example.org",
    }
    found = read_route(organisation=county, today=timezone.localdate())
    assert 5 <= len(found.planned) <= 7
    assert len({key for i in found.planned for key in i.themes}) >= 8
    assert [i.title for i, _ in found.late] == [
        "Shared fleet maintenance with the fire service and the hospital trust"
    ]
    assert [i.title for i in found.unowned] == ["Countywide information sharing agreement"]
    waste = Initiative.objects.get(title="Joint waste collection contract with the districts")
    assert {org.kind for org in waste.partners.all()} == {Kind.DISTRICT}
    assert waste.contracts.count() == 5
    assert waste.assets.count() == 2
    assert found.timeline.first_year == 2025
    assert found.timeline.last_year == 2029


def test_running_the_demo_again_adds_no_initiative():
    create_demo()
    before = (Initiative.objects.count(), KeyPlayer.objects.count())
    create_demo()
    assert (Initiative.objects.count(), KeyPlayer.objects.count()) == before
