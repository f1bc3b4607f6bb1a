"""Publishing, editing and releasing versions through the pages: errors in the summary and
by each field, nothing typed lost, refusals that say why and change nothing."""

import pytest
from django.utils.html import escape

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commons.models import Asset, AssetVersion
from commonweal.commons.tests.factories import PartnershipMemberFactory, nothing_changes
from commonweal.commons.tests.pages import COUNTY_BINS, html_of, title
from commonweal.services import definitions

pytestmark = pytest.mark.django_db

PLANNER = "/commons/bin-round-planner/"


def publishing(**changes) -> dict:
    return {
        "kind": "data-set",
        "title": "Casterbridge bin days",
        "summary": "Which day each street's bins are collected.",
        "description": "Updated **weekly**.",
        "licence": "OGL-UK-3.0",
        "stage": "live",
        "visibility": "public",
        "functions": ["waste-collection"],
        "lgsl": "524, 525",
        "tags": "bins, calendar",
        "docs_url": "https://example.org/bin-days",
        **changes,
    }


class TestPublishing:
    def test_the_form_offers_the_owners_the_person_may_publish_for(self, client, wessex):
        lead = PartnershipMemberFactory(
            organisation=wessex.district, role="lead", partnership__name="Wessex Waste Partnership"
        )
        client.force_login(wessex.district_owner)

        html = html_of(client.get("/commons/publish/"))

        assert title("Publish an asset \N{EN DASH} Commons") in html
        assert ">Casterbridge District Council</option>" in html
        assert f'value="partnership-{lead.partnership.pk}">Wessex Waste Partnership<' in html
        assert "Wessex County Council</option>" not in html
        assert 'value="service-definition"' not in html

    def test_publishing_puts_the_asset_in_the_commons(self, client, wessex):
        client.force_login(wessex.district_owner)

        response = client.post(
            "/commons/publish/", publishing(owner=f"organisation-{wessex.district.pk}")
        )

        asset = Asset.objects.get(title="Casterbridge bin days")
        assert response.status_code == 302 and response.url == f"/commons/{asset.slug}/"
        assert (asset.owner, asset.kind, asset.licence) == (
            wessex.district,
            "data-set",
            "OGL-UK-3.0",
        )
        assert (asset.lgsl, asset.tags) == ([524, 525], ["bins", "calendar"])
        assert asset.description_html == "<p>Updated <strong>weekly</strong>.</p>"
        assert "Casterbridge bin days is in the commons" in html_of(client.get(response.url))

    def test_mistakes_are_listed_and_shown_by_each_field_and_nothing_typed_is_lost(
        self, client, wessex
    ):
        client.force_login(wessex.district_owner)
        typed = publishing(
            owner=f"organisation-{wessex.district.pk}",
            title="",
            lgsl="524, five",
            docs_url="example.org/bins",
            description="Keep <b>this</b> as typed.",
        )

        with nothing_changes():
            html = html_of(client.post("/commons/publish/", typed))

        assert title("Error: Publish an asset \N{EN DASH} Commons") in html
        for field, message in [
            ("id_title", "Enter the title."),
            ("id_lgsl", escape("“five” is not an LGSL code")),
            ("id_docs_url", escape("“example.org/bins” is not a web address")),
        ]:
            assert f'<a href="#{field}">{message}' in html
            assert f'id="{field}-error"' in html
        assert 'value="524, five"' in html and 'value="example.org/bins"' in html
        assert "Keep &lt;b&gt;this&lt;/b&gt; as typed.</textarea>" in html
        assert 'value="waste-collection" checked' in html

    def test_choices_not_offered_are_refused(self, client, wessex):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            html = html_of(
                client.post(
                    "/commons/publish/",
                    publishing(
                        owner=f"organisation-{wessex.county.pk}",
                        kind="service-definition",
                        licence="WTFPL",
                    ),
                )
            )

        assert '<a href="#id_owner">Choose an owner from the list</a>' in html
        assert '<a href="#id_kind">Choose a kind from the list</a>' in html
        assert '<a href="#id_licence">Choose a licence from the list</a>' in html

    def test_a_short_name_already_used_is_shown_against_it(self, client, wessex):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            html = html_of(
                client.post(
                    "/commons/publish/",
                    publishing(
                        owner=f"organisation-{wessex.district.pk}", slug="bin-round-planner"
                    ),
                )
            )

        assert escape("Another asset already uses the short name “bin-round-planner”.") in html
        assert 'id="id_slug-error"' in html

    @pytest.mark.parametrize("who", ["district_caseworker", "resident"])
    def test_those_who_may_publish_for_nobody_are_told_why(self, client, wessex, who):
        client.force_login(getattr(wessex, who))

        response = client.get("/commons/publish/")

        assert response.status_code == 403
        assert "Only service owners and administrators of an organisation" in (
            response.content.decode()
        )

    def test_a_commissioner_may_publish_contracts_only(self, client, wessex):
        client.force_login(wessex.district_commissioner)
        owner = f"organisation-{wessex.district.pk}"

        with nothing_changes():
            response = client.post("/commons/publish/", publishing(owner=owner))
        assert response.status_code == 403
        assert "Only service owners and administrators of Casterbridge District Council" in (
            response.content.decode()
        )

        response = client.post("/commons/publish/", publishing(owner=owner, kind="contract"))
        assert response.status_code == 302

    def test_nobody_signed_in_is_sent_to_sign_in(self, client, wessex):
        response = client.get("/commons/publish/")

        assert response.status_code == 302 and response.url.startswith("/sign-in/")


class TestEditing:
    def test_the_form_shows_the_asset_as_it_is(self, client, wessex):
        client.force_login(wessex.county_owner)

        html = html_of(client.get(f"{PLANNER}edit/"))

        assert title("Edit Bin round planner \N{EN DASH} Commons") in html
        assert 'value="Bin round planner"' in html
        assert '<option value="MIT" selected>' in html
        assert 'value="waste-collection" checked' in html

    def test_saving_changes(self, client, wessex):
        client.force_login(wessex.county_owner)
        changed = {**publishing(), "title": "Round planner", "stage": "retiring"}
        changed.pop("kind")

        response = client.post(f"{PLANNER}edit/", changed)

        assert response.status_code == 302 and response.url == PLANNER
        wessex.planner.refresh_from_db()
        assert (wessex.planner.title, wessex.planner.stage) == ("Round planner", "retiring")
        assert wessex.planner.owner == wessex.county  # the owner does not change here

    def test_a_mistake_is_shown_and_nothing_changes(self, client, wessex):
        client.force_login(wessex.county_owner)

        with nothing_changes():
            html = html_of(client.post(f"{PLANNER}edit/", {**publishing(), "summary": "x" * 301}))

        assert "The summary must be 300 characters or fewer (it is 301)." in html

    @pytest.mark.parametrize("who", ["district_owner", "county_caseworker", "resident"])
    def test_another_organisations_asset_cannot_be_edited(self, client, wessex, who):
        client.force_login(getattr(wessex, who))

        with nothing_changes():
            shown = client.get(f"{PLANNER}edit/")
            sent = client.post(f"{PLANNER}edit/", publishing(title="Mine now"))

        assert shown.status_code == sent.status_code == 403
        assert (
            escape(
                "Only service owners and administrators of Wessex County Council can change "
                "Bin round planner. Ask them, or fork it to make a copy of your own."
            )
            in sent.content.decode()
        )

    def test_a_service_definitions_title_comes_from_the_definition(self, client, wessex):
        definitions.save_version(text=COUNTY_BINS, owner=wessex.county, publish=True)
        client.force_login(wessex.county_owner)

        html = html_of(client.get("/commons/wessex-missed-bin/edit/"))
        assert 'name="title"' not in html and 'name="lgsl"' not in html
        assert "Its title, LGSL codes and functions come from the service definition" in html

        response = client.post(
            "/commons/wessex-missed-bin/edit/",
            {**publishing(), "title": "Renamed", "summary": "Report a missed bin."},
        )
        assert response.status_code == 302
        asset = Asset.objects.get(slug="wessex-missed-bin")
        assert (asset.title, asset.summary) == (
            "Report a missed bin in Wessex",
            "Report a missed bin.",
        )


class TestReleasingVersions:
    def test_a_new_version_is_released(self, client, wessex):
        client.force_login(wessex.county_owner)
        assert "The latest version is 2." in html_of(client.get(f"{PLANNER}versions/new/"))

        response = client.post(
            f"{PLANNER}versions/new/", {"number": "2.1", "release_notes": "Handles cul-de-sacs."}
        )

        assert response.status_code == 302 and response.url == PLANNER
        html = html_of(client.get(PLANNER))
        assert "Version 2.1 of Bin round planner is released" in html
        assert "Version 2.1 (latest)" in html and "Handles cul-de-sacs." in html

    @pytest.mark.parametrize(
        ("number", "message"),
        [
            ("1.5", "Version 1.5 comes before version 2 of Bin round planner."),
            ("2", "Version 2 of Bin round planner is published and cannot change."),
            ("two", "Enter the version as numbers with dots"),
            ("", "Enter the version number, like 3 or 2.1.0"),
        ],
    )
    def test_a_number_that_does_not_go_forward_is_refused(self, client, wessex, number, message):
        client.force_login(wessex.county_owner)

        with nothing_changes():
            html = html_of(
                client.post(f"{PLANNER}versions/new/", {"number": number, "release_notes": "Kept"})
            )

        assert f'<a href="#id_number">{message}' in html
        assert 'id="id_number-error"' in html and "Kept</textarea>" in html

    def test_another_organisation_cannot_release_a_version(self, client, wessex):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            response = client.post(f"{PLANNER}versions/new/", {"number": "3"})

        assert response.status_code == 403

    def test_a_service_definitions_versions_come_from_the_service_pages(self, client, wessex):
        definitions.save_version(text=COUNTY_BINS, owner=wessex.county, publish=True)
        client.force_login(wessex.county_owner)

        response = client.get("/commons/wessex-missed-bin/versions/new/")

        assert response.status_code == 409
        assert "publishing the definition on your service pages" in response.content.decode()
        assert not AssetVersion.objects.filter(asset__slug="wessex-missed-bin", number="2")

    def test_a_platform_administrator_may_release_a_version(self, client, wessex):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))

        response = client.post(f"{PLANNER}versions/new/", {"number": "3"})

        assert response.status_code == 302
