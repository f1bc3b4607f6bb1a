"""Everything the asset page shows, with one action form bound when a POST needs showing again.

The page offers adopting, recording interest and forking only for the person's
organisations that `commons.permissions` lets act, and only where the asset can still be
taken up (a retired asset cannot; a proprietary one cannot be copied). A service
definition is adopted, forked and upgraded through `services` (the commons knows nothing
of offerings), so its forms post to the services app's pages under /commons/.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format

from commonweal.commons import permissions, queries
from commonweal.commons.action_forms import (
    AdoptForm,
    ForkForm,
    ForOrganisationForm,
    InterestForm,
)
from commonweal.commons.adoptions import newer_version_for
from commonweal.commons.display import (
    asset_facts,
    asset_links,
    error_list,
    pounds,
)
from commonweal.commons.licences import allows_copies
from commonweal.commons.models import Adoption, Asset, AssetVersion, Kind, Stage, Visibility
from commonweal.commons.related import related_assets
from commonweal.commons.validation import Conflict
from commonweal.commons.views.access import carry_out, refused
from commonweal.organisations.models import Organisation

ADOPT, INTEREST, FORK = "adopt", "interest", "fork"
NOT_REPORTED, NOT_RECORDED = "Not reported", "Not recorded"


def action_url(asset: Asset, action: str) -> str:
    """Where an action's form posts: the services app's page for a service definition."""
    definition_pages = {
        "adopt": "services:adopt-definition",
        "fork": "services:fork-definition",
        "upgrade": "services:upgrade-offering",
    }
    commons_pages = {
        "adopt": "commons:adopt",
        "fork": "commons:fork",
        "upgrade": "commons:move-to-latest",
        "interest": "commons:interest",
        "withdraw": "commons:withdraw-interest",
    }
    if asset.kind == Kind.SERVICE_DEFINITION and action in definition_pages:
        return reverse(definition_pages[action], args=[asset.slug])
    return reverse(commons_pages[action], args=[asset.slug])


def adopting_organisations(user, asset: Asset) -> list[Organisation]:
    """The person's organisations that may adopt the asset and have not fully adopted it."""
    if asset.stage == Stage.RETIRED:
        return []
    adopted = set(
        asset.adoptions.filter(status=Adoption.Status.ADOPTED).values_list(
            "organisation_id", flat=True
        )
    )
    candidates = queries.acting_organisations(user, asset, permissions.can_adopt)
    return [org for org in candidates if org.pk not in adopted]


def interested_organisations(user, asset: Asset) -> list[Organisation]:
    if asset.stage == Stage.RETIRED:
        return []
    return queries.acting_organisations(user, asset, permissions.can_record_interest)


def forking_organisations(user, asset: Asset) -> list[Organisation]:
    if not allows_copies(asset.licence):
        return []
    return queries.acting_organisations(user, asset, permissions.can_fork)


def withdrawing_organisations(user, asset: Asset) -> list[Organisation]:
    """The person's organisations that recorded interest in the asset and may withdraw it."""
    interests = asset.interests.filter(
        organisation__in=queries.member_organisations(user)
    ).select_related("organisation")
    return [
        interest.organisation
        for interest in interests.order_by("organisation__name")
        if permissions.can_record_interest(user, interest.organisation, asset)
    ]


def adopt_form(user, asset: Asset, data=None) -> AdoptForm:
    organisations = adopting_organisations(user, asset)
    teams = queries.teams_of(organisations) if asset.kind == Kind.SERVICE_DEFINITION else None
    return AdoptForm(data, prefix=ADOPT, organisations=organisations, teams=teams)


def interest_form(user, asset: Asset, data=None) -> InterestForm:
    return InterestForm(data, prefix=INTEREST, organisations=interested_organisations(user, asset))


def fork_form(user, asset: Asset, data=None) -> ForkForm:
    return ForkForm(
        data,
        prefix=FORK,
        organisations=forking_organisations(user, asset),
        needs_code=asset.kind == Kind.SERVICE_DEFINITION,
    )


@dataclass(frozen=True)
class AdopterRow:
    organisation: Organisation
    status: str
    version: str
    since: str
    annual_saving: str
    one_off_cost: str


def adopter_rows(adoptions: list[Adoption]) -> list[AdopterRow]:
    def amount(value: int | None) -> str:
        return NOT_REPORTED if value is None else pounds(value)

    return [
        AdopterRow(
            organisation=adoption.organisation,
            status=adoption.get_status_display(),
            version=adoption.version.number if adoption.version else NOT_RECORDED,
            since=date_format(adoption.started_on, "F Y") if adoption.started_on else NOT_RECORDED,
            annual_saving=amount(adoption.annual_saving_pounds),
            one_off_cost=amount(adoption.one_off_cost_pounds),
        )
        for adoption in adoptions
    ]


@dataclass(frozen=True)
class YourUse:
    """One of the person's organisations' use of the asset, and what it may do next: move
    to a newer version, and for a service definition, set up its offering."""

    organisation: Organisation
    adoption: Adoption
    newer: AssetVersion | None
    may_upgrade: bool
    may_update: bool  # report its figures, move it on, stop it
    service_pages_url: str


def your_uses(user, asset: Asset, organisations: list[Organisation]) -> list[YourUse]:
    adoptions = (
        asset.adoptions.filter(organisation__in=organisations)
        .exclude(status=Adoption.Status.STOPPED)
        .select_related("organisation", "version", "asset")
        .order_by("organisation__name")
    )
    uses = []
    for adoption in adoptions:
        may_act = permissions.can_adopt(user, adoption.organisation, asset)
        runs_it = adoption.status != Adoption.Status.INTERESTED and adoption.version is not None
        pages = ""
        if asset.service_code and runs_it and may_act:
            pages = reverse(
                "workspace:service-version", args=[asset.service_code, adoption.version.number]
            )
        newer = newer_version_for(adoption)
        uses.append(
            YourUse(
                organisation=adoption.organisation,
                adoption=adoption,
                newer=newer,
                may_upgrade=newer is not None and may_act,
                may_update=may_act,
                service_pages_url=pages,
            )
        )
    return uses


def render_asset(
    request: HttpRequest,
    asset: Asset,
    *,
    bound: ForOrganisationForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """The asset page; `bound` is a posted action form to show again with its errors, and
    `problem` a refusal to show at the top of the page."""
    user = request.user
    forms = {
        ADOPT: adopt_form(user, asset),
        INTEREST: interest_form(user, asset),
        FORK: fork_form(user, asset),
    }
    if bound is not None:
        forms[bound.prefix] = bound
    mine = queries.member_organisations(user)
    adoptions = queries.current_adoptions(asset)
    savings = queries.savings_of(adoptions)
    versions = queries.published_versions(asset)
    may_edit = permissions.can_edit_asset(user, asset)
    is_definition = asset.kind == Kind.SERVICE_DEFINITION
    errors = error_list(bound)
    if problem:
        errors.insert(0, ("", problem))
    context = {
        "asset": asset,
        "members_only": asset.visibility == Visibility.MEMBERS,
        "is_definition": is_definition,
        "facts": asset_facts(asset, user),
        "links": asset_links(asset),
        "versions": versions,
        "latest": versions[0] if versions else None,
        "adopters": adopter_rows(adoptions),
        "savings": savings,
        "annual_savings": pounds(savings.annual),
        "one_off_costs": pounds(savings.one_off),
        "interested": queries.interested_in(asset),
        "related": related_assets(asset, user),
        "your_uses": your_uses(user, asset, mine),
        "upgrade_url": action_url(asset, "upgrade"),
        "withdrawing": withdrawing_organisations(user, asset),
        "withdraw_url": action_url(asset, "withdraw"),
        "may_edit": may_edit,
        "may_release": may_edit and not is_definition,
        "adopt": forms[ADOPT] if forms[ADOPT].organisations else None,
        "adopt_url": action_url(asset, "adopt"),
        "interest": forms[INTEREST] if forms[INTEREST].organisations else None,
        "interest_url": action_url(asset, "interest"),
        "fork": forms[FORK] if forms[FORK].organisations else None,
        "fork_url": action_url(asset, "fork"),
        "retired": asset.stage == Stage.RETIRED,
        "copies_allowed": allows_copies(asset.licence),
        "errors": errors,
        "current_section": "commons",
    }
    return render(request, "commons/asset.html", context, status=status)


def upgrading_uses(user, asset: Asset) -> dict[int, YourUse]:
    """The person's organisations' uses of an older version that they may move on, by
    organisation id."""
    uses = your_uses(user, asset, queries.member_organisations(user))
    return {use.organisation.pk: use for use in uses if use.may_upgrade}


def act_on_asset(
    request: HttpRequest,
    asset: Asset,
    form: ForOrganisationForm,
    do: Callable[[ForOrganisationForm], tuple[str, str]],
    *,
    nobody: str,
    fallback: str,
    conflicts: tuple[type[Exception], ...] = (Conflict,),
) -> HttpResponse:
    """An action posted from the asset page, for one of the organisations the form offers
    (refused with `nobody` when it offers none). Runs `do` through `carry_out`; a conflict
    is shown at the top of the asset page, with the form as it was typed."""
    if not form.organisations:
        return refused(request, nobody)
    outcome = carry_out(request, form, do, fallback=fallback, conflicts=conflicts)
    if isinstance(outcome, HttpResponse):
        return outcome
    return render_asset(request, asset, bound=form, problem=outcome, status=409 if outcome else 200)
