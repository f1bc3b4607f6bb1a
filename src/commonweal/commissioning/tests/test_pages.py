"""The commissioning pages through the test client: what each person sees, and 404 for the
rest."""

import re
from datetime import date

import pytest
from django.utils import timezone

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commissioning import contracts
from commonweal.commissioning.models import OpportunityInterest, SupplierReview
from commonweal.commissioning.tests.conftest import in_years
from commonweal.commissioning.tests.factories import ContractFactory, SupplierReviewFactory
from commonweal.commissioning.validation import add_months

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_signing_in_is_needed(client):
    response = client.get("/commissioning/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_residents_without_a_role_are_refused(client):
    response = signed_in(client, UserFactory()).get("/commissioning/")
    assert response.status_code == 403
    assert "for the staff of organisations" in text(response)


def test_the_register_lists_own_and_shared_contracts(client, area):
    page = text(signed_in(client, area.commissioner).get("/commissioning/"))

    assert "3 contracts" in page
    for title in ("Household waste collection", "Refuse and recycling collection",
                  "Confidential grounds maintenance"):  # fmt: skip
        assert title in page
    assert ">Commissioning</a>" in page  # in the staff navigation


def test_a_partner_sees_only_what_was_shared(client, area):
    page = text(signed_in(client, area.hunts_caseworker).get("/commissioning/"))

    assert "2 contracts" in page
    assert "Confidential grounds maintenance" not in page


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("supplier=urbaser", {"Household waste collection", "Confidential grounds maintenance"}),
        ("cpv=773", {"Confidential grounds maintenance"}),
        ("cpv=90511000", {"Household waste collection", "Refuse and recycling collection"}),
        ("status=ended", set()),
        ("ending=3", set()),
    ],
)
def test_filters(client, area, query, titles):
    page = text(signed_in(client, area.commissioner).get(f"/commissioning/?{query}"))

    shown = set(re.findall(r'href="/commissioning/contracts/\d+/">([^<]+)</a>', page))
    assert shown == titles


def test_filter_by_organisation_and_ending_soon(client, area):
    soon = ContractFactory(
        organisation=area.hunts, title="Soon over", shared_with=[area.fenland],
        end_date=add_months(timezone.localdate(), 2),
    )  # fmt: skip
    client = signed_in(client, area.commissioner)

    page = text(client.get(f"/commissioning/?organisation={area.hunts.pk}&ending=3"))

    assert soon.title in page and "1 contract<" in page


def test_a_bad_filter_is_shown_in_the_error_summary(client, area):
    response = signed_in(client, area.commissioner).get("/commissioning/?cpv=9&status=lost")

    page = text(response)
    assert "<title>Error: Contracts register" in page
    assert "Enter at least the first two digits of a CPV code" in page
    assert "Choose a status from the list" in page


def test_the_contract_page(client, area):
    page = text(
        signed_in(client, area.commissioner).get(
            f"/commissioning/contracts/{area.fenland_waste.pk}/"
        )
    )

    assert "Household waste collection" in page
    assert "90511000-2 Refuse collection services" in page
    assert f"30 September {in_years(1, 9, 30).year}" in page  # the notice date
    assert "Huntingdonshire District Council" in page  # shared with
    assert "Record the review" in page


def test_the_contract_page_says_who_last_changed_it_only_to_its_own_staff(client, area):
    contracts.edit_contract(
        contract=area.fenland_waste, actor=area.commissioner, notice_period_months=4
    )
    path = f"/commissioning/contracts/{area.fenland_waste.pk}/"
    today = timezone.localdate()
    when = f"{today.day} {today:%B %Y}"

    def words(user) -> str:
        page = text(signed_in(client, user).get(path))
        return " ".join(re.sub(r"<[^>]+>", " ", page).split())

    own, partner = words(area.caseworker), words(area.hunts_caseworker)

    assert f"Last changed {when} by Ruth Achebe" in own
    assert f"Last changed {when}" in partner
    assert "Ruth Achebe" not in partner


@pytest.mark.parametrize("who", ["stranger", "hunts_caseworker"])
def test_contracts_not_shared_are_not_found(client, area, who):
    response = signed_in(client, getattr(area, who)).get(
        f"/commissioning/contracts/{area.private.pk}/"
    )
    assert response.status_code == 404


def test_a_caseworker_sees_but_cannot_change(client, area):
    client = signed_in(client, area.caseworker)
    page = text(client.get(f"/commissioning/contracts/{area.fenland_waste.pk}/"))
    assert "Record the review" not in page and "Share the contract" not in page

    response = client.post(
        f"/commissioning/contracts/{area.fenland_waste.pk}/share", {"partner": area.ely.pk}
    )
    assert response.status_code == 403
    assert not area.fenland_waste.shared_with.filter(pk=area.ely.pk).exists()


def test_sharing_and_stopping(client, area):
    client = signed_in(client, area.commissioner)
    url = f"/commissioning/contracts/{area.private.pk}/"

    response = client.post(f"{url}share", {"partner": area.ely.pk})
    assert response.status_code == 302
    assert "East Cambridgeshire District Council can now see this contract" in text(client.get(url))

    client.post(f"{url}share/{area.ely.pk}/stop")
    assert not area.private.shared_with.exists()


def test_recording_a_review_and_refusing_bad_scores(client, area):
    client = signed_in(client, area.commissioner)
    url = f"/commissioning/contracts/{area.fenland_waste.pk}/review"

    bad = client.post(url, {"period_start": "1/4/2026", "period_end": "1/1/2026",
                            "quality": "4", "delivery": "9"})  # fmt: skip
    page = text(bad)
    assert "Score the delivery from 1 to 5" in page
    assert "Score the value for money from 1 to 5" in page
    assert SupplierReview.objects.count() == 0

    good = client.post(url, {"period_start": "1/4/2026", "period_end": "30/6/2026",
                             "quality": "4", "delivery": "3", "value": "5"})  # fmt: skip
    assert good.status_code == 302
    assert SupplierReview.objects.get().delivery == 3


def test_the_supplier_page_shows_visible_contracts_and_the_trend(client, area):
    SupplierReviewFactory(contract=area.fenland_waste, period_start=date(2025, 4, 1),
                          period_end=date(2025, 6, 30), quality=3)  # fmt: skip
    SupplierReviewFactory(contract=area.fenland_waste, period_start=date(2025, 7, 1),
                          period_end=date(2025, 9, 30), quality=5)  # fmt: skip
    SupplierReviewFactory(contract=area.private, period_start=date(2025, 7, 1),
                          period_end=date(2025, 9, 30), quality=1)  # fmt: skip

    mine = text(
        signed_in(client, area.commissioner).get(f"/commissioning/suppliers/{area.urbaser.pk}/")
    )
    assert "Confidential grounds maintenance" in mine
    assert "1 July 2025 to 30 September 2025" in mine
    assert ">3.0<" in mine  # the second period's average quality: (5 + 1) / 2

    client.logout()
    theirs = text(
        signed_in(client, area.hunts_caseworker).get(f"/commissioning/suppliers/{area.urbaser.pk}/")
    )
    assert "Confidential grounds maintenance" not in theirs
    assert ">5.0<" in theirs and ">1.0<" not in theirs


def test_a_supplier_with_no_visible_contract_is_not_found(client, area):
    response = signed_in(client, area.stranger).get(f"/commissioning/suppliers/{area.urbaser.pk}/")
    assert response.status_code == 404


def test_the_renewal_calendar_groups_by_month(client, area):
    today = timezone.localdate()
    ContractFactory(organisation=area.fenland, title="Notice next month",
                    end_date=add_months(today, 7), notice_period_months=6)  # fmt: skip
    ContractFactory(organisation=area.fenland, title="Notice in three years",
                    end_date=add_months(today, 40), notice_period_months=1)  # fmt: skip

    page = text(signed_in(client, area.commissioner).get("/commissioning/renewals/"))

    notice_month = add_months(today, 1)
    assert f"{notice_month:%B %Y}</h2>" in page
    assert "Notice next month" in page
    assert "Notice in three years" not in page


def test_the_opportunities_page_uses_the_window_from_the_query(client, area):
    client = signed_in(client, area.commissioner)

    page = text(client.get("/commissioning/opportunities/?within=6"))
    assert "1 opportunity within 6 months" in page
    assert "Refuse and waste related services (CPV group 905)" in page
    assert "£350,000" in page

    assert "No opportunities within 2 months" in text(
        client.get("/commissioning/opportunities/?within=2")
    )
    bad = text(client.get("/commissioning/opportunities/?within=99"))
    assert "Choose a window from 1 to 60 months" in bad


def test_a_stranger_sees_no_opportunity_among_contracts_they_cannot_see(client, area):
    page = text(signed_in(client, area.stranger).get("/commissioning/opportunities/?within=6"))
    assert "No opportunities within 6 months" in page


def test_registering_interest(client, area):
    client = signed_in(client, area.commissioner)
    ident = f"cpv-group:905:{in_years(2, 3, 31).isoformat()}"

    response = client.post("/commissioning/opportunities/interest",
                           {"opportunity": ident, "within": "6", "note": "Shall we?"})  # fmt: skip

    assert response.status_code == 302
    interest = OpportunityInterest.objects.get()
    assert interest.organisation == area.fenland and interest.note == "Shall we?"
    page = text(client.get(response["Location"]))
    assert "interest in buying together is registered" in page
    assert "Fenland District Council, " in page

    again = client.post(
        "/commissioning/opportunities/interest", {"opportunity": ident, "within": "6"}
    )
    assert "registered its interest in this opportunity on" in text(again)
    assert OpportunityInterest.objects.count() == 1


def test_interest_in_an_opportunity_that_has_changed_is_refused(client, area):
    client = signed_in(client, area.commissioner)
    response = client.post("/commissioning/opportunities/interest",
                           {"opportunity": "cpv-group:905:2020-01-01", "within": "6"})  # fmt: skip
    assert "This opportunity has changed" in text(response)
    assert OpportunityInterest.objects.count() == 0


def test_caseworkers_cannot_register_interest(client, area):
    client = signed_in(client, area.caseworker)
    assert "Register interest" not in text(client.get("/commissioning/opportunities/?within=6"))
    response = client.post("/commissioning/opportunities/interest",
                           {"opportunity": "cpv-group:905:2099-03-31", "within": "6"})  # fmt: skip
    assert response.status_code == 403
    assert OpportunityInterest.objects.count() == 0
