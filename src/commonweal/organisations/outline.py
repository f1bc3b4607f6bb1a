"""Draw the outline of an area as an SVG path, on the server, from its GeoJSON boundary.

The boundary is in WGS84 longitude and latitude. We use an equirectangular projection
with longitudes scaled by the cosine of the middle latitude, which keeps a council's
shape true enough at these sizes, and flip y so that north is at the top.
"""

import math
from dataclasses import dataclass

from shapely import affinity
from shapely.errors import ShapelyError
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

PADDING = 4  # pixels of white space around the shape, so the stroke is never clipped
SIMPLIFY_PIXELS = 0.5  # detail finer than half a pixel cannot be seen
MIN_PART_PIXELS = 1.0  # islands smaller than a square pixel are left out


@dataclass(frozen=True)
class Outline:
    view_box: str
    width: int
    height: int
    path: str


def outline_svg(geometry: dict, *, width: int = 320) -> Outline | None:
    """The outline of a Polygon or MultiPolygon, fitted into a square `width` pixels a side.

    Returns None when the geometry has no area to draw (empty, a point, a line, or invalid).
    """
    try:
        shapes = shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, ShapelyError):
        return None
    if shapes.is_empty or not isinstance(shapes, Polygon | MultiPolygon):
        return None
    projected = _project(shapes)
    min_x, min_y, max_x, max_y = projected.bounds
    extent = max(max_x - min_x, max_y - min_y)
    if extent <= 0:
        return None
    drawable = width - 2 * PADDING
    scale = drawable / extent
    simplified = projected.simplify(SIMPLIFY_PIXELS / scale, preserve_topology=True)
    in_pixels = affinity.affine_transform(
        simplified, [scale, 0, 0, scale, PADDING - min_x * scale, PADDING - min_y * scale]
    )
    path = _path(in_pixels)
    if not path:
        return None
    out_width = math.ceil((max_x - min_x) * scale) + 2 * PADDING
    out_height = math.ceil((max_y - min_y) * scale) + 2 * PADDING
    return Outline(
        view_box=f"0 0 {out_width} {out_height}", width=out_width, height=out_height, path=path
    )


def _project(geometry: BaseGeometry) -> BaseGeometry:
    """Equirectangular: x = longitude * cos(middle latitude), y = -latitude (north up)."""
    _, min_lat, _, max_lat = geometry.bounds
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    return affinity.affine_transform(geometry, [x_scale, 0, 0, -1, 0, 0])


def _path(geometry: BaseGeometry) -> str:
    parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    commands = []
    for polygon in parts:
        if not isinstance(polygon, Polygon) or polygon.area < MIN_PART_PIXELS:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            commands.append(_ring(list(ring.coords)[:-1]))
    return "".join(commands)


def _ring(points: list[tuple[float, float]]) -> str:
    rounded: list[str] = []
    for x, y in points:
        point = f"{_number(x)} {_number(y)}"
        if not rounded or rounded[-1] != point:  # rounding can make neighbours meet
            rounded.append(point)
    return f"M{rounded[0]}" + "".join(f"L{point}" for point in rounded[1:]) + "Z"


def _number(value: float) -> str:
    """Rounded to one decimal place, without a trailing '.0' or a '-0'."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
