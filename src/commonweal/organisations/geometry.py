"""Small helpers over GeoJSON geometries (WGS84): union and approximate area."""

import math

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_KM = 6371.0088


def to_geojson(geometry: BaseGeometry, *, precision: int = 5) -> dict:
    """A GeoJSON dict with coordinates rounded, as we store them."""
    return mapping(shapely.set_precision(geometry, 10**-precision))


def union_geojson(geometries: list[dict]) -> dict:
    """The union of GeoJSON geometries, as GeoJSON."""
    merged = shapely.union_all([shapely.make_valid(shape(g)) for g in geometries])
    return to_geojson(merged)


def area_km2(geometry: BaseGeometry) -> float:
    """Approximate area in km² by scaling degrees by the cosine of each ring's mid-latitude."""
    total = 0.0
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        lat = math.radians(polygon.centroid.y)
        km_per_degree = math.pi * EARTH_RADIUS_KM / 180
        total += polygon.area * km_per_degree**2 * math.cos(lat)
    return total
