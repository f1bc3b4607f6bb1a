"""Reads of organisations used by more than one page, scoped to what the user may see."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from commonweal.organisations.models import Membership, Organisation
from commonweal.organisations.permissions import AnyUser, is_platform_admin


def visible_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations `permissions.can_view_organisation` lets the user see, as one query.

    The rule lives in permissions.py: active organisations are public; inactive ones are
    seen by their members and platform administrators. A test checks the two agree.
    """
    organisations = Organisation.objects.all()
    if is_platform_admin(user):
        return organisations
    if not (user.is_authenticated and user.is_active):
        return organisations.filter(active=True)
    member_of = Membership.objects.filter(user=user).values("organisation_id")
    return organisations.filter(Q(active=True) | Q(pk__in=member_of))


@dataclass(frozen=True)
class OrganisationRoles:
    organisation: Organisation
    roles: list[str]


def roles_by_organisation(user: AnyUser) -> list[OrganisationRoles]:
    """The organisations the user belongs to, by name, each with the names of their roles."""
    if not (user.is_authenticated and user.is_active):
        return []
    grouped: dict[int, OrganisationRoles] = {}
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    for membership in memberships:
        entry = grouped.setdefault(
            membership.organisation_id, OrganisationRoles(membership.organisation, [])
        )
        entry.roles.append(membership.get_role_display())
    return list(grouped.values())
