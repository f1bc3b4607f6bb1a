"""Routing against the real UK boundaries: the right tier and the right nation's council."""

import pytest

from commonweal.organisations import places

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

CAMBRIDGE = (52.2053, 0.1218)  # a district in two-tier Cambridgeshire
PETERBOROUGH = (52.5695, -0.2405)  # an English unitary
CARDIFF = (51.4816, -3.1791)
EDINBURGH = (55.9533, -3.1883)
BELFAST = (54.5973, -5.9301)
AT_SEA = [(54.0, -4.0), (55.0, 2.0), (50.0, -3.0)]


def _gss(place: places.Place | None) -> str | None:
    return place.gss_code if place else None


def test_two_tier_area_gives_district_for_bins_and_county_for_roads():
    assert _gss(places.responsible(*CAMBRIDGE, "waste-collection")) == "E07000008"
    assert _gss(places.responsible(*CAMBRIDGE, "highways")) == "E10000003"


def test_covering_lists_district_before_county():
    codes = [place.gss_code for place in places.covering(*CAMBRIDGE)]
    assert codes.index("E07000008") < codes.index("E10000003")


@pytest.mark.parametrize(
    ("point", "gss"),
    [(PETERBOROUGH, "E06000031"), (CARDIFF, "W06000015"), (EDINBURGH, "S12000036")],
    ids=["english-unitary", "welsh", "scottish"],
)
def test_single_tier_council_holds_both_functions(point, gss):
    assert _gss(places.responsible(*point, "waste-collection")) == gss
    assert _gss(places.responsible(*point, "highways")) == gss


def test_northern_ireland_council_collects_bins_and_dfi_runs_the_roads():
    assert _gss(places.responsible(*BELFAST, "waste-collection")) == "N09000003"
    roads = places.responsible(*BELFAST, "highways")
    assert roads is not None and roads.slug == "dfi-northern-ireland"


@pytest.mark.parametrize("point", AT_SEA)
def test_points_at_sea_give_nobody(point):
    assert places.covering(*point) == []
    assert places.responsible(*point, "highways") is None


def test_every_uk_council_area_routes_bins_to_itself():
    """A point inside each district or unitary is routed to that council for bins."""
    from shapely.geometry import shape

    from commonweal.organisations.models import Area, Kind

    lower_tier = Area.objects.filter(
        source=Area.Source.REFERENCE,
        organisation__kind__in=[
            Kind.DISTRICT, Kind.UNITARY, Kind.METROPOLITAN_DISTRICT, Kind.LONDON_BOROUGH,
            Kind.SCOTTISH_COUNCIL, Kind.WELSH_COUNCIL, Kind.NI_DISTRICT,
        ],
    ).select_related("organisation")  # fmt: skip
    wrong = []
    for area in lower_tier:
        inside = shape(area.geometry).representative_point()
        found = places.responsible(inside.y, inside.x, "waste-collection")
        if found is None or found.organisation_id != area.organisation_id:
            wrong.append((area.organisation.name, found and found.name))
    assert len(lower_tier) >= 361
    assert wrong == []


def test_index_follows_a_change_of_functions_in_this_process():
    from commonweal.organisations.models import Organisation

    cambridge = Organisation.objects.get(gss_code="E07000008")
    cambridge.functions_added = ["highways"]
    cambridge.save()
    assert _gss(places.responsible(*CAMBRIDGE, "highways")) == "E07000008"


def test_batched_routing_agrees_with_one_point_at_a_time():
    import random

    rng = random.Random(7)
    lats = [rng.uniform(49.9, 60.9) for _ in range(500)]
    lons = [rng.uniform(-8.2, 1.8) for _ in range(500)]
    index = places.current_index()
    for function in ("waste-collection", "highways"):
        batched = index.responsible_many(lats, lons, function)
        single = [index.responsible(a, o, function) for a, o in zip(lats, lons, strict=True)]
        assert batched == single
        assert any(batched) and not all(batched)
