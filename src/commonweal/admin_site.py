"""Limit Django's admin to platform administrators, through organisations.permissions."""

from django.contrib import admin
from django.http import HttpRequest

from commonweal.organisations.permissions import can_use_admin


def _has_permission(request: HttpRequest) -> bool:
    return can_use_admin(request.user)


admin.site.has_permission = _has_permission  # type: ignore[method-assign]
