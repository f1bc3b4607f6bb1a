"""A route for Cambridgeshire County Council: its key players and six initiatives, 2025 to 2029.

The county's chief executive, finance director and CIO (demo people) are its key players.
The initiatives cover several themes, name districts and other local bodies as partners,
and link the demo contracts and commons assets they concern. One is late (a milestone
falls overdue six weeks before the demo is prepared, whatever the date) and one has no
owner. Milestones already past are marked done, except the late one.

Written through `strategy.route` and `strategy.key_players` as the platform administrator;
an initiative the county already has (by title) is left as it is, so running again adds
nothing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.commissioning.models import Contract
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation
from commonweal.strategy import key_players, route
from commonweal.strategy.models import Initiative, KeyPlayer, KeyPlayerRole

COUNTY, CAMBRIDGE, EAST_CAMBS, FENLAND, HUNTS, SOUTH_CAMBS = (
    "E10000003", "E07000008", "E07000009", "E07000010", "E07000011", "E07000012",
)  # fmt: skip
PETERBOROUGH, CUH, FIRE = "E06000031", "RGT", "cambridgeshire-fire-and-rescue"
KEY_PLAYERS = {
    "ceo@cambridgeshire.example.org": KeyPlayerRole.CHIEF_EXECUTIVE,
    "finance@cambridgeshire.example.org": KeyPlayerRole.FINANCE_DIRECTOR,
    "cio@cambridgeshire.example.org": KeyPlayerRole.CIO,
}
LATE = "late"  # a milestone due date meaning "six weeks before today"


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    themes: tuple[str, ...]
    owner: str | None  # a key-player role
    starts_on: date
    ends_on: date
    status: str = Initiative.Status.ACTIVE
    rag: str = Initiative.Rag.GREEN
    reason: str = ""
    partners: tuple[str, ...] = ()
    contracts: tuple[str, ...] = ()  # references
    assets: tuple[str, ...] = ()  # slugs or standard service codes
    cash: int | None = None
    other_benefits: str = ""
    description: str = ""
    milestones: tuple[tuple[str, date | str], ...] = field(default_factory=tuple)


INITIATIVES = [
    DemoInitiative(
        "Joint waste collection contract with the districts",
        ("strategic-commissioning", "collaborate"),
        KeyPlayerRole.FINANCE_DIRECTOR,
        date(2025, 4, 1),
        date(2028, 3, 31),
        partners=(CAMBRIDGE, SOUTH_CAMBS, EAST_CAMBS, FENLAND),
        contracts=("CCC-WM-2012", "CAM-ENV-014", "SCDC-W-2019-03", "ECDC/WASTE/21", "FDC-0093"),
        assets=("missed-bin", "collection-round-optimiser"),
        cash=650_000,
        other_benefits="One collection calendar for residents across the county.",
        description="Let one waste and recycling contract for the county and four districts "
        "as their current contracts end, with a shared specification and one supplier.",
        milestones=(
            ("Agree a joint specification", date(2025, 10, 31)),
            ("Publish the tender", date(2026, 9, 30)),
            ("Award the contract", date(2027, 6, 30)),
            ("First collections under the new contract", date(2028, 1, 10)),
        ),
    ),
    DemoInitiative(
        "Shared fleet maintenance with the fire service and the hospital trust",
        ("shared-services",),
        KeyPlayerRole.FINANCE_DIRECTOR,
        date(2025, 6, 1),
        date(2029, 3, 31),
        rag=Initiative.Rag.AMBER,
        reason="The fleet condition audit is behind: the fire service's vehicle records are "
        "being moved to a new system. A joint team is filling the gap.",
        partners=(FIRE, CUH),
        contracts=("CCC-FL-009", "CFRS-FLEET-2021", "CUH-PTS-118"),
        cash=240_000,
        description="One workshop contract for the county's, the fire service's and the trust's "
        "vehicles.",
        milestones=(("Fleet condition audit", LATE), ("Joint specification", date(2028, 3, 31))),
    ),
    DemoInitiative(
        "One digital front door for county and district services",
        ("redesign", "digital-inclusion"),
        KeyPlayerRole.CIO,
        date(2025, 9, 1),
        date(2029, 3, 31),
        partners=(CAMBRIDGE, HUNTS, FENLAND),
        assets=("residents-sign-in", "device-lending-toolkit"),
        other_benefits="Residents sign in once for any council service; help for those offline.",
        milestones=(
            ("Residents' sign-in live for the county", date(2026, 3, 31)),
            ("District services behind the same sign-in", date(2027, 9, 30)),
            ("Assisted digital support in every library", date(2028, 9, 30)),
        ),
    ),
    DemoInitiative(
        "Report highway faults on the standard definitions",
        ("infrastructure", "innovate"),
        KeyPlayerRole.CIO,
        date(2025, 1, 6),
        date(2025, 12, 19),
        status=Initiative.Status.COMPLETE,
        contracts=("CCC-HW-2019", "CCC-SL-2011"),
        assets=("pothole", "street-light", "highway-defect-risk-rules"),
        cash=12_000,
        milestones=(
            ("Potholes on the standard definition", date(2025, 5, 30)),
            ("Street lights on the standard definition", date(2025, 11, 28)),
        ),
    ),
    DemoInitiative(
        "Countywide information sharing agreement",
        ("information-governance", "governance"),
        None,
        date(2026, 1, 1),
        date(2027, 3, 31),
        partners=(CAMBRIDGE, EAST_CAMBS, FENLAND, HUNTS, SOUTH_CAMBS, PETERBOROUGH),
        other_benefits="Staff know what they may share, and residents tell their story once.",
        milestones=(
            ("Draft agreement to the partners", date(2026, 6, 30)),
            ("Signed by every partner", date(2027, 2, 26)),
        ),
    ),
    DemoInitiative(
        "Leadership for digital change",
        ("leadership", "organisational-change"),
        KeyPlayerRole.CHIEF_EXECUTIVE,
        date(2026, 4, 1),
        date(2029, 3, 31),
        other_benefits="Every senior manager able to lead a service redesign.",
        milestones=(
            ("First cohort of senior managers", date(2026, 9, 30)),
            ("Every directorate with a redesign under way", date(2028, 3, 31)),
        ),
    ),
]


def _key_players(admin, county: Organisation) -> dict[str, KeyPlayer]:
    for email, role in KEY_PLAYERS.items():
        user = User.objects.get(email=email)
        if not KeyPlayer.objects.filter(organisation=county, role=role).exists():
            key_players.assign_key_player(actor=admin, organisation=county, user=user, role=role)
    return {kp.role: kp for kp in KeyPlayer.objects.filter(organisation=county)}


def _due(when: date | str, item: DemoInitiative, today: date) -> date:
    if when != LATE:
        return when  # type: ignore[return-value]
    return min(max(today - timedelta(weeks=6), item.starts_on), item.ends_on)


def _make(item: DemoInitiative, *, admin, county, by_code, owners, today: date) -> None:
    initiative = route.create_initiative(
        actor=admin, organisation=county, title=item.title, themes=list(item.themes),
        description=item.description, owner=owners.get(item.owner) if item.owner else None,
        starts_on=item.starts_on, ends_on=item.ends_on,
        partners=[by_code[code] for code in item.partners],
        contracts=Contract.objects.filter(reference__in=item.contracts),
        assets=Asset.objects.filter(slug__in=item.assets)
        | Asset.objects.filter(service_code__in=item.assets, owner_organisation__isnull=True),
        annual_cash_benefit=Decimal(item.cash) if item.cash is not None else None,
        other_benefits=item.other_benefits,
    )  # fmt: skip
    for title, when in item.milestones:
        due = _due(when, item, today)
        milestone = route.add_milestone(actor=admin, initiative=initiative, title=title, due_on=due)
        if when != LATE and due < today:
            route.complete_milestone(actor=admin, milestone=milestone, done_on=due)
    route.set_status(
        actor=admin, initiative=initiative, status=item.status, rag=item.rag, reason=item.reason
    )


def create_demo_route(*, by_code: dict[str, Organisation], today: date | None = None) -> int:
    """Name the county's key players and add the initiatives not there yet; returns how many."""
    today = today or timezone.localdate()
    admin = User.objects.get(email="admin@example.org")
    county = by_code[COUNTY]
    owners = _key_players(admin, county)
    made = 0
    for item in INITIATIVES:
        if Initiative.objects.filter(lead_organisation=county, title=item.title).exists():
            continue
        _make(item, admin=admin, county=county, by_code=by_code, owners=owners, today=today)
        made += 1
    return made
