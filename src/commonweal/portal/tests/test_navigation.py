"""The navigation shows residents' links to everyone and staff links only to staff."""

import pytest
from django.urls import reverse

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _links(client) -> str:
    return client.get(reverse("portal:home")).content.decode()


def test_everyone_sees_the_residents_links(client):
    page = _links(client)
    for text in ("Find a service", "Follow a request", "Reports near you", "Sign in"):
        assert text in page
    assert reverse("workspace:queue") not in page


def test_a_resident_sees_their_requests_but_no_staff_links(client):
    resident = UserFactory()
    client.force_login(resident)
    page = _links(client)
    assert reverse("portal:my-requests") in page
    assert reverse("workspace:queue") not in page
    assert reverse("workspace:services") not in page
    assert reverse("commissioning:register") not in page


def test_staff_see_the_workspace_links(client):
    member = MembershipFactory().user
    client.force_login(member)
    page = _links(client)
    assert reverse("workspace:queue") in page
    assert reverse("workspace:services") in page
    assert reverse("commissioning:register") in page
