"""Residents' accounts: registering, "your requests", and rating a closed request once."""

import pytest

from commonweal.accounts.models import User
from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import feedback
from commonweal.cases.models import Event
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory
from commonweal.portal.tests.flows import ask, close_pothole, html_of, report

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "correct horse battery staple"


@pytest.fixture
def caseworker(cambridge):
    return MembershipFactory(organisation=cambridge.county, role=Role.CASEWORKER).user


class TestRegister:
    def test_the_page_asks_for_an_e_mail_address_and_a_password(self, client):
        html = html_of(client.get("/account/register/"))

        assert "<title>Create an account \N{EN DASH} Commonweal</title>" in html
        assert 'autocomplete="new-password"' in html
        assert 'for="id_email">E-mail address</label>' in html

    def test_registering_signs_you_in_and_shows_your_requests(self, client):
        response = client.post(
            "/account/register/",
            {"full_name": "Sam Jones", "email": "Sam@Example.org", "password": GOOD_PASSWORD},
        )

        assert response.headers["Location"] == "/account/requests/"
        user = User.objects.get()
        assert user.email == "sam@example.org" and user.full_name == "Sam Jones"
        assert user.check_password(GOOD_PASSWORD) and not user.is_staff
        html = html_of(client.get("/account/requests/"))
        assert "Your account has been created and you are signed in." in html
        assert "Signed in as Sam Jones" in html

    def test_every_problem_is_named_and_the_details_kept(self, client):
        html = html_of(
            client.post(
                "/account/register/",
                {"full_name": "Sam Jones", "email": "sam@", "password": "short"},
            )
        )

        assert "<title>Error: Create an account \N{EN DASH} Commonweal</title>" in html
        assert (
            '<li><a href="#id_email">Enter an e-mail address in the correct format, '
            "like name@example.com</a></li>"
        ) in html
        assert 'href="#id_password">This password is too short.' in html
        assert 'value="Sam Jones"' in html and 'value="sam@"' in html
        assert "short" not in html.split("</header>")[1].split('id="id_password"')[1][:200]
        assert User.objects.count() == 0

    def test_an_address_already_registered_is_refused(self, client):
        UserFactory(email="sam@example.org")

        html = html_of(
            client.post(
                "/account/register/", {"email": "SAM@example.org", "password": GOOD_PASSWORD}
            )
        )

        assert "An account with this e-mail address already exists. Sign in instead" in html

    def test_signed_in_people_go_to_their_requests(self, client):
        client.force_login(UserFactory())

        assert client.get("/account/register/").headers["Location"] == "/account/requests/"


class TestYourRequests:
    def test_needs_signing_in(self, client):
        response = client.get("/account/requests/")

        assert response.headers["Location"] == "/sign-in/?next=/account/requests/"

    def test_lists_the_requests_made_while_signed_in_and_no_others(self, client, cambridge):
        user = UserFactory()
        client.force_login(user)
        ask(client, "pothole")
        ask(client, "missed-bin")
        someone_elses = report(user=UserFactory())
        anonymous = report()

        html = html_of(client.get("/account/requests/"))

        assert "<title>Your requests \N{EN DASH} Commonweal</title>" in html
        assert html.count('<tr class="govuk-table__row">') == 3  # the header and two
        assert "Report a missed bin collection" in html and "Cambridge City Council" in html
        assert "Report a pothole" in html and "Cambridgeshire County Council" in html
        assert someone_elses.reference not in html and anonymous.reference not in html
        assert html.index("missed bin") < html.index("Report a pothole")  # newest first

    def test_says_when_there_are_none(self, client):
        client.force_login(UserFactory())

        assert "You have not made any requests while signed in yet." in html_of(
            client.get("/account/requests/")
        )


class TestRating:
    def test_a_closed_request_can_be_rated_once_by_its_reporter(
        self, client, cambridge, caseworker
    ):
        user = UserFactory()
        case = close_pothole(report(user=user), caseworker)
        client.force_login(user)

        listed = html_of(client.get("/account/requests/"))
        page = html_of(client.get(f"/track/{case.reference}/"))
        response = client.post(
            f"/track/{case.reference}/rate/", {"score": "4", "comment": "Quick, thank you."}
        )

        assert f'href="/track/{case.reference}/#rate">Rate the outcome' in listed
        assert "Rate the outcome" in page and 'name="score"' in page
        assert response.headers["Location"] == f"/track/{case.reference}/"
        rated = Event.objects.get(case=case, kind="rated")
        assert rated.data == {"score": 4, "comment": "Quick, thank you."}
        assert rated.public is False and rated.actor == user
        after = html_of(client.get(f"/track/{case.reference}/"))
        assert "You rated the outcome 4 out of 5." in after and 'name="score"' not in after
        assert "Rate the outcome" not in html_of(client.get("/account/requests/"))

    def test_no_score_is_named_and_the_comment_kept(self, client, cambridge, caseworker):
        user = UserFactory()
        case = close_pothole(report(user=user), caseworker)
        client.force_login(user)

        html = html_of(client.post(f"/track/{case.reference}/rate/", {"comment": "Hmm"}))

        assert f"<title>Error: Request {case.reference} \N{EN DASH} Commonweal</title>" in html
        assert '<li><a href="#id_score">Select how satisfied you are, from 1 to 5</a></li>' in html
        assert ">Hmm</textarea>" in html

    def test_others_and_open_requests_get_no_rating_form(self, client, cambridge, caseworker):
        owner = UserFactory()
        closed = close_pothole(report(user=owner), caseworker)
        still_open = report(user=owner)

        client.force_login(UserFactory())
        assert 'name="score"' not in html_of(client.get(f"/track/{closed.reference}/"))
        response = client.post(f"/track/{closed.reference}/rate/", {"score": "1"}, follow=True)
        assert "Only the person who made the request can rate it." in html_of(response)
        client.force_login(owner)
        assert 'name="score"' not in html_of(client.get(f"/track/{still_open.reference}/"))
        assert not Event.objects.filter(kind="rated").exists()

    def test_rating_needs_signing_in(self, client, cambridge, caseworker):
        case = close_pothole(report(user=UserFactory()), caseworker)

        response = client.post(f"/track/{case.reference}/rate/", {"score": "5"})

        assert response.headers["Location"].startswith("/sign-in/")


class TestRateFunction:
    def test_refuses_what_it_should(self, cambridge, caseworker):
        owner = UserFactory()
        open_case = report(user=owner)
        closed = close_pothole(report(user=owner), caseworker)

        with pytest.raises(feedback.RatingRefused, match="once the request is closed"):
            feedback.rate(case=open_case, user=owner, score=3)
        with pytest.raises(feedback.RatingRefused, match="Only the person"):
            feedback.rate(case=closed, user=UserFactory(), score=3)
        for score in (0, 6, "5", True):
            with pytest.raises(feedback.RatingRefused, match="from 1 to 5"):
                feedback.rate(case=closed, user=owner, score=score)
        with pytest.raises(feedback.RatingRefused, match="2,000 characters or fewer"):
            feedback.rate(case=closed, user=owner, score=3, comment="x" * 2001)

        feedback.rate(case=closed, user=owner, score=5, comment="  Good  ")

        with pytest.raises(feedback.RatingRefused, match="already rated"):
            feedback.rate(case=closed, user=owner, score=1)
        assert Event.objects.get(kind="rated").data == {"score": 5, "comment": "Good"}

    def test_leaves_the_case_as_it_was(self, cambridge, caseworker):
        owner = UserFactory()
        closed = close_pothole(report(user=owner), caseworker)

        feedback.rate(case=closed, user=owner, score=2)

        closed.refresh_from_db()
        assert closed.state == "fixed" and closed.version == 3
