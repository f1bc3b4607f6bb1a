"""What generating cases for each live offering needs, read once from the database.

Its workflow's paths from the initial state, its deadlines, its channels and priorities
as cumulative weights, its organisation's caseworkers and points inside its area.
"""

import random
from collections import deque
from dataclasses import dataclass, field
from itertools import accumulate

import shapely
from shapely.geometry import shape

from commonweal.cases.models import Channel
from commonweal.demo import seasons
from commonweal.organisations.models import Area, Membership, Role
from commonweal.services import definitions
from commonweal.services.models import ServiceOffering

__all__ = ["Offering", "live_offerings"]

CHANNELS = {"web": 58, "phone": 20, "email": 8, "open311": 7, "in-person": 3, "api": 2, "import": 2}
BY_PHONE = {"web": 35, "phone": 40, "email": 10, "open311": 2, "in-person": 13}
CHANNELS_FOR = {"home-adaptation-assessment": BY_PHONE, "noise-complaint": BY_PHONE}
PRIORITIES = {"normal": 70, "high": 15, "low": 10, "urgent": 5}
POINTS = 400  # per organisation, each used with a little jitter
PHRASES = {
    "pothole": ["Deep pothole", "Road surface breaking up", "Hole in the cycle lane"],
    "street-light": ["Street light out", "Lamp flickering all night", "Lamp post leaning"],
    "blocked-drain": ["Drain blocked, road floods", "Gully full of leaves"],
    "overgrown-vegetation": ["Hedge over the pavement", "Trees hiding the road sign"],
    "missed-bin": ["Bin not emptied", "Recycling missed again", "Garden waste not collected"],
    "fly-tipping": ["Mattress dumped", "Bags of rubbish left", "Builders' rubble tipped"],
    "graffiti": ["Graffiti on the wall", "Tags on the bus shelter"],
    "dog-fouling": ["Dog mess on the path", "Dog fouling on the grass"],
    "noise-complaint": ["Loud music at night", "Barking dog all day", "Noisy party"],
    "bulky-waste": ["Sofa to collect", "Old fridge and a mattress"],
    "abandoned-vehicle": ["Car untaxed for weeks", "Van with flat tyres"],
}
GENERIC = ["Please look at this", "Problem reported"]


@dataclass
class Offering:
    """What generating a case of one live offering needs, read once."""

    pk: int
    definition_id: int
    organisation_id: int
    team_id: int | None
    code: str
    nation: str
    scale: float
    initial: str
    paths: dict[str, list[tuple[str, str, str, str]]]  # state -> (id, label, from, to) steps
    open_states: list[str]
    closing: list[str]
    closing_cum: list[float]
    priorities: list[str]
    priority_cum: list[float]
    working_days: dict[str, int]
    channels: list[str]
    channel_cum: list[float]
    hour_cum: list[float]
    reopen: tuple[frozenset[str], str, int] | None  # from, to, within days
    reclose: tuple[str, str, str, str] | None  # the first close after a reopening
    staff: list[int]
    points: list[tuple[float, float]]
    phrases: list[str]
    day_weights: list[float] = field(default_factory=list)


def _paths(workflow) -> dict[str, list[tuple[str, str, str, str]]]:
    """The shortest run of transitions from the initial state to each state."""
    found: dict[str, list] = {workflow.initial: []}
    waiting = deque([workflow.initial])
    while waiting:
        state = waiting.popleft()
        for move in workflow.transitions:
            if state in move.from_states and move.to not in found:
                found[move.to] = [*found[state], (move.id, move.label, state, move.to)]
                waiting.append(move.to)
    return found


def _points(organisation_id: int, rng: random.Random) -> list[tuple[float, float]]:
    """Points inside the organisation's area (none when it has no area)."""
    area = Area.objects.filter(organisation_id=organisation_id).first()
    if area is None:
        return []
    geometry = shape(area.geometry)
    shapely.prepare(geometry)
    west, south, east, north = geometry.bounds
    points: list[tuple[float, float]] = []
    for _ in range(POINTS * 50):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if shapely.contains_xy(geometry, lon, lat):
            points.append((round(lat, 6), round(lon, 6)))
            if len(points) == POINTS:
                break
    return points


def _cumulative(table: dict[str, int], allowed) -> tuple[list[str], list[float]]:
    names = [name for name in table if name in allowed]
    return names, list(accumulate(float(table[name]) for name in names))


def live_offerings(rng: random.Random) -> list[Offering]:
    """Every live offering, in id order, with what generating its cases needs."""
    rows = ServiceOffering.objects.filter(live=True).select_related("organisation", "definition")
    staff: dict[int, list[int]] = {}
    points: dict[int, list[tuple[float, float]]] = {}
    found = []
    for row in rows.order_by("pk"):
        organisation = row.organisation
        if organisation.pk not in staff:
            staff[organisation.pk] = list(
                Membership.objects.filter(
                    organisation=organisation, role__in=[Role.CASEWORKER, Role.SERVICE_OWNER]
                )
                .order_by("user_id")
                .values_list("user_id", flat=True)
                .distinct()
            )
            points[organisation.pk] = _points(organisation.pk, rng)
        definition = definitions.effective_definition(row)
        workflow = definition.workflow
        paths = _paths(workflow)
        closes = {state.id for state in workflow.states if state.closes and state.id in paths}
        closing = [state.id for state in workflow.states if state.id in closes]
        priorities, priority_cum = _cumulative(PRIORITIES, definition.sla.working_days)
        channels, channel_cum = _cumulative(CHANNELS_FOR.get(row.service_code, CHANNELS), Channel)
        rule = workflow.reopen
        reclose = None
        if rule:
            reclose = next(
                (
                    (move.id, move.label, rule.to, move.to)
                    for move in workflow.transitions
                    if rule.to in move.from_states and move.to in closes
                ),
                None,
            )
        found.append(
            Offering(
                pk=row.pk,
                definition_id=row.definition_id,
                organisation_id=organisation.pk,
                team_id=row.team_id,
                code=row.service_code,
                nation=organisation.nation or "england",
                scale=seasons.offering_scale(code=row.service_code, kind=organisation.kind),
                initial=workflow.initial,
                paths=paths,
                open_states=[s for s in paths if s not in closes],
                closing=closing,
                closing_cum=list(accumulate(3.0 if i == 0 else 1.0 for i in range(len(closing)))),
                priorities=priorities or [definition.sla.default_priority],
                priority_cum=priority_cum or [1.0],
                working_days=dict(definition.sla.working_days),
                channels=channels,
                channel_cum=channel_cum,
                hour_cum=list(accumulate(seasons.hour_weights(row.service_code))),
                reopen=(frozenset(rule.from_states), rule.to, rule.within_days) if rule else None,
                reclose=reclose,
                staff=staff[organisation.pk],
                points=points[organisation.pk],
                phrases=PHRASES.get(row.service_code, GENERIC),
            )
        )
    return found
