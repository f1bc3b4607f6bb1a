"""Which organisations cover a point, and which one is responsible for a function there.

`PlaceIndex` is pure: it is built from (place, geometry) pairs and answers questions with
shapely's STRtree. The module-level `covering` and `responsible` use one index per
process, built from the database on first use and rebuilt when areas or organisations
change (at once in this process, within PLACES_RECHECK_SECONDS in any other).
"""

import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from commonweal.organisations.functions import FUNCTIONS


class InvalidLocation(ValueError):
    """A latitude or longitude that is malformed or out of range."""


class UnknownFunction(ValueError):
    """A function name that is not in the catalogue."""


@dataclass(frozen=True)
class Place:
    """An organisation as the index knows it: enough to answer and to look it up."""

    organisation_id: int
    name: str
    slug: str
    kind: str
    gss_code: str | None
    functions: frozenset[str]
    area_km2: float


def check_location(lat: float | str, lon: float | str) -> tuple[float, float]:
    """Return (lat, lon) as floats, or raise InvalidLocation naming the problem."""
    return _coordinate("Latitude", lat, 90), _coordinate("Longitude", lon, 180)


def _coordinate(label: str, value: float | str, limit: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidLocation(f"{label} must be a number in degrees, not {value!r}.") from None
    if not (math.isfinite(number) and -limit <= number <= limit):
        raise InvalidLocation(f"{label} must be between -{limit} and {limit}, not {value!r}.")
    return number


def check_function(function: str) -> str:
    if function not in FUNCTIONS:
        raise UnknownFunction(
            f"Unknown function {function!r}. Choose from: {', '.join(sorted(FUNCTIONS))}."
        )
    return function


class PlaceIndex:
    """An in-memory spatial index of organisations' areas, most local (smallest) first."""

    def __init__(self, entries: Iterable[tuple[Place, BaseGeometry]]):
        ordered = sorted(entries, key=lambda entry: (entry[0].area_km2, entry[0].name))
        self.places: list[Place] = [place for place, _ in ordered]
        geometries = np.array([geometry for _, geometry in ordered], dtype=object)
        shapely.prepare(geometries)
        self._geometries = geometries
        self._tree = shapely.STRtree(geometries)
        self._by_function: dict[str, tuple[shapely.STRtree, np.ndarray]] = {}
        self._lock = threading.Lock()
        self._unprepared: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.places)

    def inside_points(self) -> list[tuple[Place, float, float]]:
        """For each area, a (place, lat, lon) point that is certainly inside it."""
        points = shapely.point_on_surface(self._geometries)
        return [(place, point.y, point.x) for place, point in zip(self.places, points, strict=True)]

    def covering(self, lat: float, lon: float) -> list[Place]:
        lat, lon = check_location(lat, lon)
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return [self.places[i] for i in sorted(hits)]

    def responsible(self, lat: float, lon: float, function: str) -> Place | None:
        lat, lon = check_location(lat, lon)
        tree, positions = self._function_tree(check_function(function))
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        return self.places[positions[hits.min()]]

    def responsible_many(
        self, lats: Sequence[float], lons: Sequence[float], function: str
    ) -> list[Place | None]:
        """Vectorised `responsible` for many points at once (one tree query for all)."""
        lat_arr = np.asarray(lats, dtype=float)
        lon_arr = np.asarray(lons, dtype=float)
        if lat_arr.shape != lon_arr.shape:
            raise InvalidLocation("Give as many latitudes as longitudes.")
        bad = ~(np.isfinite(lat_arr) & np.isfinite(lon_arr))
        bad |= (np.abs(lat_arr) > 90) | (np.abs(lon_arr) > 180)
        if bad.any():
            i = int(np.argmax(bad))
            check_location(lat_arr[i], lon_arr[i])
        tree, positions = self._function_tree(check_function(function))
        # Candidates by bounding box for all points in one query, then an exact test of each
        # area against just its candidate points.
        point_idx, tree_idx = tree.query(shapely.points(lon_arr, lat_arr))
        order = np.argsort(tree_idx, kind="stable")
        point_idx, tree_idx = point_idx[order], tree_idx[order]
        inside = np.zeros(len(point_idx), dtype=bool)
        starts = np.flatnonzero(np.r_[True, np.diff(tree_idx) != 0])
        for start, end in zip(starts, np.r_[starts[1:], len(tree_idx)], strict=True):
            candidates = point_idx[start:end]
            inside[start:end] = shapely.intersects_xy(
                tree.geometries[tree_idx[start]], lon_arr[candidates], lat_arr[candidates]
            )
        best = np.full(len(lat_arr), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, point_idx[inside], positions[tree_idx[inside]])
        return [self.places[i] if i < len(self.places) else None for i in best]

    def naive_responsible(self, lat: float, lon: float, function: str) -> Place | None:
        """The same answer by testing every area in turn, unindexed: a benchmark baseline."""
        if self._unprepared is None:
            self._unprepared = shapely.from_wkb(shapely.to_wkb(self._geometries))
        point = shapely.Point(lon, lat)
        for place, geometry in zip(self.places, self._unprepared, strict=True):
            if function in place.functions and geometry.intersects(point):
                return place
        return None

    def _function_tree(self, function: str) -> tuple[shapely.STRtree, np.ndarray]:
        """A tree over just the areas of organisations holding `function`, built once."""
        found = self._by_function.get(function)
        if found is None:
            with self._lock:
                positions = np.array(
                    [i for i, p in enumerate(self.places) if function in p.functions],
                    dtype=np.int64,
                )
                found = (shapely.STRtree(self._geometries[positions]), positions)
                self._by_function[function] = found
        return found


def build_index() -> PlaceIndex:
    """Read every active organisation's area from the database into a new index."""
    from commonweal.organisations.models import Area

    areas = Area.objects.filter(organisation__active=True).select_related("organisation")
    return PlaceIndex(
        (
            Place(
                organisation_id=area.organisation.pk,
                name=area.organisation.name,
                slug=area.organisation.slug,
                kind=area.organisation.kind,
                gss_code=area.organisation.gss_code,
                functions=area.organisation.functions,
                area_km2=area.area_km2,
            ),
            shape(area.geometry),
        )
        for area in areas.iterator(chunk_size=200)
    )


class _ProcessIndex:
    """The index this process uses, rebuilt when the database says areas have changed."""

    def __init__(self) -> None:
        self._index: PlaceIndex | None = None
        self._stamp: tuple | None = None
        self._checked_at = -math.inf
        self._lock = threading.Lock()

    def get(self) -> PlaceIndex:
        from django.conf import settings

        recheck = getattr(settings, "PLACES_RECHECK_SECONDS", 5.0)
        if self._index is not None and time.monotonic() - self._checked_at < recheck:
            return self._index
        with self._lock:
            stamp = _database_stamp()
            if self._index is None or stamp != self._stamp:
                self._index, self._stamp = build_index(), stamp
            self._checked_at = time.monotonic()
            return self._index

    def invalidate(self) -> None:
        """Make the next call compare with the database (after a change in this process)."""
        self._checked_at = -math.inf


def _database_stamp() -> tuple:
    from django.db.models import Count, Max

    from commonweal.organisations.models import Area, Organisation

    # The highest id too: rows replaced under a frozen clock (as in tests) change only that.
    stamp = {"n": Count("id"), "latest": Max("updated_at"), "top": Max("id")}
    areas = Area.objects.aggregate(**stamp)
    organisations = Organisation.objects.aggregate(**stamp)
    return (*areas.values(), *organisations.values())


_process_index = _ProcessIndex()
current_index = _process_index.get
invalidate = _process_index.invalidate


def covering(lat: float, lon: float) -> list[Place]:
    """The organisations whose areas contain the point, most local first."""
    return current_index().covering(lat, lon)


def responsible(lat: float, lon: float, function: str) -> Place | None:
    """The most local organisation covering the point that holds `function`, or None."""
    return current_index().responsible(lat, lon, function)
