"""What the organisation's strategy pages share: finding the organisation (404 for those
who may not see it), refusing a change with a reason, and the error summary's list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonweal.organisations.models import Organisation
from commonweal.strategy.permissions import can_manage_strategy, can_view_strategy

SECTION = "strategy"


def visible_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation if the user may see its strategy; 404 for everyone else."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_view_strategy(request.user, organisation):
        raise Http404("an organisation's strategy is shown to its members only")
    return organisation


def may_manage(request: HttpRequest, organisation: Organisation) -> bool:
    return can_manage_strategy(request.user, organisation)


def cannot_manage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The page for a member who may see but not change the organisation's strategy."""
    if not organisation.active:
        reason = (
            f"{organisation.name} is no longer active on the platform, so its strategy cannot "
            "change. Ask a platform administrator if it should be active again."
        )
    else:
        reason = (
            f"Only executives and administrators of {organisation.name} can assess it and set "
            "its targets. Ask an administrator of your organisation to give you that role."
        )
    return refused(request, reason)


def refused(request: HttpRequest, reason: str, *, status: int = 403) -> HttpResponse:
    context = {"reason": reason, "current_section": SECTION}
    return render(request, "strategy/home/refused.html", context, status=status)


def error_list(form) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary, in the form's field order."""
    found = [(f.id_for_label or f.auto_id, e) for f in form for e in f.errors]
    first = next(iter(form), None)
    anchor = (first.id_for_label or first.auto_id) if first is not None else ""
    return found + [(anchor, e) for e in form.non_field_errors()]


staff_page = login_required
