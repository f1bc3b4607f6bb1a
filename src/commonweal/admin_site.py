"""Limit Django's admin to platform administrators, through organisations.permissions, and
sign in to it only through the site's own sign-in (so two-factor sign-in applies there too).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from commonweal.accounts.views import safe_next_url
from commonweal.organisations.permissions import can_use_admin


def _has_permission(request: HttpRequest) -> bool:
    return can_use_admin(request.user)


_admin_login = admin.site.login


def _login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's own password form would skip the second step, so it never signs anyone
    in: a POST, and anyone not signed in, go to the site's sign-in. Someone signed in
    without access sees the admin's own "not authorized" page."""
    if request.method == "GET" and request.user.is_authenticated:
        return _admin_login(request, extra_context)
    next_url = safe_next_url(request, request.GET.get("next")) or reverse("admin:index")
    return redirect_to_login(next_url, login_url="accounts:sign-in")


admin.site.has_permission = _has_permission  # type: ignore[method-assign]
admin.site.login = _login  # type: ignore[method-assign]
