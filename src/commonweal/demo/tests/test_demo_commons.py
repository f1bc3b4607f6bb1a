"""The demo's commons: sixty-odd believable assets of every kind, re-used, once only."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum

from commonweal.commons.models import (
    Adoption,
    Asset,
    AssetVersion,
    Interest,
    Kind,
    Partnership,
    PartnershipMember,
    Visibility,
)
from commonweal.commons.search import search_assets
from commonweal.demo.content import create_demo
from commonweal.organisations.models import Kind as OrganisationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def demo():
    return create_demo()


# Each test builds the whole demo (a few seconds), so each checks several things.


def test_sixty_or_more_assets_of_every_kind_owned_shared_and_re_used(demo):
    shared = Asset.objects.exclude(owner_organisation=None, owner_partnership=None)

    assert demo.assets_made == shared.count() >= 60
    assert set(Asset.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert len(set(shared.values_list("stage", flat=True))) == 6
    licences = set(shared.values_list("licence", flat=True))
    assert {"OGL-UK-3.0", "MIT", "AGPL-3.0-only", "proprietary"} <= licences
    assert shared.filter(visibility=Visibility.MEMBERS).exists()
    assert AssetVersion.objects.filter(asset__in=shared, published=True).count() >= 40
    check_owners(demo)
    check_partnership()
    check_re_use()


def check_owners(demo) -> None:
    kinds = set(
        Asset.objects.exclude(owner_organisation=None).values_list(
            "owner_organisation__kind", flat=True
        )
    )
    assert {
        OrganisationKind.COUNTY, OrganisationKind.DISTRICT, OrganisationKind.UNITARY,
        OrganisationKind.NHS_TRUST, OrganisationKind.FIRE_AND_RESCUE,
        OrganisationKind.VOLUNTARY, OrganisationKind.POLICE,
        OrganisationKind.METROPOLITAN_DISTRICT, OrganisationKind.LONDON_BOROUGH,
    } <= kinds  # fmt: skip
    demo_orgs = {org.pk for org in demo.organisations}
    owners = set(Asset.objects.exclude(owner_organisation=None).values_list(
        "owner_organisation", flat=True))  # fmt: skip
    assert owners & demo_orgs and owners - demo_orgs


def check_partnership() -> None:
    digital = Partnership.objects.get(slug="cambridgeshire-and-peterborough-digital-partnership")
    members = {
        m.organisation.kind: m.role for m in digital.memberships.select_related("organisation")
    }

    assert members[OrganisationKind.COUNTY] == PartnershipMember.Role.LEAD
    assert digital.memberships.filter(organisation__kind=OrganisationKind.DISTRICT).count() == 5
    assert digital.assets.count() >= 3


def check_re_use() -> None:
    adoptions = Adoption.objects.filter(status__in=["adopted", "piloting"])

    assert adoptions.count() >= 100
    assert adoptions.aggregate(total=Sum("annual_saving_pounds"))["total"] > 500_000
    assert Interest.objects.count() >= 20
    assert set(Adoption.objects.values_list("status", flat=True)) >= {
        "interested", "piloting", "adopted",
    }  # fmt: skip


def test_the_councils_that_run_a_standard_definition_have_adopted_it(demo):
    missed_bin = Asset.objects.get(service_code="missed-bin")

    adopters = set(missed_bin.adoptions.values_list("organisation__kind", flat=True))

    assert adopters == {OrganisationKind.DISTRICT, OrganisationKind.UNITARY}
    assert missed_bin.adoptions.filter(version__isnull=False).count() == 6


def test_running_it_again_adds_nothing_and_search_finds_it(demo):
    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count()
            for model in (Asset, AssetVersion, Adoption, Interest, Partnership, PartnershipMember)
        )

    before = counts()
    again = create_demo()

    assert again.assets_made == 0 and counts() == before
    check_search()


def check_search() -> None:
    result = search_assets(user=AnonymousUser(), words="bin", sort="most-adopted")

    assert result.total >= 5
    assert result.assets[0].adoption_count >= result.assets[-1].adoption_count
    assert all(asset.visibility == Visibility.PUBLIC for asset in result.assets)
