"""The offline geocoder finds council areas by name and answers with a point inside them."""

import pytest

from commonweal.contrib.geocoding import get_geocoder, place_name
from commonweal.organisations import places

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.mark.parametrize(
    ("organisation", "short"),
    [
        ("Cambridge City Council", "cambridge"),
        ("London Borough of Camden", "camden"),
        ("City of Edinburgh Council", "edinburgh"),
        ("Royal Borough of Kingston upon Thames", "kingston upon thames"),
    ],
)
def test_place_names_drop_the_words_for_the_body(organisation, short):
    assert place_name(organisation) == short


def test_an_exact_name_comes_first_and_its_point_lies_in_that_council():
    found = get_geocoder().search("Cambridge")
    assert found[0].description == "Cambridge City Council"
    routed = places.responsible(found[0].lat, found[0].lon, "waste-collection")
    assert routed is not None and routed.name == "Cambridge City Council"


def test_a_prefix_finds_the_place_and_unknown_words_find_nothing():
    assert [p.description for p in get_geocoder().search("south cambridge")] == [
        "South Cambridgeshire District Council"
    ]
    assert get_geocoder().search("Atlantis") == []
    assert get_geocoder().search("a") == []
