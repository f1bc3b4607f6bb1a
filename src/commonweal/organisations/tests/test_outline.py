"""The area outline is drawn to scale, north up, simplified and rounded, or not at all."""

import math
import re

import pytest

from commonweal.organisations.outline import PADDING, outline_svg


def box(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def points_of(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", path)]


def test_a_square_degree_is_narrowed_by_the_cosine_of_its_latitude():
    outline = outline_svg({"type": "Polygon", "coordinates": [box(0, 51.5, 1, 52.5)]})

    assert outline.height == 320
    drawn_width = outline.width - 2 * PADDING
    drawn_height = outline.height - 2 * PADDING
    assert drawn_width / drawn_height == pytest.approx(math.cos(math.radians(52)), abs=0.01)
    assert outline.view_box == f"0 0 {outline.width} {outline.height}"


def test_north_is_at_the_top():
    apex_north = [[0, 52], [1, 52], [0.5, 53], [0, 52]]
    outline = outline_svg({"type": "Polygon", "coordinates": [apex_north]})

    points = points_of(outline.path)
    apex = min(points, key=lambda point: point[1])
    assert apex[1] == PADDING
    assert apex[0] == pytest.approx(outline.width / 2, abs=1)


def test_the_shape_fits_the_width_given():
    wide = {"type": "Polygon", "coordinates": [box(-3, 52, 1, 52.5)]}

    assert outline_svg(wide).width == 320
    assert outline_svg(wide, width=100).width == 100


def test_coordinates_are_rounded_to_one_decimal_place():
    ragged = [
        [-1.123456, 52.987654],
        [0.55555, 52.111111],
        [0.13579, 53.24680],
        [-1.123456, 52.987654],
    ]
    outline = outline_svg({"type": "Polygon", "coordinates": [ragged]})

    numbers = re.findall(r"-?[\d.]+", outline.path)
    assert numbers
    assert all(re.fullmatch(r"-?\d+(\.\d)?", number) for number in numbers)


def test_holes_and_islands_each_get_a_ring():
    with_hole = {"type": "Polygon", "coordinates": [box(0, 52, 1, 53), box(0.4, 52.4, 0.6, 52.6)]}
    islands = {
        "type": "MultiPolygon",
        "coordinates": [[box(0, 52, 1, 53)], [box(2, 52, 3, 53)]],
    }

    assert outline_svg(with_hole).path.count("M") == 2
    assert outline_svg(islands).path.count("M") == 2


def test_detail_finer_than_a_pixel_is_simplified_away():
    circle = [
        [math.cos(2 * math.pi * i / 10_000), 52 + math.sin(2 * math.pi * i / 10_000)]
        for i in range(10_000)
    ]
    outline = outline_svg({"type": "Polygon", "coordinates": [[*circle, circle[0]]]})

    assert 20 < len(points_of(outline.path)) < 500


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": []},
        {"type": "Point", "coordinates": [0, 52]},
        {"type": "LineString", "coordinates": [[0, 52], [1, 53]]},
        {"type": "Polygon", "coordinates": [[[0, 52], [0, 52], [0, 52], [0, 52]]]},
        {"type": "Nonsense"},
        {},
    ],
)
def test_nothing_is_drawn_without_an_area(geometry):
    assert outline_svg(geometry) is None
