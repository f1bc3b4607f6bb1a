"""The commons pages that need `services`: adopting, forking and upgrading a service
definition, and the re-use map.

They sit in this app because the commons knows nothing of services (DESIGN: a module
imports only its own layer or lower ones, and `services` may use `commons`). They are
served under /commons/ and use the commons' asset page, forms and templates.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from commonweal.commons.action_forms import AdoptForm, ChosenOrganisationForm, ForkForm
from commonweal.commons.asset_page import act_on_asset, adopt_form, fork_form, upgrading_uses
from commonweal.commons.display import error_list
from commonweal.commons.models import Asset, Kind
from commonweal.commons.validation import AssetInvalid, Conflict
from commonweal.commons.views.access import visible_asset
from commonweal.commons.views.asset import (
    NOBODY_TO_ADOPT,
    NOBODY_TO_FORK,
    NOTHING_TO_MOVE,
    asset_address,
    nobody,
)
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Organisation
from commonweal.services import definitions, engine, reuse
from commonweal.services.models import ServiceOffering

CONFLICTS = (Conflict, definitions.OfferingProblem)


def definition_asset(request: HttpRequest, slug: str) -> Asset:
    asset = visible_asset(request, slug)
    if asset.kind != Kind.SERVICE_DEFINITION:
        raise Http404("not a service definition")
    return asset


@login_required
@require_POST
def adopt_definition(request: HttpRequest, slug: str) -> HttpResponse:
    asset = definition_asset(request, slug)
    form = adopt_form(request.user, asset, request.POST)

    def adopt(form: AdoptForm) -> tuple[str, str]:
        organisation = form.chosen_organisation()
        already = ServiceOffering.objects.filter(
            organisation=organisation, service_code=asset.service_code
        ).exists()
        adopted = definitions.adopt_definition(
            organisation=organisation,
            asset=asset,
            actor=request.user,
            team=form.chosen_team(),
            **form.adoption_values(),
        )
        if already:
            told = "It already runs the service: its offering is as it was."
        else:
            told = (
                f"Its offering of version {adopted.offering.definition.version} is created and "
                "not live: it takes no requests until you switch it on in your service pages."
            )
        return f"{organisation.name} has adopted {asset.title}. {told}", asset_address(asset)

    refusal = nobody(asset, NOBODY_TO_ADOPT.format(title=asset.title))
    return act_on_asset(
        request, asset, form, adopt, nobody=refusal, fallback="status", conflicts=CONFLICTS
    )


@login_required
@require_POST
def fork_definition(request: HttpRequest, slug: str) -> HttpResponse:
    asset = definition_asset(request, slug)
    form = fork_form(request.user, asset, request.POST)

    def copy(form: ForkForm) -> tuple[str, str]:
        values = form.fork_values()
        try:
            made, draft = definitions.fork_definition(
                asset=asset,
                organisation=form.chosen_organisation(),
                actor=request.user,
                code=values["service_code"],
                title=values["title"],
            )
        except engine.DefinitionInvalid as invalid:
            raise AssetInvalid({"service_code": str(invalid.errors[0])}) from invalid
        message = (
            f"{made.title} is {made.owner}'s copy of {asset.title}. Its definition is draft "
            f"version {draft.version}: check it, then publish it to release the copy."
        )
        return message, reverse("workspace:service-version", args=[draft.code, draft.version])

    refusal = NOBODY_TO_FORK.format(title=asset.title)
    return act_on_asset(
        request, asset, form, copy, nobody=refusal, fallback="title", conflicts=CONFLICTS
    )


@login_required
@require_POST
def upgrade_offering(request: HttpRequest, slug: str) -> HttpResponse:
    asset = definition_asset(request, slug)
    behind = upgrading_uses(request.user, asset)
    organisations = [use.organisation for use in behind.values()]
    form = ChosenOrganisationForm(request.POST, organisations=organisations)

    def upgrade(form: ChosenOrganisationForm) -> tuple[str, str]:
        organisation = form.chosen_organisation()
        offering = ServiceOffering.objects.filter(
            organisation=organisation, service_code=asset.service_code
        ).first()
        if offering is None:
            raise definitions.OfferingProblem(
                f"{organisation.name} has no offering of {asset.title} to move: adopt it again."
            )
        offering = definitions.upgrade_offering(offering=offering, actor=request.user)
        state = "live" if offering.live else "not live yet"
        return (
            f"{organisation.name} now runs version {offering.definition.version} of "
            f"{asset.title} ({state})",
            asset_address(asset),
        )

    refusal = NOTHING_TO_MOVE.format(title=asset.title)
    return act_on_asset(
        request, asset, form, upgrade, nobody=refusal, fallback="organisation", conflicts=CONFLICTS
    )


class ReuseForm(forms.Form):
    function = forms.ChoiceField(
        label="Function",
        required=False,
        choices=[("", "Any function"), *((f.slug, f.name) for f in FUNCTIONS.values())],
        error_messages={"invalid_choice": "Choose a function from the list"},
    )
    lgsl = forms.IntegerField(
        label="LGSL code (optional)",
        required=False,
        min_value=1,
        max_value=99_999,
        error_messages={
            "invalid": "Enter the LGSL code as a number, like 524",
            "min_value": "Enter the LGSL code as a number, like 524",
            "max_value": "Enter the LGSL code as a number, like 524",
        },
    )
    area = forms.ModelChoiceField(
        label="Within the area of (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label="Anywhere",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Organisation.objects.filter(active=True, children__isnull=False)
            .distinct()
            .order_by("name")
        )


@require_GET
def reuse_map(request: HttpRequest) -> HttpResponse:
    """Which organisations run which definition and version, for a function or LGSL service."""
    form = ReuseForm(request.GET or None)
    context = {"form": form, "errors": error_list(form), "current_section": "commons"}
    if form.is_valid() and (form.cleaned_data["function"] or form.cleaned_data["lgsl"]):
        function = form.cleaned_data["function"]
        context |= {
            "found": reuse.reuse_map(
                user=request.user,
                function=function,
                lgsl=form.cleaned_data["lgsl"],
                area=form.cleaned_data["area"],
            ),
            "looked_for": reuse.looked_for(
                function=function, lgsl=form.cleaned_data["lgsl"], area=form.cleaned_data["area"]
            ),
        }
    return render(request, "commons/reuse.html", context)
