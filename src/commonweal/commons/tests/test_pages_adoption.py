"""An adoption's own pages: reporting savings and moving it on, and stopping it, for the
adopter's service owners and administrators only; refusals change nothing."""

import pytest

from commonweal.commons.models import Adoption, Asset
from commonweal.commons.tests.factories import AdoptionFactory, nothing_changes
from commonweal.commons.tests.pages import COUNTY_BINS, html_of, title
from commonweal.services import definitions
from commonweal.services.models import ServiceOffering

pytestmark = pytest.mark.django_db

PLANNER = "/commons/bin-round-planner/"
UPDATE = f"{PLANNER}used-by/casterbridge/"
STOP = f"{UPDATE}stop/"


@pytest.fixture
def piloting(wessex) -> Adoption:
    return AdoptionFactory(
        asset=wessex.planner,
        organisation=wessex.district,
        status=Adoption.Status.PILOTING,
        version=wessex.planner.versions.get(number="2"),
        annual_saving_pounds=1_000,
    )


class TestReportingSavings:
    def test_the_adopter_is_offered_its_pages_from_the_asset_page_and_its_own(
        self, client, wessex, piloting
    ):
        client.force_login(wessex.district_owner)

        for page in (PLANNER, "/commons/mine/"):
            html = html_of(client.get(page))
            assert f'href="{UPDATE}"' in html and f'href="{STOP}"' in html

        client.force_login(wessex.district_caseworker)
        assert f'href="{UPDATE}"' not in html_of(client.get(PLANNER))

    def test_the_figures_and_status_are_saved_and_shown_on_the_asset_page(
        self, client, wessex, piloting
    ):
        client.force_login(wessex.district_owner)
        html = html_of(client.get(UPDATE))
        page = "Update Casterbridge District Council's use of Bin round planner"
        assert title(f"{page} \N{EN DASH} Commons") in html
        assert 'value="1000"' in html and "We are trying it out in a pilot" in html

        response = client.post(
            UPDATE,
            {
                "status": "adopted",
                "annual_saving_pounds": "£9,500",
                "one_off_cost_pounds": "2500",
                "notes": " Two fewer rounds a week. ",
            },
        )

        assert response.status_code == 302 and response["Location"] == f"{PLANNER}#adopters"
        piloting.refresh_from_db()
        assert (piloting.status, piloting.annual_saving_pounds, piloting.one_off_cost_pounds) == (
            "adopted",
            9_500,
            2_500,
        )
        assert piloting.notes == "Two fewer rounds a week."
        assert piloting.version.number == "2"  # moving on does not change the version
        html = html_of(client.get(PLANNER))
        assert "use of Bin round planner is updated" in html
        assert "Reported savings: <strong>£9,500 a year</strong>" in html
        assert "one-off costs of <strong>£2,500</strong>" in html

    def test_emptying_a_figure_records_it_as_not_known(self, client, wessex, piloting):
        client.force_login(wessex.district_admin)

        client.post(UPDATE, {"status": "piloting", "annual_saving_pounds": ""})

        piloting.refresh_from_db()
        assert piloting.annual_saving_pounds is None
        assert "Not reported" in html_of(client.get(PLANNER))

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("-500", "The saving cannot be negative: enter 0 or more pounds"),
            ("about 500", "Enter the saving in whole pounds, like 12000"),
            ("12.50", "Enter the saving in whole pounds, like 12000"),
        ],
    )
    def test_a_figure_that_is_not_whole_pounds_is_refused_and_kept(
        self, client, wessex, piloting, typed, message
    ):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            html = html_of(
                client.post(
                    UPDATE,
                    {"status": "adopted", "annual_saving_pounds": typed, "notes": "Kept"},
                )
            )

        assert "<title>Error: Update" in html
        assert f'<a href="#id_annual_saving_pounds">{message}</a>' in html
        assert 'id="id_annual_saving_pounds-error"' in html
        assert f'value="{typed}"' in html and ">Kept</textarea>" in html

    def test_an_adoption_does_not_move_back(self, client, wessex, piloting):
        Adoption.objects.filter(pk=piloting.pk).update(status=Adoption.Status.ADOPTED)
        client.force_login(wessex.district_owner)

        assert 'name="status"' not in html_of(client.get(UPDATE))
        client.post(UPDATE, {"status": "piloting", "annual_saving_pounds": "1000"})

        assert Adoption.objects.get(pk=piloting.pk).status == "adopted"

    def test_a_status_not_offered_is_refused_inline(self, client, wessex, piloting):
        client.force_login(wessex.district_owner)

        with nothing_changes():
            html = html_of(client.post(UPDATE, {"status": "interested"}))

        assert '<a href="#id_status">Choose how far you have got from the list</a>' in html

    def test_interest_in_a_service_definition_is_taken_up_from_its_page(self, client, wessex):
        definitions.save_version(text=COUNTY_BINS, owner=wessex.county, publish=True)
        asset = Asset.objects.get(service_code="wessex-missed-bin")
        AdoptionFactory(asset=asset, organisation=wessex.district, status="interested")
        client.force_login(wessex.district_owner)
        page = f"/commons/{asset.slug}/used-by/casterbridge/"

        html = html_of(client.get(page))

        assert 'name="status"' not in html
        assert "adopt it from its page</a>: that sets up your organisation" in html
        client.post(page, {"status": "adopted"})  # not offered, so ignored

        assert Adoption.objects.get(asset=asset).status == "interested"


class TestRefusals:
    def test_another_organisations_adoption_does_not_exist_here(self, client, wessex, piloting):
        client.force_login(wessex.county_owner)

        with nothing_changes():
            assert client.get(UPDATE).status_code == 404
            assert client.post(UPDATE, {"annual_saving_pounds": "1"}).status_code == 404
            assert client.post(STOP).status_code == 404
        assert client.get(f"{PLANNER}used-by/nowhere/").status_code == 404

    def test_the_wrong_role_is_told_who_can(self, client, wessex, piloting):
        client.force_login(wessex.district_caseworker)

        with nothing_changes():
            response = client.post(UPDATE, {"annual_saving_pounds": "1"})
            assert client.post(STOP).status_code == 403

        assert response.status_code == 403
        assert "Only service owners and administrators of Casterbridge District Council" in (
            response.content.decode()
        )

    def test_signing_in_is_asked_for(self, client, wessex, piloting):
        response = client.get(UPDATE)

        assert response.status_code == 302 and "/sign-in/" in response["Location"]

    def test_a_stopped_adoption_is_refused_with_what_to_do(self, client, wessex, piloting):
        Adoption.objects.filter(pk=piloting.pk).update(status=Adoption.Status.STOPPED)
        client.force_login(wessex.district_owner)

        with nothing_changes():
            for response in (client.get(UPDATE), client.post(STOP, {"reason": "Again"})):
                assert response.status_code == 409
                assert "has stopped using Bin round planner. To use it again" in (
                    response.content.decode()
                )


class TestStopping:
    def test_the_confirmation_says_what_stopping_means(self, client, wessex, piloting):
        client.force_login(wessex.district_owner)

        html = html_of(client.get(STOP))

        assert '<h1 class="govuk-heading-xl">Stop using Bin round planner?</h1>' in html
        assert "leaves the list of organisations that use Bin round planner" in html
        assert "offering of this service is not deleted" not in html
        assert Adoption.objects.get(pk=piloting.pk).status == "piloting"

    def test_stopping_records_the_reason_and_the_adopter_leaves_the_list(
        self, client, wessex, piloting
    ):
        piloting.notes = "Saved a round."
        piloting.save()
        client.force_login(wessex.district_owner)

        response = client.post(STOP, {"reason": "Moved to a shared service."})

        assert response.status_code == 302 and response["Location"] == "/commons/mine/"
        piloting.refresh_from_db()
        assert piloting.status == "stopped" and piloting.ended_on is not None
        assert piloting.notes.startswith("Saved a round.\n\nStopped on ")
        assert piloting.notes.endswith(": Moved to a shared service.")
        assert "no longer uses Bin round planner" in html_of(client.get("/commons/mine/"))
        html = html_of(client.get(PLANNER))
        assert "Casterbridge District Council</th>" not in html
        assert "No organisation has recorded that it uses this yet." in html

    def test_stopping_a_service_definition_keeps_the_offering(self, client, wessex):
        definitions.save_version(text=COUNTY_BINS, owner=wessex.county, publish=True)
        asset = Asset.objects.get(service_code="wessex-missed-bin")
        definitions.adopt_definition(
            organisation=wessex.district,
            asset=asset,
            actor=wessex.district_owner,
            team=wessex.waste_team,
        )
        client.force_login(wessex.district_owner)
        stop = f"/commons/{asset.slug}/used-by/casterbridge/stop/"

        assert "offering of this service is not deleted or switched off" in html_of(
            client.get(stop)
        )
        client.post(stop)

        assert Adoption.objects.get(asset=asset).status == "stopped"
        assert ServiceOffering.objects.filter(
            organisation=wessex.district, service_code="wessex-missed-bin"
        ).exists()
