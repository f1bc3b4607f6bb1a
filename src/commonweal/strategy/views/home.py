"""The strategy home: the organisations whose strategy the user may see, or straight to the
only one."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from commonweal.organisations.models import Organisation
from commonweal.organisations.permissions import is_platform_admin
from commonweal.strategy.views.common import SECTION, refused, staff_page

NO_ROLE = (
    "An organisation's strategy is for its own staff. Ask an administrator of your "
    "organisation to give you a role. You can still read the framework itself."
)


def _organisations(user) -> list[Organisation]:
    """The user's own organisations; for a platform administrator, also every active one
    that has begun (an assessment or a target), which keeps the list short."""
    mine = Q(memberships__user=user)
    if is_platform_admin(user):
        begun = Q(assessments__isnull=False) | Q(targets__isnull=False)
        mine |= Q(active=True) & begun
    return list(Organisation.objects.filter(mine).distinct().order_by("name"))


@staff_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request.user)
    if not organisations:
        return refused(request, NO_ROLE)
    if len(organisations) == 1:
        return redirect("strategy:progress", slug=organisations[0].slug)
    context = {"organisations": organisations, "current_section": SECTION}
    return render(request, "strategy/home/home.html", context)
