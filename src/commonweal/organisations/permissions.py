"""Every "may this user do this to that?" question about organisations is answered here.

Views, the admin and the API call these functions; none of them decides access itself.
Platform administrators (Django superusers) may do everything; everyone else acts
through their memberships.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from commonweal.organisations.models import Membership, Organisation, Role

AnyUser = AbstractBaseUser | AnonymousUser


def is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def roles_in(user: AnyUser, organisation: Organisation) -> set[str]:
    """The roles the user holds in the organisation (empty for strangers and anonymous users)."""
    if not (user.is_authenticated and user.is_active):
        return set()
    cache = getattr(user, "_commonweal_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cache.setdefault(org_id, set()).add(role)
        user._commonweal_roles = cache  # type: ignore[union-attr]
    return cache.get(organisation.pk, set())


def is_member(user: AnyUser, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation))


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Active organisations are public; inactive ones only to their members and platform admins."""
    return organisation.active or is_platform_admin(user) or is_member(user, organisation)


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return is_platform_admin(user) or Role.ADMIN in roles_in(user, organisation)


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def can_use_admin(user: AnyUser) -> bool:
    """The Django admin is for platform administrators only."""
    return is_platform_admin(user) and bool(getattr(user, "is_staff", False))
