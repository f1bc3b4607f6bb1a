"""Boundaries for the reference load: read and check the shipped ones, build the rest.

Lower-tier and unitary authorities have a boundary in data/boundaries. A county, a
combined authority or another body that covers several councils gets the union of its
members' areas instead, so no line is shipped twice. Nothing here touches the database.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from commonweal.organisations.reference_files import (
    AUTHORITIES,
    Organisations,
    Record,
    ReferenceDataError,
)

BOUNDARIES = Path("boundaries")
PLACES = 5  # decimal places kept in coordinates: about a metre
UK_BOX = (-9.0, 49.0, 2.5, 61.5)  # west, south, east, north, in degrees
KM_PER_DEGREE = 6371.0088 * math.pi / 180  # on the mean Earth sphere


@dataclass(frozen=True)
class Shape:
    """One organisation's area: the GeoJSON to store, its shapely form and its size."""

    geojson: dict
    geometry: shapely.Geometry
    area_km2: float
    built: bool  # True when built from members, False when shipped


def area_km2(geometry: shapely.Geometry) -> float:
    """The area in square kilometres, on the sinusoidal projection (which keeps areas)."""

    def project(coords: np.ndarray) -> np.ndarray:
        x = coords[:, 0] * np.cos(np.radians(coords[:, 1]))
        return np.column_stack([x, coords[:, 1]]) * KM_PER_DEGREE

    return round(shapely.transform(geometry, project).area, 2)


def read_boundaries(*, data_dir: Path, organisations: Organisations) -> dict[str, Shape]:
    """The shipped boundaries by organisation key, each checked; raises ReferenceDataError."""
    folder = data_dir / BOUNDARIES
    paths = sorted(folder.glob("*.geojson"))
    if not paths:
        raise ReferenceDataError(folder, "holds no .geojson files. Restore data/boundaries.")
    found: dict[str, Shape] = {}
    seen: dict[str, str] = {}
    for path in paths:
        for number, feature in enumerate(_features(path), start=1):
            code, geojson, geometry = _check_feature(path, number, feature, organisations)
            if code in seen:
                raise ReferenceDataError(
                    path,
                    f"{code} already has a boundary ({seen[code]}); keep only one.",
                    row=f"feature {number}",
                )
            seen[code] = f"{path.name} feature {number}"
            key = organisations.by_gss[code].key
            found[key] = Shape(geojson, geometry, area_km2(geometry), built=False)
    return found


def _features(path: Path) -> list:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ReferenceDataError(path, f"is not valid JSON ({error}).") from None
    if (
        not isinstance(collection, dict)
        or collection.get("type") != "FeatureCollection"
        or not isinstance(collection.get("features"), list)
    ):
        raise ReferenceDataError(path, "must be a GeoJSON FeatureCollection with a features list.")
    return collection["features"]


def _check_feature(
    path: Path, number: int, feature: object, organisations: Organisations
) -> tuple[str, dict, shapely.Geometry]:
    def fail(reason: str) -> ReferenceDataError:
        return ReferenceDataError(path, reason, row=f"feature {number}")

    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        raise fail("must be a GeoJSON Feature with properties.")
    code = feature["properties"].get("gss_code")
    if not code:
        raise fail("has no gss_code property; add the authority's GSS code, such as E07000008.")
    record = organisations.by_gss.get(code)
    if record is None:
        raise fail(
            f"gss_code {code!r} is not a current authority in {AUTHORITIES}; "
            "correct the code or remove the feature."
        )
    if record.builds_area:
        raise fail(
            f"{code} is {record.name}, whose area is built from its members' areas; "
            "remove this feature."
        )
    geojson = feature.get("geometry")
    if not isinstance(geojson, dict) or geojson.get("type") not in {"Polygon", "MultiPolygon"}:
        raise fail("the geometry must be a Polygon or a MultiPolygon.")
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, KeyError, IndexError, shapely.errors.ShapelyError) as error:
        raise fail(f"the geometry cannot be read ({error}).") from None
    if geometry.is_empty:
        raise fail("the geometry is empty.")
    if not geometry.is_valid:
        raise fail(
            f"the geometry is not valid ({shapely.is_valid_reason(geometry)}). Repair it with "
            "shapely's make_valid, or re-run data/tools/build_boundaries.py."
        )
    west, south, east, north = geometry.bounds
    if west < UK_BOX[0] or south < UK_BOX[1] or east > UK_BOX[2] or north > UK_BOX[3]:
        raise fail(
            "the coordinates fall outside the United Kingdom; boundaries must be in WGS84, "
            "as longitude then latitude."
        )
    return code, {"type": geojson["type"], "coordinates": geojson["coordinates"]}, geometry


def build_areas(*, organisations: Organisations, shipped: dict[str, Shape]) -> dict[str, Shape]:
    """Every area to store: the shipped ones plus each builder's union of its members'."""
    members: dict[str, list[str]] = {}
    for child, parents in organisations.parents.items():
        for parent in parents:
            members.setdefault(parent, []).append(child)
    records = {r.key: r for r in organisations.records}
    areas = dict(shipped)

    def build(record: Record, path: tuple[str, ...]) -> Shape | None:
        if record.key in areas:
            return areas[record.key]
        if record.key in path:
            names = " and ".join(records[k].name for k in path[path.index(record.key) :])
            raise ReferenceDataError(
                Path(AUTHORITIES), f"{names} are members of each other; break the loop."
            )
        parts = []
        for key in sorted(members.get(record.key, [])):
            child = records.get(key)
            part = build(child, (*path, record.key)) if child and child.builds_area else None
            part = part or shipped.get(key)
            if part is not None:
                parts.append(part.geometry)
        if not parts:
            return None
        areas[record.key] = union(parts)
        return areas[record.key]

    for record in organisations.records:
        if record.builds_area:
            build(record, ())
    return areas


def union(parts: list[shapely.Geometry]) -> Shape:
    """The union of several areas, cleaned to a valid Polygon or MultiPolygon."""
    geometry = shapely.union_all(parts)
    for _ in range(3):
        geometry = shapely.set_precision(_polygons(geometry), 10**-PLACES)
        geometry = shapely.transform(_polygons(geometry), lambda c: np.round(c, PLACES))
        geometry = shapely.normalize(geometry)
        if geometry.is_valid:
            break
        geometry = geometry.buffer(0)
    geojson = json.loads(json.dumps(mapping(geometry)))
    return Shape(geojson, geometry, area_km2(geometry), built=True)


def _polygons(geometry: shapely.Geometry) -> Polygon | MultiPolygon:
    polygons = [
        p
        for part in shapely.get_parts(geometry)
        for p in (part.geoms if isinstance(part, MultiPolygon) else [part])
        if isinstance(p, Polygon) and not p.is_empty
    ]
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
