"""My organisation's place in the commons, and the partnerships."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from commonweal.commons import permissions, queries
from commonweal.commons.asset_page import action_url
from commonweal.commons.models import Asset, Partnership


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The person's organisations: what each shares, re-uses (and whether a newer version is
    out) and has said it needs."""
    user = request.user
    found = [queries.organisation_commons(org, user) for org in queries.member_organisations(user)]
    for entry in found:
        for use in entry.adoptions:
            asset = use.adoption.asset
            use.may_update = permissions.can_adopt(user, entry.organisation, asset)
            use.may_upgrade = use.newer is not None and use.may_update
            use.upgrade_url = action_url(asset, "upgrade")
        for notice in entry.notices:
            asset = notice.version.asset
            notice.may_act = permissions.can_adopt(user, entry.organisation, asset)
            notice.upgrade_url = action_url(asset, "upgrade")
    context = {
        "organisations": found,
        "heading": f"Your organisation{'s' if len(found) > 1 else ''} in the commons",
        "may_publish": bool(queries.publishing_owners(user)),
        "current_section": "commons",
    }
    return render(request, "commons/mine.html", context)


@require_GET
def partnerships(request: HttpRequest) -> HttpResponse:
    context = {
        "partnerships": queries.partnerships_with_counts(request.user),
        "current_section": "commons",
    }
    return render(request, "commons/partnerships.html", context)


@require_GET
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Partnership, slug=slug)
    current = Q(adoptions__status__in=queries.CURRENT)
    assets = (
        Asset.objects.visible_to(request.user)
        .filter(owner_partnership=found)
        .annotate(adoption_count=Count("adoptions", filter=current, distinct=True))
        .order_by("title")
    )
    context = {
        "partnership": found,
        "members": found.memberships.select_related("organisation").order_by(
            "role", "organisation__name"
        ),
        "assets": assets,
        "may_manage": permissions.can_manage_partnership(request.user, found),
        "current_section": "commons",
    }
    return render(request, "commons/partnership.html", context)
