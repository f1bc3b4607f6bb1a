"""The admin's area pages: an area cannot be added by hand (it crashed with a 500 before)."""

import pytest

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Area

pytestmark = pytest.mark.django_db


def test_a_platform_administrator_is_told_no_rather_than_shown_an_error(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/organisations/area/add/").status_code == 403
    assert client.post("/admin/organisations/area/add/", {}).status_code == 403
    assert not Area.objects.exists()
    assert client.get("/admin/organisations/area/").status_code == 200
