"""Helpers for the commons pages' tests: two councils with their staff and an asset."""

from types import SimpleNamespace

from django.conf import settings

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commons.tests.factories import AssetFactory, AssetVersionFactory, staff
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import OrganisationFactory, TeamFactory

MISSED_BIN = (settings.DATA_DIR / "services" / "missed-bin.yaml").read_text(encoding="utf-8")
COUNTY_BINS = MISSED_BIN.replace("code: missed-bin", "code: wessex-missed-bin").replace(
    "name: Report a missed bin collection", "name: Report a missed bin in Wessex"
)


def html_of(response) -> str:
    assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
    return response.content.decode()


def title(page: str) -> str:
    return f"<title>{page} \N{EN DASH} Commonweal</title>"


def make_wessex() -> SimpleNamespace:
    """Wessex County Council and Casterbridge District Council within it, with their staff,
    and the county's bin round planner at version 2."""
    county = OrganisationFactory(name="Wessex County Council", slug="wessex", kind=Kind.COUNTY)
    district = OrganisationFactory(name="Casterbridge District Council", slug="casterbridge")
    district.parents.add(county)
    planner = AssetFactory(
        owner_organisation=county,
        title="Bin round planner",
        slug="bin-round-planner",
        summary="Plans collection rounds from the property list.",
        description="Works with **any** gazetteer.\n\n<script>alert(1)</script>",
    )
    AssetVersionFactory(asset=planner, number="1", release_notes="First release.")
    AssetVersionFactory(asset=planner, number="2", release_notes="Faster rounds.")
    return SimpleNamespace(
        county=county,
        district=district,
        planner=planner,
        waste_team=TeamFactory(organisation=district, name="Waste and streets"),
        county_owner=staff(county, Role.SERVICE_OWNER, full_name="Cora County"),
        county_caseworker=staff(county, Role.CASEWORKER),
        district_owner=staff(district, Role.SERVICE_OWNER, full_name="Dan District"),
        district_admin=staff(district, Role.ADMIN),
        district_caseworker=staff(district, Role.CASEWORKER),
        district_commissioner=staff(district, Role.COMMISSIONER),
        resident=UserFactory(),
    )
