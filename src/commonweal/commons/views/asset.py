"""The asset page and what people do from it: adopt, record or withdraw interest, fork, and
move to the latest version. A service definition's adopting, forking and upgrading go
through `services` (see `services.views`); the forms for it post there.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from commonweal.commons import adoptions, functions, versions
from commonweal.commons.action_forms import (
    AdoptForm,
    ChosenOrganisationForm,
    ForkForm,
    InterestForm,
)
from commonweal.commons.asset_page import (
    act_on_asset,
    adopt_form,
    fork_form,
    interest_form,
    render_asset,
    upgrading_uses,
    withdrawing_organisations,
)
from commonweal.commons.licences import allows_copies
from commonweal.commons.models import Adoption, Asset, Kind, Stage
from commonweal.commons.views.access import visible_asset

NOBODY_TO_ADOPT = (
    "You cannot record that an organisation adopts {title}. That needs the service owner or "
    "organisation administrator role (or commissioner, for a contract) in an organisation "
    "that does not own it and has not adopted it already."
)
NOBODY_INTERESTED = (
    "You cannot record interest in {title}: that needs a role in an organisation that "
    "does not own it."
)
NOBODY_TO_FORK = (
    "You cannot fork {title}. That needs the service owner or organisation administrator "
    "role (or commissioner, for a contract) in an organisation that does not own it."
)
RETIRED = "{title} is retired and cannot be taken up. Ask its owner what replaces it."
PROPRIETARY = (
    "{title} is proprietary: its licence does not allow copies. Ask its owner about "
    "adopting it instead."
)
NOTHING_TO_MOVE = (
    "None of your organisations that you may act for runs an older version of {title}."
)
NO_INTEREST = "None of your organisations that you may act for has recorded interest in {title}."


def asset_address(asset: Asset) -> str:
    return reverse("commons:asset", args=[asset.slug])


def nobody(asset: Asset, message: str) -> str:
    return RETIRED.format(title=asset.title) if asset.stage == Stage.RETIRED else message


@require_GET
def asset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_asset(request, visible_asset(request, slug))


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    asset = visible_asset(request, slug)
    if asset.kind == Kind.SERVICE_DEFINITION:
        raise Http404("A service definition is adopted through the services app")
    form = adopt_form(request.user, asset, request.POST)

    def record(form: AdoptForm) -> tuple[str, str]:
        adoption = adoptions.adopt(
            organisation=form.chosen_organisation(),
            asset=asset,
            actor=request.user,
            **form.adoption_values(),
        )
        doing = "uses" if adoption.status == Adoption.Status.ADOPTED else "is piloting"
        return f"{adoption.organisation.name} {doing} {asset.title}", asset_address(asset)

    refusal = nobody(asset, NOBODY_TO_ADOPT.format(title=asset.title))
    return act_on_asset(request, asset, form, record, nobody=refusal, fallback="status")


@login_required
@require_POST
def record_interest(request: HttpRequest, slug: str) -> HttpResponse:
    asset = visible_asset(request, slug)
    form = interest_form(request.user, asset, request.POST)

    def record(form: InterestForm) -> tuple[str, str]:
        interest = adoptions.record_interest(
            organisation=form.chosen_organisation(),
            asset=asset,
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        return (
            f"{interest.organisation.name}'s interest in {asset.title} is recorded",
            asset_address(asset),
        )

    refusal = nobody(asset, NOBODY_INTERESTED.format(title=asset.title))
    return act_on_asset(request, asset, form, record, nobody=refusal, fallback="note")


@login_required
@require_POST
def withdraw_interest(request: HttpRequest, slug: str) -> HttpResponse:
    asset = visible_asset(request, slug)
    organisations = withdrawing_organisations(request.user, asset)
    form = ChosenOrganisationForm(request.POST, organisations=organisations)

    def withdraw(form: ChosenOrganisationForm) -> tuple[str, str]:
        organisation = form.chosen_organisation()
        adoptions.withdraw_interest(organisation=organisation, asset=asset, actor=request.user)
        return f"{organisation.name}'s interest in {asset.title} is withdrawn", asset_address(asset)

    refusal = NO_INTEREST.format(title=asset.title)
    return act_on_asset(request, asset, form, withdraw, nobody=refusal, fallback="organisation")


@login_required
@require_POST
def fork(request: HttpRequest, slug: str) -> HttpResponse:
    asset = visible_asset(request, slug)
    if asset.kind == Kind.SERVICE_DEFINITION:
        raise Http404("A service definition is forked through the services app")
    form = fork_form(request.user, asset, request.POST)
    reason = NOBODY_TO_FORK if allows_copies(asset.licence) else PROPRIETARY

    def copy(form: ForkForm) -> tuple[str, str]:
        made = functions.fork(
            asset=asset,
            organisation=form.chosen_organisation(),
            actor=request.user,
            **form.fork_values(),
        )
        return f"{made.title} is {made.owner}'s copy of {asset.title}", asset_address(made)

    refusal = reason.format(title=asset.title)
    return act_on_asset(request, asset, form, copy, nobody=refusal, fallback="title")


@login_required
@require_POST
def move_to_latest(request: HttpRequest, slug: str) -> HttpResponse:
    """Move one of the person's organisations' adoption to the latest published version."""
    asset = visible_asset(request, slug)
    if asset.kind == Kind.SERVICE_DEFINITION:
        raise Http404("A service definition is upgraded through the services app")
    behind = upgrading_uses(request.user, asset)
    organisations = [use.organisation for use in behind.values()]
    form = ChosenOrganisationForm(request.POST, organisations=organisations)

    def move(form: ChosenOrganisationForm) -> tuple[str, str]:
        latest = versions.latest_version(asset)
        adoption = adoptions.move_to_version(
            adoption=behind[form.chosen_organisation().pk].adoption,
            version=latest,
            actor=request.user,
        )
        return (
            f"{adoption.organisation.name} now uses version {latest.number} of {asset.title}",
            asset_address(asset),
        )

    refusal = NOTHING_TO_MOVE.format(title=asset.title)
    return act_on_asset(request, asset, form, move, nobody=refusal, fallback="organisation")
