"""Who may open which commissioning page: sign-in, commissioning.permissions, 404 or 403.

The pages live in this app (as the commons' pages live in theirs) and import nothing from
the interface apps; shared page fragments come from `templates/includes/`.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonweal.commissioning import permissions
from commonweal.commissioning.models import Contract

NO_ROLE = (
    "Commissioning is for the staff of organisations on the platform. Ask an administrator "
    "of your organisation to give you a role."
)


def refused(request: HttpRequest, reason: str, *, status: int = 403) -> HttpResponse:
    context = {"reason": reason, "current_section": "commissioning"}
    return render(request, "commissioning/refused.html", context, status=status)


def commissioning_staff(view: Callable) -> Callable:
    """Signed in (else to the sign-in page) and holding a role in an active organisation."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.can_use_commissioning(request.user):
            return refused(request, NO_ROLE)
        return view(request, *args, **kwargs)

    return wrapped


def visible_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract if the user may see it; 404 for every other (never say it exists)."""
    contracts = Contract.objects.visible_to(request.user).select_related(
        "organisation", "supplier", "commons_asset"
    )
    return get_object_or_404(contracts, pk=pk)


def error_list(form) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary, in the form's field order."""
    found = [(f.id_for_label or f.auto_id, e) for f in form for e in f.errors]
    first = next(iter(form), None)
    anchor = (first.id_for_label or first.auto_id) if first is not None else ""
    return found + [(anchor, e) for e in form.non_field_errors()]
