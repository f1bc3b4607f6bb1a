"""Every "may this person do this in the commons?" question is answered here.

Built on `organisations.permissions` (roles, platform administrators). The rules:

- **The platform's members** are people who hold any role in an active organisation,
  and platform administrators. A members-only asset is seen, adopted and forked only by
  them; everyone else (a resident's account, someone whose organisation has left) is
  outside, and for them the asset does not exist.
- **Managing an asset** (editing it, releasing versions) is for service owners and
  administrators of the owning organisation; for a partnership's asset, of any of its
  lead organisations. Commissioners may also manage contracts. The platform's standard
  service definitions are managed by platform administrators only.
- **Publishing an asset** for an organisation or partnership needs the same roles there.
- **Adopting** and **forking** need those roles in the organisation that adopts or will
  own the copy, which must be active, and the asset must be visible to the person.
- **Recording interest** needs any role in the interested organisation.
- **Managing a partnership** (its members) is for administrators of a lead organisation.

Only active organisations act in the commons. Licence and stage rules (a proprietary
asset cannot be forked, a retired one cannot be adopted) are in `commons.functions`.
"""

from commonweal.commons.models import Asset, Kind, Partnership, PartnershipMember, Visibility
from commonweal.organisations.models import Membership, Organisation, Role
from commonweal.organisations.permissions import (
    SERVICE_MANAGE_ROLES,
    AnyUser,
    is_platform_admin,
    roles_in,
)

ASSET_MANAGE_ROLES = frozenset(SERVICE_MANAGE_ROLES)
CONTRACT_MANAGE_ROLES = ASSET_MANAGE_ROLES | {Role.COMMISSIONER}


def manage_roles(kind: str) -> frozenset[str]:
    """The roles that manage, publish and adopt assets of this kind."""
    return CONTRACT_MANAGE_ROLES if kind == Kind.CONTRACT else ASSET_MANAGE_ROLES


def is_platform_member(user: AnyUser) -> bool:
    """Holds a role in an active organisation, or administers the platform."""
    if is_platform_admin(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_commonweal_platform_member", None)
    if cached is None:
        cached = Membership.objects.filter(user=user, organisation__active=True).exists()
        user._commonweal_platform_member = cached  # type: ignore[union-attr]
    return cached


def can_view_asset(user: AnyUser, asset: Asset) -> bool:
    return asset.visibility == Visibility.PUBLIC or is_platform_member(user)


def acts_for(user: AnyUser, organisation: Organisation, kind: str) -> bool:
    """May manage assets of this kind on the organisation's behalf."""
    if not organisation.active:
        return False
    return is_platform_admin(user) or bool(roles_in(user, organisation) & manage_roles(kind))


def lead_organisations(partnership: Partnership) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            partnership_memberships__partnership=partnership,
            partnership_memberships__role=PartnershipMember.Role.LEAD,
        )
    )


def can_publish_asset(
    user: AnyUser,
    *,
    kind: str,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
) -> bool:
    """May put a new asset of this kind in the commons, owned by the organisation or partnership."""
    if organisation is not None:
        return acts_for(user, organisation, kind)
    if partnership is not None:
        return is_platform_admin(user) or any(
            acts_for(user, lead, kind) for lead in lead_organisations(partnership)
        )
    return False


def can_edit_asset(user: AnyUser, asset: Asset) -> bool:
    """May change the asset's details and release its versions."""
    if asset.is_standard:
        return is_platform_admin(user)
    return can_publish_asset(
        user,
        kind=asset.kind,
        organisation=asset.owner_organisation,
        partnership=asset.owner_partnership,
    )


def can_adopt(user: AnyUser, organisation: Organisation, asset: Asset) -> bool:
    """May record (or stop, or report savings on) the organisation's re-use of the asset."""
    return can_view_asset(user, asset) and acts_for(user, organisation, asset.kind)


def can_fork(user: AnyUser, organisation: Organisation, asset: Asset) -> bool:
    """May make a copy of the asset owned by the organisation."""
    return can_view_asset(user, asset) and acts_for(user, organisation, asset.kind)


def can_record_interest(user: AnyUser, organisation: Organisation, asset: Asset) -> bool:
    if not (organisation.active and can_view_asset(user, asset)):
        return False
    return is_platform_admin(user) or bool(roles_in(user, organisation))


def can_manage_partnership(user: AnyUser, partnership: Partnership) -> bool:
    if is_platform_admin(user):
        return True
    return any(
        lead.active and Role.ADMIN in roles_in(user, lead)
        for lead in lead_organisations(partnership)
    )
