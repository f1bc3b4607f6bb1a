"""The place index picks the most local organisation holding a function, and refuses bad input."""

import pytest
from shapely.geometry import box

from commonweal.organisations.functions import DEFAULT_FUNCTIONS
from commonweal.organisations.places import InvalidLocation, Place, PlaceIndex, UnknownFunction


def _place(pk: int, kind: str, km2: float) -> Place:
    return Place(
        organisation_id=pk,
        name=f"{kind} {pk}",
        slug=f"{kind}-{pk}",
        kind=kind,
        gss_code=None,
        functions=DEFAULT_FUNCTIONS[kind],
        area_km2=km2,
    )


COUNTY = _place(1, "county", 400)
WEST = _place(2, "district", 200)
EAST = _place(3, "district", 200)
UNITARY = _place(4, "unitary", 100)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    # A county made of two districts side by side, and a unitary to the north.
    return PlaceIndex(
        [
            (COUNTY, box(0, 50, 2, 51)),
            (WEST, box(0, 50, 1, 51)),
            (EAST, box(1, 50, 2, 51)),
            (UNITARY, box(0, 52, 1, 53)),
        ]
    )


def test_covering_lists_most_local_first(index):
    assert index.covering(50.5, 0.5) == [WEST, COUNTY]
    assert index.covering(52.5, 0.5) == [UNITARY]


def test_two_tier_area_splits_functions_between_district_and_county(index):
    assert index.responsible(50.5, 1.5, "waste-collection") == EAST
    assert index.responsible(50.5, 1.5, "highways") == COUNTY


def test_unitary_holds_both_tiers(index):
    assert index.responsible(52.5, 0.5, "waste-collection") == UNITARY
    assert index.responsible(52.5, 0.5, "highways") == UNITARY


def test_nobody_covers_the_sea(index):
    assert index.covering(55, -5) == []
    assert index.responsible(55, -5, "highways") is None


def test_batch_agrees_with_single_and_naive_answers(index):
    lats = [50.5, 50.5, 52.5, 55.0, 50.25]
    lons = [0.5, 1.5, 0.5, -5.0, 1.75]
    for function in ("waste-collection", "highways", "education"):
        batch = index.responsible_many(lats, lons, function)
        single = [index.responsible(a, o, function) for a, o in zip(lats, lons, strict=True)]
        naive = [index.naive_responsible(a, o, function) for a, o in zip(lats, lons, strict=True)]
        assert batch == single == naive


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("north", 0, "Latitude must be a number"),
        (91, 0, "Latitude must be between -90 and 90"),
        (50, -180.5, "Longitude must be between -180 and 180"),
        (float("nan"), 0, "Latitude must be between"),
    ],
)
def test_malformed_locations_are_refused_with_the_reason(index, lat, lon, message):
    with pytest.raises(InvalidLocation, match=message):
        index.responsible(lat, lon, "highways")


def test_unknown_function_is_refused_with_the_choices(index):
    with pytest.raises(UnknownFunction, match=r"'roads'\. Choose from: .*highways"):
        index.responsible(50.5, 0.5, "roads")
