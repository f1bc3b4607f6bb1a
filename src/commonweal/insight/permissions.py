"""Who may see which dashboard. Views and the dashboard list ask here; nothing else decides.

- **An organisation's** dashboard (and those of its services): its members, whatever their
  role, and platform administrators.
- **A partnership's**: members of any of the partnership's member organisations.
- **An area's** (a county and the districts inside it, found through the districts'
  parents): members of any organisation in the area.
- **The platform's**: platform administrators only.
- **An organisation's board pack** (`board_pack_organisations`): its executives and
  organisation administrators, and platform administrators.

For everyone else a dashboard does not exist: pages answer 404. Peer benchmarks show
quartiles only, never another organisation's name or figure, so they need no rule here.
"""

from dataclasses import dataclass

from django.db.models import Q

from commonweal.commons.models import Partnership
from commonweal.organisations.models import Membership, Organisation, Role
from commonweal.organisations.permissions import AnyUser, is_platform_admin


def member_organisation_ids(user: AnyUser) -> set[int]:
    if not (user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_commonweal_dashboard_orgs", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._commonweal_dashboard_orgs = cached  # type: ignore[union-attr]
    return cached


def area_organisations(county: Organisation) -> list[Organisation]:
    """The organisation and those whose parent it is (a county and its districts), by name;
    empty when no organisation lies inside it, for then it has no area dashboard."""
    inside = list(county.children.order_by("name"))
    return [county, *inside] if inside else []


def partnership_organisations(partnership: Partnership) -> list[Organisation]:
    return list(partnership.members.order_by("name"))


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return is_platform_admin(user) or organisation.pk in member_organisation_ids(user)


def can_view_group(user: AnyUser, organisations: list[Organisation]) -> bool:
    """A partnership's or an area's dashboard: a member of any organisation in it."""
    if not organisations:
        return False
    if is_platform_admin(user):
        return True
    return bool(member_organisation_ids(user) & {o.pk for o in organisations})


def can_view_platform(user: AnyUser) -> bool:
    return is_platform_admin(user)


@dataclass
class Visible:
    """The dashboards a person may open, for the list page."""

    organisations: list[Organisation]
    partnerships: list[Partnership]
    areas: list[Organisation]
    platform: bool

    @property
    def any(self) -> bool:
        return bool(self.organisations or self.partnerships or self.areas or self.platform)


def visible_dashboards(user: AnyUser) -> Visible:
    if is_platform_admin(user):
        organisations = Organisation.objects.all()
        partnerships = Partnership.objects.all()
        areas = Organisation.objects.filter(children__isnull=False)
    else:
        mine = member_organisation_ids(user)
        organisations = Organisation.objects.filter(pk__in=mine)
        partnerships = Partnership.objects.filter(members__in=mine)
        areas = Organisation.objects.filter(
            Q(pk__in=mine, children__isnull=False) | Q(children__in=mine)
        )
    return Visible(
        organisations=list(organisations.order_by("name")),
        partnerships=list(partnerships.distinct().order_by("name")),
        areas=list(areas.distinct().order_by("name")),
        platform=is_platform_admin(user),
    )


BOARD_PACK_ROLES = frozenset({Role.EXECUTIVE, Role.ADMIN})


def board_pack_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations whose board pack the user may make: those where they are an
    executive or an organisation administrator; every organisation for platform
    administrators. Other members see the same figures on the dashboard, but the pack, which
    brings in the route and contract renewals, is for the people who answer to the board."""
    if is_platform_admin(user):
        return list(Organisation.objects.order_by("name"))
    if not (user.is_authenticated and user.is_active):
        return []
    held = Membership.objects.filter(user=user, role__in=BOARD_PACK_ROLES)
    return list(Organisation.objects.filter(pk__in=held.values("organisation_id")).order_by("name"))
