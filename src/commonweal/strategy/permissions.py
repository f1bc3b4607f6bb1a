"""Who may see and change an organisation's strategy.

- **Seeing** an organisation's assessments, targets, outcome targets, route and progress:
  its members (any role) and platform administrators. For everyone else they do not exist
  (pages answer 404). Partner organisations see an initiative they are named on.
- **Managing** (assessing, setting targets, planning the route): its executives and
  administrators, and platform administrators. The organisation must be active.
- The framework itself is public.
"""

from commonweal.organisations.models import Organisation, Role
from commonweal.organisations.permissions import AnyUser, is_platform_admin, roles_in

MANAGE_ROLES = frozenset({Role.EXECUTIVE, Role.ADMIN})


def can_view_strategy(user: AnyUser, organisation: Organisation) -> bool:
    return is_platform_admin(user) or bool(roles_in(user, organisation))


def can_manage_strategy(user: AnyUser, organisation: Organisation) -> bool:
    if not organisation.active:
        return False
    return is_platform_admin(user) or bool(roles_in(user, organisation) & MANAGE_ROLES)


def can_view_initiative(user: AnyUser, initiative) -> bool:
    if can_view_strategy(user, initiative.lead_organisation):
        return True
    return any(roles_in(user, partner) for partner in initiative.partners.all())
