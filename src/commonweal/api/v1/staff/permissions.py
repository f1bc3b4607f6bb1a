"""DRF permission classes for the staff endpoints; each asks `organisations.permissions`.

A case the user may not see is a 404 (its queryset is `Case.objects.visible_to`), never
a 403: staff of another organisation cannot tell whether a reference exists.
"""

from rest_framework.permissions import BasePermission

from commonweal.cases.models import Case
from commonweal.organisations.permissions import (
    can_view_cases,
    can_work_cases,
    organisations_with_cases,
)

NO_CASES = (
    "You do not have a role that lets you see cases. Ask an administrator of your "
    "organisation to make you a caseworker, service owner or executive."
)
VIEW_ONLY = (
    "You can see this organisation's cases but not work on them. That needs the "
    "caseworker, service owner or organisation administrator role."
)


class CaseStaff(BasePermission):
    """Signed in, and able to see some organisation's cases (anonymous clients get 401)."""

    message = NO_CASES
    code = "no-case-role"

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and organisations_with_cases(user))

    def has_object_permission(self, request, view, obj: Case) -> bool:
        return can_view_cases(request.user, obj.organisation)


class WorksCases(BasePermission):
    """May change the case: assign, add notes, make transitions (the workflow decides which)."""

    message = VIEW_ONLY
    code = "view-only"

    def has_object_permission(self, request, view, obj: Case) -> bool:
        return can_work_cases(request.user, obj.organisation)
