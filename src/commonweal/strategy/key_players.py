"""Naming an organisation's key players: its chief executive, finance director, CIO and others.

A key player is a member of the organisation (any role). The chief executive, finance
director and CIO roles have one holder each; to change the holder, remove the one there
first. Removing a key player leaves the initiatives they owned without an owner, and the
route page lists them. Only those who may manage the organisation's strategy name them.
"""

from django.db import IntegrityError, transaction

from commonweal.organisations.models import Membership, Organisation
from commonweal.strategy.models import SINGLE_HOLDER_ROLES, KeyPlayer, KeyPlayerRole
from commonweal.strategy.route import RouteInvalid, check_manager


@transaction.atomic
def assign_key_player(*, actor, organisation: Organisation, user, role: str) -> KeyPlayer:
    """Name a member of the organisation to a key-player role."""
    check_manager(actor, organisation)
    if role not in KeyPlayerRole.values:
        raise RouteInvalid({"role": "Choose the role from the list."})
    title = KeyPlayerRole(role).label.lower()
    if user is None or not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise RouteInvalid(
            {
                "user": f"Choose one of {organisation}'s members. To name someone else, an "
                "administrator must first give them a role in the organisation."
            }
        )
    if KeyPlayer.objects.filter(organisation=organisation, user=user, role=role).exists():
        raise RouteInvalid({"user": f"{user} is already the {title} of {organisation}."})
    holder = KeyPlayer.objects.filter(organisation=organisation, role=role).first()
    if role in SINGLE_HOLDER_ROLES and holder is not None:
        raise RouteInvalid(
            {
                "role": f"{holder.user} is the {title} of {organisation}: remove them from the "
                "role first, then name the new holder."
            }
        )
    try:
        with transaction.atomic():
            return KeyPlayer.objects.create(organisation=organisation, user=user, role=role)
    except IntegrityError:  # named at the same moment by someone else
        raise RouteInvalid({"role": f"Someone has just named the {title}: look again."}) from None


@transaction.atomic
def remove_key_player(*, actor, key_player: KeyPlayer) -> int:
    """Remove a key player; returns how many initiatives are left without an owner."""
    check_manager(actor, key_player.organisation)
    owned = key_player.initiatives.count()
    key_player.delete()
    return owned
