"""What the layout needs on every page: which navigation links this person should see."""

from django.http import HttpRequest

from commonweal.organisations.permissions import belongs_anywhere, is_platform_admin


def navigation(request: HttpRequest) -> dict:
    user = request.user
    works_here = is_platform_admin(user) or belongs_anywhere(user)
    return {"shows_staff_links": works_here}
