"""The UK reference load: every current authority and its area, idempotent, and all-or-nothing."""

import csv
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from shapely.geometry import Point, shape

from commonweal.organisations.models import Area, Kind, Nation, Organisation
from commonweal.organisations.reference import (
    LoadReport,
    ReferenceDataError,
    load_reference,
)
from commonweal.organisations.tests.factories import OrganisationFactory

AUTHORITIES = "organisations/uk_local_authorities.csv"
ENGLAND = "boundaries/england.geojson"
LOCAL_AUTHORITY_KINDS = [
    Kind.COUNTY, Kind.DISTRICT, Kind.UNITARY, Kind.METROPOLITAN_DISTRICT, Kind.LONDON_BOROUGH,
    Kind.SCOTTISH_COUNCIL, Kind.WELSH_COUNCIL, Kind.NI_DISTRICT, Kind.COMBINED_AUTHORITY,
]  # fmt: skip
CAMBRIDGE = "E07000008"
CAMBRIDGESHIRE = "E10000003"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[LoadReport]:
    """Load the real data once for the module; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_reference(data_dir=settings.DATA_DIR)
        transaction.set_rollback(True)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the reference data that a test may change."""
    return Path(shutil.copytree(settings.DATA_DIR, tmp_path / "data", ignore=_tools))


def _tools(folder: str, names: list[str]) -> list[str]:
    return ["tools"] if Path(folder) == Path(settings.DATA_DIR) else []


def edit_csv(path: Path, change: Callable[[list[str], list[list[str]]], None]) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    change(header, rows)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows])


def row_of(path: Path, gss_code: str) -> int:
    """The 1-based data row that holds a GSS code."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return next(n for n, row in enumerate(rows, start=1) if row["gss-code"] == gss_code)


def set_value(path: Path, gss_code: str, column: str, value: str) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        row = next(r for r in rows if r[header.index("gss-code")] == gss_code)
        row[header.index(column)] = value

    edit_csv(path, change)


def area_timestamps() -> dict[int, object]:
    return dict(Area.objects.values_list("organisation_id", "updated_at"))


@pytest.mark.django_db
def test_every_current_authority_is_loaded_with_its_nation_and_kind(loaded):
    authorities = Organisation.objects.filter(kind__in=LOCAL_AUTHORITY_KINDS)
    assert Counter(authorities.values_list("nation", flat=True)) == {
        Nation.ENGLAND: 332, Nation.SCOTLAND: 32, Nation.WALES: 22, Nation.NORTHERN_IRELAND: 11,
    }  # fmt: skip
    assert Counter(authorities.values_list("kind", flat=True)) == {
        Kind.DISTRICT: 164, Kind.UNITARY: 63, Kind.METROPOLITAN_DISTRICT: 36,
        Kind.LONDON_BOROUGH: 33, Kind.COUNTY: 21, Kind.COMBINED_AUTHORITY: 15,
        Kind.SCOTTISH_COUNCIL: 32, Kind.WELSH_COUNCIL: 22, Kind.NI_DISTRICT: 11,
    }  # fmt: skip
    assert authorities.filter(gss_code__isnull=True).count() == 0
    trusts = Organisation.objects.filter(kind=Kind.NHS_TRUST)
    assert Counter(trusts.values_list("nation", flat=True)) == {"england": 202, "wales": 3}
    police = Organisation.objects.filter(kind=Kind.POLICE)
    assert police.count() == 44
    assert set(police.exclude(nation=Nation.ENGLAND).values_list("slug", "nation")) == {
        ("dyfed-powys-police", "wales"), ("gwent-police", "wales"),
        ("north-wales-police", "wales"), ("south-wales-police", "wales"),
        ("northern-ireland-police", "northern-ireland"),
    }  # fmt: skip
    assert loaded.authorities_by_nation == {"england": 332, "scotland": 32, "wales": 22,
                                            "northern-ireland": 11}  # fmt: skip


@pytest.mark.django_db
def test_cambridge_is_a_district_within_a_county_whose_area_is_built(loaded):
    cambridge = Organisation.objects.get(gss_code=CAMBRIDGE)
    county = Organisation.objects.get(gss_code=CAMBRIDGESHIRE)
    assert (cambridge.name, cambridge.kind, cambridge.slug) == (
        "Cambridge City Council", Kind.DISTRICT, "cambridge",
    )  # fmt: skip
    assert cambridge.website == "https://www.cambridge.gov.uk/"
    assert county.name == "Cambridgeshire County Council"
    assert county in cambridge.parents.all()
    assert cambridge.parents.filter(kind=Kind.COMBINED_AUTHORITY).get().gss_code == "E47000008"
    assert county.area.source == Area.Source.CHILDREN
    assert shape(county.area.geometry).contains(Point(0.1218, 52.2053))
    assert 2900 < county.area.area_km2 < 3200  # Cambridgeshire is about 3,050 km²
    assert cambridge.area.source == Area.Source.REFERENCE
    assert 35 < cambridge.area.area_km2 < 45


@pytest.mark.django_db
def test_lower_tier_authorities_have_a_shipped_boundary_and_the_rest_a_built_one(loaded):
    shipped = Organisation.objects.filter(area__source=Area.Source.REFERENCE)
    assert shipped.count() == 296 + 32 + 22 + 11
    assert not shipped.filter(kind__in=[Kind.COUNTY, Kind.COMBINED_AUTHORITY]).exists()
    built = Organisation.objects.filter(area__source=Area.Source.CHILDREN)
    assert built.count() == 21 + 15 + 1
    for area in Area.objects.all():
        geometry = shape(area.geometry)
        assert geometry.is_valid and geometry.geom_type in {"Polygon", "MultiPolygon"}
        assert area.area_km2 > 0


@pytest.mark.django_db
def test_northern_ireland_roads_belong_to_the_department_for_infrastructure(loaded):
    dfi = Organisation.objects.get(slug="dfi-northern-ireland")
    belfast = Organisation.objects.get(gss_code="N09000003")
    assert (dfi.kind, dfi.nation) == (Kind.OTHER, Nation.NORTHERN_IRELAND)
    assert {"highways", "street-lighting", "transport"} <= dfi.functions
    assert "highways" not in belfast.functions
    assert dfi.children.count() == 11
    assert dfi.area.source == Area.Source.CHILDREN
    assert shape(dfi.area.geometry).contains(Point(-5.9301, 54.5973))


@pytest.mark.django_db
def test_a_second_load_changes_nothing(loaded):
    organisations = dict(Organisation.objects.values_list("pk", "updated_at"))
    areas = area_timestamps()

    report = load_reference(data_dir=settings.DATA_DIR)

    totals = report.total(report.organisations)
    assert (totals.created, totals.updated, totals.unchanged) == (0, 0, 647)
    assert report.total(report.areas).unchanged == 398
    assert not report.changed
    assert dict(Organisation.objects.values_list("pk", "updated_at")) == organisations
    assert area_timestamps() == areas


@pytest.mark.django_db
def test_a_renamed_authority_is_updated_in_place(loaded, data_copy):
    before = Organisation.objects.get(gss_code=CAMBRIDGE)
    set_value(data_copy / AUTHORITIES, CAMBRIDGE, "official-name", "Cambridge Town Council")

    report = load_reference(data_dir=data_copy)

    after = Organisation.objects.get(gss_code=CAMBRIDGE)
    assert (after.pk, after.name) == (before.pk, "Cambridge Town Council")
    assert report.organisations[Kind.DISTRICT].updated == 1
    assert report.total(report.organisations).updated == 1
    assert report.total(report.areas).updated == 0


@pytest.mark.django_db
def test_closed_bodies_are_marked_inactive_and_hand_drawn_areas_kept(loaded):
    solent = OrganisationFactory(name="Solent NHS Trust", kind=Kind.NHS_TRUST, ods_code="R1C")
    cambridge = Organisation.objects.get(gss_code=CAMBRIDGE)
    Area.objects.filter(organisation=cambridge).update(source=Area.Source.MANUAL)

    report = load_reference(data_dir=settings.DATA_DIR)

    solent.refresh_from_db()
    assert not solent.active
    assert report.deactivated == 1
    assert report.manual_areas_kept == 1
    assert Area.objects.get(organisation=cambridge).source == Area.Source.MANUAL


def _drop_column(path: Path) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        index = header.index("gss-code")
        for row in [header, *rows]:
            del row[index]

    edit_csv(path, change)


def _edit_feature(path: Path, number: int, change: Callable[[dict], None]) -> None:
    collection = json.loads(path.read_text())
    change(collection["features"][number - 1])
    path.write_text(json.dumps(collection))


def _bow_tie(feature: dict) -> None:
    feature["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[0.0, 52.0], [0.1, 52.1], [0.1, 52.0], [0.0, 52.1], [0.0, 52.0]]],
    }


def _unknown_gss(feature: dict) -> None:
    feature["properties"]["gss_code"] = "E07999999"


def _county_boundary(feature: dict) -> None:
    feature["properties"]["gss_code"] = CAMBRIDGESHIRE


def _unknown_function(data_dir: Path) -> None:
    body = {"slug": "roads", "name": "Roads", "kind": "other", "nation": "england"}
    body["functions_added"] = ["potholes"]
    (data_dir / "organisations/other_bodies.json").write_text(json.dumps([body]))


def _row(code: str) -> str:
    return f"row {row_of(Path(settings.DATA_DIR) / AUTHORITIES, code)}"


MALFORMED = {
    "missing column": (
        lambda d: _drop_column(d / AUTHORITIES),
        AUTHORITIES,
        "header row",
        "the column 'gss-code' is missing",
    ),
    "duplicate GSS code": (
        lambda d: set_value(d / AUTHORITIES, "E07000009", "gss-code", CAMBRIDGE),
        AUTHORITIES,
        _row("E07000009"),
        f"gss-code {CAMBRIDGE} is also used on row",
    ),
    "unknown type": (
        lambda d: set_value(d / AUTHORITIES, "E07000009", "local-authority-type", "XYZ"),
        AUTHORITIES,
        _row("E07000009"),
        "local-authority-type 'XYZ' is unknown",
    ),
    "unknown nation": (
        lambda d: set_value(d / AUTHORITIES, "E07000009", "nation", "Mercia"),
        AUTHORITIES,
        _row("E07000009"),
        "nation 'Mercia' is unknown",
    ),
    "bad geometry": (
        lambda d: _edit_feature(d / ENGLAND, 5, _bow_tie),
        ENGLAND,
        "feature 5",
        "the geometry is not valid (Self-intersection",
    ),
    "unknown GSS code in boundaries": (
        lambda d: _edit_feature(d / ENGLAND, 3, _unknown_gss),
        ENGLAND,
        "feature 3",
        "gss_code 'E07999999' is not a current authority",
    ),
    "boundary shipped for a county": (
        lambda d: _edit_feature(d / ENGLAND, 7, _county_boundary),
        ENGLAND,
        "feature 7",
        "built from its members' areas",
    ),
    "unknown function": (
        _unknown_function,
        "organisations/other_bodies.json",
        "entry 1",
        "unknown function potholes",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_is_refused_whole_and_nothing_is_written(loaded, data_copy, case):
    corrupt, file, row, reason = MALFORMED[case]
    # A change that would be written if anything were: it must not be.
    set_value(data_copy / AUTHORITIES, CAMBRIDGE, "official-name", "Renamed Council")
    corrupt(data_copy)
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    areas = area_timestamps()

    with pytest.raises(ReferenceDataError) as raised:
        load_reference(data_dir=data_copy)

    message = str(raised.value)
    assert message.startswith(f"{data_copy / file}, {row}: "), message
    assert reason in message
    assert dict(Organisation.objects.values_list("pk", "name")) == organisations
    assert area_timestamps() == areas


@pytest.mark.django_db
def test_a_first_load_that_fails_writes_nothing(loaded, data_copy):
    Organisation.objects.all().delete()  # as before any load (undone after the test)
    _edit_feature(data_copy / ENGLAND, 1, _bow_tie)

    with pytest.raises(ReferenceDataError, match=r"england\.geojson, feature 1: "):
        load_reference(data_dir=data_copy)

    assert not Organisation.objects.exists()
    assert not Area.objects.exists()
