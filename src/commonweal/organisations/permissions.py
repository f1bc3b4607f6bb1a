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
    return _roles_by_organisation(user).get(organisation.pk, set())


def _roles_by_organisation(user: AnyUser) -> dict[int, set[str]]:
    """Every membership of the user, read once and kept on the user object (one request)."""
    cache = getattr(user, "_commonweal_roles", None)
    if cache is None:
        cache = {}
        # No ordering: the model's default (by organisation name) would join two tables.
        rows = (
            Membership.objects.filter(user=user).order_by().values_list("organisation_id", "role")
        )
        for org_id, role in rows:
            cache.setdefault(org_id, set()).add(role)
        user._commonweal_roles = cache  # type: ignore[union-attr]
    return cache


def belongs_anywhere(user: AnyUser) -> bool:
    """Whether the user holds any role in any organisation (from the per-request read)."""
    return bool(user.is_authenticated and user.is_active and _roles_by_organisation(user))


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


# Cases and services. The engine decides which transitions a role may make; these decide
# whether the user may act on the organisation's cases and services at all.
CASE_VIEW_ROLES = {Role.CASEWORKER, Role.SERVICE_OWNER, Role.ADMIN, Role.EXECUTIVE}
CASE_WORK_ROLES = {Role.CASEWORKER, Role.SERVICE_OWNER, Role.ADMIN}
SERVICE_MANAGE_ROLES = {Role.SERVICE_OWNER, Role.ADMIN}
ALL_STAFF_ROLES = frozenset(Role.values)


def workflow_roles(user: AnyUser, organisation: Organisation) -> frozenset[str]:
    """The roles the user acts in on the organisation's cases (a platform admin holds all)."""
    if is_platform_admin(user):
        return ALL_STAFF_ROLES
    return frozenset(roles_in(user, organisation))


def can_view_cases(user: AnyUser, organisation: Organisation) -> bool:
    return is_platform_admin(user) or bool(roles_in(user, organisation) & CASE_VIEW_ROLES)


def can_work_cases(user: AnyUser, organisation: Organisation) -> bool:
    """Assign, add notes, make transitions (as far as the workflow allows the role)."""
    return is_platform_admin(user) or bool(roles_in(user, organisation) & CASE_WORK_ROLES)


def can_manage_services(user: AnyUser, organisation: Organisation) -> bool:
    """Upload and publish definitions, and run, switch or pause the organisation's offerings."""
    return is_platform_admin(user) or bool(roles_in(user, organisation) & SERVICE_MANAGE_ROLES)


def organisations_with_cases(user: AnyUser) -> list[int]:
    """The ids of the organisations whose cases the user may see (all for a platform admin)."""
    if is_platform_admin(user):
        return list(Organisation.objects.values_list("pk", flat=True))
    if not (user.is_authenticated and user.is_active):
        return []
    return sorted(
        pk for pk, roles in _roles_by_organisation(user).items() if roles & CASE_VIEW_ROLES
    )
