"""No reporter's name, e-mail address or phone number in any open-data file or public page.

Residents report through the portal's own pages (and one by phone, with a description that
names people, for a service that keeps descriptions private); the open-data files are made;
then every public output that lists reports is fetched and searched for their details.
"""

import pytest

from commonweal.cases import intake
from commonweal.cases.models import Case
from commonweal.demo.offerings import run_demo_offerings
from commonweal.insight import open_data
from commonweal.organisations.models import Organisation, Role
from commonweal.organisations.tests.factories import MembershipFactory
from commonweal.portal.tests.flows import ask, close_pothole

pytestmark = pytest.mark.django_db

HERE = {"lat": "52.2053", "lon": "0.1218"}
RESIDENTS = [
    {"name": "Philomena Quackenbush", "email": "pq@example.net", "phone": "01632 960 417"},
    {"name": "Ignatius Fairweather-Oduya", "email": "ifo@example.org", "phone": "07700 900 862"},
]
CALLER = {"name": "Thaddeus Wolstenholme", "email": "", "phone": "+44 1632 960 593"}


def personal_strings() -> list[str]:
    """Each detail as typed, and the forms it could be shown in."""
    found = []
    for person in [*RESIDENTS, CALLER]:
        found += [person["name"], *person["name"].split()]
        if person["email"]:
            found += [person["email"], person["email"].split("@")[0]]
        digits = "".join(ch for ch in person["phone"] if ch.isdigit())
        found += [person["phone"], digits, digits[-6:]]
    return [text for text in found if len(text) > 3]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reported(client, reference_data) -> list[Case]:
    """Two residents report on the portal, a caller by phone; a pothole is fixed."""
    city = Organisation.objects.get(gss_code="E07000008")
    county = Organisation.objects.get(gss_code="E10000003")
    run_demo_offerings(councils=[city, county])
    ask(client, "pothole", details=RESIDENTS[0])
    ask(client, "missed-bin", details=RESIDENTS[1])
    noise = {"source": "music", "times": ["night"], "how_often": "often", "happening_now": False}
    intake.submit(
        service_code="noise-complaint",
        answers={**noise, "description": f"{CALLER['name']} says number 9 plays drums at 3am"},
        channel="phone",
        lat=52.2057,
        lon=0.1221,
        reporter=intake.ReporterDetails(name=CALLER["name"], phone=CALLER["phone"]),
        organisation=city,
    )
    staff = MembershipFactory(organisation=county, role=Role.CASEWORKER).user
    close_pothole(Case.objects.get(definition__code="pothole"), staff)
    cases = list(Case.objects.select_related("reporter", "organisation"))
    assert len(cases) == 3
    assert {case.reporter.name for case in cases} == {p["name"] for p in [*RESIDENTS, CALLER]}
    return cases


def public_outputs(client, cases: list[Case]) -> dict[str, str]:
    """Every public page and file that shows these cases, by address."""
    slugs = {case.organisation.slug for case in cases}
    paths = ["/open-data/", "/open311/v2/requests.json", "/open311/v2/requests.xml"]
    paths += [f"/open-data/{slug}/cases.{fmt}" for slug in slugs for fmt in ("csv", "json")]
    paths += [f"/reports/?{'&'.join(f'{k}={v}' for k, v in HERE.items())}"]
    paths += [f"/reports.geojson?{'&'.join(f'{k}={v}' for k, v in HERE.items())}"]
    for case in cases:
        paths += [f"/track/{case.reference}/", f"/open311/v2/requests/{case.reference}.json"]
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[path] = body.decode("utf-8-sig")
    return found


def test_no_public_output_carries_a_reporters_details(client, reported):
    made = open_data.make_all()
    assert sum(each.rows for each in made) == 3
    client.logout()  # the residents' session is gone: the public sees what anyone sees

    outputs = public_outputs(client, reported)

    for case in reported:  # the outputs do show the cases, so the search means something
        assert any(case.reference in text for text in outputs.values()), case.reference
    leaks = [
        (path, text)
        for path, body in outputs.items()
        for text in personal_strings()
        if text.lower() in body.lower()
    ]
    assert leaks == []


def test_a_private_description_that_names_someone_stays_out_of_open_data(client, reported):
    open_data.make_all()

    for slug in {case.organisation.slug for case in reported}:
        for fmt in ("csv", "json"):
            body = b"".join(client.get(f"/open-data/{slug}/cases.{fmt}").streaming_content)
            assert b"drums" not in body
