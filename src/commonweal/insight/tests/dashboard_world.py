"""A small world for the dashboard tests: a county with three districts inside it, a district
elsewhere, a partnership of two districts, and potholes reported and closed over two years
through the cases app's own functions, then caught up into the rollups."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commons.models import Partnership, PartnershipMember
from commonweal.insight import rollups
from commonweal.insight.tests.factories import LONDON, close, pothole_council, rate, report
from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import MembershipFactory

# Days ago that cases were reported, with the channel and the days taken to close (None: open).
FENLAND_CASES = [
    (3, "web", None), (12, "phone", 2), (25, "web", 5), (50, "email", 9),
    (120, "web", 1), (200, "phone", 30), (300, "web", 4),
    (400, "phone", 20), (500, "phone", None),
]  # fmt: skip
OTHERS = [(10, "web", 3), (60, "phone", 12), (150, "web", 6), (420, "web", 8)]


def days_ago(days: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return datetime.combine(day, time(10, 0), tzinfo=LONDON)


def _council(name: str, slug: str, kind: str):
    council = pothole_council(name, kind)
    council.organisation.slug = slug
    council.organisation.save(update_fields=["slug"])
    return council


def _cases(council, plan) -> list:
    made = []
    for ago, channel, took in plan:
        case = report(council, when=days_ago(ago), channel=channel)
        if took is not None and took < ago:
            case = close(council, case, when=days_ago(ago - took))
        made.append(case)
    return made


def make_world() -> SimpleNamespace:
    county = _council("Cambridgeshire County Council", "cambridgeshire", Kind.COUNTY)
    fenland = _council("Fenland District Council", "fenland", Kind.DISTRICT)
    hunts = _council("Huntingdonshire District Council", "hunts", Kind.DISTRICT)
    ely = _council("East Cambridgeshire District Council", "ely", Kind.DISTRICT)
    wyre = _council("Wyre Forest District Council", "wyre", Kind.DISTRICT)
    for district in (fenland, hunts, ely):
        district.organisation.parents.add(county.organisation)
    partnership = Partnership.objects.create(name="Fens Highways Partnership", slug="fens")
    for member in (fenland, hunts):
        PartnershipMember.objects.create(partnership=partnership, organisation=member.organisation)
    fenland_cases = _cases(fenland, FENLAND_CASES)
    rate(fenland_cases[1], score=4, when=days_ago(9))
    for other in (hunts, ely, wyre, county):
        _cases(other, OTHERS)
    rollups.catch_up()
    admin = UserFactory(email="admin@platform.example", is_superuser=True, is_staff=True)
    return SimpleNamespace(
        county=county.organisation,
        fenland=fenland.organisation,
        hunts=hunts.organisation,
        ely=ely.organisation,
        wyre=wyre.organisation,
        partnership=partnership,
        fenland_staff=MembershipFactory(
            organisation=fenland.organisation, role=Role.EXECUTIVE
        ).user,
        hunts_staff=hunts.caseworker,
        ely_staff=ely.caseworker,
        wyre_staff=wyre.caseworker,
        county_staff=county.caseworker,
        resident=UserFactory(),
        admin=admin,
    )
