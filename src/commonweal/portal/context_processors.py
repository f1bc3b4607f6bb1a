"""What the layout needs on every page: which navigation links this person should see."""

from django.http import HttpRequest

from commonweal.organisations.permissions import is_platform_admin
from commonweal.organisations.queries import roles_by_organisation


def navigation(request: HttpRequest) -> dict:
    user = request.user
    works_here = is_platform_admin(user) or bool(roles_by_organisation(user))
    return {"shows_staff_links": works_here}
