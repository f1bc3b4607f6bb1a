"""Who may see which organisations in the directory, and who may use the Django admin."""

import pytest
from django.contrib.auth.models import AnonymousUser

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Role
from commonweal.organisations.permissions import can_view_organisation
from commonweal.organisations.queries import roles_by_organisation, visible_organisations
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return {
        "active": OrganisationFactory(name="Active Council"),
        "inactive": OrganisationFactory(name="Dissolved Council", active=False),
        "other inactive": OrganisationFactory(name="Merged Council", active=False),
    }


def users(organisations) -> dict:
    member = MembershipFactory(organisation=organisations["inactive"]).user
    former = MembershipFactory(organisation=organisations["inactive"], user__is_active=False).user
    return {
        "anonymous": AnonymousUser(),
        "stranger": UserFactory(),
        "member": member,
        "deactivated member": former,
        "platform admin": UserFactory(is_superuser=True, is_staff=True),
    }


def test_the_directory_query_agrees_with_the_permission_rule(organisations):
    for label, user in users(organisations).items():
        allowed = {o.name for o in organisations.values() if can_view_organisation(user, o)}
        listed = set(visible_organisations(user).values_list("name", flat=True))
        assert listed == allowed, label


def test_strangers_see_only_active_organisations(organisations):
    everyone = users(organisations)

    assert list(visible_organisations(everyone["anonymous"])) == [organisations["active"]]
    assert list(visible_organisations(everyone["stranger"])) == [organisations["active"]]
    assert list(visible_organisations(everyone["deactivated member"])) == [organisations["active"]]


def test_members_also_see_their_inactive_organisation(organisations):
    member = users(organisations)["member"]

    assert set(visible_organisations(member)) == {
        organisations["active"],
        organisations["inactive"],
    }


def test_platform_admins_see_every_organisation(organisations):
    admin = users(organisations)["platform admin"]

    assert set(visible_organisations(admin)) == set(organisations.values())


def test_a_members_roles_are_grouped_by_organisation():
    person = UserFactory()
    council = OrganisationFactory(name="Bexley")
    MembershipFactory(user=person, organisation=council, role=Role.CASEWORKER)
    MembershipFactory(user=person, organisation=council, role=Role.ADMIN)
    MembershipFactory(user=person, organisation=OrganisationFactory(name="Arun"))

    grouped = roles_by_organisation(person)

    assert [(entry.organisation.name, entry.roles) for entry in grouped] == [
        ("Arun", ["Caseworker"]),
        ("Bexley", ["Organisation administrator", "Caseworker"]),
    ]
    assert roles_by_organisation(AnonymousUser()) == []


class TestAdmin:
    def test_anonymous_visitors_are_sent_to_the_admin_sign_in(self, client):
        response = client.get("/admin/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    @pytest.mark.parametrize("is_staff", [False, True])
    def test_an_organisation_administrator_may_not_use_it(self, client, is_staff):
        membership = MembershipFactory(role=Role.ADMIN, user__is_staff=is_staff)
        client.force_login(membership.user)

        response = client.get("/admin/", follow=True)

        assert response.redirect_chain[0][0].startswith("/admin/login/")
        assert "not authorized to access this page" in response.content.decode()
        assert client.get("/admin/organisations/organisation/").status_code == 302

    def test_a_platform_administrator_may(self, client):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))

        response = client.get("/admin/")

        assert response.status_code == 200
        assert "Commonweal administration" in response.content.decode()
        assert client.get("/admin/organisations/organisation/").status_code == 200
