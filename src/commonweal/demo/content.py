"""Deterministic demonstration content: a two-tier county area and its neighbours.

Built on the reference data (load it first). Running it again changes nothing and
creates nobody twice; passwords are set only for people it creates.
"""

import secrets
from dataclasses import dataclass, field

from django.db import transaction
from shapely.geometry import shape

from commonweal.accounts.models import User
from commonweal.demo.commissioning import create_demo_contracts
from commonweal.demo.commons import create_demo_commons
from commonweal.demo.offerings import run_demo_offerings
from commonweal.demo.strategy_assessments import create_demo_assessments
from commonweal.demo.strategy_route import create_demo_route
from commonweal.organisations.models import Area, Kind, Membership, Nation, Organisation, Role, Team
from commonweal.organisations.reference_areas import union

COUNTY_GSS = "E10000003"  # Cambridgeshire County Council
DISTRICT_GSS = ["E07000008", "E07000009", "E07000010", "E07000011", "E07000012"]
UNITARY_GSS = "E06000031"  # Peterborough City Council
NHS_TRUST_ODS = "RGT"  # Cambridge University Hospitals NHS Foundation Trust
CAMBRIDGE_GSS = "E07000008"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    organisation: str  # GSS code, ODS code or slug
    role: str | None
    job_title: str = ""
    team: str | None = None


PEOPLE = [
    DemoPerson("admin@example.org", "Pat Admin", "", None, "Platform administrator"),
    DemoPerson(
        "ceo@cambridgeshire.example.org",
        "Alex Moreno",
        COUNTY_GSS,
        Role.EXECUTIVE,
        "Chief executive",
    ),
    DemoPerson(
        "finance@cambridgeshire.example.org",
        "Sam Okafor",
        COUNTY_GSS,
        Role.EXECUTIVE,
        "Finance director",
    ),
    DemoPerson(
        "cio@cambridgeshire.example.org",
        "Jo Lindqvist",
        COUNTY_GSS,
        Role.EXECUTIVE,
        "Chief information officer",
    ),
    DemoPerson(
        "orgadmin@cambridgeshire.example.org",
        "Chris Doyle",
        COUNTY_GSS,
        Role.ADMIN,
        "Digital services manager",
    ),
    DemoPerson(
        "commissioner@cambridgeshire.example.org",
        "Ruth Achebe",
        COUNTY_GSS,
        Role.COMMISSIONER,
        "Head of procurement",
    ),
    DemoPerson(
        "caseworker@cambridgeshire.example.org",
        "Dev Patel",
        COUNTY_GSS,
        Role.CASEWORKER,
        "Highways officer",
        "Highways",
    ),
    DemoPerson(
        "caseworker@cambridge.example.org",
        "Mia Evans",
        CAMBRIDGE_GSS,
        Role.CASEWORKER,
        "Streets officer",
        "Waste and streets",
    ),
    DemoPerson(
        "service-owner@cambridge.example.org",
        "Tom Hughes",
        CAMBRIDGE_GSS,
        Role.SERVICE_OWNER,
        "Head of environmental services",
        "Waste and streets",
    ),
]

TEAMS = {COUNTY_GSS: ["Highways", "Customer services"], CAMBRIDGE_GSS: ["Waste and streets"]}


@dataclass
class DemoResult:
    created_people: dict[str, str] = field(default_factory=dict)  # e-mail → password
    existing_people: list[str] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    offerings_made: int = 0
    assets_made: int = 0
    contracts_made: int = 0


class MissingReferenceData(RuntimeError):
    pass


def _by_code(code: str) -> Organisation:
    org = (
        Organisation.objects.filter(gss_code=code).first()
        or Organisation.objects.filter(ods_code=code).first()
        or Organisation.objects.filter(slug=code).first()
    )
    if org is None:
        raise MissingReferenceData(
            f"No organisation with code {code}: run `commonweal load-reference` first."
        )
    return org


def _fire_and_rescue(county: Organisation, unitary: Organisation) -> Organisation:
    fire, _ = Organisation.objects.update_or_create(
        slug="cambridgeshire-fire-and-rescue",
        defaults={
            "name": "Cambridgeshire Fire and Rescue Service",
            "kind": Kind.FIRE_AND_RESCUE,
            "nation": Nation.ENGLAND,
            "website": "https://www.cambsfire.gov.uk/",
        },
    )
    served = union([shape(county.area.geometry), shape(unitary.area.geometry)])
    area = Area.objects.filter(organisation=fire).first()
    if area is None or area.geometry != served.geojson:
        Area.objects.update_or_create(
            organisation=fire,
            defaults={
                "geometry": served.geojson,
                "source": Area.Source.MANUAL,
                "area_km2": served.area_km2,
            },
        )
    return fire


def _voluntary() -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        slug="cam-valley-community-network",
        defaults={
            "name": "Cam Valley Community Network (demonstration)",
            "kind": Kind.VOLUNTARY,
            "nation": Nation.ENGLAND,
            "contact_email": "hello@camvalley.example.org",
        },
    )
    return org


def _person(person: DemoPerson, result: DemoResult, reset_passwords: bool) -> None:
    user = User.objects.filter(email=person.email).first()
    if user is None or reset_passwords:
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(email=person.email, full_name=person.full_name)
        user.set_password(password)
        result.created_people[person.email] = password
    else:
        result.existing_people.append(person.email)
    if not person.organisation:
        user.is_staff = user.is_superuser = True
    user.full_name = person.full_name
    user.save()
    if person.organisation and person.role:
        membership, _ = Membership.objects.update_or_create(
            user=user,
            organisation=_by_code(person.organisation),
            role=person.role,
            defaults={"job_title": person.job_title},
        )
        if person.team:
            membership.teams.add(
                Team.objects.get(organisation=membership.organisation, name=person.team)
            )


@transaction.atomic
def create_demo(*, reset_passwords: bool = False) -> DemoResult:
    """Create (or bring up to date) the demo organisations, teams, people and commons."""
    result = DemoResult()
    county = _by_code(COUNTY_GSS)
    unitary = _by_code(UNITARY_GSS)
    districts = [_by_code(code) for code in DISTRICT_GSS]
    result.organisations = [county, *districts, unitary, _by_code(NHS_TRUST_ODS)]
    result.organisations += [_fire_and_rescue(county, unitary), _voluntary()]
    for code, names in TEAMS.items():
        for name in names:
            Team.objects.get_or_create(organisation=_by_code(code), name=name)
    for person in PEOPLE:
        _person(person, result, reset_passwords)
    result.offerings_made = run_demo_offerings(councils=[county, *districts, unitary])
    admin = User.objects.get(email=PEOPLE[0].email)
    result.assets_made = create_demo_commons(actor=admin, organisation=_by_code)
    by_code = {code: _by_code(code) for code in [COUNTY_GSS, *DISTRICT_GSS, UNITARY_GSS]}
    by_code |= {org.slug: org for org in result.organisations[-2:]}
    by_code[NHS_TRUST_ODS] = _by_code(NHS_TRUST_ODS)
    result.contracts_made = create_demo_contracts(by_code=by_code)
    create_demo_route(by_code=by_code)
    create_demo_assessments(by_code=by_code)
    return result
