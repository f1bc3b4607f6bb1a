"""The admin: a REST API token is shown once when made and can be revoked; a platform
administrator can turn off someone's two-factor sign-in (lost phone and codes)."""

import re

import pytest
from rest_framework.test import APIClient

from commonweal.accounts.models import ApiToken, RecoveryCode, TwoFactorDevice
from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def cases_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/staff/cases/").status_code


def test_a_token_made_in_the_admin_is_shown_once_and_can_be_revoked(admin_client):
    kim = MembershipFactory(role=Role.CASEWORKER).user

    page = admin_client.post(
        "/admin/accounts/apitoken/add/", {"user": kim.pk}, follow=True
    ).content.decode()

    key = re.search(r"token for \S+ is ([A-Za-z0-9]{43})", page).group(1)
    assert cases_status(key) == 200
    token = ApiToken.objects.get()
    listing = admin_client.get("/admin/accounts/apitoken/").content.decode()
    assert token.prefix in listing and key not in listing
    assert (
        key not in admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    )

    admin_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    assert cases_status(key) == 401


def test_deleting_a_two_factor_sign_in_turns_it_off(admin_client):
    sam = MembershipFactory().user
    device = TwoFactorDevice.objects.create(user=sam, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    RecoveryCode.objects.create(user=sam, code_hash="0" * 64)

    page = admin_client.get(f"/admin/accounts/twofactordevice/{device.pk}/change/").content
    assert b"JBSWY3DP" not in page
    admin_client.post(f"/admin/accounts/twofactordevice/{device.pk}/delete/", {"post": "yes"})

    assert not TwoFactorDevice.objects.exists() and not RecoveryCode.objects.exists()
