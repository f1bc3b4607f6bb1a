"""An adoption's own pages: updating it (how far it has got, what it saves) and stopping it,
and dismissing a notice that a newer version is out.

Each is for the adopting organisation's service owners and administrators (or
commissioners, for a contract). Another organisation's adoption does not exist here (404);
the wrong role, or an adoption already stopped, gets the page that says why.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commonweal.commons import adoptions, notices, permissions, queries
from commonweal.commons.action_forms import AdoptionForm, StopForm
from commonweal.commons.forms import RefusalShowingForm
from commonweal.commons.models import Adoption, Kind, VersionNotice
from commonweal.commons.views.access import carry_out, form_page, refused, visible_asset

NOT_YOUR_ROLE = (
    "Only service owners and administrators of {organisation} (or its commissioners, for a "
    "contract) can change what it records about {title}. Ask one of them to do it."
)
STOPPED = (
    "{organisation} has stopped using {title}. To use it again, adopt it from its page: "
    "that starts the same record afresh."
)


def _adoption(request: HttpRequest, slug: str, organisation: str) -> Adoption:
    """The adoption by one of the person's organisations; 404 for anyone else's."""
    asset = visible_asset(request, slug)
    theirs = Adoption.objects.filter(asset=asset, organisation__slug=organisation)
    if not permissions.is_platform_admin(request.user):
        theirs = theirs.filter(organisation__in=queries.member_organisations(request.user))
    return get_object_or_404(theirs.select_related("organisation", "version", "asset"))


def _refusal(request: HttpRequest, adoption: Adoption) -> HttpResponse | None:
    names = {"organisation": adoption.organisation.name, "title": adoption.asset.title}
    if not permissions.can_adopt(request.user, adoption.organisation, adoption.asset):
        return refused(request, NOT_YOUR_ROLE.format(**names))
    if adoption.status == Adoption.Status.STOPPED:
        return refused(request, STOPPED.format(**names), status=409)
    return None


def _about(adoption: Adoption) -> dict[str, object]:
    return {
        "adoption": adoption,
        "asset": adoption.asset,
        "organisation": adoption.organisation,
    }


def _asset_address(adoption: Adoption) -> str:
    return reverse("commons:asset", args=[adoption.asset.slug]) + "#adopters"


@login_required
@require_http_methods(["GET", "POST"])
def update(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    adoption = _adoption(request, slug, organisation)
    if refusal := _refusal(request, adoption):
        return refusal
    statuses = adoptions.next_statuses(adoption)
    data = request.POST if request.method == "POST" else None
    form = AdoptionForm(data, adoption=adoption, statuses=statuses)
    problem = ""
    if request.method == "POST":

        def save(form: AdoptionForm) -> tuple[str, str]:
            values = form.adoption_values()
            adoptions.update_adoption(adoption=adoption, actor=request.user, **values)
            return (
                f"{adoption.organisation.name}'s use of {adoption.asset.title} is updated",
                _asset_address(adoption),
            )

        outcome = carry_out(request, form, save, fallback="annual_saving_pounds")
        if isinstance(outcome, HttpResponse):
            return outcome
        problem = outcome
    definition_interest = (
        adoption.asset.kind == Kind.SERVICE_DEFINITION
        and adoption.status == Adoption.Status.INTERESTED
    )
    return form_page(
        request,
        "commons/adoption_form.html",
        form,
        problem=problem,
        definition_interest=definition_interest,
        **_about(adoption),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    adoption = _adoption(request, slug, organisation)
    if refusal := _refusal(request, adoption):
        return refusal
    form = StopForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST":

        def stop_it(form: StopForm) -> tuple[str, str]:
            adoptions.stop_adoption(
                adoption=adoption, actor=request.user, reason=form.cleaned_data["reason"]
            )
            return (
                f"{adoption.organisation.name} no longer uses {adoption.asset.title}",
                reverse("commons:mine"),
            )

        outcome = carry_out(request, form, stop_it, fallback="reason")
        if isinstance(outcome, HttpResponse):
            return outcome
        problem = outcome
    return form_page(
        request,
        "commons/adoption_stop.html",
        form,
        problem=problem,
        is_definition=adoption.asset.kind == Kind.SERVICE_DEFINITION,
        **_about(adoption),
    )


@login_required
@require_POST
def dismiss_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss a notice of one of the person's organisations (404 for anyone else's)."""
    theirs = VersionNotice.objects.select_related("organisation", "version__asset")
    if not permissions.is_platform_admin(request.user):
        theirs = theirs.filter(organisation__in=queries.member_organisations(request.user))
    notice = get_object_or_404(theirs, pk=pk)
    if not permissions.can_view_asset(request.user, notice.version.asset):
        raise Http404("not an asset the person may see")
    form = RefusalShowingForm(request.POST)  # nothing to fill in

    def dismiss(form: RefusalShowingForm) -> tuple[str, str]:
        notices.dismiss_notice(notice=notice, actor=request.user)
        return (
            f"The notice about version {notice.version.number} of "
            f"{notice.version.asset.title} is dismissed",
            reverse("commons:mine"),
        )

    outcome = carry_out(request, form, dismiss, fallback=NON_FIELD_ERRORS)
    if isinstance(outcome, HttpResponse):
        return outcome
    return refused(request, outcome or "That notice could not be dismissed.", status=409)
