"""Versions: numbers that sort, never backwards; a published version never changes."""

from datetime import date

import pytest
from django.db.models import ProtectedError

from commonweal.commons import functions, versions
from commonweal.commons.models import Kind
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    AssetVersionFactory,
    nothing_changes,
    staff,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return OrganisationFactory(name="Arun District Council", slug="arun")


@pytest.fixture
def owner(council):
    return staff(council, Role.SERVICE_OWNER)


class TestVersions:
    def test_numbers_sort_as_numbers_and_a_leading_v_is_dropped(self, owner, council):
        asset = AssetFactory(owner_organisation=council, title="Bin round planner")
        for number in ("1", "1.2", "v1.10.0", "2"):
            versions.release_version(asset=asset, actor=owner, number=number)

        assert list(asset.versions.values_list("number", "sequence")) == [
            ("2", 2_000_000),
            ("1.10.0", 1_010_000),
            ("1.2", 1_002_000),
            ("1", 1_000_000),
        ]
        assert versions.latest_version(asset).number == "2"

    def test_a_published_version_has_its_date_and_notes(self, owner, council):
        asset = AssetFactory(owner_organisation=council, title="Bin round planner")

        version = versions.release_version(
            asset=asset,
            actor=owner,
            number="1.0.0",
            release_notes=" First. ",
            released_on=date(2026, 3, 2),
        )

        assert (version.published, version.released_on, version.release_notes) == (
            True,
            date(2026, 3, 2),
            "First.",
        )
        assert version.released_by == owner

    @pytest.mark.parametrize(
        ("number", "message"),
        [
            ("1.9", "Version 1.9 comes before version 2.0 of Bin round planner"),
            ("2", "Version 2 is the same as version 2.0"),
            ("2.0.0", "Version 2.0.0 is the same as version 2.0"),
            ("2.0", "Version 2.0 of Bin round planner is published and cannot change"),
        ],
    )
    def test_a_number_that_goes_backwards_is_refused(self, owner, council, number, message):
        asset = AssetFactory(owner_organisation=council, title="Bin round planner")
        versions.release_version(asset=asset, actor=owner, number="2.0")

        with nothing_changes(), pytest.raises(functions.Conflict, match=message):
            versions.release_version(asset=asset, actor=owner, number=number)

    @pytest.mark.parametrize("number", ["", "two", "1.2.3.4", "1.2-beta", "12345"])
    def test_a_number_that_is_not_one_is_refused(self, owner, council, number):
        asset = AssetFactory(owner_organisation=council, title="Bin round planner")

        with nothing_changes(), pytest.raises(functions.AssetInvalid, match=r"like 3 or 2\.1\.0"):
            versions.release_version(asset=asset, actor=owner, number=number)

    def test_a_draft_changes_until_it_is_published_then_never(self, owner, council):
        asset = AssetFactory(owner_organisation=council, title="Bin round planner")
        draft = versions.release_version(
            asset=asset, actor=owner, number="1", release_notes="Draft", publish=False
        )
        assert (draft.published, draft.released_on) == (False, None)

        published = versions.release_version(
            asset=asset, actor=owner, number="1", release_notes="Ready"
        )

        assert published.pk == draft.pk and published.published
        with nothing_changes(), pytest.raises(functions.Conflict, match="cannot change"):
            versions.release_version(asset=asset, actor=owner, number="1", release_notes="Oops")

    def test_only_the_owner_releases_and_definitions_release_from_services(self, owner, council):
        asset = AssetFactory()
        with nothing_changes(), pytest.raises(functions.NotAllowed):
            versions.release_version(asset=asset, actor=owner, number="1")

        definition = AssetFactory(
            kind=Kind.SERVICE_DEFINITION, service_code="arun-bins", owner_organisation=council
        )
        with (
            nothing_changes(),
            pytest.raises(functions.Conflict, match="publishing the definition"),
        ):
            versions.release_version(asset=definition, actor=owner, number="1")

    def test_a_version_in_use_cannot_be_deleted(self):
        version = AssetVersionFactory()
        AdoptionFactory(asset=version.asset, version=version)

        with nothing_changes(), pytest.raises(ProtectedError):
            version.delete()
        with nothing_changes(), pytest.raises(ProtectedError):
            version.asset.delete()
