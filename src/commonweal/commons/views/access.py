"""Who may open which commons page: a 404 for an asset the person may not see, and the plain
403 page that says why something was refused."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonweal.commons.models import Asset


def refused(request: HttpRequest, reason: str, *, status: int = 403) -> HttpResponse:
    return render(
        request,
        "commons/refused.html",
        {"reason": reason, "current_section": "commons"},
        status=status,
    )


def visible_asset(request: HttpRequest, slug: str) -> Asset:
    """The asset if the person may see it; 404 otherwise (a members-only asset does not
    exist for outsiders)."""
    assets = Asset.objects.visible_to(request.user).select_related(
        "owner_organisation", "owner_partnership", "forked_from"
    )
    return get_object_or_404(assets, slug=slug)
