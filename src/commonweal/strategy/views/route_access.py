"""Who may open which route page: sign-in, then 404 for what the person may not see, and a
page saying why (403) for what they may see but not change."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonweal.organisations.models import Organisation
from commonweal.strategy.models import Initiative
from commonweal.strategy.permissions import (
    can_manage_strategy,
    can_view_initiative,
    can_view_strategy,
)
from commonweal.strategy.route import NOT_YOURS


def refused(request: HttpRequest, reason: str, *, status: int = 403) -> HttpResponse:
    context = {"reason": reason, "current_section": "strategy"}
    return render(request, "strategy/route/refused.html", context, status=status)


def visible_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_view_strategy(request.user, organisation):
        raise Http404("an organisation's route is for its members")
    return organisation


def visible_initiative(request: HttpRequest, slug: str, pk: int) -> Initiative:
    """An initiative led by the organisation, if the person may see it (members of the lead
    organisation and of its partners); 404 for every other."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("lead_organisation", "owner__user", "from_interest"),
        pk=pk,
        lead_organisation__slug=slug,
    )
    if not can_view_initiative(request.user, initiative):
        raise Http404("an initiative is for the members of its organisations")
    return initiative


def manages(request: HttpRequest, organisation: Organisation) -> bool:
    return can_manage_strategy(request.user, organisation)


def not_yours(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return refused(request, NOT_YOURS.format(organisation=organisation))


def error_list(form, extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary, in the form's order; a
    refusal's messages for fields the form does not have go to its first field."""
    if extra:
        for name, message in extra.items():
            form.add_error(name if name in form.fields else None, message)
    pairs = []
    for field in form:
        anchor = field.id_for_label or field.auto_id  # radios and checkboxes: the first one
        pairs += [(anchor, message) for message in field.errors]
    first = next(iter(form), None)
    start = (first.id_for_label or first.auto_id) if first is not None else ""
    return pairs + [(start, message) for message in form.non_field_errors()]
