"""Rounding a place for the public: the point moves to its grid cell's centre, no further."""

import pytest

from commonweal.cases.lookups import haversine_m
from commonweal.core.grid import rounded


@pytest.mark.parametrize("metres", [50, 100, 250, 1000])
def test_a_point_moves_less_than_the_cell_and_its_neighbours_share_the_cell(metres):
    lat, lon = 54.97825, -1.61778

    snapped = rounded(lat, lon, metres)

    assert 0 < haversine_m(lat, lon, *snapped) < metres
    assert rounded(lat + 0.1 * metres / 111_320, lon, metres) == snapped


def test_nothing_to_round():
    assert rounded(None, None, 100) == (None, None)
    assert rounded(51.5, -0.12, 0) == (51.5, -0.12)
