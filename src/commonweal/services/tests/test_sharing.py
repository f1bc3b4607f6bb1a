"""Service definitions in the commons: publish, adopt, a new version, upgrade; forks."""

import importlib
import json

import pytest
from django.conf import settings
from django.db.models import ProtectedError

from commonweal.commons import adoptions, versions
from commonweal.commons import functions as commons
from commonweal.commons.models import Adoption, Asset, AssetVersion, Stage
from commonweal.commons.tests.factories import AssetFactory, nothing_changes, staff
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import OrganisationFactory, TeamFactory
from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition, ServiceOffering

pytestmark = pytest.mark.django_db

MISSED_BIN = (settings.DATA_DIR / "services" / "missed-bin.yaml").read_text(encoding="utf-8")
COUNTY_BINS = MISSED_BIN.replace("code: missed-bin", "code: wessex-missed-bin").replace(
    "name: Report a missed bin collection", "name: Report a missed bin in Wessex"
)
SERVICES = (ServiceDefinition, ServiceOffering)


@pytest.fixture
def county():
    return OrganisationFactory(name="Wessex County Council", slug="wessex", kind=Kind.COUNTY)


@pytest.fixture
def district():
    return OrganisationFactory(name="Casterbridge District Council", slug="casterbridge")


@pytest.fixture
def manager(district):
    return staff(district, Role.SERVICE_OWNER)


def edited(text: str, marker: str) -> str:
    return text.replace("Which bin was missed?", f"Which bin was missed ({marker})?")


class TestPublishing:
    def test_a_standard_definition_is_an_ownerless_mit_asset(self):
        row = definitions.save_version(text=MISSED_BIN, owner=None, publish=True)

        asset = Asset.objects.get(service_code="missed-bin")
        assert (asset.kind, asset.slug, asset.title, asset.is_standard) == (
            "service-definition",
            "missed-bin",
            "Report a missed bin collection",
            True,
        )
        assert (asset.licence, asset.stage, asset.visibility) == ("MIT", "live", "public")
        assert (asset.lgsl, asset.functions) == ([524], ["waste-collection"])
        assert asset.summary == asset.description  # short enough to be both
        assert asset.description.startswith("Tell us if your rubbish, recycling, garden or food")
        assert asset.description_html.startswith("<p>Tell us if your rubbish")
        [version] = asset.versions.all()
        assert (version.number, version.published, version.service_definition_id) == (
            "1",
            True,
            row.pk,
        )
        assert version.document == row.document
        assert version.released_on == row.published_at.date()

    def test_loading_the_standard_definitions_twice_shares_each_once(self):
        definitions.load_standard_definitions(data_dir=settings.DATA_DIR)
        definitions.load_standard_definitions(data_dir=settings.DATA_DIR)

        assert Asset.objects.filter(owner_organisation=None).count() == 12
        assert AssetVersion.objects.count() == 12

    def test_a_draft_joins_the_commons_when_published(self, county):
        draft = definitions.save_version(text=COUNTY_BINS, owner=county)
        assert not Asset.objects.exists()

        definitions.publish(row=draft)

        asset = Asset.objects.get(service_code="wessex-missed-bin")
        assert (asset.owner, asset.licence, asset.title) == (
            county,
            "OGL-UK-3.0",
            "Report a missed bin in Wessex",
        )

    def test_a_new_version_adds_to_the_asset_and_refreshes_its_name(self, county):
        definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
        renamed = COUNTY_BINS.replace("missed bin in Wessex", "missed collection in Wessex")

        definitions.save_version(text=renamed, owner=county, publish=True)

        asset = Asset.objects.get(service_code="wessex-missed-bin")
        assert asset.title == "Report a missed collection in Wessex"
        assert list(asset.versions.values_list("number", flat=True)) == ["2", "1"]

    def test_another_organisations_code_is_refused_and_nothing_is_published(self, county, district):
        definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
        theirs = definitions.save_version(text=edited(COUNTY_BINS, "ours"), owner=district)

        with nothing_changes(*SERVICES), pytest.raises(definitions.DefinitionLocked) as refused:
            definitions.publish(row=theirs)

        assert str(refused.value) == (
            "The service code wessex-missed-bin belongs to Wessex County Council. Fork their "
            "definition to publish your own version under a code of your own."
        )

    def test_a_partnerships_definition_takes_versions_from_its_leads_only(self, county, district):
        from commonweal.commons.models import PartnershipMember
        from commonweal.commons.tests.factories import PartnershipMemberFactory

        lead = PartnershipMemberFactory(organisation=county, role=PartnershipMember.Role.LEAD)
        PartnershipMemberFactory(partnership=lead.partnership, organisation=district)
        definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
        asset = Asset.objects.get(service_code="wessex-missed-bin")
        commons.transfer_asset(
            asset=asset, actor=staff(county, Role.ADMIN), partnership=lead.partnership
        )

        definitions.save_version(text=edited(COUNTY_BINS, "lead"), owner=county, publish=True)
        member_draft = definitions.save_version(text=edited(COUNTY_BINS, "m"), owner=district)
        with (
            nothing_changes(*SERVICES),
            pytest.raises(
                definitions.DefinitionLocked, match=f"belongs to {lead.partnership.name}"
            ),
        ):
            definitions.publish(row=member_draft)

        assert asset.versions.count() == 2

    def test_an_older_draft_published_after_a_newer_version_is_refused(self, county):
        older = definitions.save_version(text=edited(COUNTY_BINS, "a"), owner=county)
        definitions.save_version(text=edited(COUNTY_BINS, "b"), owner=county, publish=True)

        with (
            nothing_changes(*SERVICES),
            pytest.raises(definitions.DefinitionLocked, match="Version 1 comes before version 2"),
        ):
            definitions.publish(row=older)

    def test_any_organisation_may_still_publish_a_version_of_a_standard_definition(self, county):
        definitions.save_version(text=MISSED_BIN, owner=None, publish=True)

        definitions.save_version(text=edited(MISSED_BIN, "x"), owner=county, publish=True)

        asset = Asset.objects.get(service_code="missed-bin")
        assert asset.is_standard and asset.versions.count() == 2

    def test_definitions_published_before_the_commons_are_shared_by_the_migration(self, county):
        ServiceDefinition.objects.create(
            code="old-bins", version=1, name="Old bins", function="waste-collection",
            lgsl=[524], document={"description": "Bins."}, source_text="", owner=county,
            status="published",
        )  # fmt: skip
        migration = importlib.import_module(
            "commonweal.services.migrations.0003_share_published_definitions"
        )
        from django.apps import apps

        migration.share(apps, None)
        migration.share(apps, None)

        asset = Asset.objects.get(service_code="old-bins")
        assert (asset.owner, asset.summary, asset.description_html) == (
            county,
            "Bins.",
            "<p>Bins.</p>",
        )
        assert list(asset.versions.values_list("number", "sequence")) == [("1", 1_000_000)]


class TestAdopting:
    @pytest.fixture
    def asset(self, county):
        definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
        return Asset.objects.get(service_code="wessex-missed-bin")

    def test_adopting_makes_an_offering_that_is_not_live_yet(self, asset, district, manager):
        adoption, offering = definitions.adopt_definition(
            organisation=district, asset=asset, actor=manager, annual_saving_pounds=4_000
        )

        assert (offering.organisation, offering.service_code, offering.definition.version) == (
            district,
            "wessex-missed-bin",
            1,
        )
        assert (offering.live, offering.team) == (False, None)
        assert (adoption.status, adoption.version.number, adoption.annual_saving_pounds) == (
            "adopted",
            "1",
            4_000,
        )
        team = TeamFactory(organisation=district)
        definitions.run_offering(
            organisation=district, row=offering.definition, team=team, live=True
        )
        assert definitions.live_offering(
            organisation_id=district.pk, service_code="wessex-missed-bin"
        )

    def test_adopting_twice_is_refused_and_nothing_changes(self, asset, district, manager):
        definitions.adopt_definition(organisation=district, asset=asset, actor=manager)

        with nothing_changes(*SERVICES), pytest.raises(commons.Conflict, match="already"):
            definitions.adopt_definition(organisation=district, asset=asset, actor=manager)

    def test_a_retired_definition_is_refused(self, asset, district, manager):
        Asset.objects.filter(pk=asset.pk).update(stage=Stage.RETIRED)
        asset.refresh_from_db()

        with nothing_changes(*SERVICES), pytest.raises(commons.Conflict, match="retired"):
            definitions.adopt_definition(organisation=district, asset=asset, actor=manager)

    def test_a_caseworker_cannot_adopt_for_the_organisation(self, asset, district):
        caseworker = staff(district, Role.CASEWORKER)

        with nothing_changes(*SERVICES), pytest.raises(commons.NotAllowed):
            definitions.adopt_definition(organisation=district, asset=asset, actor=caseworker)

    def test_an_organisation_already_running_it_keeps_its_offering(self, asset, district, manager):
        row = definitions.latest_published("wessex-missed-bin")
        team = TeamFactory(organisation=district)
        running = definitions.run_offering(organisation=district, row=row, team=team, live=True)
        definitions.save_version(text=edited(COUNTY_BINS, "2"), owner=asset.owner, publish=True)

        adoption, offering = definitions.adopt_definition(
            organisation=district, asset=asset, actor=manager
        )

        assert offering == running and (offering.live, offering.definition) == (True, row)
        assert adoption.version.number == "1"  # the version it runs, not the newest
        assert adoptions.newer_version_for(adoption).number == "2"

    def test_interest_makes_no_offering(self, asset, district, manager):
        adoption, offering = definitions.adopt_definition(
            organisation=district, asset=asset, actor=manager, status="interested"
        )

        assert (adoption.status, offering) == ("interested", None)
        assert not ServiceOffering.objects.exists()

    def test_only_a_definition_with_a_published_version_is_adopted_this_way(
        self, county, district, manager
    ):
        software = AssetFactory(owner_organisation=county)
        bare = AssetFactory(
            owner_organisation=county, kind="service-definition", service_code="bare"
        )

        with nothing_changes(*SERVICES), pytest.raises(definitions.OfferingProblem, match="not a"):
            definitions.adopt_definition(organisation=district, asset=software, actor=manager)
        with (
            nothing_changes(*SERVICES),
            pytest.raises(definitions.OfferingProblem, match="no published version"),
        ):
            definitions.adopt_definition(organisation=district, asset=bare, actor=manager)


def test_publish_adopt_new_version_upgrade_end_to_end(county, district, manager):
    county_owner = staff(county, Role.SERVICE_OWNER)
    draft = definitions.save_version(text=COUNTY_BINS, owner=county, actor=county_owner)
    definitions.publish(row=draft)
    asset = Asset.objects.get(service_code="wessex-missed-bin")
    assert versions.latest_version(asset).number == "1"

    adoption, offering = definitions.adopt_definition(
        organisation=district, asset=asset, actor=manager
    )
    team = TeamFactory(organisation=district, name="Waste")
    offering = definitions.run_offering(
        organisation=district, row=offering.definition, team=team, live=True
    )
    assert adoptions.newer_version_for(adoption) is None

    v2 = definitions.save_version(text=edited(COUNTY_BINS, "v2"), owner=county, publish=True)
    adoption.refresh_from_db()
    assert adoptions.newer_version_for(adoption).service_definition_id == v2.pk

    upgraded = definitions.upgrade_offering(offering=offering, actor=manager)

    assert (upgraded.pk, upgraded.definition, upgraded.live, upgraded.team) == (
        offering.pk,
        v2,
        True,
        team,
    )
    adoption.refresh_from_db()
    assert (adoption.version.number, adoptions.newer_version_for(adoption)) == ("2", None)
    with (
        nothing_changes(*SERVICES),
        pytest.raises(definitions.OfferingProblem, match="already runs the latest version"),
    ):
        definitions.upgrade_offering(offering=upgraded, actor=manager)

    # The versions in use are kept: v2 by the offering and the adoption.
    with nothing_changes(*SERVICES), pytest.raises(ProtectedError):
        v2.delete()
    with nothing_changes(*SERVICES), pytest.raises(ProtectedError):
        adoption.version.delete()


def test_only_the_organisations_service_managers_upgrade_its_offering(county, district, manager):
    v1 = definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
    offering = definitions.run_offering(organisation=district, row=v1)
    definitions.save_version(text=edited(COUNTY_BINS, "v2"), owner=county, publish=True)

    for outsider in (staff(district, Role.CASEWORKER), staff(county, Role.ADMIN)):
        with nothing_changes(*SERVICES), pytest.raises(commons.NotAllowed):
            definitions.upgrade_offering(offering=offering, actor=outsider)

    assert definitions.upgrade_offering(offering=offering, actor=manager).definition.version == 2
    assert not Adoption.objects.exists()  # run without adopting: nothing to move


class TestForking:
    def test_a_fork_is_a_draft_under_a_new_code_that_publishes_into_its_own_asset(
        self, county, district, manager
    ):
        definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
        origin = Asset.objects.get(service_code="wessex-missed-bin")

        copy, draft = definitions.fork_definition(
            asset=origin, organisation=district, actor=manager, code="casterbridge-bins"
        )

        assert (copy.forked_from, copy.owner, copy.service_code) == (
            origin,
            district,
            "casterbridge-bins",
        )
        assert (draft.code, draft.version, draft.status, draft.owner) == (
            "casterbridge-bins",
            1,
            "draft",
            district,
        )
        assert "code: casterbridge-bins" in draft.source_text
        assert draft.source_text.startswith("# Report a missed bin")  # comments kept
        assert not copy.versions.exists()

        definitions.publish(row=draft)
        assert list(copy.versions.values_list("number", flat=True)) == ["1"]
        assert Asset.objects.get(pk=origin.pk).versions.count() == 1

    def test_a_definition_written_in_json_is_copied_as_yaml(self, county, district, manager):
        document = definitions.save_version(text=COUNTY_BINS, owner=county).document
        document = {**document, "code": "wessex-json-bins"}
        definitions.save_version(text=json.dumps(document), owner=county, publish=True)
        origin = Asset.objects.get(service_code="wessex-json-bins")

        _, draft = definitions.fork_definition(
            asset=origin, organisation=district, actor=manager, code="casterbridge-bins"
        )

        assert draft.source_text.startswith("code: casterbridge-bins\n")
        assert draft.document["questions"] == document["questions"]

    def test_a_taken_code_is_refused_and_nothing_changes(self, county, district, manager):
        definitions.save_version(text=COUNTY_BINS, owner=county, publish=True)
        definitions.save_version(text=MISSED_BIN, owner=None)
        origin = Asset.objects.get(service_code="wessex-missed-bin")

        with nothing_changes(*SERVICES), pytest.raises(commons.AssetInvalid, match="is taken"):
            definitions.fork_definition(
                asset=origin, organisation=district, actor=manager, code="missed-bin"
            )
