"""Who may edit, publish, adopt, fork and show interest in assets, by organisation and role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commons import adoptions, functions, permissions
from commonweal.commons.models import Asset, Kind, PartnershipMember, Visibility
from commonweal.commons.tests.factories import (
    AssetFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    nothing_changes,
    staff,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MANAGERS = {"platform admin", "owner admin", "owner service owner"}
OTHER_MANAGERS = {"platform admin", "other admin", "other service owner"}


@pytest.fixture
def world():
    owner = OrganisationFactory(name="Arun District Council")
    other = OrganisationFactory(name="Adur District Council")
    gone = OrganisationFactory(name="Merged Council", active=False)
    lead = OrganisationFactory(name="West Sussex County Council")
    partner = OrganisationFactory(name="Worthing Borough Council")
    partnership = PartnershipFactory(name="Sussex Waste Partnership")
    PartnershipMemberFactory(
        partnership=partnership, organisation=lead, role=PartnershipMember.Role.LEAD
    )
    PartnershipMemberFactory(partnership=partnership, organisation=partner)
    users = {
        "platform admin": UserFactory(is_superuser=True, is_staff=True),
        "owner admin": staff(owner, Role.ADMIN),
        "owner service owner": staff(owner, Role.SERVICE_OWNER),
        "owner commissioner": staff(owner, Role.COMMISSIONER),
        "owner caseworker": staff(owner, Role.CASEWORKER),
        "owner executive": staff(owner, Role.EXECUTIVE),
        "other admin": staff(other, Role.ADMIN),
        "other service owner": staff(other, Role.SERVICE_OWNER),
        "other caseworker": staff(other, Role.CASEWORKER),
        "lead admin": staff(lead, Role.ADMIN),
        "lead service owner": staff(lead, Role.SERVICE_OWNER),
        "partner admin": staff(partner, Role.ADMIN),
        "former member": staff(gone, Role.ADMIN),
        "deactivated": staff(other, Role.ADMIN, is_active=False),
        "resident": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    return {
        "owner": owner,
        "other": other,
        "gone": gone,
        "partnership": partnership,
        "users": users,
    }


def allowed(users: dict, check) -> set[str]:
    return {label for label, user in users.items() if check(user)}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Kind.SOFTWARE, MANAGERS),
        (Kind.DATA_SET, MANAGERS),
        (Kind.CONTRACT, MANAGERS | {"owner commissioner"}),
    ],
)
def test_the_owners_service_owners_and_admins_edit_and_publish(world, kind, expected):
    asset = AssetFactory(owner_organisation=world["owner"], kind=kind)
    users = world["users"]

    assert allowed(users, lambda u: permissions.can_edit_asset(u, asset)) == expected
    assert (
        allowed(
            users,
            lambda u: permissions.can_publish_asset(u, kind=kind, organisation=world["owner"]),
        )
        == expected
    )


def test_a_partnerships_asset_is_managed_through_its_lead_organisations(world):
    asset = AssetFactory(owner_organisation=None, owner_partnership=world["partnership"])
    users = world["users"]
    expected = {"platform admin", "lead admin", "lead service owner"}

    assert allowed(users, lambda u: permissions.can_edit_asset(u, asset)) == expected
    assert (
        allowed(
            users,
            lambda u: permissions.can_publish_asset(
                u, kind=Kind.SOFTWARE, partnership=world["partnership"]
            ),
        )
        == expected
    )
    assert allowed(
        users, lambda u: permissions.can_manage_partnership(u, world["partnership"])
    ) == {"platform admin", "lead admin"}


def test_only_platform_administrators_manage_a_standard_definition(world):
    asset = AssetFactory(
        owner_organisation=None, kind=Kind.SERVICE_DEFINITION, service_code="missed-bin"
    )

    assert allowed(world["users"], lambda u: permissions.can_edit_asset(u, asset)) == {
        "platform admin"
    }


def test_edit_asset_applies_the_matrix_and_a_refusal_changes_nothing(world):
    asset = AssetFactory(owner_organisation=world["owner"])
    for label, user in world["users"].items():
        if label in MANAGERS:
            functions.edit_asset(asset=asset, actor=user, summary=f"Edited by {label}")
            asset.refresh_from_db()
            assert asset.summary == f"Edited by {label}"
            continue
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            functions.edit_asset(asset=asset, actor=user, summary="Not theirs to change")


def test_editing_another_organisations_asset_is_refused_saying_what_to_do(world):
    asset = AssetFactory(owner_organisation=world["owner"], title="Bin round planner")

    with nothing_changes(), pytest.raises(functions.NotAllowed) as refused:
        functions.edit_asset(asset=asset, actor=world["users"]["other admin"], stage="retired")

    assert str(refused.value) == (
        "Only service owners and administrators of Arun District Council can change "
        "Bin round planner. Ask them, or fork it to make a copy of your own."
    )


def test_publish_asset_applies_the_matrix(world):
    def publish(user, label):
        return functions.publish_asset(
            actor=user,
            kind=Kind.SOFTWARE,
            title=f"Planner from {label}",
            summary="Plans rounds.",
            licence="MIT",
            owner_organisation=world["owner"],
        )

    for label, user in world["users"].items():
        if label in MANAGERS:
            assert publish(user, label).owner_organisation == world["owner"]
            continue
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            publish(user, label)


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.MEMBERS])
def test_service_owners_and_admins_of_the_adopting_organisation_adopt(world, visibility):
    users = world["users"]
    asset = AssetFactory(owner_organisation=world["owner"], visibility=visibility)

    assert (
        allowed(users, lambda u: permissions.can_adopt(u, world["other"], asset)) == OTHER_MANAGERS
    )
    for label, user in users.items():
        fresh = AssetFactory(owner_organisation=world["owner"], visibility=visibility)
        if label in OTHER_MANAGERS:
            adoption = adoptions.adopt(organisation=world["other"], asset=fresh, actor=user)
            assert adoption.status == "adopted"
            continue
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            adoptions.adopt(organisation=world["other"], asset=fresh, actor=user)


def test_an_inactive_organisation_adopts_and_forks_nothing(world):
    asset = AssetFactory(owner_organisation=world["owner"])
    for label in ("platform admin", "former member"):
        user = world["users"][label]
        assert not permissions.can_adopt(user, world["gone"], asset)
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            adoptions.adopt(organisation=world["gone"], asset=asset, actor=user)
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            functions.fork(asset=asset, organisation=world["gone"], actor=user)


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.MEMBERS])
def test_fork_applies_the_matrix(world, visibility):
    users = world["users"]
    asset = AssetFactory(owner_organisation=world["owner"], visibility=visibility)

    assert (
        allowed(users, lambda u: permissions.can_fork(u, world["other"], asset)) == OTHER_MANAGERS
    )
    for label, user in users.items():
        if label in OTHER_MANAGERS:
            copy = functions.fork(asset=asset, organisation=world["other"], actor=user)
            assert (copy.owner_organisation, copy.forked_from) == (world["other"], asset)
            continue
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            functions.fork(asset=asset, organisation=world["other"], actor=user)


@pytest.mark.parametrize("outsider", ["resident", "former member", "deactivated", "anonymous"])
def test_forking_a_members_only_asset_from_outside_is_refused(world, outsider):
    asset = AssetFactory(owner_organisation=world["owner"], visibility=Visibility.MEMBERS)
    user = world["users"][outsider]

    assert not permissions.can_view_asset(user, asset)
    with nothing_changes(), pytest.raises(functions.NotAllowed) as refused:
        functions.fork(asset=asset, organisation=world["other"], actor=user)

    assert "shared only with the platform's members" in str(refused.value)


def test_interest_may_be_recorded_by_anyone_working_for_the_organisation(world):
    asset = AssetFactory(owner_organisation=world["owner"])

    assert allowed(
        world["users"], lambda u: permissions.can_record_interest(u, world["other"], asset)
    ) == OTHER_MANAGERS | {"other caseworker"}


def test_the_visible_assets_query_agrees_with_the_permission_rule(world):
    AssetFactory(owner_organisation=world["owner"], title="Open thing")
    AssetFactory(
        owner_organisation=world["owner"], title="Members' thing", visibility=Visibility.MEMBERS
    )
    for label, user in world["users"].items():
        rule = {a.title for a in Asset.objects.all() if permissions.can_view_asset(user, a)}
        query = set(Asset.objects.visible_to(user).values_list("title", flat=True))
        assert query == rule, label
    assert set(
        Asset.objects.visible_to(world["users"]["resident"]).values_list("title", flat=True)
    ) == {"Open thing"}
