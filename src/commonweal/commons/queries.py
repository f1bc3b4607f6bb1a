"""Reads of the commons used by its pages: who may act for which organisation, who uses an
asset and what they save, what an organisation shares and re-uses, and partnerships.

Everything here is scoped by `Asset.objects.visible_to(user)` or by the permissions in
`commons.permissions`; nothing here changes a row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from commonweal.commons import permissions
from commonweal.commons.adoptions import newer_version_for
from commonweal.commons.models import (
    Adoption,
    Asset,
    AssetVersion,
    Interest,
    Kind,
    Partnership,
    PartnershipMember,
    VersionNotice,
    Visibility,
)
from commonweal.commons.notices import open_notices
from commonweal.organisations.models import Organisation, Team
from commonweal.organisations.permissions import AnyUser, is_platform_admin

CURRENT = (Adoption.Status.ADOPTED, Adoption.Status.PILOTING)


def member_organisations(user: AnyUser) -> list[Organisation]:
    """The active organisations the person holds a role in, by name."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(
        Organisation.objects.filter(memberships__user=user, active=True).distinct().order_by("name")
    )


def acting_organisations(
    user: AnyUser,
    asset: Asset,
    may: Callable[[AnyUser, Organisation, Asset], bool],
    *,
    among: list[Organisation] | None = None,
) -> list[Organisation]:
    """The person's organisations that `may` allows to act on the asset, less its owner."""
    organisations = member_organisations(user) if among is None else among
    return [
        org
        for org in organisations
        if org.pk != asset.owner_organisation_id and may(user, org, asset)
    ]


def publishing_owners(user: AnyUser) -> list[Organisation | Partnership]:
    """Who the person may publish assets for: their organisations, then partnerships they lead.

    Commissioners may publish contracts only; `publish_asset` refuses them anything else.
    """
    organisations = [
        org for org in member_organisations(user) if permissions.acts_for(user, org, Kind.CONTRACT)
    ]
    partnerships = Partnership.objects.all()
    if not is_platform_admin(user):
        partnerships = partnerships.filter(
            memberships__organisation__in=organisations,
            memberships__role=PartnershipMember.Role.LEAD,
        ).distinct()
    return [*organisations, *partnerships.order_by("name")]


def teams_of(organisations: list[Organisation]) -> dict[int, list[Team]]:
    teams: dict[int, list[Team]] = {}
    for team in Team.objects.filter(organisation__in=organisations).order_by("name"):
        teams.setdefault(team.organisation_id, []).append(team)
    return teams


def published_versions(asset: Asset) -> list[AssetVersion]:
    return list(asset.versions.filter(published=True).order_by("-sequence"))


@dataclass(frozen=True)
class Savings:
    """What the current adopters report, in whole pounds."""

    annual: int
    one_off: int
    reporting: int  # how many adopters gave a saving or a cost


def current_adoptions(asset: Asset) -> list[Adoption]:
    """Organisations that use the asset or are piloting it, by name."""
    return list(
        asset.adoptions.filter(status__in=CURRENT)
        .select_related("organisation", "version")
        .order_by("organisation__name")
    )


def savings_of(adoptions: list[Adoption]) -> Savings:
    reported = [a for a in adoptions if a.annual_saving_pounds is not None or a.one_off_cost_pounds]
    return Savings(
        annual=sum(a.annual_saving_pounds or 0 for a in adoptions),
        one_off=sum(a.one_off_cost_pounds or 0 for a in adoptions),
        reporting=len(reported),
    )


@dataclass(frozen=True)
class InterestedOrganisation:
    organisation: Organisation
    note: str


def interested_in(asset: Asset) -> list[InterestedOrganisation]:
    """Organisations that said "we need this too", and those that recorded interest by adopting."""
    found = {
        interest.organisation_id: InterestedOrganisation(interest.organisation, interest.note)
        for interest in asset.interests.select_related("organisation")
    }
    for adoption in asset.adoptions.filter(status=Adoption.Status.INTERESTED).select_related(
        "organisation"
    ):
        found.setdefault(
            adoption.organisation_id, InterestedOrganisation(adoption.organisation, adoption.notes)
        )
    return sorted(found.values(), key=lambda item: item.organisation.name)


@dataclass
class AdoptionWithNews:
    """An adoption, and the newer published version of its asset if there is one."""

    adoption: Adoption
    newer: AssetVersion | None = None
    may_upgrade: bool = False
    may_update: bool = False
    upgrade_url: str = ""


def with_news(adoptions: QuerySet[Adoption]) -> list[AdoptionWithNews]:
    return [
        AdoptionWithNews(adoption, newer_version_for(adoption))
        for adoption in adoptions.select_related("asset", "version", "organisation")
    ]


@dataclass
class OrganisationCommons:
    """What one organisation shares in the commons and what it re-uses."""

    organisation: Organisation
    assets: list[Asset] = field(default_factory=list)
    adoptions: list[AdoptionWithNews] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)
    notices: list[VersionNotice] = field(default_factory=list)


def organisation_commons(organisation: Organisation, user: AnyUser) -> OrganisationCommons:
    """Its own assets and its partnerships', its adoptions (not stopped), its interests, and
    its open notices of newer versions."""
    partnerships = Partnership.objects.filter(memberships__organisation=organisation)
    visible = Asset.objects.visible_to(user)
    assets = visible.filter(
        Q(owner_organisation=organisation) | Q(owner_partnership__in=partnerships)
    ).select_related("owner_organisation", "owner_partnership")
    adoptions = organisation.adoptions.filter(asset__in=visible).exclude(
        status=Adoption.Status.STOPPED
    )
    interests = organisation.asset_interests.filter(asset__in=visible).select_related("asset")
    return OrganisationCommons(
        organisation=organisation,
        assets=list(assets.order_by("title")),
        adoptions=with_news(adoptions.order_by("asset__title")),
        interests=list(interests.order_by("asset__title")),
        notices=list(open_notices([organisation]).filter(version__asset__in=visible)),
    )


def partnerships_with_counts(user: AnyUser) -> QuerySet[Partnership]:
    """Every partnership with its number of members and of assets the person may see."""
    seen = Q() if permissions.is_platform_member(user) else Q(assets__visibility=Visibility.PUBLIC)
    return Partnership.objects.annotate(
        member_count=Count("memberships", distinct=True),
        asset_count=Count("assets", filter=seen, distinct=True),
    ).order_by("name")
