"""A new version tells the organisations that use an older one, on their commons page and by
e-mail; the notice goes once they move to it, stop, or dismiss it."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from commonweal.cases.tests.factories import CaseFactory, ReporterFactory
from commonweal.commons import adoptions, notices, versions
from commonweal.commons.models import Adoption, Asset, VersionNotice
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    AssetVersionFactory,
    PartnershipMemberFactory,
    nothing_changes,
    staff,
)
from commonweal.commons.tests.pages import COUNTY_BINS, html_of
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory
from commonweal.services import definitions
from commonweal.services.models import ServiceOffering

pytestmark = pytest.mark.django_db
MINE = "/commons/mine/"


def open_for(organisation) -> list[str]:
    return [
        f"{notice.version.asset.title} {notice.version.number}"
        for notice in notices.open_notices([organisation])
    ]


@pytest.fixture
def release(wessex, django_capture_on_commit_callbacks):
    """Release a version of the county's planner, sending the e-mails as a commit would."""

    def release_it(number: str = "3", notes: str = "Rounds avoid school times."):
        with django_capture_on_commit_callbacks(execute=True):
            return versions.release_version(
                asset=wessex.planner,
                actor=wessex.county_owner,
                number=number,
                release_notes=notes,
            )

    return release_it


@pytest.fixture
def on_version_2(wessex) -> Adoption:
    return AdoptionFactory(
        asset=wessex.planner,
        organisation=wessex.district,
        version=wessex.planner.versions.get(number="2"),
    )


class TestWhoIsTold:
    def test_organisations_on_an_older_version_only(self, wessex, release, on_version_2):
        version_1 = wessex.planner.versions.get(number="1")
        mercia = AdoptionFactory(
            asset=wessex.planner, organisation__name="Mercia", version=version_1
        ).organisation
        stopped = AdoptionFactory(
            asset=wessex.planner, version=version_1, status=Adoption.Status.STOPPED
        ).organisation
        unversioned = AdoptionFactory(asset=wessex.planner, version=None).organisation

        release()

        assert open_for(wessex.district) == ["Bin round planner 3"]
        assert open_for(mercia) == ["Bin round planner 3"]
        assert open_for(stopped) == open_for(unversioned) == open_for(wessex.county) == []

    def test_a_draft_tells_nobody_until_it_is_published(self, wessex, on_version_2):
        versions.release_version(
            asset=wessex.planner, actor=wessex.county_owner, number="3", publish=False
        )
        assert open_for(wessex.district) == []

        versions.release_version(asset=wessex.planner, actor=wessex.county_owner, number="3")
        assert open_for(wessex.district) == ["Bin round planner 3"]

    def test_a_newer_release_replaces_the_notice_and_those_on_it_are_not_told(
        self, wessex, release, on_version_2
    ):
        mercia = AdoptionFactory(
            asset=wessex.planner, version=wessex.planner.versions.get(number="1")
        ).organisation
        release("3")
        adoptions.move_to_version(
            adoption=Adoption.objects.get(organisation=mercia),
            version=wessex.planner.versions.get(number="3"),
            actor=staff(mercia, Role.ADMIN),
        )
        assert open_for(mercia) == []

        release("4")

        assert open_for(wessex.district) == ["Bin round planner 4"]
        assert open_for(mercia) == ["Bin round planner 4"]
        closed = VersionNotice.objects.get(organisation=wessex.district, version__number="3")
        assert closed.closed_because == "superseded"

    def test_a_partnerships_leads_that_released_it_are_not_told(self, wessex):
        lead = PartnershipMemberFactory(organisation=wessex.county, role="lead")
        PartnershipMemberFactory(partnership=lead.partnership, organisation=wessex.district)
        asset = AssetFactory(owner_organisation=None, owner_partnership=lead.partnership)
        first = AssetVersionFactory(asset=asset, number="1")
        for organisation in (wessex.county, wessex.district):
            AdoptionFactory(asset=asset, organisation=organisation, version=first)

        versions.release_version(asset=asset, actor=wessex.county_owner, number="2")

        assert open_for(wessex.county) == []
        assert open_for(wessex.district) == [f"{asset.title} 2"]

    def test_a_service_definitions_adopters_are_told_and_upgrading_answers_it(
        self, client, wessex, django_capture_on_commit_callbacks
    ):
        definitions.save_version(text=COUNTY_BINS, owner=wessex.county, publish=True)
        asset = Asset.objects.get(service_code="wessex-missed-bin")
        definitions.adopt_definition(
            organisation=wessex.district,
            asset=asset,
            actor=wessex.district_owner,
            team=wessex.waste_team,
        )

        with django_capture_on_commit_callbacks(execute=True):
            definitions.save_version(
                text=COUNTY_BINS.replace("version: 1", "version: 2"),
                owner=wessex.county,
                publish=True,
            )

        assert open_for(wessex.district) == ["Report a missed bin in Wessex 2"]
        assert [message.subject for message in mail.outbox] == [
            "Version 2 of Report a missed bin in Wessex is out"
        ]
        client.force_login(wessex.district_owner)
        html = html_of(client.get(MINE))
        assert f'action="/commons/{asset.slug}/upgrade/"' in html

        client.post(f"/commons/{asset.slug}/upgrade/", {"organisation": wessex.district.pk})

        offering = ServiceOffering.objects.get(organisation=wessex.district)
        assert offering.definition.version == 2
        assert open_for(wessex.district) == []


class TestTheEmail:
    def test_it_goes_to_those_who_may_move_it_and_names_the_asset_version_and_page(
        self, wessex, release, on_version_2
    ):
        offering_case = CaseFactory(
            organisation=wessex.district,
            reporter=ReporterFactory(name="Rhian Resident", email="rhian@example.net"),
        )

        release()

        [message] = mail.outbox
        assert sorted(message.to) == sorted(
            [wessex.district_owner.email, wessex.district_admin.email]
        )
        assert message.subject == "Version 3 of Bin round planner is out"
        assert "Wessex County Council has released version 3 of Bin round planner." in message.body
        assert "Casterbridge District Council uses version 2." in message.body
        assert "Rounds avoid school times." in message.body
        assert f"{settings.SITE_URL}/commons/mine/" in message.body
        assert f"{settings.SITE_URL}/commons/bin-round-planner/" in message.body
        for personal in ("Rhian", "rhian@example.net", offering_case.reference):
            assert personal not in message.body and personal not in message.subject

    def test_no_email_when_nobody_there_may_move_it_or_the_notice_closed(
        self, wessex, on_version_2, django_capture_on_commit_callbacks
    ):
        wessex.district_owner.email = ""
        wessex.district_owner.save()
        wessex.district_admin.is_active = False
        wessex.district_admin.save()

        with django_capture_on_commit_callbacks(execute=True):
            versions.release_version(asset=wessex.planner, actor=wessex.county_owner, number="3")

        assert mail.outbox == []
        notice = VersionNotice.objects.get()
        assert notices.send_version_notice.enqueue(notice_id=notice.pk).return_value is False
        wessex.district_admin.is_active = True
        wessex.district_admin.save()
        notice.closed_at = notice.created_at
        notice.save()
        assert notices.send_version_notice.enqueue(notice_id=notice.pk).return_value is False
        assert mail.outbox == []


class TestOnTheOrganisationsPage:
    def test_mine_shows_the_notice_with_moving_and_dismissing(
        self, client, wessex, release, on_version_2
    ):
        release()
        client.force_login(wessex.district_owner)

        html = html_of(client.get(MINE))

        assert "A newer version is out" in html
        assert "Casterbridge District Council uses version 2." in html
        assert 'action="/commons/bin-round-planner/move-to-latest/"' in html
        assert "Move to version 3" in html and "Dismiss" in html

    def test_the_service_pages_list_it_too(self, client, wessex, release, on_version_2):
        release()
        client.force_login(wessex.district_owner)

        html = html_of(client.get(reverse("workspace:services")))

        assert "Newer versions of what you use" in html
        assert "Version 3 of <a" in html and f'href="{MINE}"' in html

    def test_moving_in_one_step_answers_the_notice(self, client, wessex, release, on_version_2):
        release()
        client.force_login(wessex.district_owner)

        response = client.post(
            "/commons/bin-round-planner/move-to-latest/", {"organisation": wessex.district.pk}
        )

        assert response.status_code == 302
        assert Adoption.objects.get(pk=on_version_2.pk).version.number == "3"
        assert "A newer version is out" not in html_of(client.get(MINE))
        assert VersionNotice.objects.get().closed_because == "moved"

    def test_dismissing_takes_it_off_the_page(self, client, wessex, release, on_version_2):
        release()
        notice = VersionNotice.objects.get()
        client.force_login(wessex.district_admin)

        response = client.post(f"/commons/notices/{notice.pk}/dismiss/")

        assert response.status_code == 302 and response["Location"] == MINE
        html = html_of(client.get(MINE))
        assert "The notice about version 3 of Bin round planner is dismissed" in html
        assert "A newer version is out" not in html
        assert Adoption.objects.get(pk=on_version_2.pk).version.number == "2"

    def test_stopping_closes_it(self, client, wessex, release, on_version_2):
        release()
        client.force_login(wessex.district_owner)

        client.post("/commons/bin-round-planner/used-by/casterbridge/stop/")

        assert open_for(wessex.district) == []

    def test_dismissing_is_refused_to_others(self, client, wessex, release, on_version_2):
        release()
        notice = VersionNotice.objects.get()
        dismiss = f"/commons/notices/{notice.pk}/dismiss/"

        client.force_login(wessex.district_caseworker)
        html = html_of(client.get(MINE))
        assert "A newer version is out" in html and "Dismiss" not in html
        with nothing_changes(VersionNotice):
            response = client.post(dismiss)
            assert response.status_code == 403
            assert "can dismiss its notices" in response.content.decode()
            client.force_login(staff(OrganisationFactory(), Role.ADMIN))
            assert client.post(dismiss).status_code == 404
        client.force_login(wessex.district_owner)
        client.post(dismiss)
        with nothing_changes(VersionNotice):
            response = client.post(dismiss)
        assert response.status_code == 409 and "already closed" in response.content.decode()
