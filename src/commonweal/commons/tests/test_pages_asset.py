"""The asset page: what it shows, who sees which button, and what each action's POST does,
including refusals that change nothing."""

import pytest
from django.utils.html import escape

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commons.models import Adoption, Asset, Interest, Kind, Stage, Visibility
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    InterestFactory,
    PartnershipMemberFactory,
    nothing_changes,
    staff,
)
from commonweal.commons.tests.pages import html_of, title
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PLANNER = "/commons/bin-round-planner/"


def buttons(html: str, slug: str = "bin-round-planner") -> set[str]:
    """Which actions the page offers."""
    marks = {
        "adopt": f'action="/commons/{slug}/adopt/"',
        "interest": f'action="/commons/{slug}/interest/"',
        "fork": f'action="/commons/{slug}/fork/"',
        "edit": f'href="/commons/{slug}/edit/"',
        "version": f'href="/commons/{slug}/versions/new/"',
    }
    return {name for name, mark in marks.items() if mark in html}


class TestWhatThePageSays:
    def test_what_it_is_who_owns_it_its_licence_and_its_versions(self, client, wessex):
        html = html_of(client.get(PLANNER))

        assert title("Bin round planner \N{EN DASH} Commons") in html
        assert '<h1 class="govuk-heading-xl">Bin round planner</h1>' in html
        assert "<p>Works with <strong>any</strong> gazetteer.</p>" in html
        assert "<script>alert(1)</script>" not in html
        assert 'href="/organisations/wessex/">Wessex County Council</a>' in html
        assert "MIT License (MIT)" in html and "Waste collection" in html
        assert "Version 2 (latest)" in html and "Faster rounds." in html
        assert html.index("Version 2 (latest)") < html.index("Version 1")

    def test_who_adopted_it_and_the_savings_they_report(self, client, wessex):
        AdoptionFactory(
            asset=wessex.planner,
            organisation=wessex.district,
            annual_saving_pounds=12_000,
            one_off_cost_pounds=3_500,
        )
        AdoptionFactory(
            asset=wessex.planner,
            organisation__name="Mercia District Council",
            status=Adoption.Status.PILOTING,
            annual_saving_pounds=8_000,
        )
        AdoptionFactory(asset=wessex.planner, status=Adoption.Status.STOPPED)

        html = html_of(client.get(PLANNER))

        assert "Reported savings: <strong>£20,000 a year</strong>" in html
        assert "one-off costs of <strong>£3,500</strong> (2 of 2 organisations" in html
        assert "Casterbridge District Council</th>" in html and "Piloting" in html
        assert "£12,000" in html and "Not reported" in html

    def test_who_is_interested_and_related_assets(self, client, wessex):
        InterestFactory(asset=wessex.planner, organisation=wessex.district, note="For 2027.")
        AssetFactory(title="Garden waste rounds", functions=["waste-collection"])
        AssetFactory(title="Pothole tracker", functions=["highways"])

        html = html_of(client.get(PLANNER))

        assert "<strong>Casterbridge District Council</strong>: For 2027." in html
        assert "Garden waste rounds</a>" in html and "Pothole tracker" not in html

    def test_a_members_only_asset_does_not_exist_for_outsiders(self, client, wessex):
        Asset.objects.filter(pk=wessex.planner.pk).update(visibility=Visibility.MEMBERS)

        assert client.get(PLANNER).status_code == 404
        client.force_login(wessex.resident)
        assert client.get(PLANNER).status_code == 404
        with nothing_changes():
            assert client.post(f"{PLANNER}interest/").status_code == 404
        client.force_login(wessex.district_caseworker)
        assert "Members only" in html_of(client.get(PLANNER))


class TestButtonsFollowPermissions:
    @pytest.mark.parametrize(
        ("who", "offered"),
        [
            ("resident", set()),
            ("district_caseworker", {"interest"}),
            ("district_commissioner", {"interest"}),
            ("district_owner", {"adopt", "interest", "fork"}),
            ("district_admin", {"adopt", "interest", "fork"}),
            ("county_owner", {"edit", "version"}),
            ("county_caseworker", set()),
        ],
    )
    def test_on_an_organisations_software(self, client, wessex, who, offered):
        client.force_login(getattr(wessex, who))

        assert buttons(html_of(client.get(PLANNER))) == offered

    def test_nobody_signed_in_is_offered_signing_in(self, client, wessex):
        html = html_of(client.get(PLANNER))

        assert buttons(html) == set()
        assert 'href="/sign-in/?next=/commons/bin-round-planner/">Sign in</a>' in html

    def test_a_platform_administrator_manages_it(self, client, wessex):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))

        assert buttons(html_of(client.get(PLANNER))) == {"edit", "version"}

    def test_commissioners_adopt_and_manage_contracts(self, client, wessex):
        contract = AssetFactory(
            kind=Kind.CONTRACT, owner_organisation=wessex.county, slug="waste-contract"
        )
        county_commissioner = staff(wessex.county, Role.COMMISSIONER)

        client.force_login(wessex.district_commissioner)
        offered = buttons(html_of(client.get("/commons/waste-contract/")), contract.slug)
        assert offered == {"adopt", "interest", "fork"}
        client.force_login(county_commissioner)
        offered = buttons(html_of(client.get("/commons/waste-contract/")), contract.slug)
        assert offered == {"edit", "version"}

    def test_a_partnerships_asset_is_managed_by_its_leads(self, client, wessex):
        lead = PartnershipMemberFactory(organisation=wessex.county, role="lead")
        PartnershipMemberFactory(partnership=lead.partnership, organisation=wessex.district)
        Asset.objects.filter(pk=wessex.planner.pk).update(
            owner_organisation=None, owner_partnership=lead.partnership
        )

        client.force_login(wessex.county_owner)
        assert {"edit", "version"} <= buttons(html_of(client.get(PLANNER)))
        client.force_login(wessex.district_owner)
        assert buttons(html_of(client.get(PLANNER))) == {"adopt", "interest", "fork"}

    def test_a_retired_asset_cannot_be_taken_up_and_a_proprietary_one_not_copied(
        self, client, wessex
    ):
        client.force_login(wessex.district_owner)
        Asset.objects.filter(pk=wessex.planner.pk).update(stage=Stage.RETIRED)
        html = html_of(client.get(PLANNER))
        assert buttons(html) == {"fork"}
        assert "It is retired and can no longer be adopted." in html

        Asset.objects.filter(pk=wessex.planner.pk).update(stage=Stage.LIVE, licence="proprietary")
        html = html_of(client.get(PLANNER))
        assert buttons(html) == {"adopt", "interest"}
        assert "Its licence does not allow copies" in html


ADOPTING = {"adopt-status": "adopted", "adopt-annual_saving_pounds": "£12,000"}


class TestActions:
    def test_adopting_records_the_adoption_and_its_saving(self, client, wessex):
        client.force_login(wessex.district_owner)

        response = client.post(f"{PLANNER}adopt/", ADOPTING)

        assert response.status_code == 302 and response.url == PLANNER
        adoption = Adoption.objects.get(asset=wessex.planner, organisation=wessex.district)
        assert (adoption.status, adoption.annual_saving_pounds) == ("adopted", 12_000)
        assert adoption.version.number == "2"
        html = html_of(client.get(PLANNER))
        assert "Casterbridge District Council uses Bin round planner" in html
        assert "adopt" not in buttons(html)

    @pytest.mark.parametrize(
        "who", ["resident", "district_caseworker", "district_commissioner", "county_owner"]
    )
    @pytest.mark.parametrize("action", ["adopt", "fork"])
    def test_those_who_may_not_are_refused_and_nothing_changes(self, client, wessex, who, action):
        client.force_login(getattr(wessex, who))

        with nothing_changes():
            response = client.post(f"{PLANNER}{action}/", ADOPTING)

        assert response.status_code == 403
        assert "You cannot" in response.content.decode()

    def test_nobody_signed_in_is_sent_to_sign_in(self, client, wessex):
        with nothing_changes():
            response = client.post(f"{PLANNER}adopt/", ADOPTING)

        assert response.status_code == 302 and response.url.startswith("/sign-in/")

    def test_an_organisation_not_theirs_is_not_a_choice(self, client, wessex):
        second = OrganisationFactory(name="Mercia District Council")
        MembershipFactory(user=wessex.district_owner, organisation=second, role=Role.ADMIN)
        stranger = OrganisationFactory()
        client.force_login(wessex.district_owner)
        assert "Which organisation is adopting it?" in html_of(client.get(PLANNER))

        with nothing_changes():
            html = html_of(
                client.post(f"{PLANNER}adopt/", {**ADOPTING, "adopt-organisation": stranger.pk})
            )

        assert '<a href="#id_adopt-organisation">Choose an organisation from the list</a>' in html

    def test_a_saving_that_is_not_an_amount_is_shown_against_it_and_nothing_changes(
        self, client, wessex
    ):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            html = html_of(
                client.post(f"{PLANNER}adopt/", {**ADOPTING, "adopt-one_off_cost_pounds": "lots"})
            )

        assert title("Error: Bin round planner \N{EN DASH} Commons") in html
        assert '<a href="#id_adopt-one_off_cost_pounds">Enter the cost in whole pounds' in html
        assert 'id="id_adopt-one_off_cost_pounds-error"' in html
        assert 'value="lots"' in html and 'value="£12,000"' in html

    def test_piloting_twice_is_a_conflict_that_says_what_to_do(self, client, wessex):
        AdoptionFactory(
            asset=wessex.planner, organisation=wessex.district, status=Adoption.Status.PILOTING
        )
        client.force_login(wessex.district_owner)

        with nothing_changes():
            response = client.post(f"{PLANNER}adopt/", {"adopt-status": "piloting"})

        assert response.status_code == 409
        assert (
            escape(
                "Casterbridge District Council has already recorded Bin round planner as piloting. "
                "Update that record instead."
            )
            in response.content.decode()
        )

    def test_a_retired_asset_cannot_be_adopted(self, client, wessex):
        Asset.objects.filter(pk=wessex.planner.pk).update(stage=Stage.RETIRED)
        client.force_login(wessex.district_owner)

        with nothing_changes():
            response = client.post(f"{PLANNER}adopt/", ADOPTING)

        assert response.status_code == 403
        assert "Bin round planner is retired and cannot be taken up" in response.content.decode()

    def test_recording_and_withdrawing_interest(self, client, wessex):
        client.force_login(wessex.district_caseworker)

        response = client.post(f"{PLANNER}interest/", {"interest-note": "For our rounds."})

        assert response.status_code == 302
        assert Interest.objects.get().note == "For our rounds."
        html = html_of(client.get(PLANNER))
        assert "interest in Bin round planner is recorded" in html
        assert "Withdraw Casterbridge District Council's interest" in html

        response = client.post(f"{PLANNER}interest/withdraw/", {"organisation": wessex.district.pk})
        assert response.status_code == 302 and not Interest.objects.exists()

    def test_forking_makes_a_copy_owned_by_the_organisation(self, client, wessex):
        client.force_login(wessex.district_owner)

        response = client.post(f"{PLANNER}fork/", {"fork-title": "Casterbridge rounds"})

        copy = Asset.objects.get(title="Casterbridge rounds")
        assert response.status_code == 302 and response.url == f"/commons/{copy.slug}/"
        assert (copy.owner, copy.forked_from) == (wessex.district, wessex.planner)
        html = html_of(client.get(response.url))
        assert "Copied from" in html and f'href="{PLANNER}">Bin round planner</a>' in html

    def test_a_title_too_long_for_a_copy_is_shown_against_it(self, client, wessex):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            html = html_of(client.post(f"{PLANNER}fork/", {"fork-title": "x" * 201}))

        assert "The title must be 200 characters or fewer" in html
        assert 'id="id_fork-title-error"' in html

    def test_an_adopter_of_an_older_version_is_told_and_moves_in_one_step(self, client, wessex):
        AdoptionFactory(
            asset=wessex.planner,
            organisation=wessex.district,
            version=wessex.planner.versions.get(number="1"),
        )
        client.force_login(wessex.district_owner)
        html = html_of(client.get(PLANNER))
        assert "A newer version is available: version 2." in html

        response = client.post(f"{PLANNER}move-to-latest/", {"organisation": wessex.district.pk})

        assert response.status_code == 302
        assert Adoption.objects.get().version.number == "2"
        html = html_of(client.get(PLANNER))
        assert "now uses version 2 of Bin round planner" in html
        assert "A newer version is available" not in html

    def test_a_caseworker_is_told_of_a_newer_version_but_cannot_move(self, client, wessex):
        AdoptionFactory(
            asset=wessex.planner,
            organisation=wessex.district,
            version=wessex.planner.versions.get(number="1"),
        )
        client.force_login(wessex.district_caseworker)

        html = html_of(client.get(PLANNER))

        assert "A newer version is available: version 2." in html
        assert "move-to-latest" not in html
        with nothing_changes():
            assert client.post(f"{PLANNER}move-to-latest/").status_code == 403
