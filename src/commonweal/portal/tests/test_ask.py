"""Asking for a service: location first, questions, contact, check, send; nothing typed lost."""

import pytest

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import intake
from commonweal.cases.models import Attachment, Case
from commonweal.portal.tests.flows import (
    CONTACT,
    POTHOLE,
    answer,
    ask,
    contact,
    html_of,
    locate,
    missed_bin,
    photo,
    send,
)
from commonweal.services.models import ServiceOffering

pytestmark = pytest.mark.django_db


def title(text: str) -> str:
    return f"<title>{text} \N{EN DASH} Commonweal</title>"


def summary_link(field_id: str, message: str) -> str:
    return f'<li><a href="#{field_id}">{message}</a></li>'


def inline(field_id: str, message: str) -> str:
    return (
        f'<p id="{field_id}-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    )


class TestLocation:
    def test_asks_where_first_with_coordinates_and_a_place_search(self, client, cambridge):
        html = html_of(client.get("/services/pothole/ask/location/"))

        assert title("Where is the pothole? \N{EN DASH} Report a pothole") in html
        assert '<h1 class="govuk-heading-l">Where is the pothole?</h1>' in html
        assert '<label class="govuk-label" for="lat">Latitude</label>' in html
        assert '<label class="govuk-label" for="lon">Longitude</label>' in html
        assert '<label class="govuk-label" for="place">Place name or postcode</label>' in html
        assert "can only find council areas by name" in html
        assert '<a href="/services/pothole/" class="govuk-back-link">Back</a>' in html
        assert 'data-cw-map="pick"' in html and 'data-tile-url=""' in html

    def test_the_start_goes_to_the_first_step(self, client, cambridge):
        response = client.get("/services/pothole/ask/")

        assert response.headers["Location"] == "/services/pothole/ask/location/"

    def test_coordinates_are_routed_at_once_to_the_county_for_a_pothole(self, client, cambridge):
        response = locate(client)

        assert response.headers["Location"] == "/services/pothole/ask/questions/"
        html = html_of(client.get("/services/pothole/ask/questions/"))
        assert "Your request will go to Cambridgeshire County Council." in html

    def test_and_to_the_city_for_a_missed_bin(self, client, cambridge):
        locate(client, "missed-bin")

        html = html_of(client.get("/services/missed-bin/ask/questions/"))
        assert "Your request will go to Cambridge City Council." in html

    def test_missing_and_wrong_coordinates_are_named_and_kept(self, client, cambridge):
        html = html_of(locate(client, lat="fifty-two", lon=""))

        assert title("Error: Where is the pothole? \N{EN DASH} Report a pothole") in html
        assert summary_link("lat", "The latitude must be a number, like 52.2053") in html
        assert summary_link("lon", "Enter the longitude, like 0.1218") in html
        assert inline("lat", "The latitude must be a number, like 52.2053") in html
        assert 'aria-describedby="coordinates-hint lat-error"' in html
        assert 'value="fifty-two"' in html

    def test_a_latitude_out_of_range(self, client, cambridge):
        html = html_of(locate(client, lat="91", lon="0.1"))

        assert inline("lat", "The latitude must be between -90 and 90") in html
        assert 'value="91"' in html and 'value="0.1"' in html

    def test_both_coordinates_pasted_into_one_field_are_taken(self, client, cambridge):
        response = locate(client, lat="52.2053, 0.1218", lon="")

        assert response.status_code == 302

    def test_a_place_outside_every_area_is_said_on_this_step(self, client, cambridge):
        html = html_of(locate(client, lat="48.8566", lon="2.3522"))

        assert "Nobody on Commonweal looks after highways and roads at 48.85660, 2.35220" in html
        assert "outside every area we know" in html
        assert 'value="48.8566"' in html

    def test_an_organisation_that_does_not_run_the_service_is_named(self, client, cambridge):
        html = html_of(locate(client, lat="53.7997", lon="-1.5492"))  # Leeds

        assert (
            "Leeds City Council looks after 53.79970, -1.54920, but does not take "
            "“Report a pothole” requests through Commonweal yet. Contact them directly."
        ) in html

    def test_a_place_name_with_several_matches_offers_a_choice(self, client, cambridge):
        html = html_of(
            client.post(
                "/services/missed-bin/ask/location/", {"action": "search", "place": "Cambridge"}
            )
        )

        assert "Which place do you mean?" in html
        assert (
            '<label class="govuk-label govuk-radios__label" for="choice-0">Cambridge</label>'
            in html
        )
        assert "The area of Cambridge City Council" in html
        assert "The area of South Cambridgeshire District Council" in html

        chosen = client.post(
            "/services/missed-bin/ask/location/",
            {"action": "choose", "place": "Cambridge", "choice": "0"},
        )

        assert chosen.headers["Location"] == "/services/missed-bin/ask/questions/"
        html = html_of(client.get("/services/missed-bin/ask/questions/"))
        assert "Your request will go to Cambridge City Council." in html

    def test_choosing_nothing_asks_again(self, client, cambridge):
        html = html_of(
            client.post(
                "/services/missed-bin/ask/location/", {"action": "choose", "place": "Cambridge"}
            )
        )

        assert summary_link("choice-0", "Select the place you mean") in html
        assert inline("choice", "Select the place you mean") in html

    def test_a_single_match_is_taken(self, client, cambridge):
        response = client.post(
            "/services/pothole/ask/location/", {"action": "search", "place": "Cambridgeshire"}
        )

        assert response.status_code == 200  # three areas start with that name
        response = client.post(
            "/services/pothole/ask/location/", {"action": "search", "place": "Peterborough"}
        )
        html = html_of(response)
        assert "Peterborough City Council looks after Peterborough, but does not take" in html

    def test_an_unknown_place_says_plainly_what_the_demo_geocoder_knows(self, client, cambridge):
        html = html_of(
            client.post("/services/pothole/ask/location/", {"action": "search", "place": "CB1 1AA"})
        )

        assert summary_link("place", "No place called “CB1 1AA” was found.") not in html
        assert "No place called “CB1 1AA” was found." in html
        assert "does not know postcodes or street names yet" in html
        assert 'id="place" name="place" type="text" value="CB1 1AA"' in html

    @pytest.mark.parametrize(
        "posted",
        [{"action": "choose", "place": "", "choice": "0"},
         {"action": "choose", "place": "Cambridge", "choice": "99"},
         {"action": "teleport", "place": "Cambridge"}],
    )  # fmt: skip
    def test_a_tampered_form_is_answered_with_a_problem_not_a_failure(
        self, client, cambridge, posted
    ):
        html = html_of(client.post("/services/pothole/ask/location/", posted))

        assert "There is a problem" in html or "Which place do you mean?" in html

    def test_an_empty_search(self, client, cambridge):
        html = html_of(
            client.post("/services/pothole/ask/location/", {"action": "search", "place": " "})
        )

        assert summary_link("place", "Enter a place name or postcode") in html


class TestQuestions:
    def test_later_steps_wait_for_the_earlier_ones(self, client, cambridge):
        for step in ("questions", "contact", "check"):
            response = client.get(f"/services/pothole/ask/{step}/")
            assert response.headers["Location"] == "/services/pothole/ask/location/"

    def test_shows_every_question_in_order_with_conditions_said(self, client, cambridge):
        locate(client)

        html = html_of(client.get("/services/pothole/ask/questions/"))

        assert title("Tell us about it \N{EN DASH} Report a pothole") in html
        order = ["q-position", "q-depth_cm", "q-dangerous", "q-danger_details", "q-description"]
        positions = [html.index(f'name="{name}"') for name in order]
        assert positions == sorted(positions)
        assert (
            "Asked only when the answer to “Has it caused an accident, or damaged a vehicle, "
            "today?” is “Yes”."
        ) in html
        assert 'data-show-if="q-dangerous" data-show-if-values="[&quot;yes&quot;]"' in html
        assert 'enctype="multipart/form-data"' in html
        assert '<a href="/services/pothole/ask/location/" class="govuk-back-link">' in html

    def test_every_problem_is_named_next_to_its_field_and_the_answers_kept(self, client, cambridge):
        locate(client)
        typed = {"q-depth_cm": "deep", "q-dangerous": "yes", "q-description": "By the bus stop"}

        html = html_of(answer(client, answers=typed))

        assert title("Error: Tell us about it \N{EN DASH} Report a pothole") in html
        assert summary_link("q-position", "Select an answer to: Is it in the road") not in html
        assert (
            summary_link(
                "q-position",
                "Select an answer to: Is it in the road, the pavement or a cycle lane?",
            )
            in html
        )
        assert summary_link("q-depth_cm", "Enter a number, like 12 or 2.5.") in html
        assert summary_link("q-danger_details", "Enter an answer to: What happened?") in html
        assert inline("q-depth_cm", "Enter a number, like 12 or 2.5.") in html
        assert 'value="deep"' in html
        assert 'id="q-dangerous" name="q-dangerous" type="radio" value="yes" checked' in html
        assert ">By the bus stop</textarea>" in html

    def test_an_answer_to_a_question_left_hidden_is_dropped(self, client, cambridge):
        locate(client)

        response = answer(client, answers={**POTHOLE, "q-danger_details": "Nothing, really"})

        assert response.headers["Location"] == "/services/pothole/ask/contact/"
        contact(client)
        html = html_of(client.get("/services/pothole/ask/check/"))
        assert "What happened?" not in html and "Nothing, really" not in html

    def test_a_date_that_is_not_real_keeps_its_parts(self, client, cambridge):
        locate(client, "missed-bin")
        typed = {**missed_bin(), "q-collection_date-day": "31", "q-collection_date-month": "2"}

        html = html_of(answer(client, "missed-bin", typed))

        assert summary_link("q-collection_date-day", "Enter a real date, like 27 3 2026.") in html
        assert 'id="q-collection_date-day" name="q-collection_date-day" type="text"' in html
        assert 'inputmode="numeric" value="31"' in html
        assert 'value="recycling" checked' in html

    def test_ticked_boxes_are_kept_and_an_either_or_condition_said(self, client, cambridge):
        locate(client, "home-adaptation-assessment")
        typed = {"q-difficulties": ["stairs", "toilet"], "q-for_whom": "professional"}

        html = html_of(answer(client, "home-adaptation-assessment", typed))

        assert 'value="stairs" checked' in html and 'value="toilet" checked' in html
        assert 'value="bathing">' in html
        assert (
            "is “Someone I care for or support” or “Someone I work with as a professional”" in html
        )
        assert (
            summary_link(
                "q-consent",
                "Select an answer to: Does the person know about this request and agree to it?",
            )
            in html
        )

    def test_photos_are_kept_when_another_answer_is_wrong(self, client, cambridge):
        locate(client)

        html = html_of(answer(client, answers={"q-dangerous": "no", "q-photos": photo("hole.png")}))

        assert "Select an answer to: Is it in the road" in html
        assert "<li>hole.png <button" in html
        assert 'aria-describedby="q-photos-hint q-photos-added"' in html

        answer(client, answers=POTHOLE)
        contact(client)
        html = html_of(client.get("/services/pothole/ask/check/"))
        assert "hole.png" in html
        send(client)
        assert Attachment.objects.count() == 1

    def test_a_file_that_is_not_a_photo_is_refused_next_to_the_field(self, client, cambridge):
        locate(client)
        not_a_photo = photo("notes.png")
        not_a_photo.file.write(b"")
        not_a_photo.file.seek(0)
        not_a_photo.file.truncate()
        not_a_photo.file.write(b"%PDF-1.7 not a photo")
        not_a_photo.file.seek(0)
        not_a_photo.size = 20

        html = html_of(answer(client, answers={**POTHOLE, "q-photos": not_a_photo}))

        assert 'href="#q-photos">notes.png:' in html
        assert 'id="q-photos-error"' in html
        assert 'value="road" checked' in html

    def test_more_photos_than_the_service_takes_are_refused(self, client, cambridge):
        locate(client)
        four = [photo(f"{n}.png") for n in range(4)]

        html = html_of(answer(client, answers={**POTHOLE, "q-photos": four}))

        assert "You can add up to 3 photos. Choose 3 or fewer." in html

    def test_a_photo_can_be_removed(self, client, cambridge):
        locate(client)
        answer(client, answers={**POTHOLE, "q-photos": photo("first.png")})
        html = html_of(client.get("/services/pothole/ask/questions/"))
        token = html.split('name="token" value="')[1].split('"')[0]

        response = client.post("/services/pothole/ask/questions/remove-photo/", {"token": token})

        assert response.headers["Location"] == "/services/pothole/ask/questions/#q-photos"
        assert "first.png" not in html_of(client.get("/services/pothole/ask/questions/"))


class TestContact:
    def test_every_detail_is_optional(self, client, cambridge):
        locate(client)
        answer(client)

        response = contact(client, details={})

        assert response.headers["Location"] == "/services/pothole/ask/check/"

    def test_a_wrong_e_mail_address_and_phone_number_are_named_and_kept(self, client, cambridge):
        locate(client)
        answer(client)

        html = html_of(contact(client, details={"name": "Ada", "email": "ada@", "phone": "12"}))

        assert title("Error: Your contact details \N{EN DASH} Report a pothole") in html
        assert (
            summary_link(
                "id_email", "Enter an e-mail address in the correct format, like name@example.com."
            )
            in html
        )
        assert summary_link("id_phone", "Enter a phone number, like 01632 960 001") not in html
        assert 'href="#id_phone">Enter a phone number' in html
        assert 'value="ada@"' in html and 'value="12"' in html and 'value="Ada"' in html

    def test_consent_needs_a_way_to_contact(self, client, cambridge):
        locate(client)
        answer(client)

        html = html_of(contact(client, details={"consent": "on"}))

        assert "Enter an e-mail address or a phone number, so that we can contact you." in html
        assert 'name="consent" type="checkbox" value="on" checked' in html

    def test_a_signed_in_resident_finds_their_details_filled_in(self, client, cambridge):
        client.force_login(UserFactory(email="sam@example.org", full_name="Sam Jones"))
        locate(client)
        answer(client)

        html = html_of(client.get("/services/pothole/ask/contact/"))

        assert 'value="Sam Jones"' in html and 'value="sam@example.org"' in html


class TestCheckAndSend:
    def test_check_your_answers_links_back_to_each_step(self, client, cambridge):
        locate(client)
        answer(client)
        contact(client)

        html = html_of(client.get("/services/pothole/ask/check/"))

        assert title("Check your answers \N{EN DASH} Report a pothole") in html
        assert "52.2053, 0.1218 (latitude, longitude)" in html
        assert "Cambridgeshire County Council" in html
        assert "In the road" in html and "Ada Lovelace" in html and "01632 960 001" in html
        assert 'href="/services/pothole/ask/location/?change=1">Change<span' in html
        assert 'href="/services/pothole/ask/questions/?change=1#q-position">Change' in html
        assert 'href="/services/pothole/ask/contact/?change=1">Change' in html
        assert '<a href="/services/pothole/ask/contact/" class="govuk-back-link">' in html

    def test_a_change_returns_to_check_your_answers(self, client, cambridge):
        locate(client)
        answer(client)
        contact(client)

        page = html_of(client.get("/services/pothole/ask/questions/?change=1"))
        response = client.post(
            "/services/pothole/ask/questions/", {**POTHOLE, "q-position": "pavement", "change": "1"}
        )

        assert '<a href="/services/pothole/ask/check/" class="govuk-back-link">' in page
        assert 'value="road" checked' in page
        assert response.headers["Location"] == "/services/pothole/ask/check/"
        assert "On the pavement" in html_of(client.get("/services/pothole/ask/check/"))

    def test_sending_confirms_the_reference_and_who_will_deal_with_it(self, client, cambridge):
        html = ask(client)

        case = Case.objects.get()
        assert title("Request sent \N{EN DASH} Report a pothole") in html
        assert '<h1 class="govuk-panel__title">Request sent</h1>' in html
        assert f"<strong>{case.reference}</strong>" in html
        assert "Cambridgeshire County Council will deal with your request." in html
        assert f'href="/track/{case.reference}/"' in html
        assert case.organisation == cambridge.county and case.channel == "web"
        assert case.answers["position"] == "road" and case.answers["depth_cm"] == 3
        assert case.reporter.email == CONTACT["email"] and case.reporter.user is None

    def test_the_draft_is_gone_once_sent(self, client, cambridge):
        ask(client)

        assert send(client).headers["Location"] == "/services/pothole/ask/location/"
        assert Case.objects.count() == 1

    def test_a_signed_in_resident_is_the_reporter_and_the_actor(self, client, cambridge):
        user = UserFactory()
        client.force_login(user)

        ask(client, "missed-bin")

        case = Case.objects.get()
        assert case.organisation == cambridge.city
        assert case.reporter.user == user
        assert case.events.get(kind="submitted").actor == user

    def test_a_refusal_for_the_place_goes_back_to_the_location_step(self, client, cambridge):
        locate(client)
        answer(client)
        contact(client)
        ServiceOffering.objects.filter(service_code="pothole").update(live=False)

        response = send(client)

        assert response.headers["Location"] == "/services/pothole/ask/location/"
        html = html_of(client.get(response.headers["Location"]))
        assert "does not take “Report a pothole” requests through Commonweal yet" in html
        assert 'value="52.2053"' in html
        assert Case.objects.count() == 0

    def test_a_refusal_of_an_answer_or_detail_goes_to_its_step(
        self, client, cambridge, monkeypatch
    ):
        locate(client)
        answer(client)
        contact(client)

        def refuse(**kwargs):
            raise intake.SubmissionRefused(
                {"depth_cm": ["Enter a smaller number."], "reporter.email": ["Not that one."]}
            )

        monkeypatch.setattr(intake, "submit", refuse)
        response = send(client)

        assert response.headers["Location"] == "/services/pothole/ask/questions/"
        html = html_of(client.get("/services/pothole/ask/questions/"))
        assert summary_link("q-depth_cm", "Enter a smaller number.") in html
        assert 'value="3"' in html
        html = html_of(client.get("/services/pothole/ask/contact/"))
        assert summary_link("id_email", "Not that one.") in html
        assert 'value="ada@example.net"' in html
