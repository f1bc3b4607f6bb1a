"""Turning a place name into coordinates, behind a small interface.

The setting GEOCODER names a class with `search(query, limit) -> list[GeocodedPlace]`.
The default, `ReferenceGeocoder`, works offline from the reference data: it knows the
name of every council area and answers with a point inside that area. A production
deployment can plug in a postcode or address service instead.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from commonweal.organisations import places

# Words that name the kind of body rather than the place, dropped to get the place name.
_BODY_WORDS = re.compile(
    r"\b(city|county|district|borough|metropolitan|royal|london|council|of|the|and"
    r"|combined|authority|corporation|comhairle|cyngor|sir|nan)\b"
)


COUNCIL_KINDS = {
    "county", "district", "unitary", "metropolitan-district", "london-borough",
    "scottish-council", "welsh-council", "ni-district",
}  # fmt: skip


@dataclass(frozen=True)
class GeocodedPlace:
    name: str
    lat: float
    lon: float
    description: str


class Geocoder(Protocol):
    def search(self, query: str, limit: int = 5) -> list[GeocodedPlace]: ...


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def place_name(organisation_name: str) -> str:
    """'Cambridge City Council' → 'cambridge'; 'London Borough of Camden' → 'camden'."""
    return " ".join(_BODY_WORDS.sub(" ", normalise(organisation_name)).split())


class ReferenceGeocoder:
    """Council area names from the reference data, answered with a point inside the area."""

    def search(self, query: str, limit: int = 5) -> list[GeocodedPlace]:
        wanted = normalise(query)
        if len(wanted) < 2:
            return []
        scored = []
        for name, short, area_km2, place in _gazetteer(id(places.current_index())):
            if wanted in (name, short):
                score = 0
            elif short.startswith(wanted) or name.startswith(wanted):
                score = 1
            elif wanted in name:
                score = 2
            else:
                continue
            scored.append((score, area_km2, place))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [place for _, _, place in scored[:limit]]


@lru_cache(maxsize=2)
def _gazetteer(index_id: int) -> list[tuple[str, str, float, GeocodedPlace]]:
    """Names and inside points of every area, rebuilt whenever the place index is."""
    entries = []
    for place, lat, lon in places.current_index().inside_points():
        if place.kind not in COUNCIL_KINDS:
            continue
        short = place_name(place.name) or normalise(place.name)
        found = GeocodedPlace(
            name=short.title(), lat=round(lat, 5), lon=round(lon, 5), description=place.name
        )
        entries.append((normalise(place.name), short, place.area_km2, found))
    return entries


def get_geocoder() -> Geocoder:
    return import_string(getattr(settings, "GEOCODER", f"{__name__}.ReferenceGeocoder"))()
