"""The location step: a typed latitude and longitude, or a place found by the geocoder,
routed at once to the organisation that looks after the service there.

The resident never picks a tier: `places.responsible` chooses among the organisations
covering the point the one that holds the service's function, and that organisation
must run the service live on Commonweal. Either failure is said on this step.
"""

import math
import re
from dataclasses import dataclass

from commonweal.contrib.geocoding import GeocodedPlace, get_geocoder
from commonweal.organisations import places
from commonweal.organisations.functions import FUNCTIONS
from commonweal.services import engine
from commonweal.services.models import ServiceOffering

MAX_CHOICES = 5
GEOCODER_LIMITS = (
    "This demonstration can only find council areas by name, such as Cambridge or Leeds. "
    "It does not know postcodes or street names yet."
)


class LocationProblem(ValueError):
    """A location that cannot be used: (field, message) pairs, the field being the input."""

    def __init__(self, *problems: tuple[str, str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in problems))


@dataclass(frozen=True)
class Routed:
    lat: float
    lon: float
    address: str
    organisation_id: int
    organisation: str
    organisation_slug: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def coordinates(lat_text: str, lon_text: str) -> tuple[float, float]:
    """The typed latitude and longitude as numbers, or LocationProblem naming the field.

    "52.2053, 0.1218" typed into the latitude field alone is taken as both.
    """
    lat_text, lon_text = lat_text.strip(), lon_text.strip()
    pair = re.fullmatch(r"(-?[\d.]+)\s*[,\s]\s*(-?[\d.]+)", lat_text)
    if pair and not lon_text:
        lat_text, lon_text = pair.groups()
    problems = [
        _coordinate_problem("lat", "latitude", lat_text, 90, "52.2053"),
        _coordinate_problem("lon", "longitude", lon_text, 180, "0.1218"),
    ]
    found = [problem for problem in problems if problem]
    if found:
        raise LocationProblem(*found)
    return float(lat_text), float(lon_text)


def _coordinate_problem(
    field: str, name: str, text: str, limit: int, example: str
) -> tuple[str, str] | None:
    if not text:
        return field, f"Enter the {name}, like {example}"
    try:
        value = float(text)
    except ValueError:
        return field, f"The {name} must be a number, like {example}"
    if not math.isfinite(value) or not -limit <= value <= limit:
        return field, f"The {name} must be between -{limit} and {limit}"
    return None


def find_places(query: str) -> list[GeocodedPlace]:
    """The places the geocoder finds for a name, or LocationProblem on the place field."""
    query = query.strip()
    if not query:
        raise LocationProblem(("place", "Enter a place name or postcode"))
    found = get_geocoder().search(query, limit=MAX_CHOICES)
    if not found:
        raise LocationProblem(
            (
                "place",
                f"No place called “{query[:100]}” was found. {GEOCODER_LIMITS} "
                "You can give the latitude and longitude instead.",
            )
        )
    return found


def places_or_none(query: str) -> list[GeocodedPlace]:
    try:
        return find_places(query)
    except LocationProblem:
        return []


def route(
    definition: engine.Definition, lat: float, lon: float, *, address: str = "", field: str = "lat"
) -> Routed:
    """The organisation that takes this service at the point, or LocationProblem saying why."""
    try:
        place = places.responsible(lat, lon, definition.function)
    except places.InvalidLocation as invalid:
        raise LocationProblem((field, str(invalid))) from None
    where = address or f"{lat:.5f}, {lon:.5f}"
    if place is None:
        function = FUNCTIONS[definition.function].name.lower()
        covering = [found.name for found in places.covering(lat, lon)]
        if covering:
            message = (
                f"Nobody on Commonweal looks after {function} at {where}. "
                f"{_names(covering)} cover{'s' if len(covering) == 1 else ''} that place, "
                "but not that service."
            )
        else:
            message = (
                f"Nobody on Commonweal looks after {function} at {where}: the place is outside "
                "every area we know. Check the latitude and longitude."
            )
        raise LocationProblem((field, message))
    live = ServiceOffering.objects.filter(
        organisation_id=place.organisation_id, service_code=definition.code, live=True
    )
    if not live.exists():
        message = (
            f"{place.name} looks after {where}, but does not take “{definition.name}” "
            "requests through Commonweal yet. Contact them directly."
        )
        raise LocationProblem((field, message))
    return Routed(
        lat=lat,
        lon=lon,
        address=address,
        organisation_id=place.organisation_id,
        organisation=place.name,
        organisation_slug=place.slug,
    )


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def locate(
    definition: engine.Definition, typed: dict[str, str], action: str, choice: str = ""
) -> tuple[Routed | None, list[GeocodedPlace]]:
    """What the location form asked for: "continue" with the typed coordinates, "search"
    for a place name, or "choose" one of the places a search found.

    Returns (routed, []) once the place is known, or (None, places) when the resident must
    pick one of several. A single match is taken at once.
    """
    if action == "continue":
        lat, lon = coordinates(typed["lat"], typed["lon"])
        return route(definition, lat, lon), []
    found = find_places(typed["place"])
    if action == "search" and len(found) > 1:
        return None, found
    if action == "choose":
        if not choice.isdigit() or int(choice) >= len(found):
            raise LocationProblem(("choice", "Select the place you mean"))
        found = [found[int(choice)]]
    place = found[0]
    return route(definition, place.lat, place.lon, address=place.name, field="place"), []
