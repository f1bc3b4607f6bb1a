"""Who sees an organisation's contracts: its members, the partners it chose, administrators."""

import pytest

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commissioning import permissions
from commonweal.commissioning.models import Contract, SupplierReview
from commonweal.commissioning.tests.factories import (
    ContractFactory,
    SupplierReviewFactory,
    staff,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    owner, partner, stranger = (OrganisationFactory() for _ in range(3))
    contract = ContractFactory(organisation=owner, shared_with=[partner])
    private = ContractFactory(organisation=owner)
    return owner, partner, stranger, contract, private


def visible(user) -> set[int]:
    return set(Contract.objects.visible_to(user).values_list("pk", flat=True))


@pytest.mark.parametrize("role", list(Role))
def test_every_member_of_the_owner_sees_its_contracts(world, role):
    owner, _, _, contract, private = world
    member = staff(owner, role)

    assert visible(member) == {contract.pk, private.pk}
    assert permissions.can_view_contract(member, contract)


def test_a_chosen_partner_sees_only_what_was_shared(world):
    _, partner, _, contract, private = world
    member = staff(partner, Role.CASEWORKER)

    assert visible(member) == {contract.pk}
    assert permissions.can_view_contract(member, contract)
    assert not permissions.can_view_contract(member, private)


def test_others_see_nothing(world, client):
    _, _, stranger, contract, _ = world
    outsider = staff(stranger, Role.COMMISSIONER)
    resident = UserFactory()

    for user in (outsider, resident):
        assert visible(user) == set()
        assert not permissions.can_view_contract(user, contract)


def test_platform_administrators_see_all(world):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert visible(admin) == {c.pk for c in Contract.objects.all()}


def test_a_member_of_owner_and_partner_sees_each_contract_once(world):
    owner, partner, _, contract, private = world
    both = staff(owner, Role.EXECUTIVE)
    staff(partner, Role.COMMISSIONER, email="again@example.org")
    from commonweal.organisations.tests.factories import MembershipFactory

    MembershipFactory(user=both, organisation=partner, role=Role.COMMISSIONER)

    assert sorted(Contract.objects.visible_to(both).values_list("pk", flat=True)) == sorted(
        [contract.pk, private.pk]
    )


def test_reviews_follow_their_contracts(world):
    owner, partner, _, contract, private = world
    shared_review = SupplierReviewFactory(contract=contract)
    private_review = SupplierReviewFactory(contract=private)
    general = SupplierReviewFactory(contract=None, supplier=contract.supplier, organisation=owner)
    member = staff(partner, Role.CASEWORKER)

    seen = set(
        SupplierReview.objects.filter(permissions.visible_review_filter(member)).values_list(
            "pk", flat=True
        )
    )

    assert seen == {shared_review.pk}
    assert private_review.pk not in seen and general.pk not in seen


def test_managing_needs_a_commissioner_or_administrator_of_an_active_organisation(world):
    owner, *_ = world
    assert permissions.can_manage_contracts(staff(owner, Role.COMMISSIONER), owner)
    assert permissions.can_manage_contracts(staff(owner, Role.ADMIN), owner)
    assert not permissions.can_manage_contracts(staff(owner, Role.EXECUTIVE), owner)
    assert permissions.can_register_interest(staff(owner, Role.EXECUTIVE), owner)
    owner.active = False
    owner.save()
    assert not permissions.can_manage_contracts(staff(owner, Role.COMMISSIONER), owner)
