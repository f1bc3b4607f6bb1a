"""A small demo world for the accessibility tests: the demo area and people, a few cases
reported, closed and rated through the cases app's own functions, an import checked, and
the rollups caught up, so that every page has something on it."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases import feedback, intake, lifecycle
from commonweal.commissioning.models import Contract, Supplier
from commonweal.commons.models import Adoption, Asset, Partnership
from commonweal.demo.content import create_demo
from commonweal.insight import rollups
from commonweal.insight.import_models import ImportRun
from commonweal.organisations.models import Membership, Organisation, Role
from commonweal.strategy.framework import load_framework
from commonweal.strategy.measures import MEASURES
from commonweal.strategy.models import Assessment, Initiative

SPOT = {"lat": 52.2053, "lon": 0.1218}  # Parker's Piece, Cambridge
IMPORT_CSV = (
    "Ref,Type,Opened,Closed,Status,Notes\n"
    "OLD-1,Pothole,03/02/2026 09:14,12/02/2026 15:30,Done,Deep hole\n"
)
IMPORT_MAPPING = """
columns: {reference: Ref, category: Type, opened: Opened, closed: Closed, status: Status,
          description: Notes}
categories: {Pothole: pothole}
statuses: {Open: open, Done: closed}
"""


def _report(organisation: Organisation, resident: User, days_ago: int):
    return intake.submit(
        service_code="pothole",
        answers={"location": SPOT, "position": "road", "dangerous": False, "depth_cm": "5"},
        channel="web",
        organisation=organisation,
        address="Parker's Piece, Cambridge",
        reporter=intake.ReporterDetails(name="Ada Resident", email=resident.email, user=resident),
        now=timezone.now() - timedelta(days=days_ago),
    )


def build() -> SimpleNamespace:
    call_command("load_reference", verbosity=0, stdout=StringIO())
    create_demo()
    people = {user.email: user for user in User.objects.all()}
    county = Organisation.objects.get(slug="cambridgeshire")
    cambridge = Organisation.objects.get(slug="cambridge")
    caseworker = people["caseworker@cambridgeshire.example.org"]
    resident = UserFactory(email="ada@example.net", full_name="Ada Resident")
    cases = [_report(county, resident, days) for days in (40, 20, 3)]
    closed = lifecycle.transition(
        case=cases[0],
        transition="no-action",
        actor=caseworker,
        expected_version=cases[0].version,
        public_note="Nothing to repair.",
    )
    feedback.rate(case=closed, user=resident, score=4)
    rollups.catch_up()
    two_hats = UserFactory(email="two-hats@example.org", full_name="Lee Two-Hats")
    for organisation in (county, cambridge):
        Membership.objects.create(user=two_hats, organisation=organisation, role=Role.EXECUTIVE)
    orgadmin = people["orgadmin@cambridgeshire.example.org"]
    client = Client()
    client.force_login(orgadmin)
    client.post(
        reverse("insight:imports"),
        {
            "file": SimpleUploadedFile("old.csv", IMPORT_CSV.encode(), "text/csv"),
            "mapping": SimpleUploadedFile("mapping.yaml", IMPORT_MAPPING.encode()),
        },
    )
    client.force_login(people["ceo@cambridgeshire.example.org"])
    client.post(reverse("strategy:assessment-start", kwargs={"slug": county.slug}))
    return SimpleNamespace(
        county=county,
        cambridge=cambridge,
        resident=resident,
        people=people,
        admin=people["admin@example.org"],
        case=cases[1],
        closed=closed,
        import_run=ImportRun.objects.first(),
        partnership=Partnership.objects.filter(members=county).order_by("slug").first(),
        asset=Asset.objects.filter(owner_organisation=county).order_by("slug").first(),
        adoption=Adoption.objects.filter(organisation=county).order_by("pk").first(),
        contract=Contract.objects.filter(organisation=county).order_by("pk").first(),
        supplier=Supplier.objects.order_by("pk").first(),
        assessment=Assessment.objects.filter(organisation=county).order_by("pk").first(),
        started=Assessment.objects.get(organisation=county, status="in-progress"),
        initiative=Initiative.objects.filter(lead_organisation=county).order_by("pk").first(),
        theme=load_framework().themes[0].key,
        measure=next(iter(MEASURES)),
    )


WHO = {
    "resident": "ada@example.net",
    "admin": "admin@example.org",
    "caseworker": "caseworker@cambridgeshire.example.org",
    "orgadmin": "orgadmin@cambridgeshire.example.org",
    "commissioner": "commissioner@cambridgeshire.example.org",
    "executive": "ceo@cambridgeshire.example.org",
    "two-hats": "two-hats@example.org",
}
POTHOLE_STEPS = [
    ("location", {"action": "continue", "lat": "52.2053", "lon": "0.1218"}),
    ("questions", {"q-position": "road", "q-dangerous": "no", "q-depth_cm": "3"}),
    ("contact", {"name": "Ada Lovelace", "email": "ada@example.net"}),
]


def sessions(world: SimpleNamespace) -> dict[str, str | None]:
    """A session cookie for each kind of visitor of PAGES (None: signed out)."""
    found: dict[str, str | None] = {"anonymous": None, "keyboard": None}
    for key, email in WHO.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        found[key] = client.cookies["sessionid"].value
    # Residents part of the way through reporting a pothole, and one who has sent it.
    for key, steps, send in (
        ("located", 1, False),
        ("answered", 2, False),
        ("drafting", 3, False),
        ("sent", 3, True),
    ):
        client = Client()
        for step, data in POTHOLE_STEPS[:steps]:
            response = client.post(f"/services/pothole/ask/{step}/", data)
            assert response.status_code == 302, (step, response.content.decode()[:3000])
        if send:
            assert client.post("/services/pothole/ask/check/").status_code == 302
        found[key] = client.cookies["sessionid"].value
    return found
