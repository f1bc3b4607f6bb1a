"""Every "may this person see or change that?" question about commissioning is answered here.

Built on `organisations.permissions` (roles, platform administrators). The rules:

- **Seeing a contract**: members of the organisation that holds it (any role), members of
  the partner organisations it has chosen to share it with, and platform administrators.
  For everyone else the contract does not exist (pages answer 404).
- **Managing contracts** (importing, editing, choosing partners, reviewing suppliers) is for
  commissioners and administrators of the organisation.
- **Registering interest** in buying together is for commissioners, administrators and
  executives of the organisation, which must be active.
- **Using the commissioning pages at all** needs a role in an active organisation.
- Reviews are seen by those who may see their contract, or, for a review of a supplier in
  general, by the reviewing organisation's members.
"""

from django.db.models import Q

from commonweal.commissioning.models import Contract
from commonweal.organisations.models import Membership, Organisation, Role
from commonweal.organisations.permissions import AnyUser, is_platform_admin, roles_in

CONTRACT_MANAGE_ROLES = frozenset({Role.COMMISSIONER, Role.ADMIN})
INTEREST_ROLES = CONTRACT_MANAGE_ROLES | {Role.EXECUTIVE}


def member_organisation_ids(user: AnyUser) -> list[int]:
    """The organisations the user holds any role in (empty for strangers)."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(
        Membership.objects.filter(user=user).values_list("organisation_id", flat=True).distinct()
    )


def visible_contract_filter(user: AnyUser) -> Q:
    """A filter for `Contract` matching exactly the contracts `can_view_contract` allows."""
    if is_platform_admin(user):
        return Q()
    mine = member_organisation_ids(user)
    if not mine:
        return Q(pk__in=[])
    return Q(organisation_id__in=mine) | Q(pk__in=_shared_with(mine))


def _shared_with(organisation_ids: list[int]):
    """The ids of contracts shared with any of the organisations (a subquery, no joins)."""
    return Contract.shared_with.through.objects.filter(organisation_id__in=organisation_ids).values(
        "contract_id"
    )


def can_use_commissioning(user: AnyUser) -> bool:
    if is_platform_admin(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(user=user, organisation__active=True).exists()


def can_view_contract(user: AnyUser, contract) -> bool:
    if is_platform_admin(user):
        return True
    mine = set(member_organisation_ids(user))
    if contract.organisation_id in mine:
        return True
    return contract.shared_with.filter(pk__in=mine).exists()


def can_manage_contracts(user: AnyUser, organisation: Organisation) -> bool:
    """May import and change the organisation's contracts, choose partners and review."""
    if not organisation.active:
        return False
    return is_platform_admin(user) or bool(roles_in(user, organisation) & CONTRACT_MANAGE_ROLES)


def can_register_interest(user: AnyUser, organisation: Organisation) -> bool:
    if not organisation.active:
        return False
    return is_platform_admin(user) or bool(roles_in(user, organisation) & INTEREST_ROLES)


def managed_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations whose contracts the user may manage, by name."""
    if is_platform_admin(user):
        candidates = Organisation.objects.filter(active=True)
    else:
        candidates = Organisation.objects.filter(
            active=True, memberships__user=user, memberships__role__in=CONTRACT_MANAGE_ROLES
        ).distinct()
    return list(candidates.order_by("name"))


def interest_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations for which the user may register interest, by name."""
    if is_platform_admin(user):
        return list(Organisation.objects.filter(active=True).order_by("name"))
    return list(
        Organisation.objects.filter(
            active=True, memberships__user=user, memberships__role__in=INTEREST_ROLES
        )
        .distinct()
        .order_by("name")
    )


def visible_review_filter(user: AnyUser) -> Q:
    """A filter for `SupplierReview`: those of visible contracts, and general ones by the
    user's own organisations."""
    if is_platform_admin(user):
        return Q()
    mine = member_organisation_ids(user)
    if not mine:
        return Q(pk__in=[])
    contract_ok = Q(contract__organisation_id__in=mine) | Q(contract_id__in=_shared_with(mine))
    return (Q(contract__isnull=False) & contract_ok) | Q(
        contract__isnull=True, organisation_id__in=mine
    )
