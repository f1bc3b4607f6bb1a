"""The dashboard pages through the test client: who sees which dashboard (404 for the rest),
what each shows, the period chosen, and each chart's CSV download."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonweal.insight.tests.dashboard_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def get(client, user, path: str):
    client.force_login(user)
    return client.get(path)


def text(response) -> str:
    return response.content.decode()


def test_signing_in_is_needed(client, world):
    response = client.get("/insight/dashboards/fenland/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_member_sees_the_organisation_dashboard(client, world):
    response = get(client, world.fenland_staff, "/insight/dashboards/fenland/")

    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-xl">Fenland District Council</h1>' in page
    assert "Headline figures" in page
    assert "Requests by month" in page and "Requests by service" in page
    assert "Requests by channel" in page
    assert "Compared with similar organisations" in page
    assert page.count('role="img"') >= 8
    assert ">Dashboards</a>" in page  # in the staff navigation
    assert 'href="/insight/dashboards/fenland/services/pothole/?period=12-months"' in page


def test_peers_are_anonymous(client, world):
    page = text(get(client, world.fenland_staff, "/insight/dashboards/fenland/"))

    for other in ("Huntingdonshire", "East Cambridgeshire", "Wyre Forest"):
        assert other not in page
    assert "Quartiles of 4 organisations of the same kind" in page


@pytest.mark.parametrize(
    "path",
    [
        "/insight/dashboards/fenland/",
        "/insight/dashboards/fenland/services/pothole/",
        "/insight/dashboards/fenland/?chart=requests-trend&format=csv",
        "/insight/dashboards/partnerships/fens/",
        "/insight/dashboards/areas/cambridgeshire/",
        "/insight/dashboards/platform/",
    ],
)
def test_other_organisations_dashboards_do_not_exist_for_strangers(client, world, path):
    assert get(client, world.wyre_staff, path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/insight/dashboards/nowhere/",
        "/insight/dashboards/fenland/services/missed-bin/",
        "/insight/dashboards/partnerships/nowhere/",
        "/insight/dashboards/areas/wyre/",  # no organisation inside it: no area
        "/insight/dashboards/fenland/?chart=no-such-chart&format=csv",
    ],
)
def test_what_does_not_exist_answers_404(client, world, path):
    assert get(client, world.admin, path).status_code == 404


def test_a_partnership_dashboard_is_for_members_of_its_organisations(client, world):
    page = text(get(client, world.hunts_staff, "/insight/dashboards/partnerships/fens/"))

    assert "Fens Highways Partnership" in page
    assert "Requests by organisation" in page
    assert "Compared with similar organisations" not in page
    assert "Fenland District Council" in page and "Huntingdonshire District Council" in page
    assert "East Cambridgeshire" not in page
    assert get(client, world.ely_staff, "/insight/dashboards/partnerships/fens/").status_code == 404


def test_an_area_dashboard_covers_the_county_and_its_districts(client, world):
    response = get(client, world.ely_staff, "/insight/dashboards/areas/cambridgeshire/")

    page = text(response)
    assert "Cambridgeshire County Council area" in page
    for name in ("Fenland", "Huntingdonshire", "East Cambridgeshire"):
        assert f"{name} District Council" in page
    assert "Wyre Forest" not in page
    assert (
        get(client, world.county_staff, "/insight/dashboards/areas/cambridgeshire/").status_code
        == 200
    )


def test_a_member_of_one_district_does_not_see_another(client, world):
    assert get(client, world.hunts_staff, "/insight/dashboards/fenland/").status_code == 404
    assert get(client, world.hunts_staff, "/insight/dashboards/hunts/").status_code == 200


def test_a_short_period_is_drawn_by_week(client, world):
    page = text(get(client, world.fenland_staff, "/insight/dashboards/fenland/?period=30-days"))

    assert "Requests by week" in page and "Week beginning" in page
    assert "compared with the 30 days before" in page


def test_the_platform_dashboard_is_for_platform_administrators(client, world):
    assert get(client, world.admin, "/insight/dashboards/platform/").status_code == 200
    assert get(client, world.county_staff, "/insight/dashboards/platform/").status_code == 404


def test_the_list_shows_each_person_their_dashboards(client, world):
    page = text(get(client, world.fenland_staff, "/insight/dashboards/"))

    assert "/insight/dashboards/fenland/" in page
    assert "/insight/dashboards/partnerships/fens/" in page
    assert "/insight/dashboards/areas/cambridgeshire/" in page
    assert "/insight/dashboards/hunts/" not in page and "platform" not in page.lower()

    resident = text(get(client, world.resident, "/insight/dashboards/"))
    assert "There is no dashboard for you to see" in resident


def test_a_platform_administrator_sees_every_dashboard_in_the_list(client, world):
    page = text(get(client, world.admin, "/insight/dashboards/"))

    for path in ("platform/", "fenland/", "wyre/", "partnerships/fens/", "areas/cambridgeshire/"):
        assert f"/insight/dashboards/{path}" in page
    assert "/insight/dashboards/areas/wyre/" not in page


def test_the_headlines_compare_with_the_previous_period(client, world):
    page = text(get(client, world.fenland_staff, "/insight/dashboards/fenland/?period=12-months"))

    # 7 requests in the last 12 months, 2 in the 12 months before.
    assert "Requests and how they were dealt with" in page
    assert ">7</span>" in page
    assert "Up 250%" in page


def test_a_service_dashboard(client, world):
    response = get(client, world.fenland_staff, "/insight/dashboards/fenland/services/pothole/")

    page = text(response)
    assert response.status_code == 200
    assert "Report a pothole, Fenland District Council</h1>" in page
    assert "Service dashboard" in page
    assert ">7</span>" in page
    assert "Requests by service" not in page and "Compared with similar" not in page


def test_a_custom_period_is_checked(client, world):
    query = "period=custom&from-day=1&from-month=6&from-year=2026&to-day=1&to-month=5&to-year=2026"

    response = get(client, world.fenland_staff, f"/insight/dashboards/fenland/?{query}")

    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert 'href="#to-day">The end date must be after the start date' in page
    assert 'value="2026"' in page  # what was entered is kept


def test_a_chart_downloads_as_csv(client, world):
    response = get(
        client,
        world.fenland_staff,
        "/insight/dashboards/fenland/?period=12-months&chart=requests-by-channel&format=csv",
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'attachment; filename="fenland-district-council-requests-by-channel-'
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Channel", "key", "Requests (number)"]
    assert {row[0]: row[2] for row in rows[1:]} == {"E-mail": "1", "Phone": "2", "Web": "4"}


def test_the_trend_csv_has_a_row_a_month(client, world):
    response = get(
        client, world.fenland_staff, "/insight/dashboards/fenland/?chart=requests-trend&format=csv"
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Month"
    assert len(rows) - 1 in (12, 13)
    assert sum(int(row[2] or 0) for row in rows[1:]) == 7
    assert all(len(row[1]) == 10 for row in rows[1:])  # ISO dates


@pytest.mark.parametrize(
    "path",
    [
        "/insight/dashboards/fenland/",
        "/insight/dashboards/fenland/services/pothole/",
        "/insight/dashboards/areas/cambridgeshire/",
    ],
)
def test_dashboards_read_rollups_never_cases(client, world, path):
    client.force_login(world.admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200

    assert not [q["sql"] for q in queries if '"cases_case"' in q["sql"]]
    assert any("insight_" in q["sql"] for q in queries)
