"""Finding a service without knowing who runs it: search, topics, and the start page."""

import pytest

from commonweal.portal.search import Service, search

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def service(code: str, name: str, synonyms=(), description: str = "") -> Service:
    return Service(code, name, description, tuple(synonyms), "Topic")


class TestSearch:
    def test_a_phrase_among_the_synonyms_finds_the_service(self):
        services = [
            service("missed-bin", "Report a missed bin collection", ["bin not emptied"]),
            service("pothole", "Report a pothole", ["hole in the road"]),
        ]

        assert [s.code for s in search(services, "bin not emptied")] == ["missed-bin"]

    def test_ranks_name_over_synonyms_over_description(self):
        services = [
            service("in-description", "Report litter", description="Graffiti and litter"),
            service("in-synonyms", "Report vandalism", synonyms=["graffiti"]),
            service("in-name", "Report graffiti"),
        ]

        found = [s.code for s in search(services, "graffiti")]

        assert found == ["in-name", "in-synonyms", "in-description"]

    def test_plurals_and_the_start_of_a_word_match(self):
        services = [service("graffiti", "Report graffiti"), service("bins", "Missed bin")]

        assert [s.code for s in search(services, "graff")] == ["graffiti"]
        assert [s.code for s in search(services, "Bins")] == ["bins"]

    def test_small_words_alone_find_nothing(self):
        assert search([service("x", "The thing is not there")], "the is not") == []


class TestFindPage:
    def test_bin_not_emptied_finds_the_missed_bin_service_first(self, client, cambridge):
        html = html_of(client.get("/services/", {"q": "bin not emptied"}))

        assert "<title>Services matching “bin not emptied” \N{EN DASH} Commonweal</title>" in html
        first = html.index('href="/services/missed-bin/"')
        assert all(
            first < html.index(f'href="/services/{code}/"')
            for code in ("bulky-waste", "pothole")
            if f'href="/services/{code}/"' in html
        )
        assert 'value="bin not emptied"' in html

    def test_says_when_nothing_matches(self, client, cambridge):
        html = html_of(client.get("/services/", {"q": "zeppelin"}))

        assert "No services found" in html
        assert "Nothing matches “zeppelin”" in html

    def test_browses_services_by_topic(self, client, cambridge):
        html = html_of(client.get("/services/"))

        assert "<title>Find a service \N{EN DASH} Commonweal</title>" in html
        assert '<h3 class="govuk-heading-m">Highways and roads</h3>' in html
        assert '<h3 class="govuk-heading-m">Waste collection</h3>' in html
        highways = html.index("Highways and roads</h3>")
        assert highways < html.index('href="/services/pothole/"')

    def test_lists_only_services_someone_runs(self, client, reference_data):
        html = html_of(client.get("/services/"))

        assert 'href="/services/pothole/"' not in html
        assert "No services can be asked for on Commonweal yet." in html


class TestStartPage:
    def test_says_what_it_is_for_what_is_asked_and_what_happens_next(self, client, cambridge):
        html = html_of(client.get("/services/pothole/"))

        assert "<title>Report a pothole \N{EN DASH} Commonweal</title>" in html
        assert "Tell us about a hole or a broken surface in a road" in html
        assert "<li>Is it in the road, the pavement or a cycle lane?</li>" in html
        assert "<li>About how deep is it, in centimetres? (optional)</li>" in html
        assert "<li>Received</li>" in html and "<li>Repair booked</li>" in html
        assert "Closed: Fixed, or No repair needed, or Already reported" in html
        assert "within 10 working days, or 1 working day if it is urgent" in html
        assert 'href="/services/pothole/ask/"' in html and "Start now" in html
        assert '<a class="govuk-breadcrumbs__link" href="/services/">Find a service</a>' in html

    def test_a_service_nobody_runs_says_so_without_a_start_button(self, client, reference_data):
        html = html_of(client.get("/services/pothole/"))

        assert "No council or organisation takes requests for this service" in html
        assert "Start now" not in html

    def test_an_unknown_service_is_not_found(self, client, cambridge):
        assert client.get("/services/teleport/").status_code == 404
